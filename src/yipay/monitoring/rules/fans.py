"""Typology 4, fan-out and fan-in: one account paying, or paid by, many others with split sums.

Fan-out: one payer spreads a sum over many payees in one window (many merchants receiving from
one payer the same day). Fan-in: one payee collects from many payers (one merchant from many
payers). Only split-sized payments count (at least `min_usd_minor`, under `max_usd_minor`).
Counting distinct counterparties is a GROUP BY, not COUNT(DISTINCT) OVER, so it stays portable.
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
from yipay.monitoring.profiles import (
    Entry,
    History,
    Member,
    Profile,
    WindowedTwin,
    tumbling_window,
)

_SQL = """
    WITH legs AS (
        SELECT {side} AS subject_id,
               CAST(FLOOR(day_no / :window_days) AS BIGINT) AS window_no,
               {other} AS other_id,
               txn_id
        FROM transactions
        WHERE payer_id <> payee_id
          AND amount_usd_minor >= :min_usd_minor
          AND amount_usd_minor < :max_usd_minor
    ),
    fans AS (
        SELECT subject_id, window_no, COUNT(DISTINCT other_id) AS n
        FROM legs
        GROUP BY subject_id, window_no
        HAVING COUNT(DISTINCT other_id) >= :min_counterparties
    )
    SELECT l.subject_id, l.window_no, l.txn_id, f.n AS measure
    FROM legs AS l
    JOIN fans AS f ON f.subject_id = l.subject_id AND f.window_no = l.window_no
"""


def _parameters(counterparties: int, who: str) -> tuple[Parameter, ...]:
    return (
        Parameter(
            "min_counterparties",
            Decimal(counterparties),
            f"Distinct {who} in one window that raise an alert.",
        ),
        Parameter("min_usd_minor", Decimal(100_000), "Smallest payment (USD cents) that counts."),
        Parameter(
            "max_usd_minor",
            Decimal(1_000_000),
            "Payments from this amount (USD cents) up are not split-sized and do not count.",
        ),
        Parameter("window_days", Decimal(1), "Length of the tumbling window, in regulatory days."),
    )


FAN_OUT = Rule(
    id="TBML-04-FAN-OUT",
    version="1",
    title="One payer, many payees (fan-out of split payments)",
    description=(
        "One payer pays at least `min_counterparties` distinct payees within one tumbling window"
        " of `window_days` regulatory days, each payment split-sized. The evidence is the payer's"
        " split-sized payments of that window. Monitor mode by default: buyers visiting the"
        " market pay all their orders of the visit on one day, and on the tuning sets 40 of 45"
        " alerts were such visits, adding one laundering payment the other rules missed; fan-out"
        " of payments just under the line is caught by structuring-by-payer, fan-out for no"
        " trade by no-trade."
    ),
    typology=4,
    severity="medium",
    parameters=_parameters(5, "payees"),
    sql=_SQL.format(side="payer_id", other="payee_id"),
    subject=SubjectKind.PAYER,
    requires=frozenset(
        {"transactions.payer_id", "transactions.payee_id", "transactions.amount_usd_minor"}
    ),
    window=Window(days="window_days"),
    measure="distinct payees in the window",
    scoring=Scoring("min_counterparties"),
    mode=RuleMode.MONITOR,
)
FAN_IN = Rule(
    id="TBML-04-FAN-IN",
    version="2",
    title="One payee, many payers (fan-in of split payments)",
    description=(
        "One payee is paid by at least `min_counterparties` distinct payers within one tumbling"
        " window of `window_days` regulatory days, each payment split-sized. A busy shop has many"
        " buyers, so the count is set above a shop's ordinary day. The evidence is the payee's"
        " split-sized receipts of that window. Monitor mode by default: on this market a busy"
        " stall's ordinary buyers look exactly like this, and on the tuning sets nearly every"
        " flag was ordinary trade; fan-in laundering is caught by structuring-to-payee, no-trade"
        " and volume drift instead."
    ),
    typology=4,
    severity="medium",
    parameters=_parameters(10, "payers"),
    sql=_SQL.format(side="payee_id", other="payer_id"),
    subject=SubjectKind.PAYEE,
    requires=FAN_OUT.requires,
    window=Window(days="window_days"),
    measure="distinct payers in the window",
    scoring=Scoring("min_counterparties"),
    mode=RuleMode.MONITOR,
)
RULES = (FAN_OUT, FAN_IN)


# -- the real-time twins: split-sized payments per (subject, window), counterparties counted --
def _twin(rule: Rule, fan_out: bool) -> WindowedTwin:
    def entries(txn: Transaction, params: Mapping[str, Decimal], _history: History) -> list[Entry]:
        usd = txn.amount_usd_minor
        if txn.payer_id == txn.merchant_id or usd is None:
            return []
        if not params["min_usd_minor"] <= usd < params["max_usd_minor"]:
            return []
        subject, other = (
            (txn.payer_id, txn.merchant_id) if fan_out else (txn.merchant_id, txn.payer_id)
        )
        window_no = tumbling_window(txn.day_no, params["window_days"])
        return [Entry(subject, window_no, Member(txn.payment_id, other, usd))]

    return WindowedTwin(
        rule.id, ("max_usd_minor", "min_usd_minor", "window_days"), entries, evidence
    )


def evidence(profile: Profile, params: Mapping[str, Decimal]) -> list[Evidence]:
    """Every split-sized payment of the window once `min_counterparties` distinct others."""
    n = profile.counterparties
    return profile.evidence(n) if n >= params["min_counterparties"] else []


TWINS = (_twin(FAN_OUT, fan_out=True), _twin(FAN_IN, fan_out=False))
