"""Ledger: the same database-enforced guarantees, checked more cheaply.

The balance check on journal entries (both databases) and the postings-before-their-entry check
(PostgreSQL) are replaced by set-based equivalents that refuse exactly what the 0001 versions
refused: an entry with fewer than two postings or not summing to zero in every currency; a
posting added to an entry that already exists. Names are kept, so 0001's downgrade still
finds them.

Revision ID: 0002_ledger_fast_enforcement
Revises: 0001
Create Date: 2026-11-26 23:55:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from yipay.adapters.db.migrations_support import (
    create_fast_ledger_checks,
    restore_foundation_ledger_checks,
)

revision: str = "0002_ledger_fast_enforcement"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_fast_ledger_checks(op.get_bind())


def downgrade() -> None:
    restore_foundation_ledger_checks(op.get_bind())
