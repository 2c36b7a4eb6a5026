"""Same seed and config → byte-identical files; one pattern's rate leaves every other draw alone."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from yipay.jobs.monitoring_dataset import write_monitoring_dataset
from yipay.simulate.aml.streams import AML_STREAMS

from .aml_support import config, rows

SIZE = 8_000


def _digests(out: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.iterdir())}


def test_same_seed_and_config_give_byte_identical_files(tmp_path: Path) -> None:
    for fmt in ("csv", "parquet"):
        first, second = tmp_path / f"{fmt}-1", tmp_path / f"{fmt}-2"
        write_monitoring_dataset(config(seed=11, size=SIZE), first, fmt)
        write_monitoring_dataset(config(seed=11, size=SIZE), second, fmt)
        assert _digests(first) == _digests(second)
        assert not list(first.glob("*.partial"))


def test_files_do_not_depend_on_the_process(tmp_path: Path) -> None:
    """Another interpreter with another string-hash seed writes the same bytes."""
    script = (
        "import sys; from pathlib import Path;"
        "from yipay.jobs.monitoring_dataset import write_monitoring_dataset;"
        "from yipay.simulate.aml.config import AmlConfig;"
        "write_monitoring_dataset(AmlConfig(seed=17, transactions=3000), Path(sys.argv[1]))"
    )
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        subprocess.run(
            [sys.executable, "-c", script, str(tmp_path / hash_seed)], env=env, check=True
        )
    write_monitoring_dataset(config(seed=17, size=3000), tmp_path / "here")
    assert _digests(tmp_path / "1") == _digests(tmp_path / "2") == _digests(tmp_path / "here")


def test_another_seed_gives_another_dataset(tmp_path: Path) -> None:
    write_monitoring_dataset(config(seed=11, size=SIZE), tmp_path / "a")
    write_monitoring_dataset(config(seed=12, size=SIZE), tmp_path / "b")
    ids_a = {r["txn_id"] for r in rows(tmp_path / "a" / "transactions.csv")}
    ids_b = {r["txn_id"] for r in rows(tmp_path / "b" / "transactions.csv")}
    assert not ids_a & ids_b


def test_changing_one_patterns_rate_leaves_every_other_row_unchanged(tmp_path: Path) -> None:
    base, more = tmp_path / "base", tmp_path / "more"
    write_monitoring_dataset(config(seed=13, size=SIZE), base)
    write_monitoring_dataset(config(seed=13, size=SIZE, cycle="0.004", structuring="0"), more)
    base_rows = {r["txn_id"]: r for r in rows(base / "transactions.csv")}
    more_rows = {r["txn_id"]: r for r in rows(more / "transactions.csv")}
    base_labels = {r["txn_id"]: r for r in rows(base / "labels_transactions.csv")}
    more_labels = {r["txn_id"]: r for r in rows(more / "labels_transactions.csv")}
    changed = {"cycle", "structuring"}
    # every row that is neither a cycle nor a structuring row is in both datasets, unchanged
    stable_base = {
        t: r for t, r in base_rows.items() if base_labels.get(t, {}).get("pattern") not in changed
    }
    stable_more = {
        t: r for t, r in more_rows.items() if more_labels.get(t, {}).get("pattern") not in changed
    }
    assert set(stable_base) == set(stable_more)  # cycles label every row they add
    assert all(stable_more[t] == r for t, r in stable_base.items())
    assert not any(r["pattern"] == "structuring" for r in more_labels.values())
    cycles = sum(1 for r in more_labels.values() if r["pattern"] == "cycle")
    assert cycles >= 0.004 * SIZE
    for name in ("trades.csv", "goods_lines.csv"):
        trade_rows = {tuple(r.values()) for r in rows(base / name)}
        structuring_trades = trade_rows - {tuple(r.values()) for r in rows(more / name)}
        # only trades registered for the structuring cases are gone
        referenced = {
            r["trade_ref"]
            for t, r in base_rows.items()
            if base_labels.get(t, {}).get("pattern") == "structuring"
        }
        assert all(row[0] in referenced for row in structuring_trades)


def test_streams_are_append_only() -> None:
    """The first names must never move: a new pattern appends its stream at the end."""
    assert AML_STREAMS[:11] == (
        "ids", "merchants", "buyers", "payers", "suppliers", "trades", "payments", "flows",
        "rates", "purposes", "names",
    )  # fmt: skip
    assert len(set(AML_STREAMS)) == len(AML_STREAMS)
