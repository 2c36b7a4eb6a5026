"""`simulate`: build the normal market from its streams, then add each typology's cases.

Order of work: rates → merchants → buyers → trades (history + window) → payments landing in the
window → typology injectors, each on its own stream. The dataset keeps the trades that the window's
payments pay plus the trades registered during the window.
"""

from __future__ import annotations

from datetime import timedelta

from yipay.simulate.buyers import BuyerProfile, generate_buyers
from yipay.simulate.calendar import Window
from yipay.simulate.config import SimulationConfig
from yipay.simulate.merchants import MerchantProfile, generate_merchants
from yipay.simulate.payments import MessageFactory, PayerDirectory, normal_facts
from yipay.simulate.rates import RateBook
from yipay.simulate.records import Label, MarketDataset, SimPayment, SimTrade
from yipay.simulate.schedule import plan_payments
from yipay.simulate.streams import Streams
from yipay.simulate.trades import TradeFactory, generate_trades
from yipay.simulate.typologies import (
    Injected,
    Market,
    inject_embargoed_payers,
    inject_large_value_days,
    inject_no_trade,
    inject_third_party_foreign,
)

BUYERS_PER_MERCHANT = 1.5


def simulate(config: SimulationConfig) -> MarketDataset:
    """A deterministic market dataset for `config` (same config, same dataset)."""
    streams = Streams.from_seed(config.seed)
    window = Window.of(config.start, config.days)
    rates = RateBook.generate(streams["rates"], window.history_start, window.last)
    merchants = generate_merchants(streams["merchants"], config.merchants, config.start)
    buyers = generate_buyers(
        streams["buyers"], max(3, round(config.merchants * BUYERS_PER_MERCHANT))
    )
    factory = TradeFactory(merchants, buyers, rates, window, streams["trades"])
    history = generate_trades(
        factory, streams["trades"], streams["catalogue"], window.history_start, window.last
    )
    messages, directory = MessageFactory(rates), PayerDirectory()
    third_party_rate = float(config.third_party_payer_rate)
    normal = [
        messages.payment(
            streams["payments"],
            streams["charges"],
            normal_facts(
                streams["payments"], streams["payers"], directory, third_party_rate, planned
            ),
        )
        for planned in plan_payments(streams["payments"], history, window)
    ]
    market = Market(config, window, factory, messages, directory, len(normal))
    injected = [
        inject_no_trade(streams["no_trade"], market),
        inject_third_party_foreign(streams["third_party_foreign"], market),
        inject_large_value_days(streams["large_value_day"], market),
        inject_embargoed_payers(streams["embargoed_payer"], market),
    ]
    paid = {trade_id for payment in normal for trade_id in payment.trade_platform_ids}
    trades = [
        p.trade
        for p in history
        if p.trade.platform_id in paid or window.contains(p.trade.trade_date)
    ]
    return _dataset(config, window, rates, merchants, buyers, trades, normal, injected)


def _dataset(
    config: SimulationConfig,
    window: Window,
    rates: RateBook,
    merchants: list[MerchantProfile],
    buyers: list[BuyerProfile],
    trades: list[SimTrade],
    normal: list[SimPayment],
    injected: list[Injected],
) -> MarketDataset:
    all_trades = sorted(
        trades + [trade for case in injected for trade in case.trades],
        key=lambda trade: trade.platform_id,
    )
    payments = sorted(
        normal + [payment for case in injected for payment in case.payments],
        key=lambda payment: (payment.received_at, payment.reference),
    )
    labels = [Label("payment", payment.reference, "normal", "") for payment in normal]
    labels += [label for case in injected for label in case.labels]
    codes = {"USD"}  # always: USD values of other currencies cross through it
    codes |= {t.amount.currency.code for t in all_trades}
    codes |= {p.amount.currency.code for p in payments}
    first = min(
        [window.first - timedelta(days=3)]
        + [t.trade_date for t in all_trades]
        + [p.value_date for p in payments]
    )
    return MarketDataset(
        config=config,
        merchants=tuple(m.merchant for m in merchants),
        buyers=tuple(b.buyer for b in buyers),
        trades=tuple(all_trades),
        payments=tuple(payments),
        rates=rates.rows(codes, first, window.last),
        labels=tuple(labels),
    )
