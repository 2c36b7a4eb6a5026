"""The trade-based rules (typologies 1, 2, 3, 5, 6, 7, 8, 11), as the catalogue will take them.

Each rule module holds `RULE` (the `Rule` the catalogue lists), `SUBJECT` (whose alerts they
are: the merchant paid, or the payer), `REQUIRES` (the tables, and `table.column`s that must
hold values, without which the rule is skipped rather than run on NULLs) and
`score(measure, count, params)`: a score in [0, 1] for one alert from the largest measure among
its evidence rows and the number of evidencing transactions. `TradeRule` carries the four
together until `Rule` has fields for them.

Rules that join `goods_keywords` or `high_risk_countries` need those tables registered first:
`lookups.write_lookup_tables(directory)` writes them from the packaged files.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from types import ModuleType

from yipay.monitoring.domain import Rule, Scorer, SubjectKind, Window
from yipay.monitoring.rules import (
    collection_timing,
    declaration_reuse,
    goods_mismatch,
    jurisdiction,
    no_trade,
    offshore_shell,
    over_balance,
    over_goods_value,
    split_declarations,
    third_party_trade,
    unit_price_band,
    used_up_trade,
)


@dataclass(frozen=True, slots=True)
class TradeRule:
    rule: Rule
    subject: str
    requires: frozenset[str]
    score: Scorer
    optional: frozenset[str] = frozenset()
    measure: str = ""


MODULES: tuple[ModuleType, ...] = (
    no_trade,
    over_balance,
    used_up_trade,
    declaration_reuse,
    third_party_trade,
    unit_price_band,
    over_goods_value,
    collection_timing,
    goods_mismatch,
    jurisdiction,
    offshore_shell,
    split_declarations,
)

TRADE_RULES: tuple[TradeRule, ...] = tuple(
    TradeRule(m.RULE, m.SUBJECT, m.REQUIRES, m.score, m.OPTIONAL, m.MEASURE) for m in MODULES
)


def catalogued(trade_rule: TradeRule) -> Rule:
    """The rule as the catalogue runs it: whom it is about, what it reads, how it scores. Each
    rule's `window_no` is a regulatory day (the collection's, or the first of a group's)."""
    return replace(
        trade_rule.rule,
        subject=SubjectKind(trade_rule.subject),
        requires=trade_rule.requires,
        optional=trade_rule.optional,
        measure=trade_rule.measure,
        window=Window(days=1, anchored=True),
        scoring=trade_rule.score,
    )


RULES: tuple[Rule, ...] = tuple(catalogued(t) for t in TRADE_RULES)
