"""`yipay simulate`: write a simulated market to files; `yipay simulate reconcile` writes a
labelled payment↔trade matching set (P.csv, T.csv, R.csv, truth.csv, relations.csv)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from yipay.entrypoints.cli.context import fail

_WHAT = ("market", "reconcile")


def simulate(
    what: Annotated[
        str,
        typer.Argument(
            help="market: merchants, buyers, trades, payments, rates, labels; "
            "reconcile: a labelled matching set for `yipay reconcile`."
        ),
    ] = "market",
    days: Annotated[int, typer.Option(min=1, max=366, help="Days of market activity.")] = 7,
    merchants: Annotated[int, typer.Option(min=1, max=100_000, help="Market shops.")] = 100,
    payments: Annotated[
        int, typer.Option(min=1, max=10_000_000, help="reconcile: payments in the set.")
    ] = 5_000,
    seed: Annotated[
        int, typer.Option(min=0, help="Random seed: same seed, same market.")
    ] = 20261126,
    out: Annotated[Path, typer.Option(help="Directory for the CSV files.")] = Path(
        "data/simulated"
    ),
) -> None:
    """Simulate a small-commodity market: merchants, buyers, trades, payments, rates, labels."""
    if what not in _WHAT:
        fail(f"unknown simulation {what!r}: choose {' or '.join(_WHAT)}")
    if what == "reconcile":
        _reconcile(seed, payments, out)
        return
    from yipay.simulate import SimulationConfig, write_dataset
    from yipay.simulate import simulate as run

    dataset = run(SimulationConfig(days=days, merchants=merchants, seed=seed))
    written = write_dataset(dataset, out)
    for name, rows in sorted(written.items()):
        typer.echo(f"{out / name}: {rows} row(s)")


def _reconcile(seed: int, payments: int, out: Path) -> None:
    from rich.progress import Progress

    from yipay.simulate.reconcile_records import ReconcileConfig
    from yipay.simulate.reconcile_writer import write_reconcile

    config = ReconcileConfig(seed=seed, payments=payments)
    try:
        with Progress(transient=True) as progress:
            task = progress.add_task("generating", total=payments)
            written = write_reconcile(config, out, lambda n: progress.advance(task, n))
    except OSError as exc:
        fail(f"{out}: {exc.strerror or exc}")
    for name, rows in written.items():
        typer.echo(f"{out / name}: {rows} row(s)")
