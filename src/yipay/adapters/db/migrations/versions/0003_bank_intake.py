"""Bank-message intake: virtual accounts, received bank files, record outcomes, statement lines.

Revision ID: 0003_bank_intake
Revises: 0002_ledger_fast_enforcement
Create Date: 2026-11-26 23:50:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from yipay.adapters.db.types import JSONText, UTCDateTime

revision: str = "0003_bank_intake"
down_revision: str | None = "0002_ledger_fast_enforcement"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "virtual_accounts",
        sa.Column("number", sa.String(length=16), nullable=False),
        sa.Column("merchant_id", sa.String(length=32), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("serial", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("opened_at", UTCDateTime(), nullable=False),
        sa.Column("closed_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("number", name=op.f("pk_virtual_accounts")),
        sa.UniqueConstraint("serial", name=op.f("uq_virtual_accounts_serial")),
        sa.UniqueConstraint(
            "merchant_id", "currency", name="uq_virtual_accounts_merchant_currency"
        ),
    )
    op.create_table(
        "bank_files",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("source_format", sa.String(length=8), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("raw", sa.LargeBinary(), nullable=False),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.Column("received_by", sa.String(length=120), nullable=False),
        sa.Column("records", sa.Integer(), nullable=False),
        sa.Column("summary", JSONText(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bank_files")),
        sa.UniqueConstraint("sha256", name=op.f("uq_bank_files_sha256")),
    )
    op.create_table(
        "bank_records",
        sa.Column("file_id", sa.String(length=32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("message_index", sa.Integer(), nullable=False),
        sa.Column("source_format", sa.String(length=8), nullable=False),
        sa.Column("direction", sa.String(length=8), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("payment_id", sa.String(length=32), nullable=True),
        sa.Column("payout_id", sa.String(length=32), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("data", JSONText(), nullable=False),
        sa.PrimaryKeyConstraint("file_id", "position", name=op.f("pk_bank_records")),
    )
    op.create_index("ix_bank_records_payment", "bank_records", ["payment_id"])
    op.create_table(
        "statement_lines",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("file_id", sa.String(length=32), nullable=False),
        sa.Column("account", sa.String(length=64), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("statement_id", sa.String(length=64), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("direction", sa.String(length=8), nullable=False),
        sa.Column("reversal", sa.Boolean(), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("value_date", sa.Date(), nullable=False),
        sa.Column("booking_date", sa.Date(), nullable=True),
        sa.Column("uetr", sa.String(length=36), nullable=True),
        sa.Column("end_to_end_id", sa.String(length=64), nullable=True),
        sa.Column("reference", sa.String(length=64), nullable=True),
        sa.Column("entry_reference", sa.String(length=64), nullable=True),
        sa.Column("counterparty", sa.Text(), nullable=True),
        sa.Column("remittance_info", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("paired_kind", sa.String(length=8), nullable=True),
        sa.Column("paired_id", sa.String(length=32), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statement_lines")),
        sa.UniqueConstraint("account", "statement_id", "line_no", name="uq_statement_lines_line"),
    )
    op.create_index("ix_statement_lines_value_date", "statement_lines", ["account", "value_date"])
    op.create_index("ix_statement_lines_paired", "statement_lines", ["paired_id"])


def downgrade() -> None:
    op.drop_index("ix_statement_lines_paired", table_name="statement_lines")
    op.drop_index("ix_statement_lines_value_date", table_name="statement_lines")
    op.drop_table("statement_lines")
    op.drop_index("ix_bank_records_payment", table_name="bank_records")
    op.drop_table("bank_records")
    op.drop_table("bank_files")
    op.drop_table("virtual_accounts")
