"""Profile aggregates for the real-time path: per windowed rule, subject and window.

Revision ID: 0012_monitoring_profiles
Revises: 0011_rule_settings
Create Date: 2026-11-28 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from yipay.adapters.db.types import JSONText, UTCDateTime

revision: str = "0012_monitoring_profiles"
down_revision: str | None = "0011_rule_settings"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "monitoring_profiles",
        sa.Column("rule_id", sa.String(length=64), nullable=False),
        sa.Column("subject_id", sa.String(length=64), nullable=False),
        sa.Column("window_no", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("basis", sa.String(length=255), nullable=False),
        sa.Column("payment_count", sa.Integer(), nullable=False),
        sa.Column("total_usd_minor", sa.BigInteger(), nullable=False),
        sa.Column("members", JSONText(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint(
            "rule_id", "subject_id", "window_no", name=op.f("pk_monitoring_profiles")
        ),
    )


def downgrade() -> None:
    op.drop_table("monitoring_profiles")
