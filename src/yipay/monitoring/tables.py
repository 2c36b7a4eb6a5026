"""Monitoring's tables: the settings in force per rule, the log of their changes, profiles."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Integer, String, Table, Text

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

# The real-time path's profile aggregates: per windowed rule, subject and window, the payments
# counted so far (each once) and what the rules read of them. `basis` = the parameter values
# the members were chosen under; count and total are kept as columns for analysts' queries.
monitoring_profiles = Table(
    "monitoring_profiles",
    metadata,
    Column("rule_id", String(64), primary_key=True),
    Column("subject_id", String(64), primary_key=True),
    Column("window_no", BigInteger, primary_key=True, autoincrement=False),
    Column("basis", String(255), nullable=False),
    Column("payment_count", Integer, nullable=False),
    Column("total_usd_minor", BigInteger, nullable=False),
    # [[payment id, counterparty, usd or null(, the member's own measure)]]
    Column("members", JSONText, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)
