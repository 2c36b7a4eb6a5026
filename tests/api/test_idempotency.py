"""`Idempotency-Key`: same key and body → the same answer once; another body → 422; per user."""

from __future__ import annotations

import pytest

from tests.api.conftest import Api, assert_problem, merchant_body, payment_body, rate_body


def test_the_same_key_and_body_replay_the_first_answer_and_store_nothing_twice(db_api: Api):
    body = merchant_body(901)
    first = db_api.post("/merchants", body, key="merchant-901")
    assert first.status_code == 201
    assert "idempotent-replayed" not in first.headers
    after_first = db_api.snapshot()
    again = db_api.post("/merchants", body, key="merchant-901")
    assert again.status_code == 201
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json() == first.json()
    assert db_api.snapshot() == after_first
    assert len(after_first["merchants"]) == 3  # the two shops and this one


def test_a_replayed_payment_is_received_and_booked_once(db_api: Api):
    a = db_api.merchant_ids["shop_a"]
    body = payment_body(a, 1)
    before = db_api.counts()
    first = db_api.post("/payments", body, key="pay-1")
    assert first.status_code == 201, first.text
    stored = db_api.snapshot()
    assert len(stored["payments"]) == before["payments"] + 1
    for _ in range(2):
        again = db_api.post("/payments", body, key="pay-1")
        assert again.status_code == 201
        assert again.headers["idempotent-replayed"] == "true"
        assert again.json() == first.json()
    assert db_api.snapshot() == stored


def test_the_same_key_with_another_body_is_refused_and_changes_nothing(db_api: Api):
    first = db_api.post("/merchants", merchant_body(902), key="k-902")
    assert first.status_code == 201
    before = db_api.snapshot()
    other = db_api.post("/merchants", merchant_body(903), key="k-902")
    assert_problem(other, 422, "idempotency_key_reused")
    assert "idempotent-replayed" not in other.headers
    # the same key on another command is another request too
    assert_problem(
        db_api.post("/fx/rates", [rate_body()], key="k-902"), 422, "idempotency_key_reused"
    )
    assert db_api.snapshot() == before
    # the original request still replays
    assert db_api.post("/merchants", merchant_body(902), key="k-902").json() == first.json()


@pytest.mark.parametrize("key", ["", "   "])
def test_a_command_without_a_key_is_refused_and_changes_nothing(db_api: Api, key):
    before = db_api.snapshot()
    response = db_api.client.post(
        "/merchants",
        json=merchant_body(904),
        headers=db_api.auth("admin") | ({"Idempotency-Key": key} if key else {}),
    )
    assert_problem(response, 400, "idempotency_key_required")
    a = db_api.merchant_ids["shop_a"]
    assert_problem(db_api.post("/payments", payment_body(a, 2), key=""), 400)
    assert db_api.snapshot() == before


def test_an_overlong_key_is_refused(db_api: Api):
    before = db_api.snapshot()
    assert_problem(db_api.post("/merchants", merchant_body(905), key="k" * 201), 422)
    assert db_api.snapshot() == before


def test_keys_belong_to_their_user(db_api: Api):
    """The same key from two users is two independent commands, each replayed to its own user."""
    before = db_api.counts()
    by_admin = db_api.post("/merchants", merchant_body(906), user="admin", key="shared")
    by_operator = db_api.post("/merchants", merchant_body(907), user="operator", key="shared")
    assert by_admin.status_code == 201
    assert by_operator.status_code == 201, by_operator.text
    assert "idempotent-replayed" not in by_operator.headers
    assert by_admin.json()["id"] != by_operator.json()["id"]
    assert db_api.counts()["merchants"] == before["merchants"] + 2
    replay = db_api.post("/merchants", merchant_body(907), user="operator", key="shared")
    assert replay.headers["idempotent-replayed"] == "true"
    assert replay.json() == by_operator.json()
    assert_problem(
        db_api.post("/merchants", merchant_body(907), user="admin", key="shared"),
        422,
        "idempotency_key_reused",
    )
    assert db_api.counts()["merchants"] == before["merchants"] + 2


def test_a_failed_command_leaves_nothing_behind(db_api: Api):
    """A refused command stores neither effects nor an answer: fixing the body with the same
    key then runs it."""
    a = db_api.merchant_ids["shop_a"]
    before = db_api.snapshot()
    bad = {
        "merchant_id": a,
        "buyer_id": "buy_unknown",
        "reference": "INV-X",
        "amount": "10.00",
        "currency": "USD",
        "trade_date": "2026-11-01",
    }
    assert_problem(db_api.post("/trades", bad, key="trade-x"), 422)
    assert db_api.snapshot() == before
    buyer = db_api.buyer()
    fixed = db_api.post("/trades", bad | {"buyer_id": buyer["id"]}, key="trade-x")
    assert fixed.status_code == 201, fixed.text
    assert "idempotent-replayed" not in fixed.headers


def test_a_concurrent_request_with_the_same_key_answers_as_the_winner(
    db_api: Api, monkeypatch: pytest.MonkeyPatch
):
    """Two requests with one key both find no stored answer and both run; the loser's insert
    of the key fails. It must answer as the winner did, not with a server error."""
    body = [rate_body()]
    winner = db_api.post("/fx/rates", body, key="rates-race")
    assert winner.status_code == 201
    assert winner.json() == {"added": 1, "known": 0}
    stored = db_api.snapshot()
    access = db_api.container.access
    real = access.stored_response
    calls = []

    def not_yet_committed(uow, user_id, key):
        calls.append(key)
        return None if len(calls) == 1 else real(uow, user_id, key)

    monkeypatch.setattr(access, "stored_response", not_yet_committed)
    loser = db_api.post("/fx/rates", body, key="rates-race")
    assert loser.status_code == 201, loser.text
    assert loser.json() == winner.json()
    assert loser.headers["idempotent-replayed"] == "true"
    assert db_api.snapshot() == stored
