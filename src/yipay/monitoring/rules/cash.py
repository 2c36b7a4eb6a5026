"""Typology 10, cash presented as trade: cash or cash-like inflows into a collection account.

Collections for exported goods arrive by bank transfer from abroad; money that comes in as cash
(a deposit, a cash agent, a cash-funded wallet) and is then presented as trade is the classic
placement step. Needs the `channel` column, so it is skipped on files without one.
"""

from __future__ import annotations

from decimal import Decimal

from yipay.monitoring.domain import Parameter, Rule, Scoring, SubjectKind, Window

CASH_INFLOW = Rule(
    id="TBML-10-CASH-INFLOW",
    version="1",
    title="Cash or cash-like inflows presented as trade",
    description=(
        "A payee receives payments whose channel is cash or cash-like (a channel name starting"
        " with 'cash', in any case), each of at least `min_usd_minor`. One alert per payee and"
        " tumbling window of `window_days` regulatory days; the evidence is those payments and"
        " the measure their total."
    ),
    typology=10,
    severity="high",
    parameters=(
        Parameter(
            "min_usd_minor", Decimal(100_000), "Smallest cash payment (USD cents) that counts."
        ),
        Parameter("window_days", Decimal(1), "Length of the tumbling window, in regulatory days."),
    ),
    sql="""
        WITH cash AS (
            SELECT payee_id AS subject_id,
                   CAST(FLOOR(day_no / :window_days) AS BIGINT) AS window_no,
                   txn_id, amount_usd_minor AS amt
            FROM transactions
            WHERE lower(channel) LIKE 'cash%' AND amount_usd_minor >= :min_usd_minor
        )
        SELECT subject_id, window_no, txn_id,
               SUM(amt) OVER (PARTITION BY subject_id, window_no) AS measure
        FROM cash
    """,
    subject=SubjectKind.PAYEE,
    requires=frozenset(
        {"transactions.payee_id", "transactions.channel", "transactions.amount_usd_minor"}
    ),
    window=Window(days="window_days"),
    measure="cash received in the window (USD cents)",
    scoring=Scoring("min_usd_minor"),
)
RULES = (CASH_INFLOW,)
