"""Payments beside the trades: samples paid before ordering, refunds, wallets funded by a
relative or an exchange house before the buyer pays, and money between accounts abroad."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from yipay.simulate.aml.currencies import MINOR_PER_UNIT, USD, usd_to_minor
from yipay.simulate.aml.frame import COLLECTION, NO_TRADE, TRANSFER, TxnBlock, text
from yipay.simulate.aml.market_clock import (
    DAY,
    after_pause,
    local_time,
    next_business_day,
    shanghai_day,
)
from yipay.simulate.aml.market_trades import NormalTrades, invoice_texts
from yipay.simulate.aml.parties import Buyers, Merchants

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]


@dataclass
class Paid:
    """The trades' collections, as the payments beside them need them."""

    block: TxnBlock
    merchant: I64  # index into Merchants
    trade: I64  # index into the normal trades
    visit: I64


_TOP_UP_PURPOSES = text(
    ["TOP UP", "FUNDS FOR GOODS", "FAMILY SUPPORT", "TRANSFER", "FOR PURCHASES IN CHINA", ""]
)


def top_ups(rng: np.random.Generator, paid: Paid, buyers: Buyers, trades: NormalTrades) -> TxnBlock:
    """Some buyers pay from a wallet that a relative or an exchange house funds a few hours
    or days before: a third party's transfer to the buyer, then the buyer's payments."""
    block = paid.block
    buyer_of = trades.buyer[paid.trade]
    own = (block.channel == COLLECTION) & (block.payer == buyers.account[buyer_of])
    rows = np.flatnonzero(own)
    rows = rows[np.lexsort((block.ts[rows], paid.visit[rows]))]
    visit = paid.visit[rows]
    first = np.flatnonzero(np.r_[True, visit[1:] != visit[:-1]])
    currency = block.currency[rows[first]]
    in_first_currency = block.currency[rows] == np.repeat(
        currency, np.diff(np.r_[first, len(rows)])
    )
    total = np.add.reduceat(np.where(in_first_currency, block.amount[rows], 0), first)
    buyer = buyer_of[rows[first]]
    funder = buyers.relations[buyer, 0]
    chosen = np.flatnonzero((funder >= 0) & (rng.random(len(first)) < 0.15))
    count = len(chosen)
    unit = MINOR_PER_UNIT[currency[chosen]]
    funded = np.ceil(total[chosen] * rng.uniform(1.0, 1.1, count) / (100 * unit)) * 100 * unit
    return TxnBlock(
        key=np.zeros(count, dtype=np.uint64),
        ts=block.ts[rows[first[chosen]]] - rng.integers(2 * 3600, 3 * DAY, count),
        payer=funder[chosen],
        payee=buyers.account[buyer[chosen]],
        amount=funded.astype(np.int64),
        currency=currency[chosen],
        channel=np.full(count, TRANSFER, dtype=np.int64),
        purpose=_TOP_UP_PURPOSES[rng.integers(0, len(_TOP_UP_PURPOSES), count)],
        trade=np.full(count, NO_TRADE, dtype=np.uint64),
        source=np.full(count, -1, dtype=np.int64),
    )


_ABROAD_PURPOSES = text(
    [
        "LOAN REPAYMENT",
        "FAMILY SUPPORT",
        "TRANSFER",
        "INVOICE PAYMENT",
        "SETTLEMENT",
        "PAYMENT",
        "SERVICES",
        "",
    ]
)


def transfers_abroad(
    rng: np.random.Generator, buyers: Buyers, collections: TxnBlock, arrival_hours: F64
) -> TxnBlock:
    """Money between accounts abroad that also use the platform: buyers repaying relatives,
    exchange houses and hub companies settling with each other (about 1 in 250 payments)."""
    count = len(collections) // 250
    with_relation = np.flatnonzero(buyers.relations[:, 0] >= 0)
    if count == 0 or len(with_relation) < 2:
        return collections.take(np.zeros(0, dtype=np.int64))
    buyer = with_relation[rng.integers(0, len(with_relation), count)]
    other = with_relation[rng.integers(0, len(with_relation), count)]
    to_relative = rng.random(count) < 0.5
    payer = np.where(to_relative, buyers.account[buyer], buyers.relations[buyer, 0])
    payee = np.where(to_relative, buyers.relations[buyer, 0], buyers.relations[other, 0])
    keep = np.flatnonzero(payer != payee)
    count = len(keep)
    payer, payee = payer[keep], payee[keep]
    day = shanghai_day(collections.ts[rng.integers(0, len(collections), count)])
    seconds = np.mod(np.rint(arrival_hours[payer] * 3600 + rng.normal(0, 5400, count)), DAY)
    currency = np.where(rng.random(count) < 0.8, USD, buyers.currency[buyer[keep]])
    usd_cents = np.clip(rng.lognormal(np.log(300_000), 1.0, count), 5_000, 20_000_000)
    return TxnBlock(
        key=np.zeros(count, dtype=np.uint64),
        ts=day * DAY + seconds.astype(np.int64),
        payer=payer,
        payee=payee,
        amount=np.maximum(1, usd_to_minor(usd_cents, currency)),
        currency=currency.astype(np.int64),
        channel=np.full(count, TRANSFER, dtype=np.int64),
        purpose=_ABROAD_PURPOSES[rng.integers(0, len(_ABROAD_PURPOSES), count)],
        trade=np.full(count, NO_TRADE, dtype=np.uint64),
        source=np.full(count, -1, dtype=np.int64),
    )


_SAMPLE_PURPOSES = text(
    [
        "SAMPLE FEE",
        "SAMPLES",
        "PAYMENT FOR SAMPLES",
        "SAMPLE CHARGES",
        "FREIGHT FOR SAMPLES",
        "MUESTRAS",
        "ОБРАЗЦЫ",
        "ECHANTILLONS",
        "",
    ]
)


def sample_fees(
    rng: np.random.Generator,
    merchants: Merchants,
    buyers: Buyers,
    trades: NormalTrades,
    arrival_hours: F64,
) -> tuple[TxnBlock, I64]:
    """Buyers pay for samples before ordering: small collections with no trade behind them."""
    block = trades.block
    chosen = np.flatnonzero(rng.random(len(block)) < 0.012)
    count = len(chosen)
    payer = buyers.account[trades.buyer[chosen]]
    currency = np.where(rng.random(count) < 0.85, USD, block.currency[chosen]).astype(np.int64)
    unit = MINOR_PER_UNIT[currency]
    amount = np.maximum(
        1, np.rint(usd_to_minor(rng.uniform(3_000, 50_000, count), currency) / unit)
    )
    day = block.trade_day[chosen] - rng.integers(0, 15, count)
    day = after_pause(rng, merchants, trades.merchant[chosen], day)
    seconds = np.mod(np.rint(arrival_hours[payer] * 3600 + rng.normal(0, 5400, count)), DAY)
    samples = TxnBlock(
        key=np.zeros(count, dtype=np.uint64),
        ts=day * DAY + seconds.astype(np.int64),
        payer=payer,
        payee=block.merchant[chosen],
        amount=(amount * unit).astype(np.int64),
        currency=currency,
        channel=np.full(count, COLLECTION, dtype=np.int64),
        purpose=_SAMPLE_PURPOSES[rng.integers(0, len(_SAMPLE_PURPOSES), count)],
        trade=np.full(count, NO_TRADE, dtype=np.uint64),
        source=np.full(count, -1, dtype=np.int64),
    )
    return samples, trades.merchant[chosen]


def refunds(
    rng: np.random.Generator, paid: Paid, merchants: Merchants, trades: NormalTrades
) -> TxnBlock:
    """A shop refunds part of a payment (short shipment, damaged goods) to whoever paid."""
    block = paid.block
    chosen = np.flatnonzero((block.channel == COLLECTION) & (rng.random(len(block)) < 0.003))
    count = len(chosen)
    amount = np.rint(block.amount[chosen] * rng.uniform(0.05, 0.3, count)).astype(np.int64)
    day = next_business_day(shanghai_day(block.ts[chosen]) + rng.integers(3, 21, count))
    day = after_pause(rng, merchants, paid.merchant[chosen], day)
    invoice = invoice_texts(merchants, trades, paid.trade[chosen])
    short = (rng.random(count) < 0.5).tolist()
    prefix = ["PARTIAL REFUND SHORT SHIPMENT " if s else "REFUND " for s in short]
    return TxnBlock(
        key=np.zeros(count, dtype=np.uint64),
        ts=local_time(day, rng.integers(10 * 3600, 17 * 3600, count)),
        payer=block.payee[chosen],
        payee=block.payer[chosen],
        amount=np.maximum(amount, 1),
        currency=block.currency[chosen],
        channel=np.full(count, TRANSFER, dtype=np.int64),
        purpose=text([p + i for p, i in zip(prefix, invoice, strict=True)]),
        trade=np.full(count, NO_TRADE, dtype=np.uint64),
        source=np.full(count, -1, dtype=np.int64),
    )
