"""Engines that run the rule SQL over exported history, and the factory that opens one by name.

DuckDB is the default and always there; Spark is an optional extra, imported only when asked
for, so the package (and the CLI) never pays for a JVM it does not use.
"""

from __future__ import annotations

from typing import Protocol

from yipay.monitoring.errors import EngineUnavailable
from yipay.monitoring.portable import Engine

ENGINES = ("duckdb", "spark")


class EngineSettings(Protocol):
    """What the factory reads from the settings object (kept structural: no settings import)."""

    @property
    def monitoring_spark_master(self) -> str: ...


def open_engine(name: str, settings: EngineSettings) -> Engine:
    """A fresh engine: `duckdb` on this machine, or `spark` at the configured master URL."""
    if name == "duckdb":
        from yipay.monitoring.engines.duckdb_engine import DuckDBEngine

        return DuckDBEngine()
    if name == "spark":
        try:
            from yipay.monitoring.engines.spark_engine import (  # type: ignore[import-not-found,unused-ignore]
                SparkEngine,
            )

            engine: Engine = SparkEngine(master=settings.monitoring_spark_master)
        except ImportError:
            raise EngineUnavailable(
                "the Spark engine is not installed (install the extra: pip install 'yipay[spark]')"
            ) from None
        return engine
    raise EngineUnavailable(f"unknown engine {name!r} (choose {' or '.join(ENGINES)})")
