"""Watchlists: imported list versions and the entries as last imported.

Revision ID: 0004_watchlists
Revises: 0003_bank_intake
Create Date: 2026-11-27 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from yipay.adapters.db.types import JSONText, UTCDateTime

revision: str = "0004_watchlists"
down_revision: str | None = "0003_bank_intake"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "watchlist_versions",
        sa.Column("id", sa.String(length=100), nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("imported_at", UTCDateTime(), nullable=False),
        sa.Column("imported_by", sa.String(length=120), nullable=False),
        sa.Column("digest", sa.Text(), nullable=False),
        sa.Column("added", sa.Integer(), nullable=False),
        sa.Column("changed", sa.Integer(), nullable=False),
        sa.Column("removed", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watchlist_versions")),
        sa.UniqueConstraint("source", "version", name="uq_watchlist_versions_source_version"),
    )
    op.create_table(
        "watchlist_entries",
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("entry_id", sa.String(length=64), nullable=False),
        sa.Column("version_id", sa.String(length=100), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("primary_name", sa.Text(), nullable=False),
        sa.Column("data", JSONText(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("removed_in_version", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("source", "entry_id", name=op.f("pk_watchlist_entries")),
    )
    op.create_index("ix_watchlist_entries_active", "watchlist_entries", ["active", "source"])


def downgrade() -> None:
    op.drop_index("ix_watchlist_entries_active", table_name="watchlist_entries")
    op.drop_table("watchlist_entries")
    op.drop_table("watchlist_versions")
