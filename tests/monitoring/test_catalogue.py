"""The catalogue documents itself, and every rule's SQL stays inside the portable contract."""

import re
from pathlib import Path

import pytest
import sqlglot
from sqlglot import exp

from yipay.monitoring.catalogue_doc import render
from yipay.monitoring.portable import TRANSACTION_COLUMNS, bind, referenced_tables
from yipay.monitoring.rules import CATALOGUE

DOC = Path(__file__).resolve().parents[2] / "docs" / "rules.md"
RULES = list(CATALOGUE.values())
CANONICAL = {name for name, _ in TRANSACTION_COLUMNS}
# functions that do not mean the same on every engine, or exist on one only
NOT_PORTABLE = {"quantile_cont", "quantile_disc", "median", "time_bucket", "list", "string_agg"}


def test_docs_rules_md_is_generated_from_the_catalogue():
    assert DOC.read_text(encoding="utf-8") == render(), (
        "docs/rules.md is stale: run python -m yipay.monitoring.catalogue_doc > docs/rules.md"
    )


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_every_rule_documents_its_parameters_and_uses_each_of_them(rule):
    assert rule.version
    assert 1 <= rule.typology <= 11
    assert rule.parameters
    assert all(p.description for p in rule.parameters)
    used = set(re.findall(r":([a-z_]+)", rule.sql))
    assert used == {p.name for p in rule.parameters}
    assert rule.measure != "the rule's measure"  # said in words, for the explanation


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_every_rule_declares_what_it_reads(rule):
    tree = sqlglot.parse_one(rule.sql, read="duckdb")
    assert referenced_tables(rule.sql) == rule.tables()
    read = {c.name for c in tree.find_all(exp.Column)} & CANONICAL
    declared = {need.partition(".")[2] for need in rule.requires | rule.optional}
    # columns every source has (ids, time, amount and currency) need no declaration; the others
    # must be declared, as required or as read when present
    always = {"txn_id", "ts_us", "day_no", "payer_id", "payee_id", "amount_minor", "currency"}
    assert read - declared <= always
    assert not rule.requires & rule.optional


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_every_rule_renders_for_spark_with_portable_functions_only(rule):
    spark = bind(rule.sql, rule.values(), "spark")
    tree = sqlglot.parse_one(spark, read="spark")
    names = {f.sql_name().lower() for f in tree.find_all(exp.Func)}
    assert not names & NOT_PORTABLE
    assert not _distinct_windows(spark)
    assert re.search(r":[a-z]", spark) is None  # every parameter bound


def _distinct_windows(sql: str) -> list[str]:
    """Any COUNT(DISTINCT …) OVER in the SQL (none allowed: not portable)."""
    return re.findall(r"COUNT\(DISTINCT[^)]*\)\s*OVER", sql, flags=re.IGNORECASE)
