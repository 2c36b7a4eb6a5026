"""Typology 1: collections for one trade add up to more than the trade, beyond a tolerance.

Collections consume a trade's amount in arrival order (in the trade's currency; another
currency through USD equivalents). Every collection after which the total exceeds the amount
by more than the slack is evidence: the slack is the larger of a share of the amount and a
small USD sum, since buyers round payments up (that sum capped at a quarter of the amount, so
a parcel of USD 80 paid twice still shows). A collection on a trade already used up is also
typology 2 (TBML-02-USED-UP-TRADE), which reports it too.

Subject: the merchant paid. Window: the regulatory day of the first such collection for that
merchant and trade. Measure: the total's excess over the trade amount, in basis points of it.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from yipay.monitoring.domain import Parameter, Rule
from yipay.monitoring.rules.collections_sql import COLLECTIONS, TRADE_CONSUMPTION
from yipay.monitoring.rules.scoring import towards_one

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
MEASURE = "the total's excess over the trade amount, in basis points of it"

RULE = Rule(
    id="TBML-01-OVER-BALANCE",
    version="1",
    title="Collections exceed the trade's amount",
    description=(
        "The collections naming one trade add up to more than its amount by more than the"
        " tolerance. Deposits plus a balance that add up to the trade (less bank charges, or"
        " rounded up a little) are normal; money beyond what the goods are worth has no trade"
        " behind it."
    ),
    typology=1,
    severity="medium",
    parameters=(
        Parameter(
            "tolerance_bp",
            Decimal(200),
            "Overpayment tolerated, in basis points of the trade amount (FX and rounding).",
        ),
        Parameter(
            "tolerance_usd_minor",
            Decimal(20_000),
            "Overpayment tolerated in any case, USD cents equivalent (rounding up).",
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
               CAST(FLOOR(CAST(consumed - trade_minor AS DOUBLE) * 10000 / trade_minor)
                    AS BIGINT) AS measure
        FROM consumption
        WHERE consumed > trade_minor + slack
    """,
)


def score(measure: int, count: int, params: Mapping[str, Decimal]) -> Decimal:  # noqa: ARG001
    """0.5 at the tolerance, 0.75 at twice it: the further over, the surer."""
    return towards_one(measure, params["tolerance_bp"])
