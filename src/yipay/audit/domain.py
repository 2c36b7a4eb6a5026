"""Audit records: what happened, to which id, by whom, when — the content the chain covers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from yipay.core.types_json import canonical


@dataclass(frozen=True, slots=True)
class AuditRecord:
    row_id: int
    event_id: str
    kind: str
    subject: str
    actor: str
    payload: dict[str, Any]
    recorded_at: datetime
    seal_seq: int | None = None
    prev_hash: str | None = None
    hash: str | None = None

    def content(self) -> str:
        return canonical(
            {
                "event_id": self.event_id,
                "kind": self.kind,
                "subject": self.subject,
                "actor": self.actor,
                "payload": self.payload,
                "recorded_at": self.recorded_at.isoformat(),
            }
        )
