"""A labelled dataset for payment↔trade matching (`yipay reconcile`), with every hard case.

`reconcile_dataset(seed, payments)` returns payments (P.csv), trades (T.csv), partner-bank rates
(R.csv), known third-party payers (relations.csv) and the truth: the allocations a perfect
engine makes. Each payment belongs to one case of `CASES`, drawn with the weights of the mix.

What the truth assumes an engine may know and do (say so when the engine differs):
- A payment pays trades of its beneficiary (merchant) only.
- Payments fall between 30 days before and 120 days after the trade date.
- Trades are consumed gross: received + charges. Stated charges count as stated; unstated ones
  may be inferred only when they close a trade and stay within USD 50 (`charges_cap_usd`), and
  the generator never deducts more than that without stating it. Deposits never carry unstated
  charges (an engine cannot tell them from a smaller deposit).
- A USD trade paid in another currency is worth the instructed USD amount when given, otherwise
  the payment at the dataset's mid rates within ±1.5% (`fx_tolerance` 2% leaves room).
- A payment for several trades names all of them; its amount is split in proportion to what each
  trade had open (largest remainder, so the rows add up).
- Deposits and multi-trade payments always name a reference; a payment without one is for one
  trade of its own payer (or of a buyer whose known payer it is, relations.csv) at the full open
  amount, and no other trade of that buyer at that shop is within 5% of it.
- A payment of no trade is more than 10% away from every trade of its shop by amount.

Chunks of 5,000 payments are independent (own merchants, buyers and random streams), so a big set
is generated chunk by chunk in flat memory; rows are ordered by date within each chunk.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import numpy as np

from yipay.simulate.rates import RateBook
from yipay.simulate.reconcile_chunk import Chunk, Merchant
from yipay.simulate.reconcile_records import (
    CASES,
    CHUNK_PAYMENTS,
    DEFAULT_MIX,
    ReconcileChunk,
    ReconcileConfig,
    ReconcileDataset,
)
from yipay.simulate.reconcile_render import RefSpec
from yipay.simulate.streams import Draw, cumulative

__all__ = [
    "CASES",
    "DEFAULT_MIX",
    "ReconcileConfig",
    "ReconcileDataset",
    "dataset_rates",
    "iter_chunks",
    "reconcile_dataset",
]

_FX_CURRENCIES = ("EUR", "AED", "GBP")
_VOWELS = str.maketrans("aeiouyAEIOUY", "eaiuoiEAIUOI")


def reconcile_dataset(seed: int, payments: int, **options: Any) -> ReconcileDataset:
    """The whole dataset in memory (for tests and evaluation sets up to a few 100,000)."""
    config = ReconcileConfig(seed=seed, payments=payments, **options)
    rates = dataset_rates(config)
    chunks = list(iter_chunks(config, rates))
    return ReconcileDataset(
        config=config,
        payments=tuple(p for c in chunks for p in c.payments),
        trades=tuple(t for c in chunks for t in c.trades),
        truth=tuple(r for c in chunks for r in c.truth),
        relations=tuple(r for c in chunks for r in c.relations),
        rates=rates.rows(set(rates_codes()), *rate_range(config)),
    )


def rates_codes() -> tuple[str, ...]:
    return ("AED", "BRL", "EUR", "GBP", "HKD", "SAR", "USD")


def rate_range(config: ReconcileConfig) -> tuple[date, date]:
    """Days with a quote: every trade date and value date of the dataset."""
    first = config.start - timedelta(days=40)
    return first, config.start + timedelta(days=config.days + 130)


def dataset_rates(config: ReconcileConfig) -> RateBook:
    root = np.random.SeedSequence(config.seed, spawn_key=(0,))
    return RateBook.generate(Draw("rates", np.random.default_rng(root)), *rate_range(config))


def iter_chunks(config: ReconcileConfig, rates: RateBook) -> Iterator[ReconcileChunk]:
    """The dataset chunk by chunk; chunk i is the same whatever the total size."""
    names = [case for case in CASES if config.mix.get(case, 0) > 0]
    weights = cumulative([config.mix[case] for case in names])
    remaining, index = config.payments, 0
    while remaining > 0:
        size = min(CHUNK_PAYMENTS, remaining)
        chunk = Chunk(config, index, size, rates)
        while len(chunk.payments) < size:
            case = chunk.draw["mix"].pick_weighted(names, weights)
            BUILDERS[case](chunk)
        del chunk.payments[size:]  # a group may overshoot; its trades then stay open
        yield chunk.finish()
        remaining -= size
        index += 1


# -- one builder per case ------------------------------------------------------------------------
def _simple(case: str, mode: str) -> Callable[[Chunk], None]:
    def build(chunk: Chunk) -> None:
        merchant, buyer = chunk.pick_pair()
        trade = chunk.trade(merchant, buyer, chunk.trade_day(margin_after=45))
        day = chunk.value_day(trade.trade_date + timedelta(days=chunk.draw["mix"].between(0, 45)))
        kind = chunk.draw["refs"].pick(("invoice",) * 5 + ("order", "waybill"))
        chunk.pay(merchant, [trade], trade.amount, day, case, RefSpec(kind, (trade,)), mode=mode)

    return build


def _our(chunk: Chunk) -> None:
    _simple("our", "our")(chunk)


def _deposit_balance(chunk: Chunk) -> None:
    draw = chunk.draw["mix"]
    merchant, buyer = chunk.pick_pair()
    trade = chunk.trade(merchant, buyer, chunk.trade_day(margin_after=90))
    shares = (30, 70) if draw.chance(0.7) else (30, 40, 30)
    parts = [trade.amount * share // 100 for share in shares[:-1]]
    parts.append(trade.amount - sum(parts))
    day = trade.trade_date - timedelta(days=draw.between(0, 25))
    for n, part in enumerate(parts):
        last = n == len(parts) - 1
        if n:
            day += timedelta(days=draw.between(5, 30))
        kind = "deposit" if n == 0 else "balance"
        ref = RefSpec("invoice", (trade,), part=kind)
        mode = "any" if last else draw.pick(("none", "our", "stated"))
        chunk.pay(merchant, [trade], part, chunk.value_day(day), "deposit_balance", ref, mode=mode)


def _multi_trade(chunk: Chunk) -> None:
    draw = chunk.draw["mix"]
    merchant, buyer = chunk.pick_pair()
    first = chunk.trade_day(margin_after=60)
    code = chunk.currency_for(buyer)
    trades = [
        chunk.trade(merchant, buyer, first + timedelta(days=draw.between(0, 20)), code)
        for _ in range(draw.between(2, 4))
    ]
    day = max(t.trade_date for t in trades) + timedelta(days=draw.between(0, 20))
    mode = draw.pick(("none", "our", "stated"))
    total = sum(t.amount for t in trades)
    ref = RefSpec("multi", tuple(trades))
    chunk.pay(merchant, trades, total, chunk.value_day(day), "multi_trade", ref, mode=mode)


def _near_equal_ref(chunk: Chunk) -> None:
    draw = chunk.draw["mix"]
    merchant, buyer = draw.pick(chunk.merchants), chunk.fresh_buyer()
    day = chunk.trade_day(margin_after=60)
    first = chunk.trade(merchant, buyer, day)
    amount = (
        first.amount if draw.chance(0.5) else first.amount * (1000 + draw.between(1, 9)) // 1000
    )
    second = chunk.trade(
        merchant, buyer, day + timedelta(days=draw.between(0, 6)), first.currency, amount
    )
    paid, other = (first, second) if draw.chance(0.5) else (second, first)
    when = chunk.value_day(max(first.trade_date, second.trade_date) + timedelta(days=3))
    kind = draw.pick(("invoice", "invoice", "order"))
    chunk.pay(merchant, [paid], paid.amount, when, "near_equal_ref", RefSpec(kind, (paid,)))
    if draw.chance(0.5):
        later = chunk.value_day(when + timedelta(days=draw.between(1, 30)))
        ref = RefSpec("invoice", (other,))
        chunk.pay(merchant, [other], other.amount, later, "near_equal_ref", ref)


def _near_equal_date(chunk: Chunk) -> None:
    draw = chunk.draw["mix"]
    merchant, buyer = draw.pick(chunk.merchants), chunk.fresh_buyer()
    day = chunk.trade_day(margin_after=120)
    first = chunk.trade(merchant, buyer, day)
    amount = (
        first.amount if draw.chance(0.6) else first.amount * (1000 - draw.between(1, 9)) // 1000
    )
    later_day = day + timedelta(days=draw.between(50, 80))
    second = chunk.trade(merchant, buyer, later_day, first.currency, amount)
    when = chunk.value_day(day + timedelta(days=draw.between(0, 10)))
    chunk.pay(merchant, [first], first.amount, when, "near_equal_date", RefSpec("bare", (first,)))
    if draw.chance(0.5):
        paid = chunk.value_day(later_day + timedelta(days=draw.between(0, 10)))
        ref = RefSpec("bare", (second,))
        chunk.pay(merchant, [second], second.amount, paid, "near_equal_date", ref)


def _similar_name(chunk: Chunk) -> None:
    draw = chunk.draw["mix"]
    merchant, buyer = draw.pick(chunk.merchants), chunk.fresh_buyer()
    others = [m for m in chunk.merchants if m is not merchant]
    elsewhere: Merchant = draw.pick(others)
    twin = chunk.twin(buyer, _similar(draw, buyer.profile.buyer.name_latin))
    trade = chunk.trade(merchant, buyer, chunk.trade_day(margin_after=45))
    decoy = chunk.trade(elsewhere, twin, trade.trade_date, trade.currency, trade.amount)
    when = chunk.value_day(trade.trade_date + timedelta(days=draw.between(0, 40)))
    ref = RefSpec("bare" if draw.chance(0.5) else "invoice", (trade,))
    chunk.pay(merchant, [trade], trade.amount, when, "similar_name", ref)
    if draw.chance(0.5):
        ref = RefSpec("invoice", (decoy,))
        chunk.pay(elsewhere, [decoy], decoy.amount, when, "similar_name", ref)


def _third_party_known(chunk: Chunk) -> None:
    draw = chunk.draw["mix"]
    merchant, buyer = chunk.pick_pair()
    trade = chunk.trade(merchant, buyer, chunk.trade_day(margin_after=45))
    payer = chunk.relation(buyer)
    roll = draw.uniform()
    kind = "bare" if roll < 0.7 else "invoice"
    on_behalf = buyer.profile.buyer.name_latin.upper() if roll >= 0.4 else ""
    when = chunk.value_day(trade.trade_date + timedelta(days=draw.between(0, 45)))
    ref = RefSpec(kind, (trade,), on_behalf=on_behalf)
    mode = draw.pick(("none", "our", "stated"))
    chunk.pay(
        merchant, [trade], trade.amount, when, "third_party_known", ref, payer=payer, mode=mode
    )


def _fx(case: str) -> Callable[[Chunk], None]:
    def build(chunk: Chunk) -> None:
        draw = chunk.draw["mix"]
        merchant, buyer = chunk.pick_pair()
        trade = chunk.trade(merchant, buyer, chunk.trade_day(margin_after=45), "USD")
        when = chunk.value_day(trade.trade_date + timedelta(days=draw.between(0, 45)))
        code = draw.pick(_FX_CURRENCIES)
        spread = Decimal(draw.between(-150, 150)) / 10_000
        received = chunk.to_minor(trade.amount, code, when, 1 + spread)
        charges = chunk.charges("our" if draw.chance(0.5) else "none", code, received, when)
        instructed = (trade.amount, "USD") if case == "fx_instructed" else None
        ref = RefSpec("invoice" if draw.chance(0.7) else "bare", (trade,))
        payer = chunk.own_payer(buyer)
        allocations = [(trade, received)]
        chunk.add_payment(
            merchant, payer, when, received, code, charges, instructed, ref, allocations, case
        )

    return build


def _timed(case: str, low: int, high: int) -> Callable[[Chunk], None]:
    def build(chunk: Chunk) -> None:
        draw = chunk.draw["mix"]
        merchant, buyer = chunk.pick_pair()
        trade = chunk.trade(merchant, buyer, chunk.trade_day(margin_after=max(high, 0)))
        when = trade.trade_date + timedelta(days=draw.between(low, high))
        when = chunk.value_day(when, forward=low < 0)
        ref = RefSpec("invoice" if draw.chance(0.65) else "bare", (trade,))
        chunk.pay(merchant, [trade], trade.amount, when, case, ref, mode=draw.pick(("none", "our")))

    return build


def _no_trade(case: str) -> Callable[[Chunk], None]:
    def build(chunk: Chunk) -> None:
        draw = chunk.draw["mix"]
        if case == "no_trade" and draw.chance(0.3):
            merchant, buyer = chunk.pick_pair()  # a known buyer paying for nothing registered
            payer, code = chunk.own_payer(buyer), chunk.currency_for(buyer)
        else:
            merchant, payer = draw.pick(chunk.merchants), chunk.stranger()
            code = draw.pick(("USD",) * 7 + ("CNY", "EUR", "AED"))
        day = chunk.value_day(chunk.trade_day())
        amount = chunk.to_minor(chunk.usd_cents(), code, day)
        charges = chunk.charges("any", code, amount, day)
        kind = "decoy" if case == "no_trade_decoy_ref" else "no_trade"
        instructed = (amount, code) if charges.with_instructed else None
        received = amount - charges.deducted
        ref = RefSpec(kind)
        chunk.add_payment(merchant, payer, day, received, code, charges, instructed, ref, [], case)

    return build


def _ref_variant(chunk: Chunk) -> None:
    merchant, buyer = chunk.pick_pair()
    trade = chunk.trade(merchant, buyer, chunk.trade_day(margin_after=45))
    when = chunk.value_day(trade.trade_date + timedelta(days=chunk.draw["mix"].between(0, 45)))
    ref = RefSpec("hard", (trade,))
    chunk.pay(merchant, [trade], trade.amount, when, "ref_variant", ref, mode="any")


def _decoy_neighbour(chunk: Chunk) -> None:
    """Two trades registered back to back (consecutive invoice numbers), near-equal amounts."""
    draw = chunk.draw["mix"]
    merchant, buyer = chunk.pick_pair()
    day = chunk.trade_day(margin_after=45)
    other_buyer = chunk.fresh_buyer()
    trade = chunk.trade(merchant, buyer, day)
    amount = trade.amount * (1000 + draw.between(-5, 5)) // 1000
    neighbour = chunk.trade(merchant, other_buyer, day, trade.currency, amount)
    paid = trade if draw.chance(0.5) else neighbour
    when = chunk.value_day(day + timedelta(days=draw.between(0, 30)))
    ref = RefSpec("invoice", (paid,))
    chunk.pay(merchant, [paid], paid.amount, when, "decoy_neighbour", ref)


def _bare(chunk: Chunk) -> None:
    draw = chunk.draw["mix"]
    merchant, buyer = chunk.pick_pair()
    trade = chunk.trade(merchant, buyer, chunk.trade_day(margin_after=45))
    when = chunk.value_day(trade.trade_date + timedelta(days=draw.between(0, 45)))
    mode = draw.pick(("none", "none", "our", "stated", "unstated"))
    ref = RefSpec("bare", (trade,))
    chunk.pay(merchant, [trade], trade.amount, when, "bare_remittance", ref, mode=mode)


def _similar(draw: Draw, name: str) -> str:
    """One letter changed in one word: Mohamed → Muhamed, Petrov → Petrova-like slips."""
    words = name.split()
    long_words = [i for i, w in enumerate(words) if len(w) >= 4]
    if not long_words:
        return name + "A"
    i = draw.pick(long_words)
    word = words[i]
    position = draw.between(1, len(word) - 2)
    swapped = word[position].translate(_VOWELS)
    if swapped == word[position]:
        swapped = word[position] * 2  # a doubled consonant
    words[i] = word[:position] + swapped + word[position + 1 :]
    return " ".join(words)


BUILDERS: dict[str, Callable[[Chunk], None]] = {
    "clean": _simple("clean", "none"),
    "sha_stated": _simple("sha_stated", "stated"),
    "sha_unstated": _simple("sha_unstated", "unstated"),
    "our": _our,
    "deposit_balance": _deposit_balance,
    "multi_trade": _multi_trade,
    "near_equal_ref": _near_equal_ref,
    "near_equal_date": _near_equal_date,
    "similar_name": _similar_name,
    "third_party_known": _third_party_known,
    "fx_instructed": _fx("fx_instructed"),
    "fx_converted": _fx("fx_converted"),
    "late": _timed("late", 60, 118),
    "early": _timed("early", -30, -1),
    "no_trade": _no_trade("no_trade"),
    "no_trade_decoy_ref": _no_trade("no_trade_decoy_ref"),
    "ref_variant": _ref_variant,
    "decoy_neighbour": _decoy_neighbour,
    "bare_remittance": _bare,
}
