"""The normal market's money flows, vectorised: collections for the trades, FX settlements a few
days later, CNY payouts to the shops' bank accounts, payments to suppliers and refunds.

How a trade is paid: in full in advance (e-commerce parcels, buyers paying all their orders of
a visit on one day), 30 % deposit at order and the balance before loading, in full after export
(days to weeks later, a few after months), in two instalments, or a few days before the shop
registers the trade; a few are not paid in the window. Intermediary banks deduct USD 10-50 per
hop; some payers round up. Shops sell their foreign currency every 1-7 days (big shops daily)
and take the CNY out the same or the next business day, some paying a supplier first.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from yipay.simulate.aml.catalogue import Catalogue
from yipay.simulate.aml.currencies import (
    CNY,
    CURRENCIES,
    MINOR_PER_UNIT,
    USD,
    minor_to_usd_cents,
    to_cny_minor,
    usd_to_minor,
)
from yipay.simulate.aml.frame import (
    CASH,
    COLLECTION,
    K0110,
    K9610,
    NO_TRADE,
    PAYOUT,
    SETTLEMENT,
    TRANSFER,
    Accounts,
    TxnBlock,
    text,
)
from yipay.simulate.aml.ids import hex_keys
from yipay.simulate.aml.market_trades import HISTORY_DAYS, NormalTrades, invoice_texts, weekday_of
from yipay.simulate.aml.parties import Buyers, Merchants
from yipay.simulate.aml.purposes import (
    BALANCE,
    CASH_PAYMENT,
    DEPOSIT,
    FULL,
    INSTALMENT,
    collection_purposes,
)
from yipay.simulate.geography import ARRIVAL_HOUR_UTC, region_of

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
DAY = 86_400
SHANGHAI = 8 * 3_600

UNPAID, ADVANCE, DEPOSIT_BALANCE, AFTER_EXPORT, INSTALMENTS, BEFORE_REGISTRATION, CAPPED = range(7)

#: Countries whose banks cap what a person may send abroad per transfer or per day: their
#: buyers pay a big invoice in parts just under USD 10,000 (the honest twin of structuring).
CAPPED_COUNTRIES = ("NG", "PK", "EG", "GH", "KE", "DZ", "IQ", "AF", "UZ")
MAX_CAPPED_PARTS = 8


def shanghai_day(ts: I64) -> I64:
    day: I64 = (ts + SHANGHAI) // DAY
    return day


def local_time(day: I64, seconds: I64) -> I64:
    """Epoch seconds of Shanghai `day` at `seconds` after local midnight."""
    return day * DAY - SHANGHAI + seconds


def rate_first_day(first_day: int) -> int:
    """The first day of the daily rate table (it starts before the trades' history)."""
    return first_day - HISTORY_DAYS - 10


def next_business_day(day: I64) -> I64:
    weekday = weekday_of(day)
    return day + np.where(weekday == 5, 2, np.where(weekday == 6, 1, 0))


@dataclass
class PaymentTexts:
    """What a collection's narrative is made from (filled in only for the rows kept)."""

    kind: I64  # purposes.FULL, DEPOSIT …
    trade: I64  # index into the normal trades
    buyer: I64  # index into Buyers
    third_party: npt.NDArray[np.bool_]

    def purposes(
        self,
        rng: np.random.Generator,
        rows: I64,
        merchants: Merchants,
        buyers: Buyers,
        trades: NormalTrades,
        accounts: Accounts,
        catalogue: Catalogue,
    ) -> npt.NDArray[np.object_]:
        trade = self.trade[rows]
        buyer = self.buyer[rows]
        names = accounts.names
        behalf = [
            names[a] if third else ""
            for a, third in zip(
                buyers.account[buyer].tolist(), self.third_party[rows].tolist(), strict=True
            )
        ]
        return collection_purposes(
            rng,
            catalogue,
            self.kind[rows],
            invoice_texts(merchants, trades, trade),
            trades.goods_item[trade],
            [buyers.language[b] for b in buyer.tolist()],
            behalf,
        )


def make_flows(
    rng: np.random.Generator,
    flow_rng: np.random.Generator,
    rates: I64,
    merchants: Merchants,
    buyers: Buyers,
    trades: NormalTrades,
    accounts: Accounts,
    first_day: int,
) -> tuple[TxnBlock, PaymentTexts]:
    """Every normal transaction of the timeline (history included; the caller cuts the window).
    Collections carry `source` = their row in the returned `PaymentTexts`."""
    hours = _arrival_hours(accounts)
    collections = _collections(rng, merchants, buyers, trades, hours)
    samples, sample_merchant = _sample_fees(flow_rng, merchants, buyers, trades, hours)
    inflows = _Inflows(
        merchant=np.concatenate([collections.merchant, sample_merchant]),
        currency=np.concatenate([collections.currency, samples.currency]),
        ts=np.concatenate([collections.block.ts, samples.ts]),
        amount=np.concatenate([collections.block.amount, samples.amount]),
    )
    rate_first = rate_first_day(first_day)
    settlements, proceeds = _settlements(flow_rng, merchants, inflows, rates, rate_first)
    cny = inflows.currency == CNY
    payouts = _payouts(
        flow_rng,
        merchants,
        np.concatenate([inflows.merchant[cny], proceeds.merchant]),
        np.concatenate([inflows.ts[cny], proceeds.ts]),
        np.concatenate([inflows.amount[cny], proceeds.amount]),
    )
    refunds = _refunds(flow_rng, collections, merchants, trades)
    top_ups = _top_ups(flow_rng, collections, buyers, trades)
    abroad = _transfers_abroad(flow_rng, buyers, collections.block, hours)
    blocks = [collections.block, samples, settlements, payouts, refunds, top_ups, abroad]
    sequence = 0
    for block in blocks:
        block.key = hex_keys(0, np.arange(sequence, sequence + len(block)))
        sequence += len(block)
    return TxnBlock.concat(blocks), collections.texts


@dataclass
class _Collections:
    block: TxnBlock
    merchant: I64
    trade: I64
    visit: I64
    currency: I64
    channel: I64
    texts: PaymentTexts


def _schedule(rng: np.random.Generator, trades: NormalTrades, buyers: Buyers) -> I64:
    block = trades.block
    count = len(block)
    u = rng.random(count)
    usd_cents = minor_to_usd_cents(block.amount, block.currency)
    big_enough = usd_cents >= 100_000
    capped_buyer = buyers.natural & np.isin(np.array(buyers.country), CAPPED_COUNTRIES)
    capped = (
        capped_buyer[trades.buyer]
        & (usd_cents > 1_000_000)
        & (usd_cents < MAX_CAPPED_PARTS * 900_000)
        & (rng.random(count) < 0.25)
    )
    schedule = np.select(
        [
            block.kind == K9610,
            capped,
            trades.at_once,
            block.prepayment & big_enough,
            block.prepayment,
            u < 0.05,
            u < 0.13,
            u < 0.17,
        ],
        [
            ADVANCE,
            CAPPED,
            ADVANCE,
            DEPOSIT_BALANCE,
            ADVANCE,
            UNPAID,
            INSTALMENTS,
            BEFORE_REGISTRATION,
        ],
        default=AFTER_EXPORT,
    )
    return schedule.astype(np.int64)


def _collections(
    rng: np.random.Generator,
    merchants: Merchants,
    buyers: Buyers,
    trades: NormalTrades,
    arrival_hours: F64,
) -> _Collections:
    block = trades.block
    count = len(block)
    schedule = _schedule(rng, trades, buyers)
    usd_value = minor_to_usd_cents(block.amount, block.currency)
    cash = (
        ((block.kind == K0110) | (block.kind == K9610))
        & (usd_value < 700_000)
        & ((block.currency == CNY) | (block.currency == USD))
        & (rng.random(count) < 0.05)
    )
    schedule = np.where(cash, ADVANCE, schedule)
    chunk_usd = np.rint(rng.uniform(90, 99, count)) * 10_000  # USD 9,000-9,900 in cents
    chunk = np.rint(
        usd_to_minor(chunk_usd, block.currency) / (100 * MINOR_PER_UNIT[block.currency])
    )
    chunk = (chunk * 100 * MINOR_PER_UNIT[block.currency]).astype(np.int64)
    capped_parts = np.ceil(block.amount / chunk).astype(np.int64)
    capped_start = rng.integers(-3, 30, count)
    one_a_day = (rng.random(count) < 0.7).astype(np.int64)
    parts = np.select(
        [
            schedule == UNPAID,
            (schedule == DEPOSIT_BALANCE) | (schedule == INSTALMENTS),
            schedule == CAPPED,
        ],
        [0, 2, capped_parts],
        1,
    )
    trade = np.repeat(np.arange(count), parts)
    part = np.arange(len(trade)) - np.repeat(np.cumsum(parts) - parts, parts)
    s = schedule[trade]
    n = len(trade)
    day0 = block.trade_day[trade]
    export = trades.planned_export[trade]
    visit_offset = rng.integers(0, 3, int(trades.visit.max()) + 1)
    late = rng.choice(4, size=n, p=[0.6, 0.3, 0.08, 0.02])
    late_low, late_high = np.array([-3, 10, 45, 90])[late], np.array([11, 46, 91, 121])[late]
    after = export + late_low + (rng.random(n) * (late_high - late_low)).astype(np.int64)
    first_instalment = export + rng.integers(0, 21, n)
    deposit_day = day0 + rng.integers(0, 5, n)
    day = np.select(
        [
            s == ADVANCE,
            (s == DEPOSIT_BALANCE) & (part == 0),
            s == DEPOSIT_BALANCE,
            (s == INSTALMENTS) & (part == 0),
            s == INSTALMENTS,
            s == BEFORE_REGISTRATION,
            s == CAPPED,
        ],
        [
            day0 + visit_offset[trades.visit[trade]] * trades.at_once[trade],
            deposit_day,
            np.maximum(deposit_day + 1, export - rng.integers(0, 7, n)),
            first_instalment,
            first_instalment + rng.integers(5, 21, n),
            day0 - rng.integers(1, 6, n),
            # one a day, or several on one day, from one day after export on
            trades.planned_export[trade] + capped_start[trade] + part * one_a_day[trade],
        ],
        default=after,
    )
    due = _due(s, part, parts[trade], block.amount[trade], block.currency[trade], chunk[trade])
    currency = block.currency[trade]
    channel = np.where(cash[trade], CASH, COLLECTION)
    paid = _charges(rng, due, currency, channel)
    # the payer: the buyer's own account, or one of his third parties for the whole visit
    buyer = trades.buyer[trade]
    visit = trades.visit[trade]
    n_visits = int(trades.visit.max()) + 1
    third = rng.random(n_visits) < 0.42
    slot = (rng.random(n_visits) < 0.3).astype(np.int64)
    relation = buyers.relations[buyer, slot[visit]]
    relation = np.where(relation >= 0, relation, buyers.relations[buyer, 0])
    use_relation = third[visit] & (relation >= 0) & (channel == COLLECTION) & (s != CAPPED)
    payer = np.where(use_relation, relation, buyers.account[buyer])
    hour = arrival_hours[payer]
    seconds = np.mod(np.rint(hour * 3600 + rng.normal(0.0, 5400.0, n)), DAY).astype(np.int64)
    weekday = weekday_of(day)
    to_monday = (weekday >= 5) & (rng.random(n) < 0.9) & (channel == COLLECTION)
    day = np.where(to_monday, day + 7 - weekday, day)
    day = after_pause(rng, merchants, trades.merchant[trade], day)
    ts = np.where(
        channel == CASH,
        local_time(day, rng.integers(9 * 3600, 17 * 3600, n)),
        day * DAY + seconds,
    )
    kind = np.select(
        [
            channel == CASH,
            (s == DEPOSIT_BALANCE) & (part == 0),
            s == DEPOSIT_BALANCE,
            (s == INSTALMENTS) | (s == CAPPED),
        ],
        [CASH_PAYMENT, DEPOSIT, BALANCE, INSTALMENT],
        default=FULL,
    )
    merchant = trades.merchant[trade]
    txns = TxnBlock(
        key=np.zeros(n, dtype=np.uint64),
        ts=ts,
        payer=payer,
        payee=merchants.account[merchant],
        amount=paid,
        currency=currency,
        channel=channel,
        purpose=np.full(n, "", dtype=object),
        trade=block.key[trade],
        source=np.arange(n, dtype=np.int64),
    )
    texts = PaymentTexts(kind.astype(np.int64), trade, buyer, use_relation)
    return _Collections(txns, merchant, trade, visit, currency, channel, texts)


def _due(
    s: I64, part: I64, parts: I64, amount: I64, currency: I64, chunk: I64
) -> npt.NDArray[np.int64]:
    """What each payment of a trade is for: 30 % deposit (in hundreds) and the balance, two
    halves, capped parts and the rest, or the whole amount."""
    unit = MINOR_PER_UNIT[currency]
    deposit = np.clip(np.rint(amount * 0.3 / (100 * unit)) * 100 * unit, unit, amount - 1)
    deposit = deposit.astype(np.int64)
    half = amount // 2
    due: I64 = np.select(
        [
            (s == DEPOSIT_BALANCE) & (part == 0),
            s == DEPOSIT_BALANCE,
            (s == INSTALMENTS) & (part == 0),
            s == INSTALMENTS,
            (s == CAPPED) & (part < parts - 1),
            s == CAPPED,
        ],
        [deposit, amount - deposit, half, amount - half, chunk, amount - chunk * (parts - 1)],
        default=amount,
    )
    return due


def after_pause(rng: np.random.Generator, merchants: Merchants, m: I64, day: I64) -> I64:
    """Money due while a shop is closed for months arrives in the weeks after it reopens."""
    closed = (day >= merchants.gap_start[m]) & (day < merchants.gap_end[m])
    reopened: I64 = merchants.gap_end[m] + rng.integers(0, 21, len(day))
    moved: I64 = np.where(closed, reopened, day)
    return moved


def _arrival_hours(accounts: Accounts) -> F64:
    """Hour (UTC) at which payments from each account's country reach the collecting bank."""
    by_country = {c: ARRIVAL_HOUR_UTC[region_of(c)] for c in set(accounts.countries)}
    return np.array([by_country[c] for c in accounts.countries])


def _charges(rng: np.random.Generator, due: I64, currency: I64, channel: I64) -> I64:
    """Intermediary banks' deductions (SHA: USD 10-50 per hop), or a payer rounding up."""
    n = len(due)
    hops = rng.choice(3, size=n, p=[0.45, 0.4, 0.15])
    fee_usd = (rng.integers(2, 11, n) * 5 + rng.integers(2, 11, n) * 5 * (hops == 2)) * (hops > 0)
    fee = usd_to_minor(fee_usd * 100.0, currency)
    usd_due = minor_to_usd_cents(due, currency)
    deductible = (channel == COLLECTION) & (currency != CNY) & (usd_due > 30_000)
    unit = MINOR_PER_UNIT[currency]
    round_up = (channel == COLLECTION) & (rng.random(n) < 0.02) & (due > 1000 * unit)
    rounded = -(-due // (100 * unit)) * 100 * unit
    paid = np.where(round_up, rounded, np.where(deductible, due - fee, due))
    return paid.astype(np.int64)


_TOP_UP_PURPOSES = text(
    ["TOP UP", "FUNDS FOR GOODS", "FAMILY SUPPORT", "TRANSFER", "FOR PURCHASES IN CHINA", ""]
)


def _top_ups(
    rng: np.random.Generator, collections: _Collections, buyers: Buyers, trades: NormalTrades
) -> TxnBlock:
    """Some buyers pay from a wallet that a relative or an exchange house funds a few hours
    or days before: a third party's transfer to the buyer, then the buyer's payments."""
    block = collections.block
    own = (block.channel == COLLECTION) & (
        block.payer == buyers.account[trades.buyer[collections.trade]]
    )
    rows = np.flatnonzero(own)
    visit = collections.visit[rows]
    order = np.lexsort((block.ts[rows], visit))
    rows, visit = rows[order], visit[order]
    first = np.flatnonzero(np.r_[True, visit[1:] != visit[:-1]])
    buyer = trades.buyer[collections.trade[rows[first]]]
    funder = buyers.relations[buyer, 0]
    chosen = np.flatnonzero((funder >= 0) & (rng.random(len(first)) < 0.15))
    starts = first[chosen]
    ends = np.r_[first[1:], len(rows)][chosen]
    count = len(chosen)
    currency = block.currency[rows[starts]]
    total = np.zeros(count, dtype=np.int64)
    for k in range(
        int((ends - starts).max()) if count else 0
    ):  # same-currency payments of the visit
        inside = starts + k < ends
        at = rows[np.minimum(starts + k, len(rows) - 1)]
        same = inside & (block.currency[at] == currency)
        total += np.where(same, block.amount[at], 0)
    unit = MINOR_PER_UNIT[currency]
    funded = (np.ceil(total * rng.uniform(1.0, 1.1, count) / (100 * unit)) * 100 * unit).astype(
        np.int64
    )
    return TxnBlock(
        key=np.zeros(count, dtype=np.uint64),
        ts=block.ts[rows[starts]] - rng.integers(2 * 3600, 3 * DAY, count),
        payer=funder[chosen],
        payee=buyers.account[buyer[chosen]],
        amount=funded,
        currency=currency,
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


def _transfers_abroad(
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


def _sample_fees(
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


@dataclass
class _Inflows:
    """Money arriving in shops' collection accounts."""

    merchant: I64
    currency: I64
    ts: I64
    amount: I64


@dataclass
class _Proceeds:
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


def _settlements(
    rng: np.random.Generator,
    merchants: Merchants,
    inflows: _Inflows,
    rates: I64,
    rate_first: int,
) -> tuple[TxnBlock, _Proceeds]:
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
    return block, _Proceeds(g_m, when, cny)


_SUPPLIER_PURPOSES = text(
    ["PAYMENT TO SUPPLIER", "GOODS PURCHASE", "货款", "采购货款", "SUPPLIER INVOICE"]
)


def _payouts(
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


def _refunds(
    rng: np.random.Generator, collections: _Collections, merchants: Merchants, trades: NormalTrades
) -> TxnBlock:
    """A shop refunds part of a payment (short shipment, damaged goods) to whoever paid."""
    block = collections.block
    chosen = np.flatnonzero((block.channel == COLLECTION) & (rng.random(len(block)) < 0.003))
    count = len(chosen)
    amount = np.rint(block.amount[chosen] * rng.uniform(0.05, 0.3, count)).astype(np.int64)
    day = next_business_day(shanghai_day(block.ts[chosen]) + rng.integers(3, 21, count))
    day = after_pause(rng, merchants, collections.merchant[chosen], day)
    invoice = invoice_texts(merchants, trades, collections.trade[chosen])
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
