"""The trade-based rules on DuckDB: each fires on its fixture with the exact evidence rows and
stays silent on its benign look-alike (cases in trade_cases_money / trade_cases_goods)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from tests.monitoring import trade_cases_goods, trade_cases_money
from tests.monitoring.trade_rule_runner import Case, evidence, register
from yipay.monitoring.engines.duckdb_engine import DuckDBEngine
from yipay.monitoring.portable import EVIDENCE_COLUMNS, bind, referenced_tables
from yipay.monitoring.rules.trade_rules import MODULES, TRADE_RULES

CASES = trade_cases_money.CASES + trade_cases_goods.CASES


@pytest.fixture
def duckdb() -> Iterator[DuckDBEngine]:
    engine = DuckDBEngine(threads=1)
    yield engine
    engine.close()


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_rule_returns_exactly_the_expected_evidence(
    case: Case, duckdb: DuckDBEngine, tmp_path: Path
) -> None:
    register(duckdb, tmp_path, case.data)
    assert evidence(duckdb, case.rule, case.overrides) == case.expected


def test_every_rule_has_a_firing_fixture_and_a_benign_look_alike() -> None:
    for module in MODULES:
        mine = [c for c in CASES if c.rule is module]
        assert any(c.expected for c in mine), module.RULE.id
        assert any(not c.expected for c in mine), module.RULE.id


@pytest.mark.parametrize("trade_rule", TRADE_RULES, ids=lambda t: t.rule.id)
def test_rule_sql_is_portable_and_declares_what_it_reads(trade_rule) -> None:
    rule = trade_rule.rule
    spark = bind(rule.sql, rule.values(), "spark")
    assert "SELECT" in spark
    assert referenced_tables(rule.sql) == {r for r in trade_rule.requires if "." not in r}
    for name in {r.split(".")[0] for r in trade_rule.requires}:
        assert name in referenced_tables(rule.sql)
    assert all(f":{p.name}" in rule.sql for p in rule.parameters)
    assert trade_rule.subject in {"merchant", "payer"}


def test_evidence_rows_have_the_contract_columns(duckdb: DuckDBEngine, tmp_path: Path) -> None:
    register(duckdb, tmp_path, trade_cases_money.BALANCES)
    for trade_rule in TRADE_RULES:
        sql = bind(trade_rule.rule.sql, trade_rule.rule.values(), "duckdb")
        names = [c[0] for c in duckdb._con.execute(sql).description]
        assert tuple(names) == EVIDENCE_COLUMNS, trade_rule.rule.id


@pytest.mark.parametrize("trade_rule", TRADE_RULES, ids=lambda t: t.rule.id)
def test_scores_stay_in_unit_interval_and_grow_with_the_measure(trade_rule) -> None:
    params = trade_rule.rule.values()
    scores = [trade_rule.score(m, 1, params) for m in (1, 2, 10, 100, 10**4, 10**9)]
    assert all(Decimal(0) <= s <= Decimal(1) for s in scores)
    assert scores == sorted(scores)
    assert trade_rule.score(10**9, 1, params) > Decimal("0.5")
    assert trade_rule.score(10, 5, params) >= trade_rule.score(10, 1, params)
