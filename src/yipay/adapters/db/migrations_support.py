"""DDL that SQLAlchemy does not model: immutability triggers per dialect, and seed data.

Kept in one module so later migrations can reuse it (e.g. the ledger issue adds balance checks).
"""

from __future__ import annotations

from sqlalchemy import Connection, text

from yipay.core.types_json import canonical

# (table, whether sealing columns may be filled in once)
APPEND_ONLY = {
    "journal_entries": False,
    "postings": False,
    "audit_log": True,
}
AUDIT_CONTENT = ("event_id", "kind", "subject", "actor", "payload", "recorded_at")


def create_immutability_triggers(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        _sqlite(conn)
    else:
        _postgresql(conn)


def _sqlite(conn: Connection) -> None:
    for table, sealable in APPEND_ONLY.items():
        conn.execute(
            text(
                f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
            )
        )
        if sealable:
            changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in AUDIT_CONTENT)
            when = f"OLD.seal_seq IS NOT NULL OR {changed}"
        else:
            when = "1"
        conn.execute(
            text(
                f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} WHEN {when} "
                f"BEGIN SELECT RAISE(ABORT, '{table} rows are immutable once written'); END"
            )
        )


def _postgresql(conn: Connection) -> None:
    conn.execute(
        text(
            """
            CREATE FUNCTION yipay_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              RAISE EXCEPTION '% rows are immutable once written', TG_TABLE_NAME
                USING ERRCODE = 'integrity_constraint_violation';
            END $$;
            """
        )
    )
    changed = " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in AUDIT_CONTENT)
    conn.execute(
        text(
            f"""
            CREATE FUNCTION yipay_audit_seal_once() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF OLD.seal_seq IS NOT NULL OR {changed} THEN
                RAISE EXCEPTION 'audit_log rows are immutable once written'
                  USING ERRCODE = 'integrity_constraint_violation';
              END IF;
              RETURN NEW;
            END $$;
            """
        )
    )
    for table, sealable in APPEND_ONLY.items():
        conn.execute(
            text(
                f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION yipay_append_only()"
            )
        )
        function = "yipay_audit_seal_once" if sealable else "yipay_append_only"
        conn.execute(
            text(
                f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {function}()"
            )
        )


def drop_immutability_triggers(conn: Connection) -> None:
    for table in APPEND_ONLY:
        for suffix in ("no_delete", "no_update"):
            if conn.dialect.name == "sqlite":
                conn.execute(text(f"DROP TRIGGER IF EXISTS {table}_{suffix}"))
            else:
                conn.execute(text(f"DROP TRIGGER IF EXISTS {table}_{suffix} ON {table}"))
    if conn.dialect.name == "postgresql":
        conn.execute(text("DROP FUNCTION IF EXISTS yipay_append_only()"))
        conn.execute(text("DROP FUNCTION IF EXISTS yipay_audit_seal_once()"))


def seed_roles(conn: Connection, roles: dict[str, tuple[list[str], str]]) -> None:
    """Insert roles as (permissions, description); migrations pass a frozen snapshot."""
    for name, (permissions, description) in roles.items():
        conn.execute(
            text("INSERT INTO roles (name, permissions, description) VALUES (:n, :p, :d)"),
            {"n": name, "p": canonical(sorted(permissions)), "d": description},
        )
