"""`yipay simulate transactions`: the files, the summary, and one clear line for bad input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from .aml_support import header, rows


def test_simulate_transactions_writes_a_labelled_dataset(cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "monitoring"
    result = cli(
        "simulate", "transactions", "--seed", "5", "--transactions", "3000", "--out", str(out),
        "--rate", "cycle=0.002", "--rate", "11=0",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"{out / 'transactions.csv'}: " in result.output
    assert "laundering: " in result.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["config"]["seed"] == 5
    assert manifest["config"]["rates"]["cycle"] == "0.002"
    assert manifest["patterns"]["split_declaration"]["cases"] == 0
    assert manifest["patterns"]["cycle"]["transactions"] >= 6
    assert manifest["transactions"]["normal"] == 3000
    labels = rows(out / "labels_transactions.csv")
    assert {r["pattern"] for r in labels} >= {"cycle", "structuring"}
    assert "split_declaration" not in {r["pattern"] for r in labels}
    assert header(out / "transactions.csv")[:6] == [
        "txn_id", "ts", "payer_id", "payee_id", "amount", "currency",
    ]  # fmt: skip


def test_simulate_transactions_as_parquet(cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "pq"
    result = cli("simulate", "transactions", "--transactions", "2000", "--out", str(out),
                 "--format", "parquet")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert {p.name for p in out.iterdir()} == {
        "transactions.parquet", "trades.parquet", "goods_lines.parquet",
        "labels_transactions.csv", "labels_accounts.csv", "manifest.json",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--rate", "cycles=0.1"], "unknown pattern 'cycles'"),
        (["--rate", "cycle"], "--rate takes PATTERN=RATE"),
        (["--rate", "cycle=lots"], "rate for cycle is not a number"),
        (["--rate", "cycle=0.5"], "rate of cycle must be between 0 and 0.05"),
        (["--rate", "12=0.001"], "unknown typology 12"),
        (["--format", "xlsx"], "unknown format 'xlsx'"),
        (["--seed", "99999999999999999999"], "seed must be between"),
    ],
)
def test_bad_options_give_one_clear_line(
    cli: Any, tmp_path: Path, args: list[str], message: str
) -> None:
    result = cli("simulate", "transactions", "--transactions", "2000", "--out",
                 str(tmp_path / "x"), *args)  # fmt: skip
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "x").exists()
