"""SQL pieces the trade-based rules share: which transactions are collections, and text cleaning.

A *collection* is money a buyer (or someone paying for him) sends to a market merchant. Sources
say so in `channel`; where a source has no channel, a payment to a merchant known from the
trades, or one that names a trade, counts as a collection. Settlements, payouts, transfers and
cash (`channel` other than `collection`) are never collections, so trade rules do not judge them.
"""

from __future__ import annotations

# Two disjoint branches rather than one OR: the merchant lookup then runs only on rows without a
# channel (none, on most sources), not on every transaction.
_COLUMNS = """txn_id, ts_us, day_no, payer_id, payee_id, payer_country, amount_minor,
               currency, amount_usd_minor, purpose, trade_ref"""
COLLECTIONS = f"""
    collections AS (
        SELECT {_COLUMNS}
        FROM transactions
        WHERE channel = 'collection'
        UNION ALL
        SELECT {_COLUMNS}
        FROM transactions
        WHERE channel IS NULL
          AND (trade_ref IS NOT NULL OR payee_id IN (SELECT merchant_id FROM trades))
    )"""

# Characters that separate words in remittance text and names, and the digits (invoice numbers
# carry no goods words; dropping them lets equal texts be matched once). Each becomes a space.
# No backslash: Spark string literals read it as an escape.
SEPARATORS = "0123456789.,;:/-_()[]{}'\"+&#*!?<>=|~،"


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def without_digits(expression: str) -> str:
    """SQL for `expression` lower-cased with its digits turned to spaces: cheap, and texts that
    differ only in invoice numbers become equal, so the costly cleaning runs once per text."""
    return f"TRANSLATE(LOWER({expression}), '0123456789', '{' ' * 10}')"


def spaced_words(expression: str, *, upper: bool = False) -> str:
    """SQL for `expression` case-folded, separators and digits turned to spaces, runs of spaces
    shortened, padded with one space each side: `' payment for bed sheets '`. A word is then
    found as a plain substring with its spaces (`' sheet'`), without regular expressions, which
    engines disagree on."""
    folded = f"{'UPPER' if upper else 'LOWER'}({expression})"
    spaced = f"TRANSLATE({folded}, {_sql_string(SEPARATORS)}, {_sql_string(' ' * len(SEPARATORS))})"
    for _ in range(3):  # 8 spaces → 4 → 2 → 1
        spaced = f"REPLACE({spaced}, '  ', ' ')"
    return f"' ' || TRIM({spaced}) || ' '"


# What each collection consumes of the trade it names, in the trade's currency: its own amount
# when the currencies agree, else its USD equivalent at the trade's own USD rate. `consumed` is
# the running total over the trade's collections in arrival order (ties by txn_id), this one
# included; `used` is this collection's part; `slack` (a DOUBLE, in the trade's currency) the
# larger of :tolerance_bp of the amount and :tolerance_usd_minor at the trade's USD rate, the
# latter at most :tolerance_cap_bp of the amount (a small parcel paid twice must still show).
TRADE_CONSUMPTION = """
    paid AS (
        SELECT c.txn_id, c.ts_us, c.day_no, c.payee_id, tr.trade_id, tr.merchant_id,
               tr.amount_minor AS trade_minor,
               GREATEST(
                   CAST(tr.amount_minor AS DOUBLE) * :tolerance_bp / 10000,
                   LEAST(
                       COALESCE(
                           CAST(:tolerance_usd_minor AS DOUBLE) * tr.amount_minor
                           / NULLIF(tr.amount_usd_minor, 0),
                           0
                       ),
                       CAST(tr.amount_minor AS DOUBLE) * :tolerance_cap_bp / 10000
                   )
               ) AS slack,
               CASE
                   WHEN c.currency = tr.currency THEN c.amount_minor
                   WHEN tr.amount_usd_minor > 0 THEN CAST(FLOOR(
                       CAST(c.amount_usd_minor AS DOUBLE) * tr.amount_minor / tr.amount_usd_minor
                   ) AS BIGINT)
               END AS used
        FROM collections c
        JOIN trades tr ON tr.trade_id = c.trade_ref
        WHERE tr.amount_minor > 0
    ),
    consumption AS (
        SELECT txn_id, day_no, payee_id, trade_id, merchant_id, trade_minor, slack, used,
               SUM(used) OVER (
                   PARTITION BY trade_id ORDER BY ts_us, txn_id
                   ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
               ) AS consumed
        FROM paid
    )"""
