"""Foundation schema: parties, trades, payments, ledger, fx, alerts, audit, access.

Besides the tables: triggers that keep posted ledger rows and the audit log immutable on both
SQLite and PostgreSQL, and the default roles (roles are data).

Revision ID: 0001
Revises:
Create Date: 2026-11-26 16:05:48.109583
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from yipay.adapters.db.migrations_support import (
    create_immutability_triggers,
    drop_immutability_triggers,
    seed_roles,
)
from yipay.adapters.db.types import JSONText, UTCDateTime

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Frozen snapshot of the default roles at this revision (roles are data; later changes migrate).
ROLES: dict[str, tuple[list[str], str]] = {
    "admin": (
        [
            "alerts:read",
            "audit:read",
            "balances:read",
            "fx:write",
            "parties:approve",
            "parties:read",
            "parties:write",
            "payments:decide",
            "payments:read",
            "payments:write",
            "payouts:approve",
            "reports:read",
            "settlements:write",
            "trades:read",
            "trades:review",
            "trades:write",
            "users:admin",
        ],
        "Everything, including users and roles.",
    ),
    "operator": (
        [
            "balances:read",
            "fx:write",
            "parties:read",
            "parties:write",
            "payments:read",
            "payments:write",
            "settlements:write",
            "trades:read",
            "trades:review",
            "trades:write",
        ],
        "Onboarding, trades, payments in, settlements and rates.",
    ),
    "analyst": (
        [
            "alerts:read",
            "balances:read",
            "parties:read",
            "payments:decide",
            "payments:read",
            "reports:read",
            "trades:read",
        ],
        "Alerts, reports and decisions on held payments.",
    ),
    "supervisor": (
        [
            "alerts:read",
            "balances:read",
            "parties:approve",
            "parties:read",
            "payments:decide",
            "payments:read",
            "payouts:approve",
            "reports:read",
            "trades:read",
            "trades:review",
        ],
        "An analyst who also reviews trades and approves.",
    ),
    "auditor": (
        [
            "alerts:read",
            "audit:read",
            "balances:read",
            "parties:read",
            "payments:read",
            "reports:read",
            "trades:read",
        ],
        "Reads everything, including the audit trail; changes nothing.",
    ),
    "merchant": (
        [
            "balances:read",
            "parties:read",
            "payments:read",
            "settlements:write",
            "trades:read",
            "trades:write",
        ],
        "A shop's own data only; held money shows as under review.",
    ),
}


def upgrade() -> None:
    op.create_table(
        "alerts",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("rule_id", sa.String(length=64), nullable=False),
        sa.Column("rule_version", sa.String(length=16), nullable=False),
        sa.Column("parameters", JSONText(), nullable=False),
        sa.Column("subject_type", sa.String(length=16), nullable=False),
        sa.Column("subject_id", sa.String(length=64), nullable=False),
        sa.Column("window_start", UTCDateTime(), nullable=False),
        sa.Column("window_end", UTCDateTime(), nullable=False),
        sa.Column("evidence", JSONText(), nullable=False),
        sa.Column("score_bp", sa.Integer(), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("details", JSONText(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alerts")),
    )
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.create_index("ix_alerts_rule_status", ["rule_id", "status"], unique=False)
        batch_op.create_index("ix_alerts_subject", ["subject_type", "subject_id"], unique=False)

    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("event_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("subject", sa.String(length=64), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("payload", JSONText(), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.Column("seal_seq", sa.BigInteger(), nullable=True),
        sa.Column("prev_hash", sa.String(length=64), nullable=True),
        sa.Column("hash", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
        sa.UniqueConstraint("event_id", name=op.f("uq_audit_log_event_id")),
        sa.UniqueConstraint("seal_seq", name=op.f("uq_audit_log_seal_seq")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_subject"), ["subject"], unique=False)

    op.create_table(
        "buyers",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("platform_id", sa.String(length=64), nullable=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_latin", sa.Text(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("party_type", sa.String(length=16), nullable=False),
        sa.Column("id_type", sa.String(length=24), nullable=False),
        sa.Column("id_number", sa.String(length=64), nullable=False),
        sa.Column("nationality", sa.String(length=2), nullable=False),
        sa.Column("kyc_status", sa.String(length=16), nullable=False),
        sa.Column("kyc_expires_on", sa.Date(), nullable=True),
        sa.Column("risk_grade", sa.String(length=8), nullable=False),
        sa.Column("card_no", sa.String(length=64), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_buyers")),
        sa.UniqueConstraint("card_no", name=op.f("uq_buyers_card_no")),
        sa.UniqueConstraint("id_type", "id_number", "nationality", name="uq_buyers_identity"),
        sa.UniqueConstraint("platform_id", name=op.f("uq_buyers_platform_id")),
    )
    op.create_table(
        "fx_quotes",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("merchant_id", sa.String(length=32), nullable=False),
        sa.Column("sold_currency", sa.String(length=3), nullable=False),
        sa.Column("sold_minor", sa.BigInteger(), nullable=False),
        sa.Column("bought_currency", sa.String(length=3), nullable=False),
        sa.Column("client_minor", sa.BigInteger(), nullable=False),
        sa.Column("bank_minor", sa.BigInteger(), nullable=False),
        sa.Column("bank_rate", sa.String(length=32), nullable=False),
        sa.Column("client_rate", sa.String(length=32), nullable=False),
        sa.Column("spread_bps", sa.String(length=16), nullable=False),
        sa.Column("rate_source", sa.String(length=64), nullable=False),
        sa.Column("rate_as_of", UTCDateTime(), nullable=False),
        sa.Column("quoted_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("references", JSONText(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("settlement_id", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fx_quotes")),
    )
    with op.batch_alter_table("fx_quotes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fx_quotes_merchant_id"), ["merchant_id"], unique=False)

    op.create_table(
        "fx_rates",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("base", sa.String(length=3), nullable=False),
        sa.Column("quote", sa.String(length=3), nullable=False),
        sa.Column("bid", sa.String(length=32), nullable=False),
        sa.Column("ask", sa.String(length=32), nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("as_of", UTCDateTime(), nullable=False),
        sa.Column("imported_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fx_rates")),
    )
    with op.batch_alter_table("fx_rates", schema=None) as batch_op:
        batch_op.create_index("ix_fx_rates_pair_as_of", ["base", "quote", "as_of"], unique=True)

    op.create_table(
        "idempotency_keys",
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("method", sa.String(length=8), nullable=False),
        sa.Column("path", sa.String(length=300), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=False),
        sa.Column("response", JSONText(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("user_id", "key", name=op.f("pk_idempotency_keys")),
    )
    op.create_table(
        "journal_entries",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("external_key", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("references", JSONText(), nullable=False),
        sa.Column("body_hash", sa.String(length=64), nullable=False),
        sa.Column("occurred_at", UTCDateTime(), nullable=False),
        sa.Column("booked_at", UTCDateTime(), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("reverses", sa.String(length=32), nullable=True),
        sa.Column("seal_seq", sa.BigInteger(), nullable=True),
        sa.Column("prev_hash", sa.String(length=64), nullable=True),
        sa.Column("hash", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journal_entries")),
        sa.UniqueConstraint("external_key", name=op.f("uq_journal_entries_external_key")),
        sa.UniqueConstraint("reverses", name=op.f("uq_journal_entries_reverses")),
        sa.UniqueConstraint("seal_seq", name=op.f("uq_journal_entries_seal_seq")),
    )
    op.create_table(
        "ledger_accounts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("code", sa.String(length=160), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("account_class", sa.String(length=16), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("owner_id", sa.String(length=64), nullable=True),
        sa.Column("normal_side", sa.String(length=6), nullable=False),
        sa.Column("allow_negative", sa.Boolean(), nullable=False),
        sa.Column("balance_minor", sa.BigInteger(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "allow_negative OR (normal_side = 'debit' AND balance_minor >= 0)"
            " OR (normal_side = 'credit' AND balance_minor <= 0)",
            name=op.f("ck_ledger_accounts_no_negative_balance"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_accounts")),
        sa.UniqueConstraint("code", name=op.f("uq_ledger_accounts_code")),
    )
    with op.batch_alter_table("ledger_accounts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ledger_accounts_owner_id"), ["owner_id"], unique=False)

    op.create_table(
        "merchants",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("platform_id", sa.String(length=64), nullable=True),
        sa.Column("legal_name", sa.Text(), nullable=False),
        sa.Column("name_latin", sa.Text(), nullable=False),
        sa.Column("business_form", sa.String(length=24), nullable=False),
        sa.Column("party_type", sa.String(length=16), nullable=False),
        sa.Column("id_type", sa.String(length=24), nullable=False),
        sa.Column("id_number", sa.String(length=64), nullable=False),
        sa.Column("nationality", sa.String(length=2), nullable=False),
        sa.Column("kyc_status", sa.String(length=16), nullable=False),
        sa.Column("kyc_expires_on", sa.Date(), nullable=True),
        sa.Column("risk_grade", sa.String(length=8), nullable=False),
        sa.Column("shop_no", sa.String(length=120), nullable=False),
        sa.Column("settlement_bank", sa.Text(), nullable=True),
        sa.Column("settlement_account_no", sa.String(length=64), nullable=True),
        sa.Column("settlement_account_name", sa.Text(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_merchants")),
        sa.UniqueConstraint("id_type", "id_number", name="uq_merchants_identity"),
        sa.UniqueConstraint("platform_id", name=op.f("uq_merchants_platform_id")),
    )
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("event_name", sa.String(length=64), nullable=False),
        sa.Column("handler", sa.String(length=64), nullable=False),
        sa.Column("subject", sa.String(length=64), nullable=False),
        sa.Column("payload", JSONText(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("processed_at", UTCDateTime(), nullable=True),
        sa.Column("failed_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index(
            "ix_outbox_pending", ["processed_at", "failed_at", "id"], unique=False
        )

    op.create_table(
        "payers",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("account", sa.String(length=64), nullable=False),
        sa.Column("bic", sa.String(length=11), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payers")),
        sa.UniqueConstraint("bic", "account", "name", name="uq_payers_account"),
    )
    op.create_table(
        "payments",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("dedupe_key", sa.String(length=300), nullable=True),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("status_reason", sa.Text(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("offshore", sa.Boolean(), nullable=False),
        sa.Column("value_date", sa.Date(), nullable=False),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.Column("payer_id", sa.String(length=32), nullable=False),
        sa.Column("payer_name", sa.Text(), nullable=False),
        sa.Column("payer_account", sa.String(length=64), nullable=False),
        sa.Column("payer_bic", sa.String(length=11), nullable=False),
        sa.Column("payer_country", sa.String(length=2), nullable=False),
        sa.Column("merchant_id", sa.String(length=32), nullable=True),
        sa.Column("instructed_currency", sa.String(length=3), nullable=True),
        sa.Column("instructed_minor", sa.BigInteger(), nullable=True),
        sa.Column("charges_minor", sa.BigInteger(), nullable=True),
        sa.Column("charge_bearer", sa.String(length=3), nullable=True),
        sa.Column("debtor_agent_bic", sa.String(length=11), nullable=True),
        sa.Column("remittance_info", sa.Text(), nullable=False),
        sa.Column("uetr", sa.String(length=36), nullable=True),
        sa.Column("end_to_end_id", sa.String(length=64), nullable=True),
        sa.Column("message_id", sa.String(length=64), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payments")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_payments_dedupe_key")),
    )
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.create_index(
            "ix_payments_merchant_status", ["merchant_id", "status"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_payments_payer_id"), ["payer_id"], unique=False)
        batch_op.create_index("ix_payments_received_at", ["received_at"], unique=False)
        batch_op.create_index("ix_payments_status", ["status"], unique=False)

    op.create_table(
        "payouts",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("merchant_id", sa.String(length=32), nullable=True),
        sa.Column("reference", sa.String(length=64), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("source_account", sa.String(length=160), nullable=False),
        sa.Column("payee_name", sa.Text(), nullable=False),
        sa.Column("payee_account", sa.String(length=64), nullable=False),
        sa.Column("payee_bank_name", sa.Text(), nullable=False),
        sa.Column("payee_bank_bic", sa.String(length=11), nullable=True),
        sa.Column("payee_bank_clearing_id", sa.String(length=35), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("hold_id", sa.String(length=32), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.Column("approved_by", sa.String(length=120), nullable=True),
        sa.Column("message_id", sa.String(length=35), nullable=True),
        sa.Column("bank_reference", sa.String(length=64), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payouts")),
    )
    with op.batch_alter_table("payouts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_payouts_merchant_id"), ["merchant_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_payouts_message_id"), ["message_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_payouts_reference"), ["reference"], unique=False)
        batch_op.create_index("ix_payouts_status", ["status"], unique=False)

    op.create_table(
        "report_candidates",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("merchant_id", sa.String(length=32), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("currency_class", sa.String(length=3), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("total_minor", sa.BigInteger(), nullable=False),
        sa.Column("threshold_minor", sa.BigInteger(), nullable=False),
        sa.Column("evidence", JSONText(), nullable=False),
        sa.Column("due_by", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_candidates")),
    )
    with op.batch_alter_table("report_candidates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_report_candidates_day"), ["day"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_report_candidates_merchant_id"), ["merchant_id"], unique=False
        )

    op.create_table(
        "roles",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("permissions", JSONText(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_roles")),
    )
    op.create_table(
        "settlements",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("merchant_id", sa.String(length=32), nullable=False),
        sa.Column("quote_id", sa.String(length=32), nullable=False),
        sa.Column("sold_currency", sa.String(length=3), nullable=False),
        sa.Column("sold_minor", sa.BigInteger(), nullable=False),
        sa.Column("bought_currency", sa.String(length=3), nullable=False),
        sa.Column("bought_minor", sa.BigInteger(), nullable=False),
        sa.Column("bank_bought_minor", sa.BigInteger(), nullable=False),
        sa.Column("bank_rate", sa.String(length=32), nullable=False),
        sa.Column("client_rate", sa.String(length=32), nullable=False),
        sa.Column("spread_bps", sa.String(length=16), nullable=False),
        sa.Column("rate_source", sa.String(length=64), nullable=False),
        sa.Column("rate_as_of", UTCDateTime(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_settlements")),
        sa.UniqueConstraint("quote_id", name=op.f("uq_settlements_quote_id")),
    )
    with op.batch_alter_table("settlements", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_settlements_merchant_id"), ["merchant_id"], unique=False
        )

    op.create_table(
        "holds",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reference", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=True),
        sa.Column("released_at", UTCDateTime(), nullable=True),
        sa.Column("released_by", sa.String(length=64), nullable=True),
        sa.Column("posted_entry_id", sa.String(length=32), nullable=True),
        sa.Column("posted_minor", sa.BigInteger(), nullable=True),
        sa.CheckConstraint("amount_minor > 0", name=op.f("ck_holds_amount_positive")),
        sa.CheckConstraint(
            "kind <> 'compliance' OR expires_at IS NULL",
            name=op.f("ck_holds_compliance_never_expires"),
        ),
        sa.ForeignKeyConstraint(
            ["account_id"], ["ledger_accounts.id"], name=op.f("fk_holds_account_id_ledger_accounts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_holds")),
    )
    with op.batch_alter_table("holds", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_holds_account_id"), ["account_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_holds_reference"), ["reference"], unique=False)

    op.create_table(
        "postings",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("entry_id", sa.String(length=32), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("booked_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint("amount_minor <> 0", name=op.f("ck_postings_not_zero")),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["ledger_accounts.id"],
            name=op.f("fk_postings_account_id_ledger_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["journal_entries.id"],
            name=op.f("fk_postings_entry_id_journal_entries"),
            deferrable=True,
            initially="DEFERRED",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_postings")),
    )
    with op.batch_alter_table("postings", schema=None) as batch_op:
        batch_op.create_index(
            "ix_postings_account_booked", ["account_id", "booked_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_postings_entry_id"), ["entry_id"], unique=False)

    op.create_table(
        "trades",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("platform_id", sa.String(length=64), nullable=True),
        sa.Column("merchant_id", sa.String(length=32), nullable=False),
        sa.Column("buyer_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("reference", sa.String(length=64), nullable=False),
        sa.Column("reference_key", sa.String(length=64), nullable=False),
        sa.Column("declaration_no", sa.String(length=32), nullable=True),
        sa.Column("order_no", sa.String(length=64), nullable=True),
        sa.Column("waybill_no", sa.String(length=64), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("allocated_minor", sa.BigInteger(), nullable=False),
        sa.Column("trade_date", sa.Date(), nullable=False),
        sa.Column("export_date", sa.Date(), nullable=True),
        sa.Column("goods_description", sa.Text(), nullable=False),
        sa.Column("hs_code", sa.String(length=10), nullable=True),
        sa.Column("provenance", sa.String(length=16), nullable=False),
        sa.Column("verification", sa.String(length=16), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "allocated_minor >= 0 AND allocated_minor <= amount_minor",
            name=op.f("ck_trades_no_over_allocation"),
        ),
        sa.CheckConstraint("amount_minor > 0", name=op.f("ck_trades_amount_positive")),
        sa.ForeignKeyConstraint(
            ["buyer_id"], ["buyers.id"], name=op.f("fk_trades_buyer_id_buyers")
        ),
        sa.ForeignKeyConstraint(
            ["merchant_id"], ["merchants.id"], name=op.f("fk_trades_merchant_id_merchants")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trades")),
        sa.UniqueConstraint("platform_id", name=op.f("uq_trades_platform_id")),
    )
    with op.batch_alter_table("trades", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_trades_declaration_no"), ["declaration_no"], unique=False
        )
        batch_op.create_index("ix_trades_merchant_open", ["merchant_id", "currency"], unique=False)
        batch_op.create_index(
            "ix_trades_merchant_reference", ["merchant_id", "reference_key"], unique=False
        )

    op.create_table(
        "users",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("merchant_id", sa.String(length=32), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["merchant_id"], ["merchants.id"], name=op.f("fk_users_merchant_id_merchants")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("name", name=op.f("uq_users_name")),
    )
    op.create_table(
        "allocations",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("payment_id", sa.String(length=32), nullable=False),
        sa.Column("trade_id", sa.String(length=32), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("received_minor", sa.BigInteger(), nullable=False),
        sa.Column("charges_minor", sa.BigInteger(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "received_minor > 0 AND charges_minor >= 0", name=op.f("ck_allocations_amounts_valid")
        ),
        sa.ForeignKeyConstraint(
            ["trade_id"], ["trades.id"], name=op.f("fk_allocations_trade_id_trades")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_allocations")),
    )
    with op.batch_alter_table("allocations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_allocations_payment_id"), ["payment_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_allocations_trade_id"), ["trade_id"], unique=False)

    op.create_table(
        "api_keys",
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("revoked_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_api_keys_user_id_users")),
        sa.PrimaryKeyConstraint("prefix", name=op.f("pk_api_keys")),
    )
    with op.batch_alter_table("api_keys", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_api_keys_user_id"), ["user_id"], unique=False)

    op.create_table(
        "user_roles",
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["role"], ["roles.name"], name=op.f("fk_user_roles_role_roles")),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_user_roles_user_id_users")
        ),
        sa.PrimaryKeyConstraint("user_id", "role", name=op.f("pk_user_roles")),
    )

    op.create_table(
        "account_changes",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("merchant_id", sa.String(length=32), nullable=False),
        sa.Column("bank_name", sa.Text(), nullable=False),
        sa.Column("account_no", sa.String(length=64), nullable=False),
        sa.Column("account_name", sa.Text(), nullable=False),
        sa.Column("requested_by", sa.String(length=120), nullable=False),
        sa.Column("requested_at", UTCDateTime(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("decided_by", sa.String(length=120), nullable=True),
        sa.Column("decided_at", UTCDateTime(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_changes")),
    )
    with op.batch_alter_table("account_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_account_changes_merchant_id"), ["merchant_id"], unique=False
        )

    create_immutability_triggers(op.get_bind())
    seed_roles(op.get_bind(), ROLES)


def downgrade() -> None:
    drop_immutability_triggers(op.get_bind())
    op.drop_table("user_roles")
    with op.batch_alter_table("api_keys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_keys_user_id"))

    op.drop_table("api_keys")
    with op.batch_alter_table("allocations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_allocations_trade_id"))
        batch_op.drop_index(batch_op.f("ix_allocations_payment_id"))

    op.drop_table("allocations")
    op.drop_table("users")
    with op.batch_alter_table("trades", schema=None) as batch_op:
        batch_op.drop_index("ix_trades_merchant_reference")
        batch_op.drop_index("ix_trades_merchant_open")
        batch_op.drop_index(batch_op.f("ix_trades_declaration_no"))

    op.drop_table("trades")
    with op.batch_alter_table("postings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_postings_entry_id"))
        batch_op.drop_index("ix_postings_account_booked")

    op.drop_table("postings")
    with op.batch_alter_table("holds", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_holds_reference"))
        batch_op.drop_index(batch_op.f("ix_holds_account_id"))

    op.drop_table("holds")
    with op.batch_alter_table("settlements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_settlements_merchant_id"))

    op.drop_table("settlements")
    op.drop_table("roles")
    with op.batch_alter_table("report_candidates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_candidates_merchant_id"))
        batch_op.drop_index(batch_op.f("ix_report_candidates_day"))

    op.drop_table("report_candidates")
    with op.batch_alter_table("payouts", schema=None) as batch_op:
        batch_op.drop_index("ix_payouts_status")
        batch_op.drop_index(batch_op.f("ix_payouts_reference"))
        batch_op.drop_index(batch_op.f("ix_payouts_message_id"))
        batch_op.drop_index(batch_op.f("ix_payouts_merchant_id"))

    op.drop_table("payouts")
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.drop_index("ix_payments_status")
        batch_op.drop_index("ix_payments_received_at")
        batch_op.drop_index(batch_op.f("ix_payments_payer_id"))
        batch_op.drop_index("ix_payments_merchant_status")

    op.drop_table("payments")
    op.drop_table("payers")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_pending")

    op.drop_table("outbox")
    op.drop_table("merchants")
    with op.batch_alter_table("ledger_accounts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ledger_accounts_owner_id"))

    op.drop_table("ledger_accounts")
    op.drop_table("journal_entries")
    op.drop_table("idempotency_keys")
    with op.batch_alter_table("fx_rates", schema=None) as batch_op:
        batch_op.drop_index("ix_fx_rates_pair_as_of")

    op.drop_table("fx_rates")
    with op.batch_alter_table("fx_quotes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fx_quotes_merchant_id"))

    op.drop_table("fx_quotes")
    op.drop_table("buyers")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_subject"))

    op.drop_table("audit_log")
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.drop_index("ix_alerts_subject")
        batch_op.drop_index("ix_alerts_rule_status")

    op.drop_table("alerts")
    with op.batch_alter_table("account_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_account_changes_merchant_id"))

    op.drop_table("account_changes")
