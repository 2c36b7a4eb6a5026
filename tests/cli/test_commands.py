"""The `yipay` commands end to end on SQLite (Typer's CliRunner), its help, and its lazy start."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from typer.testing import CliRunner

from tests.support.cli import ok
from yipay.entrypoints.cli.main import app

GROUPS = (
    "merchants",
    "buyers",
    "trades",
    "payments",
    "fx",
    "payouts",
    "ledger",
    "monitor",
    "reports",
    "audit",
    "users",
    "db",
    "serve",
)
HEAVY = ("sqlalchemy", "fastapi", "duckdb", "pyarrow", "numpy", "alembic")


def test_help_lists_the_command_groups():
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    for group in GROUPS:
        assert f" {group} " in result.stdout, group


def test_start_up_imports_no_heavy_library():
    code = (
        "import yipay.entrypoints.cli.main, sys;"
        f" print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_the_console_script_help_lists_the_groups(tmp_path):
    done = subprocess.run(
        [str(Path(sys.executable).with_name("yipay")), "--help"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        cwd=tmp_path,
        env=os.environ | {"YIPAY_DATABASE_URL": f"sqlite:///{tmp_path / 'never.sqlite3'}"},
    )
    assert done.returncode == 0, done.stderr
    assert all(f" {group} " in done.stdout for group in GROUPS)
    assert not (tmp_path / "never.sqlite3").exists()  # help touches no database


def test_register_receive_settle_and_verify(cli, tmp_path: Path):
    user = ok(cli("users", "create", "alice", "--role", "admin"))
    assert user["name"] == "alice"
    assert user["roles"] == ["admin"]
    assert user["api_key"].startswith("yp_")
    assert len(user["api_key"]) > 20

    name = "义乌市小商品有限公司"
    merchant = ok(
        cli(
            "merchants",
            "create",
            json.dumps(
                {
                    "legal_name": name,
                    "business_form": "company",
                    "id_number": "91330782MA2ABCDE1X",
                    "shop_no": "F1-001",
                    "kyc_status": "approved",
                    "settlement_account": {
                        "bank_name": "ICBC Yiwu",
                        "account_no": "6222000011112222",
                        "account_name": name,
                    },
                }
            ),
        )
    )
    shop = ok(cli("users", "create", "shop", "--role", "merchant", "--merchant", merchant["id"]))
    assert shop["merchant_id"] == merchant["id"]

    buyer_doc = tmp_path / "buyer.json"
    buyer_doc.write_text(
        json.dumps(
            {
                "name": "Gulf Trading LLC",
                "country": "AE",
                "party_type": "non_natural",
                "id_type": "foreign_registration",
                "id_number": "DXB-12345",
            }
        ),
        encoding="utf-8",
    )
    buyer = ok(cli("buyers", "create", f"@{buyer_doc}"))
    trade = ok(
        cli(
            "trades",
            "create",
            json.dumps(
                {
                    "merchant_id": merchant["id"],
                    "buyer_id": buyer["id"],
                    "reference": "INV-2026-0012",
                    "amount": "3000.00",
                    "currency": "USD",
                    "trade_date": "2026-11-01",
                }
            ),
        )
    )
    assert (trade["provenance"], trade["verification"]) == ("platform", "verified")

    # the CLI runs on the system clock: rates from an hour ago are fresh
    as_of = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    rates = tmp_path / "rates.csv"
    rates.write_text(
        f"base,quote,bid,ask,source,as_of\nUSD,CNY,7.1000,7.1400,PARTNER,{as_of}\n",
        encoding="utf-8",
    )
    imported = cli("fx", "import-rates", str(rates))
    assert imported.exit_code == 0, imported.stderr
    assert "1 rate(s) added" in imported.stdout

    created = ok(
        cli(
            "payments",
            "create",
            json.dumps(
                {
                    "amount": "2985.00",
                    "currency": "USD",
                    "value_date": datetime.now(UTC).date().isoformat(),
                    "merchant_id": merchant["id"],
                    "payer": {
                        "name": "Gulf Trading LLC",
                        "account": "AE070331234567890123456",
                        "bic": "EBILAEAD",
                        "country": "AE",
                    },
                    "charges": "15.00",
                    "charge_bearer": "SHA",
                    "remittance_info": "payment for INV 2026 0012",
                    "end_to_end_id": "E2E-1",
                }
            ),
        )
    )
    assert created["status"] == "credited"
    assert created["duplicate"] is False

    shown = ok(cli("payments", "show", created["id"]))
    assert shown["status"] == "credited"
    assert [
        (a["trade_id"], a["received"]["amount"], a["charges"]["amount"])
        for a in shown["allocations"]
    ] == [(trade["id"], "2985.00", "15.00")]
    assert shown["holds"] == []

    settled = ok(cli("payments", "settle", created["id"]))
    assert settled["sold"] == {"amount": "2985.00", "currency": "USD"}
    assert settled["bought"]["currency"] == "CNY"
    assert Decimal(settled["client_rate"]) < Decimal(settled["bank_rate"]) == Decimal("7.1000")
    assert ok(cli("payments", "show", created["id"]))["status"] == "settled"
    assert settled["payout"]["status"] == "approved"  # under the CNY approval threshold

    # the payout goes to the bank as pain.001; the bank's pain.002 confirms it
    outbox = tmp_path / "outbox"
    exported = cli("payouts", "export", "--out", str(outbox))
    assert exported.exit_code == 0, exported.stderr
    [document] = list(outbox.glob("*.pain001.xml"))
    from yipay.jobs.bank_simulator import answer_pain001

    answer = tmp_path / "answer.pain002.xml"
    answer.write_bytes(answer_pain001(document.read_bytes(), at=datetime.now(UTC)))
    applied = cli("payouts", "status", str(answer))
    assert applied.exit_code == 0, applied.stderr
    assert "1 applied, 0 unchanged, 0 unmatched, 0 for review" in applied.stdout
    again = cli("payouts", "status", str(answer))
    assert "0 applied, 1 unchanged" in again.stdout
    [payout] = ok(cli("payouts", "list"))
    assert payout["status"] == "confirmed"
    today = datetime.now(UTC).date()
    statement = cli(
        "ledger",
        "statement",
        "--merchant",
        merchant["id"],
        "--currency",
        "CNY",
        "--from",
        (today - timedelta(days=1)).isoformat(),
        "--to",
        (today + timedelta(days=2)).isoformat(),
        "--format",
        "csv",
    )
    assert statement.exit_code == 0, statement.stderr
    kinds = [line.split(",")[1] for line in statement.stdout.strip().splitlines()[1:]]
    assert kinds == ["opening", "conversion", "payout", "closing"]
    assert statement.stdout.strip().endswith(",0.00")

    verified = cli("ledger", "verify")
    assert verified.exit_code == 0, verified.stderr
    assert "ledger ok" in verified.stdout
    audit = cli("audit", "verify")
    assert audit.exit_code == 0, audit.stderr
    assert " sealed" in audit.stdout
    backing = cli("ledger", "backing")
    assert backing.exit_code == 0, backing.stderr
    rows = json.loads(backing.stdout)
    assert {r["currency"] for r in rows} >= {"USD", "CNY"}
    assert all(r["backed"] for r in rows)


def test_a_payments_file_is_received_and_processed(cli, tmp_path: Path):
    merchant = ok(
        cli(
            "merchants",
            "create",
            json.dumps(
                {
                    "legal_name": "Shop",
                    "business_form": "individual_business",
                    "id_number": "330782X",
                    "shop_no": "F2-002",
                    "kyc_status": "approved",
                }
            ),
        )
    )
    payer = {"name": "A", "account": "1", "bic": "EBILAEAD", "country": "AE"}
    lines = [
        {
            "amount": f"{i}00.00",
            "currency": "USD",
            "value_date": "2026-11-03",
            "merchant_id": merchant["id"],
            "payer": payer,
            "end_to_end_id": f"E2E-{i}",
        }
        for i in range(1, 4)
    ]
    path = tmp_path / "payments.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in [*lines, lines[0]]) + "\n", encoding="utf-8")
    result = cli("payments", "import", str(path))
    assert result.exit_code == 0, result.stderr
    assert "3 received, 1 duplicate(s)" in result.stdout
    listed = ok(cli("payments", "list", "--merchant", merchant["id"]))
    assert sorted(p["amount"]["amount"] for p in listed) == ["100.00", "200.00", "300.00"]
    assert {p["status"] for p in listed} == {"suspense"}  # no trade names them
