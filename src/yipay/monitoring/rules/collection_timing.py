"""Typology 6 (trade timing): money long before its trade, or long after the goods left.

Three ways a collection's date betrays its trade (days are regulatory days):
- early: more than `early_days` before the trade's date, on a trade not flagged as prepayment;
- broken prepayment: the trade is a prepayment, its export came after the prepayment deadline
  or has not come by the end of the history, and the collection arrived before the export
  (the money was prepaid for goods that did not leave in time);
- late: more than `late_days` after the export date.
Rapid in-out (collection, settlement and onward transfer the same day) needs no trade data and
is a rule of its own among the network rules.

Subject: the merchant paid. Window: the collection's regulatory day. Measure: days beyond the
limit: earlier than `early_days` before the trade, export overdue past the deadline, or later
than `late_days` after export.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from yipay.monitoring.domain import Parameter, Rule
from yipay.monitoring.rules.collections_sql import COLLECTIONS
from yipay.monitoring.rules.scoring import towards_one

SUBJECT = "merchant"
REQUIRES = frozenset({"transactions", "trades", "transactions.trade_ref", "trades.trade_day_no"})
# read when the source has them (NULL otherwise), never required
OPTIONAL = frozenset(
    {
        "transactions.amount_usd_minor",
        "transactions.channel",
        "transactions.payer_country",
        "transactions.purpose",
    }
)
MEASURE = (
    "days beyond the limit: earlier than `early_days` before the trade, export overdue "
    "past the deadline, or later than `late_days` after export"
)

RULE = Rule(
    id="TBML-06-TRADE-TIMING",
    version="1",
    title="Collection long before its trade or long after export",
    description=(
        "A collection arrives long before its trade's date without a prepayment flag, as a"
        " prepayment for goods not exported by the prepayment deadline, or long after the"
        " export date. Buyers pay from a deposit at order to some weeks after export; money far"
        " outside that pays for something other than these goods."
    ),
    typology=6,
    severity="low",
    parameters=(
        Parameter(
            "early_days",
            Decimal(30),
            "Days before the trade date a collection may arrive without a prepayment flag.",
        ),
        Parameter(
            "late_days",
            Decimal(180),
            "Days after the export date a collection may arrive.",
        ),
    ),
    sql=f"""
        WITH {COLLECTIONS},
        horizon AS (
            SELECT MAX(day_no) AS last_day FROM transactions
        ),
        timed AS (
            SELECT c.payee_id, c.day_no, c.txn_id,
                   CASE
                       WHEN NOT COALESCE(tr.prepayment, FALSE)
                            AND c.day_no + :early_days < tr.trade_day_no
                       THEN tr.trade_day_no - c.day_no - :early_days
                       WHEN tr.prepayment
                            AND tr.prepayment_deadline_day_no
                                < COALESCE(tr.export_day_no, h.last_day)
                            AND (tr.export_day_no IS NULL OR c.day_no < tr.export_day_no)
                       THEN COALESCE(tr.export_day_no, h.last_day) - tr.prepayment_deadline_day_no
                       WHEN c.day_no > tr.export_day_no + :late_days
                       THEN c.day_no - tr.export_day_no - :late_days
                   END AS days_off
            FROM collections c
            JOIN trades tr ON tr.trade_id = c.trade_ref
            CROSS JOIN horizon h
        )
        SELECT payee_id AS subject_id, day_no AS window_no, txn_id, days_off AS measure
        FROM timed
        WHERE days_off IS NOT NULL
    """,
)


def score(measure: int, count: int, params: Mapping[str, Decimal]) -> Decimal:  # noqa: ARG001
    """0.5 at the limit, 0.75 a month beyond it, → 1 the further beyond."""
    return towards_one(30 + measure, 30)
