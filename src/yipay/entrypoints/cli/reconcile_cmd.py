"""`yipay reconcile`: payments against trades from files; no database needed."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from yipay.entrypoints.cli.context import fail, read_text

T = TypeVar("T")


def _parsed(parse: Callable[..., list[T]], path: Path) -> list[T]:
    """The parsed input file, or one error line naming the file and line."""
    from yipay.core.errors import YipayError

    text = read_text(path)
    try:
        return parse(text, name=str(path))
    except YipayError as exc:
        fail(exc.message)


def _csv(header: Sequence[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        fail(f"{path}: {exc.strerror or exc}")


def reconcile(
    payments: Annotated[
        Path,
        typer.Option(
            "--payments",
            help="payment_id,value_date,amount,currency,payer_name,payer_country,payer_account,"
            "remittance_info,beneficiary_id[,charges_amount,charges_currency,charge_bearer,"
            "instructed_amount,instructed_currency]",
        ),
    ],
    trades: Annotated[
        Path,
        typer.Option(
            "--trades",
            help="trade_id,merchant_id,buyer_name,buyer_country,amount,currency,trade_date"
            "[,declaration_no,order_no,invoice_no,waybill_no,goods_description,hs_code]",
        ),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output", help="payment_id,trade_id,allocated_amount,currency,score (automatic)"
        ),
    ],
    suggestions: Annotated[
        Path | None,
        typer.Option(
            "--suggestions",
            help="payment_id,rank,trade_id,score,reason,explanation (below the auto-match bar)",
        ),
    ] = None,
    rates: Annotated[
        Path | None,
        typer.Option(
            "--rates",
            help="base,quote,bid,ask,source,as_of (default: built-in reference rates, "
            "generous tolerance)",
        ),
    ] = None,
    relations: Annotated[
        Path | None,
        typer.Option(
            "--relations", help="buyer_name[,payer_name][,payer_account]: known third-party payers"
        ),
    ] = None,
) -> None:
    """Match payments to trades: allocations to --output, doubtful cases to --suggestions."""
    from yipay.fx.rates_csv import parse_rates_csv
    from yipay.matching.files import (
        MATCH_HEADER,
        SUGGESTION_HEADER,
        match_rows,
        parse_payments,
        parse_relations,
        parse_trades,
        suggestion_rows,
    )
    from yipay.matching.rates import RateTable
    from yipay.matching.reconcile import reconcile as run

    payment_records = _parsed(parse_payments, payments)
    trade_records = _parsed(parse_trades, trades)
    table = RateTable.from_rates(_parsed(parse_rates_csv, rates)) if rates else None
    known = _parsed(parse_relations, relations) if relations else []
    result = run(payment_records, trade_records, rates=table, relations=known)
    matches = _csv(MATCH_HEADER, match_rows(result.allocations))
    suggested = _csv(SUGGESTION_HEADER, suggestion_rows(result.suggestions))
    _write(output, matches)
    if suggestions is not None:
        _write(suggestions, suggested)
    auto = len({a.payment_id for a in result.allocations if a.trade_id})
    typer.echo(
        f"{len(payment_records)} payments: {auto} matched automatically, "
        f"{len({s.payment_id for s in result.suggestions})} with suggestions "
        f"({result.version})",
        err=True,
    )
