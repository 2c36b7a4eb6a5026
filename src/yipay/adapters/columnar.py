"""Tables of text columns written as CSV or Parquet with pyarrow, chunk by chunk.

Every column is text (None for an empty value), so the CSV and the Parquet file carry the same
strings: decimal amounts stay decimal strings, never floats. A column is a sequence of strings, or
a coded column `(codes, values)` whose row i is `values[codes[i]]` (a negative code is empty):
ids, names and countries repeat, and decoding them in pyarrow is far cheaper than building a
Python string per row. Output is deterministic (same
chunks, same bytes): no timestamps or random ids in the files' metadata. A file is written as
`NAME.partial` and renamed when complete, so a failed run never leaves a half file behind.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

FORMATS = ("csv", "parquet")
Coded = tuple[npt.NDArray[np.int32], Sequence[str | None]]
Column = Sequence[str | None] | Coded


def write_table(
    path: Path,
    columns: Sequence[str],
    chunks: Iterable[Mapping[str, Column]],
    fmt: str = "csv",
) -> int:
    """Write the chunks' columns (in `columns` order) to `path`; returns the number of rows."""
    import pyarrow as pa

    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: choose csv or parquet")
    schema = pa.schema([(name, pa.string()) for name in columns])
    partial = path.with_name(path.name + ".partial")
    rows = 0
    try:
        with _writer(partial, schema, fmt) as writer:
            for chunk in chunks:
                table = pa.table([_array(chunk[name]) for name in columns], schema=schema)
                writer.write_table(table)
                rows += table.num_rows
        partial.replace(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return rows


def _array(column: Column) -> Any:
    import pyarrow as pa

    if isinstance(column, tuple):
        codes, values = column
        indices = pa.array(codes, type=pa.int32(), mask=codes < 0)
        dictionary = pa.array(values, type=pa.string())
        return pa.DictionaryArray.from_arrays(indices, dictionary).cast(pa.string())
    return pa.array(column, type=pa.string())


def _writer(path: Path, schema: Any, fmt: str) -> Any:
    if fmt == "csv":
        import pyarrow.csv as pcsv

        options = pcsv.WriteOptions(include_header=True, quoting_style="needed")
        return pcsv.CSVWriter(str(path), schema, write_options=options)
    import pyarrow.parquet as pq

    return pq.ParquetWriter(str(path), schema, compression="zstd", write_statistics=False)


def write_json(path: Path, value: Any) -> None:
    """Pretty, key-sorted UTF-8 JSON (deterministic)."""
    partial = path.with_name(path.name + ".partial")
    partial.write_text(
        json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    partial.replace(path)
