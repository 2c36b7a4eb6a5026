"""Typology 1: collections for one trade add up to more than the trade, beyond a tolerance.

Collections consume a trade's amount in arrival order (in the trade's currency; another
currency through USD equivalents). Every collection after which the total exceeds the amount
by more than the slack is evidence: the slack is the larger of a share of the amount and a
small USD sum, since buyers round payments up (that sum capped at a quarter of the amount, so
a parcel of USD 80 paid twice still shows). A collection on a trade already used up is also
typology 2 (TBML-02-USED-UP-TRADE), which reports it too.

Subject: the merchant paid. Window: the regulatory day of the first such collection for that
merchant and trade. Measure: the total's excess over the trade amount, in basis points of it.

Real-time twin: `consumption` is the SQL over one trade's collections (the history gives them
and the trade as the export writes it), in the same DOUBLE arithmetic; the rows found are kept
per (merchant, window) in profiles, so the alert names every trade's rows of that window. Exact
when a trade's collections are monitored in the order they were received; one matched after a
later one already went over (held, then released) moves the window back a day or more, and the
rows already reported stay under the later window too (never fewer than the batch SQL's).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from decimal import Decimal

from yipay.monitoring.domain import Parameter, Rule, TradeFacts, Transaction
from yipay.monitoring.portable import Evidence
from yipay.monitoring.profiles import Entry, History, Member, WindowedTwin, own_evidence
from yipay.monitoring.rules.collections_sql import COLLECTIONS, TRADE_CONSUMPTION
from yipay.monitoring.rules.scoring import towards_one

SUBJECT = "merchant"
REQUIRES = frozenset({"transactions", "trades", "transactions.trade_ref"})
# read when the source has them (NULL otherwise), never required
OPTIONAL = frozenset(
    {
        "transactions.amount_usd_minor",
        "transactions.channel",
        "transactions.payer_country",
        "transactions.purpose",
    }
)
MEASURE = "the total's excess over the trade amount, in basis points of it"

RULE = Rule(
    id="TBML-01-OVER-BALANCE",
    version="1",
    title="Collections exceed the trade's amount",
    description=(
        "The collections naming one trade add up to more than its amount by more than the"
        " tolerance. Deposits plus a balance that add up to the trade (less bank charges, or"
        " rounded up a little) are normal; money beyond what the goods are worth has no trade"
        " behind it."
    ),
    typology=1,
    severity="medium",
    parameters=(
        Parameter(
            "tolerance_bp",
            Decimal(200),
            "Overpayment tolerated, in basis points of the trade amount (FX and rounding).",
        ),
        Parameter(
            "tolerance_usd_minor",
            Decimal(20_000),
            "Overpayment tolerated in any case, USD cents equivalent (rounding up).",
        ),
        Parameter(
            "tolerance_cap_bp",
            Decimal(2_500),
            "The USD slack covers at most this share of the trade amount, in basis points.",
        ),
    ),
    sql=f"""
        WITH {COLLECTIONS},{TRADE_CONSUMPTION}
        SELECT payee_id AS subject_id,
               MIN(day_no) OVER (PARTITION BY payee_id, trade_id) AS window_no,
               txn_id,
               CAST(FLOOR(CAST(consumed - trade_minor AS DOUBLE) * 10000 / trade_minor)
                    AS BIGINT) AS measure
        FROM consumption
        WHERE consumed > trade_minor + slack
    """,
)


def score(measure: int, count: int, params: Mapping[str, Decimal]) -> Decimal:  # noqa: ARG001
    """0.5 at the tolerance, 0.75 at twice it: the further over, the surer."""
    return towards_one(measure, params["tolerance_bp"])


# -- the real-time twin ----------------------------------------------------------------------
def _slack(trade: TradeFacts, params: Mapping[str, Decimal]) -> float:
    """TRADE_CONSUMPTION's `slack`, operation by operation in DOUBLE as the engines do."""
    minor = float(trade.amount_minor)
    usd_slack = 0.0  # COALESCE(… / NULLIF(amount_usd_minor, 0), 0)
    if trade.amount_usd_minor:
        usd_slack = float(params["tolerance_usd_minor"]) * minor / float(trade.amount_usd_minor)
    return max(
        minor * float(params["tolerance_bp"]) / 10000,
        min(usd_slack, minor * float(params["tolerance_cap_bp"]) / 10000),
    )


def _used(collection: Transaction, trade: TradeFacts) -> int | None:
    """TRADE_CONSUMPTION's `used`: what the collection consumes, in the trade's currency."""
    if collection.currency == trade.currency:
        return collection.amount_minor
    if trade.amount_usd_minor is None or trade.amount_usd_minor <= 0:
        return None
    if collection.amount_usd_minor is None:
        return None
    return math.floor(
        float(collection.amount_usd_minor)
        * float(trade.amount_minor)
        / float(trade.amount_usd_minor)
    )


def consumption(
    trade: TradeFacts, collections: Sequence[Transaction], params: Mapping[str, Decimal]
) -> list[Evidence]:
    """RULE.sql's rows for one trade, from all its collections (in any order)."""
    if trade.amount_minor <= 0:
        return []
    minor = trade.amount_minor
    limit = float(minor) + _slack(trade, params)
    over: list[tuple[Transaction, int]] = []
    consumed: int | None = None  # SUM(used) in arrival order: NULL until one is known
    for c in sorted(collections, key=lambda c: (c.received_at, c.payment_id)):
        used = _used(c, trade)
        if used is not None:
            consumed = used if consumed is None else consumed + used
        if consumed is not None and float(consumed) > limit:
            over.append((c, math.floor(float(consumed - minor) * 10000 / float(minor))))
    # MIN(day_no) OVER (PARTITION BY payee_id, trade_id), over the rows WHERE kept
    first_day: dict[str, int] = {}
    for c, _measure in over:
        first_day.setdefault(c.merchant_id, c.day_no)  # arrival order: the first is the least
    return [Evidence(c.merchant_id, first_day[c.merchant_id], c.payment_id, m) for c, m in over]


def entries(txn: Transaction, params: Mapping[str, Decimal], history: History) -> list[Entry]:
    """Every row of the payment's trade, each in its merchant's window (the payment at hand may
    be none of them: an earlier collection matched late moves the later ones over)."""
    if txn.trade_ref is None:
        return []
    trade = history.trade(txn.trade_ref)
    if trade is None:
        return []
    collections = history.trade_collections(txn.trade_ref)
    usd = {c.payment_id: c.amount_usd_minor for c in collections}
    return [
        Entry(
            row.subject_id,
            row.window_no,
            Member(row.txn_id, trade.trade_id, usd[row.txn_id], row.measure),
        )
        for row in consumption(trade, collections, params)
    ]


TWINS = (
    WindowedTwin(
        RULE.id,
        ("tolerance_bp", "tolerance_cap_bp", "tolerance_usd_minor"),
        entries,
        own_evidence,
    ),
)
