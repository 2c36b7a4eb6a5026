"""Monitoring use cases: evaluate rules on each matched payment, and in batch over history."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from yipay.adapters.db.uow import UnitOfWork
from yipay.alerts.domain import Alert, AlertSource, AlertStatus, alert_id
from yipay.alerts.service import AlertService
from yipay.core.clock import Clock, RegulatoryCalendar
from yipay.fx.domain import RateHistory, RateTable
from yipay.fx.service import FxService
from yipay.monitoring import repository as repo
from yipay.monitoring.domain import AlertCandidate, Hit, Rule, RuleMode, Transaction, group_hits
from yipay.monitoring.engines import duckdb_engine, parquet
from yipay.monitoring.rules import CATALOGUE, third_party_country

# The real-time twin of each batch rule, and how it scores; both paths share them.
PREDICATES: dict[str, Callable[[Transaction, dict[str, Decimal]], Hit | None]] = {
    third_party_country.RULE.id: third_party_country.evaluate,
}
SCORERS: dict[str, Callable[[int, dict[str, Decimal]], Decimal]] = {
    third_party_country.RULE.id: third_party_country.score,
}


@dataclass(frozen=True, slots=True)
class MonitoringPolicy:
    overrides: dict[str, dict[str, Decimal]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class BatchResult:
    transactions: int
    alerts: list[Alert]
    history: Path


class MonitoringService:
    def __init__(
        self,
        clock: Clock,
        calendar: RegulatoryCalendar,
        fx: FxService,
        alerts: AlertService,
        policy: MonitoringPolicy,
        catalogue: dict[str, Rule] | None = None,
    ) -> None:
        self.clock = clock
        self.calendar = calendar
        self.fx = fx
        self.alerts = alerts
        self.policy = policy
        self.catalogue = catalogue if catalogue is not None else CATALOGUE

    def params(self, rule: Rule) -> dict[str, Decimal]:
        return rule.values(self.policy.overrides.get(rule.id))

    # -- real time ----------------------------------------------------------------------------
    def evaluate_payment(self, uow: UnitOfWork, payment_id: str) -> list[Alert]:
        """Run every per-event rule on one payment and raise (or extend) its alerts."""
        txn = repo.transaction(
            uow.connection,
            payment_id,
            self.calendar.day_of,
            lambda at: self.fx.rate_table(uow, at),
        )
        if txn is None:
            return []
        raised: list[Alert] = []
        for rule in self.catalogue.values():
            predicate = PREDICATES.get(rule.id)
            hit = predicate(txn, self.params(rule)) if predicate else None
            if hit is None or rule.mode is RuleMode.MONITOR:
                continue
            raised.extend(
                self.alerts.raise_alert(uow, self._alert(rule, candidate))
                for candidate in group_hits([hit])
            )
        return raised

    # -- batch --------------------------------------------------------------------------------
    def export_history(self, uow: UnitOfWork, path: Path) -> tuple[Path, int]:
        history = RateHistory(self.fx.rate_history(uow))
        rows = repo.transactions(uow.connection, self.calendar.day_of, history.table_at)
        return parquet.write_transactions(path, rows), len(rows)

    def run_batch(
        self, uow: UnitOfWork, workdir: Path, *, raise_alerts: bool = True
    ) -> BatchResult:
        """Export history to Parquet, run every rule's SQL on DuckDB, raise the alerts found."""
        history, count = self.export_history(uow, workdir / "transactions.parquet")
        found: list[Alert] = []
        for rule in self.catalogue.values():
            hits = duckdb_engine.run_rule(history, rule, self.params(rule))
            for candidate in group_hits(hits):
                alert = self._alert(rule, candidate)
                if raise_alerts and rule.mode is RuleMode.ACTIVE:
                    alert = self.alerts.raise_alert(uow, alert)
                found.append(alert)
        return BatchResult(count, found, history)

    def _alert(self, rule: Rule, candidate: AlertCandidate) -> Alert:
        params = self.params(rule)
        start, end = self.calendar.day_bounds(candidate.booking_day)
        now: datetime = self.clock.now()
        scorer = SCORERS[rule.id]
        return Alert(
            id=alert_id(AlertSource.RULE, rule.id, candidate.subject_id, start),
            source=AlertSource.RULE,
            rule_id=rule.id,
            rule_version=rule.version,
            parameters={k: str(v) for k, v in params.items()},
            subject_type="merchant",
            subject_id=candidate.subject_id,
            window_start=start,
            window_end=end,
            evidence=candidate.payment_ids,
            score=scorer(candidate.largest_usd_minor, params),
            explanation=(
                f"{rule.title}; largest payment USD"
                f" {Decimal(candidate.largest_usd_minor) / 100:.2f} equivalent"
            ),
            status=AlertStatus.OPEN,
            created_at=now,
            updated_at=now,
        )

    def rate_table(self, uow: UnitOfWork, at: datetime) -> RateTable:
        return self.fx.rate_table(uow, at)
