"""The rule catalogue: every rule the engine runs, by id, in the order the documentation lists."""

from __future__ import annotations

from yipay.monitoring.domain import Rule
from yipay.monitoring.rules import (
    activity,
    cash,
    cycles,
    fans,
    layering,
    profile,
    rapid_in_out,
    structuring,
    third_party_country,
    trade_rules,
)

RULES: tuple[Rule, ...] = (
    third_party_country.RULE,
    *structuring.RULES,
    *fans.RULES,
    *layering.RULES,
    *rapid_in_out.RULES,
    *activity.RULES,
    *profile.RULES,
    *cycles.RULES,
    *cash.RULES,
    *trade_rules.RULES,
)
CATALOGUE: dict[str, Rule] = {rule.id: rule for rule in RULES}
