"""Small histories for rule tests: payments in USD at hours after a fixed start, run on DuckDB."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from tests.monitoring.canonical import write_transactions
from yipay.monitoring import batch
from yipay.monitoring.domain import Rule
from yipay.monitoring.engines.duckdb_engine import DuckDBEngine
from yipay.monitoring.portable import Evidence

# Thursday 5 March 2026, 10:00 in Shanghai: day_no 20517, the first day of a 7-day (and of a
# 3-day) tumbling window, so tests choose on purpose whether payments share a window
START = datetime(2026, 3, 5, 2, 0, tzinfo=UTC)
START_DAY = 20517


def at(days: float = 0, hours: float = 0) -> datetime:
    return START + timedelta(days=days, hours=hours)


def pay(
    txn_id: str, payer: str, payee: str, usd: float, when: datetime, **extra: Any
) -> dict[str, Any]:
    """A USD payment of `usd` dollars."""
    cents = round(Decimal(str(usd)) * 100)
    return {
        "txn_id": txn_id,
        "ts": when,
        "payer_id": payer,
        "payee_id": payee,
        "amount_minor": cents,
        **extra,
    }


def evidence(
    tmp_path: Path, rule: Rule, rows: Iterable[Mapping[str, Any]], **overrides: int
) -> list[Evidence]:
    """The rule's evidence rows over these transactions, with some parameters overridden."""
    path = write_transactions(tmp_path / f"{rule.id}.parquet", rows)
    engine = DuckDBEngine()
    try:
        engine.register("transactions", path)
        params = rule.values({k: Decimal(v) for k, v in overrides.items()})
        return batch.evidence(engine, rule, params)
    finally:
        engine.close()


def txns(found: Iterable[Evidence]) -> list[str]:
    return sorted({e.txn_id for e in found})


def alerts(found: Iterable[Evidence]) -> dict[tuple[str, int], list[str]]:
    """Evidence grouped as alerts: (subject, window) → its transactions."""
    grouped: dict[tuple[str, int], set[str]] = {}
    for e in found:
        grouped.setdefault((e.subject_id, e.window_no), set()).add(e.txn_id)
    return {key: sorted(ids) for key, ids in sorted(grouped.items())}
