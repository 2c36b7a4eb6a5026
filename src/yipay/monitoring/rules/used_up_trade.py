"""Typology 2: one trade record presented again, after it is used up or by another merchant.

Every trade has an open balance that collections consume, once. A collection naming a trade
whose amount was already consumed (to within the slack of TBML-01-OVER-BALANCE), and which
carries the total past the amount plus that slack, re-uses the record; so does a collection
paid to a merchant other than the trade's own, whatever the balance.

Subject: the merchant paid. Window: the regulatory day of the first such collection for that
merchant and trade, so re-presentations of one record make one alert. Measure: the share of the
trade consumed up to and including this collection, in percent.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from yipay.monitoring.domain import Parameter, Rule
from yipay.monitoring.rules.collections_sql import COLLECTIONS, TRADE_CONSUMPTION
from yipay.monitoring.rules.scoring import clamp, with_count

SUBJECT = "merchant"
REQUIRES = frozenset({"transactions", "trades", "transactions.trade_ref"})
# read when the source has them (NULL otherwise), never required
OPTIONAL = frozenset(
    {
        "transactions.amount_usd_minor",
        "transactions.channel",
        "transactions.payer_country",
        "transactions.purpose",
    }
)
MEASURE = "the share of the trade consumed up to and including this collection, in percent"

RULE = Rule(
    id="TBML-02-USED-UP-TRADE",
    version="1",
    title="Trade record presented after it is used up, or by another merchant",
    description=(
        "A collection names a trade whose balance earlier collections already consumed, or a"
        " trade registered to another merchant. One trade record must never be used twice: a"
        " second set of payments against the same goods is money without goods."
    ),
    typology=2,
    severity="high",
    parameters=(
        Parameter(
            "tolerance_bp",
            Decimal(200),
            "Basis points of the trade amount within which it counts as used up, and beyond"
            " which a further collection over-runs it.",
        ),
        Parameter(
            "tolerance_usd_minor",
            Decimal(20_000),
            "The same slack in any case, USD cents equivalent.",
        ),
        Parameter(
            "tolerance_cap_bp",
            Decimal(2_500),
            "The USD slack covers at most this share of the trade amount, in basis points.",
        ),
    ),
    sql=f"""
        WITH {COLLECTIONS},{TRADE_CONSUMPTION}
        SELECT payee_id AS subject_id,
               MIN(day_no) OVER (PARTITION BY payee_id, trade_id) AS window_no,
               txn_id,
               CAST(FLOOR(CAST(consumed AS DOUBLE) * 100 / trade_minor) AS BIGINT) AS measure
        FROM consumption
        WHERE (consumed > trade_minor + slack AND consumed - used >= trade_minor - slack)
           OR payee_id <> merchant_id
    """,
)


def score(measure: int, count: int, params: Mapping[str, Decimal]) -> Decimal:  # noqa: ARG001
    """A re-presented record is serious at once: 0.7, more with each re-presentation and the
    further past twice the trade's amount."""
    over = Decimal(max(0, measure - 100)) / 400
    return with_count(clamp(Decimal("0.7") + min(over, Decimal("0.2"))), count)
