"""Typology 9, an account's activity against itself: velocity and dormant accounts waking up.

Velocity looks at every account on both sides (what it pays and what it receives), so a mule
that only passes money on is seen as much as a shop that only collects. Dormancy v2 looks at what
a woken account receives, from whom, and against its own past: v1 counted any 25,000 USD moved
after 90 quiet days and raised 180 alerts on the tuning sets, mostly buyers back for the season's
order and paused shops reopening at their usual size; v2 raises 7, the same laundering caught.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from yipay.monitoring.domain import (
    Parameter,
    Rule,
    RuleMode,
    Scoring,
    SubjectKind,
    Transaction,
    Window,
)
from yipay.monitoring.portable import Evidence
from yipay.monitoring.profiles import (
    Entry,
    History,
    Member,
    Profile,
    WindowedTwin,
    per_mille,
    tumbling_window,
)
from yipay.monitoring.rules.onward import MOVES

# every transaction once per account it touches (a self-transfer once)
_LEGS = """
    legs AS (
        SELECT payer_id AS account_id, txn_id, ts_us, day_no, amount_usd_minor AS amt
        FROM transactions
        UNION ALL
        SELECT payee_id AS account_id, txn_id, ts_us, day_no, amount_usd_minor AS amt
        FROM transactions
        WHERE payee_id <> payer_id
    )"""

VELOCITY = Rule(
    id="TBML-09-VELOCITY",
    version="2",
    title="Many payments, or a large sum, through one account in a short window",
    description=(
        "Within one tumbling window of `window_days` regulatory days an account pays or receives"
        " at least `min_count` payments, or at least `min_total_usd_minor` in total (USD"
        " equivalents). The measure is the larger of the two in ‰ of its trigger; the evidence"
        " is every payment of the account in the window. Monitor mode by default: raw volume"
        " says more about a shop's size than about laundering (no laundering among its flags"
        " on the tuning sets); volume drift against the account's own history is the active"
        " test."
    ),
    typology=9,
    severity="medium",
    parameters=(
        Parameter("min_count", Decimal(50), "Payments in one window that raise an alert."),
        Parameter(
            "min_total_usd_minor",
            Decimal(100_000_000),
            "Total (USD cents) in one window that raises an alert.",
        ),
        Parameter("window_days", Decimal(1), "Length of the tumbling window, in regulatory days."),
    ),
    sql=f"""
        WITH {_LEGS},
        windowed AS (
            SELECT account_id, CAST(FLOOR(day_no / :window_days) AS BIGINT) AS window_no,
                   txn_id, amt
            FROM legs
        ),
        busy AS (
            SELECT account_id, window_no, COUNT(*) AS n, COALESCE(SUM(amt), 0) AS total
            FROM windowed
            GROUP BY account_id, window_no
            HAVING COUNT(*) >= :min_count OR COALESCE(SUM(amt), 0) >= :min_total_usd_minor
        )
        SELECT w.account_id AS subject_id, w.window_no, w.txn_id,
               CAST(GREATEST(FLOOR(b.n * 1000 / :min_count),
                             FLOOR(CAST(b.total AS DOUBLE) * 1000 / :min_total_usd_minor))
                    AS BIGINT) AS measure
        FROM windowed AS w
        JOIN busy AS b ON b.account_id = w.account_id AND b.window_no = w.window_no
    """,
    subject=SubjectKind.ACCOUNT,
    requires=MOVES,
    window=Window(days="window_days"),
    measure="count or total in the window, in ‰ of its trigger (the larger)",
    scoring=Scoring(),
    mode=RuleMode.MONITOR,
)

DORMANT_AWAKENING = Rule(
    id="TBML-09-DORMANT-AWAKENING",
    version="2",
    title="Dormant account suddenly receiving large amounts from new payers",
    description=(
        "An account with no payment for at least `dormant_days` (it had one before) receives,"
        " in the `window_days` regulatory days from the day it wakes up, at least `min_count`"
        " payments totalling at least `min_usd_minor` (USD equivalents) from payers that never"
        " paid it before, and at least `min_ratio_pct` percent of what it used to receive in as"
        " many days while it was active (nothing, if it never received). The window is anchored"
        " on the waking day; the evidence is those receipts. A customer coming back to buy, and"
        " a shop reopening at its usual size with its usual buyers, are how a seasonal market"
        " works, not an account put to new use."
    ),
    typology=9,
    severity="medium",
    parameters=(
        Parameter("dormant_days", Decimal(90), "Days without any payment that make it dormant."),
        Parameter(
            "min_usd_minor",
            Decimal(2_500_000),
            "Total (USD cents) received from new payers after waking up that raises an alert.",
        ),
        Parameter("min_count", Decimal(3), "Fewest receipts from new payers that raise it."),
        Parameter(
            "min_ratio_pct",
            Decimal(200),
            "Those receipts as a percentage of the account's usual receipts in as many days.",
        ),
        Parameter(
            "window_days", Decimal(7), "Days after waking up that count, the first included."
        ),
    ),
    sql="""
        WITH legs AS (
            SELECT payer_id AS account_id, txn_id, ts_us, day_no, amount_usd_minor AS amt,
                   payee_id AS other_id, 0 AS received
            FROM transactions
            UNION ALL
            SELECT payee_id AS account_id, txn_id, ts_us, day_no, amount_usd_minor AS amt,
                   payer_id AS other_id, 1 AS received
            FROM transactions
            WHERE payee_id <> payer_id
        ),
        gaps AS (
            SELECT account_id, ts_us, day_no,
                   LAG(ts_us) OVER (PARTITION BY account_id ORDER BY ts_us, txn_id) AS prev_us
            FROM legs
        ),
        wakes AS (
            SELECT account_id, day_no AS wake_day, ts_us AS wake_us
            FROM gaps
            WHERE prev_us IS NOT NULL AND ts_us - prev_us >= :dormant_days * 86400000000
        ),
        known AS (
            SELECT w.account_id, w.wake_day, l.other_id
            FROM wakes AS w
            JOIN legs AS l ON l.account_id = w.account_id
            WHERE l.ts_us < w.wake_us AND l.received = 1
            GROUP BY w.account_id, w.wake_day, l.other_id
        ),
        burst AS (
            SELECT w.account_id, w.wake_day, l.txn_id, l.amt
            FROM wakes AS w
            JOIN legs AS l ON l.account_id = w.account_id
            LEFT JOIN known AS k ON k.account_id = w.account_id AND k.wake_day = w.wake_day
              AND k.other_id = l.other_id
            WHERE l.day_no >= w.wake_day AND l.day_no < w.wake_day + :window_days
              AND l.received = 1 AND k.other_id IS NULL
        ),
        usual AS (
            SELECT w.account_id, w.wake_day, SUM(l.amt) AS total,
                   MAX(l.day_no) - MIN(l.day_no) + :window_days AS days
            FROM wakes AS w
            JOIN legs AS l ON l.account_id = w.account_id
            WHERE l.ts_us < w.wake_us AND l.received = 1
            GROUP BY w.account_id, w.wake_day
        ),
        large AS (
            SELECT b.account_id, b.wake_day, SUM(b.amt) AS total
            FROM burst AS b
            LEFT JOIN usual AS u ON u.account_id = b.account_id AND u.wake_day = b.wake_day
            GROUP BY b.account_id, b.wake_day
            HAVING SUM(b.amt) >= :min_usd_minor AND COUNT(*) >= :min_count
               AND SUM(b.amt) * MAX(COALESCE(u.days, 1)) * 100
                   >= MAX(COALESCE(u.total, 0)) * :window_days * :min_ratio_pct
        )
        SELECT b.account_id AS subject_id, CAST(b.wake_day AS BIGINT) AS window_no, b.txn_id,
               CAST(g.total AS BIGINT) AS measure
        FROM burst AS b
        JOIN large AS g ON g.account_id = b.account_id AND g.wake_day = b.wake_day
    """,
    subject=SubjectKind.ACCOUNT,
    requires=MOVES,
    window=Window(days="window_days", anchored=True),
    measure="received from new payers in the window after waking up (USD cents)",
    scoring=Scoring("min_usd_minor"),
)
RULES = (VELOCITY, DORMANT_AWAKENING)


# -- the real-time twin of VELOCITY: every payment counted on both its accounts ---------------
# (DORMANT_AWAKENING has none: its anchored window depends on the order payments arrive in.)
def velocity_entries(
    txn: Transaction, params: Mapping[str, Decimal], _history: History
) -> list[Entry]:
    """The payment in its payer's and its payee's window (once for a self-transfer)."""
    window_no = tumbling_window(txn.day_no, params["window_days"])
    usd = txn.amount_usd_minor
    legs = [Entry(txn.payer_id, window_no, Member(txn.payment_id, txn.merchant_id, usd))]
    if txn.merchant_id != txn.payer_id:
        legs.append(Entry(txn.merchant_id, window_no, Member(txn.payment_id, txn.payer_id, usd)))
    return legs


def velocity_evidence(profile: Profile, params: Mapping[str, Decimal]) -> list[Evidence]:
    """Every payment of the account's window once the count or the total reaches its trigger."""
    n, total = profile.count, profile.total_usd_minor
    if n < params["min_count"] and total < params["min_total_usd_minor"]:
        return []
    measure = max(
        per_mille(n, params["min_count"]), per_mille(total, params["min_total_usd_minor"])
    )
    return profile.evidence(measure)


TWINS = (WindowedTwin(VELOCITY.id, ("window_days",), velocity_entries, velocity_evidence),)
