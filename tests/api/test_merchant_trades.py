"""A merchant's own trade entries never unlock money alone: they wait for an operator's review."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import Api, assert_problem, trade_body


def _wallet(api: Api, merchant_id: str, user: str = "admin") -> dict[str, Any]:
    rows = api.get(f"/merchants/{merchant_id}/balances", user=user).json()
    return {r["account"]: r["balance"]["amount"] for r in rows if r["type"] == "wallet"}


@pytest.fixture
def entered(api: Api) -> dict[str, Any]:
    """Shop A enters a trade itself; its buyer pays against it."""
    a = api.merchant_ids["shop_a"]
    buyer = api.buyer()
    n = api.n()
    trade = api.trade(a, buyer["id"], n, user="shop_a")
    payment = api.payment(a, n)
    return {"merchant_id": a, "buyer": buyer, "trade": trade, "payment": payment, "n": n}


def test_a_merchants_trade_has_merchant_provenance_and_awaits_review(api: Api, entered):
    trade = entered["trade"]
    assert trade["merchant_id"] == entered["merchant_id"]
    assert trade["provenance"] == "merchant"
    assert trade["verification"] == "pending_review"
    staff_entered = api.trade(entered["merchant_id"], entered["buyer"]["id"], api.n())
    assert (staff_entered["provenance"], staff_entered["verification"]) == ("platform", "verified")


def test_a_merchant_cannot_enter_a_trade_for_another_merchant(api: Api, entered):
    before = api.snapshot()
    body = trade_body(api.merchant_ids["shop_b"], entered["buyer"]["id"], api.n())
    assert_problem(api.post("/trades", body, user="shop_a"), 404)
    assert_problem(api.post("/trades", body | {"merchant_id": "mer_nope"}, user="shop_a"), 404)
    assert api.snapshot() == before


def test_money_against_it_stays_in_suspense_until_an_operator_approves(api: Api, entered):
    a, payment_id, trade_id = (
        entered["merchant_id"],
        entered["payment"]["id"],
        entered["trade"]["id"],
    )
    waiting = api.get(f"/payments/{payment_id}").json()
    assert waiting["status"] == "suspense"
    assert trade_id in waiting["status_reason"]
    assert waiting["allocations"] == []
    assert api.get(f"/payments/{payment_id}", user="shop_a").json()["status"] == "suspense"
    assert not any(v != "0.00" for v in _wallet(api, a).values())
    assert_problem(api.post(f"/payments/{payment_id}/settle"), 409)

    # the merchant cannot approve its own entry
    own = api.post(f"/trades/{trade_id}/review", {"approve": True}, user="shop_a")
    assert_problem(own, 403)
    assert api.get(f"/payments/{payment_id}").json()["status"] == "suspense"

    reviewed = api.ok(f"/trades/{trade_id}/review", {"approve": True}, user="operator", status=200)
    assert reviewed["verification"] == "verified"
    assert reviewed["provenance"] == "merchant"
    credited = api.get(f"/payments/{payment_id}", user="shop_a").json()
    assert credited["status"] == "credited"
    assert [x["trade_id"] for x in credited["allocations"]] == [trade_id]
    assert _wallet(api, a, user="shop_a") == {f"wallet:{a}:USD": "2985.00"}
    trade = api.get(f"/trades/{trade_id}", user="shop_a").json()
    assert trade["open_balance"] == {"amount": "0.00", "currency": "USD"}


def test_a_rejected_entry_leaves_the_money_in_suspense(api: Api, entered):
    trade_id, payment_id = entered["trade"]["id"], entered["payment"]["id"]
    rejected = api.ok(f"/trades/{trade_id}/review", {"approve": False}, user="operator", status=200)
    assert rejected["verification"] == "rejected"
    assert api.get(f"/payments/{payment_id}").json()["status"] == "suspense"
    # a decided trade cannot be reviewed again
    again = api.post(f"/trades/{trade_id}/review", {"approve": True}, user="operator")
    assert_problem(again, 422, "trade_invalid")
    assert api.get(f"/payments/{payment_id}").json()["status"] == "suspense"
