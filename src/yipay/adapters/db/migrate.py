"""Alembic, driven from code: migrations are the only way the schema is made.

`ensure_schema` upgrades a brand-new or older database to head, so commands that work on files
can run against a fresh YIPAY_DATABASE_URL without a separate step.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, inspect

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(engine: Engine | None = None) -> object:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    if engine is not None:
        config.attributes["engine"] = engine
    return config


def heads() -> list[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())  # type: ignore[arg-type]
    return list(script.get_heads())


def current_revision(engine: Engine) -> str | None:
    if not inspect(engine).has_table("alembic_version"):
        return None
    with engine.connect() as conn:
        from alembic.runtime.migration import MigrationContext

        return MigrationContext.configure(conn).get_current_revision()


def ensure_schema(engine: Engine) -> bool:
    """Upgrade to head when behind; True when a migration ran."""
    known = heads()
    if current_revision(engine) in known:
        return False
    upgrade(engine)
    return True


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(alembic_config(engine), revision)  # type: ignore[arg-type]


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    command.downgrade(alembic_config(engine), revision)  # type: ignore[arg-type]


def main() -> None:
    """`python -m yipay.adapters.db.migrate heads`: exits non-zero unless there is one head."""
    import sys

    found = heads()
    print("\n".join(found))
    if len(found) != 1:
        print(f"expected exactly one Alembic head, found {len(found)}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
