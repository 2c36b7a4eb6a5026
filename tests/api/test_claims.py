"""Matching by people, on every storage engine: payer relations, an operator's match, merchants'
claims and their review, and the ageing of money in suspense."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.api.conftest import Api, assert_problem
from yipay.core.clock import FixedClock

THIRD_PARTY = {
    "name": "Hassan Rashid Exchange",
    "account": "AE070331999988887777666",
    "bic": "EBILAEAD",
    "country": "AE",
}


def _unnamed_payment(api: Api, merchant_id: str, **overrides: Any) -> dict[str, Any]:
    """USD 2,985 (+ 15 charges) from a third party, naming no trade: the engine cannot be sure."""
    n = api.n()
    body = {"payer": THIRD_PARTY, "remittance_info": "goods"} | overrides
    return api.payment(merchant_id, n, **body)


def _setup(api: Api, shop: str = "shop_a", amount: str = "3000.00") -> dict[str, Any]:
    merchant_id = api.merchant_ids[shop]
    buyer = api.buyer()
    trade = api.trade(merchant_id, buyer["id"], api.n(), amount=amount)
    return {"merchant_id": merchant_id, "buyer": buyer, "trade": trade}


def _status(api: Api, payment_id: str) -> str:
    return str(api.get(f"/payments/{payment_id}").json()["status"])


def _relations(api: Api, buyer_id: str) -> list[Any]:
    c = api.container
    with c.uow() as uow:
        return c.parties.payer_relations(uow, [buyer_id])


def test_a_declared_payer_makes_a_third_party_payment_auto_match(db_api: Api):
    # without the relation, a payer who is not the buyer and names no trade stays in suspense
    control = _setup(db_api, "shop_b")
    unknown = _unnamed_payment(db_api, control["merchant_id"])
    assert _status(db_api, unknown["id"]) == "suspense"

    world = _setup(db_api)
    declared = db_api.ok(
        f"/buyers/{world['buyer']['id']}/payers",
        {"name": THIRD_PARTY["name"], "account": THIRD_PARTY["account"], "relation": "agent"},
    )
    assert (declared["source"], declared["relation"]) == ("buyer_declaration", "agent")
    assert declared["created_by"] == "admin"
    payment = _unnamed_payment(db_api, world["merchant_id"])
    assert _status(db_api, payment["id"]) in {"matched", "credited"}
    shown = db_api.get(f"/payments/{payment['id']}").json()
    assert [a["trade_id"] for a in shown["allocations"]] == [world["trade"]["id"]]


def test_a_payer_declaration_is_checked(db_api: Api):
    world = _setup(db_api)
    path = f"/buyers/{world['buyer']['id']}/payers"
    assert_problem(db_api.post(path, {"name": "X", "relation": "cousin"}), 422)
    assert_problem(db_api.post(path, {"name": "  "}), 422)
    assert_problem(db_api.post("/buyers/buy_nobody/payers", {"name": "X"}), 404)
    assert_problem(db_api.post(path, {"name": "X"}, user="shop_a"), 403)
    first = db_api.ok(path, {"name": "Some Agent"})
    assert db_api.ok(path, {"name": "Some  Agent"})["id"] == first["id"]  # idempotent


def test_staff_see_suggestions_and_a_confirmed_match_allocates_and_records_a_relation(
    db_api: Api,
):
    world = _setup(db_api)
    payment = _unnamed_payment(db_api, world["merchant_id"])
    assert _status(db_api, payment["id"]) == "suspense"
    suggestions = db_api.get(f"/payments/{payment['id']}/suggestions", user="analyst").json()
    assert suggestions
    assert suggestions[0]["trade_ids"] == [world["trade"]["id"]]
    assert 0 <= suggestions[0]["score"] <= 1
    # a merchant never sees scores: for it the suggestions do not exist
    assert_problem(db_api.get(f"/payments/{payment['id']}/suggestions", user="shop_a"), 404)
    assert "status_reason" not in db_api.get(f"/payments/{payment['id']}", user="shop_a").json()

    body = {"trade_id": world["trade"]["id"], "reason": "buyer confirmed by phone"}
    assert_problem(db_api.post(f"/payments/{payment['id']}/match", body, user="analyst"), 403)
    response = db_api.post(f"/payments/{payment['id']}/match", body, user="operator")
    assert response.status_code == 200, response.text
    assert _status(db_api, payment["id"]) in {"matched", "credited"}
    trade = db_api.get(f"/trades/{world['trade']['id']}").json()
    assert trade["open_balance"]["amount"] == "0.00"  # gross: 2,985 received + 15 charges
    assert db_api.get(f"/payments/{payment['id']}/suggestions").json() == []
    match = db_api.get(f"/payments/{payment['id']}/match", user="analyst").json()
    assert (match["engine"], match["decided_by"], match["confirmed"]) == (
        "operator",
        "operator",
        True,
    )
    assert match["explanation"] == "confirmed by operator: buyer confirmed by phone"
    assert_problem(db_api.get(f"/payments/{payment['id']}/match", user="shop_a"), 404)
    [relation] = _relations(db_api, world["buyer"]["id"])
    assert relation.source.value == "analyst_confirmed"
    assert relation.payer_name == THIRD_PARTY["name"]
    assert relation.created_by == "operator"
    # the next payment from that payer for this buyer matches by itself
    second = db_api.trade(world["merchant_id"], world["buyer"]["id"], db_api.n(), amount="4000.00")
    again = _unnamed_payment(db_api, world["merchant_id"], amount="3985.00")
    assert _status(db_api, again["id"]) in {"matched", "credited"}
    allocations = db_api.get(f"/payments/{again['id']}").json()["allocations"]
    assert [a["trade_id"] for a in allocations] == [second["id"]]
    auto = db_api.get(f"/payments/{again['id']}/match").json()
    assert (auto["engine"], auto["confirmed"]) == ("reconcile-1", False)
    assert "known payer of the buyer" in auto["explanation"]
    assert 0.55 <= auto["score"] <= 1
    with db_api.container.uow() as uow:
        trail = db_api.container.audit.trail(uow, payment["id"])
    assert "matching.match_confirmed" in {r.kind for r in trail}


def test_a_payment_not_matched_has_no_match_record(db_api: Api):
    world = _setup(db_api)
    payment = _unnamed_payment(db_api, world["merchant_id"])
    assert_problem(db_api.get(f"/payments/{payment['id']}/match"), 404, "match_not_found")


def test_a_match_never_takes_more_than_the_open_balance_nor_another_shops_trade(db_api: Api):
    world = _setup(db_api, amount="2000.00")
    other = _setup(db_api, "shop_b")
    payment = _unnamed_payment(db_api, world["merchant_id"])
    path = f"/payments/{payment['id']}/match"
    body = {"trade_id": world["trade"]["id"], "reason": "the buyer says so"}
    assert_problem(db_api.post(path, body), 409, "trade_over_allocation")
    body = {"trade_id": other["trade"]["id"], "reason": "the buyer says so"}
    assert_problem(db_api.post(path, body), 409, "match_refused")
    assert_problem(db_api.post(path, {"trade_id": world["trade"]["id"], "reason": " "}), 422)
    assert _status(db_api, payment["id"]) == "suspense"
    assert db_api.get(f"/trades/{world['trade']['id']}").json()["open_balance"]["amount"] == (
        "2000.00"
    )


def test_held_money_is_never_matched_nor_claimed(db_api: Api):
    world = _setup(db_api)
    payer = THIRD_PARTY | {"country": "IR"}  # an embargoed country: screening holds the money
    payment = _unnamed_payment(db_api, world["merchant_id"], payer=payer)
    assert _status(db_api, payment["id"]) == "held"
    body = {"trade_id": world["trade"]["id"], "reason": "the buyer says so"}
    assert_problem(db_api.post(f"/payments/{payment['id']}/match", body), 409, "match_refused")
    claim = {"trade_id": world["trade"]["id"], "evidence": "order chat"}
    refused = assert_problem(
        db_api.post(f"/payments/{payment['id']}/claims", claim, user="shop_a"), 409
    )
    assert "held" not in refused["detail"]  # no tipping-off
    assert _status(db_api, payment["id"]) == "held"


def test_a_merchants_claim_approved_by_an_operator_is_the_match(db_api: Api):
    world = _setup(db_api)
    payment = _unnamed_payment(db_api, world["merchant_id"])
    body = {"trade_id": world["trade"]["id"], "evidence": "WeChat order 8812, same amount"}
    claim = db_api.ok(f"/payments/{payment['id']}/claims", body, user="shop_a")
    assert claim["status"] == "open"
    assert claim["claimed_by"] == "shop_a"
    assert not any("score" in key for key in claim)
    mine = db_api.get("/claims", user="shop_a", status="open").json()
    assert [c["id"] for c in mine] == [claim["id"]]
    assert db_api.get("/claims", user="shop_b").json() == []
    assert_problem(db_api.get("/suspense", user="shop_a"), 403)
    # a second open claim on the same payment is refused
    assert_problem(db_api.post(f"/payments/{payment['id']}/claims", body, user="shop_a"), 409)

    decision = {"approve": True, "reason": "chat and amount agree"}
    path = f"/claims/{claim['id']}/decision"
    assert_problem(db_api.post(path, decision, user="shop_a"), 403)
    decided = db_api.ok(path, decision, user="operator", status=200)
    assert (decided["status"], decided["decided_by"]) == ("approved", "operator")
    assert _status(db_api, payment["id"]) in {"matched", "credited"}
    assert db_api.get("/claims", status="approved").json()[0]["id"] == claim["id"]
    assert_problem(db_api.post(path, decision, user="admin"), 409)  # decided once
    assert [r.source.value for r in _relations(db_api, world["buyer"]["id"])] == [
        "analyst_confirmed"
    ]
    with db_api.container.uow() as uow:
        kinds = {r.kind for r in db_api.container.audit.trail(uow, claim["id"])}
    assert {"matching.claim_filed", "matching.claim_decided"} <= kinds


def test_a_rejected_claim_keeps_the_money_in_suspense(db_api: Api):
    world = _setup(db_api)
    payment = _unnamed_payment(db_api, world["merchant_id"])
    body = {"trade_id": world["trade"]["id"], "evidence": "I think so"}
    claim = db_api.ok(f"/payments/{payment['id']}/claims", body, user="shop_a")
    decision = {"approve": False, "reason": "the buyer denies it"}
    decided = db_api.ok(f"/claims/{claim['id']}/decision", decision, user="operator", status=200)
    assert decided["status"] == "rejected"
    assert decided["decision_reason"] == "the buyer denies it"
    assert _status(db_api, payment["id"]) == "suspense"
    trade = db_api.get(f"/trades/{world['trade']['id']}").json()
    assert trade["open_balance"]["amount"] == "3000.00"
    assert _relations(db_api, world["buyer"]["id"]) == []


def test_the_claimant_cannot_approve_its_own_claim(db_api: Api):
    world = _setup(db_api)
    payment = _unnamed_payment(db_api, world["merchant_id"])
    body = {"trade_id": world["trade"]["id"], "evidence": "the shop phoned"}
    claim = db_api.ok(f"/payments/{payment['id']}/claims", body, user="admin")  # on its behalf
    decision = {"approve": True, "reason": "looks right"}
    path = f"/claims/{claim['id']}/decision"
    assert_problem(db_api.post(path, decision, user="admin"), 403, "same_user_approval")
    assert _status(db_api, payment["id"]) == "suspense"
    assert db_api.ok(path, decision, user="operator", status=200)["status"] == "approved"


def test_a_merchant_cannot_claim_another_shops_payment_or_trade(db_api: Api):
    a, b = _setup(db_api), _setup(db_api, "shop_b")
    theirs = _unnamed_payment(db_api, b["merchant_id"])
    ours = _unnamed_payment(db_api, a["merchant_id"])
    body = {"trade_id": b["trade"]["id"], "evidence": "mine"}
    assert_problem(db_api.post(f"/payments/{theirs['id']}/claims", body, user="shop_a"), 404)
    body = {"trade_id": a["trade"]["id"], "evidence": "mine"}
    assert_problem(db_api.post(f"/payments/{theirs['id']}/claims", body, user="shop_a"), 404)
    body = {"trade_id": b["trade"]["id"], "evidence": "mine"}
    assert_problem(db_api.post(f"/payments/{ours['id']}/claims", body, user="shop_a"), 404)
    assert_problem(db_api.post(f"/payments/{ours['id']}/claims", body, user="auditor"), 403)
    body = {"trade_id": a["trade"]["id"], "evidence": " "}
    assert_problem(db_api.post(f"/payments/{ours['id']}/claims", body, user="shop_a"), 422)
    assert db_api.get("/claims").json() == []


def test_the_ageing_list_counts_shanghai_days(db_api: Api, clock: FixedClock):
    world = _setup(db_api)
    old = _unnamed_payment(db_api, world["merchant_id"])
    clock.advance(timedelta(days=10))
    fresh = _unnamed_payment(db_api, world["merchant_id"], remittance_info="other goods")
    db_api.ok(
        f"/payments/{fresh['id']}/claims",
        {"trade_id": world["trade"]["id"], "evidence": "order 1"},
        user="shop_a",
    )
    everything = db_api.get("/suspense", user="auditor").json()
    assert [row["payment_id"] for row in everything] == [old["id"], fresh["id"]]
    assert [row["age_days"] for row in everything] == [10, 0]
    [aged] = db_api.get("/suspense", older_than_days=5).json()
    assert aged["payment_id"] == old["id"]
    assert aged["has_suggestion"] is True
    assert aged["has_open_claim"] is False
    assert aged["reason"]
    assert aged["amount"] == {"amount": "2985.00", "currency": "USD"}
    assert everything[1]["has_open_claim"] is True
    assert db_api.get("/suspense", older_than_days=11).json() == []


def test_staff_undo_a_match_and_the_engine_leaves_the_payment_to_people(db_api: Api):
    world = _setup(db_api)
    payment = _unnamed_payment(db_api, world["merchant_id"])
    body = {"trade_id": world["trade"]["id"], "reason": "buyer confirmed by phone"}
    assert db_api.post(f"/payments/{payment['id']}/match", body, user="operator").status_code == 200
    path = f"/payments/{payment['id']}/unmatch"
    assert_problem(db_api.post(path, {"reason": "wrong shop"}, user="shop_a"), 403)
    undone = db_api.ok(path, {"reason": "the buyer paid another invoice"}, "analyst", 200)
    assert undone["status"] == "suspense"
    trade = db_api.get(f"/trades/{world['trade']['id']}").json()
    assert trade["open_balance"]["amount"] == "3000.00"
    match = db_api.get(f"/payments/{payment['id']}/match").json()
    assert (match["engine"], match["decided_by"]) == ("unmatched", "analyst")
    assert_problem(db_api.post(path, {"reason": "again"}, user="analyst"), 409, "match_refused")
    returned = db_api.ok(f"/payments/{payment['id']}/return", {"reason": "sent back"}, status=200)
    assert returned["amount"]["amount"] == "2985.00"
    assert _status(db_api, payment["id"]) == "returned"
