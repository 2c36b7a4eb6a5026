"""`yipay intake`: bank files in (ISO 20022, SWIFT MT), parsed, imported once, reconciled."""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from yipay.entrypoints.cli.context import container, emit_json, fail

if TYPE_CHECKING:
    from yipay.bootstrap import Container
    from yipay.intake.service import FileOutcome

app = typer.Typer(
    help="Bank messages: parse, import (exactly once), watch an inbox, reconcile statements.",
    no_args_is_help=True,
)
_SKIP_SUFFIXES = (".partial", ".tmp", ".error")


def _files(paths: list[Path]) -> list[Path]:
    """The files named, and the files directly inside the directories named, in name order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(
                    p
                    for p in path.iterdir()
                    if p.is_file()
                    and not p.name.startswith(".")
                    and not p.name.endswith(_SKIP_SUFFIXES)
                )
            )
        elif path.is_file():
            found.append(path)
        else:
            fail(f"{path}: no such file or directory")
    return found


@app.command("parse")
def parse(
    paths: Annotated[list[Path], typer.Argument(help="Bank message files.")],
    all_records: Annotated[
        bool, typer.Option("--all", help="Also debit entries and payment statuses.")
    ] = False,
) -> None:
    """Print one JSON object per credit transfer or credit entry (JSON Lines); no database."""
    import json

    from yipay.core.errors import YipayError
    from yipay.intake.messages.parse import parse_bank_file

    failed = 0
    for path in _files(paths):
        try:
            records = parse_bank_file(path.read_bytes(), name=str(path))
        except YipayError as exc:
            typer.echo(f"error: {exc.message}", err=True)
            failed += 1
            continue
        except OSError as exc:
            typer.echo(f"error: {path}: {exc.strerror or exc}", err=True)
            failed += 1
            continue
        for record in records:
            if all_records or record.direction == "credit":
                sys.stdout.write(json.dumps(record.as_json(), ensure_ascii=False) + "\n")
    if failed:
        raise typer.Exit(1)


def _import_one(c: Container, path: Path, actor: str) -> FileOutcome:
    from yipay.jobs.bank_intake import import_bank_file

    return import_bank_file(c, path.read_bytes(), name=str(path), actor=actor)


def _line(outcome: FileOutcome) -> str:
    if outcome.duplicate_of:
        return f"{outcome.name}: duplicate of file {outcome.duplicate_of}, nothing changed"
    parts = [f"{outcome.records} record(s) ({outcome.source_format})"]
    if outcome.received:
        parts.append(f"{outcome.received} received")
    if outcome.duplicates:
        parts.append(f"{outcome.duplicates} duplicate(s)")
    if outcome.near_duplicates:
        parts.append(f"{outcome.near_duplicates} near-duplicate(s) held")
    parts.extend(f"{n} in suspense: {reason}" for reason, n in outcome.suspense_reasons.items())
    if outcome.returns:
        parts.append(f"{outcome.returns} return(s)")
    if outcome.statuses:
        parts.append(f"{outcome.statuses} status(es)")
    if outcome.reversals:
        parts.append(f"{outcome.reversals} reversal(s)")
    if outcome.statement_lines:
        parts.append(
            f"{outcome.statement_lines} statement line(s): {outcome.paired} paired,"
            f" {outcome.created_from_statement} new receipt(s), {len(outcome.breaks)} break(s)"
        )
    return f"{outcome.name}: " + ", ".join(parts)


@app.command("import")
def import_files(
    paths: Annotated[list[Path], typer.Argument(help="Bank files or directories of them.")],
    output_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Import bank files, each all or nothing; print what each did. Exit 1 if any was rejected."""
    from rich.progress import Progress

    from yipay.core.errors import YipayError

    files = _files(paths)
    c = container()
    outcomes: list[FileOutcome] = []
    rejected: list[str] = []
    with Progress(transient=True, disable=not sys.stderr.isatty()) as progress:
        task = progress.add_task("importing", total=len(files))
        for path in files:
            try:
                outcomes.append(_import_one(c, path, "intake"))
            except YipayError as exc:
                rejected.append(exc.message)
            except OSError as exc:
                rejected.append(f"{path}: {exc.strerror or exc}")
            progress.advance(task)
        task = progress.add_task("processing", total=None)
        report = c.process(on_step=lambda: progress.advance(task))
    totals: Counter[str] = Counter()
    for o in outcomes:
        totals.update(
            received=o.received,
            duplicates=o.duplicates,
            near_duplicates=o.near_duplicates,
            returns=o.returns,
            statuses=o.statuses,
            breaks=len(o.breaks),
        )
    if output_json:
        emit_json(
            {
                "files": [o.as_json() for o in outcomes],
                "rejected": rejected,
                "totals": dict(totals),
                "steps_processed": report.processed,
                "steps_failed": report.failed,
            }
        )
    else:
        for o in outcomes:
            typer.echo(_line(o))
            for item in [*o.breaks[:20], *o.review[:20]]:
                typer.echo(f"  {item}")
        for message in rejected:
            typer.echo(f"rejected: {message}")
        typer.echo(
            f"{len(files)} file(s): {totals['received']} received,"
            f" {totals['duplicates']} duplicate(s), {totals['near_duplicates']} near-duplicate(s),"
            f" {len(rejected)} rejected; {report.processed} step(s) processed,"
            f" {report.failed} failed"
        )
    if rejected:
        raise typer.Exit(1)


@app.command("watch")
def watch(
    inbox: Annotated[Path, typer.Argument(help="The inbox directory the bank files land in.")],
    once: Annotated[bool, typer.Option(help="Process what is there now, then stop.")] = False,
    interval: Annotated[float, typer.Option(min=0.1, help="Seconds between scans.")] = 2.0,
    settle: Annotated[
        float, typer.Option(min=0.0, help="Leave files younger than this many seconds.")
    ] = 1.0,
) -> None:
    """Import files as they land: processed/ on success, failed/ plus NAME.error otherwise."""
    from yipay.core.errors import YipayError

    if not inbox.is_dir():
        fail(f"{inbox}: not a directory")
    processed, failed = inbox / "processed", inbox / "failed"
    processed.mkdir(exist_ok=True)
    failed.mkdir(exist_ok=True)
    c = container()
    while True:
        now = time.time()
        ready = [p for p in _files([inbox]) if once or now - p.stat().st_mtime >= settle]
        for path in ready:
            try:
                outcome = _import_one(c, path, "intake-watch")
            except YipayError as exc:
                _move(path, failed)
                (failed / f"{path.name}.error").write_text(exc.message + "\n", encoding="utf-8")
                typer.echo(f"failed: {exc.message}")
                continue
            _move(path, processed)
            typer.echo(_line(outcome))
        if ready:
            c.process()
        if once:
            return
        time.sleep(interval)


def _move(path: Path, folder: Path) -> None:
    """Move into `folder`, never overwriting an earlier file of the same name."""
    target = folder / path.name
    counter = 1
    while target.exists():
        target = folder / f"{path.stem}.{counter}{path.suffix}"
        counter += 1
    path.replace(target)


@app.command("reconcile")
def reconcile(
    day: Annotated[str, typer.Option("--date", help="Value date YYYY-MM-DD.")],
    account: Annotated[str | None, typer.Option(help="Only this nostro account.")] = None,
) -> None:
    """Statement lines of a value date with their pairing, and receipts no statement shows."""
    from datetime import timedelta

    from yipay.core.clock import parse_date

    when = parse_date(day)
    c = container()
    with c.uow() as uow:
        lines = c.intake.statement_lines(uow, day_from=when, day_to=when + timedelta(days=1))
        if account:
            lines = [line for line in lines if line["account"] == account]
        currencies = sorted({str(line["currency"]) for line in lines}) or sorted(
            c.settings.nostro_accounts
        )
        missing = [
            item
            for code in currencies
            for item in c.intake.reconciler.missing_from_statement(uow, code, when, when)
        ]
    emit_json(
        {
            "date": when.isoformat(),
            "lines": lines,
            "paired": sum(1 for line in lines if line["status"] == "paired"),
            "breaks": [line for line in lines if line["status"] == "break"],
            "not_on_statement": missing,
        }
    )


@app.command("files")
def files(limit: int = typer.Option(20, min=1, max=1000)) -> None:
    """The bank files received most recently, with what each did."""
    c = container()
    with c.uow() as uow:
        emit_json(c.intake.files(uow, limit=limit))


@app.command("accounts")
def accounts(
    merchant_id: Annotated[str, typer.Argument(help="The merchant's id.")],
    open_missing: Annotated[
        bool, typer.Option("--open", help="Open any missing currency first.")
    ] = False,
) -> None:
    """A merchant's virtual collection accounts (one per currency)."""
    c = container()
    with c.uow(actor="cli") as uow:
        c.parties.merchant(uow, merchant_id)
        if open_missing:
            found = c.intake.open_virtual_accounts(uow, merchant_id)
            uow.commit()
        else:
            found = c.intake.virtual_accounts(uow, merchant_id)
    emit_json([_account_view(a) for a in found])


@app.command("close-account")
def close_account(number: Annotated[str, typer.Argument(help="Virtual account number.")]) -> None:
    """Close a virtual account: money sent to it afterwards waits in suspense with a reason."""
    c = container()
    with c.uow(actor="cli") as uow:
        closed = c.intake.close_virtual_account(uow, number)
        uow.commit()
    emit_json(_account_view(closed))


def _account_view(a: object) -> dict[str, object]:
    from yipay.intake.domain import VirtualAccount

    assert isinstance(a, VirtualAccount)
    return {
        "number": a.number,
        "merchant_id": a.merchant_id,
        "currency": a.currency,
        "status": a.status.value,
        "opened_at": a.opened_at.isoformat(),
        "closed_at": a.closed_at.isoformat() if a.closed_at else None,
    }
