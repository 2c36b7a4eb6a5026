"""`yipay reports`: regulatory report candidates."""

from __future__ import annotations

from typing import Annotated

import typer

from yipay.entrypoints.cli.context import container, emit_json

app = typer.Typer(help="Regulatory reports.", no_args_is_help=True)


@app.command("large-value")
def large_value(
    first: Annotated[str | None, typer.Option(help="First regulatory day (YYYY-MM-DD).")] = None,
    last: Annotated[str | None, typer.Option(help="Last regulatory day (YYYY-MM-DD).")] = None,
) -> None:
    """Compute large-value report candidates (PBoC 2016 No.3) and list them."""
    from yipay.core.clock import parse_date

    c = container()
    with c.uow(actor="reports") as uow:
        found = c.reporting.large_value(
            uow, parse_date(first) if first else None, parse_date(last) if last else None
        )
        uow.commit()
    emit_json(
        [
            {
                "id": f.id,
                "merchant_id": f.merchant_id,
                "day": f.day.isoformat(),
                "class": f.currency_class,
                "total": f.total.to_json(),
                "threshold": f.threshold.to_json(),
                "payments": list(f.payment_ids),
                "due_by": f.due_by.isoformat(),
            }
            for f in found
        ]
    )
