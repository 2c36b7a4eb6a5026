"""Screening decisions: analysts' clear/confirm per (party, list entry), with both sides' hashes.

Revision ID: 0005_screening_decisions
Revises: 0004_watchlists
Create Date: 2026-11-27 12:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from yipay.adapters.db.types import UTCDateTime

revision: str = "0005_screening_decisions"
down_revision: str | None = "0004_watchlists"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "screening_decisions",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("subject_type", sa.String(length=16), nullable=False),
        sa.Column("subject_id", sa.String(length=32), nullable=False),
        sa.Column("subject_hash", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("entry_id", sa.String(length=64), nullable=False),
        sa.Column("entry_hash", sa.String(length=64), nullable=False),
        sa.Column("decision", sa.String(length=12), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.String(length=120), nullable=False),
        sa.Column("decided_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screening_decisions")),
    )
    op.create_index(
        "ix_screening_decisions_subject", "screening_decisions", ["subject_type", "subject_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_screening_decisions_subject", table_name="screening_decisions")
    op.drop_table("screening_decisions")
