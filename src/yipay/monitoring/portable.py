"""The portable rule contract: the tables rules read, the rows they return, one SQL for all engines.

A batch rule is one SELECT written in DuckDB's dialect, restricted to a subset that sqlglot
transpiles to Spark SQL unchanged in meaning: integer minor units and integer time (`ts_us`,
`day_no`) so windows are integer arithmetic; explicit ROUND/FLOOR; no `COUNT(DISTINCT) OVER`,
no engine-only functions. Parameters appear as `:name` placeholders and are bound as literals
before transpiling, so every engine sees the same constants.

Every rule returns *evidence rows* with exactly the columns of `EVIDENCE_COLUMNS`, one row per
evidencing transaction: `(subject_id, window_no, txn_id, measure)`. Grouping them into alerts
(one per rule, subject and window) and scoring happen in Python, identically for every engine,
so the conformance test can compare the evidence rows themselves.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

# The canonical `transactions` table. External files (CSV/Parquet with the generic layout) and
# the platform's own history export are both loaded into it; columns a source lacks are NULL.
# time: ts is naive UTC (microseconds); ts_us = epoch microseconds; day_no = days since
# 1970-01-01 of the regulatory calendar date (Asia/Shanghai by default) of ts.
TRANSACTION_COLUMNS: tuple[tuple[str, str], ...] = (
    ("txn_id", "VARCHAR"),
    ("ts", "TIMESTAMP"),
    ("ts_us", "BIGINT"),
    ("day_no", "INTEGER"),
    ("payer_id", "VARCHAR"),
    ("payee_id", "VARCHAR"),
    ("amount_minor", "BIGINT"),
    ("currency", "VARCHAR"),
    ("amount_usd_minor", "BIGINT"),  # NULL when no reference rate is known
    ("payer_name", "VARCHAR"),
    ("payee_name", "VARCHAR"),
    ("payer_country", "VARCHAR"),
    ("payee_country", "VARCHAR"),
    ("channel", "VARCHAR"),
    ("purpose", "VARCHAR"),
    ("trade_ref", "VARCHAR"),
    # platform-only facts (NULL on external files)
    ("buyer_id", "VARCHAR"),
    ("buyer_country", "VARCHAR"),
)

# Trade facts, present when the source has them (the platform's history, or `--trades` files).
# A rule reading a table or column that the source lacks is skipped, never run on NULLs.
TRADE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("trade_id", "VARCHAR"),  # what transactions.trade_ref points at
    ("merchant_id", "VARCHAR"),
    ("buyer_id", "VARCHAR"),
    ("buyer_name", "VARCHAR"),
    ("buyer_country", "VARCHAR"),
    ("kind", "VARCHAR"),  # 1039 market procurement, 9610 e-commerce, 0110 general trade
    ("declaration_no", "VARCHAR"),
    ("agent_id", "VARCHAR"),  # the export agent (1039)
    ("trade_day_no", "INTEGER"),
    ("export_day_no", "INTEGER"),  # NULL until exported
    ("amount_minor", "BIGINT"),
    ("currency", "VARCHAR"),
    ("amount_usd_minor", "BIGINT"),
    ("prepayment", "BOOLEAN"),  # money may come before the trade, up to the deadline
    ("prepayment_deadline_day_no", "INTEGER"),
)
GOODS_LINE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("trade_id", "VARCHAR"),
    ("line_no", "INTEGER"),
    ("hs_code", "VARCHAR"),  # 6+ digits; the heading is the first 4
    ("description", "VARCHAR"),
    ("quantity", "BIGINT"),
    ("unit_price_usd_micro", "BIGINT"),  # unit price in millionths of a USD
    ("value_usd_minor", "BIGINT"),
)

# The columns every external file must carry; the rest are optional.
REQUIRED_FILE_COLUMNS = ("txn_id", "ts", "payer_id", "payee_id", "amount", "currency")
OPTIONAL_FILE_COLUMNS = (
    "payer_name",
    "payee_name",
    "payer_country",
    "payee_country",
    "channel",
    "purpose",
    "trade_ref",
)

EVIDENCE_COLUMNS = ("subject_id", "window_no", "txn_id", "measure")


@dataclass(frozen=True, slots=True)
class Evidence:
    """One evidencing transaction of a rule for a subject in a window."""

    subject_id: str
    window_no: int
    txn_id: str
    measure: int


class Engine(Protocol):
    """A SQL engine that rules run on: DuckDB on one machine, Spark when history outgrows it."""

    name: str

    def register(self, table: str, path: Path) -> None:
        """Expose a Parquet file (or directory) as a table for the following queries."""

    def tables(self) -> frozenset[str]:
        """The tables registered so far."""

    def columns(self, table: str) -> frozenset[str]:
        """Columns of a registered table that hold at least one non-NULL value."""

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        """Run SQL already rendered in this engine's dialect; rows as Python values."""

    def close(self) -> None: ...


def bind(sql: str, params: Mapping[str, Decimal], dialect: str) -> str:
    """Bind `:name` placeholders as numeric literals and render the SQL in `dialect`."""
    import sqlglot
    from sqlglot import exp

    tree = sqlglot.parse_one(sql, read="duckdb")
    names = {p.name for p in tree.find_all(exp.Placeholder)}
    missing = names - set(params)
    if missing:
        raise KeyError(f"no value for parameter(s) {', '.join(sorted(missing))}")
    literals = {name: exp.Literal.number(str(params[name])) for name in names}
    return exp.replace_placeholders(tree, **literals).sql(dialect=dialect)


def referenced_tables(sql: str) -> frozenset[str]:
    import sqlglot
    from sqlglot import exp

    tree = sqlglot.parse_one(sql, read="duckdb")
    ctes = {cte.alias for cte in tree.find_all(exp.CTE)}
    return frozenset(t.name for t in tree.find_all(exp.Table)) - ctes
