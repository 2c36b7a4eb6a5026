"""Trades registered on the market-procurement platform, day by day over the history and window.

Each day a Poisson number of merchant slices is registered (seasonality × weekday), ~75% as
market-procurement trade (1039), ~15% general trade (0110) and ~10% e-commerce parcels (9610).
1039 slices are grouped into declarations: one buyer's purchases from several shops, consolidated
into one container and declared together, at most USD 150,000 per declaration at the trade day's
rate. Buyers keep returning to the shops they know.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from yipay.core.money import Money, Rounding
from yipay.simulate.buyers import BuyerProfile
from yipay.simulate.calendar import Window, days_between, market_activity
from yipay.simulate.documents import DeclarationNumbers, waybill_for
from yipay.simulate.goods_lines import LinePlan, fill_lines, lines_total, plan_lines
from yipay.simulate.merchants import MerchantProfile
from yipay.simulate.rates import RateBook
from yipay.simulate.records import GoodsLine, SimTrade
from yipay.simulate.streams import Draw, cumulative

TRADES_PER_MERCHANT_DAY = 0.2
DECLARATION_CAP_USD = Decimal(150_000)
_KINDS = ("1039", "0110", "9610")
_KIND_CUM = (0.75, 0.9, 1.0)
_MAX_REGULARS = 15


@dataclass(frozen=True)
class PlannedTrade:
    """A trade with what payment planning needs but the record does not show."""

    trade: SimTrade
    merchant: MerchantProfile
    buyer: BuyerProfile
    shipped_on: date  # the export date even when it falls after the window
    usd_value: Decimal


class TradeFactory:
    """Issues trades with their running numbers (trade ids, invoices, orders, declarations)."""

    def __init__(
        self,
        merchants: Sequence[MerchantProfile],
        buyers: Sequence[BuyerProfile],
        rates: RateBook,
        window: Window,
        draw: Draw,
    ) -> None:
        self.merchants = merchants
        self.buyers = buyers
        self.rates = rates
        self.window = window
        self._merchant_cum = cumulative([m.activity for m in merchants])
        self._buyer_cum = cumulative([b.activity for b in buyers])
        self._regulars: dict[str, list[MerchantProfile]] = {}
        self._declarations = DeclarationNumbers(draw)
        self._next_trade = 1
        self._invoices: dict[tuple[str, int], int] = {}
        self._orders: dict[date, int] = {}
        self._purchase_orders: dict[str, int] = {}

    # -- who trades with whom -----------------------------------------------------------------
    def pick_buyer(self, draw: Draw) -> BuyerProfile:
        return draw.pick_weighted(self.buyers, self._buyer_cum)

    def pick_merchant(self, draw: Draw, buyer: BuyerProfile) -> MerchantProfile:
        """Mostly a shop the buyer already knows; otherwise any shop, busy ones more often."""
        regulars = self._regulars.setdefault(buyer.buyer.platform_id, [])
        if regulars and draw.chance(0.6):
            return draw.pick(regulars)
        merchant = draw.pick_weighted(self.merchants, self._merchant_cum)
        if merchant not in regulars and len(regulars) < _MAX_REGULARS:
            regulars.append(merchant)
        return merchant

    def currency_for(self, draw: Draw, buyer: BuyerProfile) -> str:
        return buyer.buyer.preferred_currency if draw.chance(0.9) else "USD"

    # -- trades -------------------------------------------------------------------------------
    def declaration(
        self,
        draw: Draw,
        goods: Draw,
        buyer: BuyerProfile,
        slices: Sequence[tuple[MerchantProfile, int]],
        currency: str,
        day: date,
        kind: str = "1039",
    ) -> list[PlannedTrade]:
        """Slices (merchant, target USD cents) declared together, scaled under the 1039 cap."""
        shipped_on = day + timedelta(days=export_lag(draw, kind))
        plans = [
            plan_lines(goods, m.merchant.goods_category, currency, day, self.rates, kind)
            for m, _ in slices
        ]
        targets = [self._to_minor(cents, currency, day) for _, cents in slices]
        by_carton = kind != "9610"
        lines = [fill_lines(p, t, by_carton=by_carton) for p, t in zip(plans, targets, strict=True)]
        if kind == "1039":
            lines = self._under_cap(plans, targets, lines, day, by_carton=by_carton)
        declaration_no = self._declarations.issue(draw, day) if kind != "9610" else None
        waybill = waybill_for(draw, kind, buyer.buyer.region)
        return [
            self._trade(
                draw, merchant, buyer, kind, day, shipped_on, goods_lines, declaration_no, waybill
            )
            for (merchant, _), goods_lines in zip(slices, lines, strict=True)
        ]

    def _under_cap(
        self,
        plans: list[list[LinePlan]],
        targets: list[int],
        lines: list[tuple[GoodsLine, ...]],
        day: date,
        *,
        by_carton: bool,
    ) -> list[tuple[GoodsLine, ...]]:
        """Shrink every slice's quantities until the declaration fits under the cap."""
        factor = 1.0
        while True:
            total = sum(
                (self.rates.usd_value(lines_total(goods), day) for goods in lines), Decimal(0)
            )
            if total <= DECLARATION_CAP_USD:
                return lines
            factor *= 0.97 * float(DECLARATION_CAP_USD / total)
            lines = [
                fill_lines(p, max(1, int(t * factor)), by_carton=by_carton)
                for p, t in zip(plans, targets, strict=True)
            ]

    def single(
        self,
        draw: Draw,
        goods: Draw,
        merchant: MerchantProfile,
        buyer: BuyerProfile,
        kind: str,
        currency: str,
        day: date,
        target_cents: int,
    ) -> PlannedTrade:
        """One trade on its own: a one-slice declaration, a general-trade contract or a parcel."""
        return self.declaration(
            draw, goods, buyer, [(merchant, target_cents)], currency, day, kind
        )[0]

    def _trade(
        self,
        draw: Draw,
        merchant: MerchantProfile,
        buyer: BuyerProfile,
        kind: str,
        day: date,
        shipped_on: date,
        goods_lines: tuple[GoodsLine, ...],
        declaration_no: str | None,
        waybill: str,
    ) -> PlannedTrade:
        shipped = shipped_on <= self.window.last
        platform = draw.chance(0.95)
        amount = lines_total(goods_lines)
        trade = SimTrade(
            platform_id=f"YW-T-{self._next_trade:08d}",
            merchant_platform_id=merchant.merchant.platform_id,
            buyer_platform_id=buyer.buyer.platform_id,
            kind=kind,
            declaration_no=declaration_no,
            order_no=self._order_no(draw, buyer, day)
            if platform
            else self._purchase_order(draw, buyer),
            invoice_no=self._invoice_no(draw, merchant, day),
            waybill_no=waybill if shipped else None,
            amount=amount,
            trade_date=day,
            export_date=shipped_on if shipped else None,
            goods=goods_lines,
            provenance="platform" if platform else "merchant",
        )
        self._next_trade += 1
        return PlannedTrade(trade, merchant, buyer, shipped_on, self.rates.usd_value(amount, day))

    def _to_minor(self, usd_cents: int, currency: str, day: date) -> int:
        value = Decimal(usd_cents) / 100 * self.rates.usd_to(currency, day)
        return Money.rounded(value, currency, Rounding.HALF_EVEN).minor

    def _invoice_no(self, draw: Draw, merchant: MerchantProfile, day: date) -> str:
        """Shops number invoices per year; the first one we see continues the year's count."""
        key = (merchant.merchant.platform_id, day.year)
        if key not in self._invoices:
            earlier = (merchant.merchant.platform_id, day.year - 1) in self._invoices
            self._invoices[key] = 0 if earlier else draw.between(0, day.timetuple().tm_yday)
        self._invoices[key] += 1
        return merchant.invoice_no(day.year, self._invoices[key])

    def _order_no(self, draw: Draw, buyer: BuyerProfile, day: date) -> str:
        """Platform order number: YWO + date + daily sequence (other shops' orders in between)."""
        self._orders[day] = self._orders.get(day, 0) + draw.between(1, 30)
        return f"YWO{day:%Y%m%d}{self._orders[day]:05d}"

    def _purchase_order(self, draw: Draw, buyer: BuyerProfile) -> str:
        """The buyer's own purchase-order number, when the merchant keyed the trade in."""
        key = buyer.buyer.platform_id
        if key not in self._purchase_orders:
            self._purchase_orders[key] = draw.between(1000, 8000)
        self._purchase_orders[key] += draw.between(1, 5)
        return f"PO-{self._purchase_orders[key]}"


def export_lag(draw: Draw, kind: str) -> int:
    """Days from order to export: consolidation for 1039, production for 0110, days for parcels."""
    if kind == "9610":
        return draw.between(1, 4)
    if kind == "0110":
        return draw.between(10, 40)
    return draw.between(4, 25)


def slice_target_cents(draw: Draw, merchant: MerchantProfile, kind: str) -> int:
    """Aimed value of one trade in USD cents (lognormal around the shop's median)."""
    if kind == "9610":
        return int(min(300_000, max(1_500, draw.lognormal(12_000, 0.9))))
    if kind == "0110":
        value = draw.lognormal(3 * merchant.median_slice_cents, 1.1)
        return int(min(60_000_000, max(50_000, value)))
    return int(min(14_000_000, max(20_000, draw.lognormal(merchant.median_slice_cents, 1.3))))


def generate_trades(
    factory: TradeFactory, draw: Draw, goods: Draw, first: date, last: date
) -> list[PlannedTrade]:
    """Every trade registered from `first` to `last`, in registration order."""
    trades: list[PlannedTrade] = []
    merchant_count = len(factory.merchants)
    for day in days_between(first, last):
        count = draw.poisson(merchant_count * TRADES_PER_MERCHANT_DAY * market_activity(day))
        kinds = [draw.pick_weighted(_KINDS, _KIND_CUM) for _ in range(count)]
        remaining_1039 = kinds.count("1039")
        while remaining_1039 > 0:
            size = min(1 + draw.poisson(1.4), remaining_1039, merchant_count)
            remaining_1039 -= size
            buyer = factory.pick_buyer(draw)
            shops = _distinct_shops(factory, draw, buyer, size)
            slices = [(shop, slice_target_cents(draw, shop, "1039")) for shop in shops]
            currency = factory.currency_for(draw, buyer)
            trades.extend(factory.declaration(draw, goods, buyer, slices, currency, day))
        for kind in kinds:
            if kind == "1039":
                continue
            buyer = factory.pick_buyer(draw)
            shop = factory.pick_merchant(draw, buyer)
            target = slice_target_cents(draw, shop, kind)
            currency = factory.currency_for(draw, buyer)
            trades.append(factory.single(draw, goods, shop, buyer, kind, currency, day, target))
    return trades


def _distinct_shops(
    factory: TradeFactory, draw: Draw, buyer: BuyerProfile, size: int
) -> list[MerchantProfile]:
    shops: list[MerchantProfile] = []
    for _ in range(size * 6):
        shop = factory.pick_merchant(draw, buyer)
        if shop not in shops:
            shops.append(shop)
            if len(shops) == size:
                break
    return shops
