"""The fast path of `yipay reconcile`: CSV lines straight to engine rows, several processes, and
the cheap digests the engine filters with. Each must agree with the plain path it shortcuts."""

import random

import pytest
from typer.testing import CliRunner

from yipay.core.money import Money
from yipay.entrypoints.cli.main import app
from yipay.matching.files import (
    decimal_text,
    fast_payment_rows,
    fast_trade_rows,
    parse_payments,
    parse_trades,
)
from yipay.matching.reconcile import payment_row, trade_row
from yipay.matching.references import (
    digit_print,
    key_prints,
    reference_keys,
    text_keys,
    transpositions,
)

PAYMENTS = (
    "\ufeffpayment_id, value_date ,amount,currency,payer_name,payer_country,payer_account,"
    "remittance_info,beneficiary_id,charges_amount,charges_currency,charge_bearer,"
    "instructed_amount,instructed_currency\r\n"
    'P1,2026-04-10,2985.5,usd,"Ahmed, Al Mansouri",ae,AE07001,"PAY INV-2026-000124\nBED",mer_1,'
    "15.00,USD,slev,,\r\n"
    "\r\n"
    "P2, 2026-04-12 ,1500.000,USD,Olga,,,GOODS,mer_1,0,USD,,3000,JPY\r\n"
    "P3,2026-04-12,100,CNH,Wang Wei,CN,,,mer_2\r\n"
)
TRADES = (
    "trade_id,merchant_id,buyer_name,buyer_country,amount,currency,trade_date,invoice_no\n"
    "T1,mer_1,Ahmed Al Mansouri,ae,3000.00,USD,2026-04-01,INV-2026-000124\n"
    "T2,mer_1,Olga,RU,1500,JPY,2026-04-02\n"
    'T3,mer_2,"Wang, Wei",CN,100.10,CNY,2026-04-03,"A,B"\n'
)


def test_fast_rows_are_the_record_rows():
    read = fast_payment_rows(PAYMENTS.splitlines(keepends=True))
    assert read is not None
    rows, total = read
    assert total == 3
    assert [p for p, _row in rows] == [0, 1, 2]
    expected = [payment_row(p) for p in parse_payments(PAYMENTS, name="p")]
    assert [row for _p, row in rows] == expected
    trades = fast_trade_rows(TRADES.splitlines(keepends=True))
    assert trades == [trade_row(t) for t in parse_trades(TRADES, name="t")]


def test_fast_rows_keep_only_the_merchants_asked_for_but_count_every_payment():
    read = fast_payment_rows(PAYMENTS.splitlines(keepends=True), lambda m: m == "mer_2")
    assert read is not None
    assert [(p, row[0]) for p, row in read[0]] == [(2, "P3")]
    assert read[1] == 3
    trades = fast_trade_rows(TRADES.splitlines(keepends=True), lambda m: m == "mer_1")
    assert trades is not None
    assert [t[0] for t in trades] == ["T1", "T2"]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("2985.5", "+2985.5"),  # accepted by the record parser, not by the fast one
        ("2985.5", "2985.555"),
        ("2026-04-10", "10/04/2026"),
        ("usd", "XQQ"),
        ("P2,", "P1,"),
        ("slev", "XYZ"),
        ("payer_country", "payer_name"),
        ("mer_2\r\n", "mer_2,,,,,,extra\r\n"),
    ],
)
def test_fast_rows_give_up_on_anything_unusual(old, new):
    assert fast_payment_rows(PAYMENTS.replace(old, new, 1).splitlines(keepends=True)) is None


def test_decimal_text_is_money_amount_text():
    rng = random.Random(5)
    for exponent, code in ((0, "JPY"), (2, "USD"), (3, "KWD")):
        for minor in [0, 1, 9, 10, 99, 100, 101, *(rng.randrange(10**12) for _ in range(200))]:
            assert decimal_text(minor, exponent) == str(
                Money(minor, Money.zero(code).currency).amount
            )


def test_key_prints_are_text_keys_and_a_necessary_condition():
    rng = random.Random(7)
    alphabet = "INV 0 00 1 2 9 - / A ORD 2026 000124 é 12 "
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 50)))
        keys, prints = key_prints(text)
        assert set(keys) == text_keys(text)
        assert prints == frozenset(digit_print(k) for k in keys)
        assert all(digit_print(k) == mark for k, mark in keys.items())
        reference = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 20)))
        for key in reference_keys(reference):
            assert digit_print(key) == digit_print(reference)
            assert all(digit_print(t) == digit_print(key) for t in transpositions(key))


def _files(tmp_path, seed):
    rng = random.Random(seed)
    names = ["Ahmed Al Mansouri", "Olga Petrova", "Golden Bridge Trading", "Wang Wei", "Ivan"]
    trades = ["trade_id,merchant_id,buyer_name,buyer_country,amount,currency,trade_date,invoice_no"]
    payments = [
        (
            "payment_id,value_date,amount,currency,payer_name,payer_country,payer_account,"
            "remittance_info,beneficiary_id,charges_amount,charges_currency,charge_bearer"
        )
    ]
    for n in range(400):
        merchant = f"mer_{rng.randrange(25)}"
        amount = rng.randrange(10_000, 900_000)
        buyer = rng.choice(names)
        trades.append(
            f"T{n},{merchant},{buyer},AE,{amount // 100}.{amount % 100:02d},USD,"
            f"2026-04-{rng.randint(1, 28):02d},INV-2026-{n:06d}"
        )
        if rng.random() < 0.8:
            paid = amount - rng.choice([0, 0, 1500, amount // 3])
            info = rng.choice([f"INV 2026 {n}", "GOODS", f"INV-2026-{n + 1:06d}", ""])
            payments.append(
                f"P{n},2026-05-{rng.randint(1, 28):02d},{paid // 100}.{paid % 100:02d},USD,"
                f"{rng.choice([buyer, *names])},AE,,{info},{merchant},,,SHA"
            )
    (tmp_path / "p.csv").write_text("\n".join(payments) + "\n", encoding="utf-8")
    (tmp_path / "t.csv").write_text("\n".join(trades) + "\n", encoding="utf-8")


@pytest.mark.parametrize("seed", [1, 2])
def test_output_is_the_same_whatever_the_number_of_processes(tmp_path, seed):
    _files(tmp_path, seed)
    outputs = []
    for workers in ("1", "2", "3"):
        result = CliRunner().invoke(
            app,
            [
                *("reconcile", "--payments", str(tmp_path / "p.csv")),
                *("--trades", str(tmp_path / "t.csv"), "--workers", workers),
                *("--output", str(tmp_path / f"m{workers}.csv")),
                *("--suggestions", str(tmp_path / f"s{workers}.csv")),
            ],
        )
        assert result.exit_code == 0, result.output
        outputs.append(
            (
                (tmp_path / f"m{workers}.csv").read_text(encoding="utf-8"),
                (tmp_path / f"s{workers}.csv").read_text(encoding="utf-8"),
                result.output,
            )
        )
    assert outputs[0] == outputs[1] == outputs[2]
    assert outputs[0][0].count("\n") > 300


def test_input_the_fast_reader_refuses_still_reconciles(tmp_path):
    _files(tmp_path, 3)
    args = [
        *("reconcile", "--payments", str(tmp_path / "p.csv"), "--trades", str(tmp_path / "t.csv")),
    ]
    plain = CliRunner().invoke(app, [*args, "--output", str(tmp_path / "a.csv")])
    assert plain.exit_code == 0, plain.output
    text = (tmp_path / "p.csv").read_text(encoding="utf-8")
    first = text.splitlines()[1].split(",")[2]
    (tmp_path / "p.csv").write_text(text.replace(f",{first},", f",+{first},", 1), encoding="utf-8")
    signed = CliRunner().invoke(app, [*args, "--output", str(tmp_path / "b.csv")])
    assert signed.exit_code == 0, signed.output
    assert (tmp_path / "a.csv").read_text() == (tmp_path / "b.csv").read_text()


def test_a_bad_payments_file_is_reported_before_a_bad_rates_file(tmp_path):
    _files(tmp_path, 4)
    text = (tmp_path / "p.csv").read_text(encoding="utf-8")
    (tmp_path / "p.csv").write_text(text.replace("2026-05-", "2026/05/", 1), encoding="utf-8")
    (tmp_path / "r.csv").write_text("base,quote\nUSD,CNY\n", encoding="utf-8")
    result = CliRunner().invoke(
        app,
        [
            *("reconcile", "--payments", str(tmp_path / "p.csv")),
            *("--trades", str(tmp_path / "t.csv"), "--rates", str(tmp_path / "r.csv")),
            *("--output", str(tmp_path / "m.csv")),
        ],
    )
    assert result.exit_code == 1
    assert "p.csv line" in result.output
    assert "not an ISO" in result.output
