"""Bad input on every command: a problem+json answer, and nothing stored changes."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from tests.api.conftest import (
    Api,
    assert_problem,
    buyer_body,
    merchant_body,
    payment_body,
    rate_body,
    trade_body,
)

World = dict[str, Any]


@pytest.fixture
def world(api: Api) -> World:
    """Shop A, a buyer, and a payment held by screening (the target of /release)."""
    a = api.merchant_ids["shop_a"]
    buyer = api.buyer()
    held = api.payment(
        a,
        77,
        payer={"name": "Tehran Import Co", "account": "IR8205", "bic": "BMJIIRTH", "country": "IR"},
    )
    assert api.get(f"/payments/{held['id']}").json()["status"] == "held"
    return {"merchant_id": a, "buyer_id": buyer["id"], "held_id": held["id"]}


def _merchant(w: World, **kw: Any) -> dict[str, Any]:
    return merchant_body(500) | kw


def _buyer(w: World, **kw: Any) -> dict[str, Any]:
    return buyer_body(500) | kw


def _trade(w: World, **kw: Any) -> dict[str, Any]:
    return trade_body(w["merchant_id"], w["buyer_id"], 500) | kw


def _payment(w: World, **kw: Any) -> dict[str, Any]:
    return payment_body(w["merchant_id"], 500) | kw


def _rates(w: World, **kw: Any) -> list[dict[str, Any]]:
    return [rate_body(base="EUR", bid="7.7000", ask="7.8000") | kw]


def _release(w: World, **kw: Any) -> dict[str, Any]:
    return {"reason": "the payer is not the listed party"} | kw


COMMANDS: dict[str, tuple[str, Callable[..., Any]]] = {
    "merchants": ("/merchants", _merchant),
    "buyers": ("/buyers", _buyer),
    "trades": ("/trades", _trade),
    "payments": ("/payments", _payment),
    "fx-rates": ("/fx/rates", _rates),
    "release": ("/payments/{held_id}/release", _release),
}


def _path(name: str, w: World) -> str:
    return COMMANDS[name][0].format(**w)


def _refused(api: Api, path: str, body: Any, status: int, case: object) -> dict[str, Any]:
    """POST `body`: the answer is a problem with `status`, and nothing stored changed."""
    before = api.snapshot()
    response = api.post(path, body)
    assert response.status_code == status, (case, response.text)
    problem = assert_problem(response, status)
    assert api.snapshot() == before, case
    return problem


@pytest.mark.parametrize("name", list(COMMANDS))
def test_the_valid_bodies_used_below_are_accepted(api: Api, world: World, name):
    """The bad cases differ from these by one field; this proves the rest of each is valid."""
    _, make = COMMANDS[name]
    response = api.post(_path(name, world), make(world))
    assert response.status_code in {200, 201}, response.text


@pytest.mark.parametrize("name", list(COMMANDS))
def test_malformed_json_is_400_and_changes_nothing(api: Api, world: World, name):
    before = api.snapshot()
    for content in (b"{bad", b'{"a": 1', b"\xff\xfe{}", b"{'single': 'quotes'}", b'{"a": 1,}'):
        response = api.post_raw(_path(name, world), content)
        assert response.status_code == 400, (content, response.text)
        assert_problem(response, 400, "malformed_json")
    assert api.snapshot() == before


@pytest.mark.parametrize("name", list(COMMANDS))
def test_an_unknown_field_is_422(api: Api, world: World, name):
    body = COMMANDS[name][1](world, surprise="yes")
    problem = _refused(api, _path(name, world), body, 422, name)
    assert "surprise" in problem["detail"]


@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_body_of_the_wrong_shape_is_422(api: Api, world: World, name):
    before = api.snapshot()
    shapes: list[Any] = ["text", 42, None, [] if name != "fx-rates" else {"not": "a list"}]
    for body in shapes:
        response = api.post_raw(_path(name, world), json.dumps(body).encode())
        assert response.status_code == 422, (body, response.text)
        assert_problem(response, 422)
    assert api.snapshot() == before


MONEY_CASES: list[dict[str, Any]] = [
    {"currency": "XYZ"},  # not in ISO 4217
    {"currency": "dollars"},
    {"amount": "-10.00"},
    {"amount": "0"},
    {"amount": 2985.0},  # a JSON number cannot carry an exact amount
    {"amount": 2985},
    {"amount": "1.001"},  # USD has 2 decimals
    {"amount": "1.5", "currency": "JPY"},  # JPY has none
    {"amount": "NaN"},
    {"amount": "Infinity"},
    {"amount": "ten dollars"},
]


@pytest.mark.parametrize("name", ["trades", "payments"])
def test_bad_amounts_and_currencies_are_422(api: Api, world: World, name):
    for case in MONEY_CASES:
        _refused(api, _path(name, world), COMMANDS[name][1](world, **case), 422, case)


def test_other_bad_payment_fields_are_422(api: Api, world: World):
    payer = {"name": "A", "account": "1", "bic": "EBILAEAD", "country": "AE"}
    for case in [
        {"charges": 15.0},
        {"charges": "15.001"},
        {"instructed_amount": 3000.0, "instructed_currency": "USD"},
        {"instructed_amount": "3000.00", "instructed_currency": "XYZ"},
        {"payer": payer | {"country": "ZZ"}},
        {"payer": payer | {"bic": "NOT A BIC"}},
        {"payer": payer | {"x": "1"}},
        {"payer": "Ahmed"},
        {"value_date": "03/11/2026"},
        {"charge_bearer": "THEM"},
        {"uetr": "not-a-uuid"},
        {"end_to_end_id": 12345},
    ]:
        _refused(api, "/payments", _payment(world, **case), 422, case)


def test_bad_rates_are_422_and_none_of_the_batch_is_stored(api: Api, world: World):
    good = rate_body(base="HKD", bid="0.9100", ask="0.9200")
    for case in [
        {"base": "XYZ"},
        {"quote": "ABC"},
        {"base": "CNY"},
        {"bid": "-7.1"},
        {"bid": "0"},
        {"bid": 7.7},
        {"ask": 7.8},
        {"bid": "7.9", "ask": "7.8"},
        {"bid": "seven"},
        {"as_of": "2026-11-03T00:30:00"},  # no time zone
        {"as_of": "yesterday"},
    ]:
        _refused(api, "/fx/rates", [good, *_rates(world, **case)], 422, case)
    _refused(api, "/fx/rates", [], 422, "empty batch")


def test_bad_merchants_are_422(api: Api, world: World):
    account = {"bank_name": "ICBC", "account_no": "1", "account_name": "A"}
    for case in [
        {"business_form": "llc"},
        {"legal_name": 42},
        {"legal_name": ""},
        {"kyc_status": "maybe"},
        {"kyc_expires_on": "next year"},
        {"settlement_account": account | {"iban": "x"}},
        {"settlement_account": {"bank_name": "ICBC"}},
    ]:
        _refused(api, "/merchants", _merchant(world, **case), 422, case)


def test_bad_buyers_are_422(api: Api, world: World):
    for case in [
        {"country": "ZZ"},
        {"party_type": "robot"},
        {"id_type": 7},
        {"party_type": "natural_person", "id_type": "uscc"},
    ]:
        _refused(api, "/buyers", _buyer(world, **case), 422, case)


def test_bad_trades_are_422(api: Api, world: World):
    for case in [
        {"trade_date": "2026-13-01"},
        {"kind": "9999"},
        {"kind": "1039"},  # market procurement needs its declaration number
        {"export_date": "2026-10-01"},  # before the trade date
        {"buyer_id": "buy_does_not_exist"},
        {"merchant_id": "mer_does_not_exist"},
    ]:
        _refused(api, "/trades", _trade(world, **case), 422, case)


def test_a_decision_without_a_reason_is_422_and_the_payment_stays_held(api: Api, world: World):
    for body in [{"reason": ""}, {"reason": "   "}, {"reason": 5}, {}]:
        _refused(api, _path("release", world), body, 422, body)
    assert api.get(f"/payments/{world['held_id']}").json()["status"] == "held"


def test_errors_name_the_offending_field(api: Api, world: World):
    problem = _refused(api, "/payments", _payment(world, amount=2985.5), 422, "float")
    assert "amount" in problem["detail"]
    problem = _refused(api, "/trades", _trade(world, amount="1.001"), 422, "decimals")
    assert "amount" in problem["detail"]
    assert "USD" in problem["detail"]
