"""Columnar containers: the account book, and blocks of transactions, trades and goods lines.

The normal market fills big blocks with numpy arrays; each injector fills small blocks through
`TxnRows`/`TradeRows` and turns them into the same shape. Transactions point at accounts by
their index in the one `Accounts` book (the market registers first, injectors append), and at
trades by an unscrambled 64-bit key (`ids.hex_keys`), so blocks from different components can
be concatenated without renumbering anything.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

I64 = npt.NDArray[np.int64]
U64A = npt.NDArray[np.uint64]
OBJ = np.dtype(object)  # text columns hold Python str (fast to take, join and write)

CHANNELS = ("collection", "settlement", "payout", "transfer", "cash")
COLLECTION, SETTLEMENT, PAYOUT, TRANSFER, CASH = range(5)
KINDS = ("1039", "9610", "0110")
K1039, K9610, K0110 = range(3)
NO_TRADE = np.uint64(2**64 - 1)
NO_DAY = -(10**6)  # an empty date


class Accounts:
    """Every account of the dataset: id, name as payment messages show it, country."""

    def __init__(self) -> None:
        self.ids: list[str] = []
        self.names: list[str] = []
        self.countries: list[str] = []

    def __len__(self) -> int:
        return len(self.ids)

    def add(self, account_id: str, name: str, country: str) -> int:
        self.ids.append(account_id)
        self.names.append(name)
        self.countries.append(country)
        return len(self.ids) - 1

    def extend(self, ids: Sequence[str], names: Sequence[str], countries: Sequence[str]) -> I64:
        first = len(self.ids)
        self.ids.extend(ids)
        self.names.extend(names)
        self.countries.extend(countries)
        return np.arange(first, len(self.ids), dtype=np.int64)


@dataclass
class TxnBlock:
    key: U64A  # unscrambled txn key: component << 48 | sequence
    ts: I64  # epoch seconds, UTC
    payer: I64  # index into Accounts
    payee: I64
    amount: I64  # minor units of `currency`
    currency: I64  # index into currencies.CURRENCIES
    channel: I64  # index into CHANNELS
    purpose: npt.NDArray[np.object_]  # str
    trade: U64A  # trade key or NO_TRADE
    source: I64  # row of the generator's own table whose text is filled in later, or -1

    def __len__(self) -> int:
        return len(self.key)

    def take(self, index: I64) -> TxnBlock:
        return TxnBlock(*(getattr(self, f)[index] for f in _TXN_FIELDS))

    @classmethod
    def concat(cls, blocks: Sequence[TxnBlock]) -> TxnBlock:
        return cls(*(np.concatenate([getattr(b, f) for b in blocks]) for f in _TXN_FIELDS))


_TXN_FIELDS = (
    "key",
    "ts",
    "payer",
    "payee",
    "amount",
    "currency",
    "channel",
    "purpose",
    "trade",
    "source",
)


@dataclass
class TradeBlock:
    key: U64A
    merchant: I64  # account index of the merchant
    buyer: I64  # account index of the buyer (id, name and country come from there)
    kind: I64  # index into KINDS
    declaration: I64  # number, or -1
    agent: I64  # number, or -1
    trade_day: I64  # day number (days since 1970-01-01, Shanghai)
    export_day: I64  # or NO_DAY
    amount: I64
    currency: I64
    prepayment: npt.NDArray[np.bool_]
    deadline_day: I64  # or NO_DAY

    def __len__(self) -> int:
        return len(self.key)

    @classmethod
    def concat(cls, blocks: Sequence[TradeBlock]) -> TradeBlock:
        return cls(*(np.concatenate([getattr(b, f) for b in blocks]) for f in _TRADE_FIELDS))


_TRADE_FIELDS = (
    "key",
    "merchant",
    "buyer",
    "kind",
    "declaration",
    "agent",
    "trade_day",
    "export_day",
    "amount",
    "currency",
    "prepayment",
    "deadline_day",
)


@dataclass
class LineBlock:
    trade: U64A  # trade key
    line_no: I64
    item: I64  # index into the catalogue
    quantity: I64
    unit_price_micro: I64  # millionths of the trade currency's unit
    currency: I64
    chinese: npt.NDArray[np.bool_]  # description in Chinese rather than English

    def __len__(self) -> int:
        return len(self.trade)

    @classmethod
    def concat(cls, blocks: Sequence[LineBlock]) -> LineBlock:
        return cls(*(np.concatenate([getattr(b, f) for b in blocks]) for f in _LINE_FIELDS))


_LINE_FIELDS = ("trade", "line_no", "item", "quantity", "unit_price_micro", "currency", "chinese")


@dataclass
class TxnRows:
    """Transactions of one injector, appended one at a time (there are few)."""

    component: int
    key: list[int] = field(default_factory=list)
    ts: list[int] = field(default_factory=list)
    payer: list[int] = field(default_factory=list)
    payee: list[int] = field(default_factory=list)
    amount: list[int] = field(default_factory=list)
    currency: list[int] = field(default_factory=list)
    channel: list[int] = field(default_factory=list)
    purpose: list[str] = field(default_factory=list)
    trade: list[int] = field(default_factory=list)

    def add(
        self,
        ts: int,
        payer: int,
        payee: int,
        amount: int,
        currency: int,
        channel: int,
        purpose: str = "",
        trade: int | None = None,
    ) -> int:
        """Append one transaction; returns its position in this block."""
        if amount <= 0:
            raise ValueError(f"a transaction needs a positive amount, got {amount}")
        position = len(self.key)
        self.key.append((self.component << 48) | position)
        self.ts.append(ts)
        self.payer.append(payer)
        self.payee.append(payee)
        self.amount.append(amount)
        self.currency.append(currency)
        self.channel.append(channel)
        self.purpose.append(purpose)
        self.trade.append(int(NO_TRADE) if trade is None else trade)
        return position

    def __len__(self) -> int:
        return len(self.key)

    def block(self) -> TxnBlock:
        return TxnBlock(
            key=np.array(self.key, dtype=np.uint64),
            ts=np.array(self.ts, dtype=np.int64),
            payer=np.array(self.payer, dtype=np.int64),
            payee=np.array(self.payee, dtype=np.int64),
            amount=np.array(self.amount, dtype=np.int64),
            currency=np.array(self.currency, dtype=np.int64),
            channel=np.array(self.channel, dtype=np.int64),
            purpose=text(self.purpose),
            trade=np.array(self.trade, dtype=np.uint64),
            source=np.full(len(self.key), -1, dtype=np.int64),
        )


def text(values: Sequence[str]) -> npt.NDArray[np.object_]:
    """An object array of str (np.array would make a fixed-width unicode array)."""
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array


def empty_trades() -> TradeBlock:
    i = np.zeros(0, dtype=np.int64)
    return TradeBlock(
        np.zeros(0, dtype=np.uint64), i, i, i, i, i, i, i, i, i, np.zeros(0, dtype=bool), i
    )


def empty_lines() -> LineBlock:
    i = np.zeros(0, dtype=np.int64)
    return LineBlock(np.zeros(0, dtype=np.uint64), i, i, i, i, i, np.zeros(0, dtype=bool))
