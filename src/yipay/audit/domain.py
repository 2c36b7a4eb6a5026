"""The chain: each sealed row's hash covers its content and the previous row's hash.

Rows are numbered by the sealer (seal_seq), not by insertion id: under concurrency the order of
ids is not the order of commits, and a row committed late is simply sealed later.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from yipay.core.types_json import canonical

GENESIS = "0" * 64


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


def chain_hash(prev_hash: str, seal_seq: int, record: AuditRecord) -> str:
    digest = hashlib.sha256()
    digest.update(prev_hash.encode())
    digest.update(str(seal_seq).encode())
    digest.update(record.content().encode())
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class ChainReport:
    sealed: int
    unsealed: int
    breaks: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.breaks


def verify_chain(records: list[AuditRecord]) -> list[str]:
    """Breaks in a sealed sequence (ordered by seal_seq), each named precisely."""
    breaks: list[str] = []
    prev = GENESIS
    expected_seq = 1
    for record in records:
        assert record.seal_seq is not None
        where = f"seal {record.seal_seq} (audit row {record.row_id}, {record.kind})"
        if record.seal_seq != expected_seq:
            breaks.append(f"{where}: expected seal {expected_seq}; rows are missing")
            expected_seq = record.seal_seq
        if record.prev_hash != prev:
            breaks.append(f"{where}: previous hash does not match seal {expected_seq - 1}")
        if chain_hash(prev, record.seal_seq, record) != record.hash:
            breaks.append(f"{where}: content does not match its hash (altered after sealing)")
        prev = record.hash or ""
        expected_seq += 1
    return breaks
