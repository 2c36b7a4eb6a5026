"""Pure checks of the registry's forms and feed layouts (no database)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.trades.support import declaration, goods, jsonl, order_9610, slice_
from yipay.core.errors import InvalidInput
from yipay.core.money import Money
from yipay.trades.commands import RegisterDeclaration, RegisterTrade
from yipay.trades.domain import GoodsLine, Provenance, goods_problems
from yipay.trades.feed import read_csv, read_json_lines
from yipay.trades.forms import trade_form


def usd(text: str) -> Money:
    return Money.of(text, "USD")


def test_goods_lines_must_add_up_to_the_trade_amount_exactly():
    lines = [
        GoodsLine(1, "bed sheets", "630231", Decimal(100), "pcs", Decimal("12.5"), usd("1250")),
        GoodsLine(2, "towels", "630260", Decimal(3), "pcs", Decimal("0.335"), usd("1.01")),
    ]
    assert goods_problems(usd("1251.01"), lines) == []
    [(field, reason)] = goods_problems(usd("1251.02"), lines)
    assert field == "goods"
    assert "1251.01" in reason


def test_a_line_amount_is_quantity_times_price_within_one_minor_unit():
    ok = GoodsLine(1, "beads", "711719", Decimal(3), "kg", Decimal("0.335"), usd("1.00"))
    off = GoodsLine(1, "beads", "711719", Decimal(3), "kg", Decimal("0.335"), usd("1.20"))
    assert goods_problems(usd("1.00"), [ok]) == []
    assert goods_problems(usd("1.20"), [off])[0][0] == "goods[0].amount"


def test_the_api_form_lists_every_problem_with_its_field():
    body = {
        "merchant_id": "mer_1",
        "buyer_id": "buy_1",
        "reference": "INV-1",
        "amount": "100.00",
        "currency": "USD",
        "trade_date": "2026-10-20",
        "prepayment": True,
        "goods": [goods("90.00") | {"hs_code": "12"}, {"name": "x"}],
    }
    with pytest.raises(InvalidInput) as caught:
        trade_form(body, provenance=Provenance.MERCHANT)
    message = caught.value.message
    assert "documents_due_by" in message
    assert "goods[0].hs_code" in message
    assert "goods[1].quantity is required" in message


def test_a_prepayment_order_reads_its_deadline():
    cmd = trade_form(
        {
            "merchant_id": "mer_1",
            "buyer_id": "buy_1",
            "reference": "PO-7",
            "amount": "900.00",
            "currency": "USD",
            "trade_date": "2026-10-01",
            "prepayment": True,
            "documents_due_by": "2026-10-31",
        },
        provenance=Provenance.PLATFORM,
    )
    assert cmd.prepayment
    assert str(cmd.documents_due_by) == "2026-10-31"


def test_json_lines_problems_name_the_line_and_field():
    good = order_9610("E-1", "mer_1", "buy_1")
    bad = declaration("D1", "100.00", [slice_("S-1", "mer_1", "buy_1", "150.00")])
    lines = read_json_lines(jsonl(good) + "\n# a comment\n" + jsonl(bad) + "{not json\n")
    assert [f.line for f in lines] == [1, 4, 5]
    assert isinstance(lines[0].record, RegisterTrade)
    assert lines[0].problems == ()
    problems = {(p.line, p.field) for p in lines[1].problems}
    assert (4, "slices") in problems  # slices add up to more than declared
    assert lines[2].problems[0].reason.startswith("malformed JSON")


CSV_HEADER = (
    "platform_id,kind,merchant_id,buyer_id,reference,amount,currency,trade_date,"
    "declaration_no,declaration_platform_id,export_agent,container_no,declaration_amount,"
    "line_name,line_hs_code,line_quantity,line_unit,line_unit_price,line_amount,"
    "doc_kind,doc_number,doc_export_date\n"
)


def test_csv_rows_group_into_slices_and_declarations():
    text = CSV_HEADER + (
        "S-1,1039,mer_1,buy_1,INV-1,1500.00,USD,2026-10-20,D9,P-D9,Agent Co,MSKU1,4000.00,"
        "bed sheets,630231,100,pcs,10,1000.00,bill_of_lading,BL-9,2026-10-25\n"
        "S-1,1039,mer_1,buy_1,INV-1,1500.00,USD,2026-10-20,D9,P-D9,Agent Co,MSKU1,4000.00,"
        "towels,630260,50,pcs,10,500.00,bill_of_lading,BL-9,2026-10-25\n"
        "S-2,1039,mer_2,buy_1,INV-2,2500.00,USD,2026-10-20,D9,P-D9,Agent Co,MSKU1,4000.00,"
        "toys,950300,250,pcs,10,2500.00,bill_of_lading,BL-9,2026-10-25\n"
        "O-1,0110,mer_1,buy_1,INV-3,20.00,USD,2026-10-21,,,,,,"
        "pens,960810,100,pcs,0.2,20.00,invoice,INV-3,\n"
    )
    lines = read_csv(text)
    assert [f.line for f in lines] == [2, 5]
    declared = lines[0].record
    assert isinstance(declared, RegisterDeclaration)
    assert [len(s.goods) for s in declared.slices] == [2, 1]
    assert declared.slices[0].documents[0].number == "BL-9"
    assert isinstance(lines[1].record, RegisterTrade)


def test_csv_problems_name_the_row_of_the_goods_line_at_fault():
    text = CSV_HEADER + (
        "S-1,1039,mer_1,buy_1,INV-1,1500.00,USD,2026-10-20,D9,P-D9,Agent Co,MSKU1,4000.00,"
        "bed sheets,630231,100,pcs,10,1000.00,,,\n"
        "S-1,1039,mer_1,buy_1,INV-1,1500.00,USD,2026-10-20,D9,P-D9,Agent Co,MSKU1,4000.00,"
        "towels,ABC,50,pcs,10,500.00,,,\n"
        "S-1,1039,mer_1,buy_1,INV-1,1400.00,USD,2026-10-20,D9,P-D9,Agent Co,MSKU1,4000.00,"
        ",,,,,,,,\n"
    )
    [fed] = read_csv(text)
    where = {(p.line, p.field) for p in fed.problems}
    assert (3, "slices[0].goods[1].hs_code") in where
    assert (4, "amount") in where  # a trade field that differs between its rows


def test_the_same_record_as_json_or_csv_has_the_same_fingerprint():
    record = {
        "record": "trade",
        "platform_id": "O-1",
        "kind": "0110",
        "merchant_id": "mer_1",
        "buyer_id": "buy_1",
        "reference": "INV-3",
        "amount": "20.00",
        "currency": "USD",
        "trade_date": "2026-10-21",
        "goods": [goods("20.00", name="pens", hs="960810")],
    }
    text = CSV_HEADER + (
        "O-1,0110,mer_1,buy_1,INV-3,20,USD,2026-10-21,,,,,,pens,960810,100.0,pcs,0.20,20.00,,,\n"
    )
    [from_json] = read_json_lines(jsonl(record))
    [from_csv] = read_csv(text)
    assert from_json.record is not None
    assert from_csv.record is not None
    assert from_json.record.content_hash == from_csv.record.content_hash
