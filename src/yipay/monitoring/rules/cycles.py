"""Typology 10, cycles: money that returns to where it came from in two to four hops.

A→B→A, A→B→C→A, A→B→C→D→A: each hop after the previous one, the whole cycle within
`max_hours` of its first hop, each hop's amount within `tolerance_pct` of the hop before (money
passed on, less fees), every account in the cycle distinct. Bounded self-joins (at most four
legs, each limited in time and amount), so the search stays near-linear on real traffic.
"""

from __future__ import annotations

from decimal import Decimal

from yipay.monitoring.domain import Parameter, Rule, Scoring, SubjectKind, Window
from yipay.monitoring.rules.onward import bucket, onward

_NEXT = """
              AND {b}.ts_us > {a}.ts_us
              AND {b}.ts_us <= p.t0 + :max_hours * 3600000000
              AND {b}.amt * 100 >= {a}.amt * (100 - :tolerance_pct)
              AND {b}.amt * 100 <= {a}.amt * (100 + :tolerance_pct)"""

CYCLE = Rule(
    id="TBML-10-CYCLE",
    version="1",
    title="Funds returning to their origin (cycle of two to four hops)",
    description=(
        "An account pays another and, through at most three more accounts, an amount within"
        " `tolerance_pct` per hop comes back to it, every hop later than the one before and the"
        " last within `max_hours` of the first. Cycles shorter than `min_hops` are ignored"
        " (set it to 3 to leave out A→B→A returns). Windows are tumbling windows of"
        " `window_days` days on the day of the first hop; the subject is the origin and the"
        " evidence every hop of every cycle found."
    ),
    typology=10,
    severity="high",
    parameters=(
        Parameter("min_hops", Decimal(2), "Shortest cycle (hops) that counts: 2, 3 or 4."),
        Parameter("max_hours", Decimal(168), "Longest time from the first hop to the last."),
        Parameter(
            "tolerance_pct",
            Decimal(10),
            "How far (percent) a hop's amount may differ from the hop before it.",
        ),
        Parameter("min_usd_minor", Decimal(100_000), "Smallest hop (USD cents) that counts."),
        Parameter("window_days", Decimal(7), "Length of the tumbling window, in regulatory days."),
    ),
    sql=f"""
        WITH edges AS (
            SELECT txn_id, payer_id AS src, payee_id AS dst, ts_us, day_no,
                   amount_usd_minor AS amt, {bucket(":max_hours")} AS bucket
            FROM transactions
            WHERE payer_id <> payee_id AND amount_usd_minor >= :min_usd_minor
        ),
        later AS ({onward("edges", "txn_id, src, dst, ts_us, amt")}),
        first_hops AS (
            SELECT src AS origin, dst AS n1, txn_id AS x1, ts_us AS t0, bucket AS b0, ts_us, amt,
                   CAST(FLOOR(day_no / :window_days) AS BIGINT) AS window_no
            FROM edges
        ),
        two AS (
            SELECT p.origin, p.window_no, p.t0, p.b0, p.x1, p.n1, e.txn_id AS x2, e.dst AS n2,
                   e.ts_us, e.amt
            FROM first_hops AS p
            JOIN later AS e ON e.src = p.n1 AND e.probe = p.b0
            WHERE TRUE{_NEXT.format(a="p", b="e")}
        ),
        three AS (
            SELECT p.origin, p.window_no, p.t0, p.b0, p.x1, p.x2, p.n1, p.n2, e.txn_id AS x3,
                   e.dst AS n3, e.ts_us, e.amt
            FROM two AS p
            JOIN later AS e ON e.src = p.n2 AND e.probe = p.b0
            WHERE p.n2 <> p.origin AND e.dst <> p.n1{_NEXT.format(a="p", b="e")}
        ),
        four AS (
            SELECT p.origin, p.window_no, p.x1, p.x2, p.x3, e.txn_id AS x4, e.amt
            FROM three AS p
            JOIN later AS e ON e.src = p.n3 AND e.dst = p.origin AND e.probe = p.b0
            WHERE p.n3 <> p.origin{_NEXT.format(a="p", b="e")}
        ),
        cycles AS (
            SELECT origin, window_no, x1, x2, NULL AS x3, NULL AS x4, amt
            FROM two
            WHERE n2 = origin AND :min_hops <= 2
            UNION ALL
            SELECT origin, window_no, x1, x2, x3, NULL AS x4, amt
            FROM three
            WHERE n3 = origin AND :min_hops <= 3
            UNION ALL
            SELECT origin, window_no, x1, x2, x3, x4, amt
            FROM four
        ),
        hops AS (
            SELECT origin, window_no, x1 AS txn_id, amt FROM cycles
            UNION ALL
            SELECT origin, window_no, x2 AS txn_id, amt FROM cycles
            UNION ALL
            SELECT origin, window_no, x3 AS txn_id, amt FROM cycles WHERE x3 IS NOT NULL
            UNION ALL
            SELECT origin, window_no, x4 AS txn_id, amt FROM cycles WHERE x4 IS NOT NULL
        )
        SELECT origin AS subject_id, window_no, txn_id, MAX(amt) AS measure
        FROM hops
        GROUP BY origin, window_no, txn_id
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
    measure="the largest amount that came back to the origin (USD cents)",
    scoring=Scoring("min_usd_minor"),
)
RULES = (CYCLE,)
