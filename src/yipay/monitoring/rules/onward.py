"""SQL for following money onward: payments that follow another within a limit of hours.

Joining every receipt of an account with every payment it makes and then filtering on time costs
in × out pairs per account, which for a busy shop is millions. Instead, time is cut into buckets
as long as the limit (integer division of `ts_us`), and each payment is listed twice: under its
own bucket and under the one before (`probe`). A payment following an earlier one within the
limit is then always found by an equality join on the earlier one's bucket, and only pairs at most
two buckets apart are ever compared. Integer division of microseconds is exact on every engine.
"""

from __future__ import annotations


def bucket(hours: str, ts: str = "ts_us") -> str:
    """SQL: the bucket of `ts` for buckets of `hours` hours (a parameter placeholder)."""
    return f"{ts} // ({hours} * 3600000000)"


def onward(source: str, columns: str) -> str:
    """SQL for a CTE body: `source`'s rows (with `columns` and `bucket`), twice, with `probe`."""
    return (
        f"SELECT {columns}, bucket AS probe FROM {source}"
        f" UNION ALL SELECT {columns}, bucket - 1 AS probe FROM {source}"
    )


# what a rule over money moving between accounts reads: it runs on any generic file
MOVES = frozenset(
    {
        "transactions.payer_id",
        "transactions.payee_id",
        "transactions.ts_us",
        "transactions.amount_usd_minor",
    }
)
