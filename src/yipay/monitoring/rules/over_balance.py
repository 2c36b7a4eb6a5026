"""Typology 1: collections for one trade add up to more than the trade, beyond a tolerance.

Collections consume a trade's open balance in arrival order (in the trade's currency; another
currency through USD equivalents). The collection that carries the total past the trade amount
plus the tolerance, while the trade still had more than the tolerance open, is the evidence.
Collections on a trade already used up are typology 2 (TBML-02-USED-UP-TRADE), not this rule.

Subject: the merchant paid. Window: that collection's regulatory day. Measure: the excess over
the trade amount in basis points of it.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from yipay.monitoring.domain import Parameter, Rule
from yipay.monitoring.rules.collections_sql import COLLECTIONS, TRADE_CONSUMPTION
from yipay.monitoring.rules.scoring import towards_one

SUBJECT = "merchant"
REQUIRES = frozenset({"transactions", "trades", "transactions.trade_ref"})

RULE = Rule(
    id="TBML-01-OVER-BALANCE",
    version="1",
    title="Collections exceed the trade's amount",
    description=(
        "The collections naming one trade add up to more than its amount by more than the"
        " tolerance: the trade had open balance, and this collection paid more than was left."
        " Deposits plus a balance that add up to the trade (less bank charges) are normal; money"
        " beyond what the goods are worth has no trade behind it."
    ),
    typology=1,
    severity="medium",
    parameters=(
        Parameter(
            "tolerance_bp",
            Decimal(200),
            "Overpayment tolerated, in basis points of the trade amount (FX and rounding).",
        ),
    ),
    sql=f"""
        WITH {COLLECTIONS},{TRADE_CONSUMPTION}
        SELECT payee_id AS subject_id, day_no AS window_no, txn_id,
               CAST(FLOOR(CAST(consumed - trade_minor AS DOUBLE) * 10000 / trade_minor)
                    AS BIGINT) AS measure
        FROM consumption
        WHERE consumed * 10000 > trade_minor * (10000 + :tolerance_bp)
          AND (consumed - used) * 10000 < trade_minor * (10000 - :tolerance_bp)
    """,
)


def score(measure: int, count: int, params: Mapping[str, Decimal]) -> Decimal:  # noqa: ARG001
    """0.5 at the tolerance, 0.75 at twice it: the further over, the surer."""
    return towards_one(measure, params["tolerance_bp"])
