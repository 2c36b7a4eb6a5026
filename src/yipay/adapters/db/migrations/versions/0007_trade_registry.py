"""Trade registry: 1039 declarations, goods lines, documents, amendments; prepayment trades.

Revision ID: 0007_trade_registry
Revises: 0006_annual_receipts
Create Date: 2026-12-01 12:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from yipay.adapters.db.types import JSONText, UTCDateTime

revision: str = "0007_trade_registry"
down_revision: str | None = "0006_annual_receipts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TRADE_COLUMNS = ("prepayment", "documents_due_by", "payer_name", "revision", "content_hash")


def upgrade() -> None:
    with op.batch_alter_table("trades") as batch:
        batch.add_column(
            sa.Column("prepayment", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("documents_due_by", sa.Date(), nullable=True))
        batch.add_column(sa.Column("payer_name", sa.String(length=200), nullable=True))
        batch.add_column(
            sa.Column("revision", sa.Integer(), nullable=False, server_default=sa.text("1"))
        )
        batch.add_column(sa.Column("content_hash", sa.String(length=64), nullable=True))
    op.create_table(
        "trade_declarations",
        sa.Column("declaration_no", sa.String(length=32), nullable=False),
        sa.Column("platform_id", sa.String(length=64), nullable=True),
        sa.Column("export_agent", sa.String(length=200), nullable=False),
        sa.Column("container_no", sa.String(length=32), nullable=True),
        sa.Column("port", sa.String(length=64), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("usd_minor", sa.BigInteger(), nullable=False),
        sa.Column("export_date", sa.Date(), nullable=True),
        sa.Column("provenance", sa.String(length=16), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "amount_minor > 0 AND usd_minor > 0",
            name=op.f("ck_trade_declarations_amount_positive"),
        ),
        sa.PrimaryKeyConstraint("declaration_no", name=op.f("pk_trade_declarations")),
        sa.UniqueConstraint("platform_id", name=op.f("uq_trade_declarations_platform_id")),
    )
    op.create_table(
        "trade_goods_lines",
        sa.Column("trade_id", sa.String(length=32), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("hs_code", sa.String(length=10), nullable=False),
        sa.Column("quantity", sa.String(length=40), nullable=False),
        sa.Column("unit", sa.String(length=16), nullable=False),
        sa.Column("unit_price", sa.String(length=40), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["trade_id"], ["trades.id"], name=op.f("fk_trade_goods_lines_trade_id_trades")
        ),
        sa.PrimaryKeyConstraint("trade_id", "line_no", name=op.f("pk_trade_goods_lines")),
    )
    op.create_table(
        "trade_documents",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("platform_id", sa.String(length=64), nullable=True),
        sa.Column("merchant_id", sa.String(length=32), nullable=False),
        sa.Column("trade_id", sa.String(length=32), nullable=True),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("order_no", sa.String(length=64), nullable=True),
        sa.Column("export_date", sa.Date(), nullable=True),
        sa.Column("consignee_name", sa.String(length=200), nullable=True),
        sa.Column("consignee_country", sa.String(length=2), nullable=True),
        sa.Column("carrier", sa.String(length=100), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("amount_minor", sa.BigInteger(), nullable=True),
        sa.Column("provenance", sa.String(length=16), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["merchant_id"], ["merchants.id"], name=op.f("fk_trade_documents_merchant_id_merchants")
        ),
        sa.ForeignKeyConstraint(
            ["trade_id"], ["trades.id"], name=op.f("fk_trade_documents_trade_id_trades")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trade_documents")),
        sa.UniqueConstraint("platform_id", name=op.f("uq_trade_documents_platform_id")),
    )
    op.create_index("ix_trade_documents_trade_id", "trade_documents", ["trade_id"])
    op.create_index(
        "ix_trade_documents_merchant_order", "trade_documents", ["merchant_id", "order_no"]
    )
    op.create_table(
        "trade_amendments",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("record_type", sa.String(length=16), nullable=False),
        sa.Column("record_id", sa.String(length=64), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("changed", JSONText(), nullable=False),
        sa.Column("previous", JSONText(), nullable=False),
        sa.Column("current", JSONText(), nullable=False),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("amended_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trade_amendments")),
    )
    op.create_index("ix_trade_amendments_record", "trade_amendments", ["record_type", "record_id"])


def downgrade() -> None:
    op.drop_index("ix_trade_amendments_record", table_name="trade_amendments")
    op.drop_table("trade_amendments")
    op.drop_index("ix_trade_documents_merchant_order", table_name="trade_documents")
    op.drop_index("ix_trade_documents_trade_id", table_name="trade_documents")
    op.drop_table("trade_documents")
    op.drop_table("trade_goods_lines")
    op.drop_table("trade_declarations")
    with op.batch_alter_table("trades") as batch:
        for name in reversed(TRADE_COLUMNS):
            batch.drop_column(name)
