"""Intake tables: virtual accounts, every bank file as received, what became of each record,
and the statement lines that reconcile the nostro accounts."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from yipay.adapters.db.metadata import metadata
from yipay.adapters.db.types import JSONText, UTCDateTime

virtual_accounts = Table(
    "virtual_accounts",
    metadata,
    Column("number", String(16), primary_key=True),
    Column("merchant_id", String(32), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("serial", Integer, nullable=False, unique=True),
    Column("status", String(8), nullable=False),
    Column("opened_at", UTCDateTime, nullable=False),
    Column("closed_at", UTCDateTime, nullable=True),
    UniqueConstraint("merchant_id", "currency", name="uq_virtual_accounts_merchant_currency"),
)

# The raw file is the evidence: what the bank sent, byte for byte, kept with its digest.
bank_files = Table(
    "bank_files",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("name", Text, nullable=False),
    Column("sha256", String(64), nullable=False, unique=True),
    Column("source_format", String(8), nullable=False),
    Column("size_bytes", Integer, nullable=False),
    Column("raw", LargeBinary, nullable=False),
    Column("received_at", UTCDateTime, nullable=False),
    Column("received_by", String(120), nullable=False),
    Column("records", Integer, nullable=False),
    Column("summary", JSONText, nullable=False),
)

bank_records = Table(
    "bank_records",
    metadata,
    Column("file_id", String(32), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("message_index", Integer, nullable=False),
    Column("source_format", String(8), nullable=False),
    Column("direction", String(8), nullable=False),
    Column("outcome", String(16), nullable=False),
    Column("payment_id", String(32), nullable=True),
    Column("payout_id", String(32), nullable=True),
    Column("detail", Text, nullable=False),
    Column("data", JSONText, nullable=False),
    Index("ix_bank_records_payment", "payment_id"),
)

statement_lines = Table(
    "statement_lines",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("file_id", String(32), nullable=False),
    Column("account", String(64), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("statement_id", String(64), nullable=False),
    Column("line_no", Integer, nullable=False),
    Column("direction", String(8), nullable=False),
    Column("reversal", Boolean, nullable=False),
    Column("amount_minor", BigInteger, nullable=False),
    Column("value_date", Date, nullable=False),
    Column("booking_date", Date, nullable=True),
    Column("uetr", String(36), nullable=True),
    Column("end_to_end_id", String(64), nullable=True),
    Column("reference", String(64), nullable=True),
    Column("entry_reference", String(64), nullable=True),
    Column("counterparty", Text, nullable=True),
    Column("remittance_info", Text, nullable=True),
    Column("status", String(12), nullable=False),  # paired | break | created
    Column("paired_kind", String(8), nullable=True),  # payment | payout
    Column("paired_id", String(32), nullable=True),
    Column("reason", Text, nullable=False),
    UniqueConstraint("account", "statement_id", "line_no", name="uq_statement_lines_line"),
    Index("ix_statement_lines_value_date", "account", "value_date"),
    Index("ix_statement_lines_paired", "paired_id"),
)
