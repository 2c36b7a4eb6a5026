"""FX tables: rates as text decimals (exact on every database), settlements, payouts."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Index, Integer, String, Table, Text

from yipay.adapters.db.metadata import metadata
from yipay.adapters.db.types import UTCDateTime

fx_rates = Table(
    "fx_rates",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("base", String(3), nullable=False),
    Column("quote", String(3), nullable=False),
    Column("bid", String(32), nullable=False),
    Column("ask", String(32), nullable=False),
    Column("source", String(64), nullable=False),
    Column("as_of", UTCDateTime, nullable=False),
    Column("imported_at", UTCDateTime, nullable=False),
    Index("ix_fx_rates_pair_as_of", "base", "quote", "as_of", unique=True),
)

settlements = Table(
    "settlements",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("merchant_id", String(32), nullable=False, index=True),
    Column("reference", String(64), nullable=False, unique=True),
    Column("sold_currency", String(3), nullable=False),
    Column("sold_minor", BigInteger, nullable=False),
    Column("bought_currency", String(3), nullable=False),
    Column("bought_minor", BigInteger, nullable=False),
    Column("bank_bought_minor", BigInteger, nullable=False),
    Column("bank_rate", String(32), nullable=False),
    Column("client_rate", String(32), nullable=False),
    Column("spread_bps", String(16), nullable=False),
    Column("rate_source", String(64), nullable=False),
    Column("rate_as_of", UTCDateTime, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)

payouts = Table(
    "payouts",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("merchant_id", String(32), nullable=False, index=True),
    Column("settlement_id", String(32), nullable=False, index=True),
    Column("currency", String(3), nullable=False),
    Column("amount_minor", BigInteger, nullable=False),
    Column("bank_name", Text, nullable=False),
    Column("account_no", String(64), nullable=False),
    Column("account_name", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)
