"""DuckDB, the default engine: rule SQL over Parquet on one machine."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from yipay.monitoring.domain import Hit, Rule


class DuckDBEngine:
    """An in-process DuckDB connection with Parquet files exposed as views."""

    name = "duckdb"

    def __init__(self, threads: int | None = None) -> None:
        import duckdb

        self._con = duckdb.connect()
        if threads:
            self._con.execute(f"SET threads = {int(threads)}")
        self._tables: set[str] = set()

    def register(self, table: str, path: Path) -> None:
        source = str(path / "*.parquet" if path.is_dir() else path).replace("'", "''")
        self._con.execute(
            f"CREATE OR REPLACE VIEW {table} AS SELECT * FROM read_parquet('{source}')"
        )
        self._tables.add(table)

    def tables(self) -> frozenset[str]:
        return frozenset(self._tables)

    def columns(self, table: str) -> frozenset[str]:
        names = [r[0] for r in self._con.execute(f"DESCRIBE {table}").fetchall()]
        if not names:
            return frozenset()
        counts = ", ".join(f'COUNT("{n}")' for n in names)
        (row,) = self._con.execute(f"SELECT {counts} FROM {table}").fetchall()
        return frozenset(n for n, c in zip(names, row, strict=True) if c)

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        return self._con.execute(sql).fetchall()

    def close(self) -> None:
        self._con.close()


def run_rule(history: Path, rule: Rule, params: dict[str, Decimal]) -> list[Hit]:
    """The first rule's path over the platform export (to be replaced by evidence rows)."""
    engine = DuckDBEngine()
    try:
        engine.register("transactions", history)
        bound: dict[str, Any] = {name: int(value) for name, value in params.items()}
        rows = engine._con.execute(rule.sql, bound).fetchall()
    finally:
        engine.close()
    hits = []
    for payment_id, subject_id, booking_day, amount_usd_minor in rows:
        assert isinstance(booking_day, date)
        hits.append(Hit(rule.id, subject_id, booking_day, payment_id, int(amount_usd_minor)))
    return hits
