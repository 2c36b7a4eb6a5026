"""The CSV shapes of `yipay reconcile` (pure: text in, records out; rows out, text in).

P.csv: `payment_id,value_date,amount,currency,payer_name,payer_country,payer_account,
remittance_info,beneficiary_id[,charges_amount,charges_currency,charge_bearer,instructed_amount,
instructed_currency]`. T.csv: `trade_id,merchant_id,buyer_name,buyer_country,amount,currency,
trade_date[,declaration_no,order_no,invoice_no,waybill_no,goods_description,hs_code]`.
REL.csv (optional): `buyer_name[,payer_name][,payer_account]`. Other columns are ignored.
Every problem is one line naming the file and line; all rows or none.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import TypeVar

from yipay.core.clock import parse_date
from yipay.core.currency import currency
from yipay.core.errors import InvalidInput, YipayError
from yipay.core.money import Money
from yipay.matching.reconcile import (
    Allocation,
    PaymentRecord,
    PaymentRow,
    Relation,
    Suggestion,
    TradeRecord,
    TradeRow,
)

PAYMENT_COLUMNS = (
    "payment_id", "value_date", "amount", "currency", "payer_name", "payer_country",
    "payer_account", "remittance_info", "beneficiary_id",
)  # fmt: skip
TRADE_COLUMNS = (
    "trade_id", "merchant_id", "buyer_name", "buyer_country", "amount", "currency", "trade_date",
)  # fmt: skip
RELATION_COLUMNS = ("buyer_name",)
MATCH_HEADER = ("payment_id", "trade_id", "allocated_amount", "currency", "score")
SUGGESTION_HEADER = ("payment_id", "rank", "trade_id", "score", "reason", "explanation")
BEARERS = frozenset({"SHA", "OUR", "BEN", "SLEV", "DEBT", "CRED", "SHAR"})
_ISO_BEARER = {"SLEV": "SHA", "SHAR": "SHA", "DEBT": "OUR", "CRED": "BEN"}

T = TypeVar("T")


class InvalidReconcileInput(InvalidInput):
    code = "reconcile_input_invalid"


def _rows(
    text: str, name: str, required: tuple[str, ...], build: Callable[[dict[str, str]], T]
) -> list[T]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = [h.strip() for h in reader.fieldnames or []]
    except csv.Error as exc:
        raise InvalidReconcileInput(f"{name} line 1: not CSV ({exc})") from None
    missing = [c for c in required if c not in header]
    if missing:
        raise InvalidReconcileInput(f"{name} line 1: the header needs {', '.join(missing)}")
    out = []
    try:
        for row in reader:
            number = reader.line_num
            if None in row:
                raise InvalidReconcileInput(f"{name} line {number}: more fields than the header")
            clean = {k.strip(): (v or "").strip() for k, v in row.items() if k}
            try:
                out.append(build(clean))
            except YipayError as exc:
                raise InvalidReconcileInput(f"{name} line {number}: {exc.message}") from None
    except csv.Error as exc:
        raise InvalidReconcileInput(f"{name} line {reader.line_num}: not CSV ({exc})") from None
    return out


def _required(row: dict[str, str], column: str) -> str:
    value = row.get(column, "")
    if not value:
        raise InvalidReconcileInput(f"{column} is empty")
    return value


def _money(row: dict[str, str], amount: str, code: str, *, optional: bool = False) -> Money | None:
    value, unit = row.get(amount, ""), row.get(code, "")
    if optional and not value:
        return None
    if not value:
        raise InvalidReconcileInput(f"{amount} is empty")
    if not unit:
        raise InvalidReconcileInput(f"{code} is empty")
    money = Money.of(value, unit)
    if money.minor < 0 or (not optional and money.minor == 0):
        raise InvalidReconcileInput(f"{amount} must be positive, got {value}")
    return money


def _payment(row: dict[str, str]) -> PaymentRecord:
    amount = _money(row, "amount", "currency")
    assert amount is not None
    bearer = row.get("charge_bearer", "").upper() or None
    if bearer is not None and bearer not in BEARERS:
        raise InvalidReconcileInput(f"charge_bearer must be SHA, OUR or BEN, got {bearer!r}")
    return PaymentRecord(
        payment_id=_required(row, "payment_id"),
        value_date=parse_date(_required(row, "value_date")),
        amount=amount,
        payer_name=row.get("payer_name", ""),
        payer_country=row.get("payer_country", "").upper(),
        payer_account=row.get("payer_account", ""),
        remittance_info=row.get("remittance_info", ""),
        beneficiary_id=_required(row, "beneficiary_id"),
        charges=_money(row, "charges_amount", "charges_currency", optional=True),
        charge_bearer=_ISO_BEARER.get(bearer, bearer) if bearer else None,
        instructed=_money(row, "instructed_amount", "instructed_currency", optional=True),
    )


def _trade(row: dict[str, str]) -> TradeRecord:
    amount = _money(row, "amount", "currency")
    assert amount is not None
    return TradeRecord(
        trade_id=_required(row, "trade_id"),
        merchant_id=_required(row, "merchant_id"),
        buyer_name=row.get("buyer_name", ""),
        buyer_country=row.get("buyer_country", "").upper(),
        amount=amount,
        trade_date=parse_date(_required(row, "trade_date")),
        declaration_no=row.get("declaration_no", ""),
        order_no=row.get("order_no", ""),
        invoice_no=row.get("invoice_no", ""),
        waybill_no=row.get("waybill_no", ""),
        goods_description=row.get("goods_description", ""),
        hs_code=row.get("hs_code", ""),
    )


def _relation(row: dict[str, str]) -> Relation:
    relation = Relation(
        _required(row, "buyer_name"), row.get("payer_name", ""), row.get("payer_account", "")
    )
    if not relation.payer_name and not relation.payer_account:
        raise InvalidReconcileInput("payer_name and payer_account are both empty")
    return relation


def _unique(ids: Iterable[str], what: str, name: str) -> None:
    seen: set[str] = set()
    for value in ids:
        if value in seen:
            raise InvalidReconcileInput(f"{name}: {what} {value!r} appears twice")
        seen.add(value)


def parse_payments(text: str, *, name: str) -> list[PaymentRecord]:
    payments = _rows(text, name, PAYMENT_COLUMNS, _payment)
    _unique((p.payment_id for p in payments), "payment_id", name)
    return payments


def parse_trades(text: str, *, name: str) -> list[TradeRecord]:
    trades = _rows(text, name, TRADE_COLUMNS, _trade)
    _unique((t.trade_id for t in trades), "trade_id", name)
    return trades


def parse_relations(text: str, *, name: str) -> list[Relation]:
    return _rows(text, name, RELATION_COLUMNS, _relation)


def match_rows(allocations: Iterable[Allocation]) -> list[list[str]]:
    return [
        [
            a.payment_id,
            a.trade_id or "",
            str(a.received.amount),
            a.received.currency.code,
            f"{a.score:.4f}",
        ]
        for a in allocations
    ]


def suggestion_rows(suggestions: Iterable[Suggestion]) -> list[list[str]]:
    return [
        [
            s.payment_id,
            str(s.rank),
            ";".join(s.trade_ids),
            f"{s.score:.4f}",
            s.reason,
            s.explanation,
        ]
        for s in suggestions
    ]


# -- the fast path: CSV lines straight to engine rows ---------------------------------------------
# Stricter than the record parsers above: anything unusual (a sign, an exponent-free oddity, a
# duplicate column, an error of any kind) makes it give up (None), and the caller then parses with
# the record parsers, which name the file and line of the problem. What it accepts, it reads to the
# same values.

_PLAIN_AMOUNT = re.compile(r"[0-9]+(?:\.[0-9]*)?")
Keep = Callable[[str], bool]


class _GiveUp(Exception):
    """The fast path cannot read this input: use the record parsers."""


def _columns(reader: Iterator[list[str]], required: tuple[str, ...]) -> tuple[dict[str, int], int]:
    """(column → position, width of the header); a missing column is at the width (empty)."""
    header = next(reader, [])
    named = [raw.strip() for raw in header if raw]
    if len(set(named)) != len(named) or any(c not in named for c in required):
        raise _GiveUp
    return {raw.strip(): n for n, raw in enumerate(header) if raw}, len(header)


def _unbom(lines: Iterable[str]) -> Iterator[str]:
    rest = iter(lines)
    first = next(rest, None)
    return rest if first is None else itertools.chain((first.lstrip("\ufeff"),), rest)


class _Reader:
    """Cached conversions shared by the rows of one file."""

    def __init__(self) -> None:
        self.days: dict[str, int] = {}
        self.units: dict[str, tuple[str, int]] = {}

    def day(self, text: str) -> int:
        day = self.days.get(text)
        if day is None:
            try:
                day = self.days[text] = date.fromisoformat(text).toordinal()
            except ValueError:
                raise _GiveUp from None
        return day

    def minor(self, value: str, unit: str, *, optional: bool) -> tuple[int, str] | None:
        if optional and not value:
            return None
        if not value or not unit:
            raise _GiveUp
        known = self.units.get(unit)
        if known is None:
            try:
                found = currency(unit)
            except Exception:  # noqa: BLE001 - the record parser words the problem
                raise _GiveUp from None
            known = self.units[unit] = (found.code, found.exponent)
        code, exponent = known
        if not _PLAIN_AMOUNT.fullmatch(value):
            raise _GiveUp
        whole, _dot, fraction = value.partition(".")
        fraction = fraction.rstrip("0")
        if len(fraction) > exponent:
            raise _GiveUp
        minor = int(whole + fraction.ljust(exponent, "0"))
        if minor == 0 and not optional:
            raise _GiveUp
        return minor, code


_PAD = [""]  # rows are padded to one past the header: absent optional columns point there


def fast_payment_rows(
    lines: Iterable[str], keep: Keep | None = None
) -> tuple[list[tuple[int, PaymentRow]], int] | None:
    """(position, row) of the payments whose beneficiary `keep` accepts (all when None), and how
    many payments the file has; None when the fast path cannot read it."""
    try:
        return _payment_rows(csv.reader(_unbom(lines)), keep)
    except (_GiveUp, csv.Error, UnicodeError, OSError):
        return None


def _payment_rows(
    reader: Iterator[list[str]], keep: Keep | None
) -> tuple[list[tuple[int, PaymentRow]], int]:
    columns, fields = _columns(reader, PAYMENT_COLUMNS)
    c_id, c_day, c_amount, c_code = (
        columns["payment_id"], columns["value_date"], columns["amount"], columns["currency"],
    )  # fmt: skip
    c_payer, c_country, c_account, c_info, c_merchant = (
        columns["payer_name"], columns["payer_country"], columns["payer_account"],
        columns["remittance_info"], columns["beneficiary_id"],
    )  # fmt: skip
    optional = [
        columns.get(name, fields)
        for name in (
            "charges_amount", "charges_currency", "charge_bearer", "instructed_amount",
            "instructed_currency",
        )
    ]  # fmt: skip
    parse = _Reader()
    seen: set[str] = set()
    owned: dict[str, bool] = {}
    out: list[tuple[int, PaymentRow]] = []
    position = 0
    padding = _PAD
    for row in reader:
        if len(row) != fields:
            if not row:
                continue
            if len(row) > fields:
                raise _GiveUp
            padding = [""] * (fields + 1 - len(row))
        row.extend(padding)  # absent columns read as empty
        padding = _PAD
        payment_id = row[c_id].strip()
        if not payment_id or payment_id in seen:
            raise _GiveUp
        seen.add(payment_id)
        merchant = row[c_merchant].strip()
        position += 1
        if keep is not None:
            mine = owned.get(merchant)
            if mine is None:
                mine = owned[merchant] = keep(merchant)
            if not mine:
                continue
        if not merchant:
            raise _GiveUp
        amount = parse.minor(row[c_amount].strip(), row[c_code].strip(), optional=False)
        assert amount is not None
        charges = parse.minor(row[optional[0]].strip(), row[optional[1]].strip(), optional=True)
        instructed = parse.minor(row[optional[3]].strip(), row[optional[4]].strip(), optional=True)
        bearer = row[optional[2]].strip().upper() or None
        if bearer is not None:
            if bearer not in BEARERS:
                raise _GiveUp
            bearer = _ISO_BEARER.get(bearer, bearer)
        value_date = row[c_day].strip()
        if not value_date:
            raise _GiveUp
        out.append(
            (
                position - 1,
                (
                    payment_id,
                    parse.day(value_date),
                    amount[0],
                    amount[1],
                    row[c_payer].strip(),
                    row[c_country].strip().upper(),
                    row[c_account].strip(),
                    row[c_info].strip(),
                    merchant,
                    None if charges is None else charges[0],
                    None if charges is None else charges[1],
                    bearer,
                    None if instructed is None else instructed[0],
                    None if instructed is None else instructed[1],
                ),
            )
        )
    return out, position


def fast_trade_rows(lines: Iterable[str], keep: Keep | None = None) -> list[TradeRow] | None:
    """The trades whose merchant `keep` accepts (all when None); None when the fast path cannot
    read the file."""
    try:
        return _trade_rows(csv.reader(_unbom(lines)), keep)
    except (_GiveUp, csv.Error, UnicodeError, OSError):
        return None


def _trade_rows(reader: Iterator[list[str]], keep: Keep | None) -> list[TradeRow]:
    columns, fields = _columns(reader, TRADE_COLUMNS)
    c_id, c_merchant, c_buyer, c_country, c_amount, c_code, c_day = (
        columns[name] for name in TRADE_COLUMNS
    )
    refs = [
        columns.get(name, fields)
        for name in ("invoice_no", "order_no", "declaration_no", "waybill_no")
    ]
    r_invoice, r_order, r_declaration, r_waybill = refs
    parse = _Reader()
    seen: set[str] = set()
    owned: dict[str, bool] = {}
    out: list[TradeRow] = []
    padding = _PAD
    for row in reader:
        if len(row) != fields:
            if not row:
                continue
            if len(row) > fields:
                raise _GiveUp
            padding = [""] * (fields + 1 - len(row))
        row.extend(padding)  # absent columns read as empty
        padding = _PAD
        trade_id = row[c_id].strip()
        if not trade_id or trade_id in seen:
            raise _GiveUp
        seen.add(trade_id)
        merchant = row[c_merchant].strip()
        if keep is not None:
            mine = owned.get(merchant)
            if mine is None:
                mine = owned[merchant] = keep(merchant)
            if not mine:
                continue
        if not merchant:
            raise _GiveUp
        amount = parse.minor(row[c_amount].strip(), row[c_code].strip(), optional=False)
        assert amount is not None
        trade_date = row[c_day].strip()
        if not trade_date:
            raise _GiveUp
        out.append(
            (
                trade_id,
                merchant,
                row[c_buyer].strip(),
                row[c_country].strip().upper(),
                amount[0],
                amount[1],
                parse.day(trade_date),
                row[r_invoice].strip(),
                row[r_order].strip(),
                row[r_declaration].strip(),
                row[r_waybill].strip(),
            )
        )
    return out


def decimal_text(minor: int, exponent: int) -> str:
    """`str(Money(minor, …).amount)` for a non-negative amount, without building a Decimal."""
    if exponent == 0:
        return str(minor)
    digits = str(minor).rjust(exponent + 1, "0")
    return f"{digits[:-exponent]}.{digits[-exponent:]}"
