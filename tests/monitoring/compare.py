"""Comparing engines' rows: values with their Python types, in a deterministic order."""

from __future__ import annotations

from collections import Counter
from typing import Any

TypedRow = tuple[tuple[str, Any], ...]


def typed(rows: list[tuple[Any, ...]]) -> list[TypedRow]:
    """Each value with its type's name beside it (1 and 1.0 differ), sorted by repr.

    Types count: a DOUBLE on one engine and a BIGINT or DECIMAL on the other prints differently
    in ALERTS.csv and can round differently.
    """
    return sorted((tuple((type(v).__name__, v) for v in row) for row in rows), key=repr)


def values(rows: list[TypedRow], column: int) -> list[Any]:
    return [row[column][1] for row in rows]


def types(rows: list[TypedRow], column: int) -> set[str]:
    return {row[column][0] for row in rows}


def difference(duck: list[TypedRow], spark: list[TypedRow], limit: int = 5) -> str:
    """What one engine returned and the other did not, briefly (a full diff can be huge)."""
    only_duck = list((Counter(duck) - Counter(spark)).elements())
    only_spark = list((Counter(spark) - Counter(duck)).elements())
    return (
        f"{len(only_duck)} row(s) only on DuckDB, e.g. {only_duck[:limit]};"
        f" {len(only_spark)} only on Spark, e.g. {only_spark[:limit]}"
    )
