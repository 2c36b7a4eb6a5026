"""Payout queries. State changes are compare-and-set on the version column."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Row, func, select, update

from yipay.core.money import Money
from yipay.payouts.domain import Payee, Payout, PayoutKind, PayoutStatus
from yipay.payouts.errors import IllegalPayoutTransition
from yipay.payouts.tables import payouts


def _payout(row: Row[Any]) -> Payout:
    return Payout(
        id=row.id,
        kind=PayoutKind(row.kind),
        merchant_id=row.merchant_id,
        reference=row.reference,
        amount=Money.from_minor(row.amount_minor, row.currency),
        source_account=row.source_account,
        payee=Payee(
            row.payee_name,
            row.payee_account,
            row.payee_bank_name,
            row.payee_bank_bic,
            row.payee_bank_clearing_id,
        ),
        status=PayoutStatus(row.status),
        hold_id=row.hold_id,
        created_by=row.created_by,
        created_at=row.created_at,
        updated_at=row.updated_at,
        approved_by=row.approved_by,
        message_id=row.message_id,
        bank_reference=row.bank_reference,
        reason=row.reason,
        version=row.version,
    )


def insert(conn: Connection, p: Payout) -> None:
    conn.execute(
        payouts.insert().values(
            id=p.id,
            kind=p.kind.value,
            merchant_id=p.merchant_id,
            reference=p.reference,
            currency=p.amount.currency.code,
            amount_minor=p.amount.minor,
            source_account=p.source_account,
            payee_name=p.payee.name,
            payee_account=p.payee.account,
            payee_bank_name=p.payee.bank_name,
            payee_bank_bic=p.payee.bank_bic,
            payee_bank_clearing_id=p.payee.bank_clearing_id,
            status=p.status.value,
            hold_id=p.hold_id,
            created_by=p.created_by,
            approved_by=p.approved_by,
            message_id=p.message_id,
            bank_reference=p.bank_reference,
            reason=p.reason,
            created_at=p.created_at,
            updated_at=p.updated_at,
            version=p.version,
        )
    )


def save(conn: Connection, p: Payout) -> None:
    result = conn.execute(
        update(payouts)
        .where(payouts.c.id == p.id, payouts.c.version == p.version - 1)
        .values(
            status=p.status.value,
            approved_by=p.approved_by,
            message_id=p.message_id,
            bank_reference=p.bank_reference,
            reason=p.reason,
            updated_at=p.updated_at,
            version=p.version,
        )
    )
    if result.rowcount != 1:
        raise IllegalPayoutTransition(f"payout {p.id} changed concurrently; retry")


def get(conn: Connection, payout_id: str, *, lock: bool = False) -> Payout | None:
    query = select(payouts).where(payouts.c.id == payout_id)
    if lock and conn.dialect.name == "postgresql":
        query = query.with_for_update()
    row = conn.execute(query).first()
    return _payout(row) if row else None


def find(
    conn: Connection,
    *,
    statuses: Sequence[PayoutStatus] | None = None,
    merchant_id: str | None = None,
    reference: str | None = None,
    message_id: str | None = None,
    limit: int | None = 100,
) -> list[Payout]:
    query = select(payouts).order_by(payouts.c.created_at, payouts.c.id)
    if statuses:
        query = query.where(payouts.c.status.in_([s.value for s in statuses]))
    if merchant_id:
        query = query.where(payouts.c.merchant_id == merchant_id)
    if reference:
        query = query.where(payouts.c.reference == reference)
    if message_id:
        query = query.where(payouts.c.message_id == message_id)
    if limit is not None:
        query = query.limit(limit)
    return [_payout(row) for row in conn.execute(query)]


def totals(conn: Connection) -> list[tuple[str, str, int, int]]:
    """(status, currency, count, total minor)."""
    query = (
        select(payouts.c.status, payouts.c.currency, func.count(), func.sum(payouts.c.amount_minor))
        .group_by(payouts.c.status, payouts.c.currency)
        .order_by(payouts.c.status, payouts.c.currency)
    )
    return [(s, c, int(n), int(t)) for s, c, n, t in conn.execute(query)]
