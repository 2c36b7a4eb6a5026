"""Typology 6, rapid in-out: money that leaves an account within hours of arriving.

A collection that is passed on the same day, for nearly all of its amount, uses the account as a
conduit: the typology's "collection, settlement and onward transfer the same day". Moving money
between one's own accounts is not passing it on: where the source says so in `channel`, a
settlement (conversion into the holder's other-currency wallet) or a payout (to the holder's
registered same-name bank account) is never the payment out; a settlement is followed instead,
and the wallet's onward transfer counts when the settled account had just been paid.

Passing money on is paying someone new for nothing registered: a payment out that names a trade
(a buyer paying a shop for goods) or goes to a counterparty the account has paid before (a shop
paying its usual supplier) is trade, not a conduit (v3; on the tuning sets v2 raised 52 alerts on
such honest flows, v3 none of them, with the same laundering caught); v3 also follows money passed
on in up to three parts (a mule paying two shops), which v2 missed.
"""

from __future__ import annotations

from decimal import Decimal

from yipay.monitoring.domain import Parameter, Rule, Scoring, SubjectKind, Window
from yipay.monitoring.rules.onward import MOVES, bucket, onward

# a move between the holder's own accounts (NULL channel: not known to be one)
OWN_MOVE = "CASE WHEN channel IN ('settlement', 'payout') THEN 1 ELSE 0 END"

RAPID_IN_OUT = Rule(
    id="TBML-06-RAPID-IN-OUT",
    version="3",
    title="Money passed on to a third party within hours of coming in, for nearly all of it",
    description=(
        "An account receives at least `min_usd_minor` and, later but within `max_hours`, pays a"
        " third party between `tolerance_pct` percent less and `excess_pct` percent more (rate"
        " differences) than it received, in one payment or in up to `max_parts` that are all such"
        " payments out in that time: a conduit keeps at most a small cut. A payment out counts"
        " only as the account's first to that payee naming no trade (`trade_ref`): paying a"
        " usual supplier, or a shop for registered goods, is trade. Where the source"
        " has a `channel`, settlements and payouts (money staying with its holder) are never the"
        " payment out, so a merchant settling and withdrawing its own takings does not match; a"
        " settled wallet's onward transfer matches when the settled account had received money"
        " within `max_hours` before the settlement, and the evidence is then the receipts, the"
        " settlement and the transfer. Without a `channel` every payment out counts. Windows are"
        " tumbling windows of `window_days` days on the day the money came in."
    ),
    typology=6,
    severity="high",
    parameters=(
        Parameter("min_usd_minor", Decimal(500_000), "Smallest receipt (USD cents) that counts."),
        Parameter("max_hours", Decimal(24), "Longest time from receipt to payment out."),
        Parameter(
            "tolerance_pct",
            Decimal(5),
            "How much less (percent) than the receipt the payment out may be: the conduit's cut.",
        ),
        Parameter(
            "excess_pct",
            Decimal(2),
            "How much more (percent) the payment out may be: reference vs dealt FX rates.",
        ),
        Parameter(
            "max_parts",
            Decimal(3),
            "Payments out that together may pass a receipt on (all of them within `max_hours`).",
        ),
        Parameter("window_days", Decimal(1), "Length of the tumbling window, in regulatory days."),
    ),
    sql=f"""
        WITH moves AS (
            SELECT txn_id, payer_id, payee_id, ts_us, day_no, trade_ref,
                   amount_usd_minor AS amt, {OWN_MOVE} AS own
            FROM transactions
            WHERE payer_id <> payee_id AND amount_usd_minor IS NOT NULL
        ),
        first_paid AS (
            SELECT payer_id, payee_id, MIN(ts_us) AS first_us
            FROM moves
            GROUP BY payer_id, payee_id
        ),
        ins AS (
            SELECT payee_id AS account_id, txn_id, ts_us, {bucket(":max_hours")} AS bucket,
                   CAST(FLOOR(day_no / :window_days) AS BIGINT) AS window_no, amt, own
            FROM moves
            WHERE amt >= :min_usd_minor
        ),
        outs AS (
            SELECT m.payer_id AS account_id, m.txn_id, m.ts_us,
                   {bucket(":max_hours", "m.ts_us")} AS bucket, m.amt
            FROM moves AS m
            JOIN first_paid AS f ON f.payer_id = m.payer_id AND f.payee_id = m.payee_id
            WHERE m.own = 0
              AND m.amt * 100 * :max_parts >= :min_usd_minor * (100 - :tolerance_pct)
              AND m.ts_us = f.first_us
              AND m.trade_ref IS NULL
        ),
        later AS ({onward("outs", "account_id, txn_id, ts_us, amt")}),
        pairs AS (
            SELECT i.account_id, i.window_no, i.txn_id AS in_txn, o.txn_id AS out_txn, i.amt,
                   o.amt AS out_amt, i.own, i.ts_us
            FROM ins AS i
            JOIN later AS o ON o.account_id = i.account_id AND o.probe = i.bucket
            WHERE o.ts_us > i.ts_us
              AND o.ts_us <= i.ts_us + :max_hours * 3600000000
        ),
        in_parts AS (
            SELECT in_txn
            FROM pairs
            GROUP BY in_txn, amt
            HAVING COUNT(*) <= :max_parts
               AND SUM(out_amt) * 100 >= amt * (100 - :tolerance_pct)
               AND SUM(out_amt) * 100 <= amt * (100 + :excess_pct)
        ),
        passed AS (
            SELECT account_id, window_no, in_txn, out_txn, amt, own, ts_us
            FROM pairs
            WHERE out_amt * 100 >= amt * (100 - :tolerance_pct)
              AND out_amt * 100 <= amt * (100 + :excess_pct)
            UNION
            SELECT p.account_id, p.window_no, p.in_txn, p.out_txn, p.amt, p.own, p.ts_us
            FROM pairs AS p
            JOIN in_parts AS w ON w.in_txn = p.in_txn
        ),
        settled AS (
            SELECT p.account_id, p.window_no, p.in_txn, p.out_txn, p.amt, r.txn_id AS receipt_txn
            FROM passed AS p
            JOIN moves AS s ON s.txn_id = p.in_txn
            JOIN moves AS r ON r.payee_id = s.payer_id
            WHERE p.own = 1 AND r.own = 0
              AND r.ts_us < s.ts_us AND r.ts_us >= s.ts_us - :max_hours * 3600000000
        ),
        legs AS (
            SELECT account_id, window_no, in_txn AS txn_id, amt FROM passed WHERE own = 0
            UNION ALL
            SELECT account_id, window_no, out_txn AS txn_id, amt FROM passed WHERE own = 0
            UNION ALL
            SELECT account_id, window_no, receipt_txn AS txn_id, amt FROM settled
            UNION ALL
            SELECT account_id, window_no, in_txn AS txn_id, amt FROM settled
            UNION ALL
            SELECT account_id, window_no, out_txn AS txn_id, amt FROM settled
        )
        SELECT account_id AS subject_id, window_no, txn_id, MAX(amt) AS measure
        FROM legs
        GROUP BY account_id, window_no, txn_id
    """,
    subject=SubjectKind.ACCOUNT,
    requires=MOVES,
    optional=frozenset({"transactions.channel", "transactions.trade_ref"}),
    window=Window(days="window_days"),
    measure="the largest receipt passed on (USD cents)",
    scoring=Scoring("min_usd_minor"),
)
RULES = (RAPID_IN_OUT,)
