"""The batch runner: canonical tables in an engine → every rule whose inputs exist → alerts.

Each rule's SQL is bound with its parameters and rendered in the engine's dialect, its evidence
rows are read back and grouped into alerts here, in Python, the same way for every engine. A rule
that needs a table or column the source lacks is skipped with the reason, never run on NULLs.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from yipay.alerts.domain import Alert
from yipay.core.clock import RegulatoryCalendar
from yipay.fx.reference import ReferenceRates
from yipay.monitoring import alerting
from yipay.monitoring.backtest import Comparison, compare
from yipay.monitoring.domain import Rule, RuleMode
from yipay.monitoring.errors import InvalidRuleChange
from yipay.monitoring.loading import LoadedFiles, load_files
from yipay.monitoring.portable import EVIDENCE_COLUMNS, Engine, Evidence, bind
from yipay.monitoring.rules.lookups import write_lookup_tables

DIALECTS = {"duckdb": "duckdb", "spark": "spark"}


@dataclass(frozen=True, slots=True)
class RuleRun:
    """What one rule did in one batch: its alerts, or why it did not run, and how long it took."""

    rule: Rule
    alerts: list[Alert] = field(default_factory=list)
    evidence_rows: int = 0
    skipped: str | None = None  # the reason, when the source lacks what the rule reads
    seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class BatchOutcome:
    runs: list[RuleRun]

    @property
    def alerts(self) -> list[Alert]:
        """The alerts of active rules (monitor-mode rules are evaluated and recorded only)."""
        return [a for run in self.runs if run.rule.mode is RuleMode.ACTIVE for a in run.alerts]

    @property
    def skipped(self) -> list[tuple[str, str]]:
        return [(run.rule.id, run.skipped) for run in self.runs if run.skipped is not None]


def register(engine: Engine, tables: Mapping[str, Path]) -> dict[str, frozenset[str]]:
    """Expose the canonical tables; what each holds (columns with at least one value)."""
    for name, path in tables.items():
        engine.register(name, path)
    return {name: engine.columns(name) for name in tables}


def evidence(engine: Engine, rule: Rule, params: Mapping[str, Decimal]) -> list[Evidence]:
    """Run one rule's SQL on the engine; its rows as evidence, in a stable order."""
    rows = engine.query(bind(rule.sql, params, DIALECTS.get(engine.name, engine.name)))
    if rows and len(rows[0]) != len(EVIDENCE_COLUMNS):
        raise ValueError(f"rule {rule.id} returns {len(rows[0])} columns, not {EVIDENCE_COLUMNS}")
    found = [Evidence(str(s), int(w), str(t), int(m)) for s, w, t, m in rows]
    found.sort(key=lambda e: (e.subject_id, e.window_no, e.txn_id))
    return found


def run_rules(
    engine: Engine,
    available: Mapping[str, frozenset[str]],
    rules: Iterable[Rule],
    params_of: Callable[[Rule], Mapping[str, Decimal]],
    calendar: RegulatoryCalendar,
    now: datetime,
    progress: Callable[[RuleRun], None] | None = None,
) -> BatchOutcome:
    """Every rule over the registered tables; a rule missing inputs is skipped and said so."""
    runs = []
    for rule in rules:
        empty = sorted(t for t in rule.tables() if t in available and not available[t])
        missing = rule.missing(available)
        if empty:
            run = RuleRun(rule, skipped=f"no rows in {', '.join(empty)}")
        elif missing:
            run = RuleRun(rule, skipped=f"the source has no {', '.join(missing)}")
        else:
            started = time.perf_counter()
            params = params_of(rule)
            rows = evidence(engine, rule, params)
            run = RuleRun(
                rule,
                alerts=alerting.alerts(rule, rows, params, calendar, now),
                evidence_rows=len(rows),
                seconds=time.perf_counter() - started,
            )
        runs.append(run)
        if progress is not None:
            progress(run)
    return BatchOutcome(runs)


def versions(
    engine: Engine,
    available: Mapping[str, frozenset[str]],
    rule: Rule,
    in_force: Mapping[str, Decimal],
    candidate: Mapping[str, Decimal],
    calendar: RegulatoryCalendar,
    now: datetime,
) -> Comparison:
    """One rule run twice over the same registered tables, with the parameters in force and
    with a candidate's, in monitor mode (nothing raised), and the two compared."""
    found: list[list[Alert]] = []
    for params in (in_force, candidate):
        (run,) = run_rules(engine, available, [rule], _fixed(params), calendar, now).runs
        if run.skipped:
            raise InvalidRuleChange(f"rule {rule.id} cannot run here: {run.skipped}")
        found.append(run.alerts)
    return compare(rule.id, (in_force, found[0]), (candidate, found[1]))


def _fixed(params: Mapping[str, Decimal]) -> Callable[[Rule], Mapping[str, Decimal]]:
    return lambda _rule: params


@dataclass(frozen=True, slots=True)
class SourceFiles:
    """The external files of one batch: transactions, and optionally the trade tables."""

    transactions: Path
    trades: Path | None = None
    goods_lines: Path | None = None


def load(
    files: SourceFiles,
    workdir: Path,
    engine: Engine,
    calendar: RegulatoryCalendar,
    rates: ReferenceRates | None = None,
) -> tuple[LoadedFiles, dict[str, frozenset[str]]]:
    """Load and check the files (DuckDB), write the lookups, register it all in `engine`."""
    loaded = load_files(
        workdir,
        files.transactions,
        trades=files.trades,
        goods_lines=files.goods_lines,
        rates=rates,
        timezone=calendar.tz_name,
    )
    tables = {**loaded.tables, **write_lookup_tables(workdir / "lookups")}
    return loaded, register(engine, tables)


def run_files(
    files: SourceFiles,
    workdir: Path,
    engine: Engine,
    rules: Iterable[Rule],
    params_of: Callable[[Rule], Mapping[str, Decimal]],
    calendar: RegulatoryCalendar,
    now: datetime,
    *,
    rates: ReferenceRates | None = None,
    progress: Callable[[RuleRun], None] | None = None,
) -> tuple[LoadedFiles, BatchOutcome]:
    """Load and check the files, register them in `engine`, run every rule."""
    loaded, available = load(files, workdir, engine, calendar, rates)
    return loaded, run_rules(engine, available, rules, params_of, calendar, now, progress)


def backtest_files(
    files: SourceFiles,
    workdir: Path,
    engine: Engine,
    rule: Rule,
    in_force: Mapping[str, Decimal],
    candidate: Mapping[str, Decimal],
    calendar: RegulatoryCalendar,
    now: datetime,
    *,
    rates: ReferenceRates | None = None,
) -> tuple[LoadedFiles, Comparison]:
    """A candidate version of `rule` against the one in force over external files, loaded and
    checked once (as `run_files` does)."""
    loaded, available = load(files, workdir, engine, calendar, rates)
    return loaded, versions(engine, available, rule, in_force, candidate, calendar, now)
