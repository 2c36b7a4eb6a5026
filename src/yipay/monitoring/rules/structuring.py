"""Typology 4, structuring: several payments just under the reporting threshold in one window.

Large-value reports cumulate per customer and day from USD 10,000 (natural-person cross-border
transfers); whoever wants to stay under the radar splits a sum into payments just below it, over
a few days. Two rules: one payer sending them to many payees, one payee receiving them from many
payers.

v2 counts distinct counterparties, not payments, in 3-day windows. v1 (three payments in a week,
from anyone) raised 425 alerts on the tuning sets, nearly all of them buyers paying one registered
order in parts of USD 9,000-9,900 - 118 honest payers did so, 3 laundering ones (whose money the
trade rules catch when no trade covers it). Split payments spread over many shops, or gathered from
many payers, are the shape left to these rules.
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


def _parameters(floor_usd_minor: int, min_count: int, who: str) -> tuple[Parameter, ...]:
    return (
        Parameter(
            "threshold_usd_minor",
            Decimal(1_000_000),
            "The reporting threshold the payments stay under (USD cents): USD 10,000.",
        ),
        Parameter(
            "floor_usd_minor",
            Decimal(floor_usd_minor),
            "Smallest payment (USD cents) that counts as just under the threshold.",
        ),
        Parameter(
            "min_count",
            Decimal(min_count),
            f"Distinct {who} of payments just under the threshold that raise an alert.",
        ),
        Parameter("window_days", Decimal(3), "Length of the tumbling window, in regulatory days."),
    )


_SQL = """
    WITH near AS (
        SELECT {side} AS subject_id, {other} AS other_id,
               CAST(FLOOR(day_no / :window_days) AS BIGINT) AS window_no,
               txn_id
        FROM transactions
        WHERE amount_usd_minor >= :floor_usd_minor
          AND amount_usd_minor < :threshold_usd_minor
    ),
    spread AS (
        SELECT subject_id, window_no, COUNT(DISTINCT other_id) AS n
        FROM near
        GROUP BY subject_id, window_no
        HAVING COUNT(DISTINCT other_id) >= :min_count
    )
    SELECT n.subject_id, n.window_no, n.txn_id, s.n AS measure
    FROM near AS n
    JOIN spread AS s ON s.subject_id = n.subject_id AND s.window_no = n.window_no
"""


def _rule(
    side: str,
    other: str,
    subject: SubjectKind,
    rule_id: str,
    title: str,
    shape: str,
    parameters: tuple[Parameter, ...],
) -> Rule:
    return Rule(
        id=rule_id,
        version="2",
        title=title,
        description=(
            f"{shape} between `floor_usd_minor` and just under `threshold_usd_minor` (USD"
            " equivalents) within one tumbling window of `window_days` regulatory days. The"
            " evidence is exactly those payments; payments above the threshold or well below it"
            " do not count. One payer paying one shop in several parts is left to the trade"
            " rules: on this market buyers pay a registered order in parts under the line, and"
            " parts of a real trade that do not exceed it are the trade being paid."
        ),
        typology=4,
        severity="high",
        parameters=parameters,
        sql=_SQL.format(side=side, other=other),
        subject=subject,
        requires=frozenset(
            {f"transactions.{side}", f"transactions.{other}", "transactions.amount_usd_minor"}
        ),
        window=Window(days="window_days"),
        measure="distinct counterparties paid or paying just under the threshold in the window",
        scoring=Scoring("min_count"),
    )


BY_PAYER = _rule(
    "payer_id",
    "payee_id",
    SubjectKind.PAYER,
    "TBML-04-STRUCTURING-BY-PAYER",
    "Payments just under the reporting threshold from one payer to many payees",
    "One payer sends payments to at least `min_count` distinct payees (fan-out of split payments),",
    _parameters(800_000, 3, "payees"),
)

TO_PAYEE = _rule(
    "payee_id",
    "payer_id",
    SubjectKind.PAYEE,
    "TBML-04-STRUCTURING-TO-PAYEE",
    "Payments just under the reporting threshold to one payee from many payers",
    "One payee receives payments from at least `min_count` distinct payers (fan-in of split"
    " payments),",
    _parameters(850_000, 5, "payers"),
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
    """Every near-threshold payment of the window once `min_count` counterparties made them."""
    n = profile.counterparties
    return profile.evidence(n) if n >= params["min_count"] else []


TWINS = (_entries(by_payer=True), _entries(by_payer=False))
