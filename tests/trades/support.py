"""Feed records for the registry tests: a consolidated 1039 declaration and a 9610 order."""

from __future__ import annotations

import json
from typing import Any

from yipay.bootstrap import Container
from yipay.trades.feed import read_feed
from yipay.trades.registry import PlatformRegistry


def goods(amount: str, *, name: str = "bed sheets", hs: str = "630231") -> dict[str, Any]:
    """One goods line of `amount` as 100 pieces at amount/100."""
    from decimal import Decimal

    return {
        "name": name,
        "hs_code": hs,
        "quantity": "100",
        "unit": "pcs",
        "unit_price": str(Decimal(amount) / 100),
        "amount": amount,
    }


def slice_(platform_id: str, merchant_id: str, buyer_id: str, amount: str) -> dict[str, Any]:
    return {
        "platform_id": platform_id,
        "merchant_id": merchant_id,
        "buyer_id": buyer_id,
        "reference": f"INV-{platform_id}",
        "amount": amount,
        "trade_date": "2026-10-20",
        "goods": [goods(amount)],
    }


def declaration(
    number: str, amount: str, slices: list[dict[str, Any]], **extra: Any
) -> dict[str, Any]:
    return {
        "record": "declaration",
        "platform_id": f"P-{number}",
        "declaration_no": number,
        "export_agent": "Yiwu Consolidated Export Co.",
        "container_no": "MSKU1234565",
        "export_date": "2026-10-25",
        "amount": amount,
        "currency": "USD",
        "documents": [
            {"kind": "bill_of_lading", "number": f"BL-{number}", "export_date": "2026-10-25"}
        ],
        "slices": slices,
        **extra,
    }


def order_9610(
    platform_id: str, merchant_id: str, buyer_id: str, amount: str = "300.00", **extra: Any
) -> dict[str, Any]:
    return {
        "record": "trade",
        "platform_id": platform_id,
        "kind": "9610",
        "merchant_id": merchant_id,
        "buyer_id": buyer_id,
        "reference": f"ORD-{platform_id}",
        "order_no": f"ORD-{platform_id}",
        "amount": amount,
        "currency": "USD",
        "trade_date": "2026-10-20",
        "goods": [goods(amount, name="phone cases", hs="392690")],
        "documents": [
            {
                "kind": "waybill",
                "number": f"WB-{platform_id}",
                "export_date": "2026-10-22",
                "consignee_country": "AE",
            },
            {"kind": "declaration_list", "number": f"LIST-{platform_id}"},
        ],
        **extra,
    }


def jsonl(*records: dict[str, Any]) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


def import_text(c: Container, text: str, layout: str = "jsonl") -> Any:
    """Import like the CLI does: commit only when every record is accepted."""
    with c.uow(actor="platform-feed") as uow:
        summary = PlatformRegistry(c.trades).import_feed(uow, read_feed(text, layout))
        if summary.ok:
            uow.commit()
        else:
            uow.rollback()
    c.process()
    return summary


def trade_count(c: Container) -> int:
    with c.uow() as uow:
        return len(c.trades.find(uow, limit=10_000))
