"""Explained matches: each match's score and explanation; converted and reversed allocations.

Revision ID: 0010_match_records
Revises: 0009_payer_relations
Create Date: 2026-11-27 08:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from yipay.adapters.db.types import UTCDateTime

revision: str = "0010_match_records"
down_revision: str | None = "0009_payer_relations"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("allocations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("trade_currency", sa.String(length=3), nullable=True))
        batch_op.add_column(sa.Column("consumed_minor", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("reversed_at", UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("reversal_reason", sa.Text(), nullable=True))
    op.create_table(
        "match_records",
        sa.Column("payment_id", sa.String(length=32), nullable=False),
        sa.Column("engine", sa.String(length=32), nullable=False),
        sa.Column("score_bp", sa.Integer(), nullable=True),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.String(length=120), nullable=False),
        sa.Column("confirmed", sa.Boolean(), nullable=False),
        sa.Column("decided_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("payment_id", name=op.f("pk_match_records")),
    )


def downgrade() -> None:
    op.drop_table("match_records")
    with op.batch_alter_table("allocations", schema=None) as batch_op:
        batch_op.drop_column("reversal_reason")
        batch_op.drop_column("reversed_at")
        batch_op.drop_column("consumed_minor")
        batch_op.drop_column("trade_currency")
