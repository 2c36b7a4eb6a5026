"""Write every published event to the audit log, seal the chain after commit, verify it."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from yipay.adapters.db import chain
from yipay.adapters.db.uow import UnitOfWork
from yipay.audit import repository as repo
from yipay.audit.domain import AuditRecord
from yipay.core.chain import ChainReport, verify_links
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
        return chain.seal_all(uow_factory, repo.CHAIN, batch)

    def verify(self, uow: UnitOfWork) -> ChainReport:
        count, breaks = verify_links(chain.links(uow.connection, repo.CHAIN))
        return ChainReport(count, chain.unsealed(uow.connection, repo.CHAIN), tuple(breaks))

    def trail(self, uow: UnitOfWork, subject: str) -> list[AuditRecord]:
        return repo.for_subject(uow.connection, subject)
