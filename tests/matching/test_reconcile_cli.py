"""`yipay reconcile` end to end through Typer's CliRunner: files in, files out, no database."""

import csv
import io

import pytest
from typer.testing import CliRunner

from yipay.entrypoints.cli.main import app

PAYMENTS = (
    "payment_id,value_date,amount,currency,payer_name,payer_country,payer_account,"
    "remittance_info,beneficiary_id,charges_amount,charges_currency,charge_bearer,"
    "instructed_amount,instructed_currency\n"
    "P1,2026-04-10,2985.00,USD,Ahmed Al Mansouri,AE,AE07001,PAYMENT FOR INV-2026-000124,mer_1,"
    "15.00,USD,SHA,,\n"
    "P2,2026-04-12,1500.00,USD,Ahmed Al Mansouri,AE,AE07001,GOODS,mer_1,,,SHA,,\n"
    "P3,2026-04-12,2760.00,EUR,Jean Dupont,FR,FR7630001,INV LJ260007,mer_2,,,SHA,3000.00,USD\n"
    "P4,2026-04-12,99.00,USD,Nobody,US,US1,,mer_9,,,,,\n"
)
TRADES = (
    "trade_id,merchant_id,buyer_name,buyer_country,amount,currency,trade_date,invoice_no\n"
    "T1,mer_1,Ahmed Al Mansouri,AE,3000.00,USD,2026-04-01,INV-2026-000124\n"
    "T2,mer_1,Ahmed Al Mansouri,AE,1500.00,USD,2026-04-02,INV-2026-000125\n"
    "T3,mer_1,Ahmed Al Mansouri,AE,1500.00,USD,2026-04-03,INV-2026-000126\n"
    "T4,mer_2,Jean Dupont,FR,3000.00,USD,2026-04-01,LJ-260007\n"
)
RATES = (
    "base,quote,bid,ask,source,as_of\n"
    "USD,CNY,7.1500,7.1800,BANK,2026-04-01T01:30:00Z\n"
    "EUR,CNY,7.7500,7.8000,BANK,2026-04-01T01:30:00Z\n"
)


def read(path):
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


@pytest.fixture
def files(tmp_path):
    (tmp_path / "p.csv").write_text(PAYMENTS, encoding="utf-8")
    (tmp_path / "t.csv").write_text(TRADES, encoding="utf-8")
    (tmp_path / "r.csv").write_text(RATES, encoding="utf-8")
    return tmp_path


def run(tmp_path, *extra):
    args = ["reconcile", "--payments", str(tmp_path / "p.csv"), "--trades", str(tmp_path / "t.csv")]
    return CliRunner().invoke(app, [*args, "--output", str(tmp_path / "m.csv"), *extra])


def test_happy_path(files):
    result = run(files, "--suggestions", str(files / "s.csv"), "--rates", str(files / "r.csv"))
    assert result.exit_code == 0, result.output
    rows = read(files / "m.csv")
    assert rows[0] == ["payment_id", "trade_id", "allocated_amount", "currency", "score"]
    assert [r[:4] for r in rows[1:]] == [
        ["P1", "T1", "2985.00", "USD"],
        ["P2", "", "1500.00", "USD"],
        ["P3", "T4", "2760.00", "EUR"],
        ["P4", "", "99.00", "USD"],
    ]
    assert float(rows[1][4]) > 0.9
    suggestions = read(files / "s.csv")
    assert suggestions[0] == ["payment_id", "rank", "trade_id", "score", "reason", "explanation"]
    assert {(r[0], r[2]) for r in suggestions[1:]} == {("P2", "T2"), ("P2", "T3")}
    assert all("amount" in r[5] for r in suggestions[1:])


def test_without_rates_uses_builtin_table(files):
    result = run(files)
    assert result.exit_code == 0, result.output
    assert read(files / "m.csv")[3][:2] == ["P3", "T4"]


@pytest.mark.parametrize(
    ("target", "content", "message"),
    [
        ("p.csv", "payment_id,amount\nP1,1\n", "p.csv line 1: the header needs value_date"),
        ("p.csv", PAYMENTS.replace("2985.00", "29.855"), "p.csv line 2: amount 29.855 has more"),
        ("p.csv", PAYMENTS.replace("2026-04-12", "12/04/2026", 1), "p.csv line 3: not an ISO"),
        ("p.csv", PAYMENTS.replace("EUR", "XQQ"), "p.csv line 4: unknown currency"),
        ("p.csv", PAYMENTS.replace("P2", "P1"), "payment_id 'P1' appears twice"),
        ("p.csv", PAYMENTS.replace(",SHA,,\n", ",XYZ,,\n", 1), "p.csv line 2: charge_bearer"),
        ("p.csv", PAYMENTS.replace("1500.00", "-5.00"), "p.csv line 3: amount must be positive"),
        ("p.csv", PAYMENTS + "P9,2026-04-12,1.00\n", "p.csv line 6"),
        ("t.csv", TRADES.replace("2026-04-02", ""), "t.csv line 3: trade_date is empty"),
        ("t.csv", TRADES.replace("1500.00", "abc", 1), "t.csv line 3: amount is not a plain"),
        ("t.csv", TRADES + "T5,mer_1,A,AE,1.00,USD,2026-01-01,X,extra\n", "t.csv line 6: more"),
        ("r.csv", RATES.replace("7.1500", "-1"), "r.csv line 2"),
    ],
)
def test_bad_input_is_one_line_naming_file_and_line(files, target, content, message):
    (files / target).write_text(content, encoding="utf-8")
    result = run(files, "--rates", str(files / "r.csv"))
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith("error: ")
    assert message in lines[0]
    assert not (files / "m.csv").exists()


def test_missing_and_non_utf8_files(files):
    (files / "t.csv").unlink()
    result = run(files)
    assert result.exit_code == 1
    assert "t.csv: no such file" in result.output
    (files / "t.csv").write_bytes(b"\xff\xfe\x00bad")
    result = run(files)
    assert result.exit_code == 1
    assert "not UTF-8" in result.output
    assert not (files / "m.csv").exists()
