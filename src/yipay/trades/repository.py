"""Trade and allocation queries."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Row, func, literal, select, update

from yipay.core.money import Money
from yipay.trades.domain import (
    Allocation,
    Provenance,
    Trade,
    TradeKind,
    Verification,
    normalise_reference,
)
from yipay.trades.tables import allocations, trades


def _trade(row: Row[Any]) -> Trade:
    return Trade(
        id=row.id,
        merchant_id=row.merchant_id,
        buyer_id=row.buyer_id,
        kind=TradeKind(row.kind),
        reference=row.reference,
        amount=Money.from_minor(row.amount_minor, row.currency),
        allocated=Money.from_minor(row.allocated_minor, row.currency),
        trade_date=row.trade_date,
        provenance=Provenance(row.provenance),
        verification=Verification(row.verification),
        created_at=row.created_at,
        declaration_no=row.declaration_no,
        export_date=row.export_date,
        goods_description=row.goods_description,
        hs_code=row.hs_code,
        platform_id=row.platform_id,
        order_no=row.order_no,
        waybill_no=row.waybill_no,
    )


def insert_trade(conn: Connection, trade: Trade) -> None:
    conn.execute(
        trades.insert().values(
            id=trade.id,
            platform_id=trade.platform_id,
            merchant_id=trade.merchant_id,
            buyer_id=trade.buyer_id,
            kind=trade.kind.value,
            reference=trade.reference,
            reference_key=normalise_reference(trade.reference),
            declaration_no=trade.declaration_no,
            order_no=trade.order_no,
            waybill_no=trade.waybill_no,
            currency=trade.amount.currency.code,
            amount_minor=trade.amount.minor,
            allocated_minor=trade.allocated.minor,
            trade_date=trade.trade_date,
            export_date=trade.export_date,
            goods_description=trade.goods_description,
            hs_code=trade.hs_code,
            provenance=trade.provenance.value,
            verification=trade.verification.value,
            created_at=trade.created_at,
        )
    )


def get_trade(conn: Connection, trade_id: str, *, lock: bool = False) -> Trade | None:
    query = select(trades).where(trades.c.id == trade_id)
    if lock and conn.dialect.name == "postgresql":
        query = query.with_for_update()
    row = conn.execute(query).first()
    return _trade(row) if row else None


def find_by_platform_id(conn: Connection, platform_id: str) -> Trade | None:
    row = conn.execute(select(trades).where(trades.c.platform_id == platform_id)).first()
    return _trade(row) if row else None


def list_trades(
    conn: Connection,
    *,
    merchant_id: str | None = None,
    ids: list[str] | None = None,
    currency: str | None = None,
    open_only: bool = False,
    limit: int | None = 100,
    after: str | None = None,
) -> list[Trade]:
    query = select(trades).order_by(trades.c.id)
    if merchant_id is not None:
        query = query.where(trades.c.merchant_id == merchant_id)
    if ids is not None:
        query = query.where(trades.c.id.in_(ids))
    if currency is not None:
        query = query.where(trades.c.currency == currency)
    if open_only:
        query = query.where(trades.c.allocated_minor < trades.c.amount_minor)
    if after:
        query = query.where(trades.c.id > after)
    if limit is not None:
        query = query.limit(limit)
    return [_trade(row) for row in conn.execute(query)]


def named_in(conn: Connection, merchant_id: str, normalised_text: str) -> list[Trade]:
    """The merchant's trades (open or not) whose reference appears in the normalised text."""
    query = (
        select(trades)
        .where(trades.c.merchant_id == merchant_id)
        .where(literal(normalised_text).contains(trades.c.reference_key))
        .order_by(trades.c.id)
    )
    return [_trade(row) for row in conn.execute(query)]


def declaration_total_minor(conn: Connection, declaration_no: str, currency: str) -> int:
    total = conn.execute(
        select(func.coalesce(func.sum(trades.c.amount_minor), 0)).where(
            trades.c.declaration_no == declaration_no,
            trades.c.currency == currency,
            trades.c.kind == TradeKind.MARKET_PROCUREMENT.value,
        )
    ).scalar_one()
    return int(total)


def save_allocated(conn: Connection, trade: Trade, expected_before: Money) -> bool:
    """Compare-and-set the allocated amount; False when another writer got there first."""
    result = conn.execute(
        update(trades)
        .where(trades.c.id == trade.id, trades.c.allocated_minor == expected_before.minor)
        .values(allocated_minor=trade.allocated.minor)
    )
    return result.rowcount == 1


def set_verification(conn: Connection, trade_id: str, verification: Verification) -> None:
    conn.execute(
        update(trades).where(trades.c.id == trade_id).values(verification=verification.value)
    )


def insert_allocation(conn: Connection, allocation: Allocation) -> None:
    conn.execute(
        allocations.insert().values(
            id=allocation.id,
            payment_id=allocation.payment_id,
            trade_id=allocation.trade_id,
            currency=allocation.received.currency.code,
            received_minor=allocation.received.minor,
            charges_minor=allocation.charges.minor,
            created_at=allocation.created_at,
        )
    )


def _allocation(row: Row[Any]) -> Allocation:
    return Allocation(
        id=row.id,
        payment_id=row.payment_id,
        trade_id=row.trade_id,
        received=Money.from_minor(row.received_minor, row.currency),
        charges=Money.from_minor(row.charges_minor, row.currency),
        created_at=row.created_at,
    )


def allocations_for_payment(conn: Connection, payment_id: str) -> list[Allocation]:
    query = select(allocations).where(allocations.c.payment_id == payment_id)
    return [_allocation(row) for row in conn.execute(query.order_by(allocations.c.id))]


def allocations_for_trade(conn: Connection, trade_id: str) -> list[Allocation]:
    query = select(allocations).where(allocations.c.trade_id == trade_id)
    return [_allocation(row) for row in conn.execute(query.order_by(allocations.c.id))]
