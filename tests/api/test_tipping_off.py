"""No tipping-off: a merchant's users see "under review" for held money, never why."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.api.conftest import Api, assert_problem, payment_body

EMBARGOED_PAYER = {"country": "IR", "bic": "BMJIIRTH"}


@pytest.fixture
def held(api: Api) -> dict[str, Any]:
    """Shop A's buyer pays from Iran (embargoed by default): screening holds the money."""
    a = api.merchant_ids["shop_a"]
    n = api.n()
    buyer = api.buyer()
    trade = api.trade(a, buyer["id"], n)
    body_payer = {
        "name": "Tehran Import Co",
        "account": "IR820540102680020817909002",
        **EMBARGOED_PAYER,
    }
    body = payment_body(a, n, payer=body_payer)
    payment = api.ok("/payments", body)
    return {"merchant_id": a, "trade": trade, "payment": payment}


def test_staff_see_the_hold_and_its_reason(api: Api, held):
    view = api.get(f"/payments/{held['payment']['id']}", user="analyst").json()
    assert view["status"] == "held"
    assert "IR" in view["status_reason"]
    alerts = api.get("/alerts", user="analyst").json()
    assert [a["evidence"] for a in alerts] == [[held["payment"]["id"]]]


def test_the_merchant_sees_under_review_and_no_reason(api: Api, held):
    payment_id = held["payment"]["id"]
    reason = api.get(f"/payments/{payment_id}", user="analyst").json()["status_reason"]
    view = api.get(f"/payments/{payment_id}", user="shop_a").json()
    assert view["status"] == "under_review"
    assert "status_reason" not in view
    assert reason not in json.dumps(view, ensure_ascii=False)
    listed = api.get("/payments", user="shop_a").json()
    assert [(p["id"], p["status"]) for p in listed] == [(payment_id, "under_review")]
    assert all("status_reason" not in p for p in listed)


@pytest.mark.parametrize("status", ["held", "frozen", "under_review"])
def test_filtering_by_held_or_frozen_does_not_tell_the_merchant_which(api: Api, held, status):
    listed = api.get("/payments", user="shop_a", status=status).json()
    assert [(p["id"], p["status"]) for p in listed] == [(held["payment"]["id"], "under_review")]


def test_the_merchant_cannot_read_alerts_or_decide(api: Api, held):
    assert_problem(api.get("/alerts", user="shop_a"), 403)
    assert_problem(api.get("/report-candidates", user="shop_a"), 403)
    release = f"/payments/{held['payment']['id']}/release"
    assert_problem(api.post(release, {"reason": "it is fine"}, user="shop_a"), 403)


def test_a_frozen_payment_still_reads_under_review_to_the_merchant(api: Api, held):
    payment_id = held["payment"]["id"]
    frozen = api.ok(f"/payments/{payment_id}/freeze", {"reason": "true match"}, "analyst", 200)
    assert frozen["status"] == "frozen"
    assert api.get(f"/payments/{payment_id}", user="shop_a").json()["status"] == "under_review"
    assert api.get(f"/payments/{payment_id}", user="auditor").json()["status"] == "frozen"


def test_an_analysts_release_lets_the_money_go_on_to_matching(api: Api, held):
    payment_id = held["payment"]["id"]
    released = api.ok(
        f"/payments/{payment_id}/release", {"reason": "false positive"}, "analyst", 200
    )
    assert released["status"] == "suspense"
    view = api.get(f"/payments/{payment_id}", user="shop_a").json()
    assert view["status"] == "credited"
    assert [a["trade_id"] for a in view["allocations"]] == [held["trade"]["id"]]
