"""Run every benchmark and print one table. Durable commits (fsync on) unless a row says not.

python -m bench [--payments N] [--transfers N] [--messages N] [--names N] [--no-postgres]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from tempfile import TemporaryDirectory

from rich.console import Console
from rich.table import Table
from sqlalchemy import create_engine, text

from yipay.bootstrap import Container, build
from yipay.core.clock import FixedClock
from yipay.core.money import Money
from yipay.settings import Settings

Row = tuple[str, str, str, str]


def _container(url: str, data_dir: Path) -> Container:
    settings = Settings(database_url=url, data_dir=data_dir, sqlite_synchronous="FULL")
    return build(settings, clock=FixedClock(datetime(2026, 11, 3, 1, 0, tzinfo=UTC)))


def spine(url: str, data_dir: Path, payments: int) -> float:
    """Payments per second through receive → screen → match → credit → monitor, one by one."""
    from bench.market import seed_market
    from yipay.intake.json_payment import parse_payment

    c = _container(url, data_dir)
    try:
        bodies = seed_market(c, payments)
        started = time.perf_counter()
        for body in bodies:
            with c.uow() as uow:
                c.intake.receive(uow, parse_payment(body), channel="bench")
                uow.commit()
            c.process()
        elapsed = time.perf_counter() - started
        with c.uow() as uow:
            credited = sum(n for s, _c, n, _t in c.payments.summary(uow) if s == "credited")
        assert credited == payments, f"only {credited} of {payments} credited"
        return payments / elapsed
    finally:
        c.dispose()


def ledger(
    url: str, data_dir: Path, transfers: int, batch: int
) -> tuple[float, float, float, list[float]]:
    """Two-leg transfers/s through `post_many` in batches (nostro → 1,000 merchant wallets),
    the rate of inserting the same entry and posting rows with the same driver (executemany, no
    triggers or checks, same batch size), the same into tables that carry the ledger's own keys
    and indexes (informational), and single-transfer commit latencies in ms."""
    from yipay.ledger.domain import EntryDraft, Posting, nostro, wallet

    c = _container(url, data_dir)
    at = datetime(2026, 11, 3, tzinfo=UTC)
    amount = Money.of("10.00", "USD")

    def draft(i: int) -> EntryDraft:
        return EntryDraft(
            external_key=f"t{i}",
            kind="transfer",
            occurred_at=at,
            postings=(
                Posting.debit(nostro("BANK", "USD"), amount),
                Posting.credit(wallet(f"m{i % 1000}", "USD"), amount),
            ),
        )

    try:
        with c.uow() as uow:  # create the accounts first: the benchmark measures posting
            c.ledger.post_many(uow, [draft(i) for i in range(1000)])
            uow.commit()
        started = time.perf_counter()
        for start in range(1000, 1000 + transfers, batch):
            with c.uow() as uow:
                c.ledger.post_many(
                    uow, [draft(i) for i in range(start, min(start + batch, 1000 + transfers))]
                )
                uow.commit()
        ledger_rate = transfers / (time.perf_counter() - started)
        latencies = []
        for i in range(200):
            t0 = time.perf_counter()
            with c.uow() as uow:
                c.ledger.post(uow, draft(10_000_000 + i))
                uow.commit()
            latencies.append((time.perf_counter() - t0) * 1000)
        plain_rate = _plain_inserts(c, transfers, batch, at)
        keyed_rate = _plain_inserts(c, transfers, batch, at, keyed=True)
        return ledger_rate, plain_rate, keyed_rate, latencies
    finally:
        c.dispose()


def _plain_inserts(
    c: Container, transfers: int, batch: int, at: datetime, *, keyed: bool = False
) -> float:
    """The same rows (one entry and two postings per transfer) into tables with no triggers,
    no foreign keys and no checks, by executemany in transactions of the same size.

    `keyed` (informational, a second reading of "plain insert"): the tables also carry the
    ledger's own keys and indexes — entries: primary key, unique external key, unique `reverses`
    and `seal_seq` (both NULL, as on a new entry); postings: an integer primary key, the
    per-entry index and the per-account `(account_id, booked_at)` index — and the postings go to
    the accounts the ledger's rows go to (the nostro and wallet `i % 1000`), with time-ordered
    entry ids like the ledger's. Still no triggers, foreign keys, checks or balance updates."""
    stamp = at.isoformat()
    if not keyed:
        with c.engine.connect() as conn:
            conn.execute(
                text(
                    "CREATE TABLE plain_entries (id VARCHAR(32) PRIMARY KEY,"
                    " external_key VARCHAR(200), kind VARCHAR(40), body_hash VARCHAR(64),"
                    " booked_at VARCHAR(40))"
                )
            )
            conn.execute(
                text(
                    "CREATE TABLE plain_postings (entry_id VARCHAR(32), account_id INTEGER,"
                    " amount_minor BIGINT, currency VARCHAR(3), booked_at VARCHAR(40))"
                )
            )
            conn.commit()
        started = time.perf_counter()
        for start in range(0, transfers, batch):
            ids = range(start, min(start + batch, transfers))
            with c.engine.begin() as conn:
                conn.execute(
                    text("INSERT INTO plain_entries VALUES (:i, :k, 'transfer', :h, :b)"),
                    [{"i": f"e{i}", "k": f"p{i}", "h": "0" * 64, "b": stamp} for i in ids],
                )
                conn.execute(
                    text("INSERT INTO plain_postings VALUES (:e, :a, :m, 'USD', :b)"),
                    [
                        {"e": f"e{i}", "a": side, "m": 1000 if side else -1000, "b": stamp}
                        for i in ids
                        for side in (0, 1)
                    ],
                )
        return transfers / (time.perf_counter() - started)
    serial = "INTEGER" if c.engine.dialect.name == "sqlite" else "SERIAL"
    with c.engine.connect() as conn:
        for ddl in (
            (
                "CREATE TABLE keyed_entries (id VARCHAR(32) PRIMARY KEY,"
                " external_key VARCHAR(200) NOT NULL UNIQUE, kind VARCHAR(40),"
                " body_hash VARCHAR(64), booked_at VARCHAR(40), reverses VARCHAR(32) UNIQUE,"
                " seal_seq BIGINT UNIQUE)"
            ),
            (
                f"CREATE TABLE keyed_postings (id {serial} PRIMARY KEY, entry_id VARCHAR(32),"
                " account_id INTEGER, amount_minor BIGINT, currency VARCHAR(3),"
                " booked_at VARCHAR(40))"
            ),
            "CREATE INDEX ix_keyed_postings_entry ON keyed_postings (entry_id)",
            "CREATE INDEX ix_keyed_postings_account ON keyed_postings (account_id, booked_at)",
        ):
            conn.execute(text(ddl))
        conn.commit()
    started = time.perf_counter()
    for start in range(0, transfers, batch):
        ids = range(start, min(start + batch, transfers))
        with c.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO keyed_postings (entry_id, account_id, amount_minor, currency,"
                    " booked_at) VALUES (:e, :a, :m, 'USD', :b)"
                ),
                [
                    {"e": f"e{i:031d}", "a": a, "m": m, "b": stamp}
                    for i in ids
                    for a, m in ((1, 1000), (2 + i % 1000, -1000))
                ],
            )
            conn.execute(
                text(
                    "INSERT INTO keyed_entries (id, external_key, kind, body_hash, booked_at)"
                    " VALUES (:i, :k, 'transfer', :h, :b)"
                ),
                [{"i": f"e{i:031d}", "k": f"p{i}", "h": "0" * 64, "b": stamp} for i in ids],
            )
    return transfers / (time.perf_counter() - started)


def cli_start() -> float:
    """Median wall time of `yipay --help` (a fresh interpreter each run), in ms."""
    exe = str(Path(sys.executable).with_name("yipay"))
    runs = []
    for _ in range(5):
        t0 = time.perf_counter()
        subprocess.run([exe, "--help"], capture_output=True, check=True)
        runs.append((time.perf_counter() - t0) * 1000)
    return statistics.median(runs)


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--payments", type=int, default=300)
    parser.add_argument("--transfers", type=int, default=50_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--messages", type=int, default=100_000, help="bank messages (intake)")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--names", type=int, default=10_000, help="names screened (CLI)")
    args = parser.parse_args()
    rows: list[Row] = []
    engines: list[tuple[str, Callable[[str], str]]] = []
    server = None
    with TemporaryDirectory(prefix="yipay-bench-") as tmp:
        base = Path(tmp)
        engines.append(
            ("sqlite (WAL, synchronous=FULL)", lambda n: f"sqlite:///{base / n}.sqlite3")
        )
        if not args.no_postgres:
            from tests.support import postgres

            server = postgres.start(durable=True)
            admin = create_engine(server.admin_url, isolation_level="AUTOCOMMIT")

            def pg_url(name: str) -> str:
                with admin.connect() as conn:
                    conn.execute(text(f"CREATE DATABASE {name}"))
                return server.url(name)  # type: ignore[union-attr]

            engines.append(("postgresql 15 (fsync on)", pg_url))
        try:
            for label, make_url in engines:
                rate = spine(make_url("spine"), base, args.payments)
                rows.append(
                    (
                        "spine: payments received → credited",
                        label,
                        f"{rate:,.0f} payments/s",
                        f"{args.payments} payments, each its own request",
                    )
                )
                posted, plain, keyed, lat = ledger(
                    make_url("ledger"), base, args.transfers, args.batch
                )
                rows.append(
                    (
                        "ledger: two-leg transfers",
                        label,
                        f"{posted:,.0f} transfers/s",
                        (
                            f"batches of {args.batch}; plain executemany {plain:,.0f}/s "
                            f"({posted / plain:.0%} of it); informational: into tables with "
                            f"the ledger's keys and indexes {keyed:,.0f}/s "
                            f"({posted / keyed:.0%} of it)"
                        ),
                    )
                )
                rows.append(
                    (
                        "ledger: one transfer per commit",
                        label,
                        f"p50 {_pct(lat, 0.5):.2f} ms, p99 {_pct(lat, 0.99):.2f} ms",
                        "200 commits",
                    )
                )
        finally:
            if server is not None:
                server.stop()
    from bench.intake import run as intake

    rows.extend(intake(args.messages, postgres=not args.no_postgres))
    from bench.screening_path import run as screening

    rows.extend(
        (name, "sqlite (WAL, synchronous=FULL)", result, notes)
        for name, result, notes in screening(args.names)
    )
    rows.append(
        ("cli: yipay --help", "-", f"{cli_start():.0f} ms", "median of 5, fresh interpreter")
    )
    table = Table(
        "benchmark",
        "engine",
        "result",
        "notes",
        title=f"yipay bench — {datetime.now(UTC):%Y-%m-%d} — {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}",
    )
    for row in rows:
        table.add_row(*row)
    Console(width=160).print(table)


if __name__ == "__main__":
    main()
