"""History as Parquet (microsecond UTC timestamps, integer minor units) for the SQL engines."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from yipay.monitoring.domain import Transaction


def write_transactions(path: Path, rows: Sequence[Transaction]) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema(
        [
            ("payment_id", pa.string()),
            ("merchant_id", pa.string()),
            ("payer_id", pa.string()),
            ("payer_country", pa.string()),
            ("buyer_id", pa.string()),
            ("buyer_country", pa.string()),
            ("received_at", pa.timestamp("us", tz="UTC")),
            ("booking_day", pa.date32()),
            ("currency", pa.string()),
            ("amount_minor", pa.int64()),
            ("amount_usd_minor", pa.int64()),
        ]
    )
    columns = {name: [getattr(r, name) for r in rows] for name in schema.names}
    table = pa.Table.from_pydict(columns, schema=schema)
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path)
    return path
