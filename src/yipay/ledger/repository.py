"""Ledger queries. Posting is set-based: a batch of entries costs a handful of statements.

Order of writes inside a transaction: postings, then their entries (the database checks the
balance when the entry row arrives; the postings' foreign key waits for commit), then the
accounts' stored balances.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from itertools import chain, repeat
from typing import Any

from sqlalchemy import Connection, Row, and_, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError

from yipay.adapters.db.chain import ChainTable
from yipay.adapters.db.engine import transient
from yipay.core.money import Money
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
        created = {str(m["code"]): wanted[str(m["code"])] for m in missing}
        existing.update(_select_accounts(conn, created, lock=lock))
    return existing


_PG_ACCOUNTS = (
    "SELECT id, code, balance_minor FROM ledger_accounts"
    " WHERE code = ANY(%(codes)b::varchar[]) ORDER BY id"
)


def _select_accounts(
    conn: Connection, wanted: dict[str, AccountRef], *, lock: bool
) -> dict[str, Account]:
    """The stored accounts among `wanted` (code → ref; a code names one account, so the ref
    asked for is the stored one's)."""
    if conn.dialect.name == "postgresql":
        sql = _PG_ACCOUNTS + (" FOR UPDATE" if lock else "")
        rows = _pg_rows(conn, sql, {"codes": list(wanted)})
    else:
        rows = []
        codes = list(wanted)
        for start in range(0, len(codes), CHUNK):
            chunk = codes[start : start + CHUNK]
            rows += conn.exec_driver_sql(
                "SELECT id, code, balance_minor FROM ledger_accounts"
                f" WHERE code IN ({_marks(len(chunk))})",
                tuple(chunk),
            ).all()
    return {code: Account(account_id, wanted[code], balance) for account_id, code, balance in rows}


def _marks(count: int) -> str:
    return ",".join("?" * count)


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


_PG_DELTAS = (
    "UPDATE ledger_accounts AS a SET balance_minor = a.balance_minor + v.delta"
    " FROM unnest(%(ids)b::integer[], %(deltas)b::bigint[]) AS v(id, delta) WHERE a.id = v.id"
)


def apply_balance_deltas(conn: Connection, deltas: dict[int, int]) -> None:
    changes = sorted((account_id, d) for account_id, d in deltas.items() if d)
    if not changes:
        return
    if conn.dialect.name == "postgresql":
        with _driver_cursor(conn) as cursor:
            cursor.execute(
                _PG_DELTAS,
                {"ids": [a for a, _ in changes], "deltas": [d for _, d in changes]},
                binary=True,
            )
        return
    conn.exec_driver_sql(
        "UPDATE ledger_accounts SET balance_minor = balance_minor + ? WHERE id = ?",
        [(delta, account_id) for account_id, delta in changes],
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
        chunk = tuple(keys[start : start + CHUNK])
        for key, entry_id, body in conn.exec_driver_sql(
            "SELECT external_key, id, body_hash FROM journal_entries"
            f" WHERE external_key IN ({_marks(len(chunk))})",
            chunk,
        ):
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


@dataclass(slots=True)
class NewEntries:
    """A batch of entries to write, column by column (the shape both drivers take fastest).

    Postings point at their entry by position in `ids`; the references are canonical JSON.
    """

    booked_at: datetime
    actor: str
    ids: list[str] = field(default_factory=list)
    external_keys: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    descriptions: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    body_hashes: list[str] = field(default_factory=list)
    occurred_at: list[datetime] = field(default_factory=list)
    reverses: list[str | None] = field(default_factory=list)
    posting_entry: list[int] = field(default_factory=list)
    posting_account: list[int] = field(default_factory=list)
    posting_minor: list[int] = field(default_factory=list)
    posting_currency: list[str] = field(default_factory=list)


# PostgreSQL: one INSERT … SELECT over unnest(arrays) per table. Building a binary array is
# Python work per element, so: integers and our own ids and hashes (no commas in them) travel as
# one comma-joined text each, split by the server; a column whose values the whole batch shares
# travels once, as a scalar, with an empty array (unnest pads it with NULLs, coalesce fills in);
# only the rest (external keys, and columns that vary) as binary arrays.
_PG_POSTINGS = (
    "INSERT INTO postings (entry_id, account_id, amount_minor, currency, booked_at)"
    " SELECT p.e, p.a, p.m, coalesce(p.c, %(currency_all)s::varchar), %(booked_at)s::timestamptz"
    " FROM unnest(string_to_array(%(entry_id)s::text, ','),"
    " string_to_array(%(account_id)s::text, ',')::int[],"
    " string_to_array(%(amount_minor)s::text, ',')::bigint[],"
    " %(currency)b::varchar[]) AS p(e, a, m, c)"
)
_PG_ENTRIES = (
    'INSERT INTO journal_entries (id, external_key, kind, description, "references", body_hash,'
    " occurred_at, booked_at, actor, reverses)"
    " SELECT e.i, e.k, coalesce(e.t, %(kind_all)s::varchar),"
    " coalesce(e.d, %(description_all)s::text), coalesce(e.r, %(references_all)s::text), e.h,"
    " coalesce(e.o, %(occurred_at_all)s::timestamptz), %(booked_at)s::timestamptz,"
    " %(actor)s::varchar, coalesce(e.v, %(reverses_all)s::varchar)"
    " FROM unnest(string_to_array(%(ids)s::text, ','), %(external_key)b::varchar[],"
    " %(kind)b::varchar[], %(description)b::text[], %(references)b::text[],"
    " string_to_array(%(body_hash)s::text, ','), %(occurred_at)b::timestamptz[],"
    " %(reverses)b::varchar[]) AS e(i, k, t, d, r, h, o, v)"
)


def _joined(values: Iterable[object]) -> str:
    return ",".join(map(str, values))


def _shared(name: str, values: list[Any]) -> dict[str, Any]:
    """`name` as an empty array and `name_all` as the one value when every row has it; else the
    array and a NULL scalar (so coalesce leaves each row's own value, NULL included)."""
    first = values[0]
    if all(value == first for value in values):
        return {name: [], f"{name}_all": first}
    return {name: values, f"{name}_all": None}


_SQLITE_POSTINGS = "INSERT INTO postings (entry_id, account_id, amount_minor, currency, booked_at)"
_SQLITE_ENTRIES = (
    'INSERT INTO journal_entries (id, external_key, kind, description, "references", body_hash,'
    " occurred_at, booked_at, actor, reverses)"
)
_SQLITE_MAX_PARAMS = 999  # the lowest limit SQLite has shipped with (3.32 raised it to 32766)


def _sqlite_insert_rows(conn: Connection, head: str, rows: list[tuple[Any, ...]]) -> None:
    """Multi-row `INSERT … VALUES (…), (…)` in as few statements as the parameter limit allows.

    Each statement runs its row triggers and checks once per row, like an executemany, but pays
    SQLite's per-statement costs (a statement journal for the triggers' sake, the prepared
    statement's reset) once per few hundred rows instead of once per row.
    """
    if not rows:
        return
    width = len(rows[0])
    per = _SQLITE_MAX_PARAMS // width
    for start in range(0, len(rows), per):
        chunk = rows[start : start + per]
        conn.exec_driver_sql(
            f"{head} VALUES {_values(width, len(chunk))}",
            tuple(chain.from_iterable(chunk)),
        )


@lru_cache(maxsize=64)
def _values(width: int, count: int) -> str:
    row = "(" + ",".join("?" * width) + ")"
    return ",".join([row] * count)


def _sqlite_instant(value: datetime) -> str:
    """What the UTCDateTime column stores on SQLite (naive UTC, SQLAlchemy's text format)."""
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def insert_postings(conn: Connection, batch: NewEntries) -> None:
    """The batch's postings (before their entries: see `insert_entries`)."""
    if conn.dialect.name == "postgresql":
        with _driver_cursor(conn) as cursor:
            cursor.execute(
                _PG_POSTINGS,
                {
                    "entry_id": ",".join([batch.ids[i] for i in batch.posting_entry]),
                    "booked_at": batch.booked_at,
                    "account_id": _joined(batch.posting_account),
                    "amount_minor": _joined(batch.posting_minor),
                    **_shared("currency", batch.posting_currency),
                },
                binary=True,
            )
        return
    ids = batch.ids
    _sqlite_insert_rows(
        conn,
        _SQLITE_POSTINGS,
        list(
            zip(
                [ids[i] for i in batch.posting_entry],
                batch.posting_account,
                batch.posting_minor,
                batch.posting_currency,
                repeat(_sqlite_instant(batch.booked_at)),
                strict=False,
            )
        ),
    )


def insert_journal(conn: Connection, batch: NewEntries) -> None:
    """The batch's entry rows: where the database checks each entry's postings balance."""
    if conn.dialect.name == "postgresql":
        with _driver_cursor(conn) as cursor:
            cursor.execute(
                _PG_ENTRIES,
                {
                    "ids": ",".join(batch.ids),
                    "booked_at": batch.booked_at,
                    "actor": batch.actor,
                    "external_key": batch.external_keys,
                    "body_hash": ",".join(batch.body_hashes),
                    **_shared("kind", batch.kinds),
                    **_shared("description", batch.descriptions),
                    **_shared("references", batch.references),
                    **_shared("occurred_at", batch.occurred_at),
                    **_shared("reverses", batch.reverses),
                },
                binary=True,
            )
        return
    stamps: dict[datetime, str] = {}  # a batch mostly shares its instants: convert each once
    occurred = []
    for value in batch.occurred_at:
        stamp = stamps.get(value)
        if stamp is None:
            stamp = stamps[value] = _sqlite_instant(value)
        occurred.append(stamp)
    _sqlite_insert_rows(
        conn,
        _SQLITE_ENTRIES,
        list(
            zip(
                batch.ids,
                batch.external_keys,
                batch.kinds,
                batch.descriptions,
                batch.references,
                batch.body_hashes,
                occurred,
                repeat(_sqlite_instant(batch.booked_at)),
                repeat(batch.actor),
                batch.reverses,
                strict=False,
            )
        ),
    )


def insert_entries(conn: Connection, batch: NewEntries) -> None:
    """Postings first, then entries: the entry's insertion is where the database checks balance.

    One statement per table and batch: on PostgreSQL an INSERT … SELECT over unnest(arrays), so
    the statement-level triggers run once per batch and nothing is recompiled; on SQLite a plain
    executemany of ready tuples.
    """
    insert_postings(conn, batch)
    insert_journal(conn, batch)


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
