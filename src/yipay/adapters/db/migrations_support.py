"""DDL that SQLAlchemy does not model: the ledger's and audit log's triggers, and seed data.

What the triggers guarantee, on SQLite and PostgreSQL alike:
- a journal entry's postings are written *before* the entry (the foreign key is deferred to
  commit) and cannot be added once the entry exists;
- inserting an entry checks that it has at least two postings and that they sum to zero in every
  currency — an unbalanced entry is refused by the database, whatever code wrote it;
- postings never change; entries and audit rows never change either, except that the sealer may
  fill in their chain columns (seal_seq, prev_hash, hash) once.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

from yipay.core.types_json import canonical

# Table → the columns that may never change once written (None: no UPDATE at all).
SEALABLE_CONTENT: dict[str, tuple[str, ...] | None] = {
    "postings": None,
    "journal_entries": (
        "id",
        "external_key",
        "kind",
        "description",
        "references",
        "body_hash",
        "occurred_at",
        "booked_at",
        "actor",
        "reverses",
    ),
    "audit_log": ("event_id", "kind", "subject", "actor", "payload", "recorded_at"),
}


def _q(column: str) -> str:
    return f'"{column}"'  # "references" is a reserved word


def create_immutability_triggers(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        _sqlite(conn)
    else:
        _postgresql(conn)


def _sqlite(conn: Connection) -> None:
    for table, content in SEALABLE_CONTENT.items():
        conn.execute(
            text(
                f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
            )
        )
        if content is None:
            when = "1"
        else:
            changed = " OR ".join(f"NEW.{_q(c)} IS NOT OLD.{_q(c)}" for c in content)
            when = f"OLD.seal_seq IS NOT NULL OR {changed}"
        conn.execute(
            text(
                f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} WHEN {when} "
                f"BEGIN SELECT RAISE(ABORT, '{table} rows are immutable once written'); END"
            )
        )
    conn.execute(
        text(
            "CREATE TRIGGER postings_before_their_entry BEFORE INSERT ON postings "
            "WHEN EXISTS (SELECT 1 FROM journal_entries WHERE id = NEW.entry_id) "
            "BEGIN SELECT RAISE(ABORT, 'postings of a posted entry cannot change'); END"
        )
    )
    conn.execute(
        text(
            "CREATE TRIGGER journal_entries_balanced AFTER INSERT ON journal_entries "
            "WHEN (SELECT COUNT(*) FROM postings WHERE entry_id = NEW.id) < 2 "
            "OR EXISTS (SELECT 1 FROM postings WHERE entry_id = NEW.id "
            "GROUP BY currency HAVING SUM(amount_minor) <> 0) "
            "BEGIN SELECT RAISE(ABORT, 'unbalanced journal entry'); END"
        )
    )


def _postgresql(conn: Connection) -> None:
    conn.execute(
        text("""
        CREATE FUNCTION yipay_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION '% rows are immutable once written', TG_TABLE_NAME
            USING ERRCODE = 'integrity_constraint_violation';
        END $$;
    """)
    )
    for table, content in SEALABLE_CONTENT.items():
        conn.execute(
            text(
                f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION yipay_append_only()"
            )
        )
        if content is None:
            function = "yipay_append_only"
        else:
            function = f"yipay_{table}_seal_once"
            changed = " OR ".join(f"NEW.{_q(c)} IS DISTINCT FROM OLD.{_q(c)}" for c in content)
            conn.execute(
                text(f"""
                CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF OLD.seal_seq IS NOT NULL OR {changed} THEN
                    RAISE EXCEPTION '{table} rows are immutable once written'
                      USING ERRCODE = 'integrity_constraint_violation';
                  END IF;
                  RETURN NEW;
                END $$;
            """)
            )
        conn.execute(
            text(
                f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {function}()"
            )
        )
    # Statement-level checks over transition tables: one query per INSERT statement, however
    # many rows it writes, so batched posting stays fast.
    conn.execute(
        text("""
        CREATE FUNCTION yipay_postings_before_their_entry() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF EXISTS (SELECT 1 FROM new_postings n
                     WHERE EXISTS (SELECT 1 FROM journal_entries e WHERE e.id = n.entry_id)) THEN
            RAISE EXCEPTION 'postings of a posted entry cannot change'
              USING ERRCODE = 'integrity_constraint_violation';
          END IF;
          RETURN NULL;
        END $$;
    """)
    )
    conn.execute(
        text(
            "CREATE TRIGGER postings_before_their_entry AFTER INSERT ON postings "
            "REFERENCING NEW TABLE AS new_postings FOR EACH STATEMENT "
            "EXECUTE FUNCTION yipay_postings_before_their_entry()"
        )
    )
    conn.execute(
        text("""
        CREATE FUNCTION yipay_journal_entries_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          -- correlated subqueries: one index lookup per new entry, however large the journal
          -- (a transition table has no statistics, and a join would scan all postings)
          IF EXISTS (
               SELECT 1 FROM new_entries e
               WHERE (SELECT COUNT(*) FROM postings p WHERE p.entry_id = e.id) < 2
                  OR EXISTS (SELECT 1 FROM postings p WHERE p.entry_id = e.id
                             GROUP BY p.currency HAVING SUM(p.amount_minor) <> 0)) THEN
            RAISE EXCEPTION 'unbalanced journal entry' USING ERRCODE = 'check_violation';
          END IF;
          RETURN NULL;
        END $$;
    """)
    )
    conn.execute(
        text(
            "CREATE TRIGGER journal_entries_balanced AFTER INSERT ON journal_entries "
            "REFERENCING NEW TABLE AS new_entries FOR EACH STATEMENT "
            "EXECUTE FUNCTION yipay_journal_entries_balanced()"
        )
    )


TRIGGERS = [
    *(f"{t}_{s}" for t in SEALABLE_CONTENT for s in ("no_delete", "no_update")),
    "postings_before_their_entry",
    "journal_entries_balanced",
]
TRIGGER_TABLE = {name: name.split("_no_")[0] for name in TRIGGERS}
TRIGGER_TABLE["postings_before_their_entry"] = "postings"
TRIGGER_TABLE["journal_entries_balanced"] = "journal_entries"
FUNCTIONS = [
    "yipay_append_only",
    "yipay_journal_entries_seal_once",
    "yipay_audit_log_seal_once",
    "yipay_postings_before_their_entry",
    "yipay_journal_entries_balanced",
]


def drop_immutability_triggers(conn: Connection) -> None:
    for name in TRIGGERS:
        if conn.dialect.name == "sqlite":
            conn.execute(text(f"DROP TRIGGER IF EXISTS {name}"))
        else:
            conn.execute(text(f"DROP TRIGGER IF EXISTS {name} ON {TRIGGER_TABLE[name]}"))
    if conn.dialect.name == "postgresql":
        for function in FUNCTIONS:
            conn.execute(text(f"DROP FUNCTION IF EXISTS {function}()"))


def seed_roles(conn: Connection, roles: dict[str, tuple[list[str], str]]) -> None:
    """Insert roles as (permissions, description); migrations pass a frozen snapshot."""
    for name, (permissions, description) in roles.items():
        conn.execute(
            text("INSERT INTO roles (name, permissions, description) VALUES (:n, :p, :d)"),
            {"n": name, "p": canonical(sorted(permissions)), "d": description},
        )


# -- 0002: the same ledger guarantees, checked more cheaply ---------------------------------------
# Frozen here as 0002 creates them (and as 0001 created the versions they replace, for the
# downgrade). Trigger and function names stay those of 0001, so 0001's downgrade still drops them.

# SQLite: one range scan of the entry's postings instead of two; the per-currency grouping only
# for the rare entry that spans currencies (a conversion).
_SQLITE_BALANCED_0002 = (
    "CREATE TRIGGER journal_entries_balanced AFTER INSERT ON journal_entries "
    "WHEN (SELECT CASE WHEN COUNT(*) < 2 THEN 1 "
    "WHEN MIN(currency) = MAX(currency) THEN SUM(amount_minor) <> 0 "
    "ELSE EXISTS (SELECT 1 FROM postings WHERE entry_id = NEW.id "
    "GROUP BY currency HAVING SUM(amount_minor) <> 0) END "
    "FROM postings WHERE entry_id = NEW.id) "
    "BEGIN SELECT RAISE(ABORT, 'unbalanced journal entry'); END"
)
_SQLITE_BALANCED_0001 = (
    "CREATE TRIGGER journal_entries_balanced AFTER INSERT ON journal_entries "
    "WHEN (SELECT COUNT(*) FROM postings WHERE entry_id = NEW.id) < 2 "
    "OR EXISTS (SELECT 1 FROM postings WHERE entry_id = NEW.id "
    "GROUP BY currency HAVING SUM(amount_minor) <> 0) "
    "BEGIN SELECT RAISE(ABORT, 'unbalanced journal entry'); END"
)

# PostgreSQL: per new entry one index scan of its postings and one plain aggregate, instead of
# two correlated subqueries (the second a grouping, with a hash table set up per entry); the
# per-currency grouping only for an entry that spans currencies. Still driven entry by entry
# with `entry_id = e.id` probes: a set-based `= ANY(array)` plan is at the mercy of statistics
# that lag behind a growing journal (a sequential scan there filters every row by every id).
_PG_BALANCED_0002 = """
    CREATE OR REPLACE FUNCTION yipay_journal_entries_balanced() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
      IF EXISTS (
           SELECT 1 FROM new_entries e
           CROSS JOIN LATERAL (
             SELECT count(*) AS n, min(p.currency) AS lo, max(p.currency) AS hi,
                    sum(p.amount_minor) AS total
             FROM postings p WHERE p.entry_id = e.id) s
           WHERE s.n < 2
              OR (s.lo = s.hi AND s.total <> 0)
              OR (s.lo <> s.hi
                  AND EXISTS (SELECT 1 FROM postings p WHERE p.entry_id = e.id
                              GROUP BY p.currency HAVING SUM(p.amount_minor) <> 0))) THEN
        RAISE EXCEPTION 'unbalanced journal entry' USING ERRCODE = 'check_violation';
      END IF;
      RETURN NULL;
    END $$;
"""
_PG_BALANCED_0001 = """
    CREATE OR REPLACE FUNCTION yipay_journal_entries_balanced() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
      -- correlated subqueries: one index lookup per new entry, however large the journal
      -- (a transition table has no statistics, and a join would scan all postings)
      IF EXISTS (
           SELECT 1 FROM new_entries e
           WHERE (SELECT COUNT(*) FROM postings p WHERE p.entry_id = e.id) < 2
              OR EXISTS (SELECT 1 FROM postings p WHERE p.entry_id = e.id
                         GROUP BY p.currency HAVING SUM(p.amount_minor) <> 0)) THEN
        RAISE EXCEPTION 'unbalanced journal entry' USING ERRCODE = 'check_violation';
      END IF;
      RETURN NULL;
    END $$;
"""


def create_fast_ledger_checks(conn: Connection) -> None:
    """0002: replace the balance check with a cheaper equivalent; what it refuses is unchanged."""
    if conn.dialect.name == "sqlite":
        conn.execute(text("DROP TRIGGER journal_entries_balanced"))
        conn.execute(text(_SQLITE_BALANCED_0002))
    else:
        conn.execute(text(_PG_BALANCED_0002))


def restore_foundation_ledger_checks(conn: Connection) -> None:
    """Undo `create_fast_ledger_checks`: the checks exactly as 0001 created them."""
    if conn.dialect.name == "sqlite":
        conn.execute(text("DROP TRIGGER journal_entries_balanced"))
        conn.execute(text(_SQLITE_BALANCED_0001))
    else:
        conn.execute(text(_PG_BALANCED_0001))
