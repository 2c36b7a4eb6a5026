"""The 三单 check of 9610 orders: order ↔ payment ↔ waybill, breaks with reasons."""

from __future__ import annotations

import csv
import io

from tests.integration import market
from tests.trades.support import import_text, jsonl, order_9610
from yipay.bootstrap import Container
from yipay.reporting.three_documents import (
    CheckPolicy,
    ThreeDocumentCheck,
    breaks_csv,
    same_name,
)


def _run(c: Container, **kw: object):
    with c.uow() as uow:
        return ThreeDocumentCheck(c.trades, c.payments, c.parties).run(uow, **kw)  # type: ignore[arg-type]


def test_names_compare_without_case_order_or_punctuation():
    assert same_name("Ahmed Al-Mansouri", "AL MANSOURI AHMED")
    assert not same_name("Ahmed Al Mansouri", "Ahmed Trading")


def test_breaks_of_orders_payments_and_waybills(container: Container):
    a = market.merchant(container)
    buyer = market.buyer(container, country="AE", name="Ahmed Al Mansouri")
    clean = order_9610("E1", a, buyer)
    no_waybill = order_9610("E2", a, buyer)
    no_waybill["documents"] = [{"kind": "declaration_list", "number": "LIST-E2"}]
    elsewhere = order_9610("E3", a, buyer)
    elsewhere["documents"][0] |= {"consignee_country": "SA", "export_date": "2026-11-25"}
    agent_pays = order_9610("E4", a, buyer, payer_name="Gulf Exchange House")
    short = order_9610("E5", a, buyer)
    orphan = {
        "record": "document",
        "platform_id": "WB-LOST",
        "merchant_id": a,
        "kind": "waybill",
        "number": "WB-LOST",
        "order_no": "ORD-UNKNOWN",
        "export_date": "2026-10-22",
    }
    summary = import_text(container, jsonl(clean, no_waybill, elsewhere, agent_pays, short, orphan))
    assert summary.ok, summary.problems
    paid = [
        ("ORD-E1", "295.00", "5.00", "Ahmed Al Mansouri"),
        ("ORD-E3", "300.00", None, "Unrelated Trading FZE"),
        ("ORD-E4", "300.00", None, "GULF EXCHANGE HOUSE"),
        ("ORD-E5", "200.00", None, "Ahmed Al Mansouri"),
    ]
    for ref, amount, charges, payer in paid:
        p = market.pay(
            container, a, amount=amount, charges=charges, info=f"ORDER {ref}", payer=payer
        )
        assert p.status.value == "credited", (ref, p.status_reason)

    found = {(b.kind, b.order_no) for b in _run(container)}
    assert found == {
        ("order_without_waybill", "ORD-E2"),
        ("order_without_payment", "ORD-E2"),
        ("consignee_country_mismatch", "ORD-E3"),
        ("late_export", "ORD-E3"),
        ("payer_not_buyer", "ORD-E3"),
        ("amount_mismatch", "ORD-E5"),
        ("waybill_without_order", "ORD-UNKNOWN"),
    }
    relaxed = _run(container, policy=CheckPolicy(export_within_days=60))
    assert ("late_export", "ORD-E3") not in {(b.kind, b.order_no) for b in relaxed}
    assert _run(container, merchant_id="mer_other") == []


def test_breaks_as_csv(container: Container):
    a = market.merchant(container)
    buyer = market.buyer(container)
    no_waybill = order_9610("E9", a, buyer)
    no_waybill["documents"] = []
    assert import_text(container, jsonl(no_waybill)).ok
    rows = list(csv.DictReader(io.StringIO(breaks_csv(_run(container)))))
    assert {r["kind"] for r in rows} == {"order_without_waybill", "order_without_payment"}
    assert all(r["reason"] and r["trade_id"] for r in rows)
