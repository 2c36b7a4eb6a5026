"""FX tables: rates as text decimals (exact on every database), quotes, settlements."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Index, Integer, String, Table

from yipay.adapters.db.metadata import metadata
from yipay.adapters.db.types import JSONText, UTCDateTime

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

fx_quotes = Table(
    "fx_quotes",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("merchant_id", String(32), nullable=False, index=True),
    Column("sold_currency", String(3), nullable=False),
    Column("sold_minor", BigInteger, nullable=False),
    Column("bought_currency", String(3), nullable=False),
    Column("client_minor", BigInteger, nullable=False),
    Column("bank_minor", BigInteger, nullable=False),
    Column("bank_rate", String(32), nullable=False),
    Column("client_rate", String(32), nullable=False),
    Column("spread_bps", String(16), nullable=False),
    Column("rate_source", String(64), nullable=False),
    Column("rate_as_of", UTCDateTime, nullable=False),
    Column("quoted_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("references", JSONText, nullable=False),
    Column("status", String(8), nullable=False),
    Column("settlement_id", String(32), nullable=True),
)

settlements = Table(
    "settlements",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("merchant_id", String(32), nullable=False, index=True),
    Column("quote_id", String(32), nullable=False, unique=True),
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
