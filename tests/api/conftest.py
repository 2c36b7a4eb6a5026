"""The REST API under test: an app over a fresh database, named users with keys, and helpers.

`api` runs on SQLite only (fast); `db_api` runs on every engine (`database_url`: SQLite and the
throwaway PostgreSQL), for what is about storage: idempotency records and per-merchant isolation.

Users (created through the access service, as `yipay users create` does): admin, operator,
analyst, auditor, and `shop_a` / `shop_b`, the users of two different merchants.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.conftest import START
from yipay.bootstrap import Container
from yipay.entrypoints.api.app import create_app

PROBLEM = "application/problem+json"
STAFF = ("admin", "operator", "analyst", "auditor")
RATE_AS_OF = (START - timedelta(minutes=30)).isoformat()  # just before the fixed clock
TODAY = START.date().isoformat()


def assert_problem(
    response: httpx.Response, status: int, code: str | None = None
) -> dict[str, Any]:
    """An RFC 9457 problem: the media type, `status`, a stable `code` and a one-line `detail`."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM), response.headers
    body = response.json()
    assert body["status"] == status
    assert isinstance(body["code"], str)
    assert body["code"]
    assert isinstance(body["detail"], str)
    assert body["detail"].strip()
    assert "\n" not in body["detail"]
    if code is not None:
        assert body["code"] == code, body
    return body


def merchant_body(n: int, **overrides: Any) -> dict[str, Any]:
    """A company with approved KYC and a settlement account in its own name."""
    name = f"义乌市第{n}小商品有限公司"
    body: dict[str, Any] = {
        "legal_name": name,
        "name_latin": f"Yiwu Small Commodities No.{n} Co., Ltd.",
        "business_form": "company",
        "id_number": f"91330782MA2AB{n:05d}",
        "shop_no": f"F1-{n:03d}",
        "kyc_status": "approved",
        "settlement_account": {
            "bank_name": "ICBC Yiwu Branch",
            "account_no": f"62220000{n:08d}",
            "account_name": name,
        },
    }
    return body | overrides


def buyer_body(n: int, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": f"Gulf Trading {n} LLC",
        "country": "AE",
        "party_type": "non_natural",
        "id_type": "foreign_registration",
        "id_number": f"DXB-{n:05d}",
    }
    return body | overrides


def trade_body(merchant_id: str, buyer_id: str, n: int, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "merchant_id": merchant_id,
        "buyer_id": buyer_id,
        "reference": f"INV-2026-{n:04d}",
        "amount": "3000.00",
        "currency": "USD",
        "trade_date": "2026-11-01",
        "goods_description": "bed sheets",
    }
    return body | overrides


def payment_body(merchant_id: str | None, n: int, **overrides: Any) -> dict[str, Any]:
    """USD 3,000 sent SHA: USD 15 deducted on the way, USD 2,985 arrives, naming the invoice."""
    body: dict[str, Any] = {
        "amount": "2985.00",
        "currency": "USD",
        "value_date": TODAY,
        "payer": {
            "name": f"Gulf Trading {n} LLC",
            "account": f"AE0703312345678901{n:05d}",
            "bic": "EBILAEAD",
            "country": "AE",
        },
        "charges": "15.00",
        "charge_bearer": "SHA",
        "remittance_info": f"payment for INV-2026-{n:04d}",
        "end_to_end_id": f"E2E-{n:05d}",
    }
    if merchant_id is not None:
        body["merchant_id"] = merchant_id
    return body | overrides


def rate_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "base": "USD",
        "quote": "CNY",
        "bid": "7.1000",
        "ask": "7.1400",
        "source": "PARTNER",
        "as_of": RATE_AS_OF,
    }
    return body | overrides


class Api:
    """A TestClient with named users' keys and helpers that register things through the API."""

    def __init__(self, client: TestClient, container: Container, keys: dict[str, str]) -> None:
        self.client = client
        self.container = container
        self.keys = keys
        self.merchant_ids: dict[str, str] = {}  # merchant user name -> its merchant id
        self._numbers = itertools.count(1)
        self._idempotency = itertools.count(1)

    def n(self) -> int:
        """A fresh number for unique ids, names and references."""
        return next(self._numbers)

    def auth(self, user: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[user]}"}

    def get(self, path: str, user: str = "admin", **params: Any) -> httpx.Response:
        return self.client.get(path, headers=self.auth(user), params=params)

    def post(
        self, path: str, body: Any = None, user: str = "admin", key: str | None = None
    ) -> httpx.Response:
        """POST as `user` with an Idempotency-Key (a fresh one unless `key`; "" sends none)."""
        headers = self.auth(user)
        if key is None:
            key = f"test-{next(self._idempotency)}"
        if key:
            headers["Idempotency-Key"] = key
        if body is None:
            return self.client.post(path, headers=headers)
        return self.client.post(path, json=body, headers=headers)

    def post_raw(self, path: str, content: bytes, user: str = "admin") -> httpx.Response:
        headers = self.auth(user) | {
            "Idempotency-Key": f"raw-{next(self._idempotency)}",
            "Content-Type": "application/json",
        }
        return self.client.post(path, content=content, headers=headers)

    def ok(self, path: str, body: Any = None, user: str = "admin", status: int = 201) -> Any:
        response = self.post(path, body, user=user)
        assert response.status_code == status, response.text
        return response.json()

    # -- registering things -------------------------------------------------------------------
    def merchant(self, **overrides: Any) -> dict[str, Any]:
        return self.ok("/merchants", merchant_body(self.n(), **overrides))

    def buyer(self, **overrides: Any) -> dict[str, Any]:
        return self.ok("/buyers", buyer_body(self.n(), **overrides))

    def trade(
        self, merchant_id: str, buyer_id: str, n: int, user: str = "admin", **overrides: Any
    ) -> dict[str, Any]:
        body = trade_body(merchant_id, buyer_id, n, **overrides)
        return self.ok("/trades", body, user=user)

    def rates(self, *rates: dict[str, Any]) -> dict[str, Any]:
        return self.ok("/fx/rates", list(rates) or [rate_body()])

    def payment(self, merchant_id: str | None, n: int, **overrides: Any) -> dict[str, Any]:
        return self.ok("/payments", payment_body(merchant_id, n, **overrides))

    def paid_trade(self, merchant_id: str, **payment_overrides: Any) -> dict[str, Any]:
        """A platform trade for a new buyer and a payment naming it; the payment as staff see it."""
        n = self.n()
        buyer = self.buyer()
        trade = self.trade(merchant_id, buyer["id"], n)
        payment = self.payment(merchant_id, n, **payment_overrides)
        return {"trade": trade, "buyer": buyer, "payment": payment}

    # -- what is stored ------------------------------------------------------------------------
    def snapshot(self) -> dict[str, Any]:
        """Everything a command could have changed, read through the services."""
        c = self.container
        with c.uow() as uow:
            return {
                "merchants": [
                    (m.id, m.identity.kyc_status.value)
                    for m in c.parties.merchants(uow, limit=10_000)
                ],
                "buyers": [b.id for b in c.parties.buyers(uow, limit=10_000)],
                "trades": [
                    (t.id, t.verification.value, t.allocated.minor)
                    for t in c.trades.find(uow, limit=10_000)
                ],
                "payments": [(p.id, p.status.value) for p in c.payments.find(uow, limit=None)],
                "rates": sorted(
                    (r.base, r.quote, str(r.bid), str(r.ask), r.as_of.isoformat())
                    for r in c.fx.rate_history(uow)
                ),
                "accounts": [(a.ref.code, a.balance_minor) for a in c.ledger.accounts(uow)],
                "alerts": [a.id for a in c.alerts.find(uow, limit=None)],
            }

    def counts(self) -> dict[str, int]:
        return {name: len(rows) for name, rows in self.snapshot().items()}


def _build(container: Container) -> Iterator[Api]:
    with container.uow() as uow:
        keys = {name: container.access.create_user(uow, name, [name]).api_key for name in STAFF}
        uow.commit()
    with TestClient(create_app(container)) as client:
        api = Api(client, container, keys)
        shops = {"shop_a": api.merchant()["id"], "shop_b": api.merchant()["id"]}
        with container.uow() as uow:
            for name, merchant_id in shops.items():
                created = container.access.create_user(uow, name, ["merchant"], merchant_id)
                keys[name] = created.api_key
            uow.commit()
        api.merchant_ids = shops
        yield api


@pytest.fixture
def api(sqlite_container: Container) -> Iterator[Api]:
    """The API over a fresh SQLite database."""
    yield from _build(sqlite_container)


@pytest.fixture
def db_api(container: Container) -> Iterator[Api]:
    """The API over a fresh database of each engine (SQLite and PostgreSQL)."""
    yield from _build(container)
