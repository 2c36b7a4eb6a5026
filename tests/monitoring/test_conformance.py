"""Every rule of the catalogue gives the same evidence rows on DuckDB and on Spark.

One dataset (tests/monitoring/conformance_data.py) for all rules; each rule's SQL is bound with
its default parameters and rendered in each engine's dialect by `portable.bind`, exactly as the
batch runner does. Rows are compared with their Python types (tests/monitoring/compare.py).
A rule that fires on nothing would compare two empty lists, so firing on the dataset is
required; a rule reading a table the dataset lacks fails, never skips.
"""

from __future__ import annotations

import pytest
import sqlglot

from tests.monitoring.compare import difference, typed
from yipay.monitoring.domain import Rule
from yipay.monitoring.engines.duckdb_engine import DuckDBEngine
from yipay.monitoring.engines.spark_engine import SparkEngine
from yipay.monitoring.portable import EVIDENCE_COLUMNS, bind, referenced_tables
from yipay.monitoring.rules import CATALOGUE

pytestmark = pytest.mark.spark

EVIDENCE_TYPES = (str, int, str, int)
# TBML-03 version 1 still reads the old history export (payment_id, merchant_id, booking_day)
# with DuckDB's $name binding; brief B moves it onto the canonical table and evidence rows.
# Strict: once the rule reads the canonical table, this marker stops applying by itself.
_NOT_YET_PORTABLE = pytest.mark.xfail(
    reason="reads the old history export, not the canonical transactions table", strict=True
)


def _not_yet_portable(rule: Rule) -> bool:
    return rule.id == "TBML-03-THIRD-PARTY-COUNTRY" and "$threshold_usd_minor" in rule.sql


RULES = [
    pytest.param(rule, id=rule.id, marks=[_NOT_YET_PORTABLE] if _not_yet_portable(rule) else [])
    for rule in sorted(CATALOGUE.values(), key=lambda r: r.id)
]


def _require_inputs(rule: Rule, duck: DuckDBEngine) -> None:
    """Fail (not skip) when the dataset lacks what the rule reads: a gap here hides a rule."""
    absent = sorted(referenced_tables(rule.sql) - duck.tables())
    missing = getattr(rule, "missing", None)  # Rule.missing(): tables and filled columns
    if not absent and callable(missing):
        absent = missing({table: duck.columns(table) for table in duck.tables()})
    if absent:
        pytest.fail(
            f"{rule.id} reads {', '.join(absent)}, which the conformance dataset lacks:"
            " add it to tests/monitoring/conformance_data.py"
        )


@pytest.mark.parametrize("rule", RULES)
def test_rule_gives_identical_evidence_on_duckdb_and_spark(
    rule: Rule, engine_pair: tuple[DuckDBEngine, SparkEngine]
) -> None:
    duck, spark = engine_pair
    _require_inputs(rule, duck)
    params = rule.values()
    on_duck = typed(duck.query(bind(rule.sql, params, "duckdb")))
    on_spark = typed(spark.query(bind(rule.sql, params, "spark")))

    assert on_duck == on_spark, f"{rule.id}: {difference(on_duck, on_spark)}"
    assert on_duck, f"{rule.id} fires on nothing in the conformance dataset: plant its pattern"
    selected = sqlglot.parse_one(rule.sql, read="duckdb").named_selects
    assert tuple(selected) == EVIDENCE_COLUMNS, f"{rule.id} returns {selected}"
    wrong = [r for r in on_duck if tuple(type(v) for _, v in r) != EVIDENCE_TYPES]
    assert not wrong, f"{rule.id}: evidence rows must be (str, int, str, int), got {wrong[:3]}"


def test_the_catalogue_is_not_empty() -> None:
    """The parametrised test above covers whatever the catalogue holds; it must hold something."""
    assert CATALOGUE
