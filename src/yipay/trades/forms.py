"""The JSON form of a trade record."""

from __future__ import annotations

from yipay.core.currency import parse_currency_code
from yipay.core.errors import InvalidInput, YipayError
from yipay.core.forms import (
    as_mapping,
    no_unknown,
    optional_date,
    required_date,
    required_text,
    text,
)
from yipay.core.money import Money
from yipay.trades.domain import Provenance, TradeKind
from yipay.trades.service import RegisterTrade

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
}


def trade_form(data: object, *, provenance: Provenance) -> RegisterTrade:
    """Provenance is decided by who sends the form (the platform feed or a merchant), not by it."""
    form = as_mapping(data, "a trade")
    no_unknown(form, TRADE_FIELDS, "trade")
    try:
        code, _offshore = parse_currency_code(form.get("currency"))
        amount = Money.of(form.get("amount"), code)
    except YipayError as exc:
        raise InvalidInput(f"amount: {exc.message}") from None
    if not amount.is_positive:
        raise InvalidInput("amount: a trade amount must be positive")
    kind_text = text(form, "kind", limit=8)
    try:
        kind = TradeKind(kind_text) if kind_text else TradeKind.ORDER
    except ValueError:
        options = ", ".join(k.value for k in TradeKind)
        raise InvalidInput(f"kind must be one of {options}; got {kind_text!r}") from None
    return RegisterTrade(
        merchant_id=required_text(form, "merchant_id", limit=32),
        buyer_id=required_text(form, "buyer_id", limit=32),
        kind=kind,
        reference=required_text(form, "reference", limit=64),
        amount=amount,
        trade_date=required_date(form, "trade_date"),
        provenance=provenance,
        declaration_no=text(form, "declaration_no", limit=32),
        export_date=optional_date(form, "export_date"),
        goods_description=text(form, "goods_description", limit=500) or "",
        hs_code=text(form, "hs_code", limit=10),
        platform_id=text(form, "platform_id", limit=64),
        order_no=text(form, "order_no", limit=64),
        waybill_no=text(form, "waybill_no", limit=64),
    )
