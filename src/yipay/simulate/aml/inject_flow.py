"""Money moving through accounts: rapid in-out and random walks (typology 6), cycles back to the
origin and cash presented as trade (typology 10).

- rapid_in_out: a large collection, its settlement into CNY and a transfer of the CNY to an
  account that is not the shop's own, all within hours of one day.
- random: money walks from a source through 2-4 mules, each forwarding within hours, and
  ends as a collection at a shop.
- cycle: money leaves a shop (or an account) and returns to it in 2-4 hops within a week,
  a little less each hop (fees), the last hop presented as a trade payment.
- cash_inflow: cash deposits just under the CNY 50,000 (or USD 10,000) reporting line, several
  over a few days, presented as payment for goods of a 1039 trade or none.
"""

from __future__ import annotations

import numpy as np

from yipay.simulate.aml.cases import Context
from yipay.simulate.aml.currencies import CNY, USD, to_cny_minor
from yipay.simulate.aml.frame import CASH, K1039, SETTLEMENT, TRANSFER
from yipay.simulate.aml.market_clock import DAY, SHANGHAI
from yipay.simulate.aml.purposes import CASH_PAYMENT

_HOP_PURPOSES = ("TRANSFER", "PAYMENT", "LOAN", "INVOICE PAYMENT", "SERVICES", "")
_OUT_PURPOSES = ("PAYMENT TO SUPPLIER", "GOODS PURCHASE", "货款", "借款", "SERVICE FEE")


def to_cny(ctx: Context, amount: int, currency: int, ts: int) -> int:
    """What a shop gets in CNY for `amount` sold at `ts` (the day's client rate)."""
    day = (ts + SHANGHAI) // DAY
    rates = ctx.market.rates
    rate = rates[min(max(day - ctx.market.rate_first, 0), len(rates) - 1), currency]
    return int(to_cny_minor(np.array([amount]), np.array([currency]), np.array([rate]))[0])


def rapid_in_out(ctx: Context, remaining: int) -> None:
    m = ctx.merchant()
    merchants = ctx.market.merchants
    account, wallet = int(merchants.account[m]), int(merchants.wallet[m])
    day = ctx.day(before_end=1)
    morning = day * DAY - SHANGHAI + 8 * 3600  # 08:00 in Yiwu
    total, last = 0, morning
    for _ in range(1 if remaining < 4 or ctx.draw.chance(0.6) else 2):
        payer = ctx.payer_abroad("P" if ctx.draw.chance(0.6) else "B")
        amount = ctx.minor(15_000 + ctx.draw.uniform() * 45_000, USD)
        ts = ctx.later(morning, 0, 150)
        ctx.collect(ts, payer, account, amount, USD, ctx.purpose(None))
        total, last = total + amount, max(last, ts)
        ctx.label_account(payer, "source")
    sold = ctx.later(last, 20, 120)
    ctx.collect(sold, account, wallet, total, USD, "FX SETTLEMENT USD/CNY", channel=SETTLEMENT)
    sink = ctx.new_account("A", "CN", natural=ctx.draw.chance(0.6))
    out = round(to_cny(ctx, total, USD, sold) * (0.96 + 0.04 * ctx.draw.uniform()))
    ctx.collect(
        ctx.later(sold, 15, 180),
        wallet,
        sink,
        out,
        CNY,
        ctx.draw.pick(_OUT_PURPOSES),
        channel=TRANSFER,
    )
    ctx.label_account(account, "merchant")
    ctx.label_account(sink, "sink")


def random_walk(ctx: Context, remaining: int) -> None:
    m = ctx.merchant()
    source = ctx.payer_abroad("P")
    hops = max(2, min(ctx.draw.between(2, 4), remaining - 1))
    usd = 8_000 + ctx.draw.uniform() * 32_000
    holder, ts = source, ctx.foreign_ts(ctx.day(before_end=3))
    ctx.label_account(source, "source")
    for _ in range(hops):
        mule = ctx.payer_abroad(ctx.draw.pick(("P", "B")))
        ctx.collect(
            ts,
            holder,
            mule,
            ctx.minor(usd, USD),
            USD,
            ctx.draw.pick(_HOP_PURPOSES),
            channel=TRANSFER,
        )
        ctx.label_account(mule, "mule")
        holder, ts = mule, ctx.later(ts, 40, 10 * 60)
        usd *= 0.985 + 0.013 * ctx.draw.uniform()
    ctx.collect(ts, holder, ctx.account_of(m), ctx.minor(usd, USD), USD, ctx.purpose(None))
    ctx.label_account(ctx.account_of(m), "sink")


def cycle(ctx: Context, remaining: int) -> None:
    """`hops` edges from the origin back to it; the last edge into a shop is a collection."""
    hops = max(2, min(ctx.draw.between(2, 4), remaining))
    shop = ctx.variant(4) < 3
    if shop:
        m = ctx.merchant()
        origin = ctx.account_of(m)
    else:
        origin = ctx.payer_abroad("P")
    usd = 20_000 + ctx.draw.uniform() * 100_000
    holder, ts = origin, ctx.local_ts(ctx.day(before_end=7), 9.0, 16.0)
    ctx.label_account(origin, "origin")
    for hop in range(hops):
        last = hop == hops - 1
        target = origin if last else ctx.payer_abroad(ctx.draw.pick(("P", "P", "B")))
        amount = ctx.minor(usd, USD)
        if last and shop:
            trade = None
            if ctx.draw.chance(0.5):
                trade_day = (ts + SHANGHAI) // DAY - ctx.draw.between(5, 20)
                trade = ctx.trade(
                    origin,
                    ctx.merchant_category(m),
                    ctx.buyer_for(holder),
                    usd,
                    USD,
                    trade_day,
                    export_day=trade_day + ctx.draw.between(5, 15),
                )
            ctx.collect(
                ts,
                holder,
                origin,
                amount,
                USD,
                ctx.purpose(trade),
                None if trade is None else trade.key,
            )
        else:
            purpose = "SUPPLIER PREPAYMENT" if hop == 0 and shop else ctx.draw.pick(_HOP_PURPOSES)
            ctx.collect(ts, holder, target, amount, USD, purpose, channel=TRANSFER)
        if not last:
            ctx.label_account(target, "intermediary")
        holder, ts = target, ctx.later(ts, 6 * 60, 36 * 60)
        usd *= 0.97 + 0.025 * ctx.draw.uniform()


def cash_inflow(ctx: Context, remaining: int) -> None:
    m = ctx.merchant()
    account = ctx.account_of(m)
    depositors = [
        int(ctx.market.buyers.account[ctx.buyer()])
        if ctx.draw.chance(0.4)
        else ctx.payer_abroad("B")
        for _ in range(ctx.draw.between(1, 3))
    ]
    in_cny = ctx.variant(4) < 3
    count = max(3, min(ctx.draw.between(3, 8), remaining))
    amounts = [
        ctx.minor(ctx.just_under(50_000, 0.7) / 7.18, CNY) // 100 * 100
        if in_cny
        else ctx.minor(ctx.just_under(10_000, 0.7), USD)
        for _ in range(count)
    ]
    currency = CNY if in_cny else USD
    day = ctx.day(before_end=4)
    trade = None
    if ctx.draw.chance(0.5):
        usd = sum(amounts) / (718 if in_cny else 100)
        trade = ctx.trade(
            account,
            ctx.merchant_category(m),
            ctx.buyer_for(depositors[0]),
            usd,
            currency,
            day - ctx.draw.between(2, 20),
            kind=K1039,
        )
    for index, amount in enumerate(amounts):
        ts = ctx.local_ts(day + ctx.draw.below(4))
        ctx.collect(
            ts,
            depositors[index] if index < len(depositors) else ctx.draw.pick(depositors),
            account,
            amount,
            currency,
            ctx.purpose(trade, kind=CASH_PAYMENT) if trade else "CASH DEPOSIT GOODS",
            None if trade is None else trade.key,
            channel=CASH,
        )
    for depositor in depositors:
        ctx.label_account(depositor, "depositor")
    ctx.label_account(account, "merchant")
