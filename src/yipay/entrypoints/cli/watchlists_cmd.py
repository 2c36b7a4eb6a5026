"""`yipay watchlists`: import a sanctions list as a new version; list the versions."""

from __future__ import annotations

import hashlib
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from yipay.entrypoints.cli.context import container, emit_json, fail, read_bytes

if TYPE_CHECKING:
    from yipay.screening.lists import ListEntry

app = typer.Typer(
    help="Sanctions and watchlists: import OFAC, UN or our CSV layout; see the versions.",
    no_args_is_help=True,
)
OFAC_FILES = ("sdn.csv", "alt.csv", "add.csv")
OFAC_COMMENTS = "sdn_comments.csv"


class Format(StrEnum):
    OFAC = "ofac-sdn-csv"
    UN = "un-xml"
    CSV = "csv"


def _digest(files: list[tuple[str, bytes]]) -> str:
    """`name=sha256` of each file read, so a version says exactly which files made it."""
    return ",".join(f"{name}={hashlib.sha256(data).hexdigest()}" for name, data in files)


def _load(fmt: Format, path: Path, list_name: str | None) -> tuple[str, list[ListEntry], str]:
    """(source, entries, digest) of the file(s) at `path`; bad input raises WatchlistError."""
    if fmt is Format.OFAC:
        from yipay.screening.loaders.ofac import SOURCE, load_ofac_sdn

        if not path.is_dir():
            fail(f"{path}: not a directory (expected {', '.join(OFAC_FILES)})")
        files = [(name, read_bytes(path / name)) for name in OFAC_FILES]
        comments = path / OFAC_COMMENTS
        if comments.is_file():
            files.append((OFAC_COMMENTS, read_bytes(comments)))
        sdn, alt, add = (data for _, data in files[:3])
        extra = files[3][1] if len(files) > 3 else None
        return SOURCE, load_ofac_sdn(sdn, alt, add, extra, origin=f"{path}/"), _digest(files)
    data = read_bytes(path)
    if fmt is Format.UN:
        from yipay.screening.loaders.un import SOURCE as UN_SOURCE
        from yipay.screening.loaders.un import load_un_xml

        return UN_SOURCE, load_un_xml(data, name=str(path)), _digest([(path.name, data)])
    from yipay.screening.loaders.csv_list import load_csv_list

    if not list_name:
        fail("--source csv needs --list NAME")
    entries = load_csv_list(data, list_name=list_name, name=str(path))
    return f"csv:{list_name}", entries, _digest([(path.name, data)])


@app.command("import")
def import_list(
    path: Annotated[
        Path, typer.Argument(help="The OFAC directory, the UN XML file, or our CSV file.")
    ],
    source: Annotated[Format, typer.Option("--source", help="The file format.")],
    list_name: Annotated[
        str | None, typer.Option("--list", help="The list's name (for --source csv).")
    ] = None,
    by: Annotated[str, typer.Option(help="Who imports (a named user).")] = "cli",
) -> None:
    """Import a list: a new version only if entries were added, changed or removed."""
    if list_name is not None and source is not Format.CSV:
        fail("--list applies to --source csv only")
    list_source, entries, digest = _load(source, path, list_name)
    c = container()
    with c.uow(actor=by) as uow:
        change = c.watchlists.import_list(uow, list_source, entries, digest=digest, by=by)
        uow.commit()
    c.seal()
    emit_json(change.as_json())


@app.command("versions")
def versions(
    source: Annotated[str | None, typer.Option(help="Only this list, e.g. ofac-sdn.")] = None,
) -> None:
    """Every imported version, oldest first (JSON)."""
    c = container()
    with c.uow() as uow:
        found = c.watchlists.versions(uow, source)
    emit_json([v.as_json() for v in found])
