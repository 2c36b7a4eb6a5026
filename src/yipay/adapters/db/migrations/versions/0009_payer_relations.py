"""Matching by people: payers known to pay for a buyer, merchants' claims on payments.

Revision ID: 0009_payer_relations
Revises: 0008_match_suggestions
Create Date: 2026-12-03 12:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from yipay.adapters.db.types import UTCDateTime

revision: str = "0009_payer_relations"
down_revision: str | None = "0008_match_suggestions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "payer_relations",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("buyer_id", sa.String(length=32), nullable=False),
        sa.Column("payer_name", sa.Text(), nullable=False),
        sa.Column("payer_account", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payer_relations")),
        sa.UniqueConstraint(
            "buyer_id", "payer_name", "payer_account", name="uq_payer_relations_payer"
        ),
    )
    op.create_index(
        op.f("ix_payer_relations_buyer_id"), "payer_relations", ["buyer_id"], unique=False
    )
    op.create_table(
        "match_claims",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("payment_id", sa.String(length=32), nullable=False),
        sa.Column("trade_id", sa.String(length=32), nullable=False),
        sa.Column("merchant_id", sa.String(length=32), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("claimed_by", sa.String(length=120), nullable=False),
        sa.Column("claimed_at", UTCDateTime(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("decided_by", sa.String(length=120), nullable=True),
        sa.Column("decided_at", UTCDateTime(), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_claims")),
    )
    op.create_index(
        op.f("ix_match_claims_payment_id"), "match_claims", ["payment_id"], unique=False
    )
    op.create_index(
        op.f("ix_match_claims_merchant_id"), "match_claims", ["merchant_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_match_claims_merchant_id"), table_name="match_claims")
    op.drop_index(op.f("ix_match_claims_payment_id"), table_name="match_claims")
    op.drop_table("match_claims")
    op.drop_index(op.f("ix_payer_relations_buyer_id"), table_name="payer_relations")
    op.drop_table("payer_relations")
