"""`yipay users`: named users, roles and API keys."""

from __future__ import annotations

from typing import Annotated

import typer

from yipay.entrypoints.cli.context import container, emit_json

app = typer.Typer(help="Users, roles and API keys.", no_args_is_help=True)


@app.command("create")
def create(
    name: str,
    role: Annotated[
        list[str],
        typer.Option(
            help="A role (repeatable): admin, operator, analyst, supervisor, auditor, merchant."
        ),
    ],
    merchant: Annotated[
        str | None, typer.Option(help="For a merchant's user: the merchant id.")
    ] = None,
) -> None:
    """Create a user and print its API key (shown once; only a digest is stored)."""
    c = container()
    with c.uow(actor="cli") as uow:
        created = c.access.create_user(uow, name, role, merchant)
        uow.commit()
    emit_json(
        {
            "id": created.user.id,
            "name": created.user.name,
            "roles": list(created.user.roles),
            "merchant_id": created.user.merchant_id,
            "api_key": created.api_key,
        }
    )


@app.command("roles")
def roles() -> None:
    """The roles defined in the database."""
    c = container()
    with c.uow() as uow:
        emit_json(c.access.roles(uow))
