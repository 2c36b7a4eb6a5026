"""The engine factory: DuckDB by default, Spark only when asked for and installed."""

import sys
from types import SimpleNamespace

import pytest

from yipay.monitoring.engines import open_engine
from yipay.monitoring.engines.duckdb_engine import DuckDBEngine
from yipay.monitoring.errors import EngineUnavailable

SETTINGS = SimpleNamespace(monitoring_spark_master="local[2]")


def test_duckdb_is_always_there():
    engine = open_engine("duckdb", SETTINGS)
    try:
        assert isinstance(engine, DuckDBEngine)
        assert engine.query("SELECT 1") == [(1,)]
    finally:
        engine.close()


def test_spark_without_its_extra_is_one_clear_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "yipay.monitoring.engines.spark_engine", None)
    with pytest.raises(EngineUnavailable, match="Spark engine is not installed"):
        open_engine("spark", SETTINGS)


def test_an_unknown_engine_is_refused():
    with pytest.raises(EngineUnavailable, match="unknown engine 'oracle'"):
        open_engine("oracle", SETTINGS)
