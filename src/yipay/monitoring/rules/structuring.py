"""Typology 4, structuring: several payments just under the reporting threshold in one window.

Large-value reports cumulate per customer and day from USD 10,000 (natural-person cross-border
transfers); whoever wants to stay under the radar splits a sum into payments just below it, over
a few days. Two rules: one payer sending them, one payee receiving them.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from yipay.monitoring.domain import Parameter, Rule, Scoring, SubjectKind, Transaction, Window
from yipay.monitoring.portable import Evidence
from yipay.monitoring.profiles import (
    Entry,
    History,
    Member,
    Profile,
    WindowedTwin,
    tumbling_window,
)

PARAMETERS = (
    Parameter(
        "threshold_usd_minor",
        Decimal(1_000_000),
        "The reporting threshold the payments stay under (USD cents): USD 10,000.",
    ),
    Parameter(
        "floor_usd_minor",
        Decimal(850_000),
        "Smallest payment (USD cents) that counts as just under the threshold.",
    ),
    Parameter("min_count", Decimal(3), "Payments just under the threshold that raise an alert."),
    Parameter("window_days", Decimal(7), "Length of the tumbling window, in regulatory days."),
)

_SQL = """
    WITH near AS (
        SELECT {side} AS subject_id,
               CAST(FLOOR(day_no / :window_days) AS BIGINT) AS window_no,
               txn_id
        FROM transactions
        WHERE amount_usd_minor >= :floor_usd_minor
          AND amount_usd_minor < :threshold_usd_minor
    ),
    counted AS (
        SELECT subject_id, window_no, txn_id,
               COUNT(*) OVER (PARTITION BY subject_id, window_no) AS n
        FROM near
    )
    SELECT subject_id, window_no, txn_id, n AS measure
    FROM counted
    WHERE n >= :min_count
"""


def _rule(side: str, subject: SubjectKind, rule_id: str, title: str, who: str) -> Rule:
    return Rule(
        id=rule_id,
        version="1",
        title=title,
        description=(
            f"{who} at least `min_count` payments between `floor_usd_minor` and just under"
            " `threshold_usd_minor` (USD equivalents) within one tumbling window of"
            " `window_days` regulatory days. The evidence is exactly those payments; payments"
            " above the threshold or well below it do not count."
        ),
        typology=4,
        severity="high",
        parameters=PARAMETERS,
        sql=_SQL.format(side=side),
        subject=subject,
        requires=frozenset({f"transactions.{side}", "transactions.amount_usd_minor"}),
        window=Window(days="window_days"),
        measure="payments just under the threshold in the window",
        scoring=Scoring("min_count"),
    )


BY_PAYER = _rule(
    "payer_id",
    SubjectKind.PAYER,
    "TBML-04-STRUCTURING-BY-PAYER",
    "Payments just under the reporting threshold from one payer",
    "One payer sends",
)
TO_PAYEE = _rule(
    "payee_id",
    SubjectKind.PAYEE,
    "TBML-04-STRUCTURING-TO-PAYEE",
    "Payments just under the reporting threshold to one payee",
    "One payee receives",
)
RULES = (BY_PAYER, TO_PAYEE)


# -- the real-time twins: the same payments counted per (subject, window) as they arrive -------
def _entries(by_payer: bool) -> WindowedTwin:
    def entries(txn: Transaction, params: Mapping[str, Decimal], _history: History) -> list[Entry]:
        usd = txn.amount_usd_minor
        if usd is None or not params["floor_usd_minor"] <= usd < params["threshold_usd_minor"]:
            return []
        subject, other = (
            (txn.payer_id, txn.merchant_id) if by_payer else (txn.merchant_id, txn.payer_id)
        )
        window_no = tumbling_window(txn.day_no, params["window_days"])
        return [Entry(subject, window_no, Member(txn.payment_id, other, usd))]

    rule = BY_PAYER if by_payer else TO_PAYEE
    return WindowedTwin(
        rule.id, ("floor_usd_minor", "threshold_usd_minor", "window_days"), entries, evidence
    )


def evidence(profile: Profile, params: Mapping[str, Decimal]) -> list[Evidence]:
    """Every near-threshold payment of the window once there are `min_count` of them."""
    return profile.evidence(profile.count) if profile.count >= params["min_count"] else []


TWINS = (_entries(by_payer=True), _entries(by_payer=False))
