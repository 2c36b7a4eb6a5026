"""The payouts table."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Index, Integer, String, Table, Text

from yipay.adapters.db.metadata import metadata
from yipay.adapters.db.types import UTCDateTime

payouts = Table(
    "payouts",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("kind", String(24), nullable=False),
    Column("merchant_id", String(32), nullable=True, index=True),
    Column("reference", String(64), nullable=False, index=True),
    Column("currency", String(3), nullable=False),
    Column("amount_minor", BigInteger, nullable=False),
    Column("source_account", String(160), nullable=False),
    Column("payee_name", Text, nullable=False),
    Column("payee_account", String(64), nullable=False),
    Column("payee_bank_name", Text, nullable=False),
    Column("payee_bank_bic", String(11), nullable=True),
    Column("payee_bank_clearing_id", String(35), nullable=True),
    Column("status", String(20), nullable=False),
    Column("hold_id", String(32), nullable=False),
    Column("created_by", String(120), nullable=False),
    Column("approved_by", String(120), nullable=True),
    Column("message_id", String(35), nullable=True, index=True),
    Column("bank_reference", String(64), nullable=True),
    Column("reason", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("version", Integer, nullable=False),
    Index("ix_payouts_status", "status"),
)
