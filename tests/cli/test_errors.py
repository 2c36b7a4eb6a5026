"""Bad input at the command line: one line on stderr starting "error:", a non-zero exit, no
traceback, and nothing stored.

Errors the commands raise as yipay errors are turned into that line by the console-script entry
(`yipay.entrypoints.cli.main:run`), so these tests call `run()` in-process with `sys.argv` set, as
the `yipay` script does; a few run the real script in a subprocess.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from yipay.entrypoints.cli import context
from yipay.entrypoints.cli.main import run

YIPAY = Path(sys.executable).with_name("yipay")
PAYER = {"name": "Gulf Trading LLC", "account": "AE07033", "bic": "EBILAEAD", "country": "AE"}
PAYMENT = {
    "amount": "2985.00",
    "currency": "USD",
    "value_date": "2026-11-03",
    "payer": PAYER,
    "end_to_end_id": "E2E-1",
}


@dataclass
class Outcome:
    code: int
    out: str
    err: str


@pytest.fixture
def env(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[dict[str, str]]:
    """A fresh migrated SQLite database for the CLI, and a fresh (uncached) container."""
    values = {"YIPAY_DATABASE_URL": sqlite_url, "YIPAY_DATA_DIR": str(tmp_path)}
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)  # no stray .env file is read
    context.container.cache_clear()
    yield values
    if context.container.cache_info().currsize:
        context.container().dispose()
    context.container.cache_clear()


@pytest.fixture
def yipay(env: dict[str, str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    """`yipay ARGS…` in-process through the console-script entry."""

    def invoke(*args: str, stdin: str | None = None) -> Outcome:
        monkeypatch.setattr(sys, "argv", ["yipay", *args])
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        capsys.readouterr()
        try:
            run()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        else:
            code = 0
        captured = capsys.readouterr()
        return Outcome(code, captured.out, captured.err)

    return invoke


def assert_one_error_line(outcome: Outcome, *fragments: str) -> str:
    assert outcome.code != 0, outcome
    assert "Traceback" not in outcome.err + outcome.out
    lines = outcome.err.splitlines()
    assert len(lines) == 1, outcome.err
    assert lines[0].startswith("error: "), lines[0]
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
    return lines[0]


def stored_payments(yipay) -> list[dict[str, object]]:
    listed = yipay("payments", "list")
    assert listed.code == 0, listed
    rows: list[dict[str, object]] = json.loads(listed.out)
    return rows


@pytest.mark.parametrize("group", ["merchants", "buyers", "trades", "payments"])
def test_malformed_json_is_one_error_line(yipay, group):
    outcome = yipay(group, "create", '{"amount": "1.00",')
    assert_one_error_line(outcome, "malformed JSON")


def test_malformed_json_from_stdin_or_a_file_is_one_error_line(yipay, tmp_path):
    assert_one_error_line(yipay("merchants", "create", "-", stdin="{bad"), "malformed JSON")
    doc = tmp_path / "merchant.json"
    doc.write_text("{bad", encoding="utf-8")
    assert_one_error_line(yipay("merchants", "create", f"@{doc}"), "malformed JSON")
    missing = tmp_path / "nope.json"
    assert_one_error_line(yipay("merchants", "create", f"@{missing}"), str(missing))


@pytest.mark.parametrize(
    ("fields", "fragment"),
    [
        ({"currency": "XYZ"}, "XYZ"),
        ({"amount": 2985.5}, "float"),
        ({"amount": "1.001"}, "decimals"),
        ({"amount": "-5.00"}, "positive"),
        ({"surprise": 1}, "surprise"),
    ],
)
def test_a_bad_payment_is_one_error_line_and_stores_nothing(yipay, fields, fragment):
    outcome = yipay("payments", "create", json.dumps(PAYMENT | fields))
    assert_one_error_line(outcome, fragment)
    assert stored_payments(yipay) == []


def test_an_unknown_trade_currency_is_one_error_line(yipay):
    trade = {
        "merchant_id": "m",
        "buyer_id": "b",
        "reference": "INV-1",
        "amount": "10.00",
        "currency": "XYZ",
        "trade_date": "2026-11-01",
    }
    assert_one_error_line(yipay("trades", "create", json.dumps(trade)), "XYZ")


@pytest.mark.parametrize(
    "args", [("payments", "import"), ("fx", "import-rates")], ids=["payments", "rates"]
)
def test_a_missing_file_is_one_error_line(yipay, tmp_path, args):
    missing = tmp_path / "missing.file"
    assert_one_error_line(yipay(*args, str(missing)), str(missing), "no such file")
    assert_one_error_line(yipay(*args, str(tmp_path)), "no such file")  # a directory


@pytest.mark.parametrize(
    "args", [("payments", "import"), ("fx", "import-rates")], ids=["payments", "rates"]
)
def test_a_file_that_is_not_utf8_is_one_error_line(yipay, tmp_path, args):
    path = tmp_path / "latin1.txt"
    path.write_bytes("base,quote\nUSD,CNY,\xa37\n".encode("latin-1") + b"\xff\xfe")
    assert_one_error_line(yipay(*args, str(path)), str(path))
    assert_one_error_line(yipay("merchants", "create", f"@{path}"), str(path))


def test_a_rates_file_with_a_bad_row_names_the_line_and_stores_nothing(yipay, tmp_path):
    path = tmp_path / "rates.csv"
    path.write_text(
        "base,quote,bid,ask,source,as_of\n"
        "USD,CNY,7.1000,7.1400,PARTNER,2026-11-03T00:30:00Z\n"
        "EUR,CNY,seven,7.8000,PARTNER,2026-11-03T00:30:00Z\n",
        encoding="utf-8",
    )
    assert_one_error_line(yipay("fx", "import-rates", str(path)), "line 3")
    rates = yipay("fx", "rates")
    assert rates.code == 0
    assert json.loads(rates.out) == []


def test_a_rates_file_without_its_columns_is_one_error_line(yipay, tmp_path):
    path = tmp_path / "rates.csv"
    path.write_text("base,quote\nUSD,CNY\n", encoding="utf-8")
    assert_one_error_line(yipay("fx", "import-rates", str(path)), "missing columns")


def test_a_payments_file_with_one_bad_line_stores_nothing(yipay, tmp_path):
    good = [PAYMENT | {"end_to_end_id": f"E2E-{i}"} for i in range(3)]
    path = tmp_path / "payments.jsonl"
    lines = [json.dumps(good[0]), json.dumps(good[1] | {"amount": 12.5}), json.dumps(good[2])]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert_one_error_line(yipay("payments", "import", str(path)), "line 2", "amount")
    assert stored_payments(yipay) == []
    path.write_text(json.dumps(good[0]) + "\n{not json\n", encoding="utf-8")
    assert_one_error_line(yipay("payments", "import", str(path)), "line 2")
    assert stored_payments(yipay) == []


def test_a_payments_file_refused_while_booking_stores_nothing(yipay, tmp_path):
    """The last line parses but cannot be received exactly once (no reference at all)."""
    no_reference = {k: v for k, v in PAYMENT.items() if k != "end_to_end_id"}
    path = tmp_path / "payments.jsonl"
    path.write_text(json.dumps(PAYMENT) + "\n" + json.dumps(no_reference) + "\n", encoding="utf-8")
    assert_one_error_line(yipay("payments", "import", str(path)))
    assert stored_payments(yipay) == []


def test_an_unknown_payment_is_one_error_line(yipay):
    assert_one_error_line(yipay("payments", "show", "pay_nope"), "pay_nope")
    assert_one_error_line(
        yipay("payments", "release", "pay_nope", "--analyst", "ann", "--reason", "ok"), "pay_nope"
    )
    assert_one_error_line(yipay("payments", "settle", "pay_nope"), "pay_nope")


def test_other_bad_arguments_are_one_error_line(yipay):
    assert_one_error_line(yipay("payments", "list", "--status", "lost"), "lost")
    assert_one_error_line(yipay("merchants", "kyc", "mer_x", "--status", "maybe"))
    assert_one_error_line(yipay("merchants", "show", "mer_nope"), "mer_nope")
    assert_one_error_line(yipay("users", "create", "bob", "--role", "wizard"), "wizard")
    assert_one_error_line(yipay("users", "create", "bob", "--role", "merchant"), "--merchant")


# -- the real console script ----------------------------------------------------------------------
def _script(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(YIPAY), *args],
        capture_output=True,
        text=True,
        env=os.environ | env,
        cwd=cwd,
        timeout=120,
        check=False,
    )


def test_the_console_script_reports_bad_input_in_one_line(env, tmp_path):
    done = _script("merchants", "create", "{bad", env=env, cwd=tmp_path)
    assert_one_error_line(Outcome(done.returncode, done.stdout, done.stderr), "malformed JSON")
    done = _script(
        "payments", "create", json.dumps(PAYMENT | {"amount": 1.5}), env=env, cwd=tmp_path
    )
    assert_one_error_line(Outcome(done.returncode, done.stdout, done.stderr), "float")


def test_an_unreachable_database_is_one_error_line(tmp_path):
    env = {"YIPAY_DATABASE_URL": "postgresql://u@127.0.0.1:1/x", "YIPAY_DATA_DIR": str(tmp_path)}
    done = _script("payments", "list", env=env, cwd=tmp_path)
    assert_one_error_line(Outcome(done.returncode, done.stdout, done.stderr), "error: database: ")


def test_a_refused_rule_change_is_one_line(yipay):
    rule = "TBML-03-THIRD-PARTY-COUNTRY"
    outcome = yipay("monitor", "set", rule, "--by", "sup", "--reason", "r", "--param", "nope=1")
    assert_one_error_line(outcome, "has no parameter 'nope'")
    assert_one_error_line(yipay("monitor", "set", "NOPE", "--by", "s", "--reason", "r"), "no rule")


def test_a_backtest_with_an_unknown_parameter_is_one_line(yipay):
    rule = "TBML-03-THIRD-PARTY-COUNTRY"
    outcome = yipay("monitor", "backtest", rule, "--param", "nope=1")
    assert_one_error_line(outcome, "has no parameter 'nope'")


def test_rematching_an_unknown_merchant_is_one_line(yipay):
    assert_one_error_line(yipay("payments", "rematch", "--merchant", "mer_nobody"), "mer_nobody")
