"""The audit log table. Triggers (see migrations) make it append-only except for sealing."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Integer, String, Table

from yipay.adapters.db.metadata import metadata
from yipay.adapters.db.types import JSONText, UTCDateTime

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(32), nullable=False, unique=True),
    Column("kind", String(64), nullable=False),
    Column("subject", String(64), nullable=False, index=True),
    Column("actor", String(64), nullable=False),
    Column("payload", JSONText, nullable=False),
    Column("recorded_at", UTCDateTime, nullable=False),
    Column("seal_seq", BigInteger, nullable=True, unique=True),
    Column("prev_hash", String(64), nullable=True),
    Column("hash", String(64), nullable=True),
)
