"""The labelled matching set: deterministic, every case present, a truth that keeps the rules."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from yipay.entrypoints.cli.main import app
from yipay.simulate.reconcile_cases import CASES, reconcile_dataset
from yipay.simulate.reconcile_records import ReconcileDataset
from yipay.simulate.reconcile_refs import invoice_key
from yipay.simulate.reconcile_writer import write_reconcile_dataset

HEADERS = {
    "P.csv": "payment_id,value_date,amount,currency,payer_name,payer_country,payer_account,"
    "remittance_info,beneficiary_id,charges_amount,charges_currency,charge_bearer,"
    "instructed_amount,instructed_currency",
    "T.csv": "trade_id,merchant_id,buyer_name,buyer_country,amount,currency,trade_date,"
    "declaration_no,order_no,invoice_no,waybill_no,goods_description,hs_code",
    "R.csv": "base,quote,bid,ask,source,as_of",
    "truth.csv": "payment_id,trade_id,allocated_amount,currency,case",
    "relations.csv": "buyer_name,payer_name,payer_account,relation",
}


@pytest.fixture(scope="module")
def dataset() -> ReconcileDataset:
    return reconcile_dataset(11, 2_000)


def _files(directory: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(directory.iterdir())}


def test_same_seed_gives_byte_identical_files(tmp_path: Path) -> None:
    write_reconcile_dataset(reconcile_dataset(5, 400), tmp_path / "a")
    write_reconcile_dataset(reconcile_dataset(5, 400), tmp_path / "b")
    write_reconcile_dataset(reconcile_dataset(6, 400), tmp_path / "c")
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    assert _files(tmp_path / "a")["P.csv"] != _files(tmp_path / "c")["P.csv"]


def test_headers_are_exactly_the_fixed_formats(tmp_path: Path) -> None:
    counts = write_reconcile_dataset(reconcile_dataset(5, 50), tmp_path)
    for name, header in HEADERS.items():
        with (tmp_path / name).open(encoding="utf-8") as handle:
            assert handle.readline().rstrip("\n") == header
        assert counts[name] > 0


def test_every_case_is_in_the_default_mix(dataset: ReconcileDataset) -> None:
    seen = {payment.case for payment in dataset.payments}
    assert seen == set(CASES)
    assert len(dataset.payments) == 2_000
    assert 1.2 <= len(dataset.trades) / len(dataset.payments) <= 1.4


def test_each_payment_truth_adds_up_to_what_arrived(dataset: ReconcileDataset) -> None:
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for row in dataset.truth:
        totals[row.payment_id] += row.allocated_amount
    for payment in dataset.payments:
        assert totals[payment.payment_id] == payment.amount, payment
    unmatched = {r.payment_id for r in dataset.truth if not r.trade_id}
    assert unmatched == {
        p.payment_id for p in dataset.payments if p.case in {"no_trade", "no_trade_decoy_ref"}
    }


def test_amounts_are_decimals_at_the_currency_exponent(dataset: ReconcileDataset) -> None:
    amounts = [p.amount for p in dataset.payments] + [t.amount for t in dataset.trades]
    amounts += [r.allocated_amount for r in dataset.truth]
    for amount in amounts:
        assert isinstance(amount, Decimal)
        assert amount.as_tuple().exponent == -2


def test_no_trade_is_over_allocated_by_the_truth(dataset: ReconcileDataset) -> None:
    payments = {p.payment_id: p for p in dataset.payments}
    trades = {t.trade_id: t for t in dataset.trades}
    mid = {(r.base, r.as_of.date()): r.mid for r in dataset.rates}
    consumed: dict[str, Decimal] = defaultdict(Decimal)
    for row in dataset.truth:
        if not row.trade_id:
            continue
        payment, trade = payments[row.payment_id], trades[row.trade_id]
        charges = payment.charges_amount or Decimal(0)
        gross = row.allocated_amount + charges * row.allocated_amount / payment.amount
        if payment.currency == trade.currency:
            consumed[trade.trade_id] += gross
        elif payment.instructed_currency == trade.currency:
            assert payment.instructed_amount is not None
            consumed[trade.trade_id] += payment.instructed_amount
        else:
            rate = (
                mid[payment.currency, payment.value_date] / mid[trade.currency, payment.value_date]
            )
            value = gross * rate
            assert abs(value - trade.amount) <= trade.amount * Decimal("0.0151"), payment
            consumed[trade.trade_id] += min(value, trade.amount)
    assert consumed
    for trade_id, value in consumed.items():
        assert value <= trades[trade_id].amount + Decimal("0.05"), trade_id


def test_payments_fall_in_the_date_window(dataset: ReconcileDataset) -> None:
    payments = {p.payment_id: p for p in dataset.payments}
    trades = {t.trade_id: t for t in dataset.trades}
    for row in dataset.truth:
        if row.trade_id:
            lag = (payments[row.payment_id].value_date - trades[row.trade_id].trade_date).days
            assert -30 <= lag <= 120, row


def test_decoys_and_variants(dataset: ReconcileDataset) -> None:
    issued: dict[str, set[tuple[str, int]]] = defaultdict(set)
    for trade in dataset.trades:
        issued[trade.merchant_id].add(invoice_key(trade.invoice_no))
    trades = {t.trade_id: t for t in dataset.trades}
    paid = {r.payment_id: trades[r.trade_id] for r in dataset.truth if r.trade_id}
    decoys = neighbours = variants = 0
    for payment in dataset.payments:
        keys = issued[payment.beneficiary_id]
        if payment.case == "no_trade_decoy_ref":
            found = re.search(r"[A-Z]{2,3}-\d+(-\d+)?", payment.remittance_info)
            assert found, payment.remittance_info
            reference = found.group()
            named = invoice_key(reference)
            assert named not in keys, reference
            assert any(k[0] == named[0] and _one_digit_apart(k[1], named[1]) for k in keys), (
                payment.remittance_info
            )
            decoys += 1
        elif payment.case == "decoy_neighbour":
            own = invoice_key(paid[payment.payment_id].invoice_no)
            assert (own[0], own[1] + 1) in keys or (own[0], own[1] - 1) in keys
            neighbours += 1
        elif payment.case == "ref_variant":
            invoice = paid[payment.payment_id].invoice_no
            assert invoice not in payment.remittance_info
            variants += 1
    assert decoys
    assert neighbours
    assert variants


def _one_digit_apart(a: int, b: int) -> bool:
    x, y = str(a), str(b)
    return len(x) == len(y) and sum(c != d for c, d in zip(x, y, strict=True)) == 1


def test_third_party_payers_are_listed(dataset: ReconcileDataset) -> None:
    listed = {(r.buyer_name, r.payer_name) for r in dataset.relations}
    trades = {t.trade_id: t for t in dataset.trades}
    payments = {p.payment_id: p for p in dataset.payments}
    for row in dataset.truth:
        if row.case == "third_party_known":
            pair = (trades[row.trade_id].buyer_name, payments[row.payment_id].payer_name)
            assert pair in listed


def test_cli_writes_the_set(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["simulate", "reconcile", "--seed", "3", "--payments", "120", "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    with (tmp_path / "P.csv").open(encoding="utf-8") as handle:
        assert sum(1 for _ in csv.reader(handle)) == 121
    bad = CliRunner().invoke(app, ["simulate", "nonsense"])
    assert bad.exit_code == 1
