"""Trade and allocation tables; the database refuses over-allocation too (CHECK)."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
)

from yipay.adapters.db.metadata import metadata
from yipay.adapters.db.types import UTCDateTime

trades = Table(
    "trades",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("platform_id", String(64), nullable=True, unique=True),
    Column("merchant_id", String(32), ForeignKey("merchants.id"), nullable=False),
    Column("buyer_id", String(32), ForeignKey("buyers.id"), nullable=False),
    Column("kind", String(8), nullable=False),
    Column("reference", String(64), nullable=False),
    Column("reference_key", String(64), nullable=False),
    Column("declaration_no", String(32), nullable=True, index=True),
    Column("order_no", String(64), nullable=True),
    Column("waybill_no", String(64), nullable=True),
    Column("currency", String(3), nullable=False),
    Column("amount_minor", BigInteger, nullable=False),
    Column("allocated_minor", BigInteger, nullable=False),
    Column("trade_date", Date, nullable=False),
    Column("export_date", Date, nullable=True),
    Column("goods_description", Text, nullable=False),
    Column("hs_code", String(10), nullable=True),
    Column("provenance", String(16), nullable=False),
    Column("verification", String(16), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    CheckConstraint("amount_minor > 0", name="amount_positive"),
    CheckConstraint(
        "allocated_minor >= 0 AND allocated_minor <= amount_minor", name="no_over_allocation"
    ),
    Index("ix_trades_merchant_open", "merchant_id", "currency"),
    Index("ix_trades_merchant_reference", "merchant_id", "reference_key"),
)

allocations = Table(
    "allocations",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("payment_id", String(32), nullable=False, index=True),
    Column("trade_id", String(32), ForeignKey("trades.id"), nullable=False, index=True),
    Column("currency", String(3), nullable=False),
    Column("received_minor", BigInteger, nullable=False),
    Column("charges_minor", BigInteger, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    CheckConstraint("received_minor > 0 AND charges_minor >= 0", name="amounts_valid"),
)
