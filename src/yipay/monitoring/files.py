"""External files for batch monitoring: a CSV or Parquet file read as text columns into DuckDB.

`monitor run --transactions FILE` reads files of millions of rows, so nothing here touches rows
in Python: DuckDB reads every column as text (`read_csv` with fixed VARCHAR columns, or the
Parquet columns cast to text), and `loading` types and checks them with SQL. Each raw table has
a `line` column (the CSV line, the header being line 1; the Parquet row, from 1) so that a bad
value is reported where the user can find it. CSV lines count records: a quoted value holding
a line break (rare in transaction files) puts the count behind the editor's by one per break.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from yipay.monitoring.errors import InvalidMonitoringFile

PARQUET_MAGIC = b"PAR1"
# Parquet column types that cannot carry an amount or a time faithfully
_FLOATS = ("FLOAT", "DOUBLE", "REAL")


@dataclass(frozen=True, slots=True)
class RawTable:
    """A file's columns as text in a DuckDB table, with where each row came from."""

    name: str  # the DuckDB table holding `line` and the expected columns as VARCHAR
    path: Path
    where: str  # "line" (CSV) or "row" (Parquet): how messages point at a record
    columns: frozenset[str]  # the expected columns the file has (the others are NULL)


def is_parquet(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(4) == PARQUET_MAGIC


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _csv_header(path: Path) -> list[str]:
    """The header's column names (lower case); only the first line is read and decoded."""
    with path.open("rb") as handle:
        first = handle.readline()
    try:
        text = first.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidMonitoringFile(f"{path} line 1: not UTF-8 text") from None
    header = next(csv.reader([text]), None)
    if not header:
        raise InvalidMonitoringFile(f"{path}: empty file (no header line)")
    return [name.strip().lower() for name in header]


def _check_header(
    path: Path, header: Sequence[str], required: Sequence[str], what: str = "line 1"
) -> None:
    seen: set[str] = set()
    for name in header:
        if name in seen:
            raise InvalidMonitoringFile(f"{path} {what}: column {name!r} appears twice")
        seen.add(name)
    missing = [c for c in required if c not in seen]
    if missing:
        raise InvalidMonitoringFile(
            f"{path} {what}: the header needs {', '.join(missing)} (required: {','.join(required)})"
        )


def _duckdb_csv_error(path: Path, exc: Exception) -> InvalidMonitoringFile:
    """DuckDB's multi-line CSV error as one line naming the file and line."""
    text = str(exc)
    found = re.search(r"CSV Error on Line: (\d+)", text)
    where = f"{path} line {found.group(1)}" if found else str(path)
    columns = re.search(r"Expected Number of Columns: (\d+) Found: (\d+)", text)
    if columns:
        reason = f"{columns.group(2)} fields where the header has {columns.group(1)}"
    elif "unterminated quote" in text:
        reason = "a quoted value is not closed"
    elif "Invalid unicode" in text or "not utf-8" in text.lower():
        reason = "not UTF-8 text"
    else:
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        reason = lines[0] if lines else type(exc).__name__
    return InvalidMonitoringFile(f"{where}: {reason}")


def read_raw(
    con: Any,
    table: str,
    path: Path,
    required: Sequence[str],
    optional: Sequence[str],
) -> RawTable:
    """Read `path` (CSV or Parquet) into DuckDB table `table`: `line` plus text columns."""
    import duckdb

    if not path.is_file():
        raise InvalidMonitoringFile(f"{path}: no such file")
    expected = [*required, *optional]
    try:
        parquet = is_parquet(path)
    except OSError as exc:
        raise InvalidMonitoringFile(f"{path}: {exc.strerror or exc}") from None
    source = _sql_text(str(path))
    if parquet:
        return _read_parquet(con, table, path, source, required, expected)
    header = _csv_header(path)
    _check_header(path, header, required)
    columns = "{" + ", ".join(f"{_sql_text(name)}: 'VARCHAR'" for name in header) + "}"
    present = [c for c in expected if c in header]
    select = ", ".join(
        f'"{c}"' if c in header else f'CAST(NULL AS VARCHAR) AS "{c}"' for c in expected
    )
    try:
        con.execute(
            f"CREATE TABLE {table}_csv AS SELECT * FROM read_csv({source}, header = true,"
            f" auto_detect = false, columns = {columns}, delim = ',', quote = '\"',"
            " escape = '\"', strict_mode = true)"
        )
    except duckdb.Error as exc:
        raise _duckdb_csv_error(path, exc) from None
    # rowid follows the file's order: DuckDB preserves insertion order when it reads a file
    con.execute(f"CREATE VIEW {table} AS SELECT rowid + 2 AS line, {select} FROM {table}_csv")
    return RawTable(table, path, "line", frozenset(present))


def _read_parquet(
    con: Any,
    table: str,
    path: Path,
    source: str,
    required: Sequence[str],
    expected: Sequence[str],
) -> RawTable:
    import duckdb

    try:
        described = con.execute(f"DESCRIBE SELECT * FROM read_parquet({source})").fetchall()
    except duckdb.Error as exc:
        first = str(exc).splitlines()[0]
        raise InvalidMonitoringFile(f"{path}: not a readable Parquet file ({first})") from None
    types = {str(name).lower(): str(kind).upper() for name, kind, *_ in described}
    names = {str(name).lower(): str(name) for name, *_ in described}
    _check_header(path, list(types), required, what="schema")
    for name in ("amount", "unit_price"):
        if types.get(name, "").startswith(_FLOATS):
            raise InvalidMonitoringFile(
                f"{path}: column {name} is floating point ({types[name]}); amounts must be"
                " exact: text or DECIMAL"
            )
    if types.get("ts") in {"TIMESTAMP", "TIMESTAMP_NS", "TIMESTAMP_MS", "TIMESTAMP_S"}:
        raise InvalidMonitoringFile(
            f"{path}: column ts holds timestamps without a time zone; store UTC instants"
            " (timestamp with time zone, or ISO 8601 text ending in Z)"
        )
    select = ", ".join(
        f'CAST("{names[c]}" AS VARCHAR) AS "{c}"'
        if c in types
        else f'CAST(NULL AS VARCHAR) AS "{c}"'
        for c in expected
    )
    con.execute(
        f"CREATE TABLE {table} AS SELECT file_row_number + 1 AS line, {select}"
        f" FROM read_parquet({source}, file_row_number = true)"
    )
    return RawTable(table, path, "row", frozenset(c for c in expected if c in types))
