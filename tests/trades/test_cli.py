"""`yipay trades import | overdue | check-9610` on files."""

from __future__ import annotations

import json
from pathlib import Path

from tests.integration.market import LEGAL_NAME

MERCHANT = {
    "legal_name": LEGAL_NAME,
    "business_form": "individual_business",
    "id_number": "92330782MA2TRADE01",
    "shop_no": "D2-15-12034",
    "platform_id": "YW-M-0001",
    "kyc_status": "approved",
}
BUYER = {
    "name": "Gulf Trading LLC",
    "country": "AE",
    "party_type": "non_natural",
    "id_type": "foreign_registration",
    "id_number": "DXB-12345",
    "platform_id": "YW-B-0001",
}
HEADER = (
    "platform_id,kind,merchant_id,buyer_id,reference,order_no,amount,currency,trade_date,"
    "declaration_no,declaration_platform_id,export_agent,container_no,declaration_amount,"
    "line_name,line_hs_code,line_quantity,line_unit,line_unit_price,line_amount,"
    "doc_kind,doc_number,doc_export_date,doc_consignee_country\n"
)
ROWS = (
    "S-1,1039,YW-M-0001,YW-B-0001,INV-1,,1500.00,USD,2026-10-20,DEC-77,P-DEC-77,Agent Co,"
    "MSKU1234565,4000.00,bed sheets,630231,100,pcs,10,1000.00,bill_of_lading,BL-77,2026-10-25,\n"
    "S-1,1039,YW-M-0001,YW-B-0001,INV-1,,1500.00,USD,2026-10-20,DEC-77,P-DEC-77,Agent Co,"
    "MSKU1234565,4000.00,towels,630260,50,pcs,10,500.00,bill_of_lading,BL-77,2026-10-25,\n"
    "E-1,9610,YW-M-0001,YW-B-0001,ORD-1,ORD-1,30.00,USD,2026-10-20,,,,,,"
    "phone cases,392690,10,pcs,3,30.00,,,,\n"
)


def _ok(result) -> object:
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return json.loads(result.stdout)


def test_import_a_csv_feed_twice_then_check_9610(cli, tmp_path: Path):
    _ok(cli("merchants", "create", json.dumps(MERCHANT)))
    _ok(cli("buyers", "create", json.dumps(BUYER)))
    feed = tmp_path / "feed.csv"
    feed.write_text(HEADER + ROWS, encoding="utf-8")
    assert _ok(cli("trades", "import", str(feed))) == {
        "imported": 2,
        "amended": 0,
        "unchanged": 0,
        "refused": 0,
        "problems_total": 0,
        "problems": [],
    }
    again = _ok(cli("trades", "import", str(feed)))
    assert (again["imported"], again["unchanged"]) == (0, 2)
    listed = _ok(cli("trades", "list"))
    assert {t["platform_id"] for t in listed} == {"S-1", "E-1"}
    shown = _ok(cli("trades", "show", next(t["id"] for t in listed if t["platform_id"] == "S-1")))
    assert [g["name"] for g in shown["goods"]] == ["bed sheets", "towels"]
    assert shown["declaration"]["container_no"] == "MSKU1234565"

    out = tmp_path / "breaks.csv"
    result = cli("trades", "check-9610", "--output", str(out))
    assert result.exit_code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "order_without_waybill" in text
    assert "ORD-1" in text
    assert _ok(cli("trades", "overdue")) == []


def test_a_bad_file_imports_nothing_and_names_every_problem(cli, tmp_path: Path):
    _ok(cli("merchants", "create", json.dumps(MERCHANT)))
    _ok(cli("buyers", "create", json.dumps(BUYER)))
    feed = tmp_path / "feed.csv"
    bad = ROWS.replace("towels,630260", "towels,63X260").replace("ORD-1,30.00", "ORD-1,31.00")
    feed.write_text(HEADER + bad, encoding="utf-8")
    result = cli("trades", "import", str(feed))
    assert result.exit_code == 1
    assert "line 3: slices[0].goods[1].hs_code" in result.stderr
    assert "line 4: goods" in result.stderr
    assert "nothing was imported" in result.stderr
    assert json.loads(result.stdout)["rolled_back"] is True
    assert _ok(cli("trades", "list")) == []
