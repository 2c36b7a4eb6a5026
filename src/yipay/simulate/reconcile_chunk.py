"""One chunk of a matching dataset: its merchants, buyers, planned trades and payments.

Cases plan trades and payments with amounts in integer minor units; `finish` then adds unpaid
open trades, numbers invoices in date order per merchant (so numbering is sequential, as shops
do it), renders the remittance texts and turns the plans into records. A chunk never shares a
merchant with another, so chunks are independent and can be generated one at a time.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_FLOOR, ROUND_HALF_EVEN, Decimal

import numpy as np

from yipay.core.currency import currency as iso_currency
from yipay.core.money import largest_remainder
from yipay.simulate.buyers import BuyerProfile, generate_buyers
from yipay.simulate.calendar import is_business_day
from yipay.simulate.documents import DeclarationNumbers, waybill_for
from yipay.simulate.goods import ITEMS, GoodsItem
from yipay.simulate.names_world import swift_name
from yipay.simulate.payers import PayerProfile, local_third_party, own_account
from yipay.simulate.rates import RateBook
from yipay.simulate.reconcile_records import (
    ReconcileChunk,
    ReconcileConfig,
    Relation,
)
from yipay.simulate.reconcile_refs import invoice_no
from yipay.simulate.reconcile_render import RefSpec, Rendered, render_chunk
from yipay.simulate.streams import Draw

STREAMS = ("mix", "parties", "trades", "payments", "refs", "docs")
_HOP_FEES_USD = (10, 15, 20, 25, 30, 35, 40, 45, 50)
_UNSTATED_FEES_USD = (10, 15, 20, 25, 30, 35, 40)
_KINDS = ("1039", "0110", "9610")
_KIND_CUM = (0.75, 0.9, 1.0)
_INITIALS = "ABCDEFGHJKLMNPQRSTWXYZ"
SEPARATION = Decimal("0.05")  # trades of one buyer at one shop differ by more than this share


@dataclass(eq=False)
class Merchant:
    merchant_id: str
    invoice_style: str
    first_number: int
    trades: list[TradePlan] = field(default_factory=list)


@dataclass(eq=False)
class Buyer:
    profile: BuyerProfile
    registered_name: str  # as in T.csv: Latin, or sometimes the buyer's own script
    merchants: list[Merchant] = field(default_factory=list)
    account: PayerProfile | None = None
    relations: list[PayerProfile] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.profile.buyer.name_latin.casefold()


@dataclass(eq=False)
class TradePlan:
    seq: int
    merchant: Merchant
    buyer: Buyer
    amount: int  # minor units
    currency: str
    trade_date: date
    kind: str
    goods: GoodsItem
    trade_id: str = ""
    invoice_no: str = ""
    order_no: str = ""
    declaration_no: str = ""
    waybill_no: str = ""


@dataclass(eq=False)
class PaymentPlan:
    seq: int
    merchant: Merchant
    payer: PayerProfile
    payer_name: str
    value_date: date
    amount: int  # received, minor units
    currency: str
    charges: int | None  # stated deduction
    bearer: str
    instructed: tuple[int, str] | None
    ref: RefSpec
    allocations: list[tuple[TradePlan, int]]  # (trade, received minor units)
    case: str


@dataclass(frozen=True)
class Charges:
    deducted: int
    stated: bool
    bearer: str
    with_instructed: bool


class Chunk:
    """Parties and plans of one chunk; case builders call the helpers below."""

    def __init__(self, config: ReconcileConfig, index: int, payments: int, rates: RateBook) -> None:
        children = np.random.SeedSequence(config.seed, spawn_key=(1 + index,)).spawn(len(STREAMS))
        self.draw = {
            name: Draw(name, np.random.default_rng(child))
            for name, child in zip(STREAMS, children, strict=True)
        }
        self.config, self.index, self.target, self.rates = config, index, payments, rates
        self.first_day = config.start
        self.last_day = config.start + timedelta(days=config.days - 1)
        parties = self.draw["parties"]
        self.merchants = [
            self._merchant(parties, n)
            for n in range(max(2, payments // config.payments_per_merchant))
        ]
        profiles = generate_buyers(parties, max(3, payments // config.payments_per_buyer))
        self.buyers = [self._buyer(parties, p) for p in profiles]
        self.trades: list[TradePlan] = []
        self.payments: list[PaymentPlan] = []
        self.relations: list[Relation] = []
        self.pair_amounts: dict[tuple[str, str, str], list[int]] = {}

    # -- parties ------------------------------------------------------------------------------
    def _merchant(self, draw: Draw, n: int) -> Merchant:
        style = "INV" if draw.chance(0.7) else draw.chars(_INITIALS, 2)
        return Merchant(f"YW-M-{self.index:04d}{n:04d}", style, draw.between(10, 400))

    def _buyer(self, draw: Draw, profile: BuyerProfile) -> Buyer:
        own = profile.buyer.name != profile.buyer.name_latin
        registered = (
            profile.buyer.name
            if own and draw.chance(self.config.own_script_rate)
            else profile.buyer.name_latin
        )
        return Buyer(profile, registered)

    def fresh_buyer(self) -> Buyer:
        """A buyer of its own for a case that must not meet the pool's other trades."""
        profile = generate_buyers(self.draw["parties"], 1)[0]
        return self._buyer(self.draw["parties"], profile)

    def twin(self, buyer: Buyer, latin: str) -> Buyer:
        """Another buyer whose registered name is `latin` (a similar spelling)."""
        person = dataclasses.replace(buyer.profile.buyer, name=latin, name_latin=latin)
        return Buyer(dataclasses.replace(buyer.profile, buyer=person), latin)

    def pick_pair(self) -> tuple[Merchant, Buyer]:
        """A buyer of the pool and a shop he knows (three at most), or a new one."""
        draw = self.draw["mix"]
        buyer = draw.pick(self.buyers)
        if buyer.merchants and (len(buyer.merchants) >= 3 or draw.chance(0.6)):
            return draw.pick(buyer.merchants), buyer
        merchant = draw.pick(self.merchants)
        if merchant not in buyer.merchants:
            buyer.merchants.append(merchant)
        return merchant, buyer

    def own_payer(self, buyer: Buyer) -> PayerProfile:
        if buyer.account is None:
            buyer.account = own_account(self.draw["parties"], buyer.profile)
        return buyer.account

    def relation(self, buyer: Buyer) -> PayerProfile:
        """A known third party of the buyer, listed in relations.csv when first made."""
        draw = self.draw["parties"]
        if not buyer.relations or (len(buyer.relations) < 2 and draw.chance(0.2)):
            payer = local_third_party(draw, buyer.profile)
            buyer.relations.append(payer)
            self.relations.append(
                Relation(buyer.registered_name, payer.name, payer.account, payer.kind)
            )
        return draw.pick(buyer.relations)

    def stranger(self) -> PayerProfile:
        """Someone who is no buyer of this dataset."""
        profile = generate_buyers(self.draw["parties"], 1)[0]
        return own_account(self.draw["parties"], profile)

    # -- trades -------------------------------------------------------------------------------
    def trade_day(self, margin_after: int = 0) -> date:
        span = self.config.days - margin_after
        return self.first_day + timedelta(days=self.draw["trades"].below(max(1, span)))

    def currency_for(self, buyer: Buyer) -> str:
        preferred = buyer.profile.buyer.preferred_currency
        return preferred if self.draw["trades"].chance(0.8) else "USD"

    def usd_cents(self) -> int:
        value = self.draw["trades"].lognormal(300_000, 1.0)
        return int(min(14_000_000, max(15_000, value)))

    def to_minor(self, usd_cents: int, code: str, day: date, factor: Decimal = Decimal(1)) -> int:
        exponent = iso_currency(code).exponent
        value = Decimal(usd_cents) * self.rates.usd_to(code, day) * factor
        return int((value * 10**exponent / 100).quantize(Decimal(1), rounding=ROUND_HALF_EVEN))

    def trade(
        self,
        merchant: Merchant,
        buyer: Buyer,
        day: date,
        code: str | None = None,
        amount: int | None = None,
    ) -> TradePlan:
        """A trade of `buyer` at `merchant`; its amount is kept apart from the pair's others
        unless given."""
        draw = self.draw["trades"]
        code = code or self.currency_for(buyer)
        pair = (merchant.merchant_id, buyer.key, code)
        taken = self.pair_amounts.setdefault(pair, [])
        if amount is None:
            amount = self.to_minor(self.usd_cents(), code, day)
            while any(abs(amount - other) <= SEPARATION * other for other in taken):
                amount = self.to_minor(self.usd_cents(), code, day)
        taken.append(amount)
        plan = TradePlan(
            seq=len(self.trades),
            merchant=merchant,
            buyer=buyer,
            amount=amount,
            currency=code,
            trade_date=day,
            kind=draw.pick_weighted(_KINDS, _KIND_CUM),
            goods=draw.pick(ITEMS),
        )
        self.trades.append(plan)
        merchant.trades.append(plan)
        return plan

    # -- payments -----------------------------------------------------------------------------
    def charges(self, mode: str, code: str, instructed: int, day: date) -> Charges:
        """Deductions on the way: `mode` none | our | stated | unstated | any."""
        draw = self.draw["payments"]
        if mode == "any":
            mode = draw.pick_weighted(("none", "our", "stated", "unstated"), (0.45, 0.6, 0.85, 1))
        usd_to = self.rates.usd_to(code, day)
        exponent = iso_currency(code).exponent
        if mode == "stated":
            hops = 1 + draw.chance(0.4) + draw.chance(0.1)
            fee = sum(self._units(draw.pick(_HOP_FEES_USD), usd_to) for _ in range(hops))
            if 2 * fee * 10**exponent < instructed:
                bearer = draw.pick(("SHA",) * 6 + ("BEN",))
                return Charges(fee * 10**exponent, stated=True, bearer=bearer, with_instructed=True)
        if mode == "unstated":
            fee = self._units(draw.pick(_UNSTATED_FEES_USD), usd_to, down=True)
            if 10 * fee * 10**exponent < instructed:
                bearer = "SHA" if draw.chance(0.7) else ""
                return Charges(
                    fee * 10**exponent, stated=False, bearer=bearer, with_instructed=False
                )
        if mode == "our":
            return Charges(0, stated=False, bearer="OUR", with_instructed=draw.chance(0.6))
        bearer = draw.pick(("", "", "SHA", "OUR"))
        return Charges(0, stated=False, bearer=bearer, with_instructed=False)

    @staticmethod
    def _units(usd: int, usd_to: Decimal, *, down: bool = False) -> int:
        rounding = ROUND_FLOOR if down else ROUND_HALF_EVEN
        return max(1, int((usd * usd_to).quantize(Decimal(1), rounding=rounding)))

    def value_day(self, day: date, *, forward: bool = True) -> date:
        """A bank business day: the next one (or the previous one when `forward` is false)."""
        step = timedelta(days=1 if forward else -1)
        while not is_business_day(day):
            day += step
        return day

    def pay(
        self,
        merchant: Merchant,
        trades: Sequence[TradePlan],
        instructed: int,
        day: date,
        case: str,
        ref: RefSpec,
        *,
        payer: PayerProfile | None = None,
        mode: str = "none",
    ) -> PaymentPlan:
        """A payment in the trades' currency of `instructed` minus charges, allocated pro rata."""
        code = trades[0].currency if trades else "USD"
        charges = self.charges(mode, code, instructed, day)
        received = instructed - charges.deducted
        weights = [t.amount for t in trades]
        shares = largest_remainder(received, weights) if trades else []
        return self.add_payment(
            merchant,
            payer or self.own_payer(trades[0].buyer),
            day,
            received,
            code,
            charges,
            (instructed, code) if charges.with_instructed else None,
            ref,
            list(zip(trades, shares, strict=True)),
            case,
        )

    def add_payment(
        self,
        merchant: Merchant,
        payer: PayerProfile,
        day: date,
        received: int,
        code: str,
        charges: Charges,
        instructed: tuple[int, str] | None,
        ref: RefSpec,
        allocations: list[tuple[TradePlan, int]],
        case: str,
    ) -> PaymentPlan:
        plan = PaymentPlan(
            seq=len(self.payments),
            merchant=merchant,
            payer=payer,
            payer_name=self._payer_name(payer),
            value_date=day,
            amount=received,
            currency=code,
            charges=charges.deducted if charges.stated else None,
            bearer=charges.bearer,
            instructed=instructed,
            ref=ref,
            allocations=allocations,
            case=case,
        )
        self.payments.append(plan)
        return plan

    def _payer_name(self, payer: PayerProfile) -> str:
        """The payer as this message spells him: mostly as always, sometimes reordered or cut
        at 35 characters (one MT103 name line); third parties keep their listed spelling."""
        if payer.kind != "buyer":
            return payer.name
        draw = self.draw["payments"]
        words = payer.name.split()
        roll = draw.uniform()
        if roll < 0.08 and len(words) >= 2:
            return " ".join([words[-1], *words[:-1]])
        if roll < 0.14 and len(words) >= 3:
            return " ".join([words[0], words[-1]])
        if roll < 0.2:
            return swift_name(payer.name, upper=True)[:35].strip()
        return payer.name

    # -- completion ---------------------------------------------------------------------------
    def finish(self) -> ReconcileChunk:
        self._add_open_trades()
        self._number_trades()
        self._keep_unmatched_apart()
        rendered: Rendered = render_chunk(self.draw["refs"], self.index, self.payments)
        return ReconcileChunk(
            index=self.index,
            payments=rendered.payments,
            trades=rendered.trades_of(self.trades),
            truth=rendered.truth,
            relations=tuple(self.relations),
        )

    def _add_open_trades(self) -> None:
        """Unpaid trades, mostly of pairs that already trade, until the trade ratio is met."""
        wanted = round(self.config.trades_per_payment * len(self.payments)) - len(self.trades)
        for _ in range(max(0, wanted)):
            merchant, buyer = self.pick_pair()
            self.trade(merchant, buyer, self.trade_day())

    def _number_trades(self) -> None:
        """Invoices per shop in date order; trade ids, orders, declarations and waybills by date."""
        docs = self.draw["docs"]
        for merchant in self.merchants:
            ordered = sorted(merchant.trades, key=lambda t: (t.trade_date, t.seq))
            for number, trade in enumerate(ordered, start=merchant.first_number):
                trade.invoice_no = invoice_no(merchant.invoice_style, trade.trade_date.year, number)
        declarations = DeclarationNumbers(docs)
        orders: dict[date, int] = {}
        ordered = sorted(self.trades, key=lambda t: (t.trade_date, t.seq))
        for n, trade in enumerate(ordered, start=1):
            trade.trade_id = f"YW-T-{self.index:04d}{n:06d}"
            day = trade.trade_date
            orders[day] = orders.get(day, 0) + docs.between(1, 30)
            trade.order_no = f"YWO{day:%Y%m%d}{orders[day]:05d}"
            if docs.chance(0.05):
                trade.order_no = f"PO-{docs.between(1000, 9999)}"
            if trade.kind != "9610":
                trade.declaration_no = declarations.issue(docs, day)
            region = trade.buyer.profile.buyer.region
            trade.waybill_no = waybill_for(docs, trade.kind, region)

    def _keep_unmatched_apart(self) -> None:
        """A payment of no trade must not fit any trade of its shop by amount (5% apart)."""
        for payment in self.payments:
            if payment.allocations:
                continue
            amounts = [t.amount for t in payment.merchant.trades if t.currency == payment.currency]
            while any(abs(payment.amount - other) <= SEPARATION * 2 * other for other in amounts):
                payment.amount = payment.amount * 113 // 100 + 7
