"""Typology 11: one shipment declared as several 1039 declarations to stay under the cap.

A market-procurement (1039) declaration may declare at most the cap (USD 150,000). A
declaration's value is the sum of the merchants' slices (trades) that name it, USD
equivalents; its day is the export day (the trade day until exported). For each declarant (the
export agent) and each merchant, with one buyer, declarations under the cap are taken in day
order and grouped while each follows the previous within `gap_days`; a group of two or more
whose values add up to more than the cap is a split. The merchant view catches a shop that
spreads one buyer's goods over several agents; the agent view catches an agent splitting a
container of many shops' goods.

Evidence is the collections that pay the slices of a split group's declarations (the trades
themselves are not transactions; a split nobody has paid for raises nothing until money
arrives). A collection belongs to one slice, so it is evidence once even when both views flag
its declaration. Subject: the merchant paid. Window: the first day of the (earliest) group its
declaration belongs to. Measure: that group's total in USD cents.
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
        "transactions.trade_ref",
        "trades.declaration_no",
        "trades.kind",
        "trades.buyer_id",
        "trades.amount_usd_minor",
    }
)
# read when the source has them (NULL otherwise), never required
OPTIONAL = frozenset({"transactions.channel", "transactions.payer_country", "transactions.purpose"})
MEASURE = "that group's total in USD cents"

RULE = Rule(
    id="TBML-11-SPLIT-DECLARATION",
    version="1",
    title="One shipment split into several 1039 declarations under the cap",
    description=(
        "Several market-procurement (1039) declarations of the same export agent or merchant"
        " for the same buyer within a few days, each at most the per-declaration cap, add up"
        " to more than it. Splitting keeps each declaration inside the simplified 1039 regime"
        " and its cap while one shipment of goods, and the money for it, is larger."
    ),
    typology=11,
    severity="medium",
    parameters=(
        Parameter(
            "cap_usd_minor",
            Decimal(15_000_000),
            "The per-declaration cap of market procurement, USD cents.",
        ),
        Parameter(
            "gap_days",
            Decimal(3),
            "Most days between one declaration and the next of the same group.",
        ),
    ),
    sql=f"""
        WITH {COLLECTIONS},
        slices AS (
            SELECT trade_id, merchant_id, buyer_id, agent_id, declaration_no,
                   COALESCE(export_day_no, trade_day_no) AS ship_day, amount_usd_minor
            FROM trades
            WHERE kind = '1039' AND declaration_no IS NOT NULL AND buyer_id IS NOT NULL
        ),
        declarations AS (
            SELECT declaration_no, MIN(ship_day) AS ship_day,
                   SUM(amount_usd_minor) AS value_usd_minor
            FROM slices
            GROUP BY declaration_no
            HAVING SUM(amount_usd_minor) <= :cap_usd_minor AND MIN(ship_day) IS NOT NULL
        ),
        declarants AS (
            SELECT DISTINCT 'agent' AS party_kind, agent_id AS party_id, buyer_id, declaration_no
            FROM slices
            WHERE agent_id IS NOT NULL
            UNION
            SELECT DISTINCT 'merchant' AS party_kind, merchant_id AS party_id, buyer_id,
                   declaration_no
            FROM slices
        ),
        ordered AS (
            SELECT p.party_kind, p.party_id, p.buyer_id, d.declaration_no, d.ship_day,
                   d.value_usd_minor,
                   CASE
                       WHEN d.ship_day - LAG(d.ship_day) OVER (
                           PARTITION BY p.party_kind, p.party_id, p.buyer_id
                           ORDER BY d.ship_day, d.declaration_no
                       ) <= :gap_days THEN 0
                       ELSE 1
                   END AS starts_group
            FROM declarants p
            JOIN declarations d ON d.declaration_no = p.declaration_no
        ),
        grouped AS (
            SELECT party_kind, party_id, buyer_id, declaration_no, ship_day, value_usd_minor,
                   SUM(starts_group) OVER (
                       PARTITION BY party_kind, party_id, buyer_id
                       ORDER BY ship_day, declaration_no
                       ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
                   ) AS group_no
            FROM ordered
        ),
        splits AS (
            SELECT party_kind, party_id, buyer_id, group_no,
                   MIN(ship_day) AS first_day, SUM(value_usd_minor) AS total_usd_minor
            FROM grouped
            GROUP BY party_kind, party_id, buyer_id, group_no
            HAVING COUNT(*) >= 2 AND SUM(value_usd_minor) > :cap_usd_minor
        ),
        split_declarations AS (
            SELECT g.declaration_no, MIN(s.first_day) AS first_day,
                   MAX(s.total_usd_minor) AS total_usd_minor
            FROM grouped g
            JOIN splits s
              ON s.party_kind = g.party_kind AND s.party_id = g.party_id
             AND s.buyer_id = g.buyer_id AND s.group_no = g.group_no
            GROUP BY g.declaration_no
        )
        SELECT c.payee_id AS subject_id, sd.first_day AS window_no, c.txn_id,
               sd.total_usd_minor AS measure
        FROM collections c
        JOIN slices sl ON sl.trade_id = c.trade_ref
        JOIN split_declarations sd ON sd.declaration_no = sl.declaration_no
    """,
)


def score(measure: int, count: int, params: Mapping[str, Decimal]) -> Decimal:  # noqa: ARG001
    """0.5 just over the cap, 0.75 at twice it."""
    return towards_one(measure, params["cap_usd_minor"])
