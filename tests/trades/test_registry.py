"""The trade registry on both databases: declarations and their cap, the feed import (all or
nothing, idempotent, amendments), provenance."""

from __future__ import annotations

import pytest

from tests.integration import market
from tests.trades.support import (
    declaration,
    import_text,
    jsonl,
    order_9610,
    slice_,
    trade_count,
)
from yipay.bootstrap import Container
from yipay.core.money import Money
from yipay.trades.domain import Provenance, Verification
from yipay.trades.errors import DeclarationCapExceeded
from yipay.trades.forms import trade_form


@pytest.fixture
def parties(container: Container) -> tuple[str, str, str]:
    return (
        market.merchant(container),
        market.merchant(container, suffix="2"),
        market.buyer(container),
    )


def _by_platform(c: Container, platform_id: str):
    with c.uow() as uow:
        trade = c.trades.by_platform_id(uow, platform_id)
        return c.trades.record(uow, trade.id)


def test_a_consolidated_declaration_registers_each_merchants_slice(container, parties):
    a, b, buyer = parties
    record = declaration(
        "DEC-1",
        "5000.00",
        [slice_("S-1", a, buyer, "2000.00"), slice_("S-2", b, buyer, "3000.00")],
    )
    summary = import_text(container, jsonl(record))
    assert (summary.imported, summary.refused, summary.problems) == (1, 0, [])
    first = _by_platform(container, "S-1")
    assert first.trade.merchant_id == a
    assert first.trade.declaration_no == "DEC-1"
    assert first.trade.verification is Verification.VERIFIED
    assert first.declaration is not None
    assert first.declaration.export_agent == "Yiwu Consolidated Export Co."
    assert [g.hs_code for g in first.goods] == ["630231"]
    assert [d.number for d in first.documents] == ["BL-DEC-1"]  # the container's B/L
    assert first.trade.export_date is not None
    assert _by_platform(container, "S-2").trade.merchant_id == b


def test_the_cap_applies_to_the_whole_declaration(container, parties):
    a, _b, buyer = parties
    over = declaration("DEC-2", "150000.01", [slice_("S-3", a, buyer, "1000.00")])
    summary = import_text(container, jsonl(over))
    assert summary.refused == 1
    assert "cap" in summary.problems[0].reason
    # non-USD: measured on the declaration's USD value
    eur = declaration(
        "DEC-3",
        "140000.00",
        [slice_("S-4", a, buyer, "1000.00")],
        currency="EUR",
        usd_value="151000.00",
    )
    assert "cap" in import_text(container, jsonl(eur)).problems[0].reason
    assert trade_count(container) == 0


def test_slices_entered_one_by_one_never_exceed_the_declaration(container, parties):
    a, b, buyer = parties
    assert import_text(
        container, jsonl(declaration("DEC-4", "5000.00", [slice_("S-5", a, buyer, "4000.00")]))
    ).ok
    body = {
        "merchant_id": b,
        "buyer_id": buyer,
        "kind": "1039",
        "declaration_no": "DEC-4",
        "reference": "INV-B-1",
        "amount": "1500.00",
        "currency": "USD",
        "trade_date": "2026-10-20",
    }
    with container.uow() as uow, pytest.raises(DeclarationCapExceeded):
        container.trades.register(uow, trade_form(body, provenance=Provenance.MERCHANT))
    with container.uow() as uow:
        container.trades.register(
            uow, trade_form(body | {"amount": "1000.00"}, provenance=Provenance.MERCHANT)
        )
        uow.commit()


def test_slices_without_a_declaration_record_are_summed_against_the_cap(container, parties):
    a, b, buyer = parties
    body = {
        "buyer_id": buyer,
        "kind": "1039",
        "declaration_no": "DEC-5",
        "currency": "USD",
        "trade_date": "2026-10-20",
    }
    with container.uow() as uow:
        container.trades.register(
            uow,
            trade_form(
                body | {"merchant_id": a, "reference": "A-1", "amount": "100000.00"},
                provenance=Provenance.PLATFORM,
            ),
        )
        uow.commit()
    with container.uow() as uow, pytest.raises(DeclarationCapExceeded):
        container.trades.register(
            uow,
            trade_form(
                body | {"merchant_id": b, "reference": "B-1", "amount": "50000.01"},
                provenance=Provenance.PLATFORM,
            ),
        )


def test_one_bad_record_imports_nothing_and_every_problem_is_listed(container, parties):
    a, _b, buyer = parties
    good = order_9610("E-1", a, buyer)
    unknown_merchant = order_9610("E-2", "mer_nobody", buyer)
    bad_goods = order_9610("E-3", a, buyer, amount="310.00")  # lines add up to 300
    bad_goods["goods"][0] |= {"amount": "300.00", "unit_price": "3"}
    summary = import_text(container, jsonl(good, unknown_merchant, bad_goods))
    assert not summary.ok
    assert summary.refused == 2
    found = {(p.line, p.field) for p in summary.problems}
    assert (2, "merchant_id") in found
    assert (3, "goods") in found
    assert trade_count(container) == 0


def test_problems_are_capped_but_counted(container, parties):
    a, _b, buyer = parties
    records = [order_9610(f"E-{i}", a, buyer) | {"currency": "XXX1"} for i in range(60)]
    summary = import_text(container, jsonl(*records))
    assert summary.problems_total >= 60
    assert len(summary.problems) == 50


def test_reimporting_the_same_file_changes_nothing(container, parties):
    a, b, buyer = parties
    text = jsonl(
        declaration("DEC-6", "5000.00", [slice_("S-6", a, buyer, "2000.00")]),
        order_9610("E-4", b, buyer),
    )
    first = import_text(container, text)
    assert (first.imported, first.unchanged) == (2, 0)
    again = import_text(container, text)
    assert (again.imported, again.amended, again.unchanged, again.refused) == (0, 0, 2, 0)
    assert trade_count(container) == 2


def test_a_corrected_record_is_an_amendment_with_the_old_version_kept(container, parties):
    a, _b, buyer = parties
    assert import_text(container, jsonl(order_9610("E-5", a, buyer, amount="300.00"))).ok
    corrected = order_9610("E-5", a, buyer, amount="320.00")
    summary = import_text(container, jsonl(corrected))
    assert (summary.amended, summary.imported) == (1, 0)
    record = _by_platform(container, "E-5")
    assert record.trade.amount == Money.of("320.00", "USD")
    assert record.trade.revision == 2
    assert record.amendments == 1
    with container.uow() as uow:
        [amendment] = container.trades.amendments(uow, record.trade.id)
    assert "amount" in amendment["changed"]
    assert "goods" in amendment["changed"]


def test_a_correction_below_what_was_collected_is_refused(container, parties):
    a, _b, buyer = parties
    assert import_text(container, jsonl(order_9610("E-6", a, buyer, amount="300.00"))).ok
    trade = _by_platform(container, "E-6").trade
    with container.uow() as uow:
        container.trades.allocate(
            uow,
            trade_id=trade.id,
            payment_id="pay_test",
            received=Money.of("290.00", "USD"),
            charges=Money.of("10.00", "USD"),
        )
        uow.commit()
    summary = import_text(container, jsonl(order_9610("E-6", a, buyer, amount="250.00")))
    assert not summary.ok
    assert summary.problems[0].field == "amount"
    assert "already consumed" in summary.problems[0].reason
    moved = order_9610("E-6", market.merchant(container, suffix="3"), buyer)
    assert import_text(container, jsonl(moved)).problems[0].field == "merchant_id"


def test_a_merchant_entered_trade_stays_pending_until_the_platform_record_arrives(
    container, parties
):
    a, _b, buyer = parties
    body = order_9610("E-7", a, buyer)
    del body["record"]
    with container.uow() as uow:
        mine = container.trades.register(uow, trade_form(body, provenance=Provenance.MERCHANT))
        uow.commit()
    assert mine.verification is Verification.PENDING_REVIEW
    assert mine.provenance is Provenance.MERCHANT
    assert not mine.can_unlock_money
    summary = import_text(container, jsonl(order_9610("E-7", a, buyer)))
    assert summary.amended == 1
    confirmed = _by_platform(container, "E-7").trade
    assert (confirmed.id, confirmed.verification) == (mine.id, Verification.VERIFIED)
    assert confirmed.provenance is Provenance.PLATFORM


def test_a_document_record_links_to_its_trade_later(container, parties):
    a, _b, buyer = parties
    order = {
        "record": "trade",
        "platform_id": "PO-1",
        "merchant_id": a,
        "buyer_id": buyer,
        "reference": "PO-1",
        "order_no": "PO-1",
        "amount": "900.00",
        "currency": "USD",
        "trade_date": "2026-10-01",
    }
    bl = {
        "record": "document",
        "platform_id": "DOC-1",
        "merchant_id": a,
        "trade": "PO-1",
        "kind": "tir_carnet",
        "number": "XA12345678",
        "export_date": "2026-10-30",
    }
    assert import_text(container, jsonl(order, bl)).imported == 2
    [doc] = _by_platform(container, "PO-1").documents
    assert (doc.kind.value, doc.platform_id) == ("tir_carnet", "DOC-1")
    assert import_text(container, jsonl(bl)).unchanged == 1
    assert import_text(container, jsonl(bl | {"export_date": "2026-10-31"})).amended == 1


def test_an_amendment_raising_the_amount_lets_waiting_money_match(container, parties):
    a, _b, buyer = parties
    market.rates(container)
    assert import_text(container, jsonl(order_9610("E-9", a, buyer, amount="300.00"))).ok
    container.process()
    paid = market.pay(container, a, amount="320.00", charges=None, info="ORDER ORD-E-9")
    assert paid.status.value == "suspense"  # more than the open balance of the order named
    assert import_text(container, jsonl(order_9610("E-9", a, buyer, amount="320.00"))).ok
    container.process()
    assert market.state(container, paid.id).status.value in {"matched", "credited"}
