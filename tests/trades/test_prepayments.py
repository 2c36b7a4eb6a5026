"""Prepayments: money before the trade, allocated to an order flagged `prepayment` with a document
deadline; the overdue report lists those whose deadline passed without an export document."""

from __future__ import annotations

from datetime import date

from tests.api.conftest import Api
from tests.integration import market
from tests.trades.support import import_text, jsonl
from yipay.bootstrap import Container
from yipay.core.money import Money


def _order(platform_id: str, merchant_id: str, buyer_id: str, due: str) -> dict[str, object]:
    return {
        "record": "trade",
        "platform_id": platform_id,
        "merchant_id": merchant_id,
        "buyer_id": buyer_id,
        "reference": f"PO-2026-{platform_id}",
        "order_no": f"PO-2026-{platform_id}",
        "amount": "3000.00",
        "currency": "USD",
        "trade_date": "2026-10-01",
        "prepayment": True,
        "documents_due_by": due,
    }


def test_overdue_prepayments_are_those_past_their_deadline_without_export(container: Container):
    a = market.merchant(container)
    buyer = market.buyer(container)
    exported = {
        "record": "document",
        "platform_id": "DOC-3",
        "merchant_id": a,
        "trade": "3",
        "kind": "bill_of_lading",
        "number": "BL-3",
        "export_date": "2026-10-28",
    }
    no_date = exported | {"platform_id": "DOC-4", "trade": "4", "export_date": None}
    summary = import_text(
        container,
        jsonl(
            _order("1", a, buyer, "2026-10-31"),  # overdue
            _order("2", a, buyer, "2026-11-10"),  # not yet due
            _order("3", a, buyer, "2026-10-31"),  # exported in time
            _order("4", a, buyer, "2026-10-31"),  # a B/L with no export date is no evidence
            exported,
            no_date,
        ),
    )
    assert summary.ok, summary.problems
    # a deposit paid against order 1 before any export: allocated like any trade
    payment = market.pay(container, a, amount="900.00", charges=None, info="DEPOSIT PO-2026-1")
    assert payment.status.value == "credited"
    with container.uow() as uow:
        late = container.trades.overdue(uow)
        assert [t.platform_id for t in late] == ["1", "4"]
        assert late[0].open_balance == Money.of("2100.00", "USD")
        assert container.trades.overdue(uow, today=date(2026, 10, 31)) == []
        assert container.trades.overdue(uow, merchant_id="mer_other") == []


def test_the_api_lists_overdue_prepayments_and_accepts_a_late_export_document(api: Api):
    merchant = api.merchant()
    buyer = api.buyer()
    body = {
        "merchant_id": merchant["id"],
        "buyer_id": buyer["id"],
        "reference": "PO-2026-77",
        "amount": "3000.00",
        "currency": "USD",
        "trade_date": "2026-10-01",
        "prepayment": True,
        "documents_due_by": "2026-10-31",
    }
    trade = api.ok("/trades", body)
    assert (trade["prepayment"], trade["documents_due_by"]) == (True, "2026-10-31")
    [late] = api.get("/trades", overdue="true").json()
    assert (late["id"], late["days_overdue"]) == (trade["id"], 3)
    doc = {"kind": "air_waybill", "number": "160-12345675", "export_date": "2026-11-02"}
    shown = api.ok(f"/trades/{trade['id']}/documents", doc)
    assert shown["documents"][0]["kind"] == "air_waybill"
    assert api.get("/trades", overdue="true").json() == []
    assert api.get(f"/trades/{trade['id']}").json()["documents"][0]["number"] == "160-12345675"
