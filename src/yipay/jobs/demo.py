"""The demo: a simulated market week taken through the whole main job on the embedded default.

Day by day, on the simulated clock: the platform's trade records arrive, buyers' payments arrive
from the partner bank as pacs.008 and MT103 files taken in through the real parsers and go
through the spine at once (screening, matching, crediting, real-time monitoring); at the end of
each regulatory day merchants' credited money is settled into CNY and the bank's camt.053
statements reconcile the nostro accounts. Then the batch
side runs: large-value report candidates and the monitoring rules on DuckDB over the history.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from yipay.adapters.db.uow import UnitOfWork
from yipay.bootstrap import Container, build
from yipay.core.clock import FixedClock
from yipay.fx.rates_csv import parse_rates_csv
from yipay.jobs import bank_files, demo_bank, demo_lists, market_feed
from yipay.jobs.bank_intake import import_bank_file
from yipay.monitoring.domain import RuleMode
from yipay.monitoring.service import TWINS
from yipay.parties.forms import buyer_form, merchant_form
from yipay.payments.domain import PaymentStatus
from yipay.settings import Settings
from yipay.simulate import MarketDataset, SimTrade, SimulationConfig, simulate
from yipay.trades.domain import Provenance
from yipay.trades.forms import trade_form

Progress = Callable[[str, int, int], None]


@dataclass
class DemoSummary:
    config: SimulationConfig
    database_url: str
    merchants: int = 0
    buyers: int = 0
    trades: int = 0
    payments: int = 0
    duplicates: int = 0
    bank_files_received: int = 0
    statement_lines: int = 0
    statement_paired: int = 0
    statement_breaks: int = 0
    by_state: list[tuple[str, str, int, int]] = field(default_factory=list)
    waiting_reasons: Counter[tuple[str, str]] = field(default_factory=Counter)
    settlements: list[tuple[str, int, int, int]] = field(default_factory=list)
    payouts: list[tuple[str, str, int, int]] = field(default_factory=list)
    settlement_deferrals: int = 0
    bank_files_sent: int = 0
    bank_answers_applied: int = 0
    returns_to_payers: int = 0
    accounts_changed: int = 0
    bank_dir: Path | None = None
    alerts_by_rule: list[tuple[str, str, int]] = field(default_factory=list)
    batch_alerts: int = 0
    batch_matches_realtime: bool = False
    report_candidates: list[tuple[str, str, int, int]] = field(default_factory=list)
    ground_truth: dict[str, dict[str, int]] = field(default_factory=dict)
    watchlist: tuple[str, int, int] | None = None  # source, version, entries
    held_on_names: int = 0
    frozen: int = 0
    ledger_problems: list[str] = field(default_factory=list)
    backed: bool = False
    audit_sealed: int = 0
    audit_ok: bool = False
    users: dict[str, str] = field(default_factory=dict)
    keys_file: Path | None = None


def demo_database(settings: Settings) -> tuple[str, Path]:
    path = settings.data_dir / "demo.sqlite3"
    return f"sqlite:///{path}", path


def _fresh(path: Path) -> None:
    """The demo owns its file: start from nothing so every run tells the same story."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def run_demo(
    settings: Settings, config: SimulationConfig, progress: Progress | None = None
) -> DemoSummary:
    report = progress or (lambda _stage, _done, _total: None)
    dataset = simulate(config)
    url, path = demo_database(settings)
    _fresh(path)
    clock = FixedClock(datetime.combine(config.start, time(0, 0), tzinfo=UTC))
    container = build(settings.model_copy(update={"database_url": url}), clock=clock)
    try:
        summary = DemoSummary(config=config, database_url=url)
        _watchlist(container, dataset, summary)
        ids = _onboard(container, dataset, summary)
        summary.users, summary.keys_file = _users(container, settings, ids)
        desk = _bank_desk(settings)
        _run_days(container, clock, dataset, ids, summary, report, desk)
        _analyst_decisions(container, summary)
        _wind_down(container, clock, desk)
        summary.settlement_deferrals = desk.settlement_deferrals
        summary.bank_files_sent, summary.bank_answers_applied = (
            desk.files_sent,
            desk.answers_applied,
        )
        summary.returns_to_payers, summary.accounts_changed = (
            desk.returns_to_payers,
            desk.accounts_changed,
        )
        summary.bank_dir = desk.outbox.parent
        _batch(container, settings, summary, report)
        _summarise(container, dataset, summary)
        return summary
    finally:
        container.dispose()


@dataclass
class _Ids:
    merchants: dict[str, str] = field(default_factory=dict)
    buyers: dict[str, str] = field(default_factory=dict)
    payments: dict[str, str] = field(default_factory=dict)  # sender reference → payment id


def _watchlist(c: Container, data: MarketDataset, summary: DemoSummary) -> None:
    """The demo's own list (fictional parties and two simulated payers), imported as a real
    list would be: payers are screened against it before their money leaves suspense."""
    from yipay.screening.loaders.csv_list import load_csv_list

    raw = demo_lists.fictional_list(data)
    source = f"csv:{demo_lists.LIST_NAME}"
    with c.uow(actor="demo-compliance") as uow:
        entries = load_csv_list(raw, list_name=demo_lists.LIST_NAME)
        change = c.watchlists.import_list(
            uow, source, entries, digest=hashlib.sha256(raw).hexdigest(), by="demo-compliance"
        )
        uow.commit()
    c.process()
    summary.watchlist = (source, change.version or 0, change.total)


def _analyst_decisions(c: Container, summary: DemoSummary) -> None:
    """The demo's analyst reviews the name hits: the listed payers are confirmed, their money
    frozen (held for jurisdiction hits stays for a human to decide)."""
    with c.uow(actor="demo-analyst") as uow:
        held = c.payments.find(uow, statuses=[PaymentStatus.HELD], limit=None)
        on_names = [p for p in held if "name matches" in (p.status_reason or "")]
        for p in on_names:
            c.screening.confirm_payment(
                uow, p.id, by="demo-analyst", reason="payer identity matches the listed party"
            )
        uow.commit()
    c.process()
    summary.held_on_names = summary.frozen = len(on_names)


def _onboard(c: Container, data: MarketDataset, summary: DemoSummary) -> _Ids:
    ids = _Ids()
    with c.uow(actor="platform-feed") as uow:
        c.fx.import_rates(uow, parse_rates_csv(market_feed.rates_csv(data.rates), name="rates"))
        for m in data.merchants:
            merchant = c.parties.register_merchant(uow, merchant_form(market_feed.merchant_json(m)))
            ids.merchants[m.platform_id] = merchant.id
        for b in data.buyers:
            buyer = c.parties.register_buyer(uow, buyer_form(market_feed.buyer_json(b)))
            ids.buyers[b.platform_id] = buyer.id
        uow.commit()
    summary.merchants, summary.buyers = len(ids.merchants), len(ids.buyers)
    return ids


def _users(c: Container, settings: Settings, ids: _Ids) -> tuple[dict[str, str], Path]:
    """Named users for browsing the result through the API; their keys go to a private file."""
    wanted = [
        ("demo-admin", ["admin"], None),
        ("demo-operator", ["operator"], None),
        ("demo-supervisor", ["supervisor"], None),
        ("demo-analyst", ["analyst"], None),
        ("demo-auditor", ["auditor"], None),
        ("demo-merchant", ["merchant"], next(iter(ids.merchants.values()), None)),
    ]
    keys: dict[str, str] = {}
    with c.uow(actor="demo") as uow:
        for name, roles, merchant_id in wanted:
            if roles == ["merchant"] and merchant_id is None:
                continue
            keys[name] = c.access.create_user(uow, name, roles, merchant_id).api_key
        uow.commit()
    keys_file = settings.data_dir / "demo-keys.json"
    keys_file.write_text(json.dumps(keys, indent=2) + "\n", encoding="utf-8")
    keys_file.chmod(0o600)
    return {name: f"{key[:12]}…" for name, key in keys.items()}, keys_file


def _bank_desk(settings: Settings) -> demo_bank.BankDesk:
    root = settings.data_dir / "demo-bank"
    for sub in ("outbox", "inbox"):
        folder = root / sub
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.iterdir():
            old.unlink()
    return demo_bank.BankDesk(outbox=root / "outbox", inbox=root / "inbox")


def _wind_down(c: Container, clock: FixedClock, desk: demo_bank.BankDesk) -> None:
    """The morning after: the bank's last answers, aged suspense returned, and their answers."""
    clock.at = clock.at + timedelta(hours=10)
    demo_bank.apply_answers(c, desk)
    demo_bank.return_aged_suspense(c, desk, timedelta(days=5))
    demo_bank.approve_and_send(c, desk)
    clock.at = clock.at + timedelta(hours=2)
    demo_bank.apply_answers(c, desk)
    c.seal()


def _run_days(
    c: Container,
    clock: FixedClock,
    data: MarketDataset,
    ids: _Ids,
    summary: DemoSummary,
    report: Progress,
    desk: demo_bank.BankDesk,
) -> None:
    trades_by_day: dict[date, list[int]] = defaultdict(list)
    first = data.config.start
    for index, t in enumerate(data.trades):
        trades_by_day[max(t.trade_date, first)].append(index)
    payments_by_day: dict[date, list[int]] = defaultdict(list)
    for index, p in enumerate(data.payments):
        payments_by_day[c.calendar.day_of(p.received_at)].append(index)
    days = sorted(set(trades_by_day) | set(payments_by_day))
    account_of = _virtual_accounts(c, ids)
    inbox = c.settings.data_dir / "bank" / "inbox"
    inbox.mkdir(parents=True, exist_ok=True)
    opening: dict[str, Decimal] = {}
    total = len(data.payments)
    done = 0
    for day in days:
        start, end = c.calendar.day_bounds(day)
        clock.at = max(clock.at, start + timedelta(hours=1))
        demo_bank.apply_answers(c, desk)
        _register_trades(c, [data.trades[i] for i in trades_by_day.get(day, [])], ids, summary)
        todays = [data.payments[i] for i in payments_by_day.get(day, [])]
        for file in bank_files.day_files(day, todays, account_of):
            clock.at = max(clock.at, file.arrives_at)
            _take(c, inbox, file, summary)
            done = min(
                total, done + file.data.count(b"<CdtTrfTxInf>") + file.data.count(b"{2:O103")
            )
            report("payments", done, total)
        clock.at = max(clock.at, end - timedelta(minutes=30))
        demo_bank.settle_credited(c, desk)
        demo_bank.approve_and_send(c, desk)
        for file in bank_files.statements(
            day, todays, dict(c.settings.nostro_accounts), opening, account_of, clock.now()
        ):
            _take(c, inbox, file, summary)
        c.seal()


def _virtual_accounts(c: Container, ids: _Ids) -> bank_files.AccountOf:
    """(platform merchant id, currency) → the merchant's virtual account number."""
    c.process()  # merchant registrations open the virtual accounts
    numbers: dict[tuple[str, str], str] = {}
    with c.uow() as uow:
        for platform_id, merchant_id in ids.merchants.items():
            for account in c.intake.virtual_accounts(uow, merchant_id):
                numbers[(platform_id, account.currency)] = account.number

    def account_of(platform_id: str, currency: str) -> str | None:
        return numbers.get((platform_id, currency))

    return account_of


def _take(c: Container, inbox: Path, file: bank_files.BankFile, summary: DemoSummary) -> None:
    """The bank drops a file in the inbox; intake takes it in through the real parsers."""
    (inbox / file.name).write_bytes(file.data)
    outcome = import_bank_file(c, file.data, name=file.name, actor="bank-feed")
    summary.bank_files_received += 1
    summary.payments += outcome.received + outcome.near_duplicates
    summary.duplicates += outcome.duplicates if file.kind != "camt.053" else 0
    summary.statement_lines += outcome.statement_lines
    summary.statement_paired += outcome.paired
    summary.statement_breaks += len(outcome.breaks)
    c.process()


def _register_trades(c: Container, trades: list[SimTrade], ids: _Ids, summary: DemoSummary) -> None:
    if not trades:
        return
    with c.uow(actor="platform-feed") as uow:
        for t in trades:
            provenance = Provenance(t.provenance)
            form = trade_form(
                market_feed.trade_json(
                    t, ids.merchants[t.merchant_platform_id], ids.buyers[t.buyer_platform_id]
                ),
                provenance=provenance,
            )
            c.trades.register(uow, form)
            summary.trades += 1
        uow.commit()
    c.process()


def _batch(c: Container, settings: Settings, summary: DemoSummary, report: Progress) -> None:
    report("batch", 0, 2)
    with c.uow(actor="reports") as uow:
        c.reporting.large_value(uow)
        uow.commit()
    report("batch", 1, 2)
    with c.uow() as uow:
        realtime = {
            (a.id, a.evidence, a.score)
            for a in c.alerts.find(uow, limit=None)
            if a.source.value == "rule"
        }
    with c.uow(actor="monitor") as uow:
        rules, _values = c.monitoring.in_force(uow)
        result = c.monitoring.run_batch(uow, settings.data_dir / "demo-monitoring")
        uow.commit()
    summary.batch_alerts = len(result.alerts)
    # only the rules both paths evaluate can agree (the others are batch-only), and only
    # active rules raise alerts in real time
    active = {r.id for r in rules if r.mode is RuleMode.ACTIVE}
    summary.batch_matches_realtime = {
        (a.id, a.evidence, a.score) for a in result.alerts if a.rule_id in TWINS.keys() & active
    } == realtime
    c.seal()
    report("batch", 2, 2)


def _summarise(c: Container, data: MarketDataset, summary: DemoSummary) -> None:
    with c.uow() as uow:
        summary.by_state = c.payments.summary(uow)
        waiting = [PaymentStatus.SUSPENSE, PaymentStatus.HELD, PaymentStatus.MATCHED]
        for p in c.payments.find(uow, statuses=waiting, limit=None):
            summary.waiting_reasons[(p.status.value, _reason_kind(p.status_reason))] += 1
        summary.settlements = c.fx.settlement_totals(uow)
        summary.payouts = c.payouts.totals(uow)
        summary.alerts_by_rule = c.alerts.counts_by_rule(uow)
        summary.report_candidates = c.reporting.totals(uow)
        summary.ledger_problems = c.ledger.verify(uow)
        summary.backed = all(b.backed for b in c.ledger.backing(uow))
        audit = c.audit.verify(uow)
        summary.audit_sealed, summary.audit_ok = audit.sealed, audit.ok
        summary.ground_truth = _ground_truth(c, data, uow)


REASON_KINDS = (
    ("re-use:", "re-use: the trade named is already fully paid"),
    ("trade ", "the trade awaits the platform record or a review"),
    ("more than the open balance", "more than the open balance of the trade named"),
    ("remittance names several", "remittance names several trades"),
    ("suggested:", "a trade suggested, not clear enough to allocate"),
    ("unknown beneficiary", "unknown beneficiary"),
    ("possible duplicate", "possible duplicate"),
    ("compliance review", "compliance review (screening hit)"),
)


def _reason_kind(reason: str) -> str:
    """Reasons without their ids, so that they can be counted."""
    for prefix, kind in REASON_KINDS:
        if reason.startswith(prefix):
            return kind
    return reason


def _ground_truth(c: Container, data: MarketDataset, uow: UnitOfWork) -> dict[str, dict[str, int]]:
    """How the injected typologies ended up: a first check of the model against the labels."""
    by_reference = {}
    for p in c.payments.find(uow, limit=None):
        if p.message_id:
            by_reference[p.message_id] = p
    flagged: set[str] = set()
    for alert in c.alerts.find(uow, limit=None):
        flagged.update(alert.evidence)
    outcome: dict[str, dict[str, int]] = defaultdict(Counter)
    for label in data.labels:
        if label.entity_type != "payment":
            continue
        payment = by_reference.get(label.entity_id)
        if payment is None:
            continue
        state = payment.status.value
        outcome[label.typology][state] += 1
        outcome[label.typology]["alerted"] += payment.id in flagged
    return {k: dict(v) for k, v in sorted(outcome.items())}
