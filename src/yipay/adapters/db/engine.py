"""Engines for the embedded default (SQLite, WAL) and PostgreSQL from one URL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from yipay.core.errors import ConfigurationError, RetryableConflict


def normalise_url(url: str) -> str:
    """Pick our drivers: psycopg 3 for PostgreSQL, the standard library for SQLite."""
    try:
        parsed = make_url(url)
    except Exception as exc:  # noqa: BLE001 - SQLAlchemy raises several types for a bad URL
        raise ConfigurationError(f"YIPAY_DATABASE_URL is not a database URL: {exc}") from None
    if parsed.drivername in {"postgresql", "postgres"}:
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in {"sqlite", "postgresql"}:
        raise ConfigurationError(
            f"unsupported database {parsed.get_backend_name()!r}; use sqlite or postgresql"
        )
    return parsed.render_as_string(hide_password=False)


TRANSIENT_SQLSTATES = {"40P01": "deadlock", "40001": "serialization conflict"}


def transient(error: BaseException) -> RetryableConflict | None:
    """Our retryable error for a PostgreSQL deadlock or serialization failure, else None."""
    state = getattr(error, "sqlstate", None)
    if state in TRANSIENT_SQLSTATES:
        return RetryableConflict(f"the database resolved a {TRANSIENT_SQLSTATES[state]}; retry")
    return None


def build_engine(url: str, *, sqlite_synchronous: str = "FULL", echo: bool = False) -> Engine:
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, sqlite_synchronous, echo=echo)
    engine = create_engine(url, echo=echo, pool_pre_ping=True, future=True)

    @event.listens_for(engine, "handle_error")
    def _retryable(context: Any) -> None:
        # a deadlock victim is not a bug: callers retry on Conflict (the dispatcher does)
        replacement = transient(context.original_exception)
        if replacement is not None:
            raise replacement from context.sqlalchemy_exception

    return engine


def _sqlite_engine(url: str, synchronous: str, *, echo: bool) -> Engine:
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, echo=echo, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not pysqlite, decide when transactions start (see "begin" below).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        # 8 KiB pages for a database this connection creates (a no-op on an existing file): a
        # batch of postings to many accounts dirties one leaf of the per-account index per
        # account, and the WAL writes and fsyncs each dirty page whole; larger pages cut the
        # CPU of a 50k-transfer run by 10–15 %, 16 KiB ones also raised a single transfer's commit
        # from ~0.6 to ~0.85 ms. (docs/benchmarks.md)
        cursor.execute("PRAGMA page_size=8192")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA synchronous={synchronous}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # Take the write lock up front: a deferred transaction that later writes can fail with
        # SQLITE_BUSY instead of waiting, which would surface as spurious errors under load.
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine
