"""Trade and allocation queries."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Row, and_, func, literal, or_, select, update

from yipay.core.money import Money
from yipay.trades.domain import (
    TRANSPORT_DOCUMENTS,
    Allocation,
    OpenTrade,
    Provenance,
    Trade,
    TradeKind,
    Verification,
    normalise_reference,
)
from yipay.trades.tables import (
    allocations,
    trade_documents,
    trades,
)


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
        prepayment=bool(row.prepayment),
        documents_due_by=row.documents_due_by,
        payer_name=row.payer_name,
        revision=row.revision,
    )


def _trade_values(trade: Trade) -> dict[str, Any]:
    """Every column a registration or an amendment writes (not the allocated amount)."""
    return {
        "platform_id": trade.platform_id,
        "merchant_id": trade.merchant_id,
        "buyer_id": trade.buyer_id,
        "kind": trade.kind.value,
        "reference": trade.reference,
        "reference_key": normalise_reference(trade.reference),
        "declaration_no": trade.declaration_no,
        "order_no": trade.order_no,
        "waybill_no": trade.waybill_no,
        "currency": trade.amount.currency.code,
        "amount_minor": trade.amount.minor,
        "trade_date": trade.trade_date,
        "export_date": trade.export_date,
        "goods_description": trade.goods_description,
        "hs_code": trade.hs_code,
        "provenance": trade.provenance.value,
        "verification": trade.verification.value,
        "prepayment": trade.prepayment,
        "documents_due_by": trade.documents_due_by,
        "payer_name": trade.payer_name,
        "revision": trade.revision,
    }


def insert_trade(conn: Connection, trade: Trade, content_hash: str | None = None) -> None:
    conn.execute(
        trades.insert().values(
            id=trade.id,
            allocated_minor=trade.allocated.minor,
            created_at=trade.created_at,
            content_hash=content_hash,
            **_trade_values(trade),
        )
    )


def amend_trade(conn: Connection, trade: Trade, content_hash: str | None) -> None:
    """Rewrite a trade's record (an amendment); its allocated amount is never touched here."""
    conn.execute(
        update(trades)
        .where(trades.c.id == trade.id)
        .values(content_hash=content_hash, **_trade_values(trade))
    )


def trade_content_hash(conn: Connection, trade_id: str) -> str | None:
    found: str | None = conn.execute(
        select(trades.c.content_hash).where(trades.c.id == trade_id)
    ).scalar_one_or_none()
    return found


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


def open_trades_for_matching(
    conn: Connection,
    merchant_id: str,
    currency: str | None,
    dated_from: date | None = None,
    dated_to: date | None = None,
    *,
    also: Sequence[str] = (),
) -> list[OpenTrade]:
    """The merchant's open trades in `currency` (None: any) dated within the bounds given, lean;
    `also` adds these trades of the merchant whatever their balance or date (a re-optimisation
    puts back what their allocations consumed)."""
    t = trades.c
    query = (
        select(
            t.id,
            t.buyer_id,
            t.amount_minor - t.allocated_minor,
            t.trade_date,
            t.reference,
            t.order_no,
            t.declaration_no,
            t.waybill_no,
            t.platform_id,
            t.verification,
            t.currency,
        )
        .where(t.merchant_id == merchant_id)
        .order_by(t.id)
    )
    wanted = t.allocated_minor < t.amount_minor
    if currency is not None:
        wanted = and_(wanted, t.currency == currency)
    if dated_from is not None:
        wanted = and_(wanted, t.trade_date >= dated_from)
    if dated_to is not None:
        wanted = and_(wanted, t.trade_date <= dated_to)
    if also:
        wanted = or_(wanted, t.id.in_(list(also)))
    return [_open_trade(r, r[10]) for r in conn.execute(query.where(wanted))]


def _open_trade(r: Sequence[Any], currency: str) -> OpenTrade:
    return OpenTrade(
        r[0],
        r[1],
        r[2],
        currency,
        r[3],
        r[4],
        r[5] or "",
        r[6] or "",
        r[7] or "",
        r[8] or "",
        Verification(r[9]),
    )


def named_in(conn: Connection, merchant_id: str, normalised_text: str) -> list[Trade]:
    """The merchant's trades (open or not) whose reference appears in the normalised text."""
    query = (
        select(trades)
        .where(trades.c.merchant_id == merchant_id)
        .where(literal(normalised_text).contains(trades.c.reference_key))
        .order_by(trades.c.id)
    )
    return [_trade(row) for row in conn.execute(query)]


def declaration_total_minor(
    conn: Connection, declaration_no: str, currency: str, *, excluding: str | None = None
) -> int:
    """The sum of a declaration's slices in one currency (rejected slices do not count)."""
    query = select(func.coalesce(func.sum(trades.c.amount_minor), 0)).where(
        trades.c.declaration_no == declaration_no,
        trades.c.currency == currency,
        trades.c.kind == TradeKind.MARKET_PROCUREMENT.value,
        trades.c.verification != Verification.REJECTED.value,
    )
    if excluding is not None:
        query = query.where(trades.c.id != excluding)
    return int(conn.execute(query).scalar_one())


def declaration_slice_currencies(conn: Connection, declaration_no: str) -> set[str]:
    query = select(trades.c.currency).distinct().where(trades.c.declaration_no == declaration_no)
    return set(conn.execute(query).scalars())


def list_declaration_slices(conn: Connection, declaration_no: str) -> list[Trade]:
    query = select(trades).where(trades.c.declaration_no == declaration_no).order_by(trades.c.id)
    return [_trade(row) for row in conn.execute(query)]


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
    consumed = allocation.consumed
    conn.execute(
        allocations.insert().values(
            id=allocation.id,
            payment_id=allocation.payment_id,
            trade_id=allocation.trade_id,
            currency=allocation.received.currency.code,
            received_minor=allocation.received.minor,
            charges_minor=allocation.charges.minor,
            trade_currency=None if consumed is None else consumed.currency.code,
            consumed_minor=None if consumed is None else consumed.minor,
            created_at=allocation.created_at,
        )
    )


def reverse_allocation(conn: Connection, allocation_id: str, at: datetime, reason: str) -> bool:
    """Mark an allocation reversed (kept as history); False when it already was."""
    result = conn.execute(
        update(allocations)
        .where(allocations.c.id == allocation_id, allocations.c.reversed_at.is_(None))
        .values(reversed_at=at, reversal_reason=reason)
    )
    return result.rowcount == 1


def get_allocation(conn: Connection, allocation_id: str) -> Allocation | None:
    row = conn.execute(select(allocations).where(allocations.c.id == allocation_id)).first()
    return _allocation(row) if row else None


def _allocation(row: Row[Any]) -> Allocation:
    return Allocation(
        id=row.id,
        payment_id=row.payment_id,
        trade_id=row.trade_id,
        received=Money.from_minor(row.received_minor, row.currency),
        charges=Money.from_minor(row.charges_minor, row.currency),
        created_at=row.created_at,
        consumed=(
            None
            if row.consumed_minor is None
            else Money.from_minor(row.consumed_minor, row.trade_currency)
        ),
        reversed_at=row.reversed_at,
        reversal_reason=row.reversal_reason or "",
    )


def allocations_for_payment(
    conn: Connection, payment_id: str, *, with_reversed: bool = False
) -> list[Allocation]:
    query = select(allocations).where(allocations.c.payment_id == payment_id)
    if not with_reversed:
        query = query.where(allocations.c.reversed_at.is_(None))
    return [_allocation(row) for row in conn.execute(query.order_by(allocations.c.id))]


def allocations_for_trade(conn: Connection, trade_id: str) -> list[Allocation]:
    query = select(allocations).where(
        allocations.c.trade_id == trade_id, allocations.c.reversed_at.is_(None)
    )
    return [_allocation(row) for row in conn.execute(query.order_by(allocations.c.id))]


def prepayments_due_before(
    conn: Connection, today: date, merchant_id: str | None = None
) -> list[Trade]:
    """Prepayment trades past their deadline with no transport document with an export date."""
    evidence = (
        select(trade_documents.c.id)
        .where(
            trade_documents.c.trade_id == trades.c.id,
            trade_documents.c.kind.in_([k.value for k in TRANSPORT_DOCUMENTS]),
            trade_documents.c.export_date.is_not(None),
        )
        .exists()
    )
    query = select(trades).where(
        trades.c.prepayment.is_(True),
        trades.c.documents_due_by < today,
        trades.c.verification != Verification.REJECTED.value,
        ~evidence,
    )
    if merchant_id is not None:
        query = query.where(trades.c.merchant_id == merchant_id)
    order = (trades.c.documents_due_by, trades.c.id)
    return [_trade(row) for row in conn.execute(query.order_by(*order))]


def list_by_kind(conn: Connection, kind: TradeKind, merchant_id: str | None = None) -> list[Trade]:
    query = select(trades).where(trades.c.kind == kind.value)
    if merchant_id is not None:
        query = query.where(trades.c.merchant_id == merchant_id)
    return [_trade(row) for row in conn.execute(query.order_by(trades.c.id))]


def allocations_for_trades(conn: Connection, trade_ids: Sequence[str]) -> list[Allocation]:
    if not trade_ids:
        return []
    query = select(allocations).where(
        allocations.c.trade_id.in_(list(trade_ids)), allocations.c.reversed_at.is_(None)
    )
    return [_allocation(row) for row in conn.execute(query.order_by(allocations.c.id))]


def trade_from_row(row: Row[Any]) -> Trade:
    """A trades row as a Trade (for the registry's queries)."""
    return _trade(row)
