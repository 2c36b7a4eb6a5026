"""Same config → same dataset; streams keep normal payments independent of injected typologies."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from yipay.simulate import SimulationConfig, simulate, write_dataset
from yipay.simulate.streams import STREAM_NAMES

from .support import dataset, normal_payments

SMALL = SimulationConfig(days=5, merchants=40)


def test_same_config_gives_identical_dataset() -> None:
    assert simulate(SMALL) == simulate(SMALL)


def test_different_seed_gives_different_dataset() -> None:
    first, second = simulate(SMALL), simulate(replace(SMALL, seed=SMALL.seed + 1))
    assert first.payments != second.payments
    assert {p.uetr for p in first.payments} != {p.uetr for p in second.payments}


def test_uetrs_are_version_4_uuids_from_the_stream() -> None:
    uetrs = [p.uetr for p in simulate(SMALL).payments if p.uetr is not None]
    assert uetrs
    assert len(set(uetrs)) == len(uetrs)
    assert all(u[14] == "4" and u[19] in "89ab" for u in uetrs)


@pytest.mark.parametrize(
    "change",
    [
        {"large_value_merchant_days": 3},
        {"large_value_merchant_days": 0},
        {"embargoed_payer_payments": 4},
        {"embargoed_payer_payments": 0},
        {"no_trade_payment_rate": Decimal("0.2")},
        {"foreign_third_party_rate": Decimal(0)},
    ],
)
def test_injectors_leave_normal_payments_untouched(change: dict[str, object]) -> None:
    base = dataset(SimulationConfig())
    changed = simulate(replace(SimulationConfig(), **change))  # type: ignore[arg-type]
    assert normal_payments(changed) == normal_payments(base)
    normal_trade_ids = {t for p in normal_payments(base) for t in p.trade_platform_ids}
    base_trades = {t.platform_id: t for t in base.trades if t.platform_id in normal_trade_ids}
    changed_trades = {t.platform_id: t for t in changed.trades if t.platform_id in normal_trade_ids}
    assert changed_trades == base_trades


def test_more_cases_add_labelled_payments() -> None:
    base = dataset(SimulationConfig())
    more = simulate(replace(SimulationConfig(), large_value_merchant_days=3))
    extra = len(more.payments) - len(base.payments)
    assert extra > 0
    cases = {label.pattern_id for label in more.labels if label.typology == "large_value_day"}
    assert cases == {"LVD-0001", "LVD-0002", "LVD-0003"}


def test_stream_names_are_append_only() -> None:
    """Reordering these would shift every stream after the change (and every frozen evaluation
    seed with it); new typologies append at the end."""
    assert STREAM_NAMES[:12] == (
        "merchants",
        "buyers",
        "catalogue",
        "trades",
        "payments",
        "payers",
        "charges",
        "rates",
        "no_trade",
        "third_party_foreign",
        "large_value_day",
        "embargoed_payer",
    )


def test_output_does_not_depend_on_hash_randomisation(tmp_path: Path) -> None:
    """Two interpreters with different string-hash seeds write byte-identical files."""
    script = (
        "import hashlib, sys, tempfile, pathlib\n"
        "from yipay.simulate import SimulationConfig, simulate, write_dataset\n"
        "d = pathlib.Path(tempfile.mkdtemp())\n"
        "write_dataset(simulate(SimulationConfig(days=3, merchants=30)), d)\n"
        "h = hashlib.sha256()\n"
        "for f in sorted(d.iterdir()): h.update(f.read_bytes())\n"
        "print(h.hexdigest())\n"
    )
    digests = set()
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        done = subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
        )
        digests.add(done.stdout.strip())
    write_dataset(simulate(SimulationConfig(days=3, merchants=30)), tmp_path)
    local = hashlib.sha256()
    for path in sorted(tmp_path.iterdir()):
        local.update(path.read_bytes())
    digests.add(local.hexdigest())
    assert len(digests) == 1
