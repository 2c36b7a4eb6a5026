"""Typology 9: activity far from an account's own profile.

- dormant_awakening: a shop idle for 90+ days (one the normal market paused) receives 3-8
  large collections from new payers just before its normal trade resumes.
- new_account_burst: a shop registered in the window receives 6-15 collections of USD
  15-80k in its first days, often against trades it registers for them.
- profile_drift: an established small shop suddenly receives 8-20 extra collections over one
  or two weeks, each several times its usual order, against trades it registers.
Honest look-alikes live in the normal market: paused shops that come back at their usual size,
new shops (some of them big from the start), shops growing 3-6 fold over the window, and the
whole market's climb out of the Chinese New Year trough.
"""

from __future__ import annotations

import numpy as np

from yipay.simulate.aml.cases import Context
from yipay.simulate.aml.currencies import CNY, USD
from yipay.simulate.aml.frame import PAYOUT, SETTLEMENT
from yipay.simulate.aml.inject_flow import to_cny
from yipay.simulate.aml.market_clock import DAY, SHANGHAI

DORMANT_DAYS = 90


def _collection(
    ctx: Context, m_account: int, category: int, day: int, usd: float
) -> tuple[int, int]:
    payer = ctx.payer_abroad("B" if ctx.draw.chance(0.5) else "P")
    trade = None
    if ctx.draw.chance(0.6):
        trade_day = day - ctx.draw.between(0, 10)
        trade = ctx.trade(
            m_account,
            category,
            ctx.buyer_for(payer),
            usd,
            USD,
            trade_day,
            export_day=trade_day + ctx.draw.between(5, 20) if ctx.draw.chance(0.5) else None,
            prepayment=True,
            deadline_day=trade_day + 60,
        )
    amount = trade.amount if trade else ctx.minor(usd, USD)
    ts = ctx.foreign_ts(day)
    key = None if trade is None else trade.key
    ctx.collect(ts, payer, m_account, amount, USD, ctx.purpose(trade), key)
    ctx.label_account(payer, "payer")
    return ts, amount


def _settle(
    ctx: Context, account: int, wallet: int, bank: int, received: list[tuple[int, int]]
) -> None:
    """A new shop sells what it received each day and takes the CNY out, like every shop
    (these rows are the pattern's but not labelled: the collections are the evidence)."""
    by_day: dict[int, list[tuple[int, int]]] = {}
    for ts, amount in received:
        by_day.setdefault((ts + SHANGHAI) // DAY, []).append((ts, amount))
    for day, rows in sorted(by_day.items()):
        total = sum(amount for _ts, amount in rows)
        last_in = max(ts for ts, _amount in rows)
        sold = max(ctx.local_ts(day, 14.0, 16.5), ctx.later(last_in, 30, 120))
        if sold >= ctx.market.end_ts - 1:
            continue
        ctx.collect(sold, account, wallet, total, USD, "FX SETTLEMENT USD/CNY",
                    channel=SETTLEMENT, labelled=False)  # fmt: skip
        paid = ctx.later(sold, 30, 180)
        ctx.collect(paid, wallet, bank, to_cny(ctx, total, USD, sold), CNY,
                    "PAYOUT TO SETTLEMENT ACCOUNT", channel=PAYOUT, labelled=False)  # fmt: skip


def dormant_awakening(ctx: Context, remaining: int) -> None:
    merchants = ctx.market.merchants
    used: set[int] = ctx.memo.setdefault("used", set())
    if "paused" not in ctx.memo:
        long_gap = merchants.gap_end - merchants.gap_start >= DORMANT_DAYS
        ended = (merchants.gap_end > 0) & (merchants.gap_end <= ctx.last_day)
        ctx.memo["paused"] = np.flatnonzero(long_gap & ended).tolist()
    paused = [m for m in ctx.memo["paused"] if m not in used]
    wallet = bank = -1
    if paused:
        m = ctx.draw.pick(paused)
        used.add(m)
        account, category = ctx.account_of(m), ctx.merchant_category(m)
        wake = int(merchants.gap_end[m]) - ctx.draw.between(1, 4)
    else:  # no paused shop left: a shop registered before the window that never traded yet
        account, wallet, bank, category = ctx.new_merchant()
        wake = ctx.day(after_start=min(DORMANT_DAYS, ctx.last_day - ctx.first_day))
    received = []
    for _ in range(max(3, min(ctx.draw.between(3, 8), remaining))):
        day = max(ctx.first_day, min(ctx.last_day, wake + ctx.draw.below(3)))
        received.append(
            _collection(ctx, account, category, day, 20_000 + ctx.draw.uniform() * 70_000)
        )
    if wallet >= 0:
        _settle(ctx, account, wallet, bank, received)
    ctx.label_account(account, "merchant")


def new_account_burst(ctx: Context, remaining: int) -> None:
    account, wallet, bank, category = ctx.new_merchant()
    span = ctx.last_day - ctx.first_day
    opened = ctx.first_day + ctx.draw.between(
        min(20, span // 3), max(min(20, span // 3), span - 12)
    )
    received = [
        _collection(
            ctx,
            account,
            category,
            min(ctx.last_day, opened + ctx.draw.below(10)),
            15_000 + ctx.draw.uniform() * 65_000,
        )
        for _ in range(max(6, min(ctx.draw.between(6, 15), remaining)))
    ]
    _settle(ctx, account, wallet, bank, received)
    ctx.label_account(account, "merchant")


def profile_drift(ctx: Context, remaining: int) -> None:
    merchants = ctx.market.merchants
    for _attempt in range(200):
        m = ctx.merchant()
        if merchants.growth[m] == 1.0:
            break
    span = ctx.last_day - ctx.first_day
    start = ctx.first_day + ctx.draw.between(min(60, span // 2), max(min(60, span // 2), span - 14))
    length = ctx.draw.between(7, 14)
    usual = float(merchants.slice_usd[m])
    for _ in range(max(8, min(ctx.draw.between(8, 20), remaining))):
        day = min(ctx.last_day, start + ctx.draw.below(length))
        _collection(
            ctx,
            ctx.account_of(m),
            ctx.merchant_category(m),
            day,
            usual * (3 + 5 * ctx.draw.uniform()),
        )
    ctx.label_account(ctx.account_of(m), "merchant")
