from pathlib import Path

from yipay.monitoring.catalogue_doc import render
from yipay.monitoring.rules import CATALOGUE

DOC = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def test_docs_rules_md_is_generated_from_the_catalogue():
    assert DOC.read_text(encoding="utf-8") == render(), (
        "docs/rules.md is stale: run python -m yipay.monitoring.catalogue_doc > docs/rules.md"
    )


def test_every_rule_documents_its_parameters_and_typology():
    for rule in CATALOGUE.values():
        assert rule.version
        assert 1 <= rule.typology <= 11
        assert rule.parameters
        assert all(p.description for p in rule.parameters)
        assert f"${rule.parameters[0].name}" in rule.sql
