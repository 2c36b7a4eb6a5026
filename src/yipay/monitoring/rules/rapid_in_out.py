"""Typology 6, rapid in-out: money that leaves an account within hours of arriving.

A collection that is passed on the same day, for about the same amount, uses the account as a
conduit: the typology's "collection, settlement and onward transfer the same day".
"""

from __future__ import annotations

from decimal import Decimal

from yipay.monitoring.domain import Parameter, Rule, Scoring, SubjectKind, Window
from yipay.monitoring.rules.onward import bucket, onward

RAPID_IN_OUT = Rule(
    id="TBML-06-RAPID-IN-OUT",
    version="1",
    title="Money out of an account within hours of coming in, for a similar amount",
    description=(
        "An account receives at least `min_usd_minor` and pays out an amount within"
        " `tolerance_pct` of it, later but within `max_hours`. Windows are tumbling windows of"
        " `window_days` days on the day the money came in; the evidence is each such receipt and"
        " the payments that passed it on. A merchant settling a week's takings days later does"
        " not match; a pass-through the same afternoon does."
    ),
    typology=6,
    severity="high",
    parameters=(
        Parameter("min_usd_minor", Decimal(500_000), "Smallest receipt (USD cents) that counts."),
        Parameter("max_hours", Decimal(24), "Longest time from receipt to payment out."),
        Parameter(
            "tolerance_pct",
            Decimal(10),
            "How far (percent) the payment out may differ from the receipt.",
        ),
        Parameter("window_days", Decimal(1), "Length of the tumbling window, in regulatory days."),
    ),
    sql=f"""
        WITH ins AS (
            SELECT payee_id AS account_id, txn_id, ts_us, {bucket(":max_hours")} AS bucket,
                   CAST(FLOOR(day_no / :window_days) AS BIGINT) AS window_no,
                   amount_usd_minor AS amt
            FROM transactions
            WHERE payer_id <> payee_id AND amount_usd_minor >= :min_usd_minor
        ),
        outs AS (
            SELECT payer_id AS account_id, txn_id, ts_us, {bucket(":max_hours")} AS bucket,
                   amount_usd_minor AS amt
            FROM transactions
            WHERE payer_id <> payee_id
              AND amount_usd_minor * 100 >= :min_usd_minor * (100 - :tolerance_pct)
        ),
        later AS ({onward("outs", "account_id, txn_id, ts_us, amt")}),
        passed AS (
            SELECT i.account_id, i.window_no, i.txn_id AS in_txn, o.txn_id AS out_txn, i.amt
            FROM ins AS i
            JOIN later AS o ON o.account_id = i.account_id AND o.probe = i.bucket
            WHERE o.ts_us > i.ts_us
              AND o.ts_us <= i.ts_us + :max_hours * 3600000000
              AND o.amt * 100 >= i.amt * (100 - :tolerance_pct)
              AND o.amt * 100 <= i.amt * (100 + :tolerance_pct)
        ),
        legs AS (
            SELECT account_id, window_no, in_txn AS txn_id, amt FROM passed
            UNION ALL
            SELECT account_id, window_no, out_txn AS txn_id, amt FROM passed
        )
        SELECT account_id AS subject_id, window_no, txn_id, MAX(amt) AS measure
        FROM legs
        GROUP BY account_id, window_no, txn_id
    """,
    subject=SubjectKind.ACCOUNT,
    requires=frozenset(
        {
            "transactions.payer_id",
            "transactions.payee_id",
            "transactions.ts_us",
            "transactions.amount_usd_minor",
        }
    ),
    window=Window(days="window_days"),
    measure="the largest receipt passed on (USD cents)",
    scoring=Scoring("min_usd_minor"),
)
RULES = (RAPID_IN_OUT,)
