"""Per-merchant isolation: a merchant's key sees its own shop only, on every storage engine."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import Api, assert_problem


@pytest.fixture
def two_shops(db_api: Api) -> dict[str, Any]:
    """Each merchant has a trade and a payment; a third payment names no known merchant."""
    a, b = db_api.merchant_ids["shop_a"], db_api.merchant_ids["shop_b"]
    world = {"a": a, "b": b, "shop_a": db_api.paid_trade(a), "shop_b": db_api.paid_trade(b)}
    world["orphan"] = db_api.payment(None, db_api.n())
    return world


def test_a_merchant_lists_only_its_own_merchant_record(db_api: Api, two_shops):
    response = db_api.get("/merchants", user="shop_a")
    assert response.status_code == 200
    assert [m["id"] for m in response.json()] == [two_shops["a"]]
    staff = db_api.get("/merchants", user="auditor").json()
    assert {two_shops["a"], two_shops["b"]} <= {m["id"] for m in staff}


def test_another_merchants_records_do_not_exist_for_a_merchant_key(db_api: Api, two_shops):
    b = two_shops["shop_b"]
    for path in (
        f"/merchants/{two_shops['b']}",
        f"/merchants/{two_shops['b']}/balances",
        f"/payments/{b['payment']['id']}",
        f"/trades/{b['trade']['id']}",
        f"/buyers/{b['buyer']['id']}",
        f"/payments/{two_shops['orphan']['id']}",
    ):
        assert_problem(db_api.get(path, user="shop_a"), 404)
        assert db_api.get(path, user="auditor").status_code == 200, path


def test_a_merchant_reads_its_own_records(db_api: Api, two_shops):
    a = two_shops["shop_a"]
    for path in (
        f"/merchants/{two_shops['a']}",
        f"/merchants/{two_shops['a']}/balances",
        f"/payments/{a['payment']['id']}",
        f"/trades/{a['trade']['id']}",
        f"/buyers/{a['buyer']['id']}",
    ):
        response = db_api.get(path, user="shop_a")
        assert response.status_code == 200, (path, response.text)
    assert (
        db_api.get(f"/payments/{a['payment']['id']}", user="shop_a").json()["id"]
        == (a["payment"]["id"])
    )


def test_lists_hold_only_the_merchants_rows_even_when_it_asks_for_another(db_api: Api, two_shops):
    for path in ("/payments", "/trades"):
        kind = path.strip("/")[:-1]
        own = {two_shops["shop_a"][kind]["id"]}
        for params in ({}, {"merchant_id": two_shops["b"]}):
            response = db_api.get(path, user="shop_a", **params)
            assert response.status_code == 200
            rows = response.json()
            assert {r["id"] for r in rows} == own, (path, params)
            assert {r["merchant_id"] for r in rows} == {two_shops["a"]}
        # staff asking for shop B get shop B's rows: the filter itself works
        staff = db_api.get(path, user="analyst", merchant_id=two_shops["b"]).json()
        assert {r["id"] for r in staff} == {two_shops["shop_b"][kind]["id"]}


def test_buyers_list_holds_only_the_merchants_counterparties(db_api: Api, two_shops):
    rows = db_api.get("/buyers", user="shop_a").json()
    assert [r["id"] for r in rows] == [two_shops["shop_a"]["buyer"]["id"]]


def test_alerts_reports_and_the_ledger_are_forbidden_to_a_merchant(db_api: Api, two_shops):
    for path in ("/alerts", "/report-candidates", "/ledger/backing"):
        assert_problem(db_api.get(path, user="shop_a"), 403, "permission_denied")
        assert_problem(db_api.get(path, user="shop_a", merchant_id=two_shops["a"]), 403)
        assert db_api.get(path, user="auditor").status_code == 200, path


def test_a_merchant_cannot_post_for_another_merchant(db_api: Api, two_shops):
    before = db_api.snapshot()
    body = {"kyc_status": "rejected"}
    assert_problem(db_api.post(f"/merchants/{two_shops['b']}/kyc", body, user="shop_a"), 403)
    buyer = two_shops["shop_b"]["buyer"]["id"]
    trade = {
        "merchant_id": two_shops["b"],
        "buyer_id": buyer,
        "reference": "INV-FORGED-1",
        "amount": "100.00",
        "currency": "USD",
        "trade_date": "2026-11-01",
    }
    assert_problem(db_api.post("/trades", trade, user="shop_a"), 404)
    assert db_api.snapshot() == before


def test_another_shops_record_and_no_record_answer_alike(db_api: Api, two_shops):
    b = two_shops["shop_b"]
    for kind, real_id in (
        ("payments", b["payment"]["id"]),
        ("trades", b["trade"]["id"]),
        ("merchants", two_shops["b"]),
        ("buyers", b["buyer"]["id"]),
    ):
        fake_id = real_id[:4] + "0" * (len(real_id) - 4)
        theirs = assert_problem(db_api.get(f"/{kind}/{real_id}", user="shop_a"), 404)
        absent = assert_problem(db_api.get(f"/{kind}/{fake_id}", user="shop_a"), 404)
        assert theirs["code"] == absent["code"], kind
        assert theirs["detail"].replace(real_id, "ID") == absent["detail"].replace(fake_id, "ID")
