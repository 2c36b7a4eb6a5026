"""Write every published event to the audit log, seal the chain after commit, verify it."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from yipay.adapters.db.uow import UnitOfWork
from yipay.audit import repository as repo
from yipay.audit.domain import GENESIS, AuditRecord, ChainReport, chain_hash, verify_chain
from yipay.core.clock import Clock
from yipay.core.events import DomainEvent
from yipay.core.ids import new_id


class AuditService:
    def __init__(self, clock: Clock) -> None:
        self.clock = clock

    def record_events(self, uow: UnitOfWork, events: Sequence[DomainEvent]) -> None:
        """A before-commit hook: the events' rows commit with the changes they describe."""
        if not events:
            return
        now = self.clock.now()
        repo.insert_many(
            uow.connection,
            [
                {
                    "event_id": new_id("event"),
                    "kind": event.name,
                    "subject": event.subject,
                    "actor": uow.actor,
                    "payload": event.payload(),
                    "recorded_at": now,
                }
                for event in events
            ],
        )

    def seal(self, uow_factory: Callable[[], UnitOfWork], batch: int = 2000) -> int:
        """Seal committed, unsealed rows in batches; returns how many were sealed."""
        total = 0
        while True:
            with uow_factory() as uow:
                conn = uow.connection
                if not repo.try_sealer_lock(conn):
                    return total
                last = repo.last_sealed(conn)
                seq, prev = last or (0, GENESIS)
                pending = repo.unsealed(conn, batch)
                for record in pending:
                    seq += 1
                    digest = chain_hash(prev, seq, record)
                    repo.seal(conn, record.row_id, seq, prev, digest)
                    prev = digest
                uow.commit()
            total += len(pending)
            if len(pending) < batch:
                return total

    def verify(self, uow: UnitOfWork) -> ChainReport:
        records = list(repo.sealed_in_order(uow.connection))
        breaks = verify_chain(records)
        return ChainReport(
            sealed=len(records), unsealed=repo.count_unsealed(uow.connection), breaks=tuple(breaks)
        )

    def trail(self, uow: UnitOfWork, subject: str) -> list[AuditRecord]:
        return repo.for_subject(uow.connection, subject)
