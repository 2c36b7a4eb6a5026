"""Matching's tables: what the engine suggested for a payment it left in suspense."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Integer, String, Table, Text

from yipay.adapters.db.metadata import metadata
from yipay.adapters.db.types import UTCDateTime

# The engine's ranked suggestions for a payment waiting in suspense, replaced at every attempt and
# removed when the payment is matched. Scores in basis points, as alerts store theirs.
match_suggestions = Table(
    "match_suggestions",
    metadata,
    Column("payment_id", String(32), primary_key=True),
    Column("rank", Integer, primary_key=True),
    Column("trade_ids", Text, nullable=False),  # comma-separated
    Column("score_bp", Integer, nullable=False),
    Column("reason", String(64), nullable=False),
    Column("explanation", Text, nullable=False),
    Column("engine", String(32), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)

# Merchants' claims that a payment in suspense is for one of their trades, and the review.
match_claims = Table(
    "match_claims",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("payment_id", String(32), nullable=False, index=True),
    Column("trade_id", String(32), nullable=False),
    Column("merchant_id", String(32), nullable=False, index=True),
    Column("evidence", Text, nullable=False),
    Column("claimed_by", String(120), nullable=False),
    Column("claimed_at", UTCDateTime, nullable=False),
    Column("status", String(16), nullable=False),
    Column("decided_by", String(120), nullable=True),
    Column("decided_at", UTCDateTime, nullable=True),
    Column("decision_reason", Text, nullable=False),
)

# How each matched payment was matched: the engine's score and explanation, or the person who
# confirmed it. `confirmed` matches (a person decided) are never re-optimised by a batch run.
match_records = Table(
    "match_records",
    metadata,
    Column("payment_id", String(32), primary_key=True),
    Column("engine", String(32), nullable=False),  # reconcile-1 | operator
    Column("score_bp", Integer, nullable=True),
    Column("explanation", Text, nullable=False),
    Column("decided_by", String(120), nullable=False),
    Column("confirmed", Boolean, nullable=False),
    Column("decided_at", UTCDateTime, nullable=False),
)
