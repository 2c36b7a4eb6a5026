"""Typology 10, cycles: money that returns to where it came from in two to four hops.

A→B→A, A→B→C→A, A→B→C→D→A: each hop after the previous one, the whole cycle within
`max_hours` of its first hop, each hop's amount within `tolerance_pct` of the hop before (money
passed on, less fees), every account in the cycle distinct. Bounded self-joins (at most four
legs, each limited in time and amount), so the search stays near-linear on real traffic.

The paths are one chain: each first hop joined to its second hops, LEFT JOINed to third and
then fourth hops, where a hop that closes the cycle ends its path by the next join's condition;
`legs` says where a path closed (NULL if it never did), and one pass over the cycles, crossed
with the four hop positions, lists their hops. Every CTE is read once except `later` (once per
join): Spark inlines a CTE at each reference instead of materialising it, so a shape in which
the cycles of each length re-derive the shorter paths costs it many times the joins. `legs` is
computed in the chain rather than tested in the filter so that no parameter value lets an
optimiser turn the LEFT JOINs into inner joins it may reorder (DuckDB did, badly).
"""

from __future__ import annotations

from decimal import Decimal

from yipay.monitoring.domain import Parameter, Rule, Scoring, SubjectKind, Window
from yipay.monitoring.rules.onward import MOVES, bucket, onward

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
        paths AS (
            SELECT p.origin, p.window_no, p.x1, e2.txn_id AS x2, e2.amt AS a2,
                   e3.txn_id AS x3, e3.amt AS a3,
                   e4.txn_id AS x4, e4.amt AS a4,
                   CASE
                       WHEN e2.dst = p.origin THEN 2
                       WHEN e3.dst = p.origin THEN 3
                       WHEN e4.dst = p.origin THEN 4
                   END AS legs
            FROM first_hops AS p
            JOIN later AS e2 ON e2.src = p.n1 AND e2.probe = p.b0{_NEXT.format(a="p", b="e2")}
            LEFT JOIN later AS e3
              ON e3.src = e2.dst AND e3.probe = p.b0
             AND e2.dst <> p.origin AND e3.dst <> p.n1{_NEXT.format(a="e2", b="e3")}
            LEFT JOIN later AS e4
              ON e4.src = e3.dst AND e4.dst = p.origin AND e4.probe = p.b0
             AND e3.dst <> p.origin{_NEXT.format(a="e3", b="e4")}
        ),
        cycles AS (
            SELECT origin, window_no, x1, x2, x3, x4,
                   CASE legs WHEN 2 THEN a2 WHEN 3 THEN a3 ELSE a4 END AS amt
            FROM paths
            WHERE legs = 4 OR (legs = 3 AND :min_hops <= 3) OR (legs = 2 AND :min_hops <= 2)
        ),
        hops AS (
            SELECT c.origin, c.window_no,
                   CASE h.n WHEN 1 THEN c.x1 WHEN 2 THEN c.x2 WHEN 3 THEN c.x3 ELSE c.x4 END
                       AS txn_id,
                   c.amt
            FROM cycles AS c
            CROSS JOIN (VALUES (1), (2), (3), (4)) AS h(n)
            WHERE h.n <= 2 OR (h.n = 3 AND c.x3 IS NOT NULL) OR (h.n = 4 AND c.x4 IS NOT NULL)
        )
        SELECT origin AS subject_id, window_no, txn_id, MAX(amt) AS measure
        FROM hops
        GROUP BY origin, window_no, txn_id
    """,
    subject=SubjectKind.ACCOUNT,
    requires=MOVES,
    window=Window(days="window_days"),
    measure="the largest amount that came back to the origin (USD cents)",
    scoring=Scoring("min_usd_minor"),
)
RULES = (CYCLE,)
