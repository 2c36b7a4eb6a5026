"""What every injector shares: its own stream and id block, the market it lays cases over, and
helpers that add accounts, trades, transactions and labels.

An injector only adds records; it reads the normal market but never changes it. It adds cases
until its labelled transactions reach `rate × transactions` (at least one case when the rate
is above zero), each case passing the budget left so sizes can shrink to fit.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from yipay.simulate.aml.catalogue import LANGUAGE_OF
from yipay.simulate.aml.currencies import CNY_PER_UNIT, CODE, EXPONENT, USD, usd_minor
from yipay.simulate.aml.frame import (
    COLLECTION,
    K1039,
    NO_DAY,
    LineBlock,
    TradeBlock,
    TxnBlock,
    TxnRows,
    empty_lines,
    empty_trades,
)
from yipay.simulate.aml.ids import hex_keys
from yipay.simulate.aml.market import Market
from yipay.simulate.aml.market_clock import DAY, SHANGHAI
from yipay.simulate.aml.names import NamePools
from yipay.simulate.aml.parties import buyer_countries
from yipay.simulate.aml.patterns import PATTERN_BY_NAME, Pattern
from yipay.simulate.aml.purposes import FULL, purpose_for
from yipay.simulate.aml.streams import AmlStreams, component_no
from yipay.simulate.geography import ARRIVAL_HOUR_UTC, REGIONS
from yipay.simulate.goods import CATEGORIES, CATEGORY_WEIGHTS
from yipay.simulate.names_cn import company_name, individual_business_name
from yipay.simulate.streams import cumulative

I64 = npt.NDArray[np.int64]
_CATEGORY_CUM = cumulative([CATEGORY_WEIGHTS[c.key] for c in CATEGORIES])
_REGIONS = tuple(REGIONS)
_REGION_CUM = cumulative([share for share, _countries in REGIONS.values()])


@dataclass
class Injected:
    """One pattern's records and labels."""

    pattern: Pattern
    txns: TxnBlock
    trades: TradeBlock
    lines: LineBlock
    txn_labels: list[tuple[int, str]]  # (txn key, pattern id)
    account_labels: list[tuple[int, str, str]]  # (account index, pattern id, role)
    cases: int


class _Rows:
    """Column lists appended one row at a time."""

    def add(self, **values: Any) -> None:
        for name, value in values.items():
            getattr(self, name).append(value)


@dataclass
class _TradeRows(_Rows):
    key: list[int] = field(default_factory=list)
    merchant: list[int] = field(default_factory=list)
    buyer: list[int] = field(default_factory=list)
    kind: list[int] = field(default_factory=list)
    declaration: list[int] = field(default_factory=list)
    agent: list[int] = field(default_factory=list)
    trade_day: list[int] = field(default_factory=list)
    export_day: list[int] = field(default_factory=list)
    amount: list[int] = field(default_factory=list)
    currency: list[int] = field(default_factory=list)
    prepayment: list[bool] = field(default_factory=list)
    deadline_day: list[int] = field(default_factory=list)


@dataclass
class _LineRows(_Rows):
    trade: list[int] = field(default_factory=list)
    line_no: list[int] = field(default_factory=list)
    item: list[int] = field(default_factory=list)
    quantity: list[int] = field(default_factory=list)
    unit_price_micro: list[int] = field(default_factory=list)
    currency: list[int] = field(default_factory=list)
    chinese: list[bool] = field(default_factory=list)


@dataclass
class Trade:
    key: int
    amount: int
    currency: int
    invoice: str
    item: int  # the item a payer would name


class Context:
    """An injector's view of the market and its output."""

    def __init__(self, market: Market, streams: AmlStreams, pattern: str) -> None:
        self.market = market
        self.pattern = PATTERN_BY_NAME[pattern]
        self.component = component_no(pattern)
        self.rng = streams.rng(pattern)
        self.draw = streams.draw(pattern)
        self.pools = NamePools(self.draw)
        self.txns = TxnRows(self.component)
        self._trades = _TradeRows()
        self._lines = _LineRows()
        self.txn_labels: list[tuple[int, str]] = []
        self.account_labels: list[tuple[int, str, str]] = []
        self.case_id = ""
        self.cases = 0
        self.memo: dict[str, Any] = {}
        self._accounts = 0
        self._merchants = 0
        self._trade_seq = 0
        self._declarations = 0

    # -- the run ------------------------------------------------------------------------------
    def run(self, case: Callable[[Context, int], None]) -> Injected:
        rate = self.market.config.rate(self.pattern.name)
        budget = math.ceil(rate * self.market.config.transactions) if rate > 0 else 0
        while len(self.txn_labels) < budget:
            self.cases += 1
            self.case_id = f"{self.pattern.name}-{self.cases:04d}"
            before = len(self.txn_labels)
            case(self, budget - before)
            if len(self.txn_labels) == before:
                raise RuntimeError(f"{self.pattern.name}: a case added no labelled transaction")
        return Injected(
            self.pattern,
            self.txns.block(),
            self._trade_block(),
            self._line_block(),
            self.txn_labels,
            self.account_labels,
            self.cases,
        )

    # -- time ---------------------------------------------------------------------------------
    @property
    def first_day(self) -> int:
        return self.market.first_day

    @property
    def last_day(self) -> int:
        return self.market.last_day

    def day(self, before_end: int = 0, after_start: int = 0) -> int:
        """A day of the window leaving `after_start` days before and `before_end` after it."""
        low = self.first_day + after_start
        high = max(low, self.last_day - before_end)
        day = self.draw.between(low, high)
        weekday = (day + 3) % 7  # Monday = 0
        if weekday >= 5:  # most of the market's money moves on weekdays
            day = day + 7 - weekday if day + 7 - weekday <= high else day - (weekday - 4)
        return max(low, day)

    def foreign_ts(self, day: int, hour_utc: float | None = None) -> int:
        """When a payment from abroad reaches the bank on `day` (inside the dataset); a
        weekend payment is credited on Monday."""
        if hour_utc is None:  # as the market's own payments arrive, region by region
            region = self.draw.pick_weighted(_REGIONS, _REGION_CUM)
            hour_utc = ARRIVAL_HOUR_UTC[region] + 1.5 * self.draw.normal()
        hour = min(19.0, max(0.0, hour_utc))
        weekday = (day + 3) % 7
        if weekday >= 5:
            day += 7 - weekday
        return self.clamp(day * DAY + int(hour * 3600) + self.draw.below(1800))

    def local_ts(self, day: int, earliest: float = 9.0, latest: float = 17.5) -> int:
        """A moment of Shanghai business hours on `day`."""
        seconds = int((earliest + self.draw.uniform() * (latest - earliest)) * 3600)
        return self.clamp(day * DAY - SHANGHAI + seconds)

    def clamp(self, ts: int) -> int:
        """`ts` inside the dataset (a moment of its last hour when it would fall after it)."""
        if ts >= self.market.end_ts:
            ts = self.market.end_ts - 1 - self.draw.below(3600)
        return max(ts, self.market.start_ts)

    def later(self, ts: int, low_minutes: int, high_minutes: int) -> int:
        """A moment 'low'-'high' minutes after `ts`; what would fall in the banks' night
        (19-24 UTC, 03-08 in Yiwu) waits for the next morning."""
        at = ts + 60 * self.draw.between(low_minutes, high_minutes)
        if at % DAY >= 19 * 3600:
            at = at - at % DAY + DAY + 3600 + self.draw.below(7 * 3600)
        return self.clamp(at)

    # -- parties ------------------------------------------------------------------------------
    def merchant(self, *, small: bool = True) -> int:
        """A normal shop active through the window (index into Merchants); small shops by
        default, as complicit shops tend to be."""
        merchants = self.market.merchants
        if "quiet_line" not in self.memo:
            self.memo["quiet_line"] = float(np.quantile(merchants.activity, 0.7))
        quiet_line = self.memo["quiet_line"]
        for _attempt in range(1000):
            m = self.draw.below(len(merchants))
            active = (
                merchants.onboard_day[m] < self.first_day
                and merchants.leave_day[m] > self.last_day
                and merchants.gap_end[m] == 0
            )
            if active and (merchants.activity[m] < quiet_line or not small):
                return m
        return self.draw.below(len(merchants))

    def merchants(self, count: int, *, small: bool = True) -> list[int]:
        """`count` different shops (fewer if the market is smaller)."""
        chosen: list[int] = []
        for _attempt in range(count * 20):
            m = self.merchant(small=small)
            if m not in chosen:
                chosen.append(m)
            if len(chosen) == count:
                break
        return chosen

    def account_of(self, m: int) -> int:
        return int(self.market.merchants.account[m])

    def payer_abroad(self, prefix: str = "P", country: str | None = None) -> int:
        """A new paying account abroad (a mule, a front buyer, a trading company); like the
        market's own, B… and P… accounts are abroad, A… accounts are Chinese."""
        if country is None:
            countries, shares = buyer_countries()
            country = countries[int(self.rng.choice(len(countries), p=shares))]
        return self.new_account(prefix, country, natural=self.draw.chance(0.5))

    def buyer(self) -> int:
        return self.draw.below(len(self.market.buyers))

    def buyer_for(self, payer: int) -> int:
        """The buyer a trade paid by `payer` is registered to: the payer itself when it is a
        buyer's account (B…), else a front buyer of the payer's country."""
        accounts = self.market.accounts
        if accounts.ids[payer].startswith("B"):
            return payer
        return self.new_account("B", accounts.countries[payer], natural=self.draw.chance(0.6))

    def new_account(self, prefix: str, country: str, natural: bool, name: str | None = None) -> int:
        """A new account of this pattern (a mule, a shell, an intermediary)."""
        number = self.market.keys.account.one(self.component, self._accounts, prefix=prefix)
        self._accounts += 1
        if name is None:
            name = self.pools.names(self.rng, [country], np.array([natural]))[0]
        return self.market.accounts.add(number, name, country)

    def new_merchant(self, category: int | None = None) -> tuple[int, int, int, int]:
        """A newly registered shop: (collection account, CNY wallet, bank account, category)."""
        merchant_id = self.market.keys.merchant.one(self.component, self._merchants)
        self._merchants += 1
        key = (
            category
            if category is not None
            else CATEGORIES.index(self.draw.pick_weighted(CATEGORIES, _CATEGORY_CUM))
        )
        make = company_name if self.draw.chance(0.3) else individual_business_name
        name = make(self.draw, CATEGORIES[key], self.draw.below(6))[1]
        accounts = self.market.accounts
        account = accounts.add(merchant_id, name, "CN")
        wallet = accounts.add(f"{merchant_id}-CNY", name, "CN")
        bank = accounts.add(f"{merchant_id}-BANK", name, "CN")
        return account, wallet, bank, key

    def variant(self, count: int) -> int:
        """Which of `count` variants this case shows: they take turns, so a pattern with as
        many cases shows every variant."""
        return (self.cases - 1) % count

    def label(self, position: int) -> None:
        self.txn_labels.append((int(self.txns.key[position]), self.case_id))

    def label_account(self, account: int, role: str) -> None:
        entry = (account, self.case_id, role)
        if entry not in self.account_labels:
            self.account_labels.append(entry)

    # -- money --------------------------------------------------------------------------------
    def currency(self, usd_share: float = 0.8) -> int:
        if self.draw.chance(usd_share):
            return USD
        return CODE[self.draw.pick(("EUR", "AED", "HKD", "CNY", "GBP"))]

    def minor(self, usd: float, currency: int) -> int:
        return max(1, usd_minor(usd, currency))

    def just_under(self, limit_usd: int, low_share: float = 0.85) -> float:
        """An amount just under `limit_usd` (evasion of a reporting line), half of them
        rounded to tens or hundreds as people type them."""
        amount = limit_usd * (low_share + self.draw.uniform() * (0.999 - low_share))
        if self.draw.chance(0.5):
            step = 100 if self.draw.chance(0.5) else 10
            amount = max(step, amount // step * step)
        return amount

    def collect(
        self,
        ts: int,
        payer: int,
        payee: int,
        amount: int,
        currency: int,
        purpose: str,
        trade: int | None = None,
        *,
        channel: int = COLLECTION,
        labelled: bool = True,
    ) -> int:
        position = self.txns.add(ts, payer, payee, amount, currency, channel, purpose, trade)
        if labelled:
            self.label(position)
        return position

    # -- trades -------------------------------------------------------------------------------
    def trade(
        self,
        merchant_account: int,
        category: int,
        buyer_account: int,
        usd: float,
        currency: int,
        trade_day: int,
        *,
        kind: int = K1039,
        export_day: int | None = None,
        prepayment: bool = False,
        deadline_day: int = NO_DAY,
        price_factor: float = 1.0,
        amount_factor: float = 1.0,
        declaration: int | None = None,
        agent: int = -1,
        written: bool = True,
    ) -> Trade:
        """A trade with goods lines of the shop's category worth about `usd`; with
        `written=False` it is only invented (a trade id that names nothing)."""
        key = int(hex_keys(self.component, np.array([self._trade_seq]))[0])
        self._trade_seq += 1
        micro, item = self._goods(key, category, usd, currency, price_factor, written=written)
        amount = max(1, round(micro * amount_factor / 10 ** (6 - int(EXPONENT[currency]))))
        exported = export_day is not None and export_day != NO_DAY
        if declaration is None:
            declaration = self._declaration() if exported else -1
        if prepayment and deadline_day == NO_DAY:
            due = export_day if export_day is not None and exported else trade_day + 30
            deadline_day = due + self.draw.between(5, 30)
        if kind == K1039 and agent < 0:
            agent = self._agent_of(merchant_account)
        if written:
            self._trades.add(
                key=key,
                merchant=merchant_account,
                buyer=buyer_account,
                kind=kind,
                declaration=declaration,
                agent=agent,
                trade_day=trade_day,
                export_day=export_day if export_day is not None else NO_DAY,
                amount=amount,
                currency=currency,
                prepayment=prepayment,
                deadline_day=deadline_day if prepayment else NO_DAY,
            )
        number = self.draw.between(100, 9_999)
        year = 1970 + int(np.datetime64(trade_day, "D").astype("datetime64[Y]").astype(int))
        invoice = (
            f"INV-{year}-{number:06d}"
            if self.draw.chance(0.7)
            else f"PI-{year % 100:02d}{number:04d}"
        )
        return Trade(key, amount, currency, invoice, item)

    def _goods(
        self,
        key: int,
        category: int,
        usd: float,
        currency: int,
        price_factor: float,
        *,
        written: bool,
    ) -> tuple[int, int]:
        """Goods lines worth about `usd` (prices at `price_factor` times the top of their
        band when above 1): (value in micro-units of the currency, the first line's item)."""
        catalogue = self.market.catalogue
        items = catalogue.by_category[category].tolist()
        chosen = sorted({self.draw.pick(items) for _ in range(1 + self.draw.poisson(0.8))})
        rate = float(CNY_PER_UNIT[USD] / CNY_PER_UNIT[currency])
        micro = 0
        for index, item in enumerate(chosen):
            low = math.log(catalogue.low_cents[item])
            high = math.log(catalogue.high_cents[item])
            cents = math.exp(low + self.draw.uniform() * (high - low))
            if price_factor > 1:  # over-invoiced: a multiple of the top of its heading's band
                cents = catalogue.heading_top_cents(item) * price_factor
            price = max(1, round(cents / 100 * rate * 10_000)) * 100
            share = usd / len(chosen) * rate * 1e6
            pack = int(catalogue.pack[item])
            quantity = max(1, round(share / (price * pack))) * pack
            micro += quantity * price
            if written:
                self._lines.add(
                    trade=key,
                    line_no=index + 1,
                    item=item,
                    quantity=quantity,
                    unit_price_micro=price,
                    currency=currency,
                    chinese=self.draw.chance(0.25),
                )
        return micro, chosen[0]

    def _agent_of(self, merchant_account: int) -> int:
        """The export agent a shop's 1039 trades go through (any agent for a new shop)."""
        merchants = self.market.merchants
        m = merchant_account - int(merchants.account[0])
        if 0 <= m < len(merchants) and int(merchants.account[m]) == merchant_account:
            return int(merchants.agents[m, self.draw.below(2)])
        return self.draw.below(self.market.agents)

    def _declaration(self) -> int:
        number = int(
            self.market.keys.declaration.numbers(self.component, np.array([self._declarations]))[0]
        )
        self._declarations += 1
        return number

    def purpose(self, trade: Trade | None, language: str = "en", kind: int = FULL) -> str:
        """A narrative like the normal market's for a payment of `trade`; with no trade, for
        made-up goods and an invented invoice number (as launderers write them)."""
        if trade is None:
            year = 1970 + int(
                np.datetime64(self.first_day, "D").astype("datetime64[Y]").astype(int)
            )
            invoice = f"INV-{year}-{self.draw.between(100, 9_999):06d}"
            item = self.draw.below(len(self.market.catalogue.items))
            trade = Trade(0, 0, USD, invoice, item)
        return purpose_for(
            self.draw, self.market.catalogue, kind, trade.invoice, trade.item, language
        )

    def language(self, country: str) -> str:
        return LANGUAGE_OF.get(country, "en")

    def merchant_category(self, m: int) -> int:
        return int(self.market.merchants.category[m])

    # -- output -------------------------------------------------------------------------------
    def _trade_block(self) -> TradeBlock:
        t = self._trades
        if not t.key:
            return empty_trades()
        return TradeBlock(
            key=np.array(t.key, dtype=np.uint64),
            merchant=np.array(t.merchant, dtype=np.int64),
            buyer=np.array(t.buyer, dtype=np.int64),
            kind=np.array(t.kind, dtype=np.int64),
            declaration=np.array(t.declaration, dtype=np.int64),
            agent=np.array(t.agent, dtype=np.int64),
            trade_day=np.array(t.trade_day, dtype=np.int64),
            export_day=np.array(t.export_day, dtype=np.int64),
            amount=np.array(t.amount, dtype=np.int64),
            currency=np.array(t.currency, dtype=np.int64),
            prepayment=np.array(t.prepayment, dtype=bool),
            deadline_day=np.array(t.deadline_day, dtype=np.int64),
        )

    def _line_block(self) -> LineBlock:
        lines = self._lines
        if not lines.trade:
            return empty_lines()
        return LineBlock(
            trade=np.array(lines.trade, dtype=np.uint64),
            line_no=np.array(lines.line_no, dtype=np.int64),
            item=np.array(lines.item, dtype=np.int64),
            quantity=np.array(lines.quantity, dtype=np.int64),
            unit_price_micro=np.array(lines.unit_price_micro, dtype=np.int64),
            currency=np.array(lines.currency, dtype=np.int64),
            chinese=np.array(lines.chinese, dtype=bool),
        )
