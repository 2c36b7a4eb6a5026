"""Batch reconciliation: payments against trades, scored, allocated consistently (pure).

Candidates: the beneficiary merchant's trades whose date lies from `days_after` days before to
`days_before` days after the payment's value date, in the payment's currency or convertible (the
instructed amount when it is in the trade's currency, else the rate table with its tolerance), and
kept only with some evidence: the remittance names the trade, the payer resembles the buyer or is a
known third party of his, or the amount closes the trade.

Features, each in [0, 1] (a reference to *another* trade is negative), weighted (`Weights`):
reference (invoice, order, declaration, waybill named in the text: exact 1, transposed 0.8), amount
(closes the trade exactly or after stated charges 1, after inferred charges up to the cap 0.9,
within the FX tolerance 0.7-1, a deposit-sized part 0.5, another part 0.35, more than open 0.1),
name (payer ↔ buyer similarity, or the buyer named in the text, or a known relation), date, and
country. The score is the weighted sum, clipped to [0, 1].

Assignment, per merchant (merchants share nothing, so blocks are solved independently): best-first
with capacity. The payment whose best option scores highest is decided first; it is allocated
automatically when its best option reaches `auto_score`, beats its own runner-up by `auto_margin`
and no other pending payment wants the same trade about as much while the trade cannot serve both.
Allocations consume trades gross (received + charges); scores of payments touching a consumed trade
are recomputed, so a balance payment sees what its deposit left open. Payments left undecided are
tried again after others moved; what stays undecided is suggested, never allocated.

A payment may pay several trades: all the trades its text names, or, naming none, a subset of the
buyer's open trades (up to `max_subset`, from the `subset_pool` nearest) whose open sum it closes.
It is split over them in proportion to what each still had open.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from yipay.core.money import Money, largest_remainder
from yipay.matching.names import name_similarity, name_tokens
from yipay.matching.rates import RateTable
from yipay.matching.references import near_keys, reference_keys, text_keys

ENGINE_VERSION = "reconcile-1"
REFERENCE_FIELDS = ("invoice", "order", "declaration", "waybill")
NEAR_KEY_MAX = 20
KNOWN_PAYER = "known payer of the buyer"


@dataclass(frozen=True, slots=True)
class Weights:
    reference: float = 0.40
    amount: float = 0.30
    name: float = 0.20
    date: float = 0.05
    country: float = 0.05


@dataclass(frozen=True, slots=True)
class Policy:
    days_before: int = 30  # a payment may come this many days before the trade date
    days_after: int = 120  # … and this many after
    charges_cap_usd: Decimal = Decimal(50)
    auto_score: float = 0.55
    auto_margin: float = 0.1
    max_subset: int = 3
    subset_pool: int = 12
    suggestions: int = 3
    suggest_floor: float = 0.2
    name_floor: float = 0.6  # similarity below this says nothing
    weights: Weights = field(default_factory=Weights)


@dataclass(frozen=True, slots=True)
class PaymentRecord:
    payment_id: str
    value_date: date
    amount: Money
    payer_name: str
    payer_country: str
    payer_account: str
    remittance_info: str
    beneficiary_id: str
    charges: Money | None = None
    charge_bearer: str | None = None
    instructed: Money | None = None


@dataclass(frozen=True, slots=True)
class TradeRecord:
    trade_id: str
    merchant_id: str
    buyer_name: str
    buyer_country: str
    amount: Money
    trade_date: date
    declaration_no: str = ""
    order_no: str = ""
    invoice_no: str = ""
    waybill_no: str = ""
    goods_description: str = ""
    hs_code: str = ""

    def reference(self, name: str) -> str:
        return {
            "invoice": self.invoice_no,
            "order": self.order_no,
            "declaration": self.declaration_no,
            "waybill": self.waybill_no,
        }[name]


@dataclass(frozen=True, slots=True)
class Relation:
    """A payer known to pay for a buyer (by account when given, else by name)."""

    buyer_name: str
    payer_name: str = ""
    payer_account: str = ""


@dataclass(frozen=True, slots=True)
class Allocation:
    """One row of the result: part of a payment on a trade, or (trade_id None) unallocated."""

    payment_id: str
    trade_id: str | None
    received: Money  # in the payment's currency
    consumed: Money | None  # of the trade, gross, in the trade's currency
    charges: Money | None  # the charges part of `consumed` (stated or inferred)
    score: float


@dataclass(frozen=True, slots=True)
class Suggestion:
    payment_id: str
    rank: int
    trade_ids: tuple[str, ...]
    score: float
    reason: str
    explanation: str


@dataclass(frozen=True, slots=True)
class Result:
    allocations: list[Allocation]
    suggestions: list[Suggestion]
    version: str = ENGINE_VERSION


@dataclass(slots=True)
class _Option:
    trades: tuple[int, ...]
    score: float
    opens: tuple[int, ...]  # what each trade still had open (the split's weights)
    consumed: tuple[int, ...]  # per trade, minor units of the trade currency
    split: tuple[int, ...]  # per trade, minor units of the payment, in proportion to `opens`
    charges: int  # total charges consumed (trade currency)
    received: int  # minor units of the payment allocated (the rest is unallocated)
    gap: int
    days: int
    explanation: str


@dataclass(slots=True)
class _Pay:
    record: PaymentRecord
    keys: frozenset[str]
    named: dict[int, float]  # trade → reference feature (1 exact, 0.8 transposed)
    fields: dict[int, str]
    names_other: bool
    candidates: list[int]
    subsets: list[tuple[int, ...]]
    name_feature: dict[int, tuple[float, str]]
    related: set[int] = field(default_factory=set)  # trades whose buyer this payer is known for


class _Context:
    def __init__(self, policy: Policy, rates: RateTable, relations: Iterable[Relation]) -> None:
        self.policy = policy
        self.rates = rates
        self.by_account: dict[str, set[tuple[str, ...]]] = defaultdict(set)
        self.by_name: dict[tuple[str, ...], set[tuple[str, ...]]] = defaultdict(set)
        for rel in relations:
            buyer = _key(rel.buyer_name)
            if rel.payer_account.strip():
                self.by_account[rel.payer_account.strip().upper()].add(buyer)
            if rel.payer_name.strip():
                self.by_name[_key(rel.payer_name)].add(buyer)
        self._caps: dict[tuple[str, date], int] = {}
        self.names: dict[tuple[str, str, str], tuple[float, str]] = {}

    def cap(self, code: str, day: date) -> int:
        key = (code, day)
        if key not in self._caps:
            cents = int(self.policy.charges_cap_usd * 100)
            self._caps[key] = self.rates.convert_minor(cents, "USD", code, day) or 0
        return self._caps[key]

    def related(self, payment: PaymentRecord, buyer_name: str) -> bool:
        buyer = _key(buyer_name)
        account = payment.payer_account.strip().upper()
        if account and buyer in self.by_account.get(account, ()):
            return True
        return buyer in self.by_name.get(_key(payment.payer_name), ())


def _key(name: str) -> tuple[str, ...]:
    return tuple(sorted(name_tokens(name)))


def reconcile(
    payments: Sequence[PaymentRecord],
    trades: Sequence[TradeRecord],
    *,
    rates: RateTable | None = None,
    relations: Iterable[Relation] = (),
    policy: Policy | None = None,
) -> Result:
    """Allocate every payment (or leave it unallocated); suggest what is not clear enough."""
    ctx = _Context(policy or Policy(), rates or RateTable.builtin(), relations)
    trades_by_merchant: dict[str, list[TradeRecord]] = defaultdict(list)
    for trade in trades:
        trades_by_merchant[trade.merchant_id].append(trade)
    payments_by_merchant: dict[str, list[PaymentRecord]] = defaultdict(list)
    for payment in payments:
        payments_by_merchant[payment.beneficiary_id].append(payment)
    by_payment: dict[str, list[Allocation]] = {}
    suggestions: list[Suggestion] = []
    for merchant, block in payments_by_merchant.items():
        solver = _Block(ctx, block, trades_by_merchant.get(merchant, []))
        allocations, suggested = solver.solve()
        for allocation in allocations:
            by_payment.setdefault(allocation.payment_id, []).append(allocation)
        suggestions.extend(suggested)
    ordered = [a for p in payments for a in by_payment.pop(p.payment_id, [])]
    return Result(ordered, suggestions)


class _Block:
    """One merchant's payments and trades."""

    def __init__(
        self, ctx: _Context, payments: list[PaymentRecord], trades: list[TradeRecord]
    ) -> None:
        self.ctx = ctx
        self.policy = ctx.policy
        self.trades = sorted(trades, key=lambda t: (t.trade_date, t.trade_id))
        self.dates = [t.trade_date for t in self.trades]
        self.open = [t.amount.minor for t in self.trades]
        self.index: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for i, trade in enumerate(self.trades):
            for name in REFERENCE_FIELDS:
                for key in reference_keys(trade.reference(name)):
                    self.index[key].append((i, name))
        self.worth: dict[tuple[str, str], tuple[int, int] | None] = {}
        self.payments = [self._prepare(p) for p in payments]
        self.ranked: dict[int, list[_Option]] = {}  # fresh option lists, dropped when stale
        self.wanting: dict[int, list[int]] = defaultdict(list)  # trade → payments wanting it
        self.version = [0] * len(self.payments)
        self.done: dict[int, _Option] = {}
        self.heap: list[tuple[float, str, int, int]] = []

    # -- candidates -----------------------------------------------------------------------------
    def _prepare(self, payment: PaymentRecord) -> _Pay:
        keys = text_keys(payment.remittance_info)
        named: dict[int, float] = {}
        fields: dict[int, str] = {}
        for key in keys:
            for i, name in self.index.get(key, ()):
                named[i] = 1.0
                fields.setdefault(i, name)
        if not named:
            for key in near_keys(k for k in keys if len(k) <= NEAR_KEY_MAX):
                for i, name in self.index.get(key, ()):
                    named[i] = 0.8
                    fields.setdefault(i, name)
        policy = self.policy
        day = payment.value_date
        low = bisect.bisect_left(self.dates, date.fromordinal(day.toordinal() - policy.days_after))
        high = bisect.bisect_right(
            self.dates, date.fromordinal(day.toordinal() + policy.days_before)
        )
        window = set(range(low, high))
        names_other = bool(named) and not (set(named) & window)
        pay = _Pay(payment, keys, named, fields, names_other, [], [], {})
        words = frozenset(name_tokens(payment.remittance_info)) if payment.remittance_info else None
        for i in range(low, high):
            trade = self.trades[i]
            gross = self._gross(payment, trade)
            if gross is None:
                continue
            feature, why = self._name(payment, trade, words or frozenset())
            pay.name_feature[i] = (feature, why)
            if why == KNOWN_PAYER:
                pay.related.add(i)
            closes = abs(trade.amount.minor - gross[0]) <= gross[1]
            if i in named or feature > 0 or closes:
                pay.candidates.append(i)
        pay.subsets = self._subsets(pay)
        return pay

    def _name(
        self, payment: PaymentRecord, trade: TradeRecord, words: frozenset[str]
    ) -> tuple[float, str]:
        key = (payment.payer_name, payment.payer_account, trade.buyer_name)
        known = self.ctx.names.get(key)
        if known is None:
            if self.ctx.related(payment, trade.buyer_name):
                known = (1.0, KNOWN_PAYER)
            else:
                similarity = name_similarity(payment.payer_name, trade.buyer_name)
                known = (similarity, f"payer~buyer {similarity:.2f}")
            self.ctx.names[key] = known
        similarity, why = known
        if similarity < 0.95 and words:
            tokens = name_tokens(trade.buyer_name)
            if tokens and all(t in words for t in tokens):
                similarity, why = 0.95, "buyer named in the text"
        if why == KNOWN_PAYER:
            return 1.0, why
        floor = self.policy.name_floor
        return max(0.0, (similarity - floor) / (1 - floor)), why

    def _gross(self, payment: PaymentRecord, trade: TradeRecord) -> tuple[int, int] | None:
        """(what the payment is worth to the trade gross of stated charges, tolerance), minor
        units of the trade's currency; None when the currencies cannot be compared."""
        key = (payment.payment_id, trade.amount.currency.code)
        if key not in self.worth:
            self.worth[key] = self._worth(payment, trade)
        return self.worth[key]

    def _worth(self, payment: PaymentRecord, trade: TradeRecord) -> tuple[int, int] | None:
        code = trade.amount.currency.code
        pay_code = payment.amount.currency.code
        instructed = payment.instructed
        if instructed is not None and instructed.currency.code == code:
            return instructed.minor, 0
        charges = 0
        if payment.charges is not None:
            converted = self.ctx.rates.convert_minor(
                payment.charges.minor, payment.charges.currency.code, pay_code, payment.value_date
            )
            charges = converted or 0
        gross = payment.amount.minor + charges
        if pay_code == code:
            return gross, 0
        value = self.ctx.rates.convert_minor(gross, pay_code, code, payment.value_date)
        if value is None:
            return None
        return value, int(Decimal(value) * self.ctx.rates.tolerance)

    def _subsets(self, pay: _Pay) -> list[tuple[int, ...]]:
        """Several trades one payment may pay: those it names, or a subset its amount closes."""
        payment = pay.record
        named = [i for i in pay.candidates if i in pay.named]
        if len(named) >= 2:
            codes = {self.trades[i].amount.currency for i in named}
            return [tuple(named)] if len(codes) == 1 else []
        if named:
            return []
        pool = [i for i in pay.candidates if pay.name_feature[i][0] > 0]
        if len(pool) < 2:
            return []
        for i in pool:
            gross, tol = self._gross(payment, self.trades[i]) or (0, 0)
            if self._closes(payment, self.trades[i].amount.minor, gross, tol, self.trades[i]):
                return []  # one trade fits: no need to look for several
        pool.sort(key=lambda i: abs((payment.value_date - self.dates[i]).days))
        pool = pool[: self.policy.subset_pool]
        found = []
        for size in range(2, self.policy.max_subset + 1):
            for combo in itertools.combinations(sorted(pool), size):
                first = self.trades[combo[0]]
                if any(self.trades[i].amount.currency != first.amount.currency for i in combo):
                    continue
                gross, tol = self._gross(payment, first) or (0, 0)
                total = sum(self.trades[i].amount.minor for i in combo)
                if self._closes(payment, total, gross, tol, first):
                    found.append(combo)
            if found:
                break
        return found[:4]

    def _closes(
        self, payment: PaymentRecord, open_total: int, gross: int, tol: int, trade: TradeRecord
    ) -> bool:
        gap = open_total - gross
        if abs(gap) <= tol:
            return True
        cap = self._inferable(payment, trade)
        return 0 < gap <= cap + tol

    def _inferable(self, payment: PaymentRecord, trade: TradeRecord) -> int:
        """The charges that may be inferred: none when stated, implied or borne by the payer."""
        if payment.charges is not None or payment.charge_bearer == "OUR":
            return 0
        if payment.instructed is not None and payment.instructed.currency == trade.amount.currency:
            return 0
        return self.ctx.cap(trade.amount.currency.code, payment.value_date)

    # -- options --------------------------------------------------------------------------------
    def _stated_charges(self, payment: PaymentRecord, trade: TradeRecord) -> int:
        """Charges the message states (or implies: instructed less received), trade currency."""
        code = trade.amount.currency.code
        if payment.charges is not None:
            stated = payment.charges
            return (
                self.ctx.rates.convert_minor(
                    stated.minor, stated.currency.code, code, payment.value_date
                )
                or 0
            )
        instructed = payment.instructed
        if (
            instructed is not None
            and instructed.currency.code == code == payment.amount.currency.code
        ):
            return max(0, instructed.minor - payment.amount.minor)
        return 0

    def _amount(
        self, payment: PaymentRecord, trade: TradeRecord, open_total: int, gross: int, tol: int
    ) -> tuple[float, str, int, int, int]:
        """(feature, how, gross taken from the trades, charges in it, payment minor allocated)."""
        gap = open_total - gross
        received = payment.amount.minor
        charges = self._stated_charges(payment, trade)
        if abs(gap) <= tol:
            if tol:
                how = f"closes within the FX tolerance ({_fmt(gap, trade)} off)"
                return 0.7 + 0.3 * (1 - abs(gap) / tol), how, open_total, charges, received
            how = f"closes the trade with charges {_fmt(charges, trade)}" if charges else "closes"
            return 1.0, how, open_total, charges, received
        if 0 < gap <= self._inferable(payment, trade) + tol:
            how = f"closes after inferred charges {_fmt(gap, trade)}"
            return 0.9, how, open_total, gap, received
        if gap > 0:
            share = gross / open_total
            amount = 0.5 if 0.2 <= share <= 0.5 else 0.35
            return amount, f"pays {share:.0%} of what is open", gross, charges, received
        how = f"exceeds what is open by {_fmt(-gap, trade)}"
        return 0.1, how, open_total, charges, received * open_total // gross

    @staticmethod
    def _when(days: int) -> float:
        """Date proximity: payments cluster from a fortnight before to two months after."""
        if days < -15:
            return 0.5
        if days <= 60:
            return 1.0
        return 1.0 - 0.7 * (days - 60) / 60

    def _evaluate(self, pay: _Pay, combo: tuple[int, ...]) -> _Option | None:
        opens = [self.open[i] for i in combo]
        open_total = sum(opens)
        if open_total <= 0 or any(o <= 0 for o in opens):
            return None
        payment = pay.record
        first = self.trades[combo[0]]
        worth = self._gross(payment, first)
        if worth is None:
            return None
        gross, tol = worth
        amount, how, take, charges, received = self._amount(payment, first, open_total, gross, tol)
        reference, ref_how = self._reference(pay, combo)
        name, name_how = min(pay.name_feature.get(i, (0.0, "")) for i in combo)
        signed = min((payment.value_date - self.dates[i]).days for i in combo)
        country = float(
            bool(payment.payer_country)
            and all(self.trades[i].buyer_country == payment.payer_country for i in combo)
        ) or float(all(i in pay.related for i in combo))
        w = self.policy.weights
        parts = [
            ("reference", w.reference * reference, ref_how),
            ("amount", w.amount * amount, how),
            ("name", w.name * name, name_how),
            ("date", w.date * self._when(signed), f"{signed:+d} days"),
            ("country", w.country * country, "same country" if country else "other country"),
        ]
        score = min(1.0, max(0.0, sum(p[1] for p in parts)))
        explanation = "; ".join(f"{n} {v:+.3f} ({h})" for n, v, h in parts)
        consumed: tuple[int, ...] = (take,)
        split: tuple[int, ...] = (received,)
        if len(combo) > 1:
            consumed = tuple(largest_remainder(take, opens))
            split = tuple(largest_remainder(received, opens))
        if min(consumed) <= 0 or min(split) <= 0:
            return None  # a trade would be consumed for nothing, or paid nothing
        days = max(abs((payment.value_date - self.dates[i]).days) for i in combo)
        return _Option(
            combo,
            round(score, 4),
            tuple(opens),
            consumed,
            split,
            charges,
            received,
            abs(open_total - gross),
            days,
            f"{ENGINE_VERSION}: {explanation}",
        )

    def _reference(self, pay: _Pay, combo: tuple[int, ...]) -> tuple[float, str]:
        values = [pay.named.get(i, 0.0) for i in combo]
        if any(values):
            value = sum(values) / len(values)
            kinds = sorted({pay.fields[i] for i in combo if i in pay.fields})
            quality = "exact" if value == 1.0 else "near"
            return value, f"{'/'.join(kinds)} named ({quality})"
        if pay.named:
            return -0.75, "the text names another trade"
        return 0.0, "no reference"

    def _ranked_of(self, p: int) -> list[_Option]:
        if p not in self.ranked:
            self.ranked[p] = self._ranked(self.payments[p])
        return self.ranked[p]

    def _ranked(self, pay: _Pay) -> list[_Option]:
        options = [self._evaluate(pay, (i,)) for i in pay.candidates]
        options += [self._evaluate(pay, combo) for combo in pay.subsets]
        found = [o for o in options if o is not None]
        found.sort(key=lambda o: (-o.score, o.gap, o.days, o.trades))
        return found

    # -- assignment -----------------------------------------------------------------------------
    def solve(self) -> tuple[list[Allocation], list[Suggestion]]:
        for p, pay in enumerate(self.payments):
            for i in {i for combo in pay.subsets for i in combo} | set(pay.candidates):
                self.wanting[i].append(p)
        for p in range(len(self.payments)):
            self._push(p)
        deferred: list[int] = []
        while True:
            moved = False
            while self.heap:
                _neg, _pid, p, v = heapq.heappop(self.heap)
                if p in self.done or v != self.version[p]:
                    continue
                if self._decide(p):
                    moved = True
                else:
                    deferred.append(p)
            if not (moved and deferred):
                break
            for p in deferred:
                self._push(p)
            deferred = []
        return self._results(deferred)

    def _push(self, p: int) -> None:
        ranked = self._ranked_of(p)
        best = ranked[0].score if ranked else 0.0
        self.version[p] += 1
        heapq.heappush(self.heap, (-best, self.payments[p].record.payment_id, p, self.version[p]))

    def _decide(self, p: int) -> bool:
        """Allocate payment `p` when its best option is clear; False leaves it for later."""
        ranked = self._ranked_of(p)
        if not ranked or ranked[0].score < self.policy.auto_score:
            return False
        best = ranked[0]
        runner = ranked[1].score if len(ranked) > 1 else 0.0
        if best.score - runner < self.policy.auto_margin or self._contested(p, best):
            return False
        self.done[p] = best
        for i, take in zip(best.trades, best.consumed, strict=True):
            self.open[i] -= take
        touched = {q for i in best.trades for q in self.wanting[i]}
        for q in touched:
            self.ranked.pop(q, None)
        for q in touched:
            if q not in self.done:
                self._push(q)
        return True

    def _contested(self, p: int, best: _Option) -> bool:
        """Another pending payment wants one of these trades about as much, both cannot fit, and
        it has nowhere else to go about as good (else it takes its alternative afterwards)."""
        margin = self.policy.auto_margin
        for i, take in zip(best.trades, best.consumed, strict=True):
            for q in self.wanting[i]:
                if q == p or q in self.done:
                    continue
                other = self._evaluate(self.payments[q], (i,))
                if other is None or other.score < best.score - margin:
                    continue
                if other.consumed[0] + take <= self.open[i]:
                    continue
                elsewhere = [o.score for o in self._ranked_of(q) if i not in o.trades]
                if not elsewhere or elsewhere[0] < other.score - margin:
                    return True
        return False

    def _results(self, undecided: list[int]) -> tuple[list[Allocation], list[Suggestion]]:
        allocations: list[Allocation] = []
        for p, pay in enumerate(self.payments):
            payment = pay.record
            option = self.done.get(p)
            if option is None:
                allocations.append(
                    Allocation(payment.payment_id, None, payment.amount, None, None, 0.0)
                )
                continue
            allocations.extend(self._split(payment, option))
        suggestions: list[Suggestion] = []
        for p in sorted(set(undecided) - set(self.done)):
            pay = self.payments[p]
            ranked = [o for o in self._ranked(pay) if o.score >= self.policy.suggest_floor]
            for rank, option in enumerate(ranked[: self.policy.suggestions], start=1):
                runner = ranked[1].score if len(ranked) > 1 else 0.0
                if option.score < self.policy.auto_score:
                    reason = "below the auto-match score"
                elif rank == 1 and option.score - runner < self.policy.auto_margin:
                    reason = "runner-up too close"
                else:
                    reason = "competes with another payment"
                suggestions.append(
                    Suggestion(
                        pay.record.payment_id,
                        rank,
                        tuple(self.trades[i].trade_id for i in option.trades),
                        option.score,
                        reason,
                        option.explanation,
                    )
                )
        return allocations, suggestions

    def _split(self, payment: PaymentRecord, option: _Option) -> list[Allocation]:
        code = payment.amount.currency
        charge_parts = (
            largest_remainder(option.charges, option.opens)
            if len(option.trades) > 1
            else [option.charges]
        )
        rows = []
        for i, part, take, charge in zip(
            option.trades, option.split, option.consumed, charge_parts, strict=True
        ):
            trade = self.trades[i]
            rows.append(
                Allocation(
                    payment.payment_id,
                    trade.trade_id,
                    Money(part, code),
                    Money(take, trade.amount.currency),
                    Money(charge, trade.amount.currency),
                    option.score,
                )
            )
        rest = payment.amount.minor - option.received
        if rest:
            rows.append(Allocation(payment.payment_id, None, Money(rest, code), None, None, 0.0))
        return rows


def _fmt(minor: int, trade: TradeRecord) -> str:
    return str(Money(minor, trade.amount.currency))
