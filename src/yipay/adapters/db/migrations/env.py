"""Alembic environment: runs on the engine handed in by yipay, or on YIPAY_DATABASE_URL."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

from yipay.schema import target_metadata

config = context.config


def _engine() -> Engine:
    engine = config.attributes.get("engine")
    if engine is not None:
        return engine  # type: ignore[no-any-return]
    from yipay.adapters.db.engine import build_engine
    from yipay.settings import Settings

    settings = Settings()
    return build_engine(
        settings.resolved_database_url, sqlite_synchronous=settings.sqlite_synchronous
    )


def run_migrations_online() -> None:
    engine = _engine()
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata(),
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations_online()
