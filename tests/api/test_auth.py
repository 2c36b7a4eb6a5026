"""Authentication by the API keys of named users; authorisation by their roles."""

from __future__ import annotations

import pytest

from tests.api.conftest import Api, assert_problem, merchant_body, payment_body


@pytest.mark.parametrize("path", ["/merchants", "/payments", "/alerts"])
def test_no_key_is_401_with_a_bearer_challenge(api: Api, path):
    body = assert_problem(api.client.get(path), 401, "unauthenticated")
    assert body["title"] == "Unauthenticated"
    assert api.client.get(path).headers["www-authenticate"] == "Bearer"


def test_a_command_without_a_key_is_401_and_changes_nothing(api: Api):
    before = api.snapshot()
    response = api.client.post(
        "/merchants", json=merchant_body(800), headers={"Idempotency-Key": "anon-1"}
    )
    assert_problem(response, 401)
    assert response.headers["www-authenticate"] == "Bearer"
    assert api.snapshot() == before


@pytest.mark.parametrize(
    "headers",
    [
        {"Authorization": "Bearer yp_not-a-real-key-at-all"},
        {"Authorization": "Bearer "},
        {"Authorization": "Basic YWRtaW46YWRtaW4="},
        {"X-API-Key": "yp_not-a-real-key-at-all"},
        {"X-API-Key": ""},
    ],
    ids=["unknown-bearer", "empty-bearer", "basic", "unknown-x-api-key", "empty-x-api-key"],
)
def test_a_bad_key_is_401(api: Api, headers):
    response = api.client.get("/merchants", headers=headers)
    assert_problem(response, 401, "unauthenticated")
    assert response.headers["www-authenticate"] == "Bearer"


def test_a_key_differing_only_after_its_prefix_is_refused(api: Api):
    key = api.keys["admin"]
    forged = key[:12] + ("A" if key[12] != "A" else "B") + key[13:]
    assert_problem(api.client.get("/merchants", headers={"Authorization": f"Bearer {forged}"}), 401)


def test_the_x_api_key_header_works_too(api: Api):
    response = api.client.get("/merchants", headers={"X-API-Key": api.keys["shop_a"]})
    assert response.status_code == 200
    assert [m["id"] for m in response.json()] == [api.merchant_ids["shop_a"]]
    created = api.client.post(
        "/buyers",
        json={
            "name": "Lagos Goods Ltd",
            "country": "NG",
            "party_type": "non_natural",
            "id_type": "foreign_registration",
            "id_number": "RC-1",
        },
        headers={"X-API-Key": api.keys["operator"], "Idempotency-Key": "b-1"},
    )
    assert created.status_code == 201, created.text


@pytest.mark.parametrize(
    ("user", "method", "path"),
    [
        ("auditor", "post", "/payments"),
        ("shop_a", "post", "/payments"),
        ("analyst", "post", "/merchants"),
        ("shop_a", "post", "/merchants"),
        ("shop_a", "post", "/buyers"),
        ("auditor", "post", "/trades"),
        ("shop_a", "post", "/fx/rates"),
        ("analyst", "post", "/fx/rates"),
        ("operator", "get", "/alerts"),
        ("operator", "get", "/report-candidates"),
        ("analyst", "get", "/ledger/backing"),
    ],
)
def test_a_role_without_the_permission_is_403(api: Api, user, method, path):
    before = api.snapshot()
    if method == "post":
        body = payment_body(api.merchant_ids["shop_a"], 1) if path == "/payments" else {}
        response = api.post(path, body, user=user)
    else:
        response = api.get(path, user=user)
    assert_problem(response, 403, "permission_denied")
    assert api.snapshot() == before


def test_only_decision_makers_release_or_freeze_and_only_reviewers_review(api: Api):
    a = api.merchant_ids["shop_a"]
    paid = api.paid_trade(
        a, payer={"name": "X", "account": "IR1", "bic": "BMJIIRTH", "country": "IR"}
    )
    payment_id = paid["payment"]["id"]
    before = api.snapshot()
    for user in ("operator", "auditor", "shop_a"):
        for action in ("release", "freeze"):
            response = api.post(f"/payments/{payment_id}/{action}", {"reason": "x"}, user=user)
            assert_problem(response, 403)
    for user in ("analyst", "auditor", "shop_a"):
        response = api.post(f"/trades/{paid['trade']['id']}/review", {"approve": True}, user=user)
        assert_problem(response, 403)
    for user in ("analyst", "auditor"):
        assert_problem(api.post(f"/payments/{payment_id}/settle", user=user), 403)
    # a shop may sell its own credited money, but is never told why money is held
    refused = assert_problem(api.post(f"/payments/{payment_id}/settle", user="shop_a"), 409)
    assert "under_review" in refused["detail"]
    assert "held" not in refused["detail"]
    assert api.snapshot() == before
