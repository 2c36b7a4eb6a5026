"""The payments table: one row per inbound payment, its state and its evidence."""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, Date, Index, Integer, String, Table, Text

from yipay.adapters.db.metadata import metadata
from yipay.adapters.db.types import UTCDateTime

payments = Table(
    "payments",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("dedupe_key", String(300), nullable=True, unique=True),
    Column("channel", String(16), nullable=False),
    Column("status", String(16), nullable=False),
    Column("status_reason", Text, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("amount_minor", BigInteger, nullable=False),
    Column("offshore", Boolean, nullable=False),
    Column("value_date", Date, nullable=False),
    Column("received_at", UTCDateTime, nullable=False),
    Column("payer_id", String(32), nullable=False, index=True),
    Column("payer_name", Text, nullable=False),
    Column("payer_account", String(64), nullable=False),
    Column("payer_bic", String(11), nullable=False),
    Column("payer_country", String(2), nullable=False),
    Column("merchant_id", String(32), nullable=True),
    Column("instructed_currency", String(3), nullable=True),
    Column("instructed_minor", BigInteger, nullable=True),
    Column("charges_minor", BigInteger, nullable=True),
    Column("charge_bearer", String(3), nullable=True),
    Column("debtor_agent_bic", String(11), nullable=True),
    Column("remittance_info", Text, nullable=False),
    Column("uetr", String(36), nullable=True),
    Column("end_to_end_id", String(64), nullable=True),
    Column("message_id", String(64), nullable=True),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("version", Integer, nullable=False),
    Index("ix_payments_merchant_status", "merchant_id", "status"),
    Index("ix_payments_status", "status"),
    Index("ix_payments_received_at", "received_at"),
)
