"""Typology 3 on trade files: a third party abroad pays the buyer's trade.

The test of TBML-03-THIRD-PARTY-COUNTRY (which reads the buyer's country that the platform
stores on each payment), here over `transactions` joined to the trade each collection names, so
it runs on external files that come with trades. A payer whose id is the buyer's own is not a
third party even when paying from abroad. Trading companies in the hubs of `third_party_hubs`
(Hong Kong, Dubai, Istanbul …) pay for buyers everywhere as ordinary business: a payer from a
hub is reported only on its first collection in the history (no relationship yet) and from a
higher amount; a payer from any other country but the buyer's is reported at once.

v2 raises the hub floor from USD 10,000 to 20,000: on the tuning sets 109 of 119 first collections
from hub traders between the two were ordinary trade, and third parties moving value pay larger
sums.

Subject: the merchant paid. Window: the collection's regulatory day. Measure: the collection's
USD equivalent in cents.

Real-time twin: `evaluate` is the SQL's test on one collection; "its first collection" asks the
history whether the payer collected before (no earlier payment monitored). The payments found
are kept per (merchant, day) in profiles, so the alert names them all. Exact when each payer's
collections are monitored in the order they were received (the spine matches them as they
arrive); one matched only after a later one of the same hub payer (held, then released) makes
that later one look like a first: the real-time path then reports it too, and never misses
what the batch SQL reports.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from functools import cache

from yipay.monitoring.domain import Parameter, Rule, Transaction
from yipay.monitoring.portable import Evidence
from yipay.monitoring.profiles import Entry, History, WindowedTwin, own_evidence
from yipay.monitoring.rules.collections_sql import COLLECTIONS
from yipay.monitoring.rules.lookups import digest, third_party_hubs, upper_trim
from yipay.monitoring.rules.scoring import towards_one

SUBJECT = "merchant"
REQUIRES = frozenset(
    {
        "transactions",
        "trades",
        "transactions.trade_ref",
        "transactions.payer_country",
        "trades.buyer_country",
        "third_party_hubs",
    }
)
# read when the source has them (NULL otherwise), never required
OPTIONAL = frozenset(
    {
        "transactions.amount_usd_minor",
        "transactions.buyer_id",
        "transactions.channel",
        "transactions.purpose",
    }
)
MEASURE = "the collection's USD equivalent in cents"

RULE = Rule(
    id="TBML-03-THIRD-PARTY-TRADE",
    version="2",
    title="Third-party payer in another country than the trade's buyer",
    description=(
        "A collection for a trade is paid by someone other than the trade's registered buyer,"
        " from an account in another country than the buyer's, for at least the threshold (USD"
        " equivalent); from a trade hub, only when the payer has never paid before. Third"
        " parties paying for buyers are common on this market; paying from another country is"
        " how value is moved across borders under cover of trade."
    ),
    typology=3,
    severity="medium",
    parameters=(
        Parameter(
            "threshold_usd_minor",
            Decimal(500_000),
            "Smallest collection (USD cents equivalent) that counts.",
        ),
        Parameter(
            "hub_threshold_usd_minor",
            Decimal(2_000_000),
            "Smallest first collection (USD cents equivalent) of a payer in a trade hub that"
            " counts.",
        ),
    ),
    sql=f"""
        WITH {COLLECTIONS},
        first_seen AS (
            SELECT payer_id, MIN(ts_us) AS first_us FROM collections GROUP BY payer_id
        )
        SELECT c.payee_id AS subject_id, c.day_no AS window_no, c.txn_id,
               c.amount_usd_minor AS measure
        FROM collections c
        JOIN trades tr ON tr.trade_id = c.trade_ref
        JOIN first_seen f ON f.payer_id = c.payer_id
        LEFT JOIN third_party_hubs h ON h.country = UPPER(TRIM(c.payer_country))
        WHERE tr.buyer_country IS NOT NULL
          AND UPPER(TRIM(c.payer_country)) <> UPPER(TRIM(tr.buyer_country))
          AND (tr.buyer_id IS NULL OR c.payer_id <> tr.buyer_id)
          AND c.amount_usd_minor >= :threshold_usd_minor
          AND (h.country IS NULL
               OR (c.ts_us = f.first_us AND c.amount_usd_minor >= :hub_threshold_usd_minor))
    """,
)


def score(measure: int, count: int, params: Mapping[str, Decimal]) -> Decimal:  # noqa: ARG001
    """0.5 at the threshold, rising towards 1 as the largest collection grows (as TBML-03)."""
    return towards_one(measure, params["threshold_usd_minor"])


# -- the real-time twin ----------------------------------------------------------------------
@cache
def hubs() -> frozenset[str]:
    return frozenset(third_party_hubs())


def evaluate(txn: Transaction, params: Mapping[str, Decimal], history: History) -> Evidence | None:
    """RULE.sql's test on one collection (the trade's buyer as the payment carries it)."""
    if txn.trade_ref is None or txn.buyer_country is None:
        return None
    country = upper_trim(txn.payer_country)
    if country is None or country == upper_trim(txn.buyer_country):
        return None
    if txn.buyer_id is not None and txn.payer_id == txn.buyer_id:
        return None
    usd = txn.amount_usd_minor
    if usd is None or usd < params["threshold_usd_minor"]:
        return None
    if country in hubs() and (
        usd < params["hub_threshold_usd_minor"]
        or history.collected_before(txn.payer_id, txn.received_at)
    ):
        return None
    return Evidence(txn.merchant_id, txn.day_no, txn.payment_id, usd)


def entries(txn: Transaction, params: Mapping[str, Decimal], history: History) -> list[Entry]:
    """The collection in its merchant's day, when the rule finds it."""
    return Entry.found(evaluate(txn, params, history), txn.payer_id, txn.amount_usd_minor)


TWINS = (
    WindowedTwin(
        RULE.id,
        ("hub_threshold_usd_minor", "threshold_usd_minor"),
        entries,
        own_evidence,
        basis_extra=f"third_party_hubs={digest(third_party_hubs())}",
    ),
)
