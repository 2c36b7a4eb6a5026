"""Analysts' decisions on name hits, remembered per (party, list entry) with both sides' hashes.

A cleared pair stays cleared only while neither side changes: a new name for the party or a
changed list entry (another hash) re-opens it."""

from __future__ import annotations

from sqlalchemy import Column, Index, String, Table, Text

from yipay.adapters.db.metadata import metadata
from yipay.adapters.db.types import UTCDateTime

screening_decisions = Table(
    "screening_decisions",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("subject_type", String(16), nullable=False),  # payer | merchant | buyer
    Column("subject_id", String(32), nullable=False),
    Column("subject_hash", String(64), nullable=False),  # of the party's screened name
    Column("source", String(64), nullable=False),
    Column("entry_id", String(64), nullable=False),
    Column("entry_hash", String(64), nullable=False),
    Column("decision", String(12), nullable=False),  # cleared | confirmed
    Column("reason", Text, nullable=False),
    Column("decided_by", String(120), nullable=False),
    Column("decided_at", UTCDateTime, nullable=False),
    Index("ix_screening_decisions_subject", "subject_type", "subject_id"),
)
