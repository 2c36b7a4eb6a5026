"""Timing (typology 6) and split declarations (typology 11).

- early_payment: money arrives 45-120 days before the trade it pays is registered, without a
  prepayment flag; or a prepayment trade whose document deadline passed without export is
  paid weeks after the deadline.
- late_payment: money for goods exported 200-400 days earlier.
- split_declaration: one shipment of one shop for one buyer declared through one agent as 2-4
  market-procurement (1039) declarations on the same or next days, each under the USD 150,000
  cap, together above it; the collections paying them are labelled.
"""

from __future__ import annotations

from yipay.simulate.aml.cases import Context
from yipay.simulate.aml.currencies import USD

CAP_USD = 150_000


def _fee(ctx: Context, amount: int, currency: int) -> int:
    return amount - min(amount // 2, ctx.minor(5 * ctx.draw.between(0, 10), currency))


def early_payment(ctx: Context, _remaining: int) -> None:
    m, b = ctx.merchant(), ctx.buyer()
    buyers = ctx.market.buyers
    payer = int(buyers.account[b])
    currency = int(buyers.currency[b]) if ctx.draw.chance(0.6) else USD
    usd = 10_000 + ctx.draw.uniform() * 50_000
    span = ctx.last_day - ctx.first_day
    if span > 60 and ctx.variant(3) != 1:
        lead = ctx.draw.between(45, min(120, span - 5))
        day = ctx.draw.between(ctx.first_day, ctx.last_day - lead)
        trade_day = day + lead
        export = trade_day + ctx.draw.between(5, 20)
        trade = ctx.trade(
            ctx.account_of(m),
            ctx.merchant_category(m),
            payer,
            usd,
            currency,
            trade_day,
            export_day=export if export <= ctx.last_day else None,
        )
    else:
        day = ctx.day(after_start=min(30, span // 2))
        trade_day = day - ctx.draw.between(60, 120)
        deadline = trade_day + ctx.draw.between(15, 30)
        trade = ctx.trade(
            ctx.account_of(m),
            ctx.merchant_category(m),
            payer,
            usd,
            currency,
            trade_day,
            prepayment=True,
            deadline_day=deadline,
        )
    ctx.collect(
        ctx.foreign_ts(day),
        payer,
        ctx.account_of(m),
        _fee(ctx, trade.amount, currency),
        currency,
        ctx.purpose(trade),
        trade.key,
    )
    ctx.label_account(ctx.account_of(m), "merchant")
    ctx.label_account(payer, "buyer")


def late_payment(ctx: Context, _remaining: int) -> None:
    m, b = ctx.merchant(), ctx.buyer()
    buyers = ctx.market.buyers
    payer = int(buyers.account[b]) if ctx.draw.chance(0.7) else ctx.payer_abroad("P")
    currency = int(buyers.currency[b]) if ctx.draw.chance(0.6) else USD
    day = ctx.day()
    export = day - ctx.draw.between(200, 400)
    trade = ctx.trade(
        ctx.account_of(m),
        ctx.merchant_category(m),
        int(buyers.account[b]),
        5_000 + ctx.draw.uniform() * 45_000,
        currency,
        export - ctx.draw.between(7, 30),
        export_day=export,
    )
    ctx.collect(
        ctx.foreign_ts(day),
        payer,
        ctx.account_of(m),
        _fee(ctx, trade.amount, currency),
        currency,
        ctx.purpose(trade),
        trade.key,
    )
    ctx.label_account(ctx.account_of(m), "merchant")
    ctx.label_account(payer, "payer")


def split_declaration(ctx: Context, remaining: int) -> None:
    m, b = ctx.merchant(small=False), ctx.buyer()
    market = ctx.market
    payer = int(market.buyers.account[b])
    agent = int(market.merchants.agents[m, 0])
    count = max(2, min(ctx.draw.between(2, 4), remaining))
    values = [55_000 + ctx.draw.uniform() * 85_000 for _ in range(count)]
    while sum(values) <= CAP_USD * 1.05:
        values = [min(140_000.0, v * 1.2) for v in values]
    trade_day = ctx.day(before_end=12, after_start=1) - ctx.draw.between(5, 15)
    export = trade_day + ctx.draw.between(5, 12)
    for value in values:
        trade = ctx.trade(
            ctx.account_of(m),
            ctx.merchant_category(m),
            payer,
            value,
            USD,
            trade_day + ctx.draw.below(2),
            export_day=export + ctx.draw.below(2),
            agent=agent,
        )
        day = min(ctx.last_day, max(ctx.first_day, export + ctx.draw.between(-3, 10)))
        ctx.collect(
            ctx.foreign_ts(day),
            payer,
            ctx.account_of(m),
            _fee(ctx, trade.amount, USD),
            USD,
            ctx.purpose(trade),
            trade.key,
        )
    ctx.label_account(ctx.account_of(m), "merchant")
    ctx.label_account(payer, "buyer")
