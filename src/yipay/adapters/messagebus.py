"""Event delivery: subscribers are registered by name; the outbox makes delivery resumable.

Publishing writes one outbox row per subscriber inside the publishing transaction. The
dispatcher then runs each pending row in its own unit of work and marks it processed in that same
transaction, so a handler's effects and "done" commit together: a crash at any point leaves
either the whole step or none of it, and the next drain resumes where the last one stopped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import structlog

from yipay.adapters.db import outbox
from yipay.adapters.db.uow import UnitOfWork
from yipay.core.clock import Clock
from yipay.core.errors import YipayError
from yipay.core.events import DomainEvent, event_from_payload

Handler = Callable[[UnitOfWork, DomainEvent], None]
log = structlog.get_logger("yipay.messagebus")


@dataclass
class DrainReport:
    processed: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


class MessageBus:
    def __init__(self, clock: Clock, *, max_attempts: int = 3) -> None:
        self.clock = clock
        self.max_attempts = max_attempts
        self._subscribers: dict[str, list[tuple[str, Handler]]] = {}
        self._handlers: dict[str, Handler] = {}

    def subscribe(self, event_type: type[DomainEvent], name: str, handler: Handler) -> None:
        if name in self._handlers and self._handlers[name] is not handler:
            raise ValueError(f"handler name {name!r} is already taken")
        self._handlers[name] = handler
        self._subscribers.setdefault(event_type.name, []).append((name, handler))

    def subscribers(self, event_name: str) -> list[str]:
        return [name for name, _ in self._subscribers.get(event_name, [])]

    def enqueue(self, uow: UnitOfWork, events: Sequence[DomainEvent]) -> None:
        """Before-commit hook: fan each event out to its subscribers' outbox rows."""
        now = self.clock.now()
        rows = [
            {
                "event_name": event.name,
                "handler": name,
                "subject": event.subject,
                "payload": event.payload(),
                "created_at": now,
                "attempts": 0,
            }
            for event in events
            for name in self.subscribers(event.name)
        ]
        outbox.insert_many(uow.connection, rows)

    def drain(
        self,
        uow_factory: Callable[[], UnitOfWork],
        *,
        limit: int | None = None,
        on_step: Callable[[], None] | None = None,
    ) -> DrainReport:
        """Deliver pending rows oldest first until none are left (or `limit` were handled)."""
        report = DrainReport()
        skip_after = 0
        while limit is None or report.processed + report.failed < limit:
            with uow_factory() as uow:
                row = outbox.claim_next(uow.connection, after_id=skip_after)
                if row is None:
                    return report
                try:
                    event = event_from_payload(row.event_name, row.payload)
                    self._handler(row.handler)(uow, event)
                    outbox.mark_processed(uow.connection, row.id, self.clock.now())
                    uow.commit()
                    report.processed += 1
                except (YipayError, LookupError, ValueError, TypeError) as exc:
                    uow.rollback()
                    self._record_failure(uow_factory, row.id, row.attempts, exc, report)
                    skip_after = row.id if row.attempts + 1 < self.max_attempts else skip_after
            if on_step is not None:
                on_step()
        return report

    def _handler(self, name: str) -> Handler:
        handler = self._handlers.get(name)
        if handler is None:
            raise LookupError(f"no handler registered as {name!r}")
        return handler

    def _record_failure(
        self,
        uow_factory: Callable[[], UnitOfWork],
        row_id: int,
        attempts: int,
        exc: Exception,
        report: DrainReport,
    ) -> None:
        give_up = attempts + 1 >= self.max_attempts
        message = f"{type(exc).__name__}: {exc}".splitlines()[0]
        with uow_factory() as uow:
            outbox.record_failure(
                uow.connection, row_id, message, self.clock.now(), give_up=give_up
            )
            uow.commit()
        log.warning("handler_failed", outbox_id=row_id, attempts=attempts + 1, give_up=give_up)
        report.failed += 1
        report.errors.append(message)
