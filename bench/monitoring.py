"""Batch monitoring speed: load a generic transactions file and run every rule on DuckDB.

python -m bench.monitoring [--rows 1000000] [--transactions FILE] [--seed 7] [--keep DIR]
python -m bench.monitoring --dataset DIR   # a `yipay simulate transactions` set: every rule runs

The issue's bench is the frozen 5M set: `yipay simulate transactions --seed 7500 --transactions
5000000 --out DIR --format parquet`, then `--dataset DIR` (transactions, trades, goods lines and
the lookup tables, so the trade rules run too).

Without `--transactions` a synthetic file in the generic layout is written first (numpy, not
timed): buyers paying market shops (heavy-tailed shop sizes, 70 % USD, the rest CNY, EUR, AED,
HKD, GBP), shops paying suppliers, over a year, with about 250 planted patterns per million rows
(structuring, fan-out, scatter-gather through intermediaries, cycles, dormant accounts) so that
the rules have something to find; the busiest shops and buyers trip fan-in, velocity and the
others on their own. Then: the load (parse, check, USD equivalents, Parquet)
and each rule are timed (wall and CPU seconds), and a table printed.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
from rich.console import Console
from rich.table import Table

from yipay.core.clock import RegulatoryCalendar
from yipay.monitoring import batch
from yipay.monitoring.engines.duckdb_engine import DuckDBEngine
from yipay.monitoring.loading import load_files
from yipay.monitoring.rules import CATALOGUE
from yipay.monitoring.rules.lookups import write_lookup_tables

START = np.datetime64("2025-01-01T00:00:00", "s")
DAY = 86_400
CURRENCIES = ("USD", "CNY", "EUR", "AED", "HKD", "GBP")
SHARES = (0.70, 0.15, 0.05, 0.04, 0.03, 0.03)
UNITS_PER_USD = (1.0, 7.18, 0.915, 3.672, 7.80, 0.780)  # the built-in table's cross rates


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


def run(
    source: Path, workdir: Path, trades: Path | None = None, goods_lines: Path | None = None
) -> Table:
    calendar = RegulatoryCalendar()
    started, cpu = time.perf_counter(), time.process_time()
    loaded = load_files(workdir, source, trades=trades, goods_lines=goods_lines)
    tables = {**loaded.tables, **write_lookup_tables(workdir / "lookups")}
    load_s = time.perf_counter() - started
    load_cpu = time.process_time() - cpu
    rows = loaded.rows["transactions"]
    table = Table(title=f"Batch monitoring on DuckDB: {rows:,} transactions ({source.name})")
    for column in ("step", "seconds", "cpu seconds", "alerts", "evidence rows"):
        table.add_column(column, justify="left" if column == "step" else "right")
    table.add_row("load (parse, check, USD, Parquet)", f"{load_s:.2f}", f"{load_cpu:.2f}", "", "")
    total_cpu = load_cpu
    engine = DuckDBEngine()
    total = load_s
    try:
        available = batch.register(engine, tables)
        now = datetime.now(UTC)
        for rule in CATALOGUE.values():
            cpu = time.process_time()
            outcome = batch.run_rules(
                engine, available, [rule], lambda r: r.values(), calendar, now
            )
            (ran,) = outcome.runs
            spent = time.process_time() - cpu
            total += ran.seconds
            total_cpu += spent
            if ran.skipped:
                table.add_row(rule.id, "skipped", "", "", ran.skipped)
            else:
                table.add_row(
                    rule.id,
                    f"{ran.seconds:.2f}",
                    f"{spent:.2f}",
                    f"{len(ran.alerts):,}",
                    f"{ran.evidence_rows:,}",
                )
    finally:
        engine.close()
    table.add_row("total", f"{total:.2f}", f"{total_cpu:.2f}", "", f"{rows / total:,.0f} tx/s")
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--transactions", type=Path, help="a generic-layout file to use instead")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="keep the generated file and tables here")
    parser.add_argument("--dataset", type=Path, help="a `yipay simulate transactions` directory")
    args = parser.parse_args()
    console = Console()
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
        console.print(run(source, home / "tables", trades, goods))


if __name__ == "__main__":
    main()
