"""Typology 1: a collection that names no trade, or a trade the platform does not know.

Subject: the merchant paid (the collection's payee). Window: the collection's regulatory day.
Measure: the collection's USD equivalent in cents. Evidence: each such collection at or above
the floor; a collection without a USD equivalent (no reference rate) is not judged.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from yipay.monitoring.domain import Parameter, Rule
from yipay.monitoring.rules.collections_sql import COLLECTIONS
from yipay.monitoring.rules.scoring import towards_one, with_count

SUBJECT = "merchant"
# Without any trade reference in the source, every collection would look unmatched: skip.
REQUIRES = frozenset(
    {"transactions", "trades", "transactions.trade_ref", "transactions.amount_usd_minor"}
)
# read when the source has them (NULL otherwise), never required
OPTIONAL = frozenset({"transactions.channel", "transactions.payer_country", "transactions.purpose"})
MEASURE = "the collection's USD equivalent in cents"

RULE = Rule(
    id="TBML-01-NO-TRADE",
    version="1",
    title="Collection with no matching trade",
    description=(
        "A collection that names no trade, or names a trade the platform does not hold, at or"
        " above a small floor. Every collection must pay for a genuine trade of that merchant;"
        " money without one is how value enters the market's accounts dressed as trade."
    ),
    typology=1,
    severity="high",
    parameters=(
        Parameter(
            "floor_usd_minor",
            Decimal(100_000),
            "Smallest collection (USD cents equivalent) judged; below it, noise.",
        ),
    ),
    sql=f"""
        WITH {COLLECTIONS}
        SELECT c.payee_id AS subject_id, c.day_no AS window_no, c.txn_id,
               c.amount_usd_minor AS measure
        FROM collections c
        LEFT JOIN trades tr ON tr.trade_id = c.trade_ref
        WHERE tr.trade_id IS NULL
          AND c.amount_usd_minor >= :floor_usd_minor
    """,
)


def score(measure: int, count: int, params: Mapping[str, Decimal]) -> Decimal:
    """0.5 at the floor, rising with the largest amount; more collections that day add a little."""
    return with_count(towards_one(measure, params["floor_usd_minor"]), count)
