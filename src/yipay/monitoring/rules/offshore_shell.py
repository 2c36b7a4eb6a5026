"""Typology 8: an offshore shell company as payer.

A payer whose country is an offshore centre (`high_risk_countries`, kind `offshore`) and whose
name reads as a company: a legal-form or shell word (LTD, INC, CORP, LLC, S.A., HOLDINGS,
TRADING, INTERNATIONAL, …) as a whole word of the name, cleaned like remittance text. Panama's
Colón Free Zone importers buy here: a company paying a trade it is itself the registered buyer
of, or a trade of a buyer in its own country, is ordinary business and not reported. A shell
pays for no trade at all, or for a buyer in another country.

Subject: the payer. Window: the regulatory day. Measure: the payment's USD equivalent in cents.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from yipay.monitoring.domain import Parameter, Rule
from yipay.monitoring.rules.collections_sql import spaced_words
from yipay.monitoring.rules.scoring import towards_one, with_count

SUBJECT = "payer"
REQUIRES = frozenset(
    {
        "transactions",
        "high_risk_countries",
        "transactions.payer_country",
        "transactions.payer_name",
        "trades",
    }
)
# read when the source has them (NULL otherwise), never required
OPTIONAL = frozenset(
    {
        "transactions.amount_usd_minor",
        "transactions.buyer_country",
        "transactions.buyer_id",
        "transactions.trade_ref",
    }
)
MEASURE = "the payment's USD equivalent in cents"

# Whole words of a cleaned, upper-cased name ("S.A." cleans to "S A").
COMPANY_WORDS = (
    "LTD", "LIMITED", "INC", "INCORPORATED", "CORP", "CORPORATION", "LLC", "LLP", "LP", "PLC",
    "S A", "SA", "SARL", "SRL", "BV", "NV", "AG", "GMBH", "PTE", "IBC", "CO", "COMPANY",
    "HOLDING", "HOLDINGS", "TRADING", "INTERNATIONAL", "INVESTMENT", "INVESTMENTS", "VENTURES",
    "ENTERPRISES", "GROUP", "CAPITAL", "FOUNDATION", "TRUST", "OVERSEAS", "GLOBAL",
)  # fmt: skip
# A small inline table joined by substring search: a filter of ORs over the cleaned name would be
# pushed below the country join and evaluated, cleaning included, on every transaction.
_COMPANY_WORDS = ",\n                   ".join(f"(' {word} ')" for word in COMPANY_WORDS)

RULE = Rule(
    id="TBML-08-OFFSHORE-SHELL",
    version="1",
    title="Offshore company as payer",
    description=(
        "A payment from a company (by the legal form or shell words in its name) whose account"
        " is in an offshore centre, for no trade or for a buyer in another country. Shell"
        " companies in offshore centres hide who really pays; buyers on this market pay"
        " themselves or through trading companies in their region."
    ),
    typology=8,
    severity="medium",
    parameters=(
        Parameter(
            "floor_usd_minor",
            Decimal(100_000),
            "Smallest payment (USD cents equivalent) reported.",
        ),
    ),
    sql=f"""
        WITH offshore AS (
            SELECT DISTINCT country FROM high_risk_countries WHERE kind = 'offshore'
        ),
        named AS (
            SELECT t.txn_id, t.payer_id, t.day_no, t.amount_usd_minor, t.trade_ref, o.country,
                   {spaced_words("t.payer_name", upper=True)} AS name
            FROM transactions t
            JOIN offshore o ON o.country = UPPER(TRIM(t.payer_country))
            WHERE t.payer_name IS NOT NULL
              AND t.amount_usd_minor >= :floor_usd_minor
        )
        SELECT DISTINCT n.payer_id AS subject_id, n.day_no AS window_no, n.txn_id,
               n.amount_usd_minor AS measure
        FROM named n
        JOIN (
            VALUES {_COMPANY_WORDS}
        ) AS company(word) ON POSITION(company.word IN n.name) > 0
        LEFT JOIN trades tr ON tr.trade_id = n.trade_ref
        WHERE tr.buyer_id IS NULL
           OR (n.payer_id <> tr.buyer_id AND n.country <> COALESCE(UPPER(tr.buyer_country), ''))
    """,
)


def score(measure: int, count: int, params: Mapping[str, Decimal]) -> Decimal:
    """0.5 at the floor, rising with the amount; more payments that day add a little."""
    return with_count(towards_one(measure, max(params["floor_usd_minor"], Decimal(1))), count)
