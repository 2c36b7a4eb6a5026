"""Composition root: settings → engine → services → event subscriptions. Built once per process.

Nothing else constructs services or decides who listens to which event; entry points ask the
container for what they need. The spine's wiring is all here, in `_subscribe`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import Engine

from yipay.access.service import AccessService
from yipay.adapters.db.engine import build_engine
from yipay.adapters.db.migrate import ensure_schema
from yipay.adapters.db.uow import UnitOfWork
from yipay.adapters.logging import configure_logging
from yipay.adapters.messagebus import DrainReport, MessageBus
from yipay.alerts.service import AlertService
from yipay.audit.service import AuditService
from yipay.core.clock import Clock, RegulatoryCalendar, SystemClock
from yipay.core.events import DomainEvent
from yipay.fx.events import RatesImported
from yipay.fx.service import FxPolicy, FxService
from yipay.intake.service import IntakeService
from yipay.ledger.service import LedgerService
from yipay.matching.service import MatchingPolicy, MatchingService
from yipay.monitoring.rule_settings_service import RuleSettingsService
from yipay.monitoring.rules import CATALOGUE
from yipay.monitoring.service import MonitoringService
from yipay.parties.annual_receipts import AnnualReceiptsPolicy
from yipay.parties.annual_receipts_service import AnnualReceiptsService
from yipay.parties.events import BuyerRegistered, MerchantKycChanged, MerchantRegistered
from yipay.parties.service import PartyService
from yipay.payments.events import PaymentInSuspense, PaymentMatched, PaymentReceived
from yipay.payments.service import PaymentService
from yipay.payouts.domain import PayoutKind
from yipay.payouts.events import PayoutReturned
from yipay.payouts.service import PayoutPolicy, PayoutService
from yipay.reporting.large_value import Thresholds
from yipay.reporting.service import ReportingService
from yipay.screening.domain import JurisdictionList
from yipay.screening.events import WatchlistChanged
from yipay.screening.index_store import IndexStore
from yipay.screening.lists_service import WatchlistService
from yipay.screening.service import ScreeningService
from yipay.settings import Settings
from yipay.trades.events import TradeAmended, TradeRegistered, TradeVerified
from yipay.trades.service import TradeService


@dataclass
class Container:
    settings: Settings
    engine: Engine
    clock: Clock
    calendar: RegulatoryCalendar
    bus: MessageBus
    audit: AuditService
    ledger: LedgerService
    parties: PartyService
    annual_receipts: AnnualReceiptsService
    trades: TradeService
    payouts: PayoutService
    fx: FxService
    payments: PaymentService
    intake: IntakeService
    alerts: AlertService
    screening: ScreeningService
    watchlists: WatchlistService
    matching: MatchingService
    monitoring: MonitoringService
    rule_settings: RuleSettingsService
    reporting: ReportingService
    access: AccessService
    _after_commit: list[Callable[[list[DomainEvent]], None]] = field(default_factory=list)

    def uow(self, actor: str = "system") -> UnitOfWork:
        return UnitOfWork(
            self.engine,
            before_commit=(self.audit.record_events, self.bus.enqueue),
            actor=actor,
        )

    def process(
        self, *, limit: int | None = None, on_step: Callable[[], None] | None = None
    ) -> DrainReport:
        """Drive every pending step of the spine, then seal the audit chain."""
        report = self.bus.drain(self.uow, limit=limit, on_step=on_step)
        self.seal()
        return report

    def seal(self) -> int:
        """Seal both hash chains (audit log and journal) after commit."""
        return self.audit.seal(self.uow) + self.ledger.seal(self.uow)

    def dispose(self) -> None:
        self.engine.dispose()


def build(
    settings: Settings | None = None,
    *,
    clock: Clock | None = None,
    migrate: bool = True,
) -> Container:
    settings = settings or Settings()
    configure_logging(settings.log_level)
    clock = clock or SystemClock()
    engine = build_engine(
        settings.resolved_database_url, sqlite_synchronous=settings.sqlite_synchronous
    )
    if migrate:
        ensure_schema(engine)
    calendar = RegulatoryCalendar(settings.regulatory_timezone)
    ledger = LedgerService(clock)
    parties = PartyService(clock, calendar)
    trades = TradeService(clock, parties)
    payouts = PayoutService(
        clock,
        calendar,
        ledger,
        PayoutPolicy(
            approval_thresholds=dict(settings.payout_approval_thresholds),
            nostro_bank=settings.nostro_bank,
            institution_name=settings.institution_name,
            nostro_bic=settings.nostro_bic,
            nostro_accounts=dict(settings.nostro_accounts),
        ),
    )
    fx = FxService(
        clock,
        ledger,
        payouts,
        FxPolicy(
            spread_bps=settings.fx_spread_bps,
            spread_bps_by_grade=dict(settings.fx_spread_bps_by_grade),
            rounding=settings.fx_rounding,
            max_rate_age=timedelta(hours=settings.fx_max_rate_age_hours),
            quote_ttl=timedelta(seconds=settings.fx_quote_ttl_seconds),
            settlement_currency=settings.settlement_currency,
            nostro_bank=settings.nostro_bank,
        ),
    )
    alerts = AlertService(clock)
    rule_settings = RuleSettingsService(clock, CATALOGUE, settings.monitoring_overrides)
    annual_receipts = AnnualReceiptsService(
        clock,
        calendar,
        fx,
        alerts,
        AnnualReceiptsPolicy.of(
            settings.annual_receipts_warn_usd, settings.annual_receipts_block_usd
        ),
    )
    payments = PaymentService(
        clock, calendar, ledger, parties, fx, payouts, annual_receipts, settings.nostro_bank
    )
    watchlists = WatchlistService(clock)
    lvr = settings.large_value
    container = Container(
        settings=settings,
        engine=engine,
        clock=clock,
        calendar=calendar,
        bus=MessageBus(clock),
        audit=AuditService(clock),
        ledger=ledger,
        parties=parties,
        annual_receipts=annual_receipts,
        trades=trades,
        payouts=payouts,
        fx=fx,
        payments=payments,
        intake=IntakeService(
            clock,
            payments,
            payouts,
            nostro_accounts=dict(settings.nostro_accounts),
            virtual_account_currencies=settings.virtual_account_currencies,
        ),
        alerts=alerts,
        screening=ScreeningService(
            clock,
            calendar,
            payments,
            alerts,
            JurisdictionList(frozenset(settings.embargoed_countries)),
            parties=parties,
            watchlists=watchlists,
            index_store=IndexStore(settings.screening_index_dir, watchlists),
            threshold=settings.screening_threshold,
        ),
        watchlists=watchlists,
        matching=MatchingService(
            clock,
            payments,
            trades,
            parties,
            fx,
            MatchingPolicy(charges_inference_cap_usd=settings.charges_inference_cap_usd),
            calendar=calendar,
        ),
        monitoring=MonitoringService(clock, calendar, fx, alerts, rule_settings),
        rule_settings=rule_settings,
        reporting=ReportingService(
            clock,
            calendar,
            fx,
            Thresholds(
                natural_cny=lvr.natural_cross_border_transfer_cny,
                natural_usd=lvr.natural_cross_border_transfer_usd,
                non_natural_cny=lvr.non_natural_transfer_cny,
                non_natural_usd=lvr.non_natural_transfer_usd,
            ),
        ),
        access=AccessService(clock),
    )
    _subscribe(container)
    _subscribe_waiting_credits(container)
    return container


def _subscribe(c: Container) -> None:
    """Who reacts to what. Each handler runs in its own unit of work from the outbox."""
    bus = c.bus

    def screen(uow: UnitOfWork, event: DomainEvent) -> None:
        c.screening.screen_payment(uow, event.subject)

    def match(uow: UnitOfWork, event: DomainEvent) -> None:
        c.matching.match_payment(uow, event.subject)

    def credit(uow: UnitOfWork, event: DomainEvent) -> None:
        c.payments.credit(uow, event.subject)

    def monitor(uow: UnitOfWork, event: DomainEvent) -> None:
        c.monitoring.evaluate_payment(uow, event.subject)

    def rematch(uow: UnitOfWork, event: DomainEvent) -> None:
        assert isinstance(event, TradeRegistered | TradeVerified | TradeAmended)
        if isinstance(event, TradeRegistered) and not event.verified:
            return
        c.matching.rematch_merchant(uow, event.merchant_id)

    def open_virtual_accounts(uow: UnitOfWork, event: DomainEvent) -> None:
        c.intake.open_virtual_accounts(uow, event.subject)

    def return_failed(uow: UnitOfWork, event: DomainEvent) -> None:
        assert isinstance(event, PayoutReturned)
        if event.kind == PayoutKind.RETURN_TO_PAYER.value:
            c.payments.return_failed(uow, event.reference, event.reason)

    def screen_merchant(uow: UnitOfWork, event: DomainEvent) -> None:
        c.screening.screen_merchant(uow, event.subject)

    def screen_buyer(uow: UnitOfWork, event: DomainEvent) -> None:
        c.screening.screen_buyer(uow, event.subject)

    def rescreen(uow: UnitOfWork, event: DomainEvent) -> None:
        assert isinstance(event, WatchlistChanged)
        wanted = set(event.added) | set(event.changed)
        if not wanted:
            return
        entries = [
            e
            for e in c.watchlists.entries(uow)
            if e.source == event.subject and e.entry_id in wanted
        ]
        c.screening.rescreen(uow, entries)

    bus.subscribe(PaymentReceived, "screening.screen_payment", screen)
    bus.subscribe(MerchantRegistered, "screening.screen_merchant", screen_merchant)
    bus.subscribe(BuyerRegistered, "screening.screen_buyer", screen_buyer)
    bus.subscribe(WatchlistChanged, "screening.rescreen", rescreen)
    bus.subscribe(PaymentInSuspense, "matching.match_payment", match)
    bus.subscribe(PaymentMatched, "payments.credit", credit)
    bus.subscribe(PaymentMatched, "monitoring.evaluate_payment", monitor)
    bus.subscribe(TradeRegistered, "matching.rematch_on_trade", rematch)
    bus.subscribe(TradeVerified, "matching.rematch_on_verification", rematch)
    bus.subscribe(TradeAmended, "matching.rematch_on_amendment", rematch)
    bus.subscribe(PayoutReturned, "payments.return_failed", return_failed)
    bus.subscribe(MerchantRegistered, "intake.open_virtual_accounts", open_virtual_accounts)


def _subscribe_waiting_credits(c: Container) -> None:
    """Matched money waits for its credit on the merchant's KYC or on a reference rate."""

    def recredit(uow: UnitOfWork, event: DomainEvent) -> None:
        assert isinstance(event, MerchantKycChanged)
        if event.kyc_status != "approved":
            return
        from yipay.payments.domain import PaymentStatus

        for payment in c.payments.find(
            uow, merchant_id=event.subject, statuses=[PaymentStatus.MATCHED], limit=None
        ):
            c.payments.credit(uow, payment.id)

    def credit_on_rates(uow: UnitOfWork, event: DomainEvent) -> None:
        """Credits that waited for a reference rate (annual receipts count in USD) go on."""
        assert isinstance(event, RatesImported)
        c.payments.credit_waiting_for_rates(uow)

    c.bus.subscribe(MerchantKycChanged, "payments.credit_on_kyc", recredit)
    c.bus.subscribe(RatesImported, "payments.credit_on_rates", credit_on_rates)
