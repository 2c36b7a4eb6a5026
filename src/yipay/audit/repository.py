"""Audit log queries and its chain definition."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Row, select

from yipay.adapters.db.chain import ChainTable
from yipay.audit.domain import AuditRecord
from yipay.audit.tables import audit_log


def record(row: Row[Any]) -> AuditRecord:
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


CHAIN = ChainTable(
    table=audit_log,
    order_by=audit_log.c.id,
    lock_key=0x5950_4159,  # "YPAY"
    content=lambda row: record(row).content(),
    label=lambda row: f"audit row {row.id}, {row.kind}",
)


def insert_many(conn: Connection, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        conn.execute(audit_log.insert(), list(rows))


def for_subject(conn: Connection, subject: str) -> list[AuditRecord]:
    query = select(audit_log).where(audit_log.c.subject == subject).order_by(audit_log.c.id)
    return [record(row) for row in conn.execute(query)]
