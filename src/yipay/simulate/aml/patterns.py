"""The laundering patterns the monitoring simulator injects, with their DOMAIN.md typology.

Typologies 1-11 are those of DOMAIN.md; the eight network patterns of IBM AMLworld are filed
under the typology whose rule family catches them: fan-in/fan-out shapes are structuring (4),
a chain of mules forwarding money within hours is rapid in-out (6), funds returning to their
origin are cycles (10). A rate is the pattern's laundering transactions per normal transaction
(0.0002 = 2 in 10,000); the defaults keep the whole at about 0.4 % of the transactions.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Pattern:
    name: str
    typology: int
    default_rate: Decimal
    description: str


PATTERNS: tuple[Pattern, ...] = (
    Pattern(
        "no_trade",
        1,
        Decimal("0.0001"),
        "collection with no trade, or a trade id that does not exist",
    ),
    Pattern(
        "over_balance",
        1,
        Decimal("0.0001"),
        "collections of one trade adding up to more than its amount",
    ),
    Pattern(
        "trade_reuse",
        2,
        Decimal("0.0001"),
        "a paid trade presented again, or one declaration under two trades",
    ),
    Pattern(
        "third_party_foreign",
        3,
        Decimal("0.0001"),
        "an unrelated payer from another country pays a buyer's trade",
    ),
    Pattern(
        "structuring",
        4,
        Decimal("0.0002"),
        "several collections just under USD 10,000 from one payer",
    ),
    Pattern(
        "fan_out", 4, Decimal("0.0002"), "one payer splits money over many merchants the same day"
    ),
    Pattern("fan_in", 4, Decimal("0.0002"), "many new payers pay one merchant within two days"),
    Pattern(
        "gather_scatter",
        4,
        Decimal("0.0002"),
        "many payers pay one merchant, who sends it on to many accounts",
    ),
    Pattern(
        "scatter_gather",
        4,
        Decimal("0.0002"),
        "one source spreads money over mules who all pay one merchant",
    ),
    Pattern(
        "bipartite", 4, Decimal("0.0002"), "a set of payers pays a set of merchants, many to many"
    ),
    Pattern(
        "stack", 4, Decimal("0.0002"), "sources pay a layer of mules who pay a set of merchants"
    ),
    Pattern(
        "price_anomaly",
        5,
        Decimal("0.0001"),
        "unit prices far above the heading's band, or value far above the goods",
    ),
    Pattern(
        "early_payment",
        6,
        Decimal("0.0001"),
        "money long before the trade without a prepayment, or after its deadline",
    ),
    Pattern("late_payment", 6, Decimal("0.0001"), "money more than half a year after export"),
    Pattern(
        "rapid_in_out",
        6,
        Decimal("0.0002"),
        "collection, settlement and onward transfer within hours",
    ),
    Pattern(
        "random", 6, Decimal("0.0002"), "money walks through mules, each forwarding within hours"
    ),
    Pattern(
        "goods_mismatch",
        7,
        Decimal("0.0001"),
        "the remittance names other goods than the trade's lines",
    ),
    Pattern(
        "high_risk_jurisdiction", 8, Decimal("0.0001"), "payer in a sanctioned or high-risk country"
    ),
    Pattern(
        "offshore_shell", 8, Decimal("0.0001"), "an offshore company pays other people's trades"
    ),
    Pattern(
        "dormant_awakening",
        9,
        Decimal("0.0001"),
        "a merchant idle for 90+ days suddenly receives large sums",
    ),
    Pattern(
        "new_account_burst", 9, Decimal("0.0002"), "a new merchant receives large sums at once"
    ),
    Pattern(
        "profile_drift",
        9,
        Decimal("0.0002"),
        "an established merchant's volume jumps far above its history",
    ),
    Pattern("cycle", 10, Decimal("0.0002"), "money returns to its origin in 2-4 hops within days"),
    Pattern(
        "cash_inflow",
        10,
        Decimal("0.0001"),
        "cash deposits just under the reporting line presented as trade",
    ),
    Pattern(
        "split_declaration",
        11,
        Decimal("0.0001"),
        "one shipment declared as several 1039 declarations under the cap",
    ),
)

PATTERN_BY_NAME: dict[str, Pattern] = {p.name: p for p in PATTERNS}
TYPOLOGIES: tuple[int, ...] = tuple(range(1, 12))
