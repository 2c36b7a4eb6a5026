"""Alerts, report candidates, rates and the ledger's health: staff only."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from yipay.access.domain import Permission, User
from yipay.adapters.db.uow import UnitOfWork
from yipay.entrypoints.api.deps import Container_, current_user, require
from yipay.entrypoints.api.idempotency import run_command
from yipay.entrypoints.api.schemas import RateIn, RuleSettingIn
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


@router.get("/monitoring/rules", dependencies=[require(P.ALERTS_READ)])
def monitoring_rules(c: Container_) -> list[dict[str, Any]]:
    """The rule catalogue with the mode and parameter values in force, and their revision."""
    from yipay.entrypoints.views import rule_in_force_view

    with c.uow() as uow:
        return [rule_in_force_view(r) for r in c.rule_settings.in_force(uow).values()]


@router.post("/monitoring/rules/{rule_id}/settings", dependencies=[require(P.RULES_MANAGE)])
def configure_rule(
    rule_id: str,
    body: RuleSettingIn,
    request: Request,
    c: Container_,
    user: Annotated[User, Depends(current_user)],
) -> JSONResponse:
    """Change a rule's mode or parameters (values as decimal strings); logged with who, when,
    why and the values before and after."""
    from yipay.entrypoints.views import rule_change_view
    from yipay.monitoring.domain import RuleMode
    from yipay.monitoring.errors import InvalidRuleChange

    if body.mode is not None and body.mode not in {m.value for m in RuleMode}:
        raise InvalidRuleChange(f"mode must be monitor or active, not {body.mode!r}")

    def command(uow: UnitOfWork) -> tuple[int, Any]:
        change = c.rule_settings.configure(
            uow,
            rule_id,
            by=user.name,
            reason=body.reason,
            mode=RuleMode(body.mode) if body.mode else None,
            parameters=body.parameters,
        )
        return 200, rule_change_view(change)

    return run_command(c, request, user, body.model_dump(), command)


@router.get("/monitoring/rules/{rule_id}/changes", dependencies=[require(P.ALERTS_READ)])
def rule_changes(rule_id: str, c: Container_) -> list[dict[str, Any]]:
    """Every change of this rule, oldest first."""
    from yipay.entrypoints.views import rule_change_view

    with c.uow() as uow:
        return [rule_change_view(x) for x in c.rule_settings.changes(uow, rule_id)]


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
