"""Ledger queries. Posting is set-based: a batch of entries costs a handful of statements.

Order of writes inside a transaction: postings, then their entries (the database checks the
balance when the entry row arrives; the postings' foreign key waits for commit), then the
accounts' stored balances.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Row, and_, bindparam, func, or_, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError

from yipay.adapters.db.chain import ChainTable
from yipay.adapters.db.engine import transient
from yipay.core.money import Money
from yipay.core.types_json import canonical
from yipay.ledger.domain import (
    Account,
    AccountRef,
    AccountType,
    Hold,
    HoldKind,
    HoldStatus,
    JournalEntry,
    Posting,
    entry_content,
)
from yipay.ledger.tables import holds, journal_entries, ledger_accounts, postings

CHUNK = 500  # keys per IN (…) lookup


def _ref(row: Row[Any]) -> AccountRef:
    return AccountRef(AccountType(row.type), row.currency, row.owner_id or "")


def _account(row: Row[Any]) -> Account:
    return Account(id=row.id, ref=_ref(row), balance_minor=row.balance_minor)


# -- accounts ---------------------------------------------------------------------------------
def ensure_accounts(
    conn: Connection, refs: Iterable[AccountRef], now: datetime, *, lock: bool = True
) -> dict[str, Account]:
    """The accounts for `refs`, created if missing, locked (PostgreSQL) in id order.

    Missing accounts are inserted in code order: two writers creating the same new accounts
    then wait for each other in one order, never in a cycle (a deadlock on PostgreSQL).
    """
    wanted = {ref.code: ref for ref in refs}
    existing = _select_accounts(conn, wanted, lock=lock)
    missing = [
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
        for code, ref in sorted(wanted.items())
        if code not in existing
    ]
    if missing:
        insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
        conn.execute(
            insert(ledger_accounts).on_conflict_do_nothing(index_elements=["code"]), missing
        )
        existing.update(_select_accounts(conn, [str(m["code"]) for m in missing], lock=lock))
    return existing


_PG_ACCOUNTS = (
    "SELECT id, code, type, currency, owner_id, balance_minor FROM ledger_accounts"
    " WHERE code = ANY(%(codes)b::varchar[]) ORDER BY id"
)


def _select_accounts(conn: Connection, codes: Iterable[str], *, lock: bool) -> dict[str, Account]:
    if conn.dialect.name == "postgresql":
        sql = _PG_ACCOUNTS + (" FOR UPDATE" if lock else "")
        return {
            code: Account(account_id, AccountRef(AccountType(kind), cur, owner or ""), balance)
            for account_id, code, kind, cur, owner, balance in _pg_rows(
                conn, sql, {"codes": list(codes)}
            )
        }
    query = (
        select(ledger_accounts)
        .where(ledger_accounts.c.code.in_(list(codes)))
        .order_by(ledger_accounts.c.id)
    )
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


_PG_DELTAS = text(
    "UPDATE ledger_accounts AS a SET balance_minor = a.balance_minor + v.delta"
    " FROM unnest(CAST(:ids AS integer[]), CAST(:deltas AS bigint[])) AS v(id, delta)"
    " WHERE a.id = v.id"
)


def apply_balance_deltas(conn: Connection, deltas: dict[int, int]) -> None:
    changes = sorted((account_id, d) for account_id, d in deltas.items() if d)
    if not changes:
        return
    if conn.dialect.name == "postgresql":
        conn.execute(
            _PG_DELTAS, {"ids": [a for a, _ in changes], "deltas": [d for _, d in changes]}
        )
        return
    conn.execute(
        update(ledger_accounts)
        .where(ledger_accounts.c.id == bindparam("account_id"))
        .values(balance_minor=ledger_accounts.c.balance_minor + bindparam("delta")),
        [{"account_id": account_id, "delta": delta} for account_id, delta in changes],
    )


# -- entries ----------------------------------------------------------------------------------
def existing_keys(conn: Connection, keys: Sequence[str]) -> dict[str, tuple[str, str]]:
    """external key → (entry id, body hash) for the keys already posted."""
    if conn.dialect.name == "postgresql":
        rows = _pg_rows(
            conn,
            "SELECT external_key, id, body_hash FROM journal_entries"
            " WHERE external_key = ANY(%(keys)b::varchar[])",
            {"keys": list(keys)},
        )
        return {key: (entry_id, body) for key, entry_id, body in rows}
    found: dict[str, tuple[str, str]] = {}
    for start in range(0, len(keys), CHUNK):
        chunk = list(keys[start : start + CHUNK])
        query = select(
            journal_entries.c.external_key, journal_entries.c.id, journal_entries.c.body_hash
        ).where(journal_entries.c.external_key.in_(chunk))
        for key, entry_id, body in conn.execute(query):
            found[key] = (entry_id, body)
    return found


@contextmanager
def _driver_cursor(conn: Connection) -> Iterator[Any]:
    """The driver's own cursor, whose errors surface as SQLAlchemy's (IntegrityError,
    OperationalError, …) exactly as for a statement sent through SQLAlchemy, so callers can
    tell a concurrent posting or a refused balance from a bug."""
    raw = conn.connection.driver_connection
    assert raw is not None
    dbapi_error = conn.dialect.loaded_dbapi.Error
    try:
        with raw.cursor() as cursor:
            yield cursor
    except dbapi_error as exc:
        replacement = transient(exc)
        if replacement is not None:
            raise replacement from exc
        raise DBAPIError.instance(None, None, exc, dbapi_error, dialect=conn.dialect) from exc


def _pg_rows(conn: Connection, sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    """A query through the driver in binary format (large arrays bind as one parameter)."""
    with _driver_cursor(conn) as cursor:
        cursor.execute(sql, params, binary=True)
        return list(cursor.fetchall())


# PostgreSQL: one INSERT … SELECT over unnest(arrays) per table, arrays bound in binary (%b:
# no per-element text escaping); values the whole batch shares travel once, as scalars.
_PG_POSTINGS = (
    "INSERT INTO postings (entry_id, account_id, amount_minor, currency, booked_at)"
    " SELECT (%(ids)b::varchar[])[i], a, m, c, %(booked_at)s::timestamptz"
    " FROM unnest(%(entry)b::int[], %(account_id)b::int[], %(amount_minor)b::bigint[],"
    " %(currency)b::varchar[]) AS p(i, a, m, c)"
)
_PG_ENTRIES = (
    'INSERT INTO journal_entries (id, external_key, kind, description, "references", body_hash,'
    " occurred_at, booked_at, actor, reverses)"
    " SELECT i, k, t, d, r, h, o, %(booked_at)s::timestamptz, %(actor)s::varchar, v"
    " FROM unnest(%(ids)b::varchar[], %(external_key)b::varchar[], %(kind)b::varchar[],"
    " %(description)b::text[], %(references)b::text[], %(body_hash)b::varchar[],"
    " %(occurred_at)b::timestamptz[], %(reverses)b::varchar[]) AS e(i, k, t, d, r, h, o, v)"
)
_SQLITE_POSTINGS = (
    "INSERT INTO postings (entry_id, account_id, amount_minor, currency, booked_at)"
    " VALUES (?, ?, ?, ?, ?)"
)
_SQLITE_ENTRIES = (
    'INSERT INTO journal_entries (id, external_key, kind, description, "references", body_hash,'
    " occurred_at, booked_at, actor, reverses) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _pg_insert(
    conn: Connection, entries: list[dict[str, Any]], posting_rows: list[dict[str, Any]]
) -> None:
    ids = [e["id"] for e in entries]
    position = {entry_id: n for n, entry_id in enumerate(ids, start=1)}
    shared = {"ids": ids, "booked_at": entries[0]["booked_at"]}
    with _driver_cursor(conn) as cursor:
        cursor.execute(
            _PG_POSTINGS,
            {
                **shared,
                "entry": [position[r["entry_id"]] for r in posting_rows],
                "account_id": [r["account_id"] for r in posting_rows],
                "amount_minor": [r["amount_minor"] for r in posting_rows],
                "currency": [r["currency"] for r in posting_rows],
            },
            binary=True,
        )
        cursor.execute(
            _PG_ENTRIES,
            {
                **shared,
                "actor": entries[0]["actor"],
                **{
                    c: [e[c] for e in entries]
                    for c in (
                        "external_key",
                        "kind",
                        "description",
                        "references",
                        "body_hash",
                        "occurred_at",
                        "reverses",
                    )
                },
            },
            binary=True,
        )


def _sqlite_instant(value: datetime) -> str:
    """What the UTCDateTime column stores on SQLite (naive UTC, SQLAlchemy's text format)."""
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def insert_entries(
    conn: Connection, entry_rows: list[dict[str, Any]], posting_rows: list[dict[str, Any]]
) -> None:
    """Postings first, then entries: the entry's insertion is where the database checks balance.

    One statement per table and batch: on PostgreSQL an INSERT … SELECT over unnest(arrays), so
    the statement-level triggers run once per batch and nothing is recompiled; on SQLite (row
    triggers either way) a plain executemany of ready tuples.
    """
    entries = [
        {**row, "references": canonical(row["references"]) if row["references"] else "{}"}
        for row in entry_rows
    ]
    if conn.dialect.name == "postgresql":
        _pg_insert(conn, entries, posting_rows)
        return
    stamps: dict[datetime, str] = {}  # a batch shares its booking instant: convert it once

    def instant(value: datetime) -> str:
        if value not in stamps:
            stamps[value] = _sqlite_instant(value)
        return stamps[value]

    conn.exec_driver_sql(
        _SQLITE_POSTINGS,
        [
            (
                r["entry_id"],
                r["account_id"],
                r["amount_minor"],
                r["currency"],
                instant(r["booked_at"]),
            )
            for r in posting_rows
        ],
    )
    conn.exec_driver_sql(
        _SQLITE_ENTRIES,
        [
            (
                e["id"],
                e["external_key"],
                e["kind"],
                e["description"],
                e["references"],
                e["body_hash"],
                instant(e["occurred_at"]),
                instant(e["booked_at"]),
                e["actor"],
                e["reverses"],
            )
            for e in entries
        ],
    )


def _postings_of(conn: Connection, entry_ids: Sequence[str]) -> dict[str, list[Posting]]:
    """Each entry's postings, in the order they were written."""
    lines: dict[str, list[Posting]] = {i: [] for i in entry_ids}
    if not lines:
        return lines
    query = (
        select(
            postings.c.entry_id,
            postings.c.amount_minor,
            postings.c.currency,
            ledger_accounts.c.type,
            ledger_accounts.c.owner_id,
        )
        .join(ledger_accounts, ledger_accounts.c.id == postings.c.account_id)
        .where(postings.c.entry_id.in_(list(lines)))
        .order_by(postings.c.id)
    )
    for line in conn.execute(query):
        ref = AccountRef(AccountType(line.type), line.currency, line.owner_id or "")
        lines[line.entry_id].append(
            Posting(ref, Money.from_minor(line.amount_minor, line.currency))
        )
    return lines


def load_entries(
    conn: Connection, *, ids: Sequence[str] = (), keys: Sequence[str] = ()
) -> list[JournalEntry]:
    clauses = []
    if ids:
        clauses.append(journal_entries.c.id.in_(list(ids)))
    if keys:
        clauses.append(journal_entries.c.external_key.in_(list(keys)))
    if not clauses:
        return []
    rows = conn.execute(select(journal_entries).where(or_(*clauses))).all()
    lines = _postings_of(conn, [row.id for row in rows])
    return [
        JournalEntry(
            id=row.id,
            external_key=row.external_key,
            kind=row.kind,
            occurred_at=row.occurred_at,
            booked_at=row.booked_at,
            body_hash=row.body_hash,
            postings=tuple(lines[row.id]),
            description=row.description,
            references=dict(row.references),
            reverses=row.reverses,
            actor=row.actor,
        )
        for row in rows
    ]


def entries_in_order(
    conn: Connection, batch: int = 2000
) -> Iterator[tuple[Row[Any], list[Posting]]]:
    """Every entry with its postings, by id (for recomputing body hashes)."""
    last = ""
    while True:
        rows = conn.execute(
            select(journal_entries)
            .where(journal_entries.c.id > last)
            .order_by(journal_entries.c.id)
            .limit(batch)
        ).all()
        if not rows:
            return
        ids = [row.id for row in rows]
        lines = _postings_of(conn, ids)
        for row in rows:
            yield row, lines[row.id]
        last = ids[-1]


def _entry_content(row: Row[Any]) -> str:
    return entry_content(
        entry_id=row.id,
        external_key=row.external_key,
        kind=row.kind,
        description=row.description,
        references=dict(row.references),
        body=row.body_hash,
        occurred_at=row.occurred_at,
        booked_at=row.booked_at,
        actor=row.actor,
        reverses=row.reverses,
    )


CHAIN = ChainTable(
    table=journal_entries,
    order_by=journal_entries.c.id,
    lock_key=0x5950_4C47,  # "YPLG"
    content=_entry_content,
    label=lambda row: f"entry {row.id}, {row.external_key}",
)


# -- balances in time -------------------------------------------------------------------------
def posted_before(conn: Connection, account_id: int, instant: datetime) -> int:
    query = select(func.coalesce(func.sum(postings.c.amount_minor), 0)).where(
        postings.c.account_id == account_id, postings.c.booked_at < instant
    )
    return int(conn.execute(query).scalar_one())


def movements(conn: Connection, account_id: int, start: datetime, end: datetime) -> list[Row[Any]]:
    query = (
        select(
            postings.c.amount_minor,
            postings.c.booked_at,
            postings.c.id.label("posting_id"),
            journal_entries.c.id.label("entry_id"),
            journal_entries.c.external_key,
            journal_entries.c.kind,
            journal_entries.c.references,
        )
        .join(journal_entries, journal_entries.c.id == postings.c.entry_id)
        .where(postings.c.account_id == account_id)
        .where(postings.c.booked_at >= start, postings.c.booked_at < end)
        .order_by(postings.c.booked_at, postings.c.id)
    )
    return list(conn.execute(query))


# -- holds ------------------------------------------------------------------------------------
def _hold(row: Row[Any]) -> Hold:
    return Hold(
        id=row.id,
        account=_ref(row),
        amount=Money.from_minor(row.amount_minor, row.currency),
        kind=HoldKind(row.kind),
        status=HoldStatus(row.status),
        reference=row.reference,
        reason=row.reason,
        created_at=row.created_at,
        expires_at=row.expires_at,
        released_at=row.released_at,
        released_by=row.released_by,
        posted_entry_id=row.posted_entry_id,
        posted_minor=row.posted_minor,
    )


def _hold_query() -> Any:
    return select(holds, ledger_accounts.c.type, ledger_accounts.c.owner_id).join(
        ledger_accounts, ledger_accounts.c.id == holds.c.account_id
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
            expires_at=hold.expires_at,
        )
    )


def get_hold(conn: Connection, hold_id: str, *, lock: bool = False) -> Hold | None:
    query = _hold_query().where(holds.c.id == hold_id)
    if lock and conn.dialect.name == "postgresql":
        query = query.with_for_update(of=holds)
    row = conn.execute(query).first()
    return _hold(row) if row else None


def holds_for_reference(conn: Connection, reference: str) -> list[Hold]:
    query = (
        _hold_query().where(holds.c.reference == reference).order_by(holds.c.created_at, holds.c.id)
    )
    return [_hold(row) for row in conn.execute(query)]


def active_holds_minor(
    conn: Connection, account_ids: Sequence[int], now: datetime
) -> dict[int, int]:
    query = (
        select(holds.c.account_id, func.sum(holds.c.amount_minor))
        .where(holds.c.account_id.in_(list(account_ids)))
        .where(holds.c.status == HoldStatus.ACTIVE.value)
        .where(or_(holds.c.expires_at.is_(None), holds.c.expires_at > now))
        .group_by(holds.c.account_id)
    )
    return {account_id: int(total) for account_id, total in conn.execute(query)}


def finish_hold(
    conn: Connection,
    hold_id: str,
    status: HoldStatus,
    at: datetime,
    by: str | None,
    *,
    posted_entry_id: str | None = None,
    posted_minor: int | None = None,
) -> bool:
    """Compare-and-set an active hold to its final state; False if it was no longer active."""
    result = conn.execute(
        update(holds)
        .where(holds.c.id == hold_id, holds.c.status == HoldStatus.ACTIVE.value)
        .values(
            status=status.value,
            released_at=at,
            released_by=by,
            posted_entry_id=posted_entry_id,
            posted_minor=posted_minor,
        )
    )
    return result.rowcount == 1


def link_hold_entry(conn: Connection, hold_id: str, entry_id: str) -> None:
    conn.execute(update(holds).where(holds.c.id == hold_id).values(posted_entry_id=entry_id))


def expire_due(conn: Connection, now: datetime) -> int:
    result = conn.execute(
        update(holds)
        .where(and_(holds.c.status == HoldStatus.ACTIVE.value, holds.c.expires_at <= now))
        .values(status=HoldStatus.EXPIRED.value, released_at=now, released_by="expiry")
    )
    return int(result.rowcount)


# -- checks -----------------------------------------------------------------------------------
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
