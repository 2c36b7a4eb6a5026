from __future__ import annotations

import csv
import json
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from yipay.simulate import SimulationConfig, write_dataset

from .support import dataset

HEADERS = {
    "merchants.csv": "platform_id,legal_name,name_latin,business_form,party_type,id_type,"
    "id_number,shop_no,nationality,goods_category,settlement_bank,settlement_account_no,"
    "settlement_account_name,kyc_status,kyc_expires_on,risk_grade",
    "buyers.csv": "platform_id,name,name_latin,country,region,party_type,id_type,id_number,"
    "card_no,preferred_currency",
    "trades.csv": "platform_id,merchant_platform_id,buyer_platform_id,kind,declaration_no,"
    "order_no,invoice_no,waybill_no,amount,amount_currency,trade_date,export_date,goods,"
    "provenance",
    "payments.csv": "reference,uetr,end_to_end_id,received_at,value_date,amount,amount_currency,"
    "instructed_amount,instructed_amount_currency,charges,charges_currency,charge_bearer,"
    "offshore,payer_name,payer_account,payer_bic,payer_country,debtor_agent_bic,"
    "beneficiary_platform_id,remittance_info,trade_platform_ids,is_deposit",
    "rates.csv": "base,quote,bid,ask,source,as_of",
    "labels.csv": "entity_type,entity_id,typology,pattern_id",
}


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_writes_every_file_with_its_header(tmp_path: Path) -> None:
    data = dataset(SimulationConfig())
    counts = write_dataset(data, tmp_path / "out")
    assert set(counts) == set(HEADERS)
    for name, header in HEADERS.items():
        lines = (tmp_path / "out" / name).read_text(encoding="utf-8").splitlines()
        assert lines[0] == header
        assert counts[name] == len(_read(tmp_path / "out" / name))
    assert counts["payments.csv"] == len(data.payments)
    assert counts["rates.csv"] == len(data.rates)


def test_values_round_trip(tmp_path: Path) -> None:
    data = dataset(SimulationConfig())
    write_dataset(data, tmp_path)
    payments = _read(tmp_path / "payments.csv")
    for row, payment in zip(payments, data.payments, strict=True):
        assert row["reference"] == payment.reference
        assert Decimal(row["amount"]) == payment.amount.amount
        assert row["amount_currency"] == payment.amount.currency.code
        assert row["received_at"].endswith("Z")
        assert datetime.fromisoformat(row["received_at"]) == payment.received_at
        assert json.loads(row["trade_platform_ids"]) == list(payment.trade_platform_ids)
        assert row["is_deposit"] in {"true", "false"}
        assert (row["charges"] == "") == (payment.charges is None)
    trades = _read(tmp_path / "trades.csv")
    for row, trade in zip(trades, data.trades, strict=True):
        lines = json.loads(row["goods"])
        total = sum(Decimal(line["unit_price"]) * line["quantity"] for line in lines)
        assert total == trade.amount.amount
        assert all(len(line["hs_code"]) >= 6 for line in lines)
    rates = _read(tmp_path / "rates.csv")
    assert all(Decimal(r["bid"]) < Decimal(r["ask"]) for r in rates)
    assert all(r["as_of"].endswith("T01:30:00Z") for r in rates)
