"""Monitoring's tables: the settings in force per rule and the log of their changes."""

from __future__ import annotations

from sqlalchemy import Column, Integer, String, Table, Text

from yipay.adapters.db.metadata import metadata
from yipay.adapters.db.types import JSONText, UTCDateTime

# What differs from the catalogue for a rule (overrides as {name: decimal string}).
rule_settings = Table(
    "rule_settings",
    metadata,
    Column("rule_id", String(64), primary_key=True),
    Column("mode", String(16), nullable=False),
    Column("overrides", JSONText, nullable=False),
    Column("revision", Integer, nullable=False),
    Column("updated_by", String(120), nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)

# Every change of a rule's parameters or mode: who, when, why, before and after. Append-only.
rule_changes = Table(
    "rule_changes",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("rule_id", String(64), nullable=False, index=True),
    Column("revision", Integer, nullable=False),
    Column("changed_by", String(120), nullable=False),
    Column("changed_at", UTCDateTime, nullable=False),
    Column("reason", Text, nullable=False),
    Column("mode_before", String(16), nullable=False),
    Column("mode_after", String(16), nullable=False),
    Column("parameters_before", JSONText, nullable=False),
    Column("parameters_after", JSONText, nullable=False),
)
