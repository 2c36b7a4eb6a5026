"""Typology 2: one customs declaration number carried by trades that cannot share it.

Under market procurement (1039) one declaration legitimately covers the slices of many shops,
so several merchants naming one declaration is normal. What cannot happen is one declaration
for two buyers, filed by two export agents, or under two trade kinds: the later record re-uses
a number that belongs to other goods. The first trade registered with the number (by trade
day, then id) is taken as its owner; the others that disagree with it are re-uses.

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

RULE = Rule(
    id="TBML-02-DECLARATION-REUSE",
    version="1",
    title="Declaration number re-used for another buyer, agent or kind of trade",
    description=(
        "A trade names a customs declaration already registered for another buyer, another"
        " export agent or another kind of trade, and collections pay it. Shops' slices of one"
        " consolidated 1039 declaration share its number; a different buyer or declarant"
        " cannot, so the later record presents someone else's export as its own."
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
            SELECT trade_id, declaration_no, buyer_id, agent_id, kind, trade_day_no,
                   ROW_NUMBER() OVER (
                       PARTITION BY declaration_no ORDER BY trade_day_no, trade_id
                   ) AS rank_no,
                   COUNT(*) OVER (PARTITION BY declaration_no) AS trades_named
            FROM trades
            WHERE declaration_no IS NOT NULL
        ),
        owner AS (
            SELECT declaration_no, buyer_id, agent_id, kind FROM declared WHERE rank_no = 1
        ),
        reused AS (
            SELECT d.trade_id, d.trade_day_no, d.trades_named
            FROM declared d
            JOIN owner o ON o.declaration_no = d.declaration_no
            WHERE d.rank_no > 1
              AND (d.buyer_id <> o.buyer_id OR d.agent_id <> o.agent_id OR d.kind <> o.kind)
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
