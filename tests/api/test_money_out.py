"""Money out through the API: statements, 结汇 by the shop itself, payout maker-checker, pain.001,
the bank's answers, returns to payers, and the maker-checker change of a settlement account."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from tests.api.conftest import TODAY, Api, assert_problem
from yipay.adapters.iso20022 import check_pain001
from yipay.jobs.bank_simulator import answer_pain001


@pytest.fixture
def shop(api: Api) -> dict[str, Any]:
    """shop_a with one credited USD payment, rates imported, and a supervisor user."""
    with api.container.uow() as uow:
        api.keys["supervisor"] = api.container.access.create_user(
            uow, "supervisor", ["supervisor"]
        ).api_key
        uow.commit()
    api.rates()
    merchant_id = api.merchant_ids["shop_a"]
    paid = api.paid_trade(merchant_id)
    assert api.get(f"/payments/{paid['payment']['id']}").json()["status"] == "credited"
    return {"merchant_id": merchant_id, **paid}


def test_a_shop_sells_its_own_money_at_a_quote_and_reads_its_statement(api: Api, shop):
    merchant_id = shop["merchant_id"]
    quote = api.ok("/fx/quotes", {"merchant_id": merchant_id, "currency": "USD"}, user="shop_a")
    assert quote["sold"] == {"amount": "2985.00", "currency": "USD"}
    assert quote["payments"] == [shop["payment"]["id"]]
    assert quote["status"] == "open"
    settled = api.ok(f"/fx/quotes/{quote['id']}/accept", user="shop_a", status=200)
    assert settled["bought"] == quote["bought"]
    assert settled["payout"]["status"] == "approved"  # under the CNY threshold
    again = api.post(f"/fx/quotes/{quote['id']}/accept", user="shop_a")
    assert again.status_code == 200  # accepting a used quote returns what it settled
    assert again.json()["replayed"] is True
    assert again.json()["settlement_id"] == settled["settlement_id"]
    other = api.merchant_ids["shop_b"]
    assert_problem(
        api.post("/fx/quotes", {"merchant_id": other, "currency": "USD"}, user="shop_a"), 404
    )

    statement = api.get(
        f"/merchants/{merchant_id}/statement",
        user="shop_a",
        currency="USD",
        **{"from": TODAY, "to": "2026-11-05"},
    ).json()
    assert statement["opening"] == {"amount": "0.00", "currency": "USD"}
    assert [line["kind"] for line in statement["lines"]] == ["credit", "conversion"]
    assert statement["closing"] == {"amount": "0.00", "currency": "USD"}
    raw = api.get(
        f"/merchants/{merchant_id}/statement",
        user="shop_a",
        currency="CNY",
        format="csv",
        **{"from": TODAY, "to": "2026-11-05"},
    )
    rows = list(csv.DictReader(io.StringIO(raw.text)))
    assert raw.headers["content-type"].startswith("text/csv")
    assert [r["kind"] for r in rows] == ["opening", "conversion", "payout", "closing"]
    assert rows[-1]["balance"] == "0.00"
    assert_problem(
        api.get(
            f"/merchants/{other}/statement",
            user="shop_a",
            currency="USD",
            **{"from": TODAY, "to": "2026-11-05"},
        ),
        404,
    )


def test_payouts_need_a_second_user_above_the_threshold(api: Api, shop):
    n = api.n()
    api.trade(shop["merchant_id"], api.buyer()["id"], n, amount="90000.00")
    big = api.payment(shop["merchant_id"], n, amount="90000.00", charges=None)
    api.ok(f"/payments/{shop['payment']['id']}/settle", status=200)
    settled = api.ok(f"/payments/{big['id']}/settle", status=200)
    payout = settled["payout"]
    assert payout["status"] == "pending_approval"
    same = api.post(f"/payouts/{payout['id']}/approve", {}, user="admin")
    assert_problem(same, 403, "same_user_approval")
    assert_problem(api.post(f"/payouts/{payout['id']}/approve", {}, user="operator"), 403)
    approved = api.ok(f"/payouts/{payout['id']}/approve", {}, user="supervisor", status=200)
    assert approved["status"] == "approved"
    assert approved["approved_by"] == "supervisor"

    files = api.ok("/payouts/export", status=200, user="operator")
    assert len(files) == 1
    document = files[0]["pain001"].encode()
    check_pain001(document)
    assert len(files[0]["payouts"]) == 2
    answer = answer_pain001(document, at=api.container.clock.now(), reject={payout["id"]: "AC04"})
    headers = api.auth("operator") | {
        "Idempotency-Key": "bank-1",
        "Content-Type": "application/xml",
    }
    applied = api.client.post("/bank-messages/status", content=answer, headers=headers)
    assert applied.status_code == 200, applied.text
    assert sorted(
        s for _p, s in ((a["payout_id"], a["status"]) for a in applied.json()["applied"])
    ) == ["confirmed", "returned"]
    repeat = api.client.post(
        "/bank-messages/status", content=answer, headers=headers | {"Idempotency-Key": "bank-2"}
    )
    assert repeat.json()["applied"] == []
    assert sorted(repeat.json()["unchanged"]) == sorted(files[0]["payouts"])
    wallet = api.get(f"/merchants/{shop['merchant_id']}/balance", currency="CNY").json()
    assert wallet["balance"] == payout["amount"]  # the rejected payout came back, exactly
    bad = api.client.post(
        "/bank-messages/status",
        content=b"<not-xml",
        headers=headers | {"Idempotency-Key": "bank-3"},
    )
    assert_problem(bad, 422, "bank_message_invalid")


def test_unmatched_money_goes_back_to_its_payer(api: Api, shop):
    stray = api.payment(shop["merchant_id"], api.n(), remittance_info="GOODS")
    assert api.get(f"/payments/{stray['id']}").json()["status"] == "suspense"
    assert_problem(
        api.post(f"/payments/{stray['id']}/return", {"reason": "x"}, user="operator"), 403
    )
    payout = api.ok(
        f"/payments/{stray['id']}/return",
        {"reason": "no trade documents"},
        user="analyst",
        status=200,
    )
    assert payout["kind"] == "return_to_payer"
    assert payout["payee"]["bank_bic"] == "EBILAEAD"
    assert api.get(f"/payments/{stray['id']}").json()["status"] == "returned"
    # money already on its way back cannot go back twice
    again = api.post(f"/payments/{stray['id']}/return", {"reason": "x"}, user="analyst")
    assert_problem(again, 409)


def test_changing_the_settlement_account_takes_two_people(api: Api, shop):
    merchant_id = shop["merchant_id"]
    legal = api.get(f"/merchants/{merchant_id}").json()["legal_name"]
    other_name = {"bank_name": "ABC", "account_no": "9", "account_name": "Someone Else"}
    assert_problem(
        api.post(f"/merchants/{merchant_id}/settlement-account", other_name, user="operator"), 422
    )
    change = api.ok(
        f"/merchants/{merchant_id}/settlement-account",
        {"bank_name": "ABC Yiwu", "account_no": "6228000099", "account_name": legal},
        user="operator",
    )
    assert change["status"] == "pending"
    decision = {"approve": True, "reason": "checked with the bank"}
    assert_problem(
        api.post(f"/account-changes/{change['id']}/decision", decision, user="operator"), 403
    )
    decided = api.ok(
        f"/account-changes/{change['id']}/decision", decision, user="supervisor", status=200
    )
    assert decided["status"] == "approved"
    account = api.get(f"/merchants/{merchant_id}").json()["settlement_account"]
    assert account["account_no"] == "6228000099"
