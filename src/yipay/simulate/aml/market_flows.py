"""The normal market's money flows, vectorised: collections for the trades, FX settlements a few
days later, CNY payouts to the shops' bank accounts (market_settle), and the payments beside
the trades (market_side).

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
from yipay.simulate.aml.currencies import CNY, MINOR_PER_UNIT, USD, minor_to_usd_cents, usd_to_minor
from yipay.simulate.aml.frame import CASH, COLLECTION, K0110, K9610, Accounts, TxnBlock
from yipay.simulate.aml.ids import hex_keys
from yipay.simulate.aml.market_clock import (
    DAY,
    after_pause,
    arrival_hours,
    local_time,
    rate_first_day,
    weekday_of,
)
from yipay.simulate.aml.market_settle import Inflows, payouts, settlements
from yipay.simulate.aml.market_side import (
    Paid,
    refunds,
    sample_fees,
    top_ups,
    transfers_abroad,
)
from yipay.simulate.aml.market_trades import NormalTrades, invoice_texts
from yipay.simulate.aml.parties import Buyers, Merchants
from yipay.simulate.aml.purposes import (
    BALANCE,
    CASH_PAYMENT,
    DEPOSIT,
    FULL,
    INSTALMENT,
    collection_purposes,
)

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]

UNPAID, ADVANCE, DEPOSIT_BALANCE, AFTER_EXPORT, INSTALMENTS, BEFORE_REGISTRATION, CAPPED = range(7)

#: Countries whose banks cap what a person may send abroad per transfer or per day: their
#: buyers pay a big invoice in parts just under USD 10,000 (the honest twin of structuring).
CAPPED_COUNTRIES = ("NG", "PK", "EG", "GH", "KE", "DZ", "IQ", "AF", "UZ")
MAX_CAPPED_PARTS = 8


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
    hours = arrival_hours(accounts)
    collections = _collections(rng, merchants, buyers, trades, hours)
    samples, sample_merchant = sample_fees(flow_rng, merchants, buyers, trades, hours)
    inflows = Inflows(
        merchant=np.concatenate([collections.merchant, sample_merchant]),
        currency=np.concatenate([collections.currency, samples.currency]),
        ts=np.concatenate([collections.block.ts, samples.ts]),
        amount=np.concatenate([collections.block.amount, samples.amount]),
    )
    rate_first = rate_first_day(first_day)
    sold, proceeds = settlements(flow_rng, merchants, inflows, rates, rate_first)
    cny = inflows.currency == CNY
    paid_out = payouts(
        flow_rng,
        merchants,
        np.concatenate([inflows.merchant[cny], proceeds.merchant]),
        np.concatenate([inflows.ts[cny], proceeds.ts]),
        np.concatenate([inflows.amount[cny], proceeds.amount]),
    )
    blocks = [
        collections.block,
        samples,
        sold,
        paid_out,
        refunds(flow_rng, collections, merchants, trades),
        top_ups(flow_rng, collections, buyers, trades),
        transfers_abroad(flow_rng, buyers, collections.block, hours),
    ]
    sequence = 0
    for block in blocks:
        block.key = hex_keys(0, np.arange(sequence, sequence + len(block)))
        sequence += len(block)
    return TxnBlock.concat(blocks), collections.texts


@dataclass
class _Collections(Paid):
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
