"""Typology 2: one customs declaration number carried by trades that cannot share it.

Under market procurement (1039) one declaration legitimately covers the slices of many shops,
so several merchants naming one declaration is normal. What cannot happen is one declaration
for two buyers, filed by two export agents, or under two trade kinds: one of the records
re-uses a number that belongs to other goods. The trades naming a declaration are grouped by
(buyer, agent, kind); the largest group, when it is the only one of its size, is the
declaration's own (the consolidated slices), and every other trade is a re-use. When no group
is larger than the others (two trades that disagree) the data cannot tell which is genuine, so
all are reported and the analyst decides.

Subject: the merchant paid. Window: the re-using trade's trade day, so its deposit and balance
make one alert. Measure: how many trades name the declaration. Evidence: the collections that
pay a re-using trade (a re-use nobody has paid for raises nothing yet).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from yipay.monitoring.domain import Parameter, Rule
from yipay.monitoring.rules.collections_sql import COLLECTIONS
from yipay.monitoring.rules.scoring import clamp, with_count

SUBJECT = "merchant"
REQUIRES = frozenset({"transactions", "trades", "transactions.trade_ref", "trades.declaration_no"})
# read when the source has them (NULL otherwise), never required
OPTIONAL = frozenset(
    {
        "transactions.amount_usd_minor",
        "transactions.buyer_id",
        "transactions.channel",
        "transactions.payer_country",
        "transactions.purpose",
    }
)
MEASURE = "how many trades name the declaration"

RULE = Rule(
    id="TBML-02-DECLARATION-REUSE",
    version="1",
    title="Declaration number re-used for another buyer, agent or kind of trade",
    description=(
        "A trade names a customs declaration that other trades name for another buyer, another"
        " export agent or another kind of trade, and collections pay it. Shops' slices of one"
        " consolidated 1039 declaration share its number; a different buyer or declarant"
        " cannot, so one of the records presents someone else's export as its own."
    ),
    typology=2,
    severity="high",
    parameters=(
        Parameter(
            "floor_usd_minor",
            Decimal(0),
            "Smallest collection (USD cents equivalent) reported as evidence.",
        ),
    ),
    sql=f"""
        WITH {COLLECTIONS},
        declared AS (
            SELECT trade_id, declaration_no, trade_day_no,
                   COALESCE(buyer_id, '') AS buyer, COALESCE(agent_id, '') AS agent,
                   COALESCE(kind, '') AS kind
            FROM trades
            WHERE declaration_no IS NOT NULL
        ),
        by_declarant AS (
            SELECT declaration_no, buyer, agent, kind, COUNT(*) AS size
            FROM declared
            GROUP BY declaration_no, buyer, agent, kind
        ),
        ranked AS (
            SELECT declaration_no, buyer, agent, kind, size,
                   COUNT(*) OVER (PARTITION BY declaration_no) AS group_count,
                   SUM(size) OVER (PARTITION BY declaration_no) AS trades_named,
                   MAX(size) OVER (PARTITION BY declaration_no) AS largest
            FROM by_declarant
        ),
        owners AS (
            SELECT declaration_no, COUNT(*) AS largest_groups
            FROM ranked
            WHERE size = largest
            GROUP BY declaration_no
        ),
        reused AS (
            SELECT d.trade_id, d.trade_day_no, r.trades_named
            FROM declared d
            JOIN ranked r
              ON r.declaration_no = d.declaration_no AND r.buyer = d.buyer
             AND r.agent = d.agent AND r.kind = d.kind
            JOIN owners o ON o.declaration_no = d.declaration_no
            WHERE r.group_count > 1 AND (r.size < r.largest OR o.largest_groups > 1)
        )
        SELECT c.payee_id AS subject_id, r.trade_day_no AS window_no, c.txn_id,
               r.trades_named AS measure
        FROM collections c
        JOIN reused r ON r.trade_id = c.trade_ref
        WHERE COALESCE(c.amount_usd_minor, 0) >= :floor_usd_minor
    """,
)


def score(measure: int, count: int, params: Mapping[str, Decimal]) -> Decimal:  # noqa: ARG001
    """0.7 for a number shared by two trades, more when more trades name it."""
    return with_count(clamp(Decimal("0.6") + Decimal("0.05") * min(measure, 6)), count)
