"""Monitoring use cases: evaluate rules on each matched payment, and in batch over history."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from yipay.adapters.db.uow import UnitOfWork
from yipay.alerts.domain import Alert
from yipay.alerts.service import AlertService
from yipay.core.clock import Clock, RegulatoryCalendar
from yipay.fx.domain import RateHistory, RateTable
from yipay.fx.service import FxService
from yipay.monitoring import alerting, batch
from yipay.monitoring import repository as repo
from yipay.monitoring.domain import Rule, RuleMode, Transaction
from yipay.monitoring.engines import parquet
from yipay.monitoring.engines.duckdb_engine import DuckDBEngine
from yipay.monitoring.portable import Evidence
from yipay.monitoring.rule_settings_service import RuleSettingsService
from yipay.monitoring.rules import third_party_country
from yipay.monitoring.rules.lookups import write_lookup_tables

# The real-time twin of each batch rule; both paths group and score its evidence alike.
PREDICATES: dict[str, Callable[[Transaction, Mapping[str, Decimal]], Evidence | None]] = {
    third_party_country.RULE.id: third_party_country.evaluate,
}


@dataclass(frozen=True, slots=True)
class BatchResult:
    transactions: int
    alerts: list[Alert]
    history: Path
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (rule id, reason)


class MonitoringService:
    def __init__(
        self,
        clock: Clock,
        calendar: RegulatoryCalendar,
        fx: FxService,
        alerts: AlertService,
        settings: RuleSettingsService,
    ) -> None:
        self.clock = clock
        self.calendar = calendar
        self.fx = fx
        self.alerts = alerts
        self.settings = settings
        self.catalogue = settings.catalogue

    def in_force(self, uow: UnitOfWork) -> tuple[list[Rule], dict[str, dict[str, Decimal]]]:
        """The catalogue's rules with the mode in force, and the parameters each runs with
        (defaults, then configuration, then the logged settings)."""
        now = self.settings.in_force(uow)
        rules = [replace(r.rule, mode=r.mode) for r in now.values()]
        return rules, {rule_id: r.parameters for rule_id, r in now.items()}

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
        rules, values = self.in_force(uow)
        for rule in rules:
            predicate = PREDICATES.get(rule.id)
            params = values[rule.id]
            found = predicate(txn, params) if predicate else None
            if found is None or rule.mode is RuleMode.MONITOR:
                continue
            now = self.clock.now()
            raised.extend(
                self.alerts.raise_alert(uow, alert)
                for alert in alerting.alerts(rule, [found], params, self.calendar, now)
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
        """Export history to Parquet, run every batch rule on DuckDB, raise the alerts found.

        Rules whose inputs the history lacks are skipped (`BatchResult.skipped`); rules in
        monitor mode are evaluated and their alerts returned, but never raised.
        """
        history, count = self.export_history(uow, workdir / "transactions.parquet")
        rules, values = self.in_force(uow)
        engine = DuckDBEngine()
        try:
            lookups = write_lookup_tables(workdir / "lookups")
            available = batch.register(engine, {"transactions": history, **lookups})
            outcome = batch.run_rules(
                engine,
                available,
                rules,
                lambda rule: values[rule.id],
                self.calendar,
                self.clock.now(),
            )
        finally:
            engine.close()
        found: list[Alert] = []
        for run in outcome.runs:
            for alert in run.alerts:
                active = run.rule.mode is RuleMode.ACTIVE
                found.append(
                    self.alerts.raise_alert(uow, alert) if raise_alerts and active else alert
                )
        return BatchResult(count, found, history, outcome.skipped)

    def rate_table(self, uow: UnitOfWork, at: datetime) -> RateTable:
        return self.fx.rate_table(uow, at)
