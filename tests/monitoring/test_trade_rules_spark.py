"""The trade-based rules give the same evidence rows on Spark as on DuckDB (the firing cases).

Uses the session-wide `spark_engine` fixture of tests/monitoring/conftest.py, which skips with
its reason where Java or pyspark is missing; until that fixture exists this module skips too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.monitoring import trade_cases_goods, trade_cases_money
from tests.monitoring.trade_rule_runner import Case, evidence, register

pytestmark = pytest.mark.spark

FIRING = [c for c in trade_cases_money.CASES + trade_cases_goods.CASES if c.expected]


@pytest.fixture
def spark(request: pytest.FixtureRequest) -> Any:
    try:
        return request.getfixturevalue("spark_engine")
    except pytest.FixtureLookupError:
        pytest.skip("no spark_engine fixture: the Spark engine is not part of this tree")


@pytest.mark.parametrize("case", FIRING, ids=lambda c: c.id)
def test_spark_returns_the_same_evidence_as_duckdb(case: Case, spark: Any, tmp_path: Path) -> None:
    register(spark, tmp_path, case.data)
    assert evidence(spark, case.rule, case.overrides) == case.expected
