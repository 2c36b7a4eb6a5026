"""Reporting queries: receipts per merchant and day, and the candidates table."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, func, select, update

from yipay.core.money import Money
from yipay.parties.tables import merchants
from yipay.payments.domain import PaymentStatus
from yipay.payments.tables import payments
from yipay.reporting.large_value import Candidate
from yipay.reporting.tables import report_candidates

NOT_RECEIPTS = (PaymentStatus.REJECTED.value, PaymentStatus.RETURNED.value)


def receipts_between(conn: Connection, start: datetime, end: datetime) -> list[Row[Any]]:
    """Receipts attributed to a merchant in [start, end), with the merchant's party type."""
    query = (
        select(
            payments.c.id,
            payments.c.merchant_id,
            payments.c.currency,
            payments.c.amount_minor,
            payments.c.received_at,
            merchants.c.party_type,
        )
        .join(merchants, merchants.c.id == payments.c.merchant_id)
        .where(payments.c.received_at >= start, payments.c.received_at < end)
        .where(payments.c.status.not_in(NOT_RECEIPTS))
        .order_by(payments.c.received_at, payments.c.id)
    )
    return list(conn.execute(query))


def receipt_span(conn: Connection) -> tuple[datetime | None, datetime | None]:
    row = conn.execute(
        select(func.min(payments.c.received_at), func.max(payments.c.received_at))
    ).one()
    return row[0], row[1]


def upsert(conn: Connection, candidate: Candidate, now: datetime) -> bool:
    """Insert or refresh a candidate; True when it is new."""
    values = {
        "currency": candidate.total.currency.code,
        "total_minor": candidate.total.minor,
        "threshold_minor": candidate.threshold.minor,
        "evidence": list(candidate.payment_ids),
        "updated_at": now,
    }
    exists = conn.execute(
        select(report_candidates.c.id).where(report_candidates.c.id == candidate.id)
    ).first()
    if exists:
        conn.execute(
            update(report_candidates).where(report_candidates.c.id == candidate.id).values(**values)
        )
        return False
    conn.execute(
        report_candidates.insert().values(
            id=candidate.id,
            kind="large_value",
            merchant_id=candidate.merchant_id,
            day=candidate.day,
            currency_class=candidate.currency_class,
            due_by=candidate.due_by,
            status="candidate",
            created_at=now,
            **values,
        )
    )
    return True


def find(conn: Connection, *, merchant_id: str | None = None, limit: int = 100) -> list[Row[Any]]:
    query = select(report_candidates).order_by(report_candidates.c.day, report_candidates.c.id)
    if merchant_id:
        query = query.where(report_candidates.c.merchant_id == merchant_id)
    return list(conn.execute(query.limit(limit)))


def totals(conn: Connection) -> list[tuple[str, str, int, int]]:
    """(currency class, currency, count, total minor)."""
    query = select(
        report_candidates.c.currency_class,
        report_candidates.c.currency,
        func.count(),
        func.sum(report_candidates.c.total_minor),
    ).group_by(report_candidates.c.currency_class, report_candidates.c.currency)
    return [(k, c, int(n), int(t)) for k, c, n, t in conn.execute(query)]


def money(row: Row[Any]) -> Money:
    return Money.from_minor(row.total_minor, row.currency)
