"""The OpenAPI description and the health check."""

from __future__ import annotations

from tests.api.conftest import Api, assert_problem

PATHS = {
    "/health": {"get"},
    "/merchants": {"get", "post"},
    "/merchants/{merchant_id}": {"get"},
    "/merchants/{merchant_id}/balances": {"get"},
    "/merchants/{merchant_id}/kyc": {"post"},
    "/buyers": {"get", "post"},
    "/buyers/{buyer_id}": {"get"},
    "/trades": {"get", "post"},
    "/trades/{trade_id}": {"get"},
    "/trades/{trade_id}/review": {"post"},
    "/payments": {"get", "post"},
    "/payments/{payment_id}": {"get"},
    "/payments/{payment_id}/release": {"post"},
    "/payments/{payment_id}/freeze": {"post"},
    "/payments/{payment_id}/settle": {"post"},
    "/fx/rates": {"post"},
    "/alerts": {"get"},
    "/report-candidates": {"get"},
    "/ledger/backing": {"get"},
}


def test_openapi_lists_every_path_and_method(api: Api):
    response = api.client.get("/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    assert spec["openapi"].startswith("3.")
    assert spec["info"]["title"] == "yipay"
    listed = {
        path: set(ops) & {"get", "post", "put", "patch", "delete"}
        for path, ops in spec["paths"].items()
    }
    for path, methods in PATHS.items():
        assert methods <= listed.get(path, set()), path


def test_amounts_are_strings_in_the_schema(api: Api):
    schemas = api.client.get("/openapi.json").json()["components"]["schemas"]
    assert schemas["PaymentIn"]["properties"]["amount"]["type"] == "string"
    assert schemas["TradeIn"]["properties"]["amount"]["type"] == "string"
    assert schemas["PaymentIn"]["additionalProperties"] is False


def test_health_answers_without_a_key(api: Api):
    response = api.client.get("/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["version"]


def test_unknown_paths_and_methods_answer_problem_json(api: Api):
    assert_problem(api.get("/no-such-thing"), 404)
    assert_problem(api.client.delete("/merchants", headers=api.auth("admin")), 405)
