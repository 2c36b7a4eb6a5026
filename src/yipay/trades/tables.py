"""Trade and allocation tables; the database refuses over-allocation too (CHECK)."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    false,
    text,
)

from yipay.adapters.db.metadata import metadata
from yipay.adapters.db.types import JSONText, UTCDateTime

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
    Column("prepayment", Boolean, nullable=False, server_default=false()),
    Column("documents_due_by", Date, nullable=True),
    Column("payer_name", String(200), nullable=True),
    Column("revision", Integer, nullable=False, server_default=text("1")),
    Column("content_hash", String(64), nullable=True),
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
    # A payment in one currency paying a trade in another consumes `consumed_minor` of the
    # trade's currency (0010); NULL: the same currency, consumed = received + charges.
    Column("trade_currency", String(3), nullable=True),
    Column("consumed_minor", BigInteger, nullable=True),
    # Reversed allocations stay as history and no longer consume the trade (0010).
    Column("reversed_at", UTCDateTime, nullable=True),
    Column("reversal_reason", Text, nullable=True),
    CheckConstraint("received_minor > 0 AND charges_minor >= 0", name="amounts_valid"),
)

# -- the registry (0007) ---------------------------------------------------------------------------

trade_declarations = Table(
    "trade_declarations",
    metadata,
    Column("declaration_no", String(32), primary_key=True),
    Column("platform_id", String(64), nullable=True, unique=True),
    Column("export_agent", String(200), nullable=False),
    Column("container_no", String(32), nullable=True),
    Column("port", String(64), nullable=True),
    Column("currency", String(3), nullable=False),
    Column("amount_minor", BigInteger, nullable=False),
    Column("usd_minor", BigInteger, nullable=False),
    Column("export_date", Date, nullable=True),
    Column("provenance", String(16), nullable=False),
    Column("revision", Integer, nullable=False),
    Column("content_hash", String(64), nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    CheckConstraint("amount_minor > 0 AND usd_minor > 0", name="amount_positive"),
)

trade_goods_lines = Table(
    "trade_goods_lines",
    metadata,
    Column("trade_id", String(32), ForeignKey("trades.id"), primary_key=True),
    Column("line_no", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("hs_code", String(10), nullable=False),
    Column("quantity", String(40), nullable=False),  # exact decimal text
    Column("unit", String(16), nullable=False),
    Column("unit_price", String(40), nullable=False),  # exact decimal text
    Column("currency", String(3), nullable=False),
    Column("amount_minor", BigInteger, nullable=False),
)

trade_documents = Table(
    "trade_documents",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("platform_id", String(64), nullable=True, unique=True),
    Column("merchant_id", String(32), ForeignKey("merchants.id"), nullable=False),
    Column("trade_id", String(32), ForeignKey("trades.id"), nullable=True, index=True),
    Column("kind", String(24), nullable=False),
    Column("number", String(64), nullable=False),
    Column("order_no", String(64), nullable=True),
    Column("export_date", Date, nullable=True),
    Column("consignee_name", String(200), nullable=True),
    Column("consignee_country", String(2), nullable=True),
    Column("carrier", String(100), nullable=True),
    Column("currency", String(3), nullable=True),
    Column("amount_minor", BigInteger, nullable=True),
    Column("provenance", String(16), nullable=False),
    Column("content_hash", String(64), nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Index("ix_trade_documents_merchant_order", "merchant_id", "order_no"),
)

trade_amendments = Table(
    "trade_amendments",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("record_type", String(16), nullable=False),  # trade | declaration | document
    Column("record_id", String(64), nullable=False),
    Column("revision", Integer, nullable=False),
    Column("changed", JSONText, nullable=False),  # the top-level fields that changed
    Column("previous", JSONText, nullable=False),  # the record as it stood
    Column("current", JSONText, nullable=False),
    Column("actor", String(120), nullable=False),
    Column("amended_at", UTCDateTime, nullable=False),
    Index("ix_trade_amendments_record", "record_type", "record_id"),
)
