"""The normal market's trades, vectorised: buyers' visits to the market, the orders they place
with shops, goods lines, export dates and declarations.

A visit is one buyer ordering from one to six shops on one day (sometimes twice from the same
shop): this is how several collections from one payer on one day arise without any
structuring. Trade values follow the shop's order slice (lognormal), goods lines are catalogue
items at prices inside their heading's band, in whole cartons, and the trade amount is the
exact sum of its lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt

from yipay.simulate.aml.catalogue import Catalogue
from yipay.simulate.aml.currencies import CNY_PER_UNIT, EXPONENT, USD, minor_to_usd_cents
from yipay.simulate.aml.frame import K0110, K1039, K9610, NO_DAY, LineBlock, TradeBlock
from yipay.simulate.aml.ids import IdKeys, hex_keys
from yipay.simulate.aml.parties import Buyers, Merchants
from yipay.simulate.calendar import market_activity

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
EPOCH = date(1970, 1, 1)
HISTORY_DAYS = 100
CAP_1039_USD = 150_000
VISIT_SIZES = np.array([1, 2, 3, 4, 5, 6])
VISIT_SHARES = np.array([0.45, 0.25, 0.14, 0.08, 0.05, 0.03])

#: Shop categories whose sales have a season of their own (month → factor).
_CATEGORY_SEASON = {
    "festive": (0.6, 0.6, 0.6, 0.7, 1.0, 1.7, 1.8, 1.8, 1.6, 1.3, 0.7, 0.6),
    "umbrellas": (0.8, 0.8, 1.3, 1.5, 1.5, 1.3, 0.9, 0.8, 0.8, 0.8, 0.8, 0.8),
    "sports": (0.9, 0.9, 1.0, 1.0, 1.1, 1.3, 1.3, 1.2, 1.0, 0.9, 0.9, 0.9),
}


def day_date(day_no: int) -> date:
    return EPOCH + timedelta(days=int(day_no))


def years_of(days: I64) -> I64:
    return days.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970


def month_of(days: I64) -> I64:
    return days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64) % 12


def weekday_of(days: I64) -> I64:
    return (days + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0


@dataclass
class NormalTrades:
    block: TradeBlock
    lines: LineBlock
    merchant: I64  # index into Merchants
    buyer: I64  # index into Buyers
    visit: I64
    at_once: npt.NDArray[np.bool_]  # the visit pays all its orders on one day
    planned_export: I64  # export day even when after the window
    invoice_number: I64  # the shop's running invoice number
    goods_item: I64  # the item payers name in the remittance
    usd_cents: F64  # planned value, for choosing amounts elsewhere


def merchant_weights(merchants: Merchants, days: I64, first_day: int, span: int) -> F64:
    """(day, merchant) weights: activity × growth × alive × the category's season."""
    from yipay.simulate.goods import CATEGORIES

    season = np.ones((12, len(CATEGORIES)))
    for k, category in enumerate(CATEGORIES):
        if category.key in _CATEGORY_SEASON:
            season[:, k] = _CATEGORY_SEASON[category.key]
    d = days[:, None]
    progress = np.clip((d - first_day) / span, 0.0, 1.0)
    growth = 1.0 + (merchants.growth[None, :] - 1.0) * progress
    alive = (d >= merchants.onboard_day[None, :]) & (d < merchants.leave_day[None, :])
    paused = (d >= merchants.gap_start[None, :]) & (d < merchants.gap_end[None, :])
    cat_season = season[month_of(days)][:, merchants.category]
    weights: F64 = merchants.activity[None, :] * growth * cat_season * (alive & ~paused)
    return weights


def make_trades(
    rng: np.random.Generator,
    merchants: Merchants,
    buyers: Buyers,
    catalogue: Catalogue,
    keys: IdKeys,
    first_day: int,
    days: int,
    visits_per_day: float,
) -> NormalTrades:
    all_days = np.arange(first_day - HISTORY_DAYS, first_day + days, dtype=np.int64)
    activity = np.array([market_activity(day_date(d)) for d in all_days.tolist()])
    visits_on = rng.poisson(visits_per_day * activity)
    visit_day = np.repeat(all_days, visits_on)
    n_visits = len(visit_day)
    ecommerce = rng.random(n_visits) < 0.12
    size = np.where(
        ecommerce,
        rng.integers(1, 4, n_visits),
        rng.choice(VISIT_SIZES, size=n_visits, p=VISIT_SHARES),
    )
    buyer_p = buyers.activity / buyers.activity.sum()
    visit_buyer = rng.choice(len(buyers), size=n_visits, p=buyer_p)
    at_once_visit = rng.random(n_visits) < np.where(size > 1, 0.25, 0.12)

    visit = np.repeat(np.arange(n_visits), size)
    trade_day = visit_day[visit]
    count = len(visit)
    weights = merchant_weights(merchants, all_days, first_day, days)
    merchant = np.empty(count, dtype=np.int64)
    edges = np.searchsorted(trade_day, all_days, side="left")
    ends = np.searchsorted(trade_day, all_days, side="right")
    for k in range(len(all_days)):
        lo, hi = edges[k], ends[k]
        if hi > lo:
            w = weights[k]
            merchant[lo:hi] = rng.choice(len(w), size=hi - lo, p=w / w.sum())
    # a buyer often places a second order at the same shop on the same visit
    again = (np.r_[False, visit[1:] == visit[:-1]]) & (rng.random(count) < 0.25)
    for position in np.flatnonzero(again).tolist():
        merchant[position] = merchant[position - 1]
    buyer = visit_buyer[visit]
    kind = np.where(
        ecommerce[visit], K9610, np.where(rng.random(count) < 0.82, K1039, K0110)
    ).astype(np.int64)
    currency = np.where(rng.random(count) < 0.8, buyers.currency[buyer], USD).astype(np.int64)
    slice_cents = merchants.slice_usd[merchant] * 100 * rng.lognormal(0.0, 1.2, count)
    parcel_cents = rng.lognormal(np.log(12_000), 0.8, count)
    usd_cents = np.where(kind == K9610, np.clip(parcel_cents, 1_000, 200_000), slice_cents)
    usd_cents = np.where(kind == K1039, np.clip(usd_cents, 15_000, 14_000_000), usd_cents)
    usd_cents = np.where(kind == K0110, np.clip(usd_cents, 15_000, 40_000_000), usd_cents)

    lines, amount, goods_item = _goods_lines(
        rng, catalogue, merchants, merchant, kind, currency, usd_cents
    )
    over_cap = (kind == K1039) & (_usd(amount, currency) > CAP_1039_USD * 100)
    kind = np.where(over_cap, K0110, kind)

    lag = np.where(
        kind == K9610,
        rng.integers(1, 5, count),
        np.clip(np.rint(rng.lognormal(np.log(18), 0.45, count)), 5, 60).astype(np.int64),
    )
    planned_export = trade_day + lag
    last_day = first_day + days - 1
    exported = planned_export <= last_day
    export_day = np.where(exported, planned_export, NO_DAY)
    declared = exported & (kind != K9610)
    declaration = np.where(declared, keys.declaration.numbers(0, np.arange(count)), -1)
    own_agent = merchants.agents[merchant, (rng.random(count) < 0.3).astype(np.int64)]
    agent = np.where(kind == K1039, own_agent, -1)

    at_once = at_once_visit[visit]
    u = rng.random(count)
    prepayment = (kind == K9610) | at_once | (u < 0.38)
    deadline = np.where(kind == K9610, trade_day + 15, planned_export + rng.integers(3, 31, count))
    deadline = np.where(prepayment, deadline, NO_DAY)
    block = TradeBlock(
        key=hex_keys(0, np.arange(count)),
        merchant=merchants.account[merchant],
        buyer=buyers.account[buyer],
        kind=kind,
        declaration=declaration.astype(np.int64),
        agent=agent.astype(np.int64),
        trade_day=trade_day,
        export_day=export_day,
        amount=amount,
        currency=currency,
        prepayment=prepayment,
        deadline_day=deadline,
    )
    number = invoice_numbers(merchants, merchant, trade_day)
    return NormalTrades(
        block, lines, merchant, buyer, visit, at_once, planned_export, number, goods_item, usd_cents
    )


def _usd(amount: I64, currency: I64) -> F64:
    return minor_to_usd_cents(amount, currency)


def _goods_lines(
    rng: np.random.Generator,
    catalogue: Catalogue,
    merchants: Merchants,
    merchant: I64,
    kind: I64,
    currency: I64,
    usd_cents: F64,
) -> tuple[LineBlock, I64, I64]:
    """1-2 lines for a parcel, 1-6 for an order; 80 % from the shop's own category."""
    count = len(merchant)
    n = np.where(
        kind == K9610,
        1 + (rng.random(count) < 0.3),
        1 + np.minimum(rng.poisson(1.1, count), 5),
    ).astype(np.int64)
    trade = np.repeat(np.arange(count), n)
    first_line = np.concatenate([[0], np.cumsum(n)[:-1]])
    line_no = np.arange(len(trade)) - first_line[trade] + 1
    total = len(trade)
    own = rng.random(total) < 0.8
    category = np.where(
        own, merchants.category[merchant[trade]], rng.integers(0, len(catalogue.by_category), total)
    )
    sizes = np.array([len(c) for c in catalogue.by_category])
    flat = np.concatenate(catalogue.by_category)
    offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    item = flat[offsets[category] + (rng.random(total) * sizes[category]).astype(np.int64)]
    low, high = np.log(catalogue.low_cents[item]), np.log(catalogue.high_cents[item])
    cents = np.exp(low + rng.random(total) * (high - low))
    code = currency[trade]
    price = unit_price_micro(cents, code)
    weight = rng.lognormal(0.0, 0.6, total)
    share = weight / np.bincount(trade, weights=weight, minlength=count)[trade]
    target = usd_cents_to_units(usd_cents[trade] * share, code) * 1e6
    pack = np.where(kind[trade] == K9610, 1, catalogue.pack[item])
    cartons = np.maximum(1, np.rint(target / (price * pack))).astype(np.int64)
    quantity = cartons * pack
    value = quantity * price
    micro_sum = _sum_by(trade, value, count)
    amount = _micro_to_minor(micro_sum, currency)
    chinese = rng.random(total) < 0.25
    lines = LineBlock(
        trade=hex_keys(0, trade),
        line_no=line_no,
        item=item,
        quantity=quantity,
        unit_price_micro=price,
        currency=code,
        chinese=chinese,
    )
    named = np.where(rng.random(count) < 0.8, 0, rng.integers(0, n))
    goods_item = item[first_line + np.minimum(named, n - 1)]
    return lines, amount, goods_item


def usd_cents_to_units(usd_cents: F64, code: I64) -> F64:
    """Planned USD cents as (fractional) units of `code` at the reference rates."""
    units: F64 = usd_cents / 100.0 * CNY_PER_UNIT[USD] / CNY_PER_UNIT[code]
    return units


def unit_price_micro(usd_cents: F64, code: I64) -> I64:
    """A unit price in millionths of `code`, quoted to 4 decimals (at least 0.0001)."""
    quoted = np.maximum(1, np.rint(usd_cents_to_units(usd_cents, code) * 10_000))
    return quoted.astype(np.int64) * 100


def _sum_by(group: I64, value: I64, count: int) -> I64:
    order_sum = np.zeros(count, dtype=np.int64)
    np.add.at(order_sum, group, value)
    return order_sum


def _micro_to_minor(micro: I64, currency: I64) -> I64:
    """Micro-units to minor units of each currency, rounded half-even (exact integers)."""
    scale = 10 ** (6 - EXPONENT[currency])
    quotient, remainder = np.divmod(micro, scale)
    up = (2 * remainder > scale) | ((2 * remainder == scale) & (quotient % 2 == 1))
    minor: I64 = np.maximum(quotient + up, 1)
    return minor


def invoice_numbers(merchants: Merchants, merchant: I64, trade_day: I64) -> I64:
    """Each shop numbers its invoices in date order from its own starting number."""
    count = len(merchant)
    order = np.lexsort((np.arange(count), trade_day, merchant))
    sorted_merchant = merchant[order]
    starts = np.flatnonzero(np.r_[True, sorted_merchant[1:] != sorted_merchant[:-1]])
    group_start = np.repeat(starts, np.diff(np.r_[starts, count]))
    rank = np.empty(count, dtype=np.int64)
    rank[order] = np.arange(count) - group_start
    result: I64 = merchants.invoice_base[merchant] + rank
    return result


def invoice_texts(merchants: Merchants, trades: NormalTrades, index: I64) -> list[str]:
    """Invoice numbers of trades `index` as printed: INV-2026-000123, or the shop's initials,
    the year's last two digits and the number (LJ-260123)."""
    merchant = trades.merchant[index].tolist()
    number = trades.invoice_number[index].tolist()
    year = years_of(trades.block.trade_day[index]).tolist()
    styles = merchants.invoice_style
    return [
        f"INV-{y}-{n % 1_000_000:06d}"
        if styles[m] == "INV"
        else f"{styles[m]}-{y % 100:02d}{n % 10_000:04d}"
        for m, y, n in zip(merchant, year, number, strict=True)
    ]
