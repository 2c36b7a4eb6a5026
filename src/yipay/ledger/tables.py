"""Ledger tables. Amounts are integer minor units; postings are debit-positive.

The database keeps the money invariants too (see the migrations): postings are inserted before
their entry (the foreign key is deferred to commit) and the entry's insertion checks that its
postings balance per currency; posted rows cannot change; an account that may not go negative
cannot, whatever code writes to it (CHECK on the stored balance).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from yipay.adapters.db.metadata import metadata
from yipay.adapters.db.types import JSONText, UTCDateTime

ledger_accounts = Table(
    "ledger_accounts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("code", String(160), nullable=False, unique=True),
    Column("type", String(32), nullable=False),
    Column("account_class", String(16), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("owner_id", String(64), nullable=True, index=True),
    Column("normal_side", String(6), nullable=False),
    Column("allow_negative", Boolean, nullable=False),
    Column("balance_minor", BigInteger, nullable=False, default=0),
    Column("created_at", UTCDateTime, nullable=False),
    CheckConstraint(
        "allow_negative OR (normal_side = 'debit' AND balance_minor >= 0)"
        " OR (normal_side = 'credit' AND balance_minor <= 0)",
        name="no_negative_balance",
    ),
)

journal_entries = Table(
    "journal_entries",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("external_key", String(200), nullable=False, unique=True),
    Column("kind", String(40), nullable=False),
    Column("description", Text, nullable=False, default=""),
    Column("references", JSONText, nullable=False),
    Column("body_hash", String(64), nullable=False),
    Column("occurred_at", UTCDateTime, nullable=False),
    Column("booked_at", UTCDateTime, nullable=False),
    Column("actor", String(64), nullable=False),
    Column("reverses", String(32), nullable=True, unique=True),
    Column("seal_seq", BigInteger, nullable=True, unique=True),
    Column("prev_hash", String(64), nullable=True),
    Column("hash", String(64), nullable=True),
)

postings = Table(
    "postings",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "entry_id",
        String(32),
        ForeignKey("journal_entries.id", deferrable=True, initially="DEFERRED"),
        nullable=False,
        index=True,
    ),
    Column("account_id", Integer, ForeignKey("ledger_accounts.id"), nullable=False),
    Column("amount_minor", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("booked_at", UTCDateTime, nullable=False),
    CheckConstraint("amount_minor <> 0", name="not_zero"),
    Index("ix_postings_account_booked", "account_id", "booked_at"),
)

holds = Table(
    "holds",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("account_id", Integer, ForeignKey("ledger_accounts.id"), nullable=False, index=True),
    Column("amount_minor", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("status", String(16), nullable=False),
    Column("reference", String(64), nullable=False, index=True),
    Column("reason", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=True),
    Column("released_at", UTCDateTime, nullable=True),
    Column("released_by", String(64), nullable=True),
    Column("posted_entry_id", String(32), nullable=True),
    Column("posted_minor", BigInteger, nullable=True),
    CheckConstraint("amount_minor > 0", name="amount_positive"),
    CheckConstraint("kind <> 'compliance' OR expires_at IS NULL", name="compliance_never_expires"),
)
