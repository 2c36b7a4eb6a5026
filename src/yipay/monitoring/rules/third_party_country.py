"""Typology 3: a payer in another country than the registered buyer, above a threshold."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal

from yipay.monitoring.domain import Hit, Parameter, Rule, Transaction

RULE = Rule(
    id="TBML-03-THIRD-PARTY-COUNTRY",
    version="1",
    title="Payer in another country than the registered buyer",
    description=(
        "A collection matched to a trade whose registered buyer lives in one country is paid from"
        " an account in another, for at least the threshold (USD equivalent at the reference"
        " mid rate). Third parties paying for buyers are common on this market; paying from"
        " another country is how value is moved across borders under cover of trade."
    ),
    typology=3,
    severity="medium",
    parameters=(
        Parameter(
            "threshold_usd_minor",
            Decimal(500_000),
            "Smallest payment (USD cents equivalent) that counts.",
        ),
    ),
    sql="""
        SELECT payment_id, merchant_id AS subject_id, booking_day, amount_usd_minor
        FROM transactions
        WHERE buyer_country IS NOT NULL
          AND payer_country <> buyer_country
          AND amount_usd_minor >= $threshold_usd_minor
        ORDER BY payment_id
    """,
)


def evaluate(txn: Transaction, params: dict[str, Decimal]) -> Hit | None:
    """The rule's predicate on one transaction: the real-time twin of RULE.sql."""
    if txn.buyer_country is None or txn.payer_country == txn.buyer_country:
        return None
    if txn.amount_usd_minor is None or txn.amount_usd_minor < params["threshold_usd_minor"]:
        return None
    return Hit(RULE.id, txn.merchant_id, txn.booking_day, txn.payment_id, txn.amount_usd_minor)


def score(largest_usd_minor: int, params: dict[str, Decimal]) -> Decimal:
    """0.5 at the threshold, rising towards 1 as the largest payment grows."""
    threshold = params["threshold_usd_minor"]
    value = 1 - threshold / (2 * Decimal(max(largest_usd_minor, 1)))
    return max(Decimal(0), min(Decimal(1), value)).quantize(Decimal("0.0001"), ROUND_HALF_EVEN)
