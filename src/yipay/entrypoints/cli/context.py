"""What every command shares: the container (built lazily), output helpers, error exits."""

from __future__ import annotations

import json
import sys
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import typer

if TYPE_CHECKING:
    from yipay.bootstrap import Container


@cache
def container() -> Container:
    from yipay.bootstrap import build

    return build()


def fail(message: str, code: int = 1) -> NoReturn:
    """One clear line on stderr and a non-zero exit; never a traceback for bad input."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def emit_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2, default=str) + "\n")


def read_text(path: Path) -> str:
    """A whole UTF-8 text file, or one clear error line (missing, unreadable, not UTF-8)."""
    if not path.is_file():
        fail(f"{path}: no such file")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        fail(f"{path}: not UTF-8 text")
    except OSError as exc:
        fail(f"{path}: {exc.strerror or exc}")


def read_json_arg(value: str) -> Any:
    """A JSON document given inline, as @FILE, or as - for standard input."""
    if value == "-":
        try:
            text = sys.stdin.read()
        except UnicodeDecodeError:
            fail("standard input is not UTF-8 text")
    elif value.startswith("@"):
        text = read_text(Path(value[1:]))
    else:
        text = value
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        fail(f"malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}")


def read_bytes(path: Path) -> bytes:
    """A file's bytes, or one clear line and exit 1."""
    if not path.is_file():
        fail(f"{path}: no such file")
    try:
        return path.read_bytes()
    except OSError as exc:
        fail(f"{path}: {exc.strerror or exc}")
