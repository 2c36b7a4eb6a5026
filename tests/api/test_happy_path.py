"""One payment through the API: register, import rates, receive, credit, settle (结汇)."""

from __future__ import annotations

from decimal import Decimal

from tests.api.conftest import (
    Api,
    assert_problem,
    buyer_body,
    merchant_body,
    payment_body,
    rate_body,
    trade_body,
)


def test_register_receive_credit_and_settle(api: Api):
    merchant = api.ok("/merchants", merchant_body(42))
    assert merchant["kyc_status"] == "approved"
    assert merchant["settlement_account"]["account_name"] == merchant["legal_name"]
    buyer = api.ok("/buyers", buyer_body(42))
    trade = api.ok("/trades", trade_body(merchant["id"], buyer["id"], 42))
    assert (trade["provenance"], trade["verification"]) == ("platform", "verified")
    assert api.ok("/fx/rates", [rate_body()]) == {"added": 1, "known": 0}

    body = payment_body(merchant["id"], 42)
    assert trade["reference"] in body["remittance_info"]
    received = api.post("/payments", body)
    assert received.status_code == 201, received.text
    assert received.json()["status"] == "received"
    assert received.json()["duplicate"] is False
    payment_id = received.json()["id"]

    shown = api.get(f"/payments/{payment_id}").json()
    assert shown["status"] == "credited"
    assert shown["allocations"] == [
        {
            "trade_id": trade["id"],
            "received": {"amount": "2985.00", "currency": "USD"},
            "charges": {"amount": "15.00", "currency": "USD"},
        }
    ]
    trade_now = api.get(f"/trades/{trade['id']}").json()
    assert trade_now["allocated"] == {"amount": "3000.00", "currency": "USD"}
    assert trade_now["open_balance"] == {"amount": "0.00", "currency": "USD"}

    balances = api.get(f"/merchants/{merchant['id']}/balances").json()
    assert {
        "account": f"wallet:{merchant['id']}:USD",
        "type": "wallet",
        "balance": {"amount": "2985.00", "currency": "USD"},
    } in balances

    settled = api.post(f"/payments/{payment_id}/settle")
    assert settled.status_code == 200, settled.text
    result = settled.json()
    assert result["payment_id"] == payment_id
    assert result["sold"] == {"amount": "2985.00", "currency": "USD"}
    assert result["bought"]["currency"] == "CNY"
    client_rate = Decimal(result["client_rate"])
    assert Decimal("7.0") < client_rate < Decimal("7.1000")  # the bank's bid less the spread
    bought = Decimal(result["bought"]["amount"])
    assert abs(bought - Decimal("2985.00") * client_rate) <= Decimal("0.01")
    assert api.get(f"/payments/{payment_id}").json()["status"] == "settled"

    wallets = {
        b["account"]: b["balance"]
        for b in api.get(f"/merchants/{merchant['id']}/balances").json()
        if b["type"] == "wallet"
    }
    assert wallets[f"wallet:{merchant['id']}:USD"]["amount"] == "0.00"
    # a second settlement of the same payment is refused (another key: a new command)
    assert_problem(api.post(f"/payments/{payment_id}/settle"), 409)
    backing = api.get("/ledger/backing", user="auditor").json()
    assert backing
    assert all(row["backed"] for row in backing)


def test_the_same_payment_again_is_a_duplicate_not_a_second_credit(api: Api):
    a = api.merchant_ids["shop_a"]
    paid = api.paid_trade(a)
    before = api.snapshot()
    n = int(paid["trade"]["reference"].rsplit("-", 1)[1])
    again = api.post("/payments", payment_body(a, n))  # a new Idempotency-Key: a new command
    assert again.status_code == 200, again.text
    assert again.json()["duplicate"] is True
    assert again.json()["id"] == paid["payment"]["id"]
    assert api.snapshot() == before


def test_credit_waits_for_kyc_and_follows_its_approval(api: Api):
    merchant = api.ok("/merchants", merchant_body(43, kyc_status="pending"))
    buyer = api.buyer()
    api.trade(merchant["id"], buyer["id"], 43)
    payment = api.payment(merchant["id"], 43)
    waiting = api.get(f"/payments/{payment['id']}").json()
    assert waiting["status"] == "matched"
    assert_problem(api.post(f"/payments/{payment['id']}/settle"), 409)
    approved = api.ok(f"/merchants/{merchant['id']}/kyc", {"kyc_status": "approved"}, status=200)
    assert approved["kyc_status"] == "approved"
    assert api.get(f"/payments/{payment['id']}").json()["status"] == "credited"
