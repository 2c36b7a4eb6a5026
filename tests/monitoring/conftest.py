"""Fixtures shared by the monitoring tests: one Spark session per run and the conformance data.

The Spark tests need Java and the `spark` extra. Where either is missing they are skipped with a
reason that says which (`make test` installs the extra, so there only a missing Java skips them).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.monitoring import conformance_data
from yipay.monitoring.engines.duckdb_engine import DuckDBEngine
from yipay.monitoring.engines.spark_engine import SparkEngine, java_found

JAVA_MISSING = "Java is missing: Spark conformance not run"
PYSPARK_MISSING = (
    "pyspark is not installed: Spark conformance not run"
    " (pip install -r requirements/lock-spark.txt; `make test` installs it)"
)

# The test JVM lives a minute and runs many small queries: compiling them with C1 only (no C2)
# spares the two cores the optimising compiler's work and halves the Spark tests' time.
TEST_CONF = {"spark.driver.extraJavaOptions": "-XX:TieredStopAtLevel=1"}


def spark_unavailable() -> str | None:
    """Why Spark cannot run here, or None when it can."""
    if not java_found():
        return JAVA_MISSING
    if importlib.util.find_spec("pyspark") is None:
        return PYSPARK_MISSING
    return None


@pytest.fixture(scope="session")
def spark_engine() -> Iterator[SparkEngine]:
    """The one Spark session of the test run (local mode, two cores)."""
    reason = spark_unavailable()
    if reason:
        pytest.skip(reason)
    engine = SparkEngine("local[2]", **TEST_CONF)
    try:
        yield engine
    finally:
        engine.close()


@pytest.fixture(scope="session")
def conformance_tables(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return conformance_data.build(tmp_path_factory.mktemp("conformance"))


@pytest.fixture(scope="session")
def _duckdb_with_conformance_tables(
    conformance_tables: dict[str, Path],
) -> Iterator[DuckDBEngine]:
    duck = DuckDBEngine()
    for table, path in conformance_tables.items():
        duck.register(table, path)
    try:
        yield duck
    finally:
        duck.close()


@pytest.fixture
def engine_pair(
    _duckdb_with_conformance_tables: DuckDBEngine,
    conformance_tables: dict[str, Path],
    spark_engine: SparkEngine,
) -> tuple[DuckDBEngine, SparkEngine]:
    """DuckDB and Spark with the conformance tables registered under the same names.

    Spark's views belong to the one session, so another test may have pointed `transactions`
    at its own file since: those views are registered again (only those: it takes a while).
    """
    register_again(spark_engine, conformance_tables)
    return _duckdb_with_conformance_tables, spark_engine


def register_again(spark: SparkEngine, tables: dict[str, Path]) -> None:
    """Register the tables that are missing or point at another file than `tables` says."""
    for table, path in tables.items():
        if table not in spark.tables() or spark.source(table) != path:
            spark.register(table, path)
