"""Goods lines of one trade: catalogue items, unit prices in the trade currency, carton quantities.

The trade amount is the sum of its lines (quantity × unit price, exact in minor units), as on a
real invoice: the simulator aims at a value and lets carton rounding decide the final amount.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from yipay.core.money import Money, Rounding
from yipay.simulate.goods import ITEMS, ITEMS_BY_CATEGORY, GoodsItem
from yipay.simulate.rates import RateBook
from yipay.simulate.records import GoodsLine
from yipay.simulate.streams import Draw


@dataclass(frozen=True)
class LinePlan:
    """An item at a unit price, with its share of the trade value; quantities come later."""

    item: GoodsItem
    unit_price: Money
    weight: float


def plan_lines(
    draw: Draw, category: str, currency: str, day: date, rates: RateBook, kind: str
) -> list[LinePlan]:
    """1–2 lines for a parcel, 1–6 for a wholesale slice; mostly the shop's own category."""
    count = 1 + draw.chance(0.3) if kind == "9610" else min(6, 1 + draw.poisson(1.2))
    own = ITEMS_BY_CATEGORY[category]
    usd_to = rates.usd_to(currency, day)
    plans: list[LinePlan] = []
    chosen: list[GoodsItem] = []
    for _ in range(count):
        item = draw.pick(own) if draw.chance(0.8) else draw.pick(ITEMS)
        if item in chosen:
            continue
        chosen.append(item)
        low, high = math.log(item.price_low_cents), math.log(item.price_high_cents)
        cents = max(1, round(math.exp(low + draw.uniform() * (high - low))))
        price = Money.rounded(Decimal(cents) / 100 * usd_to, currency, Rounding.HALF_EVEN)
        if price.minor < 1:
            price = Money.from_minor(1, currency)
        plans.append(LinePlan(item, price, draw.lognormal(1.0, 0.6)))
    return plans


def fill_lines(
    plans: list[LinePlan], target_minor: int, *, by_carton: bool
) -> tuple[GoodsLine, ...]:
    """Quantities that bring the lines close to `target_minor` (whole cartons when `by_carton`)."""
    weight_sum = sum(plan.weight for plan in plans)
    lines = []
    for plan in plans:
        line_target = target_minor * plan.weight / weight_sum
        unit = plan.unit_price.minor
        pack = plan.item.pack if by_carton else 1
        cartons = round(line_target / (unit * pack))
        quantity = cartons * pack if cartons >= 1 else max(1, round(line_target / unit))
        lines.append(
            GoodsLine(
                plan.item.name, plan.item.name_zh, plan.item.hs_code, quantity, plan.unit_price
            )
        )
    return tuple(lines)


def lines_total(lines: tuple[GoodsLine, ...]) -> Money:
    currency = lines[0].unit_price.currency
    return Money.from_minor(sum(line.total.minor for line in lines), currency)
