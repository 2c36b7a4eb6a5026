"""Typology 10, cash presented as trade: cash or cash-like inflows into a collection account.

Collections for exported goods arrive by bank transfer from abroad; money that comes in as cash
(a deposit, a cash agent, a cash-funded wallet) and is then presented as trade is the classic
placement step. Needs the `channel` column, so it is skipped on files without one.

A buyer walking into the market and paying one order in cash, for a trade it registered, is how
this market has always bought (v1 alerted on every such payment: 241 of its 256 flags on the tuning
sets); placement looks different: cash for no registered trade, or cash coming in again and
again (v2).
"""

from __future__ import annotations

from decimal import Decimal

from yipay.monitoring.domain import Parameter, Rule, Scoring, SubjectKind, Window

CASH_INFLOW = Rule(
    id="TBML-10-CASH-INFLOW",
    version="2",
    title="Cash or cash-like inflows presented as trade",
    description=(
        "A payee receives payments whose channel is cash or cash-like (a channel name starting"
        " with 'cash', in any case), each of at least `min_usd_minor`, and in one tumbling window"
        " of `window_days` regulatory days either at least `min_count` of them or one that names"
        " no trade (`trade_ref`; without that column no payment names one). One alert per payee"
        " and window; the evidence is those cash payments and the measure their total."
    ),
    typology=10,
    severity="high",
    parameters=(
        Parameter(
            "min_usd_minor", Decimal(100_000), "Smallest cash payment (USD cents) that counts."
        ),
        Parameter(
            "min_count",
            Decimal(2),
            "Cash payments in one window that raise an alert even when each names a trade.",
        ),
        Parameter("window_days", Decimal(7), "Length of the tumbling window, in regulatory days."),
    ),
    sql="""
        WITH cash AS (
            SELECT payee_id AS subject_id,
                   CAST(FLOOR(day_no / :window_days) AS BIGINT) AS window_no,
                   txn_id, amount_usd_minor AS amt,
                   CASE WHEN trade_ref IS NULL THEN 1 ELSE 0 END AS untraded
            FROM transactions
            WHERE lower(channel) LIKE 'cash%' AND amount_usd_minor >= :min_usd_minor
        ),
        windows AS (
            SELECT subject_id, window_no, SUM(amt) AS total
            FROM cash
            GROUP BY subject_id, window_no
            HAVING COUNT(*) >= :min_count OR MAX(untraded) = 1
        )
        SELECT c.subject_id, c.window_no, c.txn_id, w.total AS measure
        FROM cash AS c
        JOIN windows AS w ON w.subject_id = c.subject_id AND w.window_no = c.window_no
    """,
    subject=SubjectKind.PAYEE,
    requires=frozenset(
        {"transactions.payee_id", "transactions.channel", "transactions.amount_usd_minor"}
    ),
    optional=frozenset({"transactions.trade_ref"}),
    window=Window(days="window_days"),
    measure="cash received in the window (USD cents)",
    scoring=Scoring("min_usd_minor"),
)
RULES = (CASH_INFLOW,)
