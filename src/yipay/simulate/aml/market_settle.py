"""Shops turn their collections into CNY and take it out: FX settlements every 1-7 days (big
shops daily), payouts to their own bank account the same or next business day, sometimes a
supplier paid from the CNY wallet first."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from yipay.simulate.aml.currencies import CNY, CURRENCIES, to_cny_minor
from yipay.simulate.aml.frame import NO_TRADE, PAYOUT, SETTLEMENT, TRANSFER, TxnBlock, text
from yipay.simulate.aml.market_clock import local_time, next_business_day, shanghai_day
from yipay.simulate.aml.parties import Merchants

I64 = npt.NDArray[np.int64]


@dataclass
class Inflows:
    """Money arriving in shops' collection accounts."""

    merchant: I64
    currency: I64
    ts: I64
    amount: I64


@dataclass
class Proceeds:
    merchant: I64
    ts: I64
    amount: I64


def _group(keys: I64) -> tuple[I64, I64, I64]:
    """Sort order, group starts (in sorted order) and the group number of each sorted row."""
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
    group = np.cumsum(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]]) - 1
    return order, starts, group


def settlements(
    rng: np.random.Generator,
    merchants: Merchants,
    inflows: Inflows,
    rates: I64,
    rate_first: int,
) -> tuple[TxnBlock, Proceeds]:
    """Each shop sells its foreign currency on its settlement days: one row per (shop,
    currency, day), the CNY proceeds credited to its CNY wallet."""
    index = np.flatnonzero(inflows.currency != CNY)
    m = inflows.merchant[index]
    cur = inflows.currency[index]
    ts = inflows.ts[index]
    start = shanghai_day(ts) + merchants.settle_lag[m]
    every = merchants.settle_every[m]
    wait: I64 = np.mod(merchants.settle_phase[m] - start, every)
    day = next_business_day(start + wait)
    key = ((m * len(CURRENCIES) + cur) << 22) | (day - rate_first)
    order, starts, _group_no = _group(key)
    amount = np.add.reduceat(inflows.amount[index][order], starts)
    last_in = np.maximum.reduceat(ts[order], starts)
    g_m, g_cur, g_day = m[order][starts], cur[order][starts], day[order][starts]
    count = len(starts)
    planned = local_time(g_day, rng.integers(int(9.5 * 3600), 16 * 3600, count))
    when = np.maximum(planned, last_in + 600 + rng.integers(0, 3600, count))
    labels = [f"FX SETTLEMENT {code}/CNY" for code in CURRENCIES]
    purpose = text([labels[c] for c in g_cur.tolist()])
    block = TxnBlock(
        key=np.zeros(count, dtype=np.uint64),
        ts=when,
        payer=merchants.account[g_m],
        payee=merchants.wallet[g_m],
        amount=amount,
        currency=g_cur,
        channel=np.full(count, SETTLEMENT, dtype=np.int64),
        purpose=purpose,
        trade=np.full(count, NO_TRADE, dtype=np.uint64),
        source=np.full(count, -1, dtype=np.int64),
    )
    rate = rates[np.clip(shanghai_day(when) - rate_first, 0, len(rates) - 1), g_cur]
    cny = to_cny_minor(amount, g_cur, rate)
    return block, Proceeds(g_m, when, cny)


_SUPPLIER_PURPOSES = text(
    ["PAYMENT TO SUPPLIER", "GOODS PURCHASE", "货款", "采购货款", "SUPPLIER INVOICE"]
)


def payouts(
    rng: np.random.Generator, merchants: Merchants, m: I64, ts: I64, amount: I64
) -> TxnBlock:
    """CNY out of the wallet: to the shop's bank account, sometimes a supplier first."""
    day = next_business_day(shanghai_day(ts) + merchants.payout_lag[m])
    key = (m << 24) | (day - int(day.min()))
    order, starts, _group_no = _group(key)
    total = np.add.reduceat(amount[order], starts)
    last_in = np.maximum.reduceat(ts[order], starts)
    g_m, g_day = m[order][starts], day[order][starts]
    count = len(starts)
    slots = merchants.suppliers[g_m]
    n_slots = (slots >= 0).sum(axis=1)
    pays_supplier = (n_slots > 0) & (rng.random(count) < 0.35) & (total > 200_000)
    chosen = slots[np.arange(count), (rng.random(count) * np.maximum(n_slots, 1)).astype(int)]
    share = rng.uniform(0.15, 0.6, count)
    to_supplier = np.where(pays_supplier, np.rint(total * share / 100) * 100, 0).astype(np.int64)
    opening = local_time(g_day, rng.integers(int(9.5 * 3600), 12 * 3600, count))
    supplier_ts = np.maximum(opening, last_in + rng.integers(600, 3 * 3600, count))
    planned = local_time(g_day, rng.integers(10 * 3600, 17 * 3600, count))
    payout_ts = np.maximum(planned, np.maximum(last_in, supplier_ts) + 600)
    payout_amount = total - to_supplier
    payouts = TxnBlock(
        key=np.zeros(count, dtype=np.uint64),
        ts=payout_ts,
        payer=merchants.wallet[g_m],
        payee=merchants.bank[g_m],
        amount=payout_amount,
        currency=np.full(count, CNY, dtype=np.int64),
        channel=np.full(count, PAYOUT, dtype=np.int64),
        purpose=text(["PAYOUT TO SETTLEMENT ACCOUNT"] * count),
        trade=np.full(count, NO_TRADE, dtype=np.uint64),
        source=np.full(count, -1, dtype=np.int64),
    )
    s = np.flatnonzero(pays_supplier & (payout_amount > 0))
    supplier = TxnBlock(
        key=np.zeros(len(s), dtype=np.uint64),
        ts=supplier_ts[s],
        payer=merchants.wallet[g_m[s]],
        payee=chosen[s],
        amount=to_supplier[s],
        currency=np.full(len(s), CNY, dtype=np.int64),
        channel=np.full(len(s), TRANSFER, dtype=np.int64),
        purpose=_SUPPLIER_PURPOSES[rng.integers(0, len(_SUPPLIER_PURPOSES), len(s))],
        trade=np.full(len(s), NO_TRADE, dtype=np.uint64),
        source=np.full(len(s), -1, dtype=np.int64),
    )
    keep = payouts.amount > 0
    return TxnBlock.concat([payouts.take(np.flatnonzero(keep)), supplier])
