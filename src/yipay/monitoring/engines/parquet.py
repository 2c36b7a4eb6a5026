"""The platform's history as the canonical `transactions` table (Parquet, microsecond UTC).

The same table external files are loaded into, so every rule reads one shape whichever the
source; what the platform does not keep (payee names, payee countries) is NULL.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from yipay.monitoring.domain import Transaction
from yipay.monitoring.portable import TRANSACTION_COLUMNS

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _row(txn: Transaction) -> dict[str, Any]:
    at = txn.received_at.astimezone(UTC)
    delta = at - _EPOCH
    return {
        "txn_id": txn.payment_id,
        "ts": at.replace(tzinfo=None),
        "ts_us": (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds,
        "day_no": txn.day_no,
        "payer_id": txn.payer_id,
        "payee_id": txn.merchant_id,
        "amount_minor": txn.amount_minor,
        "currency": txn.currency,
        "amount_usd_minor": txn.amount_usd_minor,
        "payer_country": txn.payer_country,
        "buyer_id": txn.buyer_id,
        "buyer_country": txn.buyer_country,
        "trade_ref": txn.trade_ref,
        "payer_name": txn.payer_name,
        "purpose": txn.purpose,
        "channel": "collection",  # the platform's history is inbound collections
    }


def write_rows(
    path: Path, columns: Sequence[tuple[str, str]], rows: Sequence[Mapping[str, Any]]
) -> Path:
    """Rows as one canonical table (`portable`'s column names and SQL types); absent keys NULL."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {
        "VARCHAR": pa.string(),
        "TIMESTAMP": pa.timestamp("us"),
        "BIGINT": pa.int64(),
        "INTEGER": pa.int32(),
        "BOOLEAN": pa.bool_(),
    }
    schema = pa.schema([(name, types[kind]) for name, kind in columns])
    data = {name: [r.get(name) for r in rows] for name in schema.names}
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pydict(data, schema=schema), path)
    return path


def write_transactions(path: Path, rows: Sequence[Transaction]) -> Path:
    return write_rows(path, TRANSACTION_COLUMNS, [_row(txn) for txn in rows])
