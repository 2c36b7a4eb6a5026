"""Typology 4, layering through intermediaries: scatter-gather and gather-scatter (bounded).

Scatter-gather: a source pays several intermediaries, each of which pays the same target soon
after; the money is split to blur it and meets again. Gather-scatter: an intermediary collects
from many sources and pays many targets soon after. Both are the AMLworld patterns of the same
names, bounded to two hops within `max_hours`, so the self-join stays linear in practice.

Gather-scatter v2 follows the payments out past the window's end (money gathered late in a week
is scattered in the next) and no longer counts a shop's settlement into its own wallet as paying
someone; v1 found none of the tuning sets' 4 cases (36 payments: its outs had to fall in the same
3-day window, from five sources to five targets).
"""

from __future__ import annotations

from decimal import Decimal

from yipay.monitoring.domain import Parameter, Rule, Scoring, SubjectKind, Window
from yipay.monitoring.rules.onward import MOVES, bucket, onward

_EDGES = """
    edges AS (
        SELECT txn_id, payer_id, payee_id, ts_us, day_no
        FROM transactions
        WHERE payer_id <> payee_id AND amount_usd_minor >= :min_usd_minor
    )"""

SCATTER_GATHER = Rule(
    id="TBML-04-SCATTER-GATHER",
    version="1",
    title="Money split over intermediaries meets again (scatter-gather)",
    description=(
        "A source pays at least `min_intermediaries` distinct intermediaries, and each of them"
        " pays the same target within `max_hours` after receiving (two hops, source and target"
        " distinct). Windows are tumbling windows of `window_days` days on the day the source"
        " paid. The evidence is both legs of every such path; the subject is the source."
    ),
    typology=4,
    severity="high",
    parameters=(
        Parameter(
            "min_intermediaries",
            Decimal(3),
            "Distinct intermediaries between one source and one target that raise an alert.",
        ),
        Parameter("max_hours", Decimal(72), "Longest time between the two legs of a path."),
        Parameter("min_usd_minor", Decimal(100_000), "Smallest leg (USD cents) that counts."),
        Parameter("window_days", Decimal(7), "Length of the tumbling window, in regulatory days."),
    ),
    sql=f"""
        WITH edges AS (
            SELECT txn_id, payer_id, payee_id, ts_us, day_no, {bucket(":max_hours")} AS bucket
            FROM transactions
            WHERE payer_id <> payee_id AND amount_usd_minor >= :min_usd_minor
        ),
        later AS ({onward("edges", "txn_id, payer_id, payee_id, ts_us")}),
        paths AS (
            SELECT a.payer_id AS source_id, b.payee_id AS target_id, a.payee_id AS middle_id,
                   CAST(FLOOR(a.day_no / :window_days) AS BIGINT) AS window_no,
                   a.txn_id AS in_txn, b.txn_id AS out_txn
            FROM edges AS a
            JOIN later AS b ON b.payer_id = a.payee_id AND b.probe = a.bucket
            WHERE b.ts_us > a.ts_us
              AND b.ts_us <= a.ts_us + :max_hours * 3600000000
              AND b.payee_id <> a.payer_id
        ),
        gathered AS (
            SELECT source_id, target_id, window_no, COUNT(DISTINCT middle_id) AS n
            FROM paths
            GROUP BY source_id, target_id, window_no
            HAVING COUNT(DISTINCT middle_id) >= :min_intermediaries
        ),
        legs AS (
            SELECT p.source_id, p.window_no, p.in_txn AS txn_id, g.n
            FROM paths AS p
            JOIN gathered AS g ON g.source_id = p.source_id AND g.target_id = p.target_id
              AND g.window_no = p.window_no
            UNION ALL
            SELECT p.source_id, p.window_no, p.out_txn AS txn_id, g.n
            FROM paths AS p
            JOIN gathered AS g ON g.source_id = p.source_id AND g.target_id = p.target_id
              AND g.window_no = p.window_no
        )
        SELECT source_id AS subject_id, window_no, txn_id, MAX(n) AS measure
        FROM legs
        GROUP BY source_id, window_no, txn_id
    """,
    subject=SubjectKind.ACCOUNT,
    requires=MOVES,
    window=Window(days="window_days"),
    measure="distinct intermediaries between the source and one target",
    scoring=Scoring("min_intermediaries"),
)

GATHER_SCATTER = Rule(
    id="TBML-04-GATHER-SCATTER",
    version="2",
    title="An intermediary collects from many and pays many (gather-scatter)",
    description=(
        "Within one tumbling window of `window_days` regulatory days an account is paid by at"
        " least `min_sources` distinct payers and, after its first such receipt and at most"
        " `max_hours` after its last, pays at least `min_targets` distinct payees. Where the"
        " source names channels, settlements and payouts (the holder's own money changing"
        " account) are neither receipts nor payments: a shop settling its takings pays no one."
        " The evidence is those receipts and payments; the subject is the intermediary."
    ),
    typology=4,
    severity="high",
    parameters=(
        Parameter("min_sources", Decimal(3), "Distinct payers that raise an alert."),
        Parameter("min_targets", Decimal(3), "Distinct payees paid afterwards that raise it."),
        Parameter(
            "max_hours",
            Decimal(120),
            "Longest time from the window's last receipt to a payment that counts.",
        ),
        Parameter("min_usd_minor", Decimal(100_000), "Smallest payment (USD cents) that counts."),
        Parameter("window_days", Decimal(7), "Length of the tumbling window, in regulatory days."),
    ),
    sql="""
        WITH moves AS (
            SELECT txn_id, payer_id, payee_id, ts_us, day_no
            FROM transactions
            WHERE payer_id <> payee_id AND amount_usd_minor >= :min_usd_minor
              AND (channel IS NULL OR channel NOT IN ('settlement', 'payout'))
        ),
        ins AS (
            SELECT payee_id AS subject_id,
                   CAST(FLOOR(day_no / :window_days) AS BIGINT) AS window_no,
                   payer_id AS other_id, txn_id, ts_us
            FROM moves
        ),
        gathered AS (
            SELECT subject_id, window_no, MIN(ts_us) AS first_us, MAX(ts_us) AS last_us,
                   COUNT(DISTINCT other_id) AS n
            FROM ins
            GROUP BY subject_id, window_no
            HAVING COUNT(DISTINCT other_id) >= :min_sources
        ),
        later AS (
            SELECT g.subject_id, g.window_no, o.payee_id AS other_id, o.txn_id
            FROM moves AS o
            JOIN gathered AS g ON g.subject_id = o.payer_id
            WHERE o.ts_us > g.first_us
              AND o.ts_us <= g.last_us + :max_hours * 3600000000
        ),
        scattered AS (
            SELECT subject_id, window_no, COUNT(DISTINCT other_id) AS n
            FROM later
            GROUP BY subject_id, window_no
            HAVING COUNT(DISTINCT other_id) >= :min_targets
        ),
        both_sides AS (
            SELECT g.subject_id, g.window_no,
                   CAST(LEAST(FLOOR(g.n * 1000 / :min_sources), FLOOR(s.n * 1000 / :min_targets))
                        AS BIGINT) AS n
            FROM gathered AS g
            JOIN scattered AS s ON s.subject_id = g.subject_id AND s.window_no = g.window_no
        )
        SELECT i.subject_id, i.window_no, i.txn_id, b.n AS measure
        FROM ins AS i
        JOIN both_sides AS b ON b.subject_id = i.subject_id AND b.window_no = i.window_no
        UNION ALL
        SELECT l.subject_id, l.window_no, l.txn_id, b.n AS measure
        FROM later AS l
        JOIN both_sides AS b ON b.subject_id = l.subject_id AND b.window_no = l.window_no
    """,
    subject=SubjectKind.ACCOUNT,
    requires=SCATTER_GATHER.requires,
    optional=frozenset({"transactions.channel"}),
    window=Window(days="window_days"),
    measure="the smaller of sources and targets, in ‰ of their trigger counts",
    scoring=Scoring(),
)
RULES = (SCATTER_GATHER, GATHER_SCATTER)
