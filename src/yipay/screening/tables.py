"""Watchlist tables: every imported version of a list, and each list entry as last imported.

An entry row is replaced in place when a new version changes it (`version_id` says which) and
kept, inactive, when a version drops it (`removed_in_version`): a hit recorded against an old
version can still be shown, and the versions table says who imported what, when, from which
file digests.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Index, Integer, String, Table, Text, UniqueConstraint

from yipay.adapters.db.metadata import metadata
from yipay.adapters.db.types import JSONText, UTCDateTime

watchlist_versions = Table(
    "watchlist_versions",
    metadata,
    Column("id", String(100), primary_key=True),  # "<source>@<version>"
    Column("source", String(64), nullable=False),
    Column("version", Integer, nullable=False),  # 1, 2, … per source
    Column("imported_at", UTCDateTime, nullable=False),
    Column("imported_by", String(120), nullable=False),
    Column("digest", Text, nullable=False),  # sha256 of the file(s) imported
    Column("added", Integer, nullable=False),
    Column("changed", Integer, nullable=False),
    Column("removed", Integer, nullable=False),
    Column("total", Integer, nullable=False),  # active entries after this version
    UniqueConstraint("source", "version", name="uq_watchlist_versions_source_version"),
)

watchlist_entries = Table(
    "watchlist_entries",
    metadata,
    Column("source", String(64), primary_key=True),
    Column("entry_id", String(64), primary_key=True),
    Column("version_id", String(100), nullable=False),  # the version that last changed it
    Column("content_hash", String(64), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("primary_name", Text, nullable=False),
    Column("data", JSONText, nullable=False),  # the whole ListEntry
    Column("active", Boolean, nullable=False),
    Column("removed_in_version", Integer, nullable=True),
    Index("ix_watchlist_entries_active", "active", "source"),
)
