"""`yipay intake parse|import|watch|accounts` end to end (the API is in tests/api)."""

from __future__ import annotations

import json
from typing import Any

from typer.testing import CliRunner, Result

from tests.conftest import SHARED_DATA
from tests.intake import support
from yipay.entrypoints.cli.main import app
from yipay.intake.messages.record import CONTRACT_KEYS

BANK = SHARED_DATA / "bank-messages"


def _lines(result: Result) -> list[dict[str, Any]]:
    assert result.exit_code == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_parse_prints_one_contract_object_per_credit_without_a_database(tmp_path, monkeypatch):
    monkeypatch.setenv("YIPAY_DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    single = runner.invoke(
        app, ["intake", "parse", str(BANK / "mt103" / "prowide-single-charges.fin")]
    )
    [record] = _lines(single)
    assert list(record)[: len(CONTRACT_KEYS)] == list(CONTRACT_KEYS)
    assert (record["source_format"], record["amount"], record["currency"]) == (
        "mt103",
        "1321",
        "USD",
    )
    assert record["charge_bearer"] == "BEN"
    assert record["instructed_amount"] == "1350"
    batch = _lines(
        runner.invoke(
            app, ["intake", "parse", str(BANK / "camt.054" / "moov-postfinance-batch.xml")]
        )
    )
    assert len(batch) == 6
    assert sum(float(r["amount"]) for r in batch) == 1500
    debits = runner.invoke(
        app, ["intake", "parse", str(BANK / "camt.054" / "genkgo-camt054.v2.xml")]
    )
    assert _lines(debits) == []  # debits give nothing by default …
    everything = runner.invoke(
        app, ["intake", "parse", "--all", str(BANK / "camt.054" / "genkgo-camt054.v2.xml")]
    )
    assert _lines(everything)
    assert {r["direction"] for r in _lines(everything)} == {"debit"}


def test_parse_names_the_bad_file_in_one_line_and_exits_non_zero(tmp_path):
    bad = tmp_path / "evil.xml"
    bad.write_text(
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'
    )
    good = BANK / "mt103" / "prowide-single-with-uetr.fin"
    result = CliRunner().invoke(app, ["intake", "parse", str(good), str(bad)])
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 1  # the good file still printed
    [line] = result.stderr.splitlines()
    assert line.startswith(f"error: {bad}")
    assert "DOCTYPE" in line


def test_import_takes_files_once_and_reports_duplicates_and_rejects(cli, tmp_path):
    merchant = json.loads(
        cli(
            "merchants",
            "create",
            json.dumps(
                {
                    "legal_name": "义乌市李明日用品商行",
                    "business_form": "individual_business",
                    "id_number": "92330782MA2EXAMP01",
                    "shop_no": "D2-15",
                    "kyc_status": "approved",
                    "kyc_expires_on": "2028-12-31",
                    "settlement_account": {
                        "bank_name": "ABC",
                        "account_no": "6228480001",
                        "account_name": "义乌市李明日用品商行",
                    },
                }
            ),
        ).stdout
    )
    accounts = json.loads(cli("intake", "accounts", merchant["id"]).stdout)
    usd = next(a["number"] for a in accounts if a["currency"] == "USD")
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "a.xml").write_bytes(support.pacs008(support.credit(usd)))
    (inbox / "b.fin").write_bytes(
        support.mt103(support.credit(usd, uetr="9b2a7f1c-3d4e-4f50-8a6b-7c8d9e0f1a2b"))
    )
    (inbox / "bad.xml").write_bytes(b"<Document xmlns='urn:other'><x/></Document>")
    first = cli("intake", "import", str(inbox))
    assert first.exit_code == 1  # one file was rejected
    assert "rejected: " in first.stdout
    assert "bad.xml" in first.stdout
    assert "3 file(s): 2 received, 0 duplicate(s)" in first.stdout
    (inbox / "bad.xml").unlink()
    again = cli("intake", "import", "--json", str(inbox))
    assert again.exit_code == 0
    summary = json.loads(again.stdout)
    assert summary["totals"]["received"] == 0
    assert summary["totals"]["duplicates"] == 2
    assert all(f["duplicate_of"] for f in summary["files"])
    listed = json.loads(cli("intake", "files").stdout)
    assert len(listed) == 2


def test_watch_moves_files_to_processed_or_failed_with_an_error_file(cli, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "ok.xml").write_bytes(support.pacs008(support.credit("8884000000000158")))
    (inbox / "broken.fin").write_bytes(
        b"{1:F01BANKBEBBAXXX0000000000}{2:I103BANKDEFFXXXXN}{4:\r\n:20:X\r\n"
    )
    result = cli("intake", "watch", str(inbox), "--once")
    assert result.exit_code == 0, result.stderr
    assert (inbox / "processed" / "ok.xml").exists()
    assert (inbox / "failed" / "broken.fin").exists()
    error = (inbox / "failed" / "broken.fin.error").read_text()
    assert error.startswith(str(inbox / "broken.fin"))
    assert len(error.splitlines()) == 1
    assert not list(inbox.glob("*.xml"))
    assert not list(inbox.glob("*.fin"))
