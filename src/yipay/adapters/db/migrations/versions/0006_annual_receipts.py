"""Annual receipts per merchant (USD equivalent) and the merchant's FX directory registration.

Revision ID: 0006_annual_receipts
Revises: 0005_screening_decisions
Create Date: 2026-11-28 12:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from yipay.adapters.db.types import UTCDateTime

revision: str = "0006_annual_receipts"
down_revision: str | None = "0005_screening_decisions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FX_DIRECTORY_COLUMNS = (
    "fx_directory_registered",
    "fx_directory_registered_on",
    "fx_directory_marked_by",
    "fx_directory_marked_at",
)


def upgrade() -> None:
    op.add_column(
        "merchants",
        sa.Column(
            "fx_directory_registered", sa.Boolean(), nullable=False, server_default=sa.false()
        ),
    )
    op.add_column("merchants", sa.Column("fx_directory_registered_on", sa.Date(), nullable=True))
    op.add_column(
        "merchants", sa.Column("fx_directory_marked_by", sa.String(length=120), nullable=True)
    )
    op.add_column("merchants", sa.Column("fx_directory_marked_at", UTCDateTime(), nullable=True))
    op.create_table(
        "merchant_annual_receipts",
        sa.Column("merchant_id", sa.String(length=32), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("usd_minor", sa.BigInteger(), nullable=False),
        sa.Column("receipts", sa.Integer(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "usd_minor >= 0 AND receipts >= 0",
            name=op.f("ck_merchant_annual_receipts_not_negative"),
        ),
        sa.PrimaryKeyConstraint("merchant_id", "year", name=op.f("pk_merchant_annual_receipts")),
    )
    op.create_table(
        "annual_receipt_entries",
        sa.Column("payment_id", sa.String(length=32), nullable=False),
        sa.Column("merchant_id", sa.String(length=32), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("usd_minor", sa.BigInteger(), nullable=False),
        sa.Column("rated_at", UTCDateTime(), nullable=False),
        sa.Column("counted_at", UTCDateTime(), nullable=False),
        sa.Column("taken_back_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("payment_id", name=op.f("pk_annual_receipt_entries")),
    )
    op.create_index(
        "ix_annual_receipt_entries_merchant_year",
        "annual_receipt_entries",
        ["merchant_id", "year"],
    )


def downgrade() -> None:
    op.drop_index("ix_annual_receipt_entries_merchant_year", table_name="annual_receipt_entries")
    op.drop_table("annual_receipt_entries")
    op.drop_table("merchant_annual_receipts")
    with op.batch_alter_table("merchants") as batch:
        for name in reversed(FX_DIRECTORY_COLUMNS):
            batch.drop_column(name)
