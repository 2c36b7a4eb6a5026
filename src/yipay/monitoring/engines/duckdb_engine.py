"""DuckDB, the default engine: rule SQL over Parquet on one machine."""

from __future__ import annotations

from pathlib import Path
from typing import Any


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
