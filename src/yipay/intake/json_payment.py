"""The JSON form of an inbound payment, shared by the API and `yipay payments import`.

Every problem is one line that names the field. Amounts are decimal strings (or integers): a JSON
float is refused, since it cannot carry an exact amount.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from yipay.core.clock import parse_date, parse_instant
from yipay.core.countries import country
from yipay.core.currency import parse_currency_code
from yipay.core.errors import InvalidInput, YipayError
from yipay.core.money import Money
from yipay.payments.domain import (
    ChargeBearer,
    InboundPayment,
    PayerDetails,
    validate_bic,
    validate_uetr,
)

FIELDS = {
    "amount",
    "currency",
    "value_date",
    "merchant_id",
    "payer",
    "instructed_amount",
    "instructed_currency",
    "charges",
    "charge_bearer",
    "debtor_agent_bic",
    "remittance_info",
    "uetr",
    "end_to_end_id",
    "message_id",
    "received_at",
}
PAYER_FIELDS = {"name", "account", "bic", "country"}


def _text(
    data: Mapping[str, Any], name: str, *, required: bool = False, limit: int = 140
) -> str | None:
    value = data.get(name)
    if value is None or value == "":
        if required:
            raise InvalidInput(f"{name} is required")
        return None
    if not isinstance(value, str):
        raise InvalidInput(f"{name} must be a string")
    value = value.strip()
    if len(value) > limit:
        raise InvalidInput(f"{name} is longer than {limit} characters")
    return value


def _field(name: str, exc: YipayError) -> InvalidInput:
    return InvalidInput(f"{name}: {exc.message}")


def parse_payment(data: object) -> InboundPayment:
    if not isinstance(data, Mapping):
        raise InvalidInput("a payment must be a JSON object")
    unknown = sorted(set(data) - FIELDS)
    if unknown:
        raise InvalidInput(f"unknown field(s): {', '.join(unknown)}")
    try:
        code, offshore = parse_currency_code(data.get("currency"))
        amount = Money.of(data.get("amount"), code)
    except YipayError as exc:
        raise _field("amount", exc) from None
    value_date = parse_date(_text(data, "value_date", required=True) or "")
    payer = _payer(data.get("payer"))
    instructed = None
    if data.get("instructed_amount") is not None:
        try:
            inst_code, _ = parse_currency_code(data.get("instructed_currency", code))
            instructed = Money.of(data.get("instructed_amount"), inst_code)
        except YipayError as exc:
            raise _field("instructed_amount", exc) from None
    charges = None
    if data.get("charges") is not None:
        try:
            charges = Money.of(data.get("charges"), code)
        except YipayError as exc:
            raise _field("charges", exc) from None
    bearer = _text(data, "charge_bearer")
    if bearer is not None and bearer.upper() not in ChargeBearer.__members__:
        raise InvalidInput("charge_bearer must be OUR, SHA or BEN")
    agent = _text(data, "debtor_agent_bic")
    uetr = _text(data, "uetr")
    received = _text(data, "received_at")
    return InboundPayment(
        amount=amount,
        value_date=value_date,
        payer=payer,
        offshore=offshore,
        merchant_id=_text(data, "merchant_id"),
        instructed=instructed,
        charges=charges,
        charge_bearer=ChargeBearer(bearer.upper()) if bearer else None,
        debtor_agent_bic=validate_bic(agent, what="debtor_agent_bic") if agent else None,
        remittance_info=_text(data, "remittance_info", limit=1000) or "",
        uetr=validate_uetr(uetr) if uetr else None,
        end_to_end_id=_text(data, "end_to_end_id", limit=64),
        message_id=_text(data, "message_id", limit=64),
        received_at=parse_instant(received) if received else None,
    )


def _payer(data: object) -> PayerDetails:
    if not isinstance(data, Mapping):
        raise InvalidInput("payer must be an object with name, account, bic and country")
    unknown = sorted(set(data) - PAYER_FIELDS)
    if unknown:
        raise InvalidInput(f"payer has unknown field(s): {', '.join(unknown)}")
    name = _text(data, "name", required=True)
    account = _text(data, "account", required=True, limit=64)
    bic = validate_bic(_text(data, "bic", required=True) or "", what="payer.bic")
    payer_country = country(data.get("country"), what="payer.country")
    assert name is not None
    assert account is not None
    return PayerDetails(name=name, account=account, bic=bic, country=payer_country)
