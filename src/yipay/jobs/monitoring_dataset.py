"""Generate a labelled monitoring dataset and write its files (the simulator is pure; the
columnar adapter writes). Used by `yipay simulate transactions`, the tests and the bench."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from yipay.adapters.columnar import write_json, write_table
from yipay.simulate.aml.config import AmlConfig
from yipay.simulate.aml.dataset import generate
from yipay.simulate.aml.render import LAYOUTS, manifest, tables

#: Always CSV, whatever the format of the data files.
LABEL_FILES = ("labels_transactions", "labels_accounts")


def write_monitoring_dataset(
    config: AmlConfig,
    out: Path,
    fmt: str = "csv",
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Write transactions, trades and goods lines (as CSV or Parquet), the labels (CSV) and
    manifest.json into `out`; returns the manifest."""
    say = progress or (lambda _step: None)
    say("simulating the market and laying the patterns over it")
    dataset = generate(config)
    out.mkdir(parents=True, exist_ok=True)
    say("writing the files")
    written: dict[str, str] = {}
    for name, chunks in tables(dataset).items():
        kind = fmt if name not in LABEL_FILES else "csv"
        file = out / f"{name}.{kind}"
        write_table(file, LAYOUTS[name], chunks, kind)
        written[name] = file.name
    result = manifest(dataset)
    result["files"] = written
    result["format"] = fmt
    write_json(out / "manifest.json", result)
    return result
