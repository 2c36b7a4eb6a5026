"""`yipay monitor`: batch monitoring over the platform's history or over external files."""

from __future__ import annotations

import csv
import io
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from yipay.entrypoints.cli.context import container, emit_json, fail, read_text

if TYPE_CHECKING:
    from decimal import Decimal

    from yipay.alerts.domain import Alert
    from yipay.fx.reference import ReferenceRates
    from yipay.monitoring.backtest import Comparison
    from yipay.monitoring.batch import BatchOutcome, RuleRun
    from yipay.monitoring.evaluation import Report, Tally
    from yipay.settings import Settings

app = typer.Typer(help="Transaction monitoring rules and alerts.", no_args_is_help=True)

ALERTS_HEADER = ("alert_id", "rule_id", "subject_id", "txn_ids", "score")

# the external files beside --transactions (`monitor run` and `monitor backtest`)
TradesOption = Annotated[
    Path | None, typer.Option("--trades", dir_okay=False, help="trades.csv for the file.")
]
GoodsLinesOption = Annotated[
    Path | None,
    typer.Option("--goods-lines", dir_okay=False, help="goods_lines.csv (needs --trades)."),
]
RatesOption = Annotated[
    Path | None,
    typer.Option(
        "--rates",
        dir_okay=False,
        help="Reference rates (base,quote,bid,ask,source,as_of); default: built-in table.",
    ),
]


@app.command("run")
def run(
    transactions: Annotated[
        Path | None,
        typer.Option(
            "--transactions",
            dir_okay=False,
            help="A CSV or Parquet file of transactions (txn_id,ts,payer_id,payee_id,amount,"
            "currency, optional names, countries, channel, purpose, trade_ref); without it the"
            " platform's own history is monitored.",
        ),
    ] = None,
    trades: TradesOption = None,
    goods_lines: GoodsLinesOption = None,
    rates: RatesOption = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", dir_okay=False, help="ALERTS.csv to write (with --transactions)."),
    ] = None,
    engine: Annotated[
        str, typer.Option("--engine", help="duckdb (this machine) or spark (settings' master).")
    ] = "duckdb",
    workdir: Annotated[
        Path | None,
        typer.Option(help="Where the Parquet tables go (default: a temporary directory)."),
    ] = None,
) -> None:
    """Run every batch rule: over --transactions FILE into --output, or over the platform."""
    if transactions is None:
        if trades or goods_lines or rates or output:
            fail("--trades, --goods-lines, --rates and --output need --transactions FILE")
        if engine != "duckdb":
            fail("the platform's history runs on duckdb; --engine spark needs --transactions")
        _run_platform(workdir)
        return
    if output is None:
        fail("--transactions needs --output ALERTS.csv")
    _run_files(transactions, trades, goods_lines, rates, output, engine, workdir)


def _run_platform(workdir: Path | None) -> None:
    c = container()
    target = workdir or c.settings.data_dir / "monitoring"
    with c.uow(actor="monitor") as uow:
        result = c.monitoring.run_batch(uow, target)
        uow.commit()
    c.seal()
    typer.echo(f"{result.transactions} transaction(s) scanned; {len(result.alerts)} alert(s)")
    for rule_id, reason in result.skipped:
        typer.echo(f"  {rule_id}: skipped ({reason})")


def _reference_rates(path: Path | None) -> ReferenceRates | None:
    from yipay.core.errors import YipayError
    from yipay.fx.rates_csv import parse_rates_csv
    from yipay.fx.reference import ReferenceRates

    if path is None:
        return None
    try:
        return ReferenceRates.from_rates(parse_rates_csv(read_text(path), name=str(path)))
    except YipayError as exc:
        fail(exc.message)


def _checked_overrides(settings: Settings) -> dict[str, dict[str, Decimal]]:
    """The parameters in force, refusing a rule or parameter the catalogue does not have."""
    from yipay.monitoring.rules import CATALOGUE

    overrides = settings.monitoring_overrides
    for rule_id, values in overrides.items():
        rule = CATALOGUE.get(rule_id)
        if rule is None:
            fail(f"monitoring_parameters names no rule {rule_id!r}")
        unknown = set(values) - {p.name for p in rule.parameters}
        if unknown:
            fail(f"monitoring_parameters: rule {rule_id} has no parameter {min(unknown)!r}")
    return overrides


def _run_files(
    transactions: Path,
    trades: Path | None,
    goods_lines: Path | None,
    rates_file: Path | None,
    output: Path,
    engine_name: str,
    workdir: Path | None,
) -> None:
    from datetime import UTC, datetime

    from yipay.core.clock import RegulatoryCalendar
    from yipay.core.errors import YipayError
    from yipay.monitoring.batch import SourceFiles, run_files
    from yipay.monitoring.engines import open_engine
    from yipay.monitoring.rules import CATALOGUE
    from yipay.settings import Settings

    if not output.parent.is_dir():
        fail(f"{output}: the directory {output.parent} does not exist")
    settings = Settings()
    overrides = _checked_overrides(settings)
    rates = _reference_rates(rates_file)
    files = SourceFiles(transactions, trades, goods_lines)
    calendar = RegulatoryCalendar(settings.regulatory_timezone)
    with tempfile.TemporaryDirectory(prefix="yipay-monitor-") as scratch:
        try:
            engine = open_engine(engine_name, settings)
        except YipayError as exc:
            fail(exc.message)
        try:
            loaded, outcome = run_files(
                files,
                workdir or Path(scratch),
                engine,
                CATALOGUE.values(),
                lambda rule: rule.values(overrides.get(rule.id)),
                calendar,
                datetime.now(UTC),
                rates=rates,
                progress=_progress,
            )
        except YipayError as exc:
            fail(exc.message)
        finally:
            engine.close()
    _write_alerts(output, outcome.alerts)
    names = {"transactions": "transaction(s)", "trades": "trade(s)", "goods_lines": "goods line(s)"}
    counts = ", ".join(f"{n} {names[table]}" for table, n in loaded.rows.items())
    source = "built-in" if loaded.rates == "builtin" else "file"
    typer.echo(f"loaded {counts} ({source} reference rates); engine {engine_name}")
    if loaded.without_usd:
        typer.echo(
            f"  {loaded.without_usd} transaction(s) in currencies without a reference rate:"
            " no USD equivalent, left out of amount thresholds"
        )
    _summary(outcome)
    typer.echo(f"{len(outcome.alerts)} alert(s) written to {output}")


def _progress(run: RuleRun) -> None:
    done = f"skipped ({run.skipped})" if run.skipped else f"{len(run.alerts)} alert(s)"
    typer.echo(f"  {run.rule.id}: {done}", err=True)


def _summary(outcome: BatchOutcome) -> None:
    width = max((len(r.rule.id) for r in outcome.runs), default=0)
    for run in outcome.runs:
        if run.skipped:
            typer.echo(f"  {run.rule.id:<{width}}  skipped: {run.skipped}")
            continue
        mode = (
            "" if run.rule.mode.value == "active" else f" ({run.rule.mode.value} mode: not raised)"
        )
        typer.echo(
            f"  {run.rule.id:<{width}}  {len(run.alerts):>6} alert(s)"
            f"  {run.evidence_rows:>8} evidence row(s)  {run.seconds:6.2f} s{mode}"
        )


def _write_alerts(path: Path, alerts: list[Alert]) -> None:
    """ALERTS.csv, rows sorted, written whole or not at all."""
    rows = sorted(
        (a.rule_id, a.subject_id, a.window_start, a.id, " ".join(sorted(a.evidence)), a.score)
        for a in alerts
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(ALERTS_HEADER)
    for rule_id, subject_id, _start, alert_id, txn_ids, score in rows:
        writer.writerow((alert_id, rule_id, subject_id, txn_ids, f"{score:.4f}"))
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(buffer.getvalue())
        Path(temporary).replace(path)
    except OSError as exc:
        fail(f"{path}: {exc.strerror or exc}")


@app.command("rules")
def rules() -> None:
    """The rule catalogue with the mode and parameters in force, and their revision."""
    from yipay.entrypoints.views import rule_in_force_view

    c = container()
    with c.uow() as uow:
        emit_json([rule_in_force_view(r) for r in c.rule_settings.in_force(uow).values()])


@app.command("alerts")
def alerts(
    rule: Annotated[str | None, typer.Option(help="Only this rule's alerts.")] = None,
    limit: int = typer.Option(50, min=1, max=1000),
) -> None:
    """List alerts."""
    from yipay.entrypoints.views import alert_view

    c = container()
    with c.uow() as uow:
        emit_json([alert_view(a) for a in c.alerts.find(uow, rule_id=rule, limit=limit)])


@app.command("set")
def set_rule(
    rule_id: str,
    by: Annotated[str, typer.Option(help="Who changes it (a named user).")],
    reason: Annotated[str, typer.Option(help="Why (kept in the change log).")],
    mode: Annotated[str | None, typer.Option(help="monitor (record only) or active.")] = None,
    param: Annotated[
        list[str] | None, typer.Option(help="NAME=VALUE (repeatable); the default's value resets.")
    ] = None,
) -> None:
    """Change a rule's mode or parameters; every change is logged with who, when and why."""
    from yipay.entrypoints.cli.context import fail
    from yipay.entrypoints.views import rule_change_view
    from yipay.monitoring.domain import RuleMode

    if mode is not None and mode not in {m.value for m in RuleMode}:
        fail(f"--mode must be monitor or active, not {mode!r}")
    parameters = _parameters(param)
    c = container()
    with c.uow(actor=by) as uow:
        change = c.rule_settings.configure(
            uow,
            rule_id,
            by=by,
            reason=reason,
            mode=RuleMode(mode) if mode else None,
            parameters=parameters,
        )
        uow.commit()
    c.seal()
    emit_json(rule_change_view(change))


@app.command("changes")
def changes(
    rule: Annotated[str | None, typer.Option(help="Only this rule's changes.")] = None,
) -> None:
    """The log of rule changes, oldest first: who, when, why, values before and after."""
    from yipay.entrypoints.views import rule_change_view

    c = container()
    with c.uow() as uow:
        emit_json([rule_change_view(x) for x in c.rule_settings.changes(uow, rule)])


@app.command("evaluate")
def evaluate(
    sets: Annotated[
        str,
        typer.Option(help="Frozen simulator sets: tuning, unseen or all (never tune on unseen)."),
    ] = "tuning",
    workdir: Annotated[
        Path | None,
        typer.Option(help="Keep the generated sets here and reuse them (default: temporary)."),
    ] = None,
    dataset: Annotated[
        list[Path] | None,
        typer.Option(help="Evaluate this `simulate transactions` set instead (repeatable)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="The report as JSON.")] = False,
) -> None:
    """Precision, recall, F1 and flagged per 1,000 at transaction level: overall, per typology,
    per rule (each on its own line) and per simulator pattern, on the frozen seeds."""
    from yipay.core.clock import RegulatoryCalendar
    from yipay.core.errors import YipayError
    from yipay.jobs.monitoring_evaluation import evaluate as run_evaluation
    from yipay.jobs.monitoring_evaluation import existing, frozen_sets
    from yipay.monitoring.rules import CATALOGUE
    from yipay.settings import Settings

    settings = Settings()
    overrides = _checked_overrides(settings)
    say = (lambda _line: None) if as_json else typer.echo
    with tempfile.TemporaryDirectory(prefix="yipay-evaluate-") as scratch:
        try:
            chosen = [existing(d) for d in dataset] if dataset else frozen_sets(sets)
            report = run_evaluation(
                chosen,
                workdir or Path(scratch),
                CATALOGUE.values(),
                lambda rule: rule.values(overrides.get(rule.id)),
                RegulatoryCalendar(settings.regulatory_timezone),
                progress=say,
            )
        except YipayError as exc:
            fail(exc.message)
    if as_json:
        emit_json(_report_json(report))
    else:
        typer.echo(_report_text(report))


def _fmt(value: float | None) -> str:
    return "   -  " if value is None else f"{value:6.3f}"


def _report_text(report: Report) -> str:
    head = f"{'':34} {'recall':>6} {'prec.':>6} {'F1':>6} {'flag/1k':>8} {'alerts':>7}"
    title = (
        f"{report.datasets} set(s), {report.transactions:,} transactions,"
        f" {report.overall.positives:,} laundering"
    )
    lines = [title, head]

    def row(t: Tally) -> str:
        return (
            f"{t.name:34} {_fmt(t.recall)} {_fmt(t.precision)} {_fmt(t.f1)}"
            f" {t.per_1000:8.2f} {t.alerts:7d}"
        )

    lines.append(row(report.overall))
    lines += ["per typology (recall: by any rule; precision: its own rules' flags)"]
    lines += [row(t) for _n, t in sorted(report.typologies.items())]
    lines += ["per rule (recall: its own typology's laundering)"]
    lines += [row(t) for _n, t in sorted(report.rules.items())]
    lines += ["per simulator pattern (recall by any rule)"]
    lines += [
        f"{t.name:34} {_fmt(t.recall)}  ({t.caught}/{t.positives})"
        for t in report.patterns.values()
    ]
    return "\n".join(lines)


def _report_json(report: Report) -> dict[str, object]:
    def one(t: Tally) -> dict[str, object]:
        return {
            "recall": t.recall,
            "precision": t.precision,
            "f1": t.f1,
            "flagged_per_1000": round(t.per_1000, 3),
            "laundering": t.positives,
            "caught": t.caught,
            "flagged": t.flagged,
            "alerts": t.alerts,
        }

    return {
        "datasets": report.datasets,
        "transactions": report.transactions,
        "overall": one(report.overall),
        "typologies": {str(k): one(t) for k, t in sorted(report.typologies.items())},
        "rules": {k: one(t) for k, t in sorted(report.rules.items())},
        "patterns": {k: one(t) for k, t in sorted(report.patterns.items())},
    }


@app.command("backtest")
def backtest(
    rule_id: str,
    param: Annotated[
        list[str] | None, typer.Option(help="NAME=VALUE of the candidate version (repeatable).")
    ] = None,
    transactions: Annotated[
        Path | None,
        typer.Option(
            "--transactions",
            dir_okay=False,
            help="Backtest over this file (as `monitor run --transactions`) instead of the"
            " platform's history; the version in force is then the catalogue's defaults with"
            " YIPAY_MONITORING_PARAMETERS.",
        ),
    ] = None,
    trades: TradesOption = None,
    goods_lines: GoodsLinesOption = None,
    rates: RatesOption = None,
    workdir: Annotated[
        Path | None, typer.Option(help="Where the Parquet history goes (default: temporary).")
    ] = None,
) -> None:
    """A candidate version of a rule against the version in force, over the platform's history
    or an external file, in monitor mode (nothing raised): alert counts and their overlap."""
    parameters = _parameters(param)
    if transactions is None:
        if trades or goods_lines or rates:
            fail("--trades, --goods-lines and --rates need --transactions FILE")
        c = container()
        with tempfile.TemporaryDirectory(prefix="yipay-backtest-") as scratch, c.uow() as uow:
            result = c.monitoring.backtest(uow, rule_id, parameters, workdir or Path(scratch))
    else:
        result = _backtest_files(
            rule_id, parameters, transactions, trades, goods_lines, rates, workdir
        )
    emit_json(_comparison(result))


def _backtest_files(
    rule_id: str,
    parameters: dict[str, str],
    transactions: Path,
    trades: Path | None,
    goods_lines: Path | None,
    rates_file: Path | None,
    workdir: Path | None,
) -> Comparison:
    from datetime import UTC, datetime

    from yipay.core.clock import RegulatoryCalendar
    from yipay.core.errors import YipayError
    from yipay.monitoring.batch import SourceFiles, backtest_files
    from yipay.monitoring.engines.duckdb_engine import DuckDBEngine
    from yipay.monitoring.rule_settings import parse_value
    from yipay.monitoring.rules import CATALOGUE
    from yipay.settings import Settings

    rule = CATALOGUE.get(rule_id)
    if rule is None:
        fail(f"no rule {rule_id} in the catalogue")
    settings = Settings()
    in_force = rule.values(_checked_overrides(settings).get(rule_id))
    try:
        candidate = {**in_force, **{n: parse_value(rule, n, v) for n, v in parameters.items()}}
    except YipayError as exc:
        fail(exc.message)
    rates = _reference_rates(rates_file)
    calendar = RegulatoryCalendar(settings.regulatory_timezone)
    engine = DuckDBEngine()
    with tempfile.TemporaryDirectory(prefix="yipay-backtest-") as scratch:
        try:
            _loaded, result = backtest_files(
                SourceFiles(transactions, trades, goods_lines),
                workdir or Path(scratch),
                engine,
                rule,
                in_force,
                candidate,
                calendar,
                datetime.now(UTC),
                rates=rates,
            )
        except YipayError as exc:
            fail(exc.message)
        finally:
            engine.close()
    return result


def _comparison(result: Comparison) -> dict[str, object]:
    overlap = result.transaction_overlap
    return {
        "rule_id": result.rule_id,
        "in_force": {
            "parameters": result.in_force.parameters,
            "alerts": result.in_force.alerts,
            "transactions": result.in_force.transactions,
        },
        "candidate": {
            "parameters": result.candidate.parameters,
            "alerts": result.candidate.alerts,
            "transactions": result.candidate.transactions,
        },
        "alerts": {
            "in_both": result.alerts_in_both,
            "only_in_force": result.alerts_only_in_force,
            "only_candidate": result.alerts_only_candidate,
        },
        "transactions": {
            "in_both": result.transactions_in_both,
            "only_in_force": result.transactions_only_in_force,
            "only_candidate": result.transactions_only_candidate,
            "overlap": None if overlap is None else round(overlap, 4),
        },
    }


def _parameters(items: list[str] | None) -> dict[str, str]:
    """`--param NAME=VALUE` options as a mapping; the values are checked by the rule."""
    parameters: dict[str, str] = {}
    for item in items or []:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            fail(f"--param {item!r} must be NAME=VALUE")
        parameters[name.strip()] = value
    return parameters
