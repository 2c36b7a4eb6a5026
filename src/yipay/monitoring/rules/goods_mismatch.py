"""Typology 7: the remittance text names other goods than the trade's lines, and none of its own.

The payer's text (SWIFT field 70, ISO RmtInf) is cleaned the same way on every engine
(`spaced_words`) and searched for the keywords of the multilingual file `goods_keywords.csv`
(`lookups.py` explains how). Each keyword found names an HS chapter; the trade's own
chapters are the first two digits of its goods lines' HS codes. A collection is evidence when
its text names at least one chapter and none of them is the trade's own: "MOBILE PHONES" paying
for socks. Text that names nothing recognisable ("PAYMENT INV 2031") says nothing either way.

Texts that differ only in their digits (invoice numbers) are cleaned and matched once, and the
keywords are first looked for in the texts' distinct words (their vocabulary is small: goods,
remittance words, names) by each keyword's first word; only the (text, keyword) pairs whose
words matched are checked whole. That equals searching every text for every keyword, without
the product of the two. Words are taken by position, up to `WORDS`; a longer text is searched
whole: it gets one more word, `LONG`, which matches every keyword.

The words carry their draft, so the chapters named are found per draft and joined straight back
to the collections, with no second look at the texts: Spark inlines a CTE at every reference,
and each reference of the texts would clean them, and select the collections, again.

Subject: the merchant paid. Window: the collection's regulatory day. Measure: how many other
chapters the text names.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from yipay.monitoring.domain import Parameter, Rule
from yipay.monitoring.rules.collections_sql import COLLECTIONS, spaced_words, without_digits
from yipay.monitoring.rules.scoring import clamp, with_count

WORDS = 24  # words per text looked up by position (SWIFT remittance text is 140 characters)
# Part 1 is the leading space; part WORDS + 2, when there is one, marks a longer text.
_POSITIONS = ", ".join(f"({n})" for n in range(2, WORDS + 3))
LONG = " "  # the word standing for "every keyword" in a longer text (no word holds a space)

SUBJECT = "merchant"
REQUIRES = frozenset(
    {
        "transactions",
        "trades",
        "goods_lines",
        "goods_keywords",
        "transactions.trade_ref",
        "transactions.purpose",
        "goods_lines.hs_code",
    }
)
# read when the source has them (NULL otherwise), never required
OPTIONAL = frozenset(
    {"transactions.amount_usd_minor", "transactions.channel", "transactions.payer_country"}
)
MEASURE = "how many other chapters the text names"

RULE = Rule(
    id="TBML-07-GOODS-MISMATCH",
    version="1",
    title="Remittance text names other goods than the trade",
    description=(
        "The payer's remittance text names goods (in English, Chinese, Spanish, French, Russian"
        " or Arabic) of HS chapters none of which appears among the paid trade's goods lines."
        " The money says it pays for one thing while the trade declares another."
    ),
    typology=7,
    severity="medium",
    parameters=(
        Parameter(
            "floor_usd_minor",
            Decimal(0),
            "Smallest collection (USD cents equivalent) judged.",
        ),
    ),
    sql=f"""
        WITH {COLLECTIONS},
        own AS (
            SELECT DISTINCT trade_id, SUBSTR(hs_code, 1, 2) AS chapter
            FROM goods_lines
            WHERE hs_code IS NOT NULL
        ),
        described AS (
            SELECT c.txn_id, c.payee_id, c.day_no, c.trade_ref,
                   {without_digits("c.purpose")} AS draft
            FROM collections c
            WHERE c.purpose IS NOT NULL
              AND COALESCE(c.amount_usd_minor, 0) >= :floor_usd_minor
              AND c.trade_ref IN (SELECT trade_id FROM own)
        ),
        texts AS (
            SELECT draft, {spaced_words("draft")} AS text
            FROM (SELECT DISTINCT draft FROM described) AS drafts
        ),
        words AS (
            SELECT t.draft, t.text,
                   CASE
                       WHEN p.n > {WORDS + 1} THEN '{LONG}'
                       ELSE SPLIT_PART(t.text, ' ', p.n)
                   END AS word
            FROM texts t
            CROSS JOIN (VALUES {_POSITIONS}) AS p(n)
            WHERE SPLIT_PART(t.text, ' ', p.n) <> ''
        ),
        word_hits AS (
            SELECT v.word, k.chapter, k.needle
            FROM (SELECT DISTINCT word FROM words) AS v
            JOIN goods_keywords k
              ON v.word = '{LONG}' OR POSITION(k.head IN ' ' || v.word || ' ') > 0
        ),
        named AS (
            SELECT DISTINCT w.draft, h.chapter
            FROM words w
            JOIN word_hits h ON h.word = w.word
            WHERE POSITION(h.needle IN w.text) > 0
        ),
        verdict AS (
            SELECT d.txn_id, d.payee_id, d.day_no,
                   COUNT(*) AS chapters_named,
                   COUNT(o.chapter) AS own_named
            FROM described d
            JOIN named n ON n.draft = d.draft
            LEFT JOIN own o ON o.trade_id = d.trade_ref AND o.chapter = n.chapter
            GROUP BY d.txn_id, d.payee_id, d.day_no
        )
        SELECT payee_id AS subject_id, day_no AS window_no, txn_id, chapters_named AS measure
        FROM verdict
        WHERE own_named = 0
    """,
)


def score(measure: int, count: int, params: Mapping[str, Decimal]) -> Decimal:  # noqa: ARG001
    """0.6 for one other chapter named, 0.7 for two, more with more collections that day."""
    return with_count(clamp(Decimal("0.5") + Decimal("0.1") * min(measure, 4)), count)
