"""The FX directory registration and annual receipts through the API (both databases for the flow,
SQLite for bad input)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import Api, assert_problem, payment_body, trade_body


def _crossed(api: Api, merchant_id: str) -> dict[str, Any]:
    """USD 210,000 invoiced, USD 209,985 received (SHA): credited, above the USD 200k line."""
    api.rates()
    n = api.n()
    buyer = api.buyer()
    api.ok("/trades", trade_body(merchant_id, buyer["id"], n, amount="210000.00"))
    created = api.ok("/payments", payment_body(merchant_id, n, amount="209985.00"))
    payment = api.get(f"/payments/{created['id']}").json()
    assert payment["status"] == "credited", payment
    return dict(payment)


def test_above_the_threshold_a_shop_is_told_why_and_a_supervisor_unblocks_it(db_api: Api):
    api = db_api
    a = api.merchant_ids["shop_a"]
    payment = _crossed(api, a)

    receipts = api.get(f"/merchants/{a}/annual-receipts", user="shop_a").json()
    assert receipts == {
        "merchant_id": a,
        "year": 2026,
        "receipts": 1,
        "total": {"amount": "209985.00", "currency": "USD"},
        "warning_threshold": {"amount": "180000.00", "currency": "USD"},
        "blocking_threshold": {"amount": "200000.00", "currency": "USD"},
        "fx_directory": {
            "registered": False,
            "registered_on": None,
            "marked_by": None,
            "marked_at": None,
        },
        "settlement_blocked": True,
    }
    alerts = [x for x in api.get("/alerts").json() if x["subject_id"] == a]
    assert [(x["source"], x["rule_id"], x["evidence"]) for x in alerts] == [
        ("threshold", "FX-DIRECTORY-WARN", [payment["id"]])
    ]

    refused = api.post(f"/payments/{payment['id']}/settle", user="shop_a")
    body = assert_problem(refused, 409, "payment_fx_directory_required")
    assert "USD 209,985.00" in body["detail"]
    assert "trade-FX directory" in body["detail"]

    mark = {"registered": True, "registered_on": "2026-10-15"}
    assert_problem(api.post(f"/merchants/{a}/fx-directory", mark, user="operator"), 403)
    assert_problem(api.post(f"/merchants/{a}/fx-directory", mark, user="shop_a"), 403)
    marked = api.ok(f"/merchants/{a}/fx-directory", mark, status=200)
    assert marked["fx_directory"]["registered"] is True
    assert marked["fx_directory"]["registered_on"] == "2026-10-15"
    assert marked["fx_directory"]["marked_by"] == "admin"
    assert api.get(f"/merchants/{a}", user="shop_a").json()["fx_directory"]["registered"] is True

    settled = api.post(f"/payments/{payment['id']}/settle", user="shop_a")
    assert settled.status_code == 200, settled.text
    after = api.get(f"/merchants/{a}/annual-receipts", user="shop_a", year=2026).json()
    assert after["settlement_blocked"] is False
    assert after["total"] == receipts["total"]  # settling does not change what was received


def test_annual_receipts_of_another_shop_or_year(api: Api):
    a, b = api.merchant_ids["shop_a"], api.merchant_ids["shop_b"]
    assert_problem(api.get(f"/merchants/{b}/annual-receipts", user="shop_a"), 404)
    empty = api.get(f"/merchants/{a}/annual-receipts", year=2025).json()
    assert (empty["year"], empty["receipts"], empty["total"]["amount"]) == (2025, 0, "0.00")
    assert_problem(api.get(f"/merchants/{a}/annual-receipts", year="soon"), 422)
    assert_problem(api.get("/merchants/mer_nobody/annual-receipts"), 404, "party_not_found")


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"registered": True}, 422, "party_invalid"),  # a registration needs its date
        ({"registered": True, "registered_on": "2026-13-01"}, 422, "invalid_input"),
        ({"registered": True, "registered_on": "2027-01-01"}, 422, "party_invalid"),  # future
        ({"registered": False, "registered_on": "2026-10-01"}, 422, "party_invalid"),
        ({"registered": "yes", "registered_on": "2026-10-01"}, 422, None),
        ({"registered": True, "registered_on": "2026-10-01", "by": "x"}, 422, None),
        ({}, 422, None),
    ],
)
def test_bad_fx_directory_input_is_a_problem_and_changes_nothing(api: Api, body, status, code):
    a = api.merchant_ids["shop_a"]
    assert_problem(api.post(f"/merchants/{a}/fx-directory", body), status, code)
    assert api.get(f"/merchants/{a}").json()["fx_directory"]["registered"] is False


def test_fx_directory_of_an_unknown_merchant_is_404(api: Api):
    body = {"registered": True, "registered_on": "2026-10-01"}
    assert_problem(api.post("/merchants/mer_nobody/fx-directory", body), 404, "party_not_found")


def test_unregistering_is_recorded_too(api: Api):
    a = api.merchant_ids["shop_a"]
    api.ok(
        f"/merchants/{a}/fx-directory",
        {"registered": True, "registered_on": "2026-10-01"},
        status=200,
    )
    unmarked = api.ok(f"/merchants/{a}/fx-directory", {"registered": False}, status=200)
    assert unmarked["fx_directory"]["registered"] is False
    assert unmarked["fx_directory"]["registered_on"] is None
    assert unmarked["fx_directory"]["marked_by"] == "admin"


def test_the_openapi_description_lists_both_paths(api: Api):
    paths = api.client.get("/openapi.json").json()["paths"]
    assert "post" in paths["/merchants/{merchant_id}/fx-directory"]
    assert "get" in paths["/merchants/{merchant_id}/annual-receipts"]
