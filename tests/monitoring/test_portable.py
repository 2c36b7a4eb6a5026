"""The portable rule contract: binding, table discovery and the DuckDB engine's view of Parquet."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from tests.monitoring.canonical import write_transactions
from yipay.monitoring.engines.duckdb_engine import DuckDBEngine
from yipay.monitoring.portable import bind, referenced_tables


def test_parameters_are_bound_as_literals_in_each_dialect() -> None:
    sql = "SELECT txn_id FROM transactions WHERE amount_minor >= :floor"
    assert bind(sql, {"floor": Decimal(900_000)}, "duckdb").endswith("amount_minor >= 900000")
    assert bind(sql, {"floor": Decimal("0.5")}, "spark").endswith("amount_minor >= 0.5")


def test_an_unbound_parameter_is_refused() -> None:
    with pytest.raises(KeyError, match="floor"):
        bind("SELECT 1 FROM transactions WHERE amount_minor > :floor", {}, "duckdb")


def test_tables_read_by_a_rule_exclude_its_own_ctes() -> None:
    sql = "WITH x AS (SELECT * FROM transactions) SELECT * FROM x JOIN trades USING (trade_id)"
    assert referenced_tables(sql) == {"transactions", "trades"}


def test_duckdb_engine_sees_shanghai_days_and_only_filled_columns(tmp_path: Path) -> None:
    path = write_transactions(
        tmp_path / "t.parquet",
        [
            {
                "txn_id": "T1",
                "ts": "2026-11-03T17:00:00+00:00",  # 01:00 on 4 November in Shanghai
                "payer_id": "A",
                "payee_id": "B",
                "amount_minor": 100,
            }
        ],
    )
    engine = DuckDBEngine()
    try:
        engine.register("transactions", path)
        assert engine.tables() == {"transactions"}
        assert engine.query("SELECT day_no, amount_usd_minor FROM transactions") == [(20761, 100)]
        filled = engine.columns("transactions")
        assert {"txn_id", "ts_us", "payer_id", "amount_usd_minor"} <= filled
        assert "payer_country" not in filled
    finally:
        engine.close()
