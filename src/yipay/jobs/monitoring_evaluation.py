"""`yipay monitor evaluate`: the catalogue over the frozen simulator sets, scored against labels.

Each set (seed and size, frozen in `simulate/aml/eval_seeds.json` before any tuning) is generated
into a work directory (kept and reused when `reuse` is given: generation is deterministic), loaded
and run through every rule on DuckDB exactly as `monitor run --transactions` does, and the
evidence of each rule is compared with the transaction labels (`monitoring.evaluation`).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from importlib import resources
from pathlib import Path

from yipay.core.clock import RegulatoryCalendar
from yipay.core.errors import InvalidInput
from yipay.jobs.monitoring_dataset import write_monitoring_dataset
from yipay.monitoring.batch import BatchOutcome, SourceFiles, run_files
from yipay.monitoring.domain import Rule, RuleMode
from yipay.monitoring.engines.duckdb_engine import DuckDBEngine
from yipay.monitoring.evaluation import Labels, Report, RuleFlags, add
from yipay.simulate.aml.config import AmlConfig


@dataclass(frozen=True, slots=True)
class EvaluationSet:
    name: str
    seed: int
    transactions: int
    directory: Path | None = None  # an existing dataset (`yipay simulate transactions --out`)


def existing(directory: Path) -> EvaluationSet:
    """A dataset written before, evaluated as it is."""
    manifest = directory / "manifest.json"
    if not manifest.is_file():
        raise InvalidInput(f"{directory}: no manifest.json (not a `simulate transactions` set)")
    config = json.loads(manifest.read_text("utf-8")).get("config", {})
    return EvaluationSet(directory.name, int(config.get("seed", 0)), 0, directory)


def frozen_sets(group: str) -> list[EvaluationSet]:
    """The frozen sets of `group` (tuning, unseen, bench; `all` = tuning + unseen)."""
    text = resources.files("yipay.simulate.aml").joinpath("eval_seeds.json").read_text("utf-8")
    frozen = json.loads(text)
    groups = ["tuning", "unseen"] if group == "all" else [group]
    unknown = [g for g in groups if g not in frozen or g == "purpose"]
    if unknown:
        raise InvalidInput(f"no frozen set group {group!r} (tuning, unseen, bench or all)")
    return [
        EvaluationSet(s["name"], s["seed"], s["transactions"]) for g in groups for s in frozen[g]
    ]


def read_labels(directory: Path) -> Labels:
    manifest = json.loads((directory / "manifest.json").read_text("utf-8"))
    typology: dict[str, int] = {}
    pattern: dict[str, str] = {}
    with (directory / "labels_transactions.csv").open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            typology[row["txn_id"]] = int(row["typology"])
            pattern[row["txn_id"]] = row["pattern"]
    return Labels(_transactions(manifest), typology, pattern)


def _transactions(manifest: Mapping[str, object]) -> int:
    rows = manifest.get("rows")
    if isinstance(rows, dict) and isinstance(rows.get("transactions"), int):
        return int(rows["transactions"])
    raise InvalidInput("manifest.json has no rows.transactions count")


def flags(outcome: BatchOutcome) -> list[RuleFlags]:
    """Every rule that ran, with the transactions its alerts name (monitor-mode rules too: an
    evaluation is how a rule earns its way to active)."""
    return [
        RuleFlags(
            run.rule.id,
            run.rule.typology,
            frozenset(t for alert in run.alerts for t in alert.evidence),
            len(run.alerts),
            run.rule.mode is RuleMode.ACTIVE,
        )
        for run in outcome.runs
        if run.skipped is None
    ]


def evaluate(
    sets: Iterable[EvaluationSet],
    workdir: Path,
    rules: Iterable[Rule],
    params_of: Callable[[Rule], Mapping[str, Decimal]],
    calendar: RegulatoryCalendar,
    *,
    progress: Callable[[str], None] | None = None,
) -> Report:
    say = progress or (lambda _line: None)
    rules = list(rules)
    report = Report()
    for s in sets:
        directory = s.directory or workdir / s.name
        if not (directory / "manifest.json").exists():
            say(f"{s.name}: generating seed {s.seed}, {s.transactions:,} transactions")
            write_monitoring_dataset(AmlConfig(seed=s.seed, transactions=s.transactions), directory)
        say(f"{s.name}: running {len(rules)} rule(s)")
        engine = DuckDBEngine()
        try:
            _loaded, outcome = run_files(
                SourceFiles(
                    directory / "transactions.csv",
                    directory / "trades.csv",
                    directory / "goods_lines.csv",
                ),
                directory / "tables",
                engine,
                rules,
                params_of,
                calendar,
                datetime.now(UTC),
            )
        finally:
            engine.close()
        add(report, read_labels(directory), flags(outcome))
    return report
