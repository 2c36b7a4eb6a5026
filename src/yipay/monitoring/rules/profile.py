"""Typology 9, profile drift: a payee's receipts far above its own history, or a new account
with large volume at once.

The baseline is the payee's own robust history: the (upper) median of its receipts over the last
`history_windows` windows, quiet windows counting as zero, and only when at least
`min_active_windows` of them saw receipts (too little history has no baseline, and no alert).
The median is picked by rank with ROW_NUMBER and integer arithmetic, which every engine agrees
on (no percentile functions).

Volume drift v3: a shop's weekly takings swing several-fold from week to week, and the whole market
sinks for weeks around the Chinese New Year and climbs out of it; v2 (five times the median week)
raised 466 alerts on the tuning sets, 52 of them with laundering. v3 asks for a jump in both volume
(ten times) and count (four times, at least five receipts), scales the history by the rest of the
market's movement, no longer counts the weeks before the data begins as quiet, and evidences the
receipts from payers new to the payee (at least five): 11 alerts, the same profile-drift
laundering caught. New-account volume v3 counts only large receipts (USD 10,000
and more, at least three) in its first two weeks (v2: 30 days): 38 alerts on the tuning sets became
6, the same new accounts caught.
"""

from __future__ import annotations

from decimal import Decimal

from yipay.monitoring.domain import Parameter, Rule, Scoring, SubjectKind, Window

_REQUIRES = frozenset(
    {"transactions.payer_id", "transactions.payee_id", "transactions.amount_usd_minor"}
)
# a settlement (into the holder's other-currency wallet) or a payout (to its own bank account)
# moves money the holder already had: where the source names channels, they are not receipts
_OPTIONAL = frozenset({"transactions.channel"})

VOLUME_DRIFT = Rule(
    id="TBML-09-VOLUME-DRIFT",
    version="3",
    title="A payee's receipts far above its own history",
    description=(
        "In one tumbling window of `window_days` regulatory days a payee receives at least"
        " `min_count` payments totalling at least `min_usd_minor`, at least `min_ratio_pct`"
        " percent of its baseline volume and at least `min_count_ratio_pct` percent of its"
        " baseline count. The baselines are the upper medians of its receipts (volume, count)"
        " in the `history_windows` windows before, quiet windows counting as zero, computed"
        " only when at least `min_active_windows` of them had receipts; windows before the data"
        " begins are not history. Each past window's volume is first scaled by how the rest of"
        " the market moved between it and this window (everyone's receipts but the payee's), so"
        " the whole market's seasons are not one payee's drift. The evidence is the payee's"
        " receipts in the window from payers that never paid it before, and there must be at"
        " least `min_count` of them: a shop's usual customers buying more is trade. Settlements"
        " and payouts (the holder's own money changing account) are not receipts where the"
        " source names channels."
    ),
    typology=9,
    severity="medium",
    parameters=(
        Parameter(
            "min_ratio_pct",
            Decimal(1000),
            "Receipts in the window as a percentage of the baseline volume that raise an alert.",
        ),
        Parameter(
            "min_count_ratio_pct",
            Decimal(400),
            "Receipts in the window as a percentage of the baseline count that raise an alert.",
        ),
        Parameter(
            "min_count", Decimal(5), "Fewest receipts from new payers in the window that alert."
        ),
        Parameter(
            "min_usd_minor",
            Decimal(5_000_000),
            "Smallest total (USD cents) in the window that can raise an alert.",
        ),
        Parameter("history_windows", Decimal(8), "Windows before this one that form the baseline."),
        Parameter(
            "min_active_windows",
            Decimal(4),
            "Of those, how many must have receipts for a baseline to exist.",
        ),
        Parameter("window_days", Decimal(7), "Length of the tumbling window, in regulatory days."),
    ),
    sql="""
        WITH pair_first AS (
            SELECT payer_id, payee_id, MIN(ts_us) AS first_us
            FROM transactions
            GROUP BY payer_id, payee_id
        ),
        received AS (
            SELECT t.payee_id AS subject_id,
                   CAST(FLOOR(t.day_no / :window_days) AS BIGINT) AS window_no,
                   t.txn_id, t.amount_usd_minor AS amt,
                   CASE WHEN t.ts_us = p.first_us THEN 1 ELSE 0 END AS first_time
            FROM transactions AS t
            JOIN pair_first AS p ON p.payer_id = t.payer_id AND p.payee_id = t.payee_id
            WHERE t.amount_usd_minor IS NOT NULL
              AND (t.channel IS NULL OR t.channel NOT IN ('settlement', 'payout'))
        ),
        first_window AS (
            SELECT CAST(CEIL(MIN(day_no) / :window_days) AS BIGINT) AS window_no
            FROM transactions
        ),
        market AS (
            SELECT window_no, SUM(amt) AS total FROM received GROUP BY window_no
        ),
        volumes AS (
            SELECT subject_id, window_no, SUM(amt) AS volume, COUNT(*) AS n
            FROM received
            GROUP BY subject_id, window_no
        ),
        history AS (
            SELECT v.subject_id, v.window_no, v.volume, v.n, h.n AS past_n,
                   CASE WHEN mv.total > v.volume AND mh.total > h.volume
                        THEN CAST(h.volume AS DOUBLE) * (mv.total - v.volume)
                             / (mh.total - h.volume)
                        ELSE CAST(h.volume AS DOUBLE) END AS past,
                   LEAST(:history_windows, v.window_no - f.window_no) AS span
            FROM volumes AS v
            CROSS JOIN first_window AS f
            JOIN volumes AS h ON h.subject_id = v.subject_id
            JOIN market AS mv ON mv.window_no = v.window_no
            JOIN market AS mh ON mh.window_no = h.window_no
            WHERE v.volume >= :min_usd_minor AND v.n >= :min_count
              AND h.window_no < v.window_no
              AND h.window_no >= v.window_no - :history_windows
              AND h.window_no >= f.window_no
        ),
        ranked AS (
            SELECT subject_id, window_no, volume, n, past, past_n, span,
                   ROW_NUMBER() OVER (
                       PARTITION BY subject_id, window_no ORDER BY past
                   ) AS k,
                   ROW_NUMBER() OVER (
                       PARTITION BY subject_id, window_no ORDER BY past_n
                   ) AS k_n,
                   COUNT(*) OVER (PARTITION BY subject_id, window_no) AS active
            FROM history
        ),
        medians AS (
            SELECT subject_id, window_no, MAX(volume) AS volume, MAX(n) AS n,
                   MAX(CASE WHEN k = CAST(FLOOR(span / 2) AS BIGINT) + 1 - (span - active)
                            THEN past END) AS past,
                   MAX(CASE WHEN k_n = CAST(FLOOR(span / 2) AS BIGINT) + 1 - (span - active)
                            THEN past_n END) AS past_n
            FROM ranked
            WHERE active >= :min_active_windows
            GROUP BY subject_id, window_no
        ),
        drifted AS (
            SELECT subject_id, window_no,
                   CAST(FLOOR(volume * 100 / past) AS BIGINT) AS ratio_pct
            FROM medians
            WHERE past > 0
              AND volume * 100 >= past * :min_ratio_pct
              AND n * 100 >= past_n * :min_count_ratio_pct
        ),
        newcomers AS (
            SELECT r.subject_id, r.window_no, r.txn_id, d.ratio_pct,
                   COUNT(*) OVER (PARTITION BY r.subject_id, r.window_no) AS k
            FROM received AS r
            JOIN drifted AS d ON d.subject_id = r.subject_id AND d.window_no = r.window_no
            WHERE r.first_time = 1
        )
        SELECT subject_id, window_no, txn_id, ratio_pct AS measure
        FROM newcomers
        WHERE k >= :min_count
    """,
    subject=SubjectKind.PAYEE,
    requires=_REQUIRES,
    optional=_OPTIONAL,
    window=Window(days="window_days"),
    measure="receipts in the window, in percent of the market-adjusted baseline",
    scoring=Scoring("min_ratio_pct"),
)

NEW_ACCOUNT_VOLUME = Rule(
    id="TBML-09-NEW-ACCOUNT-VOLUME",
    version="3",
    title="New account with large volume at once",
    description=(
        "An account first seen (paying or paid) at least `warmup_days` after the data begins"
        " receives at least `min_count` payments of at least `min_each_usd_minor` each,"
        " totalling at least `min_usd_minor`, in the `window_days` regulatory days from its first"
        " day. Accounts already there when the data begins are not new, only unseen: the warm-up"
        " keeps them out. A new shop that is busy from the start takes many ordinary orders; one"
        " put to use takes a few large sums. The window is anchored on the first day; the"
        " evidence is those large receipts. Settlements and payouts (the holder's own money"
        " changing account) are not receipts where the source names channels: a new merchant's"
        " wallet is not a new account."
    ),
    typology=9,
    severity="medium",
    parameters=(
        Parameter(
            "min_usd_minor",
            Decimal(10_000_000),
            "Receipts (USD cents) in the first window that raise an alert.",
        ),
        Parameter(
            "min_each_usd_minor",
            Decimal(1_000_000),
            "Smallest receipt (USD cents) that counts: a large order, not a day's trickle.",
        ),
        Parameter("min_count", Decimal(3), "Fewest such receipts that raise an alert."),
        Parameter("window_days", Decimal(14), "Days from the first one that count."),
        Parameter(
            "warmup_days",
            Decimal(30),
            "Accounts first seen this early in the data are not treated as new.",
        ),
    ),
    sql="""
        WITH seen AS (
            SELECT payer_id AS account_id, day_no FROM transactions
            UNION ALL
            SELECT payee_id AS account_id, day_no FROM transactions
        ),
        firsts AS (
            SELECT account_id, MIN(day_no) AS first_day
            FROM seen
            GROUP BY account_id
        ),
        data_start AS (
            SELECT MIN(day_no) AS first_day FROM transactions
        ),
        fresh AS (
            SELECT f.account_id, f.first_day
            FROM firsts AS f
            CROSS JOIN data_start AS s
            WHERE f.first_day >= s.first_day + :warmup_days
        ),
        burst AS (
            SELECT f.account_id, f.first_day, t.txn_id, t.amount_usd_minor AS amt
            FROM fresh AS f
            JOIN transactions AS t ON t.payee_id = f.account_id
            WHERE t.day_no < f.first_day + :window_days
              AND (t.channel IS NULL OR t.channel NOT IN ('settlement', 'payout'))
              AND t.amount_usd_minor >= :min_each_usd_minor
        ),
        large AS (
            SELECT account_id, first_day, SUM(amt) AS total
            FROM burst
            GROUP BY account_id, first_day
            HAVING SUM(amt) >= :min_usd_minor AND COUNT(*) >= :min_count
        )
        SELECT b.account_id AS subject_id, CAST(b.first_day AS BIGINT) AS window_no, b.txn_id,
               CAST(g.total AS BIGINT) AS measure
        FROM burst AS b
        JOIN large AS g ON g.account_id = b.account_id AND g.first_day = b.first_day
    """,
    subject=SubjectKind.ACCOUNT,
    requires=_REQUIRES,
    optional=_OPTIONAL,
    window=Window(days="window_days", anchored=True),
    measure="receipts in the first window (USD cents)",
    scoring=Scoring("min_usd_minor"),
)
RULES = (VOLUME_DRIFT, NEW_ACCOUNT_VOLUME)
