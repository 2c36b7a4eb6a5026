"""Monitoring use cases: evaluate rules on each matched payment, and in batch over history."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from yipay.adapters.db.uow import UnitOfWork
from yipay.alerts.domain import Alert
from yipay.alerts.service import AlertService
from yipay.core.clock import Clock, RegulatoryCalendar
from yipay.core.currency import currency
from yipay.fx.domain import RateHistory, RateTable
from yipay.fx.service import FxService
from yipay.monitoring import alerting, batch, profiles, trade_export
from yipay.monitoring import profiles_repository as profiles_repo
from yipay.monitoring import repository as repo
from yipay.monitoring.backtest import Comparison, compare
from yipay.monitoring.domain import Rule, RuleMode, Transaction
from yipay.monitoring.engines import parquet
from yipay.monitoring.engines.duckdb_engine import DuckDBEngine
from yipay.monitoring.history import RecordedHistory
from yipay.monitoring.portable import Evidence
from yipay.monitoring.profiles import Profile, WindowedTwin
from yipay.monitoring.rule_settings import parse_value
from yipay.monitoring.rule_settings_service import RuleSettingsService
from yipay.monitoring.rules import (
    activity,
    fans,
    jurisdiction,
    over_balance,
    structuring,
    third_party_country,
    third_party_trade,
)
from yipay.monitoring.rules.lookups import write_lookup_tables

# The real-time twins of batch rules: each counts a payment into the profile aggregates of the
# (subject, window)s it enters and reads them back, so that both paths group and score their
# evidence alike (an alert names every evidencing payment of its window, not only the last).
TWINS: dict[str, WindowedTwin] = {
    twin.rule_id: twin
    for twin in (
        *third_party_country.TWINS,  # the payment alone
        *jurisdiction.TWINS,
        *structuring.TWINS,  # windowed aggregates
        *fans.TWINS,
        *activity.TWINS,
        *third_party_trade.TWINS,  # the payment and its history (trade, payer's collections)
        *over_balance.TWINS,
    )
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
        """Run every real-time twin on one payment and raise (or extend) its alerts.

        The payment is counted into the profiles of the windowed rules, in monitor mode too
        (a rule switched to active later then sees its windows whole); evaluating it again
        counts nothing twice and raises nothing new.
        """
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
        now = self.clock.now()
        counted = self._count(uow, txn, rules, values, now)
        for rule in rules:
            params = values[rule.id]
            rows = self._evidence(rule, params, counted.get(rule.id, []))
            if not rows or rule.mode is RuleMode.MONITOR:
                continue
            raised.extend(
                self.alerts.raise_alert(uow, alert)
                for alert in alerting.alerts(rule, rows, params, self.calendar, now)
            )
        return raised

    def _count(
        self,
        uow: UnitOfWork,
        txn: Transaction,
        rules: list[Rule],
        values: Mapping[str, Mapping[str, Decimal]],
        now: datetime,
    ) -> dict[str, list[Profile]]:
        """Count the payment into every twin's profiles it enters (one read for all); the
        profiles as they stand after, by rule."""
        conn = uow.connection
        history = RecordedHistory(
            conn,
            txn,
            self.calendar.day_of,
            lambda at: self.fx.rate_table(uow, at),
            trade_export.UsdAt(lambda at: self.fx.rate_table(uow, at), self.calendar.tz_name, now),
        )
        wanted = [
            (rule.id, twin.basis(values[rule.id]), entry)
            for rule in rules
            if (twin := TWINS.get(rule.id)) is not None
            for entry in twin.entries(txn, values[rule.id], history)
        ]
        keys = [(rule_id, e.subject_id, e.window_no) for rule_id, _basis, e in wanted]
        stored = profiles_repo.get_many(conn, keys)
        counted: dict[str, dict[profiles_repo.Key, Profile]] = {}
        for (rule_id, basis, entry), key in zip(wanted, keys, strict=True):
            current = stored.get(key)
            updated = profiles.record(current, rule_id, entry, basis)
            if updated is not None:
                profiles_repo.save(conn, updated, existed=current is not None, at=now)
                stored[key] = updated
            counted.setdefault(rule_id, {})[key] = stored[key]
        return {rule_id: list(found.values()) for rule_id, found in counted.items()}

    @staticmethod
    def _evidence(
        rule: Rule, params: Mapping[str, Decimal], counted: list[Profile]
    ) -> list[Evidence]:
        """The evidence rows the rule's batch SQL gives for this payment's windows."""
        twin = TWINS.get(rule.id)
        if twin is None:
            return []
        return [row for profile in counted for row in twin.evidence(profile, params)]

    # -- batch --------------------------------------------------------------------------------
    def export_history(
        self, uow: UnitOfWork, path: Path, rates: RateHistory | None = None
    ) -> tuple[Path, int]:
        history = rates or RateHistory(self.fx.rate_history(uow))
        rows = repo.transactions(uow.connection, self.calendar.day_of, history.table_at)
        return parquet.write_transactions(path, rows), len(rows)

    def export_tables(self, uow: UnitOfWork, workdir: Path) -> tuple[dict[str, Path], int]:
        """The platform's history as the canonical tables (transactions, trades, goods lines)
        plus the lookup tables: what every rule reads, as on files."""
        rates = RateHistory(self.fx.rate_history(uow))  # read once for all three tables
        history, count = self.export_history(uow, workdir / "transactions.parquet", rates)
        usd = trade_export.UsdAt(rates.table_at, self.calendar.tz_name, self.clock.now())
        conn = uow.connection
        trades = trade_export.trade_rows(
            repo.trades_for_export(conn), usd, lambda code: currency(code).exponent
        )
        goods = trade_export.goods_rows(repo.goods_lines_for_export(conn), usd)
        tables = {
            "transactions": history,
            "trades": trade_export.write_trades(workdir / "trades.parquet", trades),
            "goods_lines": trade_export.write_goods_lines(workdir / "goods_lines.parquet", goods),
            **write_lookup_tables(workdir / "lookups"),
        }
        return tables, count

    def run_batch(
        self, uow: UnitOfWork, workdir: Path, *, raise_alerts: bool = True
    ) -> BatchResult:
        """Export history to Parquet, run every batch rule on DuckDB, raise the alerts found.

        Rules whose inputs the history lacks are skipped (`BatchResult.skipped`); rules in
        monitor mode are evaluated and their alerts returned, but never raised.
        """
        tables, count = self.export_tables(uow, workdir)
        history = tables["transactions"]
        rules, values = self.in_force(uow)
        engine = DuckDBEngine()
        try:
            available = batch.register(engine, tables)
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

    def backtest(
        self,
        uow: UnitOfWork,
        rule_id: str,
        candidate: Mapping[str, str],
        workdir: Path,
    ) -> Comparison:
        """The rule with `candidate` parameter values against the version in force, both over
        the platform's whole history and in monitor mode: nothing is raised or stored."""
        rule = self.settings.rule(rule_id)
        _rules, values = self.in_force(uow)
        in_force = values[rule_id]
        trial = dict(in_force)
        for name, text in candidate.items():
            trial[name] = parse_value(rule, name, text)
        tables, count = self.export_tables(uow, workdir)
        if not count:  # nothing to run over: both versions find nothing
            return compare(rule_id, (in_force, []), (trial, []))
        engine = DuckDBEngine()
        try:
            available = batch.register(engine, tables)
            return batch.versions(
                engine, available, rule, in_force, trial, self.calendar, self.clock.now()
            )
        finally:
            engine.close()

    def rate_table(self, uow: UnitOfWork, at: datetime) -> RateTable:
        return self.fx.rate_table(uow, at)
