"""The dataset as the files' text: columns of strings, chunk by chunk, and the manifest.

Layouts (exactly these columns, in this order) are the external file layout that
`yipay monitor run --transactions FILE --trades FILE --goods-lines FILE` reads. Timestamps are
ISO 8601 UTC with `Z`, dates ISO, amounts decimal strings with exactly the currency's ISO 4217
exponent, unit prices with 4 decimals, booleans `true`/`false`; an empty value is None.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt

from yipay.simulate.aml.config import GENERATOR_VERSION
from yipay.simulate.aml.currencies import CURRENCIES, EXPONENT
from yipay.simulate.aml.dataset import AmlDataset
from yipay.simulate.aml.frame import CHANNELS, KINDS, NO_DAY, NO_TRADE
from yipay.simulate.aml.ids import mix64
from yipay.simulate.aml.market_clock import DAY
from yipay.simulate.aml.market_trades import EPOCH
from yipay.simulate.aml.patterns import PATTERNS
from yipay.simulate.documents import YIWU_CUSTOMS

I64 = npt.NDArray[np.int64]
Texts = Sequence[str | None]
Coded = tuple[npt.NDArray[np.int32], Texts]  # row i is values[codes[i]] (the writer decodes)
Column = Texts | Coded
Chunk = dict[str, Column]

TRANSACTION_COLUMNS = (
    "txn_id",
    "ts",
    "payer_id",
    "payee_id",
    "amount",
    "currency",
    "payer_name",
    "payee_name",
    "payer_country",
    "payee_country",
    "channel",
    "purpose",
    "trade_ref",
)
TRADE_COLUMNS = (
    "trade_id",
    "merchant_id",
    "buyer_id",
    "buyer_name",
    "buyer_country",
    "kind",
    "declaration_no",
    "agent_id",
    "trade_date",
    "export_date",
    "amount",
    "currency",
    "prepayment",
    "prepayment_deadline",
)
GOODS_LINE_COLUMNS = (
    "trade_id",
    "line_no",
    "hs_code",
    "description",
    "quantity",
    "unit_price",
    "currency",
)
LABEL_TRANSACTION_COLUMNS = ("txn_id", "typology", "pattern", "pattern_id")
LABEL_ACCOUNT_COLUMNS = ("account_id", "typology", "pattern", "pattern_id", "role")
LAYOUTS: dict[str, tuple[str, ...]] = {
    "transactions": TRANSACTION_COLUMNS,
    "trades": TRADE_COLUMNS,
    "goods_lines": GOODS_LINE_COLUMNS,
    "labels_transactions": LABEL_TRANSACTION_COLUMNS,
    "labels_accounts": LABEL_ACCOUNT_COLUMNS,
}
CHUNK_ROWS = 500_000


@cache
def _times_of_day() -> tuple[str, ...]:
    return tuple(f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}Z" for s in range(DAY))


def timestamps(ts: I64) -> list[str]:
    """Epoch seconds as 2026-03-02T09:15:42Z."""
    day, second = np.divmod(ts, DAY)
    first = int(day.min()) if len(day) else 0
    prefixes = [
        f"{(EPOCH + timedelta(days=first + d)).isoformat()}T"
        for d in range(int(day.max()) - first + 1 if len(day) else 0)
    ]
    times = _times_of_day()
    return [
        prefixes[d - first] + times[s] for d, s in zip(day.tolist(), second.tolist(), strict=True)
    ]


def coded(
    codes: npt.NDArray[np.int64] | npt.NDArray[np.uint64], names: Sequence[Texts]
) -> list[Coded]:
    """Columns for the values `codes` stand for in each of `names` (index → text lists or
    callables), sharing one renumbering of the codes this chunk uses."""
    used, inverse = np.unique(codes, return_inverse=True)
    small = inverse.astype(np.int32)
    return [(small, [values[u] for u in used.tolist()]) for values in names]


def dates(days: I64) -> Coded:
    """A column of day numbers as ISO dates (NO_DAY empty)."""
    used, inverse = np.unique(days, return_inverse=True)
    return inverse.astype(np.int32), day_texts(used)


def day_texts(days: I64) -> list[str | None]:
    """Day numbers as ISO dates; NO_DAY as None."""
    cache_: dict[int, str] = {}
    result: list[str | None] = []
    for d in days.tolist():
        if d == NO_DAY:
            result.append(None)
            continue
        text = cache_.get(d)
        if text is None:
            text = cache_[d] = (EPOCH + timedelta(days=d)).isoformat()
        result.append(text)
    return result


def amounts(minor: I64, currency: I64) -> list[str]:
    """Minor units as decimal strings with the currency's exponent (2985.00, 12.500, 7)."""
    exponent = EXPONENT[currency]
    result = [""] * len(minor)
    for e in np.unique(exponent).tolist():
        rows = np.flatnonzero(exponent == e)
        whole, part = np.divmod(minor[rows], 10**e)
        if e == 0:
            texts = [str(w) for w in whole.tolist()]
        else:
            texts = [f"{w}.{p:0{e}d}" for w, p in zip(whole.tolist(), part.tolist(), strict=True)]
        for row, text in zip(rows.tolist(), texts, strict=True):
            result[row] = text
    return result


def trade_ids(keys: npt.NDArray[np.uint64], key: int) -> Coded:
    """Printed trade ids of trade keys (NO_TRADE as empty)."""
    used, inverse = np.unique(keys, return_inverse=True)
    mixed = mix64(used, key).tolist()
    values: Texts = [
        None if k == int(NO_TRADE) else f"TR{m:016x}"
        for k, m in zip(used.tolist(), mixed, strict=True)
    ]
    return inverse.astype(np.int32), values


def small_codes(codes: I64, values: Sequence[str]) -> Coded:
    """A column of a few values (currencies, channels, kinds)."""
    return codes.astype(np.int32), list(values)


def txn_texts(dataset: AmlDataset) -> Iterator[Chunk]:
    market = dataset.market
    ids, names, countries = market.accounts.ids, market.accounts.names, market.accounts.countries
    txns = dataset.txns
    for lo in range(0, len(txns), CHUNK_ROWS):
        rows = slice(lo, lo + CHUNK_ROWS)
        payer_id, payer_name, payer_country = coded(txns.payer[rows], (ids, names, countries))
        payee_id, payee_name, payee_country = coded(txns.payee[rows], (ids, names, countries))
        yield {
            "txn_id": [f"T{v:016x}" for v in dataset.txn_ids[rows].tolist()],
            "ts": timestamps(txns.ts[rows]),
            "payer_id": payer_id,
            "payee_id": payee_id,
            "amount": amounts(txns.amount[rows], txns.currency[rows]),
            "currency": small_codes(txns.currency[rows], CURRENCIES),
            "payer_name": payer_name,
            "payee_name": payee_name,
            "payer_country": payer_country,
            "payee_country": payee_country,
            "channel": small_codes(txns.channel[rows], CHANNELS),
            "purpose": [p or None for p in txns.purpose[rows].tolist()],
            "trade_ref": trade_ids(txns.trade[rows], market.keys.trade_key),
        }


def trade_texts(dataset: AmlDataset) -> Iterator[Chunk]:
    market = dataset.market
    ids, names, countries = market.accounts.ids, market.accounts.names, market.accounts.countries
    trades = dataset.trades
    agent_ids: Texts = list(market.keys.agent.ids(0, np.arange(market.agents)))
    for lo in range(0, len(trades), CHUNK_ROWS):
        rows = slice(lo, lo + CHUNK_ROWS)
        buyer_id, buyer_name, buyer_country = coded(trades.buyer[rows], (ids, names, countries))
        (merchant_id,) = coded(trades.merchant[rows], (ids,))
        declared_day = np.where(trades.export_day[rows] != NO_DAY, trades.export_day[rows],
                                trades.trade_day[rows])  # fmt: skip
        years = (
            declared_day.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
        ).tolist()
        yield {
            "trade_id": trade_ids(trades.key[rows], market.keys.trade_key),
            "merchant_id": merchant_id,
            "buyer_id": buyer_id,
            "buyer_name": buyer_name,
            "buyer_country": buyer_country,
            "kind": small_codes(trades.kind[rows], KINDS),
            "declaration_no": [
                None if n < 0 else f"{YIWU_CUSTOMS}{y}0{n:09d}"
                for n, y in zip(trades.declaration[rows].tolist(), years, strict=True)
            ],
            "agent_id": (trades.agent[rows].astype(np.int32), agent_ids),
            "trade_date": dates(trades.trade_day[rows]),
            "export_date": dates(trades.export_day[rows]),
            "amount": amounts(trades.amount[rows], trades.currency[rows]),
            "currency": small_codes(trades.currency[rows], CURRENCIES),
            "prepayment": small_codes(trades.prepayment[rows].astype(np.int64), ("false", "true")),
            "prepayment_deadline": dates(trades.deadline_day[rows]),
        }


def line_texts(dataset: AmlDataset) -> Iterator[Chunk]:
    catalogue = dataset.market.catalogue
    descriptions: Texts = [name for i in catalogue.items for name in (i.name, i.name_zh)]
    lines = dataset.lines
    for lo in range(0, len(lines), CHUNK_ROWS):
        rows = slice(lo, lo + CHUNK_ROWS)
        whole, part = np.divmod(lines.unit_price_micro[rows], 1_000_000)
        (hs_code,) = coded(lines.item[rows], (list(catalogue.hs_code),))
        described = lines.item[rows] * 2 + lines.chinese[rows]
        (description,) = coded(described, (descriptions,))
        yield {
            "trade_id": trade_ids(lines.trade[rows], dataset.market.keys.trade_key),
            "line_no": [str(n) for n in lines.line_no[rows].tolist()],
            "hs_code": hs_code,
            "description": description,
            "quantity": [str(q) for q in lines.quantity[rows].tolist()],
            "unit_price": [
                f"{w}.{p // 100:04d}" for w, p in zip(whole.tolist(), part.tolist(), strict=True)
            ],
            "currency": small_codes(lines.currency[rows], CURRENCIES),
        }


def label_texts(dataset: AmlDataset) -> Iterator[Chunk]:
    rows = np.array([label.txn for label in dataset.txn_labels], dtype=np.int64)
    yield {
        "txn_id": [f"T{v:016x}" for v in dataset.txn_ids[rows].tolist()],
        "typology": [str(label.typology) for label in dataset.txn_labels],
        "pattern": [label.pattern for label in dataset.txn_labels],
        "pattern_id": [label.pattern_id for label in dataset.txn_labels],
    }


def account_label_texts(dataset: AmlDataset) -> Iterator[Chunk]:
    ids = dataset.market.accounts.ids
    labels = sorted(dataset.account_labels, key=lambda a: (a.pattern_id, a.role, ids[a.account]))
    yield {
        "account_id": [ids[a.account] for a in labels],
        "typology": [str(a.typology) for a in labels],
        "pattern": [a.pattern for a in labels],
        "pattern_id": [a.pattern_id for a in labels],
        "role": [a.role for a in labels],
    }


def tables(dataset: AmlDataset) -> dict[str, Iterator[Chunk]]:
    """File name (without extension) → chunks of its columns."""
    return {
        "transactions": txn_texts(dataset),
        "trades": trade_texts(dataset),
        "goods_lines": line_texts(dataset),
        "labels_transactions": label_texts(dataset),
        "labels_accounts": account_label_texts(dataset),
    }


def manifest(dataset: AmlDataset) -> dict[str, Any]:
    """What was generated and how: enough to reproduce and to weigh the labels."""
    market = dataset.market
    txns = dataset.txns
    per_pattern = Counter(label.pattern for label in dataset.txn_labels)
    accounts = Counter(label.pattern for label in dataset.account_labels)
    laundering = len(dataset.txn_labels)
    typologies: dict[str, dict[str, Any]] = {}
    for pattern in PATTERNS:
        entry = typologies.setdefault(str(pattern.typology), {"transactions": 0, "patterns": []})
        entry["transactions"] += per_pattern[pattern.name]
        entry["patterns"].append(pattern.name)
    return {
        "generator": "yipay.simulate.aml",
        "version": GENERATOR_VERSION,
        "config": dataset.config.as_json(),
        "window": {
            "first_day": _date(market.first_day).isoformat(),
            "last_day": _date(market.last_day).isoformat(),
            "start": timestamps(np.array([market.start_ts]))[0],
            "end": timestamps(np.array([market.end_ts]))[0],
        },
        "rows": {
            "transactions": len(txns),
            "trades": len(dataset.trades),
            "goods_lines": len(dataset.lines),
            "labels_transactions": laundering,
            "labels_accounts": len(dataset.account_labels),
        },
        "transactions": {
            "normal": dataset.normal_transactions,
            "laundering": laundering,
            "injected_unlabelled": len(txns) - dataset.normal_transactions - laundering,
            "laundering_share": f"{laundering / len(txns):.5f}",
            "by_channel": {c: int((txns.channel == i).sum()) for i, c in enumerate(CHANNELS)},
        },
        "patterns": {
            p.name: {
                "typology": p.typology,
                "rate": str(dataset.config.rate(p.name)),
                "cases": dataset.cases[p.name],
                "transactions": per_pattern[p.name],
                "accounts": accounts[p.name],
            }
            for p in PATTERNS
        },
        "typologies": typologies,
    }


def _date(day: int) -> date:
    return EPOCH + timedelta(days=day)
