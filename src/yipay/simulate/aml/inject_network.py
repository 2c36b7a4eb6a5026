"""Typology 4, structuring and the fan shapes of IBM AMLworld: money split into amounts that
stay under the USD 10,000 line and spread over shops, payers and mule accounts within days.

- structuring: one payer, one shop, 3-7 collections just under USD 10,000 over 1-3 days.
- fan_out: one payer pays 5-10 shops on one day.
- fan_in: 6-14 new payers pay one shop within two days.
- gather_scatter: many payers pay a shop, which sends the money on to 3-6 accounts.
- scatter_gather: a source spreads money over 3-7 mules abroad who all pay one shop.
- bipartite: 3-5 payers pay 2-4 shops, each payer two or three of them.
- stack: sources → a layer of mules → shops, each mule forwarding within hours.
"""

from __future__ import annotations

from yipay.simulate.aml.cases import Context, Trade
from yipay.simulate.aml.currencies import USD
from yipay.simulate.aml.frame import TRANSFER
from yipay.simulate.aml.parties import HUBS

LINE_USD = 10_000
_OUT_PURPOSES = (
    "PAYMENT FOR RAW MATERIALS",
    "SUPPLIER PREPAYMENT",
    "SERVICE FEE",
    "CONSULTING FEE",
    "LOAN REPAYMENT",
    "COMMISSION",
)
_MULE_PURPOSES = ("TRANSFER", "FAMILY SUPPORT", "LOAN", "PAYMENT", "INVOICE SETTLEMENT", "")


def _size(ctx: Context, low: int, high: int, remaining: int, per_unit: int = 1) -> int:
    """A case size in [low, high] that fits the budget left (never below `low`)."""
    return max(low, min(ctx.draw.between(low, high), remaining // per_unit))


def _split_amount(ctx: Context) -> float:
    return (
        ctx.just_under(LINE_USD, 0.8)
        if ctx.draw.chance(0.7)
        else 3_000 + ctx.draw.uniform() * 6_000
    )


def _cover_trade(ctx: Context, m: int, payer: int, usd: float, day: int) -> Trade | None:
    """Often the shop registers a trade the money can be presented against."""
    if not ctx.draw.chance(0.5):
        return None
    trade_day = day - ctx.draw.between(3, 30)
    return ctx.trade(
        ctx.account_of(m),
        ctx.merchant_category(m),
        ctx.buyer_for(payer),
        usd * 1.02,
        USD,
        trade_day,
        export_day=trade_day + ctx.draw.between(7, 25),
        prepayment=ctx.draw.chance(0.5),
    )


def structuring(ctx: Context, remaining: int) -> None:
    m = ctx.merchant()
    roll = ctx.draw.uniform()
    if roll < 0.4:
        payer = int(ctx.market.buyers.account[ctx.buyer()])
    else:
        payer = ctx.payer_abroad("B" if roll < 0.7 else "P")
    count = _size(ctx, 3, 7, remaining)
    day = ctx.day(before_end=4)
    span = ctx.draw.between(1, 3)
    amounts = [ctx.just_under(LINE_USD, 0.82) for _ in range(count)]
    trade = _cover_trade(ctx, m, payer, sum(amounts), day)
    for usd in amounts:
        ts = ctx.foreign_ts(day + ctx.draw.below(span))
        ctx.collect(
            ts,
            payer,
            ctx.account_of(m),
            ctx.minor(usd, USD),
            USD,
            ctx.purpose(trade),
            None if trade is None else trade.key,
        )
    ctx.label_account(payer, "source")
    ctx.label_account(ctx.account_of(m), "merchant")


def fan_out(ctx: Context, remaining: int) -> None:
    payer = ctx.payer_abroad("P")
    shops = ctx.merchants(_size(ctx, 5, 10, remaining), small=False)
    day = ctx.day(before_end=1)
    for m in shops:
        usd = _split_amount(ctx)
        trade = _cover_trade(ctx, m, payer, usd, day)
        ctx.collect(
            ctx.foreign_ts(day),
            payer,
            ctx.account_of(m),
            ctx.minor(usd, USD),
            USD,
            ctx.purpose(trade),
            None if trade is None else trade.key,
        )
        ctx.label_account(ctx.account_of(m), "merchant")
    ctx.label_account(payer, "source")


def fan_in(ctx: Context, remaining: int) -> None:
    m = ctx.merchant()
    day = ctx.day(before_end=2)
    for _ in range(_size(ctx, 6, 14, remaining)):
        payer = ctx.payer_abroad("B" if ctx.draw.chance(0.5) else "P")
        usd = _split_amount(ctx)
        trade = _cover_trade(ctx, m, payer, usd, day)
        ts = ctx.foreign_ts(day + ctx.draw.below(2))
        ctx.collect(
            ts,
            payer,
            ctx.account_of(m),
            ctx.minor(usd, USD),
            USD,
            ctx.purpose(trade),
            None if trade is None else trade.key,
        )
        ctx.label_account(payer, "mule")
    ctx.label_account(ctx.account_of(m), "sink")


def gather_scatter(ctx: Context, remaining: int) -> None:
    m = ctx.merchant()
    hub = ctx.account_of(m)
    day = ctx.day(before_end=5)
    n_out = _size(ctx, 3, 6, remaining // 2)
    n_in = _size(ctx, 4, 8, remaining - n_out)
    received, last = 0, 0
    for _ in range(n_in):
        payer = ctx.payer_abroad("P" if ctx.draw.chance(0.6) else "B")
        amount = ctx.minor(_split_amount(ctx), USD)
        ts = ctx.foreign_ts(day + ctx.draw.below(2))
        ctx.collect(ts, payer, hub, amount, USD, ctx.purpose(None))
        received, last = received + amount, max(last, ts)
        ctx.label_account(payer, "source")
    share = received * (0.9 + 0.08 * ctx.draw.uniform()) / n_out
    for _ in range(n_out):
        sink = ctx.payer_abroad("P", ctx.draw.pick(HUBS) if ctx.draw.chance(0.5) else None)
        amount = max(1, round(share * (0.85 + 0.3 * ctx.draw.uniform())))
        ts = ctx.later(last, 60, 3 * 24 * 60)
        ctx.collect(ts, hub, sink, amount, USD, ctx.draw.pick(_OUT_PURPOSES), channel=TRANSFER)
        ctx.label_account(sink, "sink")
    ctx.label_account(hub, "hub")


def scatter_gather(ctx: Context, remaining: int) -> None:
    m = ctx.merchant()
    source = ctx.payer_abroad("P")
    day = ctx.day(before_end=5)
    start = ctx.foreign_ts(day)
    for _ in range(_size(ctx, 3, 7, remaining, per_unit=2)):
        mule = ctx.payer_abroad("B" if ctx.draw.chance(0.4) else "P")
        usd = _split_amount(ctx)
        sent = ctx.later(start, 0, 12 * 60)
        ctx.collect(
            sent,
            source,
            mule,
            ctx.minor(usd, USD),
            USD,
            ctx.draw.pick(_MULE_PURPOSES),
            channel=TRANSFER,
        )
        paid = ctx.later(sent, 60, 3 * 24 * 60)
        amount = ctx.minor(usd * (0.98 + 0.02 * ctx.draw.uniform()), USD)
        ctx.collect(paid, mule, ctx.account_of(m), amount, USD, ctx.purpose(None))
        ctx.label_account(mule, "mule")
    ctx.label_account(source, "source")
    ctx.label_account(ctx.account_of(m), "sink")


def bipartite(ctx: Context, remaining: int) -> None:
    shops = ctx.merchants(ctx.draw.between(2, 4))
    day = ctx.day(before_end=3)
    n_payers = _size(ctx, 3, 5, remaining, per_unit=2)
    for _ in range(n_payers):
        payer = ctx.payer_abroad("P" if ctx.draw.chance(0.6) else "B")
        targets = list(shops)
        for _edge in range(min(len(targets), ctx.draw.between(2, 3))):
            m = targets.pop(ctx.draw.below(len(targets)))
            ts = ctx.foreign_ts(day + ctx.draw.below(3))
            amount = ctx.minor(_split_amount(ctx), USD)
            ctx.collect(ts, payer, ctx.account_of(m), amount, USD, ctx.purpose(None))
        ctx.label_account(payer, "source")
    for m in shops:
        ctx.label_account(ctx.account_of(m), "merchant")


def stack(ctx: Context, remaining: int) -> None:
    shops = ctx.merchants(ctx.draw.between(2, 3))
    sources = [ctx.payer_abroad("P") for _ in range(ctx.draw.between(2, 3))]
    mules = [
        ctx.payer_abroad("P" if ctx.draw.chance(0.5) else "B")
        for _ in range(_size(ctx, 3, 5, remaining, per_unit=3))
    ]
    day = ctx.day(before_end=4)
    for index, mule in enumerate(mules):
        source = sources[index] if index < len(sources) else ctx.draw.pick(sources)
        usd = _split_amount(ctx) * ctx.draw.between(1, 2)
        sent = ctx.foreign_ts(day)
        ctx.collect(
            sent,
            source,
            mule,
            ctx.minor(usd, USD),
            USD,
            ctx.draw.pick(_MULE_PURPOSES),
            channel=TRANSFER,
        )
        targets = list(shops)
        parts = min(len(targets), ctx.draw.between(1, 2))
        for _ in range(parts):
            m = targets.pop(ctx.draw.below(len(targets)))
            paid = ctx.later(sent, 30, 10 * 60)
            amount = ctx.minor(usd / parts * (0.97 + 0.03 * ctx.draw.uniform()), USD)
            ctx.collect(paid, mule, ctx.account_of(m), amount, USD, ctx.purpose(None))
        ctx.label_account(mule, "mule")
    for source in sources:
        ctx.label_account(source, "source")
    for m in shops:
        ctx.label_account(ctx.account_of(m), "sink")
