"""Trade and allocation queries."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Row, and_, delete, func, literal, or_, select, update

from yipay.core.money import Money
from yipay.trades.domain import (
    TRANSPORT_DOCUMENTS,
    Allocation,
    Declaration,
    DocumentKind,
    GoodsLine,
    OpenTrade,
    Provenance,
    Trade,
    TradeDocument,
    TradeKind,
    Verification,
    normalise_reference,
    registry_id,
)
from yipay.trades.tables import (
    allocations,
    trade_amendments,
    trade_declarations,
    trade_documents,
    trade_goods_lines,
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


# -- the registry: goods lines, declarations, documents, amendments ------------------------------


def replace_goods(conn: Connection, trade_id: str, lines: Sequence[GoodsLine]) -> None:
    conn.execute(delete(trade_goods_lines).where(trade_goods_lines.c.trade_id == trade_id))
    if lines:
        conn.execute(
            trade_goods_lines.insert(),
            [
                {
                    "trade_id": trade_id,
                    "line_no": line.line_no,
                    "name": line.name,
                    "hs_code": line.hs_code,
                    "quantity": str(line.quantity),
                    "unit": line.unit,
                    "unit_price": str(line.unit_price),
                    "currency": line.amount.currency.code,
                    "amount_minor": line.amount.minor,
                }
                for line in lines
            ],
        )


def goods_for(conn: Connection, trade_id: str) -> list[GoodsLine]:
    query = (
        select(trade_goods_lines)
        .where(trade_goods_lines.c.trade_id == trade_id)
        .order_by(trade_goods_lines.c.line_no)
    )
    return [
        GoodsLine(
            line_no=row.line_no,
            name=row.name,
            hs_code=row.hs_code,
            quantity=Decimal(row.quantity),
            unit=row.unit,
            unit_price=Decimal(row.unit_price),
            amount=Money.from_minor(row.amount_minor, row.currency),
        )
        for row in conn.execute(query)
    ]


def _declaration(row: Row[Any]) -> Declaration:
    return Declaration(
        declaration_no=row.declaration_no,
        export_agent=row.export_agent,
        amount=Money.from_minor(row.amount_minor, row.currency),
        usd_value=Money.from_minor(row.usd_minor, "USD"),
        provenance=Provenance(row.provenance),
        created_at=row.created_at,
        container_no=row.container_no,
        export_date=row.export_date,
        port=row.port,
        platform_id=row.platform_id,
        revision=row.revision,
    )


def _declaration_values(d: Declaration, content_hash: str | None) -> dict[str, Any]:
    return {
        "platform_id": d.platform_id,
        "export_agent": d.export_agent,
        "container_no": d.container_no,
        "port": d.port,
        "currency": d.amount.currency.code,
        "amount_minor": d.amount.minor,
        "usd_minor": d.usd_value.minor,
        "export_date": d.export_date,
        "provenance": d.provenance.value,
        "revision": d.revision,
        "content_hash": content_hash,
    }


def get_declaration(conn: Connection, declaration_no: str) -> tuple[Declaration, str | None] | None:
    row = conn.execute(
        select(trade_declarations).where(trade_declarations.c.declaration_no == declaration_no)
    ).first()
    return (_declaration(row), row.content_hash) if row else None


def insert_declaration(conn: Connection, d: Declaration, content_hash: str | None) -> None:
    conn.execute(
        trade_declarations.insert().values(
            declaration_no=d.declaration_no,
            created_at=d.created_at,
            **_declaration_values(d, content_hash),
        )
    )


def update_declaration(conn: Connection, d: Declaration, content_hash: str | None) -> None:
    conn.execute(
        update(trade_declarations)
        .where(trade_declarations.c.declaration_no == d.declaration_no)
        .values(**_declaration_values(d, content_hash))
    )


def _document(row: Row[Any]) -> TradeDocument:
    return TradeDocument(
        id=row.id,
        merchant_id=row.merchant_id,
        trade_id=row.trade_id,
        kind=DocumentKind(row.kind),
        number=row.number,
        provenance=Provenance(row.provenance),
        created_at=row.created_at,
        export_date=row.export_date,
        order_no=row.order_no,
        consignee_name=row.consignee_name,
        consignee_country=row.consignee_country,
        carrier=row.carrier,
        amount=(
            Money.from_minor(row.amount_minor, row.currency)
            if row.amount_minor is not None and row.currency
            else None
        ),
        platform_id=row.platform_id,
    )


def _document_values(d: TradeDocument, content_hash: str | None) -> dict[str, Any]:
    return {
        "platform_id": d.platform_id,
        "merchant_id": d.merchant_id,
        "trade_id": d.trade_id,
        "kind": d.kind.value,
        "number": d.number,
        "order_no": d.order_no,
        "export_date": d.export_date,
        "consignee_name": d.consignee_name,
        "consignee_country": d.consignee_country,
        "carrier": d.carrier,
        "currency": d.amount.currency.code if d.amount else None,
        "amount_minor": d.amount.minor if d.amount else None,
        "provenance": d.provenance.value,
        "content_hash": content_hash,
    }


def insert_documents(
    conn: Connection, documents: Sequence[TradeDocument], content_hash: str | None = None
) -> None:
    if documents:
        conn.execute(
            trade_documents.insert(),
            [
                {"id": d.id, "created_at": d.created_at, **_document_values(d, content_hash)}
                for d in documents
            ],
        )


def update_document(conn: Connection, d: TradeDocument, content_hash: str | None) -> None:
    conn.execute(
        update(trade_documents)
        .where(trade_documents.c.id == d.id)
        .values(**_document_values(d, content_hash))
    )


def delete_nested_documents(conn: Connection, trade_id: str) -> None:
    """The documents that came nested in a trade's record (not the ones sent on their own)."""
    conn.execute(
        delete(trade_documents).where(
            trade_documents.c.trade_id == trade_id, trade_documents.c.platform_id.is_(None)
        )
    )


def document_by_platform_id(
    conn: Connection, platform_id: str
) -> tuple[TradeDocument, str | None] | None:
    row = conn.execute(
        select(trade_documents).where(trade_documents.c.platform_id == platform_id)
    ).first()
    return (_document(row), row.content_hash) if row else None


def documents_for(conn: Connection, trade_ids: Sequence[str]) -> list[TradeDocument]:
    if not trade_ids:
        return []
    query = (
        select(trade_documents)
        .where(trade_documents.c.trade_id.in_(list(trade_ids)))
        .order_by(trade_documents.c.created_at, trade_documents.c.id)
    )
    return [_document(row) for row in conn.execute(query)]


def unlinked_documents(conn: Connection, merchant_id: str | None = None) -> list[TradeDocument]:
    query = select(trade_documents).where(trade_documents.c.trade_id.is_(None))
    if merchant_id is not None:
        query = query.where(trade_documents.c.merchant_id == merchant_id)
    return [_document(row) for row in conn.execute(query.order_by(trade_documents.c.id))]


def link_waiting_documents(conn: Connection, trade: Trade) -> int:
    """Documents that arrived before their order (same merchant, same order number) join it."""
    if not trade.order_no:
        return 0
    result = conn.execute(
        update(trade_documents)
        .where(
            trade_documents.c.trade_id.is_(None),
            trade_documents.c.merchant_id == trade.merchant_id,
            trade_documents.c.order_no == trade.order_no,
        )
        .values(trade_id=trade.id)
    )
    return result.rowcount


def find_by_order_no(conn: Connection, merchant_id: str, order_no: str) -> Trade | None:
    row = conn.execute(
        select(trades)
        .where(trades.c.merchant_id == merchant_id, trades.c.order_no == order_no)
        .order_by(trades.c.id)
    ).first()
    return _trade(row) if row else None


def insert_amendment(
    conn: Connection,
    *,
    record_type: str,
    record_id: str,
    revision: int,
    changed: list[str],
    previous: Any,
    current: Any,
    actor: str,
    at: datetime,
) -> None:
    conn.execute(
        trade_amendments.insert().values(
            id=registry_id("tam"),
            record_type=record_type,
            record_id=record_id,
            revision=revision,
            changed=changed,
            previous=previous,
            current=current,
            actor=actor,
            amended_at=at,
        )
    )


def amendments_for(conn: Connection, record_type: str, record_id: str) -> list[dict[str, Any]]:
    query = (
        select(trade_amendments)
        .where(
            trade_amendments.c.record_type == record_type,
            trade_amendments.c.record_id == record_id,
        )
        .order_by(trade_amendments.c.revision)
    )
    return [
        {
            "revision": row.revision,
            "changed": row.changed,
            "actor": row.actor,
            "amended_at": row.amended_at,
        }
        for row in conn.execute(query)
    ]


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
