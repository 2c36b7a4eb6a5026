"""The outbox: one row per (event, subscriber), written in the transaction that made the event."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Index,
    Integer,
    Row,
    String,
    Table,
    Text,
    func,
    select,
    update,
)

from yipay.adapters.db.metadata import metadata
from yipay.adapters.db.types import JSONText, UTCDateTime

outbox = Table(
    "outbox",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_name", String(64), nullable=False),
    Column("handler", String(64), nullable=False),
    Column("subject", String(64), nullable=False),
    Column("payload", JSONText, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("last_error", Text, nullable=True),
    Column("processed_at", UTCDateTime, nullable=True),
    Column("failed_at", UTCDateTime, nullable=True),
    Index("ix_outbox_pending", "processed_at", "failed_at", "id"),
)


def insert_many(conn: Connection, rows: list[dict[str, Any]]) -> None:
    if rows:
        conn.execute(outbox.insert(), rows)


def claim_next(conn: Connection, *, after_id: int = 0) -> Row[Any] | None:
    """The oldest pending row; on PostgreSQL locked so concurrent dispatchers skip it."""
    query = (
        select(outbox)
        .where(outbox.c.processed_at.is_(None), outbox.c.failed_at.is_(None))
        .where(outbox.c.id > after_id)
        .order_by(outbox.c.id)
        .limit(1)
    )
    if conn.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return conn.execute(query).first()


def mark_processed(conn: Connection, row_id: int, at: datetime) -> None:
    conn.execute(update(outbox).where(outbox.c.id == row_id).values(processed_at=at))


def record_failure(
    conn: Connection, row_id: int, error: str, at: datetime, *, give_up: bool
) -> None:
    conn.execute(
        update(outbox)
        .where(outbox.c.id == row_id)
        .values(
            attempts=outbox.c.attempts + 1,
            last_error=error[:2000],
            failed_at=at if give_up else None,
        )
    )


def pending_count(conn: Connection) -> int:
    query = (
        select(func.count())
        .select_from(outbox)
        .where(outbox.c.processed_at.is_(None), outbox.c.failed_at.is_(None))
    )
    return int(conn.execute(query).scalar_one())


def failed(conn: Connection) -> list[Row[Any]]:
    query = select(outbox).where(outbox.c.failed_at.is_not(None)).order_by(outbox.c.id)
    return list(conn.execute(query))
