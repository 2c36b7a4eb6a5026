"""Apache Spark: the same rule SQL as DuckDB, for a history that outgrows one machine.

The rule SQL is bound and transpiled to Spark's dialect by `portable.bind(sql, params, "spark")`;
this engine only exposes Parquet as temporary views and returns rows as the same Python values
DuckDB gives (str, int, bool, Decimal, date, naive datetime for naive timestamps), so the
conformance test can compare the two engines' rows directly.

pyspark is an optional extra (`pip install -r requirements/lock-spark.txt`) and is imported
only when an engine is built. Spark keeps its default ANSI mode: an overflow or a division by
zero is an error rather than a silently wrapped number or an engine-specific NULL/inf.
"""

from __future__ import annotations

import logging
import os
import shutil
from importlib import resources
from pathlib import Path
from typing import Any

from yipay.core.errors import ConfigurationError

# Settings from the environment notes. Local masters only: the host name resolves oddly, so
# the driver binds to loopback (a cluster's executors must reach the driver, so not there).
# Always: no UI, no progress bars, plain-text logs, few shuffle partitions (2 cores; pass more
# in `conf` for a cluster), and UTC so that timestamps mean the same as in DuckDB.
LOCAL_CONF: dict[str, str] = {
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.driver.host": "127.0.0.1",
}
COMMON_CONF: dict[str, str] = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.log.structuredLogging.enabled": "false",
    "spark.sql.shuffle.partitions": "4",
    "spark.sql.session.timeZone": "UTC",
}
JAVA_OPTIONS = "spark.driver.extraJavaOptions"
# pyspark logs every failed query a second time, as JSON, through these Python loggers; the
# exception raised to the caller already says everything.
_PYSPARK_ERROR_LOGGERS = ("SQLQueryContextLogger", "DataFrameQueryContextLogger")


def java_found() -> bool:
    """Whether pyspark can start a JVM: $JAVA_HOME/bin/java when JAVA_HOME is set, else PATH."""
    java_home = os.environ.get("JAVA_HOME")
    if java_home:
        return Path(java_home, "bin", "java").is_file()
    return shutil.which("java") is not None


def _log4j_option() -> str:
    config = resources.files("yipay.monitoring.engines") / "spark-log4j2.properties"
    return f"-Dlog4j2.configurationFile=file:{Path(str(config))}"


class SparkEngine:
    """One SparkSession (built, or the active one reused) with Parquet files as temp views."""

    name = "spark"

    def __init__(self, master: str = "local[2]", **conf: str) -> None:
        """Build a session on `master` (`local[N]` or a cluster URL); `conf` overrides ours.

        A session already active in this process is reused as it is (master and conf ignored).

        Raises ImportError without pyspark, ConfigurationError without Java.
        """
        from pyspark.errors import PySparkRuntimeError
        from pyspark.logger import PySparkLogger
        from pyspark.sql import SparkSession

        if not java_found():
            raise ConfigurationError(
                "Java is missing (no java on PATH or in JAVA_HOME): the Spark engine cannot start",
                code="spark_unavailable",
            )

        local = master.startswith("local")
        if local:
            os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        settings = {**(LOCAL_CONF if local else {}), **COMMON_CONF, **conf}
        java = settings.get(JAVA_OPTIONS, "")
        if "log4j2.configurationFile" not in java:  # the caller's options, and our quiet logs
            settings[JAVA_OPTIONS] = f"{_log4j_option()} {java}".strip()

        active = SparkSession.getActiveSession()
        self._owns_session = active is None
        if active is not None:  # reused as its owner configured it
            self._spark = active
        else:
            builder = SparkSession.builder.master(master).appName("yipay-monitoring")
            for key, value in settings.items():
                builder = builder.config(key, value)
            try:
                self._spark = builder.getOrCreate()
            except PySparkRuntimeError as error:  # the JVM did not start or did not answer
                raise ConfigurationError(
                    f"Spark did not start on {master}: {str(error).splitlines()[0]}",
                    code="spark_unavailable",
                ) from error
        self._spark.sparkContext.setLogLevel("ERROR")
        for logger in _PYSPARK_ERROR_LOGGERS:
            PySparkLogger.getLogger(logger).setLevel(logging.CRITICAL)
        self._sources: dict[str, Path] = {}

    @property
    def version(self) -> str:
        return str(self._spark.version)

    def register(self, table: str, path: Path) -> None:
        """A file, or every `*.parquet` of a directory (as DuckDBEngine reads it)."""
        source = path / "*.parquet" if path.is_dir() else path
        self._spark.read.parquet(str(source)).createOrReplaceTempView(table)
        self._sources[table] = path

    def tables(self) -> frozenset[str]:
        return frozenset(self._sources)

    def source(self, table: str) -> Path:
        """Where a table was last registered from (views are shared by the whole session)."""
        return self._sources[table]

    def columns(self, table: str) -> frozenset[str]:
        from pyspark.sql import functions as f

        frame = self._spark.table(table)
        names = frame.columns
        if not names:
            return frozenset()
        row = frame.agg(*(f.count(frame[n]) for n in names)).first()
        assert row is not None  # a global aggregate always yields one row
        return frozenset(n for n, c in zip(names, row, strict=True) if c)

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        """Rows through Arrow: Python types as DuckDB gives them, and fast for large results."""
        table = self._spark.sql(sql).toArrow()
        columns = [column.to_pylist() for column in table.columns]
        return list(zip(*columns, strict=True))

    def close(self) -> None:
        """Stop the session if this engine started it; a reused session belongs to its owner."""
        if self._owns_session:
            self._spark.stop()
