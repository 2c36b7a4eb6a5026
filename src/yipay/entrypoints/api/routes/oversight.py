"""Alerts, report candidates, rates and the ledger's health: staff only."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from yipay.access.domain import Permission, User
from yipay.adapters.db.uow import UnitOfWork
from yipay.entrypoints.api.deps import Container_, current_user, require
from yipay.entrypoints.api.idempotency import run_command
from yipay.entrypoints.api.schemas import RateIn
from yipay.entrypoints.views import alert_view

router = APIRouter(tags=["oversight"])
P = Permission


@router.get("/alerts", dependencies=[require(P.ALERTS_READ)])
def list_alerts(
    c: Container_,
    rule_id: str | None = None,
    subject_id: str | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    after: str | None = None,
) -> list[dict[str, Any]]:
    with c.uow() as uow:
        found = c.alerts.find(uow, rule_id=rule_id, subject_id=subject_id, limit=limit, after=after)
    return [alert_view(a) for a in found]


@router.get("/report-candidates", dependencies=[require(P.REPORTS_READ)])
def report_candidates(c: Container_, merchant_id: str | None = None) -> list[dict[str, Any]]:
    with c.uow() as uow:
        rows = c.reporting.candidates(uow, merchant_id=merchant_id)
    return [
        {
            "id": r.id,
            "kind": r.kind,
            "merchant_id": r.merchant_id,
            "day": r.day.isoformat(),
            "currency_class": r.currency_class,
            "total": {"amount": str(_major(r.total_minor, r.currency)), "currency": r.currency},
            "evidence": r.evidence,
            "due_by": r.due_by.isoformat(),
            "status": r.status,
        }
        for r in rows
    ]


def _major(minor: int, code: str) -> Any:
    from yipay.core.money import Money

    return Money.from_minor(minor, code).amount


@router.post("/fx/rates", status_code=201, dependencies=[require(P.FX_WRITE)])
def post_rates(
    body: list[RateIn],
    request: Request,
    c: Container_,
    user: Annotated[User, Depends(current_user)],
) -> JSONResponse:
    from yipay.core.clock import parse_instant
    from yipay.core.errors import InvalidInput
    from yipay.fx.domain import Rate

    if not body:
        raise InvalidInput("send at least one rate")
    data = [r.model_dump() for r in body]
    rates = [
        Rate(r["base"], r["quote"], r["bid"], r["ask"], r["source"], parse_instant(r["as_of"]))
        for r in data
    ]

    def command(uow: UnitOfWork) -> tuple[int, Any]:
        added, known = c.fx.import_rates(uow, rates)
        return 201, {"added": added, "known": known}

    return run_command(c, request, user, data, command)


@router.get("/ledger/backing", dependencies=[require(P.AUDIT_READ)])
def backing(c: Container_, user: Annotated[User, Depends(current_user)]) -> list[dict[str, Any]]:
    del user
    with c.uow() as uow:
        rows = c.ledger.backing(uow)
    return [
        {
            "currency": b.currency,
            "client_money": str(b.client_money.amount),
            "nostro": str(b.nostro.amount),
            "backed": b.backed,
        }
        for b in rows
    ]
