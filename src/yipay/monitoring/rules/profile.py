"""Typology 9, profile drift: a payee's receipts far above its own history, or a new account
with large volume at once.

The baseline is the payee's own robust history: the (upper) median of its receipts over the last
`history_windows` windows, quiet windows counting as zero, and only when at least
`min_active_windows` of them saw receipts (too little history has no baseline, and no alert).
The median is picked by rank with ROW_NUMBER and integer arithmetic, which every engine agrees
on (no percentile functions).
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
    version="2",
    title="A payee's receipts far above its own history",
    description=(
        "In one tumbling window of `window_days` regulatory days a payee receives at least"
        " `min_usd_minor` and at least `min_ratio_pct` percent of its baseline: the upper median"
        " of its receipts in the `history_windows` windows before, quiet windows counting as"
        " zero, computed only when at least `min_active_windows` of them had receipts. The"
        " evidence is the payee's receipts in the window. Settlements and payouts (the holder's"
        " own money changing account) are not receipts where the source names channels."
    ),
    typology=9,
    severity="medium",
    parameters=(
        Parameter(
            "min_ratio_pct",
            Decimal(500),
            "Receipts in the window as a percentage of the baseline that raise an alert.",
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
        WITH received AS (
            SELECT payee_id AS subject_id,
                   CAST(FLOOR(day_no / :window_days) AS BIGINT) AS window_no,
                   txn_id, amount_usd_minor AS amt
            FROM transactions
            WHERE amount_usd_minor IS NOT NULL
              AND (channel IS NULL OR channel NOT IN ('settlement', 'payout'))
        ),
        volumes AS (
            SELECT subject_id, window_no, SUM(amt) AS volume
            FROM received
            GROUP BY subject_id, window_no
        ),
        history AS (
            SELECT v.subject_id, v.window_no, v.volume, h.volume AS past
            FROM volumes AS v
            JOIN volumes AS h ON h.subject_id = v.subject_id
            WHERE v.volume >= :min_usd_minor
              AND h.window_no < v.window_no
              AND h.window_no >= v.window_no - :history_windows
        ),
        ranked AS (
            SELECT subject_id, window_no, volume, past,
                   ROW_NUMBER() OVER (
                       PARTITION BY subject_id, window_no ORDER BY past
                   ) AS k,
                   COUNT(*) OVER (PARTITION BY subject_id, window_no) AS active
            FROM history
        ),
        drifted AS (
            SELECT subject_id, window_no,
                   CAST(FLOOR(CAST(volume AS DOUBLE) * 100 / past) AS BIGINT) AS ratio_pct
            FROM ranked
            WHERE active >= :min_active_windows
              AND k = CAST(FLOOR(:history_windows / 2) AS BIGINT) + 1
                      - (:history_windows - active)
              AND past > 0
              AND volume * 100 >= past * :min_ratio_pct
        )
        SELECT r.subject_id, r.window_no, r.txn_id, d.ratio_pct AS measure
        FROM received AS r
        JOIN drifted AS d ON d.subject_id = r.subject_id AND d.window_no = r.window_no
    """,
    subject=SubjectKind.PAYEE,
    requires=_REQUIRES,
    optional=_OPTIONAL,
    window=Window(days="window_days"),
    measure="receipts in the window, in percent of the baseline",
    scoring=Scoring("min_ratio_pct"),
)

NEW_ACCOUNT_VOLUME = Rule(
    id="TBML-09-NEW-ACCOUNT-VOLUME",
    version="2",
    title="New account with large volume at once",
    description=(
        "An account first seen (paying or paid) at least `warmup_days` after the data begins"
        " receives at least `min_usd_minor` in the `window_days` regulatory days from its first"
        " day. Accounts already there when the data begins are not new, only unseen: the warm-up"
        " keeps them out. The window is anchored on the first day; the evidence is the receipts"
        " in it. Settlements and payouts (the holder's own money changing account) are not"
        " receipts where the source names channels: a new merchant's wallet is not a new account."
    ),
    typology=9,
    severity="medium",
    parameters=(
        Parameter(
            "min_usd_minor",
            Decimal(10_000_000),
            "Receipts (USD cents) in the first window that raise an alert.",
        ),
        Parameter("window_days", Decimal(30), "Days from the first one that count."),
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
        ),
        large AS (
            SELECT account_id, first_day, SUM(amt) AS total
            FROM burst
            GROUP BY account_id, first_day
            HAVING SUM(amt) >= :min_usd_minor
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
