"""Batch monitoring speed: load transactions once, run every rule on DuckDB or Spark, compare.

python -m bench.monitoring [--rows 1000000] [--transactions FILE] [--seed 7] [--keep DIR]
python -m bench.monitoring --dataset DIR   # a `yipay simulate transactions` set: every rule runs
python -m bench.monitoring --dataset DIR --engine spark [--compare]

The issue's bench is the frozen 5M set: `yipay simulate transactions --seed 7500 --transactions
5000000 --out DIR --format parquet`, then `--dataset DIR` (transactions, trades, goods lines and
the lookup tables, so the trade rules run too).

Without `--transactions` a synthetic file in the generic layout is written first (numpy, not
timed): buyers paying market shops (heavy-tailed shop sizes, 70 % USD, the rest CNY, EUR, AED,
HKD, GBP), shops paying suppliers, over a year, with about 250 planted patterns per million rows
(structuring, fan-out, scatter-gather through intermediaries, cycles, dormant accounts) so that
the rules have something to find; the busiest shops and buyers trip fan-in, velocity and the
others on their own.

The load (parse, check, USD equivalents, Parquet: always DuckDB) runs once; then `--engine`
(duckdb, the default, or spark) starts, registers those Parquet files and runs each rule, every
step timed (wall seconds, and CPU seconds of this process and its children, so Spark's JVM
counts), and one table per engine is printed. `--compare` runs the other engine as well over the
same files and compares every rule's alerts — (rule, subject, window, evidencing txn ids, score) —
naming each rule that differs and by how many alerts on each side; the exit status is 1 if any
rule differs or failed. Spark runs in local mode (`--spark-master`, default `local[2]`) with
`--spark-driver-memory` (default 8g, for the 5M set: the JVM's heap is fixed when it starts, and
Spark's own default is 1g) and `--spark-shuffle-partitions` (default 8). The 5M set takes about two
minutes on DuckDB and about 25 on Spark on two cores (docs/benchmarks.md); each rule is logged as
it finishes.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
from rich.console import Console
from rich.table import Table

from yipay.alerts.domain import Alert
from yipay.core.clock import RegulatoryCalendar
from yipay.monitoring import batch
from yipay.monitoring.engines.duckdb_engine import DuckDBEngine
from yipay.monitoring.loading import load_files
from yipay.monitoring.portable import Engine
from yipay.monitoring.rules import CATALOGUE
from yipay.monitoring.rules.lookups import write_lookup_tables

START = np.datetime64("2025-01-01T00:00:00", "s")
DAY = 86_400
CURRENCIES = ("USD", "CNY", "EUR", "AED", "HKD", "GBP")
SHARES = (0.70, 0.15, 0.05, 0.04, 0.03, 0.03)
UNITS_PER_USD = (1.0, 7.18, 0.915, 3.672, 7.80, 0.780)  # the built-in table's cross rates

ENGINES = ("duckdb", "spark")
# Spark in local mode: the driver is the only executor, and its heap is fixed when the JVM starts.
SPARK_DRIVER_MEMORY = "8g"
# The engine's own 4 suits the tests' small tables; with 5M rows, 8 tasks on 2 cores sort and join
# in smaller pieces, and adaptive execution coalesces the small ones.
SPARK_SHUFFLE_PARTITIONS = 8

AlertKey = tuple[str, str, str, tuple[str, ...], str]  # rule, subject, window start, txn ids, score
T = TypeVar("T")


def _columns(payer: list[Any], payee: list[Any], secs: list[Any], usd: list[Any]) -> dict[str, Any]:
    return {
        "payer": np.concatenate(payer),
        "payee": np.concatenate(payee),
        "secs": np.concatenate(secs),
        "usd": np.concatenate(usd),
    }


def _planted(rng: np.random.Generator, rows: int, accounts: int) -> dict[str, Any]:
    """Small patterns laid over the traffic (about 0.1 % of the rows)."""
    payer: list[Any] = []
    payee: list[Any] = []
    secs: list[Any] = []
    usd: list[Any] = []

    def add(src: Any, dst: Any, at: Any, amount: Any) -> None:
        payer.append(np.asarray(src, dtype=np.int64))
        payee.append(np.asarray(dst, dtype=np.int64))
        secs.append(np.asarray(at, dtype=np.int64))
        usd.append(np.asarray(amount, dtype=np.float64))

    per_kind = max(1, rows // 20_000)
    base = accounts  # planted accounts get ids of their own, after the market's
    for k in range(per_kind):
        day = int(rng.integers(210, 360)) * DAY
        a = base + 12 * k
        add(
            [a] * 4,
            rng.integers(0, accounts, 4),
            day + rng.integers(0, 5 * DAY, 4),
            rng.uniform(8_600, 9_990, 4),
        )  # structuring
        add(
            [a + 1] * 6,
            rng.integers(0, accounts, 6),
            day + rng.integers(0, 20_000, 6),
            rng.uniform(2_000, 9_000, 6),
        )  # fan-out
        mids = [a + 2, a + 3, a + 4]
        add([a + 5] * 3, mids, [day, day + 60, day + 120], [5_000, 5_000, 5_000])
        add(mids, [a + 6] * 3, [day + 3_600, day + 3_700, day + 3_800], [4_900, 4_900, 4_900])
        add(
            [a + 7, a + 8, a + 9],
            [a + 8, a + 9, a + 7],
            [day, day + 7_200, day + 14_400],
            [20_000, 19_800, 19_600],
        )  # cycle
        add([a + 10] * 3, [a + 11] * 3, [day - 200 * DAY, day, day + DAY], [100, 8_000, 8_000])
    return _columns(payer, payee, secs, usd)


def synthetic(path: Path, rows: int, seed: int) -> Path:
    """A generic-layout CSV of about `rows` transactions."""
    rng = np.random.default_rng(seed)
    accounts = max(2_000, rows // 8)
    shops = max(500, accounts // 10)
    planted = _planted(rng, rows, accounts)
    n = rows - len(planted["payer"])
    supplier = rng.random(n) < 0.1  # shops paying suppliers (other shops)
    sizes = rng.lognormal(0.0, 1.5, shops)
    weights = sizes / sizes.sum()
    payee = rng.choice(shops, n, p=weights)
    payer = np.where(supplier, rng.choice(shops, n, p=weights), rng.integers(shops, accounts, n))
    secs = rng.integers(0, 365 * DAY, n)
    amount = np.round(rng.lognormal(np.log(3_000), 1.0, n), 2)
    payer = np.concatenate([payer, planted["payer"]])
    payee = np.concatenate([payee, planted["payee"]])
    secs = np.concatenate([secs, planted["secs"]])
    amount = np.concatenate([amount, planted["usd"]])
    total = len(payer)
    which = rng.choice(len(CURRENCIES), total, p=SHARES)
    local = np.round(amount * np.asarray(UNITS_PER_USD)[which], 2)
    cents = np.maximum(np.rint(local * 100).astype(np.int64), 1)
    text = pc.binary_join_element_wise(
        pa.array(cents // 100).cast(pa.string()),
        pc.utf8_lpad(pa.array(cents % 100).cast(pa.string()), 2, "0"),
        ".",
    )
    stamps = np.datetime_as_string(START + secs.astype("timedelta64[s]"), unit="s")
    table = pa.table(
        {
            "txn_id": pc.binary_join_element_wise(
                "T", pa.array(np.arange(total)).cast(pa.string()), ""
            ),
            "ts": pc.binary_join_element_wise(pa.array(stamps), "Z", ""),
            "payer_id": pc.binary_join_element_wise("A", pa.array(payer).cast(pa.string()), ""),
            "payee_id": pc.binary_join_element_wise("A", pa.array(payee).cast(pa.string()), ""),
            "amount": text,
            "currency": pa.array(np.asarray(CURRENCIES)[which]),
        }
    )
    pacsv.write_csv(table, path)
    return path


@dataclass(frozen=True, slots=True)
class SparkSettings:
    master: str = "local[2]"
    driver_memory: str = SPARK_DRIVER_MEMORY
    shuffle_partitions: int = SPARK_SHUFFLE_PARTITIONS


@dataclass(frozen=True, slots=True)
class Loaded:
    """The shared load step: the tables every engine registers, and what the load cost."""

    tables: dict[str, Path]
    rows: int
    wall: float
    cpu: float


@dataclass(frozen=True, slots=True)
class EngineRun:
    """One engine's pass over the catalogue: its table, times, and every rule's outcome."""

    engine: str
    table: Table
    total: float
    # rule id -> its alerts as keys, or why it has none ("skipped: …", "failed: …")
    outcomes: dict[str, frozenset[AlertKey] | str]


def cpu_seconds() -> float:
    """CPU seconds of this process and its live children (Spark's JVM is one), from /proc."""
    total = time.process_time()
    proc = Path("/proc")
    if not proc.is_dir():
        return total
    me, tick = os.getpid(), os.sysconf("SC_CLK_TCK")
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # ended since the listing
            continue
        fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (comm) "
        if int(fields[1]) == me:  # its parent is this process
            total += (int(fields[11]) + int(fields[12])) / tick  # utime + stime
    return total


def load(source: Path, workdir: Path, trades: Path | None, goods_lines: Path | None) -> Loaded:
    """Parse and check the files with DuckDB into Parquet (shared by every engine run)."""
    started, cpu = time.perf_counter(), time.process_time()
    loaded = load_files(workdir, source, trades=trades, goods_lines=goods_lines)
    tables = {**loaded.tables, **write_lookup_tables(workdir / "lookups")}
    return Loaded(
        tables,
        loaded.rows["transactions"],
        time.perf_counter() - started,
        time.process_time() - cpu,
    )


def open_engine(name: str, spark: SparkSettings) -> Engine:
    if name == "duckdb":
        return DuckDBEngine()
    from yipay.monitoring.engines.spark_engine import SparkEngine

    conf = {
        "spark.driver.memory": spark.driver_memory,
        "spark.sql.shuffle.partitions": str(spark.shuffle_partitions),
    }
    return SparkEngine(spark.master, **conf)


def alert_keys(alerts: list[Alert]) -> frozenset[AlertKey]:
    return frozenset(
        (a.rule_id, a.subject_id, a.window_start.isoformat(), a.evidence, str(a.score))
        for a in alerts
    )


def run_engine(
    name: str, loaded: Loaded, title: str, spark: SparkSettings, console: Console
) -> EngineRun:
    """Start the engine, register the loaded tables and run every rule, each timed."""
    calendar = RegulatoryCalendar()
    now = datetime.now(UTC)
    table = Table(title=f"Batch monitoring on {name}: {loaded.rows:,} transactions ({title})")
    for column in ("step", "seconds", "cpu seconds", "alerts", "evidence rows"):
        # a skipped rule's reason goes in the last column, and only it may wrap
        table.add_column(
            column,
            justify="left" if column == "step" else "right",
            no_wrap=column != "evidence rows",
        )
    table.add_row("load (parse, check, USD, Parquet)", f"{loaded.wall:.2f}", f"{loaded.cpu:.2f}")
    outcomes: dict[str, frozenset[AlertKey] | str] = {}
    steps = [(loaded.wall, loaded.cpu)]

    def timed(label: str, work: Callable[[], T]) -> T:
        started, cpu = time.perf_counter(), cpu_seconds()
        result = work()
        steps.append((time.perf_counter() - started, cpu_seconds() - cpu))
        table.add_row(label, f"{steps[-1][0]:.2f}", f"{steps[-1][1]:.2f}")
        return result

    engine = timed("start engine", lambda: open_engine(name, spark))
    rules_wall = rules_cpu = 0.0
    try:
        available = timed(
            "register tables (column check)", lambda: batch.register(engine, loaded.tables)
        )
        for rule in CATALOGUE.values():
            started, cpu = time.perf_counter(), cpu_seconds()
            try:
                (ran,) = batch.run_rules(
                    engine, available, [rule], lambda r: r.values(), calendar, now
                ).runs
            except Exception as error:  # noqa: BLE001 - reported; the other rules still run
                ran = None
                outcomes[rule.id] = f"failed: {type(error).__name__}: {str(error)[:300]}"
            spent, spent_cpu = time.perf_counter() - started, cpu_seconds() - cpu
            rules_wall, rules_cpu = rules_wall + spent, rules_cpu + spent_cpu
            if ran is None:
                table.add_row(rule.id, f"{spent:.2f}", f"{spent_cpu:.2f}", "failed", "")
            elif ran.skipped:
                outcomes[rule.id] = f"skipped: {ran.skipped}"
                table.add_row(rule.id, "skipped", "", "", ran.skipped)
            else:
                outcomes[rule.id] = alert_keys(ran.alerts)
                table.add_row(
                    rule.id,
                    f"{spent:.2f}",
                    f"{spent_cpu:.2f}",
                    f"{len(ran.alerts):,}",
                    f"{ran.evidence_rows:,}",
                )
            done = outcomes[rule.id]
            said = f"{len(done):,} alerts" if isinstance(done, frozenset) else done
            if said.startswith("skipped"):
                said = "skipped"
            console.log(f"{name} {rule.id}: {spent:.1f} s, {said}", highlight=False)
    finally:
        engine.close()
    steps.append((rules_wall, rules_cpu))
    wall, cpu = sum(s[0] for s in steps), sum(s[1] for s in steps)
    table.add_row("rules", f"{rules_wall:.2f}", f"{rules_cpu:.2f}")
    table.add_row("total", f"{wall:.2f}", f"{cpu:.2f}", "", f"{loaded.rows / wall:,.0f} tx/s")
    return EngineRun(name, table, wall, outcomes)


def verdict(first: EngineRun, second: EngineRun, rule_id: str) -> str | None:
    """None when a rule's outcome is the same on both engines; else how it differs."""
    a, b = first.outcomes[rule_id], second.outcomes[rule_id]
    if isinstance(a, frozenset) and isinstance(b, frozenset):
        if a == b:
            return None
        return f"{len(a - b):,} only on {first.engine}, {len(b - a):,} only on {second.engine}"
    if isinstance(a, str) and a == b and a.startswith("skipped"):
        return None
    return "did not run on both"


def compare(first: EngineRun, second: EngineRun) -> tuple[Table, list[str]]:
    """Every rule's alerts (rule, subject, window, txn ids, score) on both engines."""
    table = Table(title=f"Alerts: {first.engine} against {second.engine}")
    table.add_column("rule", no_wrap=True)
    table.add_column(first.engine, justify="right")
    table.add_column(second.engine, justify="right")
    table.add_column("alerts")
    differ = []

    def shown(outcome: frozenset[AlertKey] | str) -> str:
        return f"{len(outcome):,}" if isinstance(outcome, frozenset) else outcome.split(":")[0]

    for rule_id in CATALOGUE:
        why = verdict(first, second, rule_id)
        if why is not None:
            differ.append(f"{rule_id} ({why})")
        table.add_row(
            rule_id,
            shown(first.outcomes[rule_id]),
            shown(second.outcomes[rule_id]),
            "identical" if why is None else f"DIFFER: {why}",
            style=None if why is None else "bold red",
        )
    return table, differ


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--transactions", type=Path, help="a generic-layout file to use instead")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="keep the generated file and tables here")
    parser.add_argument("--dataset", type=Path, help="a `yipay simulate transactions` directory")
    parser.add_argument("--engine", choices=ENGINES, default="duckdb")
    parser.add_argument(
        "--compare", action="store_true", help="run the other engine too and compare the alerts"
    )
    parser.add_argument("--spark-master", default="local[2]")
    parser.add_argument("--spark-driver-memory", default=SPARK_DRIVER_MEMORY)
    parser.add_argument("--spark-shuffle-partitions", type=int, default=SPARK_SHUFFLE_PARTITIONS)
    args = parser.parse_args()
    spark = SparkSettings(
        args.spark_master, args.spark_driver_memory, args.spark_shuffle_partitions
    )
    engines = [args.engine]
    if args.compare:
        engines += [e for e in ENGINES if e != args.engine]
    console = Console(log_path=False)
    if not console.is_terminal:  # a log file: wide enough for the tables' rule ids and headers
        console.width = max(console.width, 110)
    with tempfile.TemporaryDirectory(prefix="bench-monitoring-") as scratch:
        home = args.keep or Path(scratch)
        home.mkdir(parents=True, exist_ok=True)
        source = args.transactions
        trades = goods = None
        if args.dataset is not None:
            kind = "parquet" if (args.dataset / "transactions.parquet").exists() else "csv"
            source = args.dataset / f"transactions.{kind}"
            trades = args.dataset / f"trades.{kind}"
            goods = args.dataset / f"goods_lines.{kind}"
        if source is None:
            started = time.perf_counter()
            source = synthetic(home / f"transactions-{args.rows}.csv", args.rows, args.seed)
            size = source.stat().st_size / 1e6
            console.print(
                f"generated {source} ({size:,.0f} MB) in {time.perf_counter() - started:.1f} s"
            )
        loaded = load(source, home / "tables", trades, goods)
        console.log(f"loaded {loaded.rows:,} transactions in {loaded.wall:.1f} s")
        runs = []
        for name in engines:
            runs.append(run_engine(name, loaded, source.name, spark, console))
            console.print(runs[-1].table)
    if len(runs) == 2:
        table, differ = compare(*runs)
        console.print(table)
        totals = ", ".join(f"{r.engine} {r.total:.1f} s" for r in runs)
        if differ:
            console.print(f"alerts DIFFER in {len(differ)} rule(s): {'; '.join(differ)} ({totals})")
            raise SystemExit(1)
        console.print(f"alerts identical on both engines for every rule ({totals})")
    failed = [
        r.engine
        for r in runs
        if any(isinstance(o, str) and o.startswith("failed") for o in r.outcomes.values())
    ]
    if failed:
        raise SystemExit(f"rules failed on {', '.join(failed)}")


if __name__ == "__main__":
    main()
