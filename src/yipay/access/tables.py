"""Users, roles (as data), API keys and idempotency records."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
)

from yipay.adapters.db.metadata import metadata
from yipay.adapters.db.types import JSONText, UTCDateTime

roles = Table(
    "roles",
    metadata,
    Column("name", String(32), primary_key=True),
    Column("permissions", JSONText, nullable=False),
    Column("description", Text, nullable=False),
)

users = Table(
    "users",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("name", String(120), nullable=False, unique=True),
    Column("merchant_id", String(32), ForeignKey("merchants.id"), nullable=True),
    Column("active", Boolean, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)

user_roles = Table(
    "user_roles",
    metadata,
    Column("user_id", String(32), ForeignKey("users.id"), nullable=False),
    Column("role", String(32), ForeignKey("roles.name"), nullable=False),
    PrimaryKeyConstraint("user_id", "role"),
)

api_keys = Table(
    "api_keys",
    metadata,
    Column("prefix", String(16), primary_key=True),
    Column("digest", String(64), nullable=False),
    Column("user_id", String(32), ForeignKey("users.id"), nullable=False, index=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("revoked_at", UTCDateTime, nullable=True),
)

idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    Column("user_id", String(32), nullable=False),
    Column("key", String(200), nullable=False),
    Column("method", String(8), nullable=False),
    Column("path", String(300), nullable=False),
    Column("request_hash", String(64), nullable=False),
    Column("status_code", Integer, nullable=False),
    Column("response", JSONText, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    PrimaryKeyConstraint("user_id", "key"),
)
