"""Typology 5: a trade declared, and paid, far above the value of its goods lines.

The goods lines say what the goods are worth (quantity × unit price, USD equivalents); the
trade's amount is what the merchant declared, and its collections what was paid. When both the
amount and the money collected exceed a multiple of the goods' value, the trade was invoiced
above its goods (over-invoicing) and paid accordingly. A trade declared at its goods' value but
paid twice is over its balance instead (TBML-01-OVER-BALANCE reports it), not here.

Subject: the merchant paid. Window: the regulatory day of the trade's first collection.
Measure: collected as a percentage of the goods value. Evidence: every collection of the trade.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from yipay.monitoring.domain import Parameter, Rule
from yipay.monitoring.rules.collections_sql import COLLECTIONS
from yipay.monitoring.rules.scoring import towards_one

SUBJECT = "merchant"
REQUIRES = frozenset(
    {
        "transactions",
        "trades",
        "goods_lines",
        "transactions.trade_ref",
        "goods_lines.value_usd_minor",
    }
)
# read when the source has them (NULL otherwise), never required
OPTIONAL = frozenset(
    {
        "transactions.amount_usd_minor",
        "transactions.channel",
        "transactions.payer_country",
        "transactions.purpose",
    }
)
MEASURE = "collected as a percentage of the goods value"

RULE = Rule(
    id="TBML-05-OVER-GOODS-VALUE",
    version="1",
    title="Collections far above the value of the trade's goods",
    description=(
        "A trade's amount and the collections naming it both exceed (USD equivalents) a multiple"
        " of the value of its goods lines. Invoicing and paying far more than the goods are"
        " worth moves the difference as if it were the price of goods."
    ),
    typology=5,
    severity="medium",
    parameters=(
        Parameter(
            "max_paid_pct",
            Decimal(200),
            "The trade amount and its collections may each reach this percentage of the goods"
            " value before the trade is reported.",
        ),
    ),
    sql=f"""
        WITH {COLLECTIONS},
        goods AS (
            SELECT trade_id, SUM(value_usd_minor) AS goods_usd_minor
            FROM goods_lines
            GROUP BY trade_id
        ),
        paid AS (
            SELECT c.payee_id, c.day_no, c.txn_id, g.goods_usd_minor,
                   tr.amount_usd_minor AS declared_usd_minor,
                   SUM(c.amount_usd_minor) OVER (PARTITION BY c.trade_ref) AS paid_usd_minor,
                   MIN(c.day_no) OVER (PARTITION BY c.trade_ref) AS first_day
            FROM collections c
            JOIN goods g ON g.trade_id = c.trade_ref
            JOIN trades tr ON tr.trade_id = c.trade_ref
            WHERE g.goods_usd_minor > 0
        )
        SELECT payee_id AS subject_id, first_day AS window_no, txn_id,
               CAST(FLOOR(CAST(paid_usd_minor AS DOUBLE) * 100 / goods_usd_minor) AS BIGINT)
                   AS measure
        FROM paid
        WHERE paid_usd_minor * 100 > goods_usd_minor * :max_paid_pct
          AND declared_usd_minor * 100 > goods_usd_minor * :max_paid_pct
    """,
)


def score(measure: int, count: int, params: Mapping[str, Decimal]) -> Decimal:  # noqa: ARG001
    """0.5 at the allowed percentage, 0.75 at twice it."""
    return towards_one(measure, params["max_paid_pct"])
