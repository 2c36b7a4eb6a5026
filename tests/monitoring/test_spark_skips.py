"""Where Spark cannot run, its tests are skipped, and the engine refuses, naming what is missing."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from tests.monitoring.conftest import JAVA_MISSING, PYSPARK_MISSING, spark_unavailable
from yipay.core.errors import ConfigurationError


def test_no_java_on_the_path_skips_saying_java_is_missing(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", "/nonexistent")
    assert spark_unavailable() == JAVA_MISSING == "Java is missing: Spark conformance not run"


def test_a_java_home_without_java_counts_as_missing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    monkeypatch.setenv("JAVA_HOME", str(tmp_path))
    assert spark_unavailable() == JAVA_MISSING


def test_no_pyspark_skips_saying_how_to_install_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    java = tmp_path / "bin" / "java"
    java.parent.mkdir()
    java.write_text("")
    monkeypatch.setenv("JAVA_HOME", str(tmp_path))
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "pyspark" else real(name, *a)
    )
    assert spark_unavailable() == PYSPARK_MISSING
    assert "lock-spark.txt" in PYSPARK_MISSING


def test_the_engine_refuses_in_one_line_without_java(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    pytest.importorskip("pyspark", reason=PYSPARK_MISSING)
    from yipay.monitoring.engines.spark_engine import SparkEngine

    monkeypatch.setenv("JAVA_HOME", str(tmp_path))
    with pytest.raises(ConfigurationError, match=r"^Java is missing .*cannot start$") as error:
        SparkEngine("local[2]")
    assert error.value.code == "spark_unavailable"
