"""Typology 5: a declared unit price far outside its HS heading's band on this platform.

The band comes from the platform's own history, not from any constant: for each HS heading
(first 4 digits) the lower quartile q1, median and upper quartile q3 of the declared unit prices
(USD millionths) over all goods lines of that heading, by nearest rank (rank ⌊(n−1)·k/4⌋ + 1 of
n, picked with ROW_NUMBER and integer arithmetic, so every engine picks the same line). A
heading with fewer lines than the minimum support has no band and raises nothing.

A heading mixes cheap and dear goods (Christmas ornaments and artificial trees are both 9505),
so the fences are set on the log scale, one band-width beyond the band and a factor more:
a line is far out above when price > factor · q3 · (q3 / q1), below when
price < q1 · (q1 / q3) / factor. A tight band thus flags a price about ten times its median; a
wide one demands more.

Subject: the merchant paid. Window: the regulatory day of the trade's first collection (deposit
and balance make one alert). Measure: how far the farthest line is from its heading's median,
in percent of the median (above) or of the price (below): 1200 = twelve times. Evidence: the
collections paying a trade with such a line.
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
        "goods_lines.hs_code",
        "goods_lines.unit_price_usd_micro",
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
MEASURE = (
    "how far the farthest line is from its heading's median, in percent of the median "
    "(above) or of the price (below): 1200 = twelve times"
)

RULE = Rule(
    id="TBML-05-UNIT-PRICE",
    version="1",
    title="Declared unit price far outside the HS heading's band",
    description=(
        "A goods line of a paid trade declares a unit price far above or below what this"
        " platform's own history shows for its HS heading (quartiles over all lines of the"
        " heading, with a minimum support). Over- and under-invoicing move value across"
        " borders in the price of the goods."
    ),
    typology=5,
    severity="medium",
    parameters=(
        Parameter(
            "min_support",
            Decimal(30),
            "Goods lines a heading needs in the history before it has a band.",
        ),
        Parameter(
            "fence_factor",
            Decimal(2),
            "How far beyond the log-scale band (q3·q3/q1 above, q1·q1/q3 below) a price must"
            " lie, as a factor.",
        ),
    ),
    sql=f"""
        WITH {COLLECTIONS},
        lines AS (
            SELECT trade_id, SUBSTR(hs_code, 1, 4) AS heading, unit_price_usd_micro AS price
            FROM goods_lines
            WHERE unit_price_usd_micro > 0 AND LENGTH(hs_code) >= 4
        ),
        ranked AS (
            SELECT heading, price,
                   ROW_NUMBER() OVER (PARTITION BY heading ORDER BY price) AS rank_no,
                   COUNT(*) OVER (PARTITION BY heading) AS support
            FROM lines
        ),
        bands AS (
            SELECT heading,
                   MAX(CASE WHEN rank_no = FLOOR((support - 1) / 4) + 1 THEN price END) AS q1,
                   MAX(CASE WHEN rank_no = FLOOR((support - 1) / 2) + 1 THEN price END) AS median,
                   MAX(CASE WHEN rank_no = FLOOR((support - 1) * 3 / 4) + 1 THEN price END)
                       AS q3
            FROM ranked
            GROUP BY heading
            HAVING MAX(support) >= :min_support
        ),
        far_out AS (
            SELECT l.trade_id,
                   CASE
                       WHEN CAST(l.price AS DOUBLE) * b.q1
                            > :fence_factor * CAST(b.q3 AS DOUBLE) * b.q3
                       THEN CAST(FLOOR(CAST(l.price AS DOUBLE) * 100 / b.median) AS BIGINT)
                       WHEN CAST(l.price AS DOUBLE) * b.q3 * :fence_factor
                            < CAST(b.q1 AS DOUBLE) * b.q1
                       THEN CAST(FLOOR(CAST(b.median AS DOUBLE) * 100 / l.price) AS BIGINT)
                   END AS off_median_pct
            FROM lines l
            JOIN bands b ON b.heading = l.heading
        ),
        odd_trades AS (
            SELECT trade_id, MAX(off_median_pct) AS measure
            FROM far_out
            WHERE off_median_pct IS NOT NULL
            GROUP BY trade_id
        )
        SELECT c.payee_id AS subject_id,
               MIN(c.day_no) OVER (PARTITION BY c.payee_id, c.trade_ref) AS window_no,
               c.txn_id, o.measure
        FROM collections c
        JOIN odd_trades o ON o.trade_id = c.trade_ref
    """,
)


def score(measure: int, count: int, params: Mapping[str, Decimal]) -> Decimal:  # noqa: ARG001
    """0.5 at three times the median (about where a tight band's fence lies), → 1 beyond."""
    return towards_one(measure, 300)
