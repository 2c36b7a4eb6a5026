"""Screening where users meet it: `yipay screen names` through the CLI with its start-up, and one
payer screened inside the payment path, against the full OFAC SDN + UN lists.

python -m bench.screening_path [--names N] [--payments N]

1. `yipay watchlists import` of both shipped lists into a fresh SQLite database (timed).
2. `yipay screen names` over N queries drawn in turn from the frozen variants and innocents
   (tests/fixtures/screening), each run a fresh process: the first builds and saves the index
   (cold), the next ones load it (warm). names/s = N / wall time of the whole process.
3. The payment path: payments received one by one (unit of work committed) and then
   `ScreeningService.screen_payment` in its own unit of work — the step the spine runs for
   every payment — timed alone; p50/p99 over the payments. Payers are named from the same sets,
   so some are hits (held, alerted) and most are not.

Needs ../shared/data (the lists); prints one table.
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
SETS = ROOT / "tests" / "fixtures" / "screening"
LISTS = Path(os.environ.get("YIPAY_SHARED_DATA", ROOT.parent / "shared" / "data")) / "watchlists"
YIPAY = Path(sys.executable).parent / "yipay"
Row = tuple[str, str, str]


def queries(n: int) -> list[tuple[str, str]]:
    """(name, kind) alternating variants and innocents, cycled to n."""
    with (SETS / "variants.csv").open(encoding="utf-8") as f:
        variants = [(r["query"], r["kind"]) for r in csv.DictReader(f)]
    with (SETS / "innocents.csv").open(encoding="utf-8") as f:
        innocents = [(r["query"], r["kind"]) for r in csv.DictReader(f)]
    mixed = [q for pair in zip(variants, innocents, strict=False) for q in pair]
    return [mixed[i % len(mixed)] for i in range(n)]


def _run(env: dict[str, str], *args: str) -> float:
    started = time.perf_counter()
    done = subprocess.run([str(YIPAY), *args], env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"yipay {' '.join(args)} failed: {done.stderr.strip()}")
    return elapsed


def cli(work: Path, names: int) -> list[Row]:
    env = os.environ | {
        "YIPAY_DATABASE_URL": f"sqlite:///{work / 'bench.sqlite3'}",
        "YIPAY_DATA_DIR": str(work),
    }
    ofac = _run(env, "watchlists", "import", "--source", "ofac-sdn-csv", str(LISTS / "ofac"))
    un = _run(
        env, "watchlists", "import", "--source", "un-xml", str(LISTS / "un" / "UN_consolidated.xml")
    )
    q = work / "q.csv"
    with q.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["query_id", "name", "kind"])
        writer.writerows([f"q{i}", name, kind] for i, (name, kind) in enumerate(queries(names)))
    out = work / "hits.csv"
    cold = _run(env, "screen", "names", "--input", str(q), "--output", str(out))
    warm = [_run(env, "screen", "names", "--input", str(q), "--output", str(out)) for _ in range(3)]
    with out.open(encoding="utf-8") as f:
        matched = sum(1 for r in csv.DictReader(f) if r["matched"] == "true")
    one = work / "one.csv"
    one.write_text("query_id,name\nq1,Viktor Dragan\n", encoding="utf-8")
    start_up = statistics.median(
        _run(env, "screen", "names", "--input", str(one), "--output", str(out)) for _ in range(3)
    )
    best = min(warm)
    return [
        ("watchlists import OFAC SDN (CLI)", f"{ofac:.2f} s", "7,379 entries, fresh process"),
        ("watchlists import UN (CLI)", f"{un:.2f} s", "1,003 entries, fresh process"),
        (
            f"screen names, {names:,} names (CLI)",
            f"{names / best:,.0f} names/s",
            f"whole process {best:.2f} s (best of 3, index loaded); {matched:,} matched",
        ),
        (
            f"screen names, {names:,} names, first run",
            f"{names / cold:,.0f} names/s",
            f"whole process {cold:.2f} s, builds and saves the index",
        ),
        ("screen names, 1 name (CLI)", f"{start_up * 1000:.0f} ms", "start-up + index load"),
    ]


def payment_path(work: Path, payments: int) -> list[Row]:
    from bench.market import seed_market
    from yipay.bootstrap import build
    from yipay.core.clock import FixedClock
    from yipay.intake.json_payment import parse_payment
    from yipay.settings import Settings

    settings = Settings(
        database_url=f"sqlite:///{work / 'bench.sqlite3'}",
        data_dir=work,
        sqlite_synchronous="FULL",
    )
    c = build(settings, clock=FixedClock(datetime(2026, 11, 3, 1, 0, tzinfo=UTC)))
    try:
        bodies = seed_market(c, payments)
        names = queries(payments)
        with c.uow() as uow:
            c.screening.index(uow)  # loaded once per process, as a server does
        from yipay.screening.service import Query

        timings, checks = [], []
        held = 0
        for body, (name, _kind) in zip(bodies, names, strict=True):
            body["payer"]["name"] = name
            with c.uow() as uow:
                receipt = c.intake.receive(uow, parse_payment(body), channel="bench")
                uow.commit()
            payer = receipt.payment.payer
            with c.uow() as uow:
                started = time.perf_counter()
                c.screening.open_hits(uow, "payer", receipt.payment.payer_id, Query(name))
                c.screening.listed_banks(uow, [payer.bic, receipt.payment.debtor_agent_bic])
                checks.append(time.perf_counter() - started)
            started = time.perf_counter()
            with c.uow() as uow:
                reasons = c.screening.screen_payment(uow, receipt.payment.id)
                uow.commit()
            timings.append(time.perf_counter() - started)
            held += bool(reasons)
        c.process()
    finally:
        c.dispose()
    return [
        (
            "payer name + bank check (payment path)",
            _percentiles(checks),
            f"{payments:,} payers against OFAC + UN: index search, decisions, list entries read",
        ),
        (
            "whole screening step (payment path)",
            _percentiles(timings),
            f"the above + hold or move to suspense + durable commit; {held} held on a hit",
        ),
    ]


def _percentiles(timings: list[float]) -> str:
    ordered = sorted(timings)
    p50 = statistics.median(ordered) * 1000
    p99 = ordered[max(0, int(len(ordered) * 0.99) - 1)] * 1000
    return f"p50 {p50:.2f} ms, p99 {p99:.2f} ms"


def run(names: int = 10_000, payments: int = 1_000) -> list[Row]:
    if not LISTS.is_dir():
        return [("screening", "skipped", f"{LISTS} not found")]
    with tempfile.TemporaryDirectory(prefix="yipay-bench-screening-") as tmp:
        work = Path(tmp)
        return cli(work, names) + payment_path(work, payments)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names", type=int, default=10_000)
    parser.add_argument("--payments", type=int, default=1_000)
    args = parser.parse_args()
    table = Table("benchmark", "result", "notes", title="yipay screening, end to end")
    for row in run(args.names, args.payments):
        table.add_row(*row)
    Console(width=160).print(table)


if __name__ == "__main__":
    main()
