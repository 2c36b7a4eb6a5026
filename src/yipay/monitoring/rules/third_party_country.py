"""Typology 3: a payer in another country than the registered buyer, above a threshold.

Real-time twin: `evaluate` judges the payment alone; the payments it finds are kept per
(merchant, day) in profiles, so that the alert names all of them, as the batch SQL's does.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from yipay.monitoring.domain import (
    Parameter,
    Rule,
    RuleMode,
    Scoring,
    SubjectKind,
    Transaction,
    Window,
)
from yipay.monitoring.portable import Evidence
from yipay.monitoring.profiles import Entry, History, WindowedTwin, own_evidence

RULE = Rule(
    id="TBML-03-THIRD-PARTY-COUNTRY",
    version="2",
    title="Payer in another country than the registered buyer",
    description=(
        "A collection matched to a trade whose registered buyer lives in one country is paid from"
        " an account in another, for at least the threshold (USD equivalent at the reference"
        " mid rate). Third parties paying for buyers are common on this market; paying from"
        " another country is how value is moved across borders under cover of trade. Needs the"
        " buyer's country, so it does not run on a generic transactions file. Monitor mode by"
        " default: TBML-03-THIRD-PARTY-TRADE decides the same with the registered buyer and the"
        " trade hubs' exemption."
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
        SELECT payee_id AS subject_id, day_no AS window_no, txn_id,
               amount_usd_minor AS measure
        FROM transactions
        WHERE buyer_country IS NOT NULL
          AND payer_country <> buyer_country
          AND amount_usd_minor >= :threshold_usd_minor
    """,
    subject=SubjectKind.MERCHANT,
    requires=frozenset(
        {
            "transactions.payee_id",
            "transactions.payer_country",
            "transactions.buyer_country",
            "transactions.amount_usd_minor",
        }
    ),
    window=Window(days=1),
    measure="the largest evidencing payment (USD cents)",
    scoring=Scoring("threshold_usd_minor"),
    # TBML-03-THIRD-PARTY-TRADE tests the same against the trade's registered buyer, with the
    # trade hubs' exemption, and catches the same laundering with a fifteenth of the flags (tuning
    # sets: 88 flagged against 1,352); this rule stays evaluated and recorded in real time and in
    # batch, for a supervisor to switch on where a history has buyers' countries but no trades
    mode=RuleMode.MONITOR,
)


def evaluate(txn: Transaction, params: Mapping[str, Decimal]) -> Evidence | None:
    """The rule's predicate on one transaction: the real-time twin of RULE.sql."""
    if txn.buyer_country is None or txn.payer_country == txn.buyer_country:
        return None
    if txn.amount_usd_minor is None or txn.amount_usd_minor < params["threshold_usd_minor"]:
        return None
    return Evidence(txn.merchant_id, txn.day_no, txn.payment_id, txn.amount_usd_minor)


def entries(txn: Transaction, params: Mapping[str, Decimal], _history: History) -> list[Entry]:
    """The payment in its merchant's day, when the rule finds it."""
    return Entry.found(evaluate(txn, params), txn.payer_id, txn.amount_usd_minor)


TWINS = (WindowedTwin(RULE.id, ("threshold_usd_minor",), entries, own_evidence),)


def score(largest_usd_minor: int, params: Mapping[str, Decimal]) -> Decimal:
    """0.5 at the threshold, rising towards 1 as the largest payment grows."""
    return RULE.scoring(largest_usd_minor, 1, params)
