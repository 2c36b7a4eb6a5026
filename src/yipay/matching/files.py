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
from collections.abc import Callable, Iterable
from typing import TypeVar

from yipay.core.clock import parse_date
from yipay.core.errors import InvalidInput, YipayError
from yipay.core.money import Money
from yipay.matching.reconcile import Allocation, PaymentRecord, Relation, Suggestion, TradeRecord

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
