"""Matching: the engine's suggestions for payments left in suspense.

Revision ID: 0008_match_suggestions
Revises: 0007_trade_registry
Create Date: 2026-12-02 12:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from yipay.adapters.db.types import UTCDateTime

revision: str = "0008_match_suggestions"
down_revision: str | None = "0007_trade_registry"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "match_suggestions",
        sa.Column("payment_id", sa.String(length=32), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("trade_ids", sa.Text(), nullable=False),
        sa.Column("score_bp", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=64), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("engine", sa.String(length=32), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("payment_id", "rank", name=op.f("pk_match_suggestions")),
    )


def downgrade() -> None:
    op.drop_table("match_suggestions")
