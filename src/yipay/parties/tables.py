"""Party tables: merchants, buyers (global) and payers."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)

from yipay.adapters.db.metadata import metadata
from yipay.adapters.db.types import UTCDateTime


def _identity_columns() -> list[Column[object]]:
    return [
        Column("party_type", String(16), nullable=False),
        Column("id_type", String(24), nullable=False),
        Column("id_number", String(64), nullable=False),
        Column("nationality", String(2), nullable=False),
        Column("kyc_status", String(16), nullable=False),
        Column("kyc_expires_on", Date, nullable=True),
        Column("risk_grade", String(8), nullable=False),
    ]


merchants = Table(
    "merchants",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("platform_id", String(64), nullable=True, unique=True),
    Column("legal_name", Text, nullable=False),
    Column("name_latin", Text, nullable=False),
    Column("business_form", String(24), nullable=False),
    *_identity_columns(),
    Column("shop_no", String(120), nullable=False),
    Column("settlement_bank", Text, nullable=True),
    Column("settlement_account_no", String(64), nullable=True),
    Column("settlement_account_name", Text, nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    # registration in SAFE's trade-FX directory, as staff recorded it
    Column("fx_directory_registered", Boolean, nullable=False, server_default=false()),
    Column("fx_directory_registered_on", Date, nullable=True),
    Column("fx_directory_marked_by", String(120), nullable=True),
    Column("fx_directory_marked_at", UTCDateTime, nullable=True),
    UniqueConstraint("id_type", "id_number", name="uq_merchants_identity"),
)

buyers = Table(
    "buyers",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("platform_id", String(64), nullable=True, unique=True),
    Column("name", Text, nullable=False),
    Column("name_latin", Text, nullable=False),
    Column("country", String(2), nullable=False),
    *_identity_columns(),
    Column("card_no", String(64), nullable=True, unique=True),
    Column("created_at", UTCDateTime, nullable=False),
    UniqueConstraint("id_type", "id_number", "nationality", name="uq_buyers_identity"),
)

account_changes = Table(
    "account_changes",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("merchant_id", String(32), nullable=False, index=True),
    Column("bank_name", Text, nullable=False),
    Column("account_no", String(64), nullable=False),
    Column("account_name", Text, nullable=False),
    Column("requested_by", String(120), nullable=False),
    Column("requested_at", UTCDateTime, nullable=False),
    Column("status", String(16), nullable=False),
    Column("decided_by", String(120), nullable=True),
    Column("decided_at", UTCDateTime, nullable=True),
    Column("reason", Text, nullable=False),
)

payers = Table(
    "payers",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("name", Text, nullable=False),
    Column("account", String(64), nullable=False),
    Column("bic", String(11), nullable=False),
    Column("country", String(2), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    UniqueConstraint("bic", "account", "name", name="uq_payers_account"),
)


# Annual receipts in USD equivalent: one row per merchant and calendar year, changed only by
# an atomic `usd_minor = usd_minor + :x` in the unit of work that credits (or takes back) money.
merchant_annual_receipts = Table(
    "merchant_annual_receipts",
    metadata,
    Column("merchant_id", String(32), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("usd_minor", BigInteger, nullable=False),
    Column("receipts", Integer, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    CheckConstraint("usd_minor >= 0 AND receipts >= 0", name="not_negative"),
)

# Each payment's contribution to that total: counted once (primary key), taken back exactly.
annual_receipt_entries = Table(
    "annual_receipt_entries",
    metadata,
    Column("payment_id", String(32), primary_key=True),
    Column("merchant_id", String(32), nullable=False),
    Column("year", Integer, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("amount_minor", BigInteger, nullable=False),
    Column("usd_minor", BigInteger, nullable=False),
    Column("rated_at", UTCDateTime, nullable=False),
    Column("counted_at", UTCDateTime, nullable=False),
    Column("taken_back_at", UTCDateTime, nullable=True),
)
Index(
    "ix_annual_receipt_entries_merchant_year",
    annual_receipt_entries.c.merchant_id,
    annual_receipt_entries.c.year,
)


# Payers known to pay for a buyer (a third party: an agent, an affiliate, family): declared by
# the buyer or confirmed by an operator's match. The matching engine reads them as relations.
payer_relations = Table(
    "payer_relations",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("buyer_id", String(32), nullable=False, index=True),
    Column("payer_name", Text, nullable=False),
    Column("payer_account", String(64), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("source", String(32), nullable=False),
    Column("created_by", String(120), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    UniqueConstraint("buyer_id", "payer_name", "payer_account", name="uq_payer_relations_payer"),
)
