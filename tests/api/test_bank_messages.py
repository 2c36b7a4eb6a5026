"""`POST /bank-messages`: a raw bank file in, exactly once, with problem+json for bad files."""

from __future__ import annotations

from tests.api.conftest import Api, assert_problem
from tests.intake import support


def _upload(api: Api, data: bytes, key: str, user: str = "admin", name: str = "in.xml"):
    headers = api.auth(user) | {"Idempotency-Key": key, "Content-Type": "application/xml"}
    return api.client.post(f"/bank-messages?name={name}", content=data, headers=headers)


def test_a_raw_pacs008_lands_once_and_the_merchant_is_found_by_its_virtual_account(api: Api):
    merchant = api.merchant()
    accounts = api.get(f"/merchants/{merchant['id']}/virtual-accounts").json()
    usd = next(a["number"] for a in accounts if a["currency"] == "USD")
    data = support.pacs008(support.credit(usd))
    first = _upload(api, data, "up-1")
    assert first.status_code == 201, first.text
    body = first.json()
    assert (body["received"], body["source_format"]) == (1, "pacs.008")
    payment = api.get(f"/payments/{body['payment_ids'][0]}").json()
    assert payment["merchant_id"] == merchant["id"]
    replay = _upload(api, data, "up-1")  # same key, same file: the same answer
    assert replay.status_code == 201
    assert replay.headers["Idempotent-Replayed"] == "true"
    again = _upload(api, data, "up-2")  # another key, the same file: a duplicate, nothing new
    assert again.status_code == 200
    assert again.json()["duplicate_of"] == body["file_id"]
    records = api.get(f"/bank-messages/{body['file_id']}").json()
    assert [r["outcome"] for r in records] == ["received"]
    assert len(api.get("/payments").json()) == 1


def test_a_bad_file_is_a_problem_naming_it_and_stores_nothing(api: Api):
    bomb = b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><l>&b;</l>'
    answer = _upload(api, bomb, "bad-1", name="bomb.xml")
    body = assert_problem(answer, 422)
    assert body["detail"].startswith("bomb.xml")
    assert api.get("/bank-messages").json() == []


def test_merchant_users_cannot_upload_bank_files_nor_see_other_shops_accounts(api: Api):
    answer = _upload(api, b"<x/>", "m-1", user="shop_a")
    assert answer.status_code == 403
    other = api.merchant_ids["shop_b"]
    assert api.get(f"/merchants/{other}/virtual-accounts", user="shop_a").status_code == 404
