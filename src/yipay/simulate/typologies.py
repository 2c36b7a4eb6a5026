"""Typology injectors: suspicious cases added on top of the normal market, each labelled.

Every injector draws only from its own named stream and only adds records (its own trades and
payments); it never edits or removes normal ones. So changing how many cases of one typology are
injected leaves every normal payment, and every other injector's draws, untouched. Each case gets
a pattern id that groups its labelled records.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal

from yipay.core.money import Money, Rounding
from yipay.simulate.calendar import Window
from yipay.simulate.config import SimulationConfig
from yipay.simulate.names_world import swift_name
from yipay.simulate.payers import PayerProfile, embargoed_payer, foreign_trading_company
from yipay.simulate.payments import MessageFactory, PayerDirectory, PaymentFacts
from yipay.simulate.records import Label, SimPayment, SimTrade
from yipay.simulate.remittance import remittance_info
from yipay.simulate.streams import Draw
from yipay.simulate.trades import PlannedTrade, TradeFactory

LARGE_VALUE_USD = 200_000


@dataclass(frozen=True)
class Injected:
    trades: tuple[SimTrade, ...]
    payments: tuple[SimPayment, ...]
    labels: tuple[Label, ...]


@dataclass(frozen=True)
class Market:
    """The normal market that injectors add to."""

    config: SimulationConfig
    window: Window
    factory: TradeFactory
    messages: MessageFactory
    directory: PayerDirectory
    normal_payments: int


def case_count(rate: Decimal, normal_payments: int) -> int:
    return int((rate * normal_payments).quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


def inject_no_trade(draw: Draw, market: Market) -> Injected:
    """Typology 1: money for a shop with no trade behind it, often a round amount."""
    payments, labels = [], []
    for index in range(case_count(market.config.no_trade_payment_rate, market.normal_payments)):
        pattern = f"NT-{index + 1:04d}"
        merchant = draw.pick(market.factory.merchants)
        day = draw.pick(market.window.business_days())
        if draw.chance(0.5):
            payer = market.directory.own_account(draw, market.factory.pick_buyer(draw))
        else:
            payer = foreign_trading_company(draw, "")
        code = "USD" if draw.chance(0.8) else draw.pick(("EUR", "CNY", "AED"))
        usd = draw.lognormal(6000, 0.9)
        if draw.chance(0.5):
            usd = max(100.0, round(usd, -2))
        value = Decimal(round(usd * 100)) / 100 * market.factory.rates.usd_to(code, day)
        instructed = Money.rounded(value, code, Rounding.HALF_EVEN)
        fake_invoice = merchant.invoice_no(day.year, draw.between(5000, 9999))
        remittance = draw.pick(("GOODS", "PAYMENT", "ADVANCE PAYMENT", "", f"INV {fake_invoice}"))
        facts = PaymentFacts(
            (), merchant.merchant.platform_id, instructed, day, payer, remittance, is_deposit=False
        )
        payment = market.messages.payment(draw, draw, facts)
        payments.append(payment)
        labels.append(Label("payment", payment.reference, "no_trade", pattern))
    return Injected((), tuple(payments), tuple(labels))


def inject_third_party_foreign(draw: Draw, market: Market) -> Injected:
    """Typology 3: a large payment for a real trade, sent by a company in another country."""
    trades, payments, labels = [], [], []
    rate = market.config.foreign_third_party_rate
    for index in range(case_count(rate, market.normal_payments)):
        pattern = f"TPF-{index + 1:04d}"
        planned, day = _fresh_trade(draw, market, "1039" if draw.chance(0.8) else "0110", 45_000)
        payer = foreign_trading_company(draw, planned.buyer.buyer.country)
        payment = _pay_in_full(draw, market, planned, day, payer, named=True)
        trades.append(planned.trade)
        payments.append(payment)
        labels += [
            Label("payment", payment.reference, "third_party_foreign", pattern),
            Label("trade", planned.trade.platform_id, "third_party_foreign", pattern),
            Label("payer", payer.account, "third_party_foreign", pattern),
        ]
    return Injected(tuple(trades), tuple(payments), tuple(labels))


def _on_regulatory_day(at: datetime, day: date) -> datetime:
    """The same time of day moved into `day` as the regulator counts days (Asia/Shanghai, UTC+8
    all year): same-day cumulation is per Shanghai date, not per UTC date."""
    start = datetime(day.year, day.month, day.day, tzinfo=UTC) - timedelta(hours=8)
    return start + (at - start) % timedelta(days=1)


def inject_large_value_days(draw: Draw, market: Market) -> Injected:
    """Several buyers pay one shop more than USD 200k in one day (large-value report due)."""
    trades, payments, labels = [], [], []
    for index in range(market.config.large_value_merchant_days):
        pattern = f"LVD-{index + 1:04d}"
        merchant = draw.pick(market.factory.merchants)
        day = draw.pick(market.window.business_days())
        goal = draw.between(LARGE_VALUE_USD + 5_000, LARGE_VALUE_USD + 80_000)
        received = Decimal(0)
        while received <= LARGE_VALUE_USD:
            buyer = market.factory.pick_buyer(draw)
            left = goal - received
            aim = Decimal(round(draw.lognormal(70_000, 0.3)))
            target = left if left < 40_000 else min(left, aim)
            trade_day = day - timedelta(days=draw.between(10, 45))
            planned = market.factory.single(
                draw, draw, merchant, buyer, "0110", "USD", trade_day, int(target * 100)
            )
            payment = _pay_in_full(
                draw, market, planned, day, market.directory.own_account(draw, buyer), named=True
            )
            payment = replace(payment, received_at=_on_regulatory_day(payment.received_at, day))
            received += payment.amount.amount
            trades.append(planned.trade)
            payments.append(payment)
            labels.append(Label("payment", payment.reference, "large_value_day", pattern))
        labels.append(Label("merchant", merchant.merchant.platform_id, "large_value_day", pattern))
    return Injected(tuple(trades), tuple(payments), tuple(labels))


def inject_embargoed_payers(draw: Draw, market: Market) -> Injected:
    """A payment for a real trade from a payer banking in Iran, North Korea, Syria or Cuba."""
    trades, payments, labels = [], [], []
    for index in range(market.config.embargoed_payer_payments):
        pattern = f"EMB-{index + 1:04d}"
        planned, day = _fresh_trade(draw, market, "1039", 8_000)
        payer = embargoed_payer(draw)
        payment = _pay_in_full(draw, market, planned, day, payer, named=draw.chance(0.6))
        trades.append(planned.trade)
        payments.append(payment)
        labels += [
            Label("payment", payment.reference, "embargoed_payer", pattern),
            Label("trade", planned.trade.platform_id, "embargoed_payer", pattern),
            Label("payer", payer.account, "embargoed_payer", pattern),
        ]
    return Injected(tuple(trades), tuple(payments), tuple(labels))


def _fresh_trade(
    draw: Draw, market: Market, kind: str, median_usd: int
) -> tuple[PlannedTrade, date]:
    """A new trade of a known buyer with one of his shops, ordered 5–45 days before payment."""
    factory = market.factory
    buyer = factory.pick_buyer(draw)
    merchant = factory.pick_merchant(draw, buyer)
    day = draw.pick(market.window.business_days())
    trade_day = day - timedelta(days=draw.between(5, 45))
    usd = min(140_000.0, max(median_usd / 3, draw.lognormal(median_usd, 0.5)))
    currency = factory.currency_for(draw, buyer)
    planned = factory.single(
        draw, draw, merchant, buyer, kind, currency, trade_day, round(usd * 100)
    )
    return planned, day


def _pay_in_full(
    draw: Draw,
    market: Market,
    planned: PlannedTrade,
    day: date,
    payer: PayerProfile,
    *,
    named: bool,
) -> SimPayment:
    trade = planned.trade
    on_behalf = None
    if payer.kind != "buyer" and draw.chance(0.5):
        on_behalf = swift_name(planned.buyer.buyer.name_latin, upper=True)
    remittance = remittance_info(
        draw, (trade,), "full", may_be_bare=not named, on_behalf_of=on_behalf
    )
    facts = PaymentFacts(
        (trade,), trade.merchant_platform_id, trade.amount, day, payer, remittance, is_deposit=False
    )
    return market.messages.payment(draw, draw, facts)
