"""Write a matching dataset as the files `yipay reconcile` reads, plus its truth.

P.csv, T.csv and R.csv have exactly the columns the issue fixes (R.csv is the project's rates
file, `base,quote,bid,ask,source,as_of`); truth.csv is `payment_id,trade_id,allocated_amount,
currency,case`; relations.csv lists known third-party payers. `write_reconcile` streams a big set
chunk by chunk, so memory stays flat whatever the size.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from yipay.core.clock import ensure_utc
from yipay.simulate.reconcile_cases import (
    dataset_rates,
    iter_chunks,
    rate_range,
    rates_codes,
)
from yipay.simulate.reconcile_records import (
    ReconcileChunk,
    ReconcileConfig,
    ReconcileDataset,
    RecPayment,
    RecTrade,
    Relation,
    TruthRow,
)
from yipay.simulate.records import SimRate

PAYMENT_COLUMNS = (
    "payment_id",
    "value_date",
    "amount",
    "currency",
    "payer_name",
    "payer_country",
    "payer_account",
    "remittance_info",
    "beneficiary_id",
    "charges_amount",
    "charges_currency",
    "charge_bearer",
    "instructed_amount",
    "instructed_currency",
)
TRADE_COLUMNS = (
    "trade_id",
    "merchant_id",
    "buyer_name",
    "buyer_country",
    "amount",
    "currency",
    "trade_date",
    "declaration_no",
    "order_no",
    "invoice_no",
    "waybill_no",
    "goods_description",
    "hs_code",
)
RATE_COLUMNS = ("base", "quote", "bid", "ask", "source", "as_of")
TRUTH_COLUMNS = ("payment_id", "trade_id", "allocated_amount", "currency", "case")
RELATION_COLUMNS = ("buyer_name", "payer_name", "payer_account", "relation")
FILES = {
    "P.csv": PAYMENT_COLUMNS,
    "T.csv": TRADE_COLUMNS,
    "R.csv": RATE_COLUMNS,
    "truth.csv": TRUTH_COLUMNS,
    "relations.csv": RELATION_COLUMNS,
}

Record = RecPayment | RecTrade | TruthRow | Relation | SimRate


def write_reconcile_dataset(dataset: ReconcileDataset, directory: Path) -> dict[str, int]:
    """Writes the five files of an in-memory dataset; returns data rows per file."""
    chunk = ReconcileChunk(0, dataset.payments, dataset.trades, dataset.truth, dataset.relations)
    return _write([chunk], dataset.rates, directory)


def write_reconcile(
    config: ReconcileConfig,
    directory: Path,
    progress: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """Generates and writes `config`'s dataset chunk by chunk (`progress` gets payments done)."""
    rates = dataset_rates(config)
    rows = rates.rows(set(rates_codes()), *rate_range(config))
    return _write(iter_chunks(config, rates), rows, directory, progress)


def _write(
    chunks: Iterable[ReconcileChunk],
    rates: Iterable[SimRate],
    directory: Path,
    progress: Callable[[int], None] | None = None,
) -> dict[str, int]:
    directory.mkdir(parents=True, exist_ok=True)
    counts = dict.fromkeys(FILES, 0)
    with ExitStack() as stack:
        writers = {}
        for name, columns in FILES.items():
            handle = stack.enter_context((directory / name).open("w", encoding="utf-8", newline=""))
            writers[name] = csv.writer(handle, lineterminator="\n")
            writers[name].writerow(columns)
        for chunk in chunks:
            for name, records in (
                ("P.csv", chunk.payments),
                ("T.csv", chunk.trades),
                ("truth.csv", chunk.truth),
                ("relations.csv", chunk.relations),
            ):
                writers[name].writerows(_row(r, FILES[name]) for r in records)
                counts[name] += len(records)
            if progress is not None:
                progress(len(chunk.payments))
        rate_rows = [_row(rate, RATE_COLUMNS) for rate in rates]
        writers["R.csv"].writerows(rate_rows)
        counts["R.csv"] = len(rate_rows)
    return counts


def _row(record: Any, columns: tuple[str, ...]) -> list[str]:
    return [_text(getattr(record, column)) for column in columns]


def _text(value: object) -> str:
    """Decimals as plain strings (never exponent notation), dates and instants in ISO 8601."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, datetime):
        return ensure_utc(value).isoformat().replace("+00:00", "Z")
    if isinstance(value, date | str | int):
        return value.isoformat() if isinstance(value, date) else str(value)
    raise TypeError(f"cannot write {type(value).__name__}")
