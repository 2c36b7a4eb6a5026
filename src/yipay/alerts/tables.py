"""The alerts table. Scores are stored in basis points (an integer, exact everywhere)."""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, String, Table, Text

from yipay.adapters.db.metadata import metadata
from yipay.adapters.db.types import JSONText, UTCDateTime

alerts = Table(
    "alerts",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("source", String(16), nullable=False),
    Column("rule_id", String(64), nullable=False),
    Column("rule_version", String(16), nullable=False),
    Column("parameters", JSONText, nullable=False),
    Column("subject_type", String(16), nullable=False),
    Column("subject_id", String(64), nullable=False),
    Column("window_start", UTCDateTime, nullable=False),
    Column("window_end", UTCDateTime, nullable=False),
    Column("evidence", JSONText, nullable=False),
    Column("score_bp", Integer, nullable=False),
    Column("explanation", Text, nullable=False),
    Column("details", JSONText, nullable=False),
    Column("status", String(16), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Index("ix_alerts_rule_status", "rule_id", "status"),
    Index("ix_alerts_subject", "subject_type", "subject_id"),
)
