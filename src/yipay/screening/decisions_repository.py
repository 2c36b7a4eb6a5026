"""Queries for analysts' screening decisions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, insert, select

from yipay.core.ids import new_id
from yipay.screening.clearance_tables import screening_decisions
from yipay.screening.domain import Decision


def decisions_for(conn: Connection, subject_type: str, subject_id: str) -> list[Decision]:
    """Oldest first, so that a later decision on the same pair wins."""
    rows = conn.execute(
        select(screening_decisions)
        .where(screening_decisions.c.subject_type == subject_type)
        .where(screening_decisions.c.subject_id == subject_id)
        .order_by(screening_decisions.c.decided_at, screening_decisions.c.id)
    )
    return [Decision(r.source, r.entry_id, r.subject_hash, r.entry_hash, r.decision) for r in rows]


def record(
    conn: Connection,
    *,
    subject_type: str,
    subject_id: str,
    decisions: list[Decision],
    reason: str,
    by: str,
    at: datetime,
) -> None:
    if not decisions:
        return
    conn.execute(
        insert(screening_decisions),
        [
            {
                "id": new_id("decision"),
                "subject_type": subject_type,
                "subject_id": subject_id,
                "subject_hash": d.subject_hash,
                "source": d.source,
                "entry_id": d.entry_id,
                "entry_hash": d.entry_hash,
                "decision": d.decision,
                "reason": reason,
                "decided_by": by,
                "decided_at": at,
            }
            for d in decisions
        ],
    )
