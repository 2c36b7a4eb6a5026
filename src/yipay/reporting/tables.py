"""Report candidates: kept apart from alerts on purpose."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Date, String, Table

from yipay.adapters.db.metadata import metadata
from yipay.adapters.db.types import JSONText, UTCDateTime

report_candidates = Table(
    "report_candidates",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("kind", String(24), nullable=False),
    Column("merchant_id", String(32), nullable=False, index=True),
    Column("day", Date, nullable=False, index=True),
    Column("currency_class", String(3), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("total_minor", BigInteger, nullable=False),
    Column("threshold_minor", BigInteger, nullable=False),
    Column("evidence", JSONText, nullable=False),
    Column("due_by", Date, nullable=False),
    Column("status", String(16), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)
