"""A process killed with SIGKILL while it posts leaves no half entry behind.

A child process posts batches with `post_many` (the first 200 entries in one call, then several
more batches) and reports each batch on its stdout as it begins and after it commits. It dies by
SIGKILL mid-way: either the parent kills it a random moment after it reports a batch begun, or it
kills itself at a chosen point inside the posting transaction (postings written but no entries;
entries and balances written but not committed; on the commit event; just after the commit).
After the restart every entry is either there with all its postings or absent, a batch is there
whole or not at all, balances equal postings, `verify_all` passes after sealing, and posting every
batch again completes the journal without doubling anything. SQLite runs with synchronous=FULL.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text

from tests.ledger import support
from yipay.bootstrap import Container, build
from yipay.core.clock import FixedClock
from yipay.core.money import Money, Rounding
from yipay.ledger import journal
from yipay.ledger.domain import EntryDraft
from yipay.settings import Settings

AT = datetime(2026, 11, 3, 1, 0, tzinfo=UTC)
BATCHES = (200, 150, 200, 120, 200, 90, 200, 160, 200, 100)  # entries per batch
ROOT = Path(__file__).resolve().parents[2]


def batch_drafts(batch: int) -> list[EntryDraft]:
    """Deterministic entries: per payment a receipt, a credit and a 10-posting conversion (its
    wallet funded by the credit earlier in the same batch)."""
    drafts: list[EntryDraft] = []
    n = 0
    while len(drafts) < BATCHES[batch]:
        payment = f"b{batch}-p{n}"
        usd = Money.from_minor(10_000 + 37 * n + 1_000 * batch, "USD")
        merchant = f"mer_{n % 3}"
        drafts.append(journal.receipt(payment, "PARTNER", usd, AT))
        drafts.append(journal.credit_merchant(payment, merchant, usd, AT))
        client = Money.rounded(usd.amount * 7 + 1, "CNY", Rounding.HALF_EVEN)
        bank = client + Money.of("3.21", "CNY")
        drafts.append(journal.conversion(payment, merchant, usd, client, bank, "PARTNER", AT))
        n += 1
    return drafts[: BATCHES[batch]]


def _container(url: str, data_dir: Path) -> Container:
    settings = Settings(database_url=url, data_dir=data_dir, sqlite_synchronous="FULL")
    return build(settings, clock=FixedClock(AT, step=timedelta(microseconds=1)), migrate=False)


# -- the child ----------------------------------------------------------------------------------
def child(url: str, data_dir: str, stage: str, kill_batch: int) -> None:
    """Post every batch, reporting on stdout; with an inside `stage`, die there in `kill_batch`."""
    from yipay.ledger import repository as repo

    c = _container(url, Path(data_dir))
    current = {"batch": -1}

    def die() -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    def dying() -> bool:
        return current["batch"] == kill_batch

    insert_entries, apply_deltas = repo.insert_entries, repo.apply_balance_deltas

    def postings_only(conn: Any, batch: Any) -> None:
        if not dying():
            insert_entries(conn, batch)
            return
        repo.insert_postings(conn, batch)
        die()

    def deltas_then_die(conn: Any, deltas: Any) -> None:
        apply_deltas(conn, deltas)
        if dying():
            die()

    if stage == "after-postings":
        repo.insert_entries = postings_only
    elif stage == "after-balances":
        repo.apply_balance_deltas = deltas_then_die
    elif stage == "on-commit":
        event.listen(c.engine, "commit", lambda _conn: dying() and die())

    for batch in range(len(BATCHES)):
        current["batch"] = batch
        print(f"begin {batch}", flush=True)
        with c.uow() as uow:
            c.ledger.post_many(uow, batch_drafts(batch))
            uow.commit()
        if stage == "after-commit" and dying():
            die()
        print(f"committed {batch}", flush=True)


# -- the parent ---------------------------------------------------------------------------------
def _run_child(url: str, data_dir: Path, stage: str, kill_batch: int, delay: float) -> list[str]:
    script = (
        "import sys; from tests.ledger.test_crash import child; "
        "child(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script, url, str(data_dir), stage, str(kill_batch)],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    lines: list[str] = []
    try:
        for line in proc.stdout:
            lines.append(line.strip())
            if stage == "parent" and line.strip() == f"begin {kill_batch}":
                time.sleep(delay)
                proc.send_signal(signal.SIGKILL)
                break
        lines += [line.strip() for line in proc.stdout]
        proc.wait(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.stderr is not None
    errors = proc.stderr.read()
    proc.stderr.close()
    proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL, (proc.returncode, lines, errors[-2000:])
    return [line for line in lines if line]


def _postings_by_key(c: Container) -> dict[str, Counter[tuple[str, int]]]:
    with c.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT e.external_key, a.code, p.amount_minor FROM postings p"
                " JOIN journal_entries e ON e.id = p.entry_id"
                " JOIN ledger_accounts a ON a.id = p.account_id"
            )
        ).all()
    found: dict[str, Counter[tuple[str, int]]] = {}
    for key, code, minor in rows:
        found.setdefault(key, Counter())[(code, int(minor))] += 1
    return found


def _expected(draft: EntryDraft) -> Counter[tuple[str, int]]:
    return Counter((p.account.code, p.amount.minor) for p in draft.postings)


@pytest.mark.parametrize(
    "stage", ["parent", "after-postings", "after-balances", "on-commit", "after-commit"]
)
def test_a_killed_poster_leaves_whole_entries_or_none(database_url, tmp_path, stage):
    seed = random.SystemRandom().randrange(2**32)
    rng = random.Random(seed)
    kill_batch = rng.randrange(0, 4) if stage == "parent" else rng.randrange(1, 4)
    delay = rng.uniform(0, 0.02)
    lines = _run_child(database_url, tmp_path, stage, kill_batch, delay)
    context = f"seed={seed} stage={stage} kill_batch={kill_batch} delay={delay:.3f} {lines}"
    committed = [int(line.split()[1]) for line in lines if line.startswith("committed")]
    begun = [int(line.split()[1]) for line in lines if line.startswith("begin")]
    assert begun == list(range(len(begun))), context
    assert committed in (begun, begun[:-1]), context
    if stage != "parent":  # it died inside the batch it was told to
        assert (begun[-1], committed) == (kill_batch, list(range(kill_batch))), context

    c = _container(database_url, tmp_path)  # the restart
    try:
        found = _postings_by_key(c)
        with c.engine.connect() as conn:
            entries = set(conn.execute(text("SELECT external_key FROM journal_entries")).scalars())
            orphans = conn.execute(
                text(
                    "SELECT COUNT(*) FROM postings"
                    " WHERE entry_id NOT IN (SELECT id FROM journal_entries)"
                )
            ).scalar_one()
        assert orphans == 0, context
        assert set(found) == entries, context  # no entry without postings
        present_batches = []
        for batch in range(len(BATCHES)):
            drafts = batch_drafts(batch)
            there = [d for d in drafts if d.external_key in entries]
            for draft in there:  # every entry that is there has all its postings
                assert found[draft.external_key] == _expected(draft), (draft.external_key, context)
            assert len(there) in {0, len(drafts)}, (batch, len(there), context)  # whole or none
            if there:
                present_batches.append(batch)
        if stage == "after-commit":  # committed, though it could not say so
            assert present_batches == begun, context
        elif stage == "parent":  # the batch in flight may or may not have committed
            assert present_batches in (committed, begun), context
        else:
            assert present_batches == committed, context
        assert len(entries) == sum(BATCHES[b] for b in present_batches), context
        assert support.book_problems(c) == [], context

        with c.uow() as uow:  # carry on where it stopped: everything once, nothing twice
            for batch in range(len(BATCHES)):
                c.ledger.post_many(uow, batch_drafts(batch))
            uow.commit()
        assert support.book_problems(c) == [], context
        with c.engine.connect() as conn:
            total = conn.execute(text("SELECT COUNT(*) FROM journal_entries")).scalar_one()
            postings_count = conn.execute(text("SELECT COUNT(*) FROM postings")).scalar_one()
        assert total == sum(BATCHES), context
        assert postings_count == sum(
            sum(len(d.postings) for d in batch_drafts(b)) for b in range(len(BATCHES))
        )
    finally:
        c.dispose()
