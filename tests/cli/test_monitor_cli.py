"""`yipay monitor run --transactions FILE`: files in, ALERTS.csv out, no database needed; and
`yipay monitor run` over the platform's own history."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from yipay.entrypoints.cli.main import app
from yipay.monitoring.rules import CATALOGUE

HEADER = "txn_id,ts,payer_id,payee_id,amount,currency,payer_country\n"
# one payer structuring over a week, a three-hop cycle, and ordinary trade around them
TRANSACTIONS = HEADER + (
    "S1,2026-03-05T02:00:00Z,P,M1,9100.00,USD,AE\n"
    "S2,2026-03-06T02:00:00Z,P,M2,9200.00,USD,AE\n"
    "S3,2026-03-07T02:00:00Z,P,M3,64000.00,CNY,AE\n"  # USD 8,913.65 at the built-in rate
    "N1,2026-03-05T03:00:00Z,Q,M1,3000.00,USD,FR\n"
    "N2,2026-03-05T04:00:00Z,R,M2,2500.00,EUR,DE\n"
    "C1,2026-03-09T01:00:00Z,A,B,20000.00,USD,HK\n"
    "C2,2026-03-09T03:00:00Z,B,C,19500.00,USD,HK\n"
    "C3,2026-03-09T06:00:00Z,C,A,19000.00,USD,HK\n"
)
EXPECTED = [  # (rule, subject, evidence): the cycle's middle accounts also pass money on at once
    ("TBML-04-STRUCTURING-BY-PAYER", "P", "S1 S2 S3"),
    ("TBML-06-RAPID-IN-OUT", "B", "C1 C2"),
    ("TBML-06-RAPID-IN-OUT", "C", "C2 C3"),
    ("TBML-10-CYCLE", "A", "C1 C2 C3"),
]


def read(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """A brand-new database URL that must never be created, and a data directory."""
    return {
        "YIPAY_DATABASE_URL": f"sqlite:///{tmp_path / 'never.sqlite3'}",
        "YIPAY_DATA_DIR": str(tmp_path / "data"),
    }


def monitor(env: dict[str, str], *args: str):
    return CliRunner().invoke(app, ["monitor", "run", *args], env=env)


def test_a_csv_file_gives_one_row_per_rule_subject_and_window(tmp_path, env):
    source = tmp_path / "t.csv"
    source.write_text(TRANSACTIONS, encoding="utf-8")
    out = tmp_path / "alerts.csv"
    result = monitor(env, "--transactions", str(source), "--output", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "alert_id,rule_id,subject_id,txn_ids,score"
    rows = read(out)
    assert [(r["rule_id"], r["subject_id"], r["txn_ids"]) for r in rows] == EXPECTED
    for row in rows:
        assert row["alert_id"].startswith("alr_")
        assert 0 <= float(row["score"]) <= 1
        assert len(row["score"].split(".")[1]) == 4
    assert re.search(
        r"TBML-03-THIRD-PARTY-COUNTRY +skipped: the source has no transactions.buyer_country",
        result.stdout,
    )
    assert "loaded 8 transaction(s) (built-in reference rates); engine duckdb" in result.stdout
    assert "4 alert(s) written" in result.stdout
    assert not (tmp_path / "never.sqlite3").exists()


def test_a_parquet_file_gives_the_same_alerts(tmp_path, env):
    source = tmp_path / "t.csv"
    source.write_text(TRANSACTIONS, encoding="utf-8")
    as_text = pacsv.read_csv(
        source,
        convert_options=pacsv.ConvertOptions(
            column_types=dict.fromkeys(HEADER.strip().split(","), pa.string())
        ),
    )
    parquet = tmp_path / "t.parquet"
    pq.write_table(as_text, parquet)
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    assert monitor(env, "--transactions", str(source), "--output", str(first)).exit_code == 0
    result = monitor(env, "--transactions", str(parquet), "--output", str(second))
    assert result.exit_code == 0, result.output
    assert second.read_text(encoding="utf-8") == first.read_text(encoding="utf-8")


def test_trades_feed_the_rules_that_need_the_buyers_country(tmp_path, env):
    source = tmp_path / "t.csv"
    source.write_text(
        "txn_id,ts,payer_id,payee_id,amount,currency,payer_country,trade_ref\n"
        "T1,2026-03-05T02:00:00Z,P,M1,9000.00,USD,BR,TR1\n"
        "T2,2026-03-05T03:00:00Z,Q,M1,9000.00,USD,AE,TR1\n",
        encoding="utf-8",
    )
    trades = tmp_path / "trades.csv"
    trades.write_text(
        "trade_id,merchant_id,buyer_id,buyer_country,trade_date,amount,currency\n"
        "TR1,M1,B1,AE,2026-03-01,18000.00,USD\n",
        encoding="utf-8",
    )
    out = tmp_path / "alerts.csv"
    result = monitor(
        env, "--transactions", str(source), "--trades", str(trades), "--output", str(out)
    )
    assert result.exit_code == 0, result.output
    assert [(r["rule_id"], r["subject_id"], r["txn_ids"]) for r in read(out)] == [
        ("TBML-03-THIRD-PARTY-TRADE", "M1", "T1")
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--transactions", "{dir}/t.csv", "--output", "{dir}/a.csv"],
            "t.csv line 3: amount '9.999'",
        ),
        (["--transactions", "{dir}/none.csv", "--output", "{dir}/a.csv"], "none.csv: no such file"),
        (["--transactions", "{dir}/t.csv"], "--transactions needs --output"),
        (["--output", "{dir}/a.csv"], "need --transactions"),
        (["--transactions", "{dir}/t.csv", "--output", "{dir}/no/a.csv"], "does not exist"),
        (
            ["--transactions", "{dir}/t.csv", "--output", "{dir}/a.csv", "--engine", "oracle"],
            "unknown engine 'oracle'",
        ),
        (
            ["--transactions", "{dir}/t.csv", "--output", "{dir}/a.csv", "--rates", "{dir}/r.csv"],
            "r.csv: missing columns",
        ),
    ],
)
def test_bad_input_is_one_line_and_no_output(tmp_path, env, args, message):
    (tmp_path / "t.csv").write_text(
        HEADER
        + "T1,2026-03-05T02:00:00Z,P,M,1.00,USD,AE\nT2,2026-03-05T02:00:00Z,P,M,9.999,USD,AE\n",
        encoding="utf-8",
    )
    (tmp_path / "r.csv").write_text("base,quote\nUSD,CNY\n", encoding="utf-8")
    result = monitor(env, *(a.format(dir=tmp_path) for a in args))
    assert result.exit_code != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith("error: ")
    assert message in lines[0]
    assert not (tmp_path / "a.csv").exists()


def backtest(env: dict[str, str], *args: str):
    return CliRunner().invoke(app, ["monitor", "backtest", *args], env=env)


def test_a_backtest_over_a_file_compares_a_candidate_with_the_defaults(tmp_path, env):
    source = tmp_path / "t.csv"
    source.write_text(TRANSACTIONS, encoding="utf-8")
    rule = "TBML-04-STRUCTURING-BY-PAYER"
    stricter = backtest(env, rule, "--transactions", str(source), "--param", "min_count=4")
    assert stricter.exit_code == 0, stricter.output
    report = json.loads(stricter.stdout)
    assert report["in_force"]["parameters"]["min_count"] == "3"
    assert report["candidate"]["parameters"]["min_count"] == "4"
    assert (report["in_force"]["alerts"], report["candidate"]["alerts"]) == (1, 0)
    assert report["transactions"] == {
        "in_both": 0,
        "only_in_force": 3,
        "only_candidate": 0,
        "overlap": 0.0,
    }
    # the configuration is the version in force, as for `monitor run --transactions`
    configured = env | {"YIPAY_MONITORING_PARAMETERS": json.dumps({rule: {"min_count": 4}})}
    looser = backtest(configured, rule, "--transactions", str(source), "--param", "min_count=3")
    assert looser.exit_code == 0, looser.output
    report = json.loads(looser.stdout)
    assert (report["in_force"]["alerts"], report["candidate"]["alerts"]) == (0, 1)
    assert not Path(env["YIPAY_DATABASE_URL"].removeprefix("sqlite:///")).exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["NO-SUCH-RULE", "--transactions", "{dir}/t.csv"], "no rule NO-SUCH-RULE"),
        (
            ["TBML-04-STRUCTURING-BY-PAYER", "--transactions", "{dir}/t.csv", "--param", "x=1"],
            "has no parameter 'x'",
        ),
        (
            ["TBML-01-NO-TRADE", "--transactions", "{dir}/t.csv"],
            "cannot run here: the source has no",
        ),
        (["TBML-04-STRUCTURING-BY-PAYER", "--trades", "{dir}/t.csv"], "need --transactions"),
    ],
)
def test_a_bad_file_backtest_is_one_line(tmp_path, env, args, message):
    (tmp_path / "t.csv").write_text(TRANSACTIONS, encoding="utf-8")
    result = backtest(env, *(a.format(dir=tmp_path) for a in args))
    assert result.exit_code != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.output
    assert message in lines[0]


def test_the_console_script_runs_on_a_fresh_database_url(tmp_path, env):
    source = tmp_path / "t.csv"
    source.write_text(TRANSACTIONS, encoding="utf-8")
    done = subprocess.run(
        [
            str(Path(sys.executable).with_name("yipay")),
            "monitor",
            "run",
            "--transactions",
            str(source),
            "--output",
            str(tmp_path / "alerts.csv"),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        cwd=tmp_path,
        env=os.environ | env | {"PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")},
    )
    assert done.returncode == 0, done.stderr
    assert len(read(tmp_path / "alerts.csv")) == len(EXPECTED)
    assert not (tmp_path / "never.sqlite3").exists()


def test_the_platforms_own_history_still_runs(cli):
    result = cli("monitor", "run")
    assert result.exit_code == 0, result.output
    assert "0 transaction(s) scanned; 0 alert(s)" in result.stdout


def test_evaluate_scores_a_simulated_set_per_rule_typology_and_pattern(tmp_path, env):
    runner = CliRunner()
    out = tmp_path / "set"
    made = runner.invoke(
        app,
        ["simulate", "transactions", "--seed", "11", "--transactions", "5000", "--out", str(out)],
        env=env,
    )
    assert made.exit_code == 0, made.output
    result = runner.invoke(app, ["monitor", "evaluate", "--dataset", str(out), "--json"], env=env)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    labelled = sum(1 for _ in csv.DictReader((out / "labels_transactions.csv").open()))
    assert report["overall"]["laundering"] == labelled > 0
    assert set(report["rules"]) == set(CATALOGUE)  # each rule gets its own line
    for line in [report["overall"], *report["typologies"].values(), *report["rules"].values()]:
        for key in ("recall", "precision", "f1"):
            assert line[key] is None or 0.0 <= line[key] <= 1.0
    assert not (tmp_path / "never.sqlite3").exists()
    text = runner.invoke(app, ["monitor", "evaluate", "--dataset", str(out)], env=env)
    assert "per rule" in text.stdout
    assert "TBML-10-CYCLE" in text.stdout
    missing = runner.invoke(app, ["monitor", "evaluate", "--dataset", str(tmp_path)], env=env)
    assert missing.exit_code != 0
    assert "no manifest.json" in missing.output
