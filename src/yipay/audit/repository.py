"""Audit log queries."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, Row, func, select, text, update

from yipay.audit.domain import AuditRecord
from yipay.audit.tables import audit_log

SEALER_LOCK_KEY = 0x5950_4159  # "YPAY": one sealer at a time on PostgreSQL


def insert_many(conn: Connection, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        conn.execute(audit_log.insert(), list(rows))


def _record(row: Row[Any]) -> AuditRecord:
    return AuditRecord(
        row_id=row.id,
        event_id=row.event_id,
        kind=row.kind,
        subject=row.subject,
        actor=row.actor,
        payload=row.payload,
        recorded_at=row.recorded_at,
        seal_seq=row.seal_seq,
        prev_hash=row.prev_hash,
        hash=row.hash,
    )


def try_sealer_lock(conn: Connection) -> bool:
    """On PostgreSQL only one sealer runs; SQLite's write lock already serialises writers."""
    if conn.dialect.name != "postgresql":
        return True
    return bool(
        conn.execute(text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": SEALER_LOCK_KEY}).scalar()
    )


def last_sealed(conn: Connection) -> tuple[int, str] | None:
    row = conn.execute(
        select(audit_log.c.seal_seq, audit_log.c.hash)
        .where(audit_log.c.seal_seq.is_not(None))
        .order_by(audit_log.c.seal_seq.desc())
        .limit(1)
    ).first()
    return (int(row.seal_seq), str(row.hash)) if row else None


def unsealed(conn: Connection, limit: int) -> list[AuditRecord]:
    query = (
        select(audit_log)
        .where(audit_log.c.seal_seq.is_(None))
        .order_by(audit_log.c.id)
        .limit(limit)
    )
    return [_record(row) for row in conn.execute(query)]


def seal(conn: Connection, row_id: int, seal_seq: int, prev_hash: str, hash_: str) -> None:
    conn.execute(
        update(audit_log)
        .where(audit_log.c.id == row_id, audit_log.c.seal_seq.is_(None))
        .values(seal_seq=seal_seq, prev_hash=prev_hash, hash=hash_)
    )


def sealed_in_order(conn: Connection, batch: int = 5000) -> Iterator[AuditRecord]:
    last = 0
    while True:
        query = (
            select(audit_log)
            .where(audit_log.c.seal_seq > last)
            .order_by(audit_log.c.seal_seq)
            .limit(batch)
        )
        records = [_record(row) for row in conn.execute(query)]
        if not records:
            return
        yield from records
        last = records[-1].seal_seq or last


def count_unsealed(conn: Connection) -> int:
    return int(
        conn.execute(
            select(func.count()).select_from(audit_log).where(audit_log.c.seal_seq.is_(None))
        ).scalar_one()
    )


def for_subject(conn: Connection, subject: str) -> list[AuditRecord]:
    query = select(audit_log).where(audit_log.c.subject == subject).order_by(audit_log.c.id)
    return [_record(row) for row in conn.execute(query)]
