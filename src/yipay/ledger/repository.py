"""Ledger queries. All SQL for accounts, entries, postings and holds lives here."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import Connection, Row, func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from yipay.core.money import Money
from yipay.ledger.domain import (
    Account,
    AccountRef,
    AccountType,
    EntryDraft,
    Hold,
    HoldKind,
    HoldStatus,
    JournalEntry,
    Posting,
)
from yipay.ledger.tables import holds, journal_entries, ledger_accounts, postings


def _account(row: Row[tuple[object, ...]]) -> Account:
    owner = row.owner_id or ""
    ref = AccountRef(AccountType(row.type), row.currency, owner)
    return Account(id=row.id, ref=ref, balance_minor=row.balance_minor)


def ensure_accounts(
    conn: Connection, refs: Iterable[AccountRef], now: datetime
) -> dict[str, Account]:
    """The accounts for `refs`, created if missing (concurrency-safe: insert-or-ignore)."""
    wanted = {ref.code: ref for ref in refs}
    rows = [
        {
            "code": ref.code,
            "type": ref.type.value,
            "account_class": ref.rules.account_class.value,
            "currency": ref.currency,
            "owner_id": ref.owner or None,
            "normal_side": ref.rules.normal_side.value,
            "allow_negative": ref.rules.allow_negative,
            "balance_minor": 0,
            "created_at": now,
        }
        for ref in wanted.values()
    ]
    existing = _select_accounts(conn, wanted.keys(), lock=False)
    missing = [r for r in rows if r["code"] not in existing]
    if missing:
        insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
        conn.execute(
            insert(ledger_accounts).on_conflict_do_nothing(index_elements=["code"]), missing
        )
    return _select_accounts(conn, wanted.keys(), lock=True)


def _select_accounts(conn: Connection, codes: Iterable[str], *, lock: bool) -> dict[str, Account]:
    query = select(ledger_accounts).where(ledger_accounts.c.code.in_(list(codes)))
    query = query.order_by(ledger_accounts.c.id)
    if lock and conn.dialect.name == "postgresql":
        query = query.with_for_update()
    return {row.code: _account(row) for row in conn.execute(query)}


def get_account(conn: Connection, code: str) -> Account | None:
    row = conn.execute(select(ledger_accounts).where(ledger_accounts.c.code == code)).first()
    return _account(row) if row else None


def list_accounts(
    conn: Connection, *, owner_id: str | None = None, account_type: AccountType | None = None
) -> list[Account]:
    query = select(ledger_accounts).order_by(ledger_accounts.c.code)
    if owner_id is not None:
        query = query.where(ledger_accounts.c.owner_id == owner_id)
    if account_type is not None:
        query = query.where(ledger_accounts.c.type == account_type.value)
    return [_account(row) for row in conn.execute(query)]


def find_entry(conn: Connection, external_key: str) -> JournalEntry | None:
    row = conn.execute(
        select(journal_entries).where(journal_entries.c.external_key == external_key)
    ).first()
    if row is None:
        return None
    lines = conn.execute(
        select(postings.c.amount_minor, postings.c.currency, ledger_accounts)
        .join(ledger_accounts, ledger_accounts.c.id == postings.c.account_id)
        .where(postings.c.entry_id == row.id)
        .order_by(postings.c.id)
    )
    entry_postings = tuple(
        Posting(_account(line).ref, Money.from_minor(line.amount_minor, line.currency))
        for line in lines
    )
    return JournalEntry(
        id=row.id,
        external_key=row.external_key,
        kind=row.kind,
        occurred_at=row.occurred_at,
        booked_at=row.booked_at,
        body_hash=row.body_hash,
        postings=entry_postings,
        description=row.description,
        references=dict(row.references),
    )


def insert_entry(
    conn: Connection,
    entry_id: str,
    draft: EntryDraft,
    accounts: dict[str, Account],
    booked_at: datetime,
    actor: str,
) -> None:
    conn.execute(
        journal_entries.insert().values(
            id=entry_id,
            external_key=draft.external_key,
            kind=draft.kind,
            description=draft.description,
            references=draft.references,
            body_hash=draft.body_hash(),
            occurred_at=draft.occurred_at,
            booked_at=booked_at,
            actor=actor,
        )
    )
    conn.execute(
        postings.insert(),
        [
            {
                "entry_id": entry_id,
                "account_id": accounts[p.account.code].id,
                "amount_minor": p.amount.minor,
                "currency": p.amount.currency.code,
            }
            for p in draft.postings
        ],
    )


def apply_balance_deltas(conn: Connection, deltas: dict[int, int]) -> None:
    for account_id, delta in sorted(deltas.items()):
        conn.execute(
            update(ledger_accounts)
            .where(ledger_accounts.c.id == account_id)
            .values(balance_minor=ledger_accounts.c.balance_minor + delta)
        )


def active_holds_minor(conn: Connection, account_ids: Sequence[int]) -> dict[int, int]:
    query = (
        select(holds.c.account_id, func.sum(holds.c.amount_minor))
        .where(holds.c.account_id.in_(list(account_ids)))
        .where(holds.c.status == HoldStatus.ACTIVE.value)
        .group_by(holds.c.account_id)
    )
    return {account_id: int(total) for account_id, total in conn.execute(query)}


def _hold(row: Row[tuple[object, ...]], ref: AccountRef) -> Hold:
    return Hold(
        id=row.id,
        account=ref,
        amount=Money.from_minor(row.amount_minor, row.currency),
        kind=HoldKind(row.kind),
        status=HoldStatus(row.status),
        reference=row.reference,
        reason=row.reason,
        created_at=row.created_at,
        released_at=row.released_at,
        released_by=row.released_by,
    )


def insert_hold(conn: Connection, hold: Hold, account_id: int) -> None:
    conn.execute(
        holds.insert().values(
            id=hold.id,
            account_id=account_id,
            amount_minor=hold.amount.minor,
            currency=hold.amount.currency.code,
            kind=hold.kind.value,
            status=hold.status.value,
            reference=hold.reference,
            reason=hold.reason,
            created_at=hold.created_at,
        )
    )


def holds_for_reference(conn: Connection, reference: str) -> list[Hold]:
    query = (
        select(holds, ledger_accounts.c.type, ledger_accounts.c.owner_id, ledger_accounts.c.code)
        .join(ledger_accounts, ledger_accounts.c.id == holds.c.account_id)
        .where(holds.c.reference == reference)
        .order_by(holds.c.created_at, holds.c.id)
    )
    result = []
    for row in conn.execute(query):
        ref = AccountRef(AccountType(row.type), row.currency, row.owner_id or "")
        result.append(_hold(row, ref))
    return result


def release_hold(conn: Connection, hold_id: str, at: datetime, by: str) -> int:
    return conn.execute(
        update(holds)
        .where(holds.c.id == hold_id, holds.c.status == HoldStatus.ACTIVE.value)
        .values(status=HoldStatus.RELEASED.value, released_at=at, released_by=by)
    ).rowcount


def trial_balance(conn: Connection) -> list[tuple[str, int, int]]:
    """(currency, stored balance total, postings total) per currency; both must be zero."""
    stored = dict(
        conn.execute(
            select(ledger_accounts.c.currency, func.sum(ledger_accounts.c.balance_minor)).group_by(
                ledger_accounts.c.currency
            )
        ).all()
    )
    posted = dict(
        conn.execute(
            select(postings.c.currency, func.sum(postings.c.amount_minor)).group_by(
                postings.c.currency
            )
        ).all()
    )
    currencies = sorted(set(stored) | set(posted))
    return [(cur, int(stored.get(cur) or 0), int(posted.get(cur) or 0)) for cur in currencies]


def account_drift(conn: Connection) -> list[tuple[str, int, int]]:
    """Accounts whose stored balance differs from the sum of their postings."""
    sums = (
        select(postings.c.account_id, func.sum(postings.c.amount_minor).label("posted"))
        .group_by(postings.c.account_id)
        .subquery()
    )
    query = (
        select(
            ledger_accounts.c.code,
            ledger_accounts.c.balance_minor,
            func.coalesce(sums.c.posted, 0),
        )
        .select_from(ledger_accounts.outerjoin(sums, sums.c.account_id == ledger_accounts.c.id))
        .where(ledger_accounts.c.balance_minor != func.coalesce(sums.c.posted, 0))
    )
    return [(code, int(stored), int(posted)) for code, stored, posted in conn.execute(query)]
