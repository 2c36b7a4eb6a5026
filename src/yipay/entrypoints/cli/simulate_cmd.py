"""`yipay simulate`: write a simulated market to files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def simulate(
    days: Annotated[int, typer.Option(min=1, max=366, help="Days of market activity.")] = 7,
    merchants: Annotated[int, typer.Option(min=1, max=100_000, help="Market shops.")] = 100,
    seed: Annotated[
        int, typer.Option(min=0, help="Random seed: same seed, same market.")
    ] = 20261126,
    out: Annotated[Path, typer.Option(help="Directory for the CSV files.")] = Path(
        "data/simulated"
    ),
) -> None:
    """Simulate a small-commodity market: merchants, buyers, trades, payments, rates, labels."""
    from yipay.simulate import SimulationConfig, write_dataset
    from yipay.simulate import simulate as run

    dataset = run(SimulationConfig(days=days, merchants=merchants, seed=seed))
    written = write_dataset(dataset, out)
    for name, rows in sorted(written.items()):
        typer.echo(f"{out / name}: {rows} row(s)")
