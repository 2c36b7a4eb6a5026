"""The rule catalogue."""

from __future__ import annotations

from yipay.monitoring.domain import Rule
from yipay.monitoring.rules import third_party_country

CATALOGUE: dict[str, Rule] = {rule.id: rule for rule in (third_party_country.RULE,)}
