"""`yipay screen`: names against the imported watchlists, or pairs of names against each other."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from yipay.entrypoints.cli.context import fail, read_text

app = typer.Typer(
    help="Screen names against the watchlists, or score pairs of names.", no_args_is_help=True
)

T = TypeVar("T")
THRESHOLD_HELP = (
    "Match at or above this score in [0, 1] (default: the matcher's, chosen by evaluation)."
)


def _threshold(value: float | None, configured: float | None = None) -> float:
    """The shared rule (screening.queries.threshold), as one CLI error line."""
    from yipay.core.errors import InvalidInput
    from yipay.screening.queries import threshold as resolve

    try:
        return resolve(value, configured)
    except InvalidInput as exc:
        fail(f"--{exc.message}")


def _parsed(parse: Callable[..., list[T]], path: Path) -> list[T]:
    """The parsed input file, or one error line naming the file and row."""
    from yipay.core.errors import InvalidInput

    text = read_text(path)
    try:
        return parse(text, name=str(path))
    except InvalidInput as exc:
        fail(exc.message)


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    try:
        path.write_text(buffer.getvalue(), encoding="utf-8")
    except OSError as exc:
        fail(f"{path}: {exc.strerror or exc}")


@app.command("pairs")
def pairs(
    input_path: Annotated[Path, typer.Option("--input", help="pair_id,name_a,name_b[,kind]")],
    output: Annotated[Path, typer.Option("--output", help="pair_id,score,matched")],
    threshold: Annotated[float | None, typer.Option(help=THRESHOLD_HELP)] = None,
) -> None:
    """Score each pair of names; no watchlist and no database needed."""
    from yipay.screening.matcher import compare
    from yipay.screening.queries import parse_pairs

    cut = _threshold(threshold)
    rows = []
    for pair in _parsed(parse_pairs, input_path):
        score = compare(pair.name_a, pair.name_b, pair.kind).value
        rows.append([pair.pair_id, f"{score:.4f}", "true" if score >= cut else "false"])
    _write(output, ["pair_id", "score", "matched"], rows)


@app.command("names")
def names(
    input_path: Annotated[
        Path, typer.Option("--input", help="query_id,name[,kind][,country][,birth_date]")
    ],
    output: Annotated[
        Path,
        typer.Option("--output", help="query_id,matched,score,list_source,entry_id,entry_name"),
    ],
    threshold: Annotated[float | None, typer.Option(help=THRESHOLD_HELP)] = None,
) -> None:
    """Screen each name against the watchlists imported into the configured database.

    One row per query: its best candidate, matched true when the score reaches the threshold."""
    from yipay.entrypoints.cli.context import container
    from yipay.screening.queries import parse_queries

    _threshold(threshold)  # a bad --threshold is refused before any work
    queries = _parsed(parse_queries, input_path)
    c = container()
    cut = _threshold(threshold, c.settings.screening_threshold)
    with c.uow() as uow:
        index = c.screening.index(uow)
    if index is None:
        fail("no watchlist imported yet: run `yipay watchlists import` first")
    rows = []
    for q in queries:
        found = index.search(
            q.name, kind=q.kind, country=q.country, birth_date=q.birth_date, threshold=0.0, limit=1
        )
        if not found:
            rows.append([q.query_id, "false", "0.0000", "", "", ""])
            continue
        best = found[0]
        rows.append(
            [
                q.query_id,
                "true" if best.score >= cut else "false",
                f"{best.score:.4f}",
                best.source,
                best.entry_id,
                best.entry_name,
            ]
        )
    _write(output, ["query_id", "matched", "score", "list_source", "entry_id", "entry_name"], rows)
