"""The trade registry's SQL: goods lines, 1039 declarations, transport documents and the
platform's amendments (the trades themselves and their allocations are in repository.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Row, delete, select, update

from yipay.core.money import Money
from yipay.trades.domain import (
    Declaration,
    DocumentKind,
    GoodsLine,
    Provenance,
    Trade,
    TradeDocument,
    registry_id,
)
from yipay.trades.repository import trade_from_row
from yipay.trades.tables import (
    trade_amendments,
    trade_declarations,
    trade_documents,
    trade_goods_lines,
    trades,
)


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
    return trade_from_row(row) if row else None


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
