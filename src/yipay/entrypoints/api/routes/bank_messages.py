"""Bank messages: upload a raw ISO 20022 or SWIFT MT file; the files received; reconciliation;
the merchants' virtual accounts."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from yipay.access.domain import Permission, User
from yipay.adapters.db.uow import UnitOfWork
from yipay.core.clock import parse_date
from yipay.core.errors import InvalidInput
from yipay.entrypoints.api.deps import Container_, current_user, own_merchant_only, require
from yipay.entrypoints.api.idempotency import run_command
from yipay.parties.errors import PartyNotFound

router = APIRouter(tags=["bank messages"])
P = Permission
MAX_BYTES = 10 * 1024 * 1024


@router.post(
    "/bank-messages",
    status_code=201,
    dependencies=[require(P.PAYMENTS_WRITE)],
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/xml": {"schema": {"type": "string"}},
                "text/plain": {"schema": {"type": "string"}},
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
            },
        }
    },
)
async def upload_bank_message(
    request: Request,
    c: Container_,
    user: Annotated[User, Depends(current_user)],
    name: Annotated[str, Query(max_length=200, description="The file's name, for reports.")] = (
        "upload"
    ),
) -> JSONResponse:
    """Take in one bank file (pacs.008, camt.054, camt.053, pacs.004, pacs.002, MT103, MT910,
    MT900, MT940) exactly once: 201 with what it did, 200 if the same file came before."""
    data = await request.body()
    if not data:
        raise InvalidInput("the request body is empty: send the bank file as the body")
    if len(data) > MAX_BYTES:
        raise InvalidInput(f"a bank file may be at most {MAX_BYTES} bytes")
    body = {"sha256": hashlib.sha256(data).hexdigest(), "name": name}

    def command(uow: UnitOfWork) -> tuple[int, Any]:
        outcome = c.intake.import_file(uow, data, name=name, actor=user.name)
        return (200 if outcome.duplicate_of else 201), outcome.as_json()

    return run_command(c, request, user, body, command)


@router.get("/bank-messages", dependencies=[require(P.PAYMENTS_WRITE)])
def list_bank_files(
    c: Container_, limit: Annotated[int, Query(ge=1, le=500)] = 50
) -> list[dict[str, Any]]:
    with c.uow() as uow:
        return c.intake.files(uow, limit=limit)


@router.get("/bank-messages/{file_id}", dependencies=[require(P.PAYMENTS_WRITE)])
def bank_file_records(file_id: str, c: Container_) -> list[dict[str, Any]]:
    """What became of each record of a received file."""
    with c.uow() as uow:
        return c.intake.records(uow, file_id)


@router.get("/reconciliation", dependencies=[require(P.PAYMENTS_WRITE)])
def reconciliation(
    c: Container_, day: Annotated[str, Query(alias="date", description="YYYY-MM-DD")]
) -> dict[str, Any]:
    """Statement lines of a value date with their pairing, and receipts no statement shows."""
    when = parse_date(day)
    with c.uow() as uow:
        lines = c.intake.statement_lines(uow, day_from=when, day_to=when + timedelta(days=1))
        currencies = sorted({str(line["currency"]) for line in lines})
        missing = [
            item
            for code in currencies
            for item in c.intake.reconciler.missing_from_statement(uow, code, when, when)
        ]
    return {
        "date": when.isoformat(),
        "lines": lines,
        "breaks": [line for line in lines if line["status"] == "break"],
        "not_on_statement": missing,
    }


@router.get("/merchants/{merchant_id}/virtual-accounts", dependencies=[require(P.PARTIES_READ)])
def virtual_accounts(
    merchant_id: str, c: Container_, user: Annotated[User, Depends(current_user)]
) -> list[dict[str, Any]]:
    """The numbers a merchant gives its buyers, one per currency."""
    own_merchant_only(user, merchant_id, PartyNotFound(f"no merchant {merchant_id}"))
    with c.uow() as uow:
        c.parties.merchant(uow, merchant_id)
        found = c.intake.virtual_accounts(uow, merchant_id)
    return [
        {
            "number": a.number,
            "currency": a.currency,
            "status": a.status.value,
            "opened_at": a.opened_at.isoformat(),
        }
        for a in found
    ]
