"""Run rule SQL on DuckDB over the exported Parquet history."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from yipay.monitoring.domain import Hit, Rule


def run_rule(history: Path, rule: Rule, params: dict[str, Decimal]) -> list[Hit]:
    import duckdb

    con = duckdb.connect()
    try:
        source = str(history).replace("'", "''")
        con.execute(f"CREATE VIEW transactions AS SELECT * FROM read_parquet('{source}')")
        bound: dict[str, Any] = {name: int(value) for name, value in params.items()}
        rows = con.execute(rule.sql, bound).fetchall()
    finally:
        con.close()
    hits = []
    for payment_id, subject_id, booking_day, amount_usd_minor in rows:
        assert isinstance(booking_day, date)
        hits.append(Hit(rule.id, subject_id, booking_day, payment_id, int(amount_usd_minor)))
    return hits
