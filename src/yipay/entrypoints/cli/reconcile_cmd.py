"""`yipay reconcile`: payments against trades from files; no database needed.

Large files are solved by several processes at once (fork): each reads both files but keeps only
its share of the merchants (merchants share nothing, so a merchant's block is solved whole by one
process), and every payment's rows are put back in input order, so the output does not depend on
how many processes ran. Input the fast reader does not take as it is goes through the record
parsers, which name the file and line of any problem.
"""

from __future__ import annotations

import csv
import gc
import io
import multiprocessing
import os
import zlib
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from yipay.entrypoints.cli.context import fail, read_text

if TYPE_CHECKING:
    from yipay.matching.reconcile import Context, PaymentRow, TradeRow

T = TypeVar("T")
#: payments files at least this large are shared between processes
PARALLEL_BYTES = 4_000_000
MAX_WORKERS = 8

#: (rows of M.csv by payment position, rows of S.csv with their sort key, payments in the file,
#: payments matched automatically, payments with suggestions)
Share = tuple[list[tuple[int, str]], list[tuple[int, int, int, str]], int, int, int]


def _parsed(parse: Callable[..., list[T]], path: Path) -> list[T]:
    """The parsed input file, or one error line naming the file and line."""
    from yipay.core.errors import YipayError

    text = read_text(path)
    try:
        return parse(text, name=str(path))
    except YipayError as exc:
        fail(exc.message)


def _quiet(parse: Callable[..., list[T]], path: Path) -> list[T] | None:
    """The parsed input file, or None when it cannot be read or parsed (reported later)."""
    from yipay.core.errors import YipayError

    try:
        return parse(path.read_text(encoding="utf-8"), name=str(path))
    except (OSError, UnicodeError, YipayError):
        return None


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


class _Lines:
    """A csv.writer target that keeps what it is given."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> None:
        self.parts.append(text)

    def take(self) -> str:
        text = "".join(self.parts)
        self.parts.clear()
        return text


def _solve_share(
    ctx: Context, payments: list[tuple[int, PaymentRow]], trades: list[TradeRow], total: int
) -> Share:
    """Solve the merchants of these payments; their output rows, keyed for the merge."""
    from yipay.core.currency import currency
    from yipay.matching.files import decimal_text
    from yipay.matching.reconcile import solve_block

    trades_by_merchant: dict[str, list[TradeRow]] = defaultdict(list)
    for trade in trades:
        trades_by_merchant[trade[1]].append(trade)
    blocks: dict[str, list[tuple[int, PaymentRow]]] = defaultdict(list)
    for position, row in payments:
        blocks[row[8]].append((position, row))
    lines = _Lines()
    writer = csv.writer(lines, lineterminator="\n")
    matches: list[tuple[int, str]] = []
    suggestions: list[tuple[int, int, int, str]] = []
    exponents: dict[str, int] = {}
    auto = suggested_payments = 0
    for merchant, block in blocks.items():
        rows = [row for _position, row in block]
        results, suggested = solve_block(ctx, rows, trades_by_merchant.get(merchant, []))
        for (position, row), result in zip(block, results, strict=True):
            code = row[3]
            exponent = exponents.get(code)
            if exponent is None:
                exponent = exponents[code] = currency(code).exponent
            matched = False
            for trade_id, received, _consumed, _charges, _unit, score in result:
                matched = matched or bool(trade_id)
                writer.writerow(
                    (row[0], trade_id or "", decimal_text(received, exponent), code, f"{score:.4f}")
                )
            auto += matched
            matches.append((position, lines.take()))
        first = block[0][0]
        suggested_payments += len({p for p, _s in suggested})
        for p, s in suggested:
            writer.writerow(
                (s.payment_id, s.rank, ";".join(s.trade_ids), f"{s.score:.4f}", s.reason,
                 s.explanation)
            )  # fmt: skip
            suggestions.append((first, block[p][0], s.rank, lines.take()))
    return matches, suggestions, total, auto, suggested_payments


_JOB: dict[str, object] = {}  # what the forked workers inherit


def _share(worker: int) -> Share | None:
    """Worker `worker` of `count`: read both files, keep its merchants, solve them."""
    from yipay.matching.files import fast_payment_rows, fast_trade_rows
    from yipay.matching.reconcile import Context

    payments_path, trades_path = _JOB["payments"], _JOB["trades"]
    ctx, count = _JOB["ctx"], _JOB["count"]
    assert isinstance(payments_path, Path)
    assert isinstance(trades_path, Path)
    assert isinstance(ctx, Context)
    assert isinstance(count, int)

    def mine(merchant: str) -> bool:
        return zlib.crc32(merchant.encode("utf-8", "surrogatepass")) % count == worker

    keep = None if count == 1 else mine
    collecting = gc.isenabled()
    gc.disable()  # millions of tuples and no cycles: collections would only rescan them
    try:
        with trades_path.open(encoding="utf-8") as handle:
            trades = fast_trade_rows(handle, keep)
        if trades is None:
            return None
        with payments_path.open(encoding="utf-8") as handle:
            read = fast_payment_rows(handle, keep)
        if read is None:
            return None
        return _solve_share(ctx, read[0], trades, read[1])
    except (OSError, UnicodeError):
        return None
    finally:
        if collecting:
            gc.enable()


def _workers(asked: int, payments: Path) -> int:
    if asked > 0:
        count = asked
    else:
        try:
            size = payments.stat().st_size
        except OSError:
            return 1
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        count = min(MAX_WORKERS, cores or 1) if size >= PARALLEL_BYTES else 1
    if count > 1 and "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return count


def _fast(
    ctx: Context, payments: Path, trades: Path, count: int
) -> tuple[str, str, int, int, int] | None:
    """(M.csv, S.csv, payments, matched automatically, with suggestions) through the fast reader
    and `count` processes; None when the fast reader does not take the input."""
    if not (payments.is_file() and trades.is_file()):
        return None
    _JOB.update(payments=payments, trades=trades, ctx=ctx, count=count)
    gc.disable()  # a million result rows come back: no cycles among them
    try:
        if count == 1:
            shares = [_share(0)]
        else:
            with multiprocessing.get_context("fork").Pool(count) as pool:
                shares = pool.map(_share, range(count), chunksize=1)
        return _merged(shares)
    finally:
        gc.enable()
        _JOB.clear()


def _merged(shares: list[Share | None]) -> tuple[str, str, int, int, int] | None:
    """The shares put together: every payment's rows in input order, suggestions in the order
    the merchants first appear (then payment, then rank); None when a share gave up."""
    from yipay.matching.files import MATCH_HEADER, SUGGESTION_HEADER

    done = [s for s in shares if s is not None]
    if len(done) != len(shares):
        return None
    total = done[0][2]
    ordered = [""] * total
    for share in done:
        for position, text in share[0]:
            ordered[position] = text
    suggested = sorted(row for share in done for row in share[1])
    matches = _csv(MATCH_HEADER, []) + "".join(ordered)
    suggestions = _csv(SUGGESTION_HEADER, []) + "".join(row[3] for row in suggested)
    auto = sum(share[3] for share in done)
    with_suggestions = sum(share[4] for share in done)
    return matches, suggestions, total, auto, with_suggestions


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
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            min=0,
            help="processes sharing the merchants (0: one per core for large files); the output "
            "is the same whatever the number",
        ),
    ] = 0,
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
    from yipay.matching.reconcile import ENGINE_VERSION, Context, Policy
    from yipay.matching.reconcile import reconcile as run

    rate_list = _quiet(parse_rates_csv, rates) if rates else []
    known = _quiet(parse_relations, relations) if relations else []
    fast = None
    if rate_list is not None and known is not None:
        table = RateTable.from_rates(rate_list) if rates else None
        ctx = Context(Policy(), table or RateTable.builtin(), known)
        fast = _fast(ctx, payments, trades, _workers(workers, payments))
    if fast is not None:
        matches, suggested, count, auto, with_suggestions = fast
    else:  # the record parsers, in this order, say what is wrong if anything is
        payment_records = _parsed(parse_payments, payments)
        trade_records = _parsed(parse_trades, trades)
        table = RateTable.from_rates(_parsed(parse_rates_csv, rates)) if rates else None
        known = _parsed(parse_relations, relations) if relations else []
        result = run(payment_records, trade_records, rates=table, relations=known)
        matches = _csv(MATCH_HEADER, match_rows(result.allocations))
        suggested = _csv(SUGGESTION_HEADER, suggestion_rows(result.suggestions))
        count = len(payment_records)
        auto = len({a.payment_id for a in result.allocations if a.trade_id})
        with_suggestions = len({s.payment_id for s in result.suggestions})
    _write(output, matches)
    if suggestions is not None:
        _write(suggestions, suggested)
    typer.echo(
        f"{count} payments: {auto} matched automatically, {with_suggestions} with suggestions "
        f"({ENGINE_VERSION})",
        err=True,
    )
