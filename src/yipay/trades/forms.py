"""The JSON forms of trade records, shared by the API, the CLI, the feed import and the demo.

Every problem of a form is collected with the field it concerns (`slices[1].goods[0].hs_code`),
so the feed import can list them all per line and the API can answer with all of them at once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from yipay.core.clock import parse_date
from yipay.core.countries import country
from yipay.core.currency import parse_currency_code
from yipay.core.errors import InvalidInput, YipayError
from yipay.core.money import Money, to_decimal
from yipay.trades.commands import (
    DocumentInput,
    RegisterDeclaration,
    RegisterDocument,
    RegisterTrade,
    fingerprint,
)
from yipay.trades.domain import (
    DocumentKind,
    GoodsLine,
    Provenance,
    TradeKind,
    goods_problems,
    valid_hs_code,
)

T = TypeVar("T")

TRADE_FIELDS = {
    "merchant_id",
    "buyer_id",
    "kind",
    "reference",
    "amount",
    "currency",
    "trade_date",
    "declaration_no",
    "export_date",
    "goods_description",
    "hs_code",
    "platform_id",
    "order_no",
    "waybill_no",
    "goods",
    "documents",
    "prepayment",
    "documents_due_by",
    "payer_name",
}
FEED_TRADE_FIELDS = TRADE_FIELDS | {"record"}
SLICE_FIELDS = TRADE_FIELDS - {"kind", "declaration_no", "currency"}
DECLARATION_FIELDS = {
    "record",
    "platform_id",
    "declaration_no",
    "export_agent",
    "container_no",
    "port",
    "export_date",
    "amount",
    "currency",
    "usd_value",
    "documents",
    "slices",
}
GOODS_FIELDS = {"name", "hs_code", "quantity", "unit", "unit_price", "amount", "currency"}
DOCUMENT_FIELDS = {
    "kind",
    "number",
    "export_date",
    "order_no",
    "consignee_name",
    "consignee_country",
    "carrier",
    "amount",
    "currency",
}
DOCUMENT_RECORD_FIELDS = DOCUMENT_FIELDS | {"record", "platform_id", "merchant_id", "trade"}
MAX_GOODS_LINES = 500
MAX_SLICES = 200
MAX_DOCUMENTS = 50


class Problems:
    """(field, reason) pairs collected while reading one record."""

    def __init__(self) -> None:
        self.items: list[tuple[str, str]] = []

    def add(self, field: str, reason: str) -> None:
        self.items.append((field, reason))

    def read(self, field: str, read: Callable[[], T], default: T) -> T:
        try:
            return read()
        except YipayError as exc:
            reason = exc.message
            bare = field.rsplit(".", 1)[-1].split("[", maxsplit=1)[0]
            for prefix in (f"{bare}: ", f"{bare} "):
                reason = reason.removeprefix(prefix)
            self.add(field, reason)
            return default

    def raise_if_any(self, what: str) -> None:
        if self.items:
            shown = "; ".join(_say(f, r) for f, r in self.items[:20])
            raise InvalidInput(f"{what}: {shown}")


def _say(field: str, reason: str) -> str:
    joins = ("is ", "must ", "at most ", "only ", "a ", "unknown ")
    return f"{field} {reason}" if reason.startswith(joins) else f"{field}: {reason}"


# -- field readers (raise InvalidInput; Problems.read turns that into a problem) ----------------


def _text(data: Mapping[str, Any], name: str, limit: int, *, required: bool = False) -> str | None:
    value = data.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise InvalidInput("is required")
        return None
    if not isinstance(value, str):
        raise InvalidInput("must be a string")
    value = value.strip()
    if len(value) > limit:
        raise InvalidInput(f"is longer than {limit} characters")
    return value


def _required(data: Mapping[str, Any], name: str, limit: int) -> str:
    value = _text(data, name, limit, required=True)
    assert value is not None
    return value


def _date(data: Mapping[str, Any], name: str, *, required: bool = False) -> date | None:
    value = _text(data, name, 10, required=required)
    return parse_date(value) if value else None


def _currency(data: Mapping[str, Any], default: str | None = None) -> str:
    value = data.get("currency", default)
    code, _offshore = parse_currency_code(value)
    return code


def _money(data: Mapping[str, Any], name: str, code: str) -> Money:
    if data.get(name) in (None, ""):
        raise InvalidInput("is required")
    return Money.of(data.get(name), code)


def _positive_money(data: Mapping[str, Any], name: str, code: str) -> Money:
    amount = _money(data, name, code)
    if not amount.is_positive:
        raise InvalidInput("must be positive")
    return amount


def _decimal(data: Mapping[str, Any], name: str) -> Decimal:
    value = data.get(name)
    if value in (None, ""):
        raise InvalidInput("is required")
    return to_decimal(value, what=name)


def _flag(data: Mapping[str, Any], name: str) -> bool:
    value = data.get(name)
    if value is None or value == "":
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in {"true", "false", "yes", "no", "1", "0"}:
        return value.strip().lower() in {"true", "yes", "1"}
    raise InvalidInput("must be true or false")


def _kind(data: Mapping[str, Any]) -> TradeKind:
    value = _text(data, "kind", 8)
    if value is None:
        return TradeKind.ORDER
    try:
        return TradeKind(value)
    except ValueError:
        options = ", ".join(k.value for k in TradeKind)
        raise InvalidInput(f"must be one of {options}; got {value!r}") from None


def _document_kind(data: Mapping[str, Any]) -> DocumentKind:
    value = _required(data, "kind", 24).lower()
    try:
        return DocumentKind(value)
    except ValueError:
        options = ", ".join(k.value for k in DocumentKind)
        raise InvalidInput(f"must be one of {options}; got {value!r}") from None


def _hs_code(data: Mapping[str, Any], *, required: bool) -> str | None:
    value = _text(data, "hs_code", 10, required=required)
    if value is not None and not valid_hs_code(value):
        raise InvalidInput(f"must be 6 to 10 digits; got {value!r}")
    return value


def _mapping(data: object, problems: Problems, where: str, what: str) -> Mapping[str, Any] | None:
    if not isinstance(data, Mapping):
        problems.add(where or "record", f"{what} must be a JSON object")
        return None
    return data


def _unknown(data: Mapping[str, Any], allowed: set[str], problems: Problems, where: str) -> None:
    for name in sorted(set(data) - allowed):
        problems.add(f"{where}{name}", "unknown field")


def _list(
    data: Mapping[str, Any], name: str, limit: int, problems: Problems, where: str
) -> list[Any]:
    value = data.get(name)
    if value is None:
        return []
    if not isinstance(value, list):
        problems.add(f"{where}{name}", "must be a list")
        return []
    if len(value) > limit:
        problems.add(f"{where}{name}", f"at most {limit} entries")
        return []
    return value


# -- parts -------------------------------------------------------------------------------------


def goods_lines(items: list[Any], code: str, problems: Problems, where: str) -> list[GoodsLine]:
    lines: list[GoodsLine] = []
    for i, item in enumerate(items):
        at = f"{where}goods[{i}]."
        line = _mapping(item, problems, at.rstrip("."), "a goods line")
        if line is not None:
            parsed = _goods_line(line, i + 1, code, problems, at)
            if parsed is not None:
                lines.append(parsed)
    return lines


def _goods_line(
    line: Mapping[str, Any], line_no: int, code: str, problems: Problems, at: str
) -> GoodsLine | None:
    before = len(problems.items)
    _unknown(line, GOODS_FIELDS, problems, at)
    line_code = problems.read(f"{at}currency", lambda: _currency(line, code), code)
    if line_code != code:
        problems.add(f"{at}currency", f"a goods line is in the trade's currency ({code})")
    name = problems.read(f"{at}name", lambda: _required(line, "name", 200), "")
    hs = problems.read(f"{at}hs_code", lambda: _hs_code(line, required=True), None)
    quantity = problems.read(f"{at}quantity", lambda: _decimal(line, "quantity"), None)
    unit = problems.read(f"{at}unit", lambda: _required(line, "unit", 16), "")
    price = problems.read(f"{at}unit_price", lambda: _decimal(line, "unit_price"), None)
    amount = problems.read(f"{at}amount", lambda: _positive_money(line, "amount", code), None)
    if quantity is not None and quantity <= 0:
        problems.add(f"{at}quantity", "must be positive")
    if price is not None and price < 0:
        problems.add(f"{at}unit_price", "must not be negative")
    if len(problems.items) > before or hs is None or amount is None:
        return None
    if quantity is None or price is None:
        return None
    return GoodsLine(line_no, name, hs, quantity, unit, price, amount)


def documents(items: list[Any], problems: Problems, where: str) -> list[DocumentInput]:
    found: list[DocumentInput] = []
    for i, item in enumerate(items):
        at = f"{where}documents[{i}]."
        doc = _mapping(item, problems, at.rstrip("."), "a document")
        if doc is None:
            continue
        before = len(problems.items)
        _unknown(doc, DOCUMENT_FIELDS, problems, at)
        parsed = document(doc, problems, at)
        if parsed is not None and len(problems.items) == before:
            found.append(parsed)
    return found


def document(doc: Mapping[str, Any], problems: Problems, at: str) -> DocumentInput | None:
    kind = problems.read(f"{at}kind", lambda: _document_kind(doc), None)
    number = problems.read(f"{at}number", lambda: _required(doc, "number", 64), "")
    export_date = problems.read(f"{at}export_date", lambda: _date(doc, "export_date"), None)
    consignee_country = problems.read(
        f"{at}consignee_country",
        lambda: country(doc["consignee_country"]) if doc.get("consignee_country") else None,
        None,
    )
    amount = None
    if doc.get("amount") not in (None, ""):
        amount = problems.read(
            f"{at}amount", lambda: _positive_money(doc, "amount", _currency(doc)), None
        )
    if kind is None:
        return None
    return DocumentInput(
        kind=kind,
        number=number,
        export_date=export_date,
        order_no=problems.read(f"{at}order_no", lambda: _text(doc, "order_no", 64), None),
        consignee_name=problems.read(
            f"{at}consignee_name", lambda: _text(doc, "consignee_name", 200), None
        ),
        consignee_country=consignee_country,
        carrier=problems.read(f"{at}carrier", lambda: _text(doc, "carrier", 100), None),
        amount=amount,
    )


# -- records -----------------------------------------------------------------------------------


def read_trade(
    form: Mapping[str, Any],
    provenance: Provenance,
    problems: Problems,
    *,
    where: str = "",
    kind: TradeKind | None = None,
    declaration_no: str | None = None,
    currency: str | None = None,
) -> RegisterTrade | None:
    """A trade (or a declaration's slice, whose kind, number and currency are the declaration's)."""
    before = len(problems.items)
    at = where

    def field(name: str, read: Callable[[], T], default: T) -> T:
        return problems.read(f"{at}{name}", read, default)

    code = currency or field("currency", lambda: _currency(form), "")
    amount = field("amount", lambda: _positive_money(form, "amount", code), None) if code else None
    trade_kind = kind or field("kind", lambda: _kind(form), TradeKind.ORDER)
    declaration = declaration_no or field(
        "declaration_no", lambda: _text(form, "declaration_no", 32), None
    )
    trade_date = field("trade_date", lambda: _date(form, "trade_date", required=True), None)
    export_date = field("export_date", lambda: _date(form, "export_date"), None)
    prepayment = field("prepayment", lambda: _flag(form, "prepayment"), default=False)
    due_by = field("documents_due_by", lambda: _date(form, "documents_due_by"), None)
    if prepayment and due_by is None:
        problems.add(f"{at}documents_due_by", "a prepayment needs its document deadline")
    if due_by is not None and not prepayment:
        problems.add(f"{at}documents_due_by", "only a prepayment (prepayment: true) has one")
    if trade_kind is TradeKind.MARKET_PROCUREMENT and not declaration:
        problems.add(f"{at}declaration_no", "a 1039 market-procurement trade needs it")
    if trade_date and export_date and export_date < trade_date:
        problems.add(f"{at}export_date", "is before the trade date")
    lines = goods_lines(_list(form, "goods", MAX_GOODS_LINES, problems, at), code, problems, at)
    if amount is not None and lines:
        for name, reason in goods_problems(amount, lines):
            problems.add(f"{at}{name}", reason)
    docs = documents(_list(form, "documents", MAX_DOCUMENTS, problems, at), problems, at)
    cmd = RegisterTrade(
        merchant_id=field("merchant_id", lambda: _required(form, "merchant_id", 64), ""),
        buyer_id=field("buyer_id", lambda: _required(form, "buyer_id", 64), ""),
        kind=trade_kind,
        reference=field("reference", lambda: _required(form, "reference", 64), ""),
        amount=amount or Money.zero("USD"),
        trade_date=trade_date or date.min,
        provenance=provenance,
        declaration_no=declaration,
        export_date=export_date,
        goods_description=field(
            "goods_description", lambda: _text(form, "goods_description", 500), None
        )
        or "; ".join(f"{g.name} x{format(g.quantity.normalize(), 'f')} {g.unit}" for g in lines)[
            :500
        ],
        hs_code=field("hs_code", lambda: _hs_code(form, required=False), None)
        or (lines[0].hs_code if lines else None),
        platform_id=field("platform_id", lambda: _text(form, "platform_id", 64), None),
        order_no=field("order_no", lambda: _text(form, "order_no", 64), None),
        waybill_no=field("waybill_no", lambda: _text(form, "waybill_no", 64), None),
        goods=tuple(lines),
        documents=tuple(docs),
        prepayment=prepayment,
        documents_due_by=due_by,
        payer_name=field("payer_name", lambda: _text(form, "payer_name", 200), None),
    )
    if len(problems.items) > before:
        return None
    return replace(cmd, content_hash=fingerprint(cmd))


def trade_form(data: object, *, provenance: Provenance) -> RegisterTrade:
    """Provenance is decided by who sends the form (the platform feed or a merchant), not by it."""
    problems = Problems()
    form = _mapping(data, problems, "", "a trade")
    if form is None:
        problems.raise_if_any("trade")
        raise AssertionError("unreachable")
    _unknown(form, TRADE_FIELDS, problems, "")
    cmd = read_trade(form, provenance, problems)
    problems.raise_if_any("trade")
    assert cmd is not None
    return cmd


def _declared(
    form: Mapping[str, Any], code: str, problems: Problems
) -> tuple[Money | None, Money | None]:
    """The declared amount and its USD value (the cap's measure; for USD, the amount itself)."""
    amount = problems.read("amount", lambda: _positive_money(form, "amount", code), None)
    if code != "USD":
        return amount, problems.read(
            "usd_value", lambda: _positive_money(form, "usd_value", "USD"), None
        )
    if form.get("usd_value") not in (None, "") and amount is not None:
        stated = problems.read("usd_value", lambda: _positive_money(form, "usd_value", "USD"), None)
        if stated is not None and stated != amount:
            problems.add("usd_value", "a USD declaration's usd_value is its amount")
    return amount, amount


def read_declaration(form: Mapping[str, Any], problems: Problems) -> RegisterDeclaration | None:
    """A 1039 declaration with its slices; every slice is a trade of kind 1039 in its currency."""
    before = len(problems.items)
    _unknown(form, DECLARATION_FIELDS, problems, "")
    number = problems.read("declaration_no", lambda: _required(form, "declaration_no", 32), "")
    code = problems.read("currency", lambda: _currency(form), "")
    amount, usd_value = _declared(form, code, problems) if code else (None, None)
    slices: list[RegisterTrade] = []
    items = _list(form, "slices", MAX_SLICES, problems, "")
    if not items and "slices" not in {f for f, _ in problems.items[before:]}:
        problems.add("slices", "a declaration covers at least one merchant's slice")
    for i, item in enumerate(items):
        at = f"slices[{i}]."
        data = _mapping(item, problems, at.rstrip("."), "a slice")
        if data is None:
            continue
        _unknown(data, SLICE_FIELDS, problems, at)
        if not data.get("goods"):
            problems.add(f"{at}goods", "a platform slice lists its goods lines")
        if not data.get("platform_id"):
            problems.add(f"{at}platform_id", "a platform slice carries its platform id")
        cmd = read_trade(
            data,
            Provenance.PLATFORM,
            problems,
            where=at,
            kind=TradeKind.MARKET_PROCUREMENT,
            declaration_no=number or "?",
            currency=code or "USD",
        )
        if cmd is not None:
            slices.append(cmd)
    if amount is not None and len(slices) == len(items):
        total = sum((s.amount.minor for s in slices), 0)
        if total > amount.minor:
            problems.add(
                "slices",
                f"slices add up to {Money.from_minor(total, amount.currency)}, "
                f"more than the {amount} declared",
            )
    docs = documents(_list(form, "documents", MAX_DOCUMENTS, problems, ""), problems, "")
    agent = problems.read("export_agent", lambda: _required(form, "export_agent", 200), "")
    container_no = problems.read("container_no", lambda: _text(form, "container_no", 32), None)
    port = problems.read("port", lambda: _text(form, "port", 64), None)
    export_date = problems.read("export_date", lambda: _date(form, "export_date"), None)
    platform_id = problems.read("platform_id", lambda: _text(form, "platform_id", 64), None)
    if len(problems.items) > before or amount is None or usd_value is None:
        return None
    declaration = RegisterDeclaration(
        declaration_no=number,
        export_agent=agent,
        amount=amount,
        usd_value=usd_value,
        provenance=Provenance.PLATFORM,
        slices=tuple(slices),
        container_no=container_no,
        port=port,
        export_date=export_date,
        platform_id=platform_id,
        documents=tuple(docs),
    )
    return replace(
        declaration, content_hash=fingerprint(declaration, leave_out=frozenset({"slices"}))
    )


def read_document_record(form: Mapping[str, Any], problems: Problems) -> RegisterDocument | None:
    before = len(problems.items)
    _unknown(form, DOCUMENT_RECORD_FIELDS, problems, "")
    platform_id = problems.read("platform_id", lambda: _required(form, "platform_id", 64), "")
    merchant_id = problems.read("merchant_id", lambda: _required(form, "merchant_id", 64), "")
    trade = problems.read("trade", lambda: _text(form, "trade", 64), None)
    doc = document(form, problems, "")
    if doc is not None and trade is None and doc.order_no is None:
        problems.add("trade", "a document names its trade (platform id) or its order_no")
    if len(problems.items) > before or doc is None:
        return None
    cmd = RegisterDocument(
        platform_id=platform_id,
        merchant_id=merchant_id,
        document=doc,
        provenance=Provenance.PLATFORM,
        trade_platform_id=trade,
    )
    return replace(cmd, content_hash=fingerprint(cmd))


def document_form(data: object) -> DocumentInput:
    """A document added to a trade through the API or the CLI."""
    problems = Problems()
    form = _mapping(data, problems, "", "a document")
    if form is not None:
        _unknown(form, DOCUMENT_FIELDS, problems, "")
        parsed = document(form, problems, "")
    problems.raise_if_any("document")
    assert parsed is not None
    return parsed


FeedRecord = RegisterTrade | RegisterDeclaration | RegisterDocument


def feed_record(data: object, problems: Problems) -> FeedRecord | None:
    """One line of the platform feed: `record` is trade (the default), declaration or document."""
    form = _mapping(data, problems, "", "a record")
    if form is None:
        return None
    record = form.get("record", "trade")
    if record == "declaration":
        return read_declaration(form, problems)
    if record == "document":
        return read_document_record(form, problems)
    if record != "trade":
        problems.add("record", f"must be trade, declaration or document; got {record!r}")
        return None
    _unknown(form, FEED_TRADE_FIELDS, problems, "")
    body = {k: v for k, v in form.items() if k != "record"}
    if not body.get("platform_id"):
        problems.add("platform_id", "a platform record carries its platform id")
    return read_trade(body, Provenance.PLATFORM, problems)
