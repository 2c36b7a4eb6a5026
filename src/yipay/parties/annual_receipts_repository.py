"""Annual receipts queries: the per-year totals and each payment's contribution.

Totals change only by `usd_minor = usd_minor + :x … RETURNING usd_minor`, a single statement
that takes the row's lock on PostgreSQL (SQLite serialises writers with BEGIN IMMEDIATE), so
concurrent workers crediting the same merchant each see their own before/after and the sum is
exact.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Connection, Table, select, update
from sqlalchemy.dialects import postgresql, sqlite

from yipay.core.money import Money
from yipay.parties.annual_receipts import USD, CountedReceipt, YearTotal
from yipay.parties.tables import annual_receipt_entries, merchant_annual_receipts

T = merchant_annual_receipts
E = annual_receipt_entries


def _insert(conn: Connection) -> Callable[[Table], postgresql.Insert | sqlite.Insert]:
    """INSERT … ON CONFLICT DO NOTHING is spelled alike on both databases."""
    return postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert


def insert_entry(conn: Connection, entry: CountedReceipt) -> bool:
    """Record a payment's contribution; False when that payment was counted before."""
    statement = (
        _insert(conn)(E)
        .values(
            payment_id=entry.payment_id,
            merchant_id=entry.merchant_id,
            year=entry.year,
            currency=entry.amount.currency.code,
            amount_minor=entry.amount.minor,
            usd_minor=entry.usd.minor,
            rated_at=entry.rated_at,
            counted_at=entry.counted_at,
            taken_back_at=None,
        )
        .on_conflict_do_nothing(index_elements=["payment_id"])
        .returning(E.c.payment_id)
    )
    return conn.execute(statement).first() is not None  # (rowcount is -1 on psycopg here)


def count_again(conn: Connection, payment_id: str, at: datetime) -> int | None:
    """A payment taken back (its match undone) and credited again counts again, once: its USD
    minor units, or None when it is counted now (a replayed step)."""
    row = conn.execute(
        update(E)
        .where(E.c.payment_id == payment_id, E.c.taken_back_at.is_not(None))
        .values(taken_back_at=None, counted_at=at)
        .returning(E.c.usd_minor)
    ).first()
    return None if row is None else int(row.usd_minor)


def take_back_entry(conn: Connection, payment_id: str, at: datetime) -> CountedReceipt | None:
    """Mark a counted payment as taken back, once; None if it was never counted or already
    taken back."""
    row = conn.execute(
        update(E)
        .where(E.c.payment_id == payment_id, E.c.taken_back_at.is_(None))
        .values(taken_back_at=at)
        .returning(*E.c)
    ).first()
    if row is None:
        return None
    return CountedReceipt(
        payment_id=row.payment_id,
        merchant_id=row.merchant_id,
        year=row.year,
        amount=Money.from_minor(row.amount_minor, row.currency),
        usd=Money.from_minor(row.usd_minor, USD),
        rated_at=row.rated_at,
        counted_at=row.counted_at,
        taken_back_at=row.taken_back_at,
    )


def add(
    conn: Connection, merchant_id: str, year: int, usd_minor: int, receipts: int, at: datetime
) -> tuple[int, int]:
    """Add to a merchant's year atomically; (total before, total after) as this statement saw
    them."""
    conn.execute(
        _insert(conn)(T)
        .values(merchant_id=merchant_id, year=year, usd_minor=0, receipts=0, updated_at=at)
        .on_conflict_do_nothing(index_elements=["merchant_id", "year"])
    )
    after = conn.execute(
        update(T)
        .where(T.c.merchant_id == merchant_id, T.c.year == year)
        .values(
            usd_minor=T.c.usd_minor + usd_minor, receipts=T.c.receipts + receipts, updated_at=at
        )
        .returning(T.c.usd_minor)
    ).scalar_one()
    return int(after) - usd_minor, int(after)


def total(conn: Connection, merchant_id: str, year: int, *, lock: bool = False) -> YearTotal:
    query = select(T.c.usd_minor, T.c.receipts).where(
        T.c.merchant_id == merchant_id, T.c.year == year
    )
    if lock:
        query = query.with_for_update()
    row = conn.execute(query).first()
    if row is None:
        return YearTotal(merchant_id, year, 0, 0)
    return YearTotal(merchant_id, year, int(row.usd_minor), int(row.receipts))


def totals(conn: Connection, merchant_id: str) -> list[YearTotal]:
    rows = conn.execute(
        select(T.c.year, T.c.usd_minor, T.c.receipts)
        .where(T.c.merchant_id == merchant_id)
        .order_by(T.c.year)
    )
    return [YearTotal(merchant_id, int(r.year), int(r.usd_minor), int(r.receipts)) for r in rows]
