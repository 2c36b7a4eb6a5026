"""Raise alerts once per (source, rule, subject, window); change their status."""

from __future__ import annotations

from dataclasses import replace

from yipay.adapters.db.uow import UnitOfWork
from yipay.alerts import repository as repo
from yipay.alerts.domain import Alert, AlertStatus
from yipay.alerts.events import AlertRaised
from yipay.core.clock import Clock
from yipay.core.errors import NotFound


class AlertService:
    def __init__(self, clock: Clock) -> None:
        self.clock = clock

    def raise_alert(self, uow: UnitOfWork, alert: Alert) -> Alert:
        """Insert the alert, or extend the existing one of the same id with this evidence."""
        existing = repo.get(uow.connection, alert.id)
        if existing is None:
            repo.insert(uow.connection, alert)
            uow.publish(AlertRaised(subject=alert.id, rule_id=alert.rule_id))
            return alert
        merged = existing.extended(alert, self.clock.now())
        if merged != existing:
            repo.update_evidence(uow.connection, merged)
        return merged

    def get(self, uow: UnitOfWork, alert_id: str) -> Alert:
        found = repo.get(uow.connection, alert_id)
        if found is None:
            raise NotFound(f"no alert {alert_id}")
        return found

    def set_status(self, uow: UnitOfWork, alert_id: str, status: AlertStatus) -> Alert:
        alert = self.get(uow, alert_id)
        now = self.clock.now()
        repo.set_status(uow.connection, alert_id, status, now)
        return replace(alert, status=status, updated_at=now)

    def find(
        self,
        uow: UnitOfWork,
        *,
        rule_id: str | None = None,
        subject_id: str | None = None,
        evidence_of: str | None = None,
        limit: int | None = 100,
        after: str | None = None,
    ) -> list[Alert]:
        return repo.find(
            uow.connection,
            rule_id=rule_id,
            subject_id=subject_id,
            evidence_of=evidence_of,
            limit=limit,
            after=after,
        )

    def counts_by_rule(self, uow: UnitOfWork) -> list[tuple[str, str, int]]:
        return repo.counts_by_rule(uow.connection)
