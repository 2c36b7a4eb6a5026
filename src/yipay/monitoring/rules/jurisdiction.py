"""Typology 8: money from a sanctioned or high-risk jurisdiction.

The payer's country (on bank messages, the country of the account the money left from) is
looked up in `high_risk_countries` (`high_risk_countries.csv`, configuration the compliance
officer owns). A sanctioned country is reported at any amount; a high-risk one (FATF call for
action or increased monitoring) from a floor, since several are ordinary buyer markets of
Yiwu. Needs no trade data: it runs on any file with payer countries.

v2: a high-risk (grey-listed) payer is reported only for money that names no trade. On the tuning
sets 82 of v1's 88 false flags were buyers from Viet Nam, Kenya, Cameroon and Algeria paying their
own registered orders; the third-party rules still catch a grey-listed payer paying someone
else's trade.

Subject: the payer. Window: the regulatory day. Measure: 2 for sanctioned, 1 for high risk.

Real-time twin: `evaluate` is the SQL's test on one payment, against the same packaged country
list; the payments it finds are kept per (payer, day) in profiles, since the score grows with
their number and the alert names them all.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from functools import cache

from yipay.monitoring.domain import Parameter, Rule, Transaction
from yipay.monitoring.portable import Evidence
from yipay.monitoring.profiles import Entry, History, WindowedTwin, own_evidence
from yipay.monitoring.rules.lookups import digest, high_risk_countries, upper_trim
from yipay.monitoring.rules.scoring import with_count

SUBJECT = "payer"
REQUIRES = frozenset({"transactions", "high_risk_countries", "transactions.payer_country"})
# read when the source has them (NULL otherwise), never required
OPTIONAL = frozenset({"transactions.amount_usd_minor", "transactions.trade_ref"})
MEASURE = "2 for sanctioned, 1 for high risk"

RULE = Rule(
    id="TBML-08-JURISDICTION",
    version="2",
    title="Payer in a sanctioned or high-risk jurisdiction",
    description=(
        "A payment whose payer (or the payer's bank account) is in a sanctioned jurisdiction, at"
        " any amount, or in a high-risk one (FATF lists) from a floor when it names no trade"
        " (`trade_ref`; without that column none does). Trade is the usual cover for moving value"
        " out of embargoed or poorly supervised jurisdictions; a buyer in a grey-listed country"
        " paying for goods it registered is a customer for enhanced due diligence, not an alert"
        " on every order."
    ),
    typology=8,
    severity="high",
    parameters=(
        Parameter(
            "sanctioned_floor_usd_minor",
            Decimal(0),
            "Smallest payment (USD cents equivalent) from a sanctioned country reported; 0"
            " reports every one, even without a USD equivalent.",
        ),
        Parameter(
            "high_risk_floor_usd_minor",
            Decimal(5_000_000),
            "Smallest payment (USD cents equivalent) from a high-risk country reported.",
        ),
    ),
    sql="""
        WITH risk AS (
            SELECT country,
                   MAX(CASE kind WHEN 'sanctioned' THEN 2 WHEN 'high_risk' THEN 1 ELSE 0 END)
                       AS level
            FROM high_risk_countries
            GROUP BY country
        )
        SELECT t.payer_id AS subject_id, t.day_no AS window_no, t.txn_id, r.level AS measure
        FROM transactions t
        JOIN risk r ON r.country = UPPER(TRIM(t.payer_country))
        WHERE (r.level = 2 AND COALESCE(t.amount_usd_minor, 0) >= :sanctioned_floor_usd_minor)
           OR (r.level = 1 AND t.amount_usd_minor >= :high_risk_floor_usd_minor
               AND t.trade_ref IS NULL)
    """,
)


def score(measure: int, count: int, params: Mapping[str, Decimal]) -> Decimal:  # noqa: ARG001
    """Sanctioned: 0.95; high risk: 0.6, more with more payments that day."""
    base = Decimal("0.95") if measure >= 2 else Decimal("0.6")
    return with_count(base, count)


# -- the real-time twin ----------------------------------------------------------------------
_LEVELS = {"sanctioned": 2, "high_risk": 1}


@cache
def levels() -> Mapping[str, int]:
    """The SQL's `risk`: each listed country's highest level (2, 1, or 0 for offshore only)."""
    found: dict[str, int] = {}
    for entry in high_risk_countries():
        found[entry.country] = max(found.get(entry.country, 0), _LEVELS.get(entry.kind, 0))
    return found


def evaluate(txn: Transaction, params: Mapping[str, Decimal]) -> Evidence | None:
    """RULE.sql's test on one transaction: its evidence row, or None."""
    level = levels().get(upper_trim(txn.payer_country) or "")
    usd = txn.amount_usd_minor
    sanctioned = level == 2 and (usd or 0) >= params["sanctioned_floor_usd_minor"]
    high_risk = (
        level == 1
        and usd is not None
        and usd >= params["high_risk_floor_usd_minor"]
        and txn.trade_ref is None
    )
    if level is None or not (sanctioned or high_risk):
        return None
    return Evidence(txn.payer_id, txn.day_no, txn.payment_id, level)


def entries(txn: Transaction, params: Mapping[str, Decimal], _history: History) -> list[Entry]:
    """The payment in its payer's day, when the rule finds it."""
    return Entry.found(evaluate(txn, params), txn.merchant_id, txn.amount_usd_minor)


TWINS = (
    WindowedTwin(
        RULE.id,
        ("high_risk_floor_usd_minor", "sanctioned_floor_usd_minor"),
        entries,
        own_evidence,
        basis_extra=f"high_risk_countries={digest(high_risk_countries())}",
    ),
)
