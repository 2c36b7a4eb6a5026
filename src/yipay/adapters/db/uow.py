"""The unit of work: one database transaction, the events it publishes, and its commit.

Services receive an open unit of work and never commit; the caller that opened it (an entry
point, the event dispatcher, a batch job) commits once. Events published during the unit are
written by `before_commit` hooks (audit log, outbox) inside the same transaction, so a state change
and the facts it announces are stored together or not at all.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from types import TracebackType
from typing import Self

from sqlalchemy import Connection, Engine

from yipay.core.events import DomainEvent

BeforeCommit = Callable[["UnitOfWork", Sequence[DomainEvent]], None]
AfterCommit = Callable[[Sequence[DomainEvent]], None]


class UnitOfWork:
    def __init__(
        self,
        engine: Engine,
        *,
        before_commit: Sequence[BeforeCommit] = (),
        after_commit: Sequence[AfterCommit] = (),
        actor: str = "system",
    ) -> None:
        self.engine = engine
        self.actor = actor
        self._before_commit = before_commit
        self._after_commit = after_commit
        self._connection: Connection | None = None
        self.events: list[DomainEvent] = []
        self.committed = False

    @property
    def connection(self) -> Connection:
        if self._connection is None:
            raise RuntimeError("unit of work used outside its `with` block")
        return self._connection

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def __enter__(self) -> Self:
        self._connection = self.engine.connect()
        self._connection.begin()
        self.events = []
        self.committed = False
        return self

    def publish(self, event: DomainEvent) -> None:
        self.events.append(event)

    def commit(self) -> None:
        connection = self.connection
        published = list(self.events)
        for hook in self._before_commit:
            hook(self, published)
        try:
            connection.commit()
        except Exception:
            # SQLite may keep a transaction open after a refused COMMIT (a deferred foreign
            # key): never hand that connection to the next unit of work
            connection.invalidate()
            raise
        self.committed = True
        self.events = []
        for after in self._after_commit:
            after(published)

    def rollback(self) -> None:
        self.connection.rollback()
        self.events = []

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        connection = self._connection
        self._connection = None
        if connection is None:
            return
        try:
            if connection.in_transaction():
                connection.rollback()
        finally:
            connection.close()


UnitOfWorkFactory = Callable[[], UnitOfWork]
