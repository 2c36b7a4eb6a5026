"""Monitoring rules as data the regulator can inspect: settings in force and the change log.

Revision ID: 0011_rule_settings
Revises: 0010_match_records
Create Date: 2026-11-27 09:00:00
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from yipay.adapters.db.types import JSONText, UTCDateTime
from yipay.core.types_json import canonical

revision: str = "0011_rule_settings"
down_revision: str | None = "0010_match_records"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PERMISSION = "rules:manage"
GRANTED_TO = ("admin", "supervisor")


def _grant(add: bool) -> None:
    roles = sa.table("roles", sa.column("name", sa.String), sa.column("permissions", sa.Text))
    conn = op.get_bind()
    for name, permissions in conn.execute(
        sa.select(roles.c.name, roles.c.permissions).where(roles.c.name.in_(GRANTED_TO))
    ):
        granted = set(json.loads(permissions))
        granted = granted | {PERMISSION} if add else granted - {PERMISSION}
        conn.execute(
            roles.update()
            .where(roles.c.name == name)
            .values(permissions=canonical(sorted(granted)))
        )


def upgrade() -> None:
    op.create_table(
        "rule_settings",
        sa.Column("rule_id", sa.String(length=64), nullable=False),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("overrides", JSONText(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("updated_by", sa.String(length=120), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("rule_id", name=op.f("pk_rule_settings")),
    )
    op.create_table(
        "rule_changes",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("rule_id", sa.String(length=64), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("changed_by", sa.String(length=120), nullable=False),
        sa.Column("changed_at", UTCDateTime(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("mode_before", sa.String(length=16), nullable=False),
        sa.Column("mode_after", sa.String(length=16), nullable=False),
        sa.Column("parameters_before", JSONText(), nullable=False),
        sa.Column("parameters_after", JSONText(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rule_changes")),
    )
    op.create_index(op.f("ix_rule_changes_rule_id"), "rule_changes", ["rule_id"], unique=False)
    _grant(add=True)


def downgrade() -> None:
    _grant(add=False)
    op.drop_index(op.f("ix_rule_changes_rule_id"), table_name="rule_changes")
    op.drop_table("rule_changes")
    op.drop_table("rule_settings")
