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

Speed, with the same results: the engine works on plain tuples (`PaymentRow`, `TradeRow`: integer
minor units, days as ordinals), so CSV rows never need to become records; a block indexes only the
references whose digit digest (`digit_print`) one of its remittance keys has; payer/buyer pairs
that cannot reach the name floor are ruled out a block at a time (`may_reach`), their exact
similarity worked out only when an explanation shows it; explanations are built for suggestions
only; after an allocation a payment's options are scored again only on the trades it consumed.
"""

from __future__ import annotations

import bisect
import copy
import heapq
import itertools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache

from yipay.core.money import Money, largest_remainder
from yipay.matching.names import may_reach, name_similarity, name_tokens
from yipay.matching.rates import RateTable
from yipay.matching.references import digit_prints, key_prints, near_keys, reference_keys

ENGINE_VERSION = "reconcile-1"
REFERENCE_FIELDS = ("invoice", "order", "declaration", "waybill")
NEAR_KEY_MAX = 20
KNOWN_CACHE = 200_000  # payers whose known buyers are remembered
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


#: What the engine works on (records and CSV rows both become these plain tuples):
#: (payment_id, value day as an ordinal, amount minor, currency, payer_name, payer_country,
#: payer_account, remittance_info, beneficiary_id, charges minor, charges currency, charge_bearer,
#: instructed minor, instructed currency).
PaymentRow = tuple[
    str, int, int, str, str, str, str, str, str, int | None, str | None, str | None, int | None,
    str | None,
]  # fmt: skip
#: (trade_id, merchant_id, buyer_name, buyer_country, amount minor, currency, trade day as an
#: ordinal, invoice_no, order_no, declaration_no, waybill_no): the references in REFERENCE_FIELDS
#: order.
TradeRow = tuple[str, str, str, str, int, str, int, str, str, str, str]
#: One result row of a payment: (trade_id or None, received minor (payment currency), consumed
#: minor, charges minor (both trade currency, None when unallocated), trade currency, score).
RowResult = tuple[str | None, int, int | None, int | None, str | None, float]


def payment_row(payment: PaymentRecord) -> PaymentRow:
    charges, instructed = payment.charges, payment.instructed
    return (
        payment.payment_id,
        payment.value_date.toordinal(),
        payment.amount.minor,
        payment.amount.currency.code,
        payment.payer_name,
        payment.payer_country,
        payment.payer_account,
        payment.remittance_info,
        payment.beneficiary_id,
        None if charges is None else charges.minor,
        None if charges is None else charges.currency.code,
        payment.charge_bearer,
        None if instructed is None else instructed.minor,
        None if instructed is None else instructed.currency.code,
    )


def trade_row(trade: TradeRecord) -> TradeRow:
    return (
        trade.trade_id,
        trade.merchant_id,
        trade.buyer_name,
        trade.buyer_country,
        trade.amount.minor,
        trade.amount.currency.code,
        trade.trade_date.toordinal(),
        trade.invoice_no,
        trade.order_no,
        trade.declaration_no,
        trade.waybill_no,
    )


class _Option:
    __slots__ = (
        "charges", "consumed", "days", "explanation", "gap", "opens", "received", "score", "split",
        "trades",
    )  # fmt: skip

    def __init__(
        self,
        trades: tuple[int, ...],
        score: float,
        opens: tuple[int, ...],  # what each trade still had open (the split's weights)
        consumed: tuple[int, ...],  # per trade, minor units of the trade currency
        split: tuple[int, ...],  # per trade, minor units of the payment, in proportion to `opens`
        charges: int,  # total charges consumed (trade currency)
        received: int,  # minor units of the payment allocated (the rest is unallocated)
        gap: int,
        days: int,
        explanation: str,  # only when asked for (suggestions): building it is most of the cost
    ) -> None:
        self.trades = trades
        self.score = score
        self.opens = opens
        self.consumed = consumed
        self.split = split
        self.charges = charges
        self.received = received
        self.gap = gap
        self.days = days
        self.explanation = explanation


def _option_order(o: _Option) -> tuple[float, int, int, tuple[int, ...]]:
    return (-o.score, o.gap, o.days, o.trades)


_UNKNOWN = (0, 0)  # a sentinel for the per-payment caches


class _Pay:
    __slots__ = (
        "candidates", "fields", "known", "name_feature", "named", "payer", "related", "row",
        "stated", "subsets", "words", "worths",
    )  # fmt: skip

    def __init__(self, row: PaymentRow) -> None:
        self.row = row
        self.named: dict[int, float] = {}  # trade → reference feature (1 exact, 0.8 transposed)
        self.fields: dict[int, str] = {}
        self.candidates: list[int] = []
        self.subsets: list[tuple[int, ...]] = []
        #: trade → (name feature, why); why None: the payer does not resemble the buyer (the
        #: exact similarity is worked out only for an explanation)
        self.name_feature: dict[int, tuple[float, str | None]] = {}
        self.related: set[int] = set()  # trades whose buyer this payer is known for
        self.worths: dict[str, tuple[int, int] | None] = {}
        self.stated: dict[str, int] = {}
        self.words: frozenset[str] = frozenset()
        self.known: frozenset[tuple[str, ...]] = _NOBODY
        self.payer = 0  # index of the payer name in the block's resemblance table


class Context:
    """What all blocks share: the policy, the rates, the relations and their caches."""

    def __init__(
        self,
        policy: Policy,
        rates: RateTable,
        relations: Iterable[Relation],
        *,
        explain_matches: bool = False,
    ) -> None:
        self.policy = policy
        self.rates = rates
        self.explain_matches = explain_matches  # the online path stores why it matched
        self.by_account: dict[str, set[tuple[str, ...]]] = defaultdict(set)
        self.by_name: dict[tuple[str, ...], set[tuple[str, ...]]] = defaultdict(set)
        for rel in relations:
            buyer = _key(rel.buyer_name)
            if rel.payer_account.strip():
                self.by_account[rel.payer_account.strip().upper()].add(buyer)
            if rel.payer_name.strip():
                self.by_name[_key(rel.payer_name)].add(buyer)
        self._caps: dict[tuple[str, int], int] = {}
        self._known: dict[tuple[str, str], frozenset[tuple[str, ...]]] = {}
        self._cap_cents = int(self.policy.charges_cap_usd * 100)

    @staticmethod
    def explaining(ctx: Context) -> Context:
        if ctx.explain_matches:
            return ctx
        ctx = copy.copy(ctx)
        ctx.explain_matches = True
        return ctx

    def cap(self, code: str, day: int) -> int:
        key = (code, day)
        cap = self._caps.get(key)
        if cap is None:
            cap = self.rates.convert_minor_on(self._cap_cents, "USD", code, day) or 0
            self._caps[key] = cap
        return cap

    def known_buyers(self, row: PaymentRow) -> frozenset[tuple[str, ...]]:
        """The buyers (as name keys) this payer is known to pay for, by account or by name."""
        if not self.by_account and not self.by_name:
            return _NOBODY
        key = (row[4], row[6])
        known = self._known.get(key)
        if known is None:
            account = row[6].strip().upper()
            by_account = self.by_account.get(account, ()) if account else ()
            by_name = self.by_name.get(_key(row[4]), ()) if self.by_name else ()
            known = frozenset(by_account) | frozenset(by_name) if by_account or by_name else _NOBODY
            if len(self._known) >= KNOWN_CACHE:
                self._known.clear()
            self._known[key] = known
        return known


@lru_cache(maxsize=262_144)
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
    ctx = Context(policy or Policy(), rates or RateTable.builtin(), relations)
    trades_by_merchant: dict[str, list[TradeRow]] = defaultdict(list)
    for trade in trades:
        trades_by_merchant[trade.merchant_id].append(trade_row(trade))
    payments_by_merchant: dict[str, list[PaymentRecord]] = defaultdict(list)
    for payment in payments:
        payments_by_merchant[payment.beneficiary_id].append(payment)
    by_payment: dict[str, list[Allocation]] = {}
    suggestions: list[Suggestion] = []
    for merchant, block in payments_by_merchant.items():
        rows = [payment_row(p) for p in block]
        results, suggested = solve_block(ctx, rows, trades_by_merchant.get(merchant, []))
        for payment, result in zip(block, results, strict=True):
            code = payment.amount.currency
            for trade_id, received, consumed, charges, trade_code, score in result:
                unit = None if trade_code is None else Money.from_minor(0, trade_code).currency
                by_payment.setdefault(payment.payment_id, []).append(
                    Allocation(
                        payment.payment_id,
                        trade_id,
                        Money(received, code),
                        None if consumed is None or unit is None else Money(consumed, unit),
                        None if charges is None or unit is None else Money(charges, unit),
                        score,
                    )
                )
        suggestions.extend(s for _p, s in suggested)
    ordered = [a for p in payments for a in by_payment.pop(p.payment_id, [])]
    return Result(ordered, suggestions)


def solve_block(
    ctx: Context, payments: list[PaymentRow], trades: list[TradeRow]
) -> tuple[list[list[RowResult]], list[tuple[int, Suggestion]]]:
    """One merchant: the result rows of each payment (in the order given) and the suggestions,
    each with the position of its payment."""
    return _Block(ctx, payments, trades).solve()


def solve_block_explained(
    ctx: Context, payments: list[PaymentRow], trades: list[TradeRow]
) -> tuple[list[list[RowResult]], list[tuple[int, Suggestion]], dict[str, str]]:
    """`solve_block`, plus the explanation of each automatic match by payment id (worked out
    when it was decided, against the balances it saw)."""
    block = _Block(Context.explaining(ctx), payments, trades)
    results, suggested = block.solve()
    return results, suggested, {block.payments[p].row[0]: e for p, e in block.explained.items()}


class _Block:
    """One merchant's payments and trades."""

    def __init__(self, ctx: Context, payments: list[PaymentRow], trades: list[TradeRow]) -> None:
        self.ctx = ctx
        self.policy = ctx.policy
        self.trades = sorted(trades, key=lambda t: (t[6], t[0]))
        self.dates = [t[6] for t in self.trades]
        self.amounts = [t[4] for t in self.trades]
        self.codes = [t[5] for t in self.trades]
        self.buyers = [t[2] for t in self.trades]
        self.open = list(self.amounts)
        texts = [key_prints(row[7]) for row in payments]
        wanted: frozenset[int] | set[int] = (
            texts[0][1] if len(texts) == 1 else set().union(*[t[1] for t in texts])
        )
        self.index: dict[str, list[tuple[int, str]]] = defaultdict(list)
        self.ref_prints: set[int] = set()
        if wanted:
            references = [r for t in self.trades for r in (t[7], t[8], t[9], t[10])]
            for at, mark in enumerate(digit_prints(references)):
                if mark not in wanted:
                    continue  # no key of this reference can be in any text of the block
                self.ref_prints.add(mark)
                i, field = divmod(at, 4)
                for key in reference_keys(references[at]):
                    self.index[key].append((i, REFERENCE_FIELDS[field]))
        payers = list(dict.fromkeys(row[4] for row in payments))
        buyers = list(dict.fromkeys(self.buyers))
        self.payer_at = {name: n for n, name in enumerate(payers)}
        buyer_at = {name: n for n, name in enumerate(buyers)}
        self.buyer_of = [buyer_at[name] for name in self.buyers]  # trade → its buyer's index
        self.buyer_names = buyers
        self.buyer_tokens = [name_tokens(name) for name in buyers]
        self.may_resemble = (
            may_reach(payers, buyers, self.policy.name_floor) if buyers else [[] for _ in payers]
        )
        self.payments = [
            self._prepare(row, keys[0]) for row, keys in zip(payments, texts, strict=True)
        ]
        self.ranked: dict[int, list[_Option]] = {}  # fresh option lists, dropped when stale
        self.singles: dict[int, dict[int, _Option | None]] = {}  # … their one-trade options
        self.stale: dict[int, set[int]] = {}  # payment → trades consumed since its ranking
        self.wanting: dict[int, list[int]] = defaultdict(list)  # trade → payments wanting it
        self.version = [0] * len(self.payments)
        self.done: dict[int, _Option] = {}
        self.explained: dict[int, str] = {}
        self.heap: list[tuple[float, str, int, int]] = []

    # -- candidates -----------------------------------------------------------------------------
    def _named(self, pay: _Pay, keys: dict[str, int]) -> None:
        """The trades the remittance names: exactly, else by one transposition."""
        named, fields, index = pay.named, pay.fields, self.index
        for key in keys:
            for i, name in index.get(key, ()):
                named[i] = 1.0
                fields.setdefault(i, name)
        if not named:
            marks = self.ref_prints
            near = near_keys(k for k, m in keys.items() if len(k) <= NEAR_KEY_MAX and m in marks)
            for key in near:
                for i, name in index.get(key, ()):
                    named[i] = 0.8
                    fields.setdefault(i, name)

    def _prepare(self, row: PaymentRow, keys: dict[str, int]) -> _Pay:
        pay = _Pay(row)
        named = pay.named
        if self.index:
            self._named(pay, keys)
        policy = self.policy
        day = row[1]
        low = bisect.bisect_left(self.dates, day - policy.days_after)
        high = bisect.bisect_right(self.dates, day + policy.days_before)
        if row[7]:
            pay.words = frozenset(name_tokens(row[7]))
        pay.known = self.ctx.known_buyers(row)
        pay.payer = self.payer_at[row[4]]
        by_buyer: dict[int, tuple[float, str | None]] = {}
        buyer_of, amounts, codes = self.buyer_of, self.amounts, self.codes
        resemble = self.may_resemble[pay.payer]
        worths, name_feature, candidates = pay.worths, pay.name_feature, pay.candidates
        for i in range(low, high):
            code = codes[i]
            gross = worths.get(code, _UNKNOWN)
            if gross is _UNKNOWN:
                gross = self._worth(pay, code)
            if gross is None:
                continue
            buyer = buyer_of[i]
            feature = by_buyer.get(buyer)
            if feature is None:
                feature = by_buyer[buyer] = self._name(pay, buyer, resemble)
            if feature[1] == KNOWN_PAYER:
                pay.related.add(i)
            name_feature[i] = feature
            if i in named or feature[0] > 0 or abs(amounts[i] - gross[0]) <= gross[1]:
                candidates.append(i)
        pay.subsets = self._subsets(pay)
        return pay

    def _name(self, pay: _Pay, buyer: int, resemble: list[bool]) -> tuple[float, str | None]:
        """(name feature, why) of the payer against buyer number `buyer` of the block."""
        name = self.buyer_names[buyer]
        if pay.known and _key(name) in pay.known:
            return 1.0, KNOWN_PAYER
        similarity = 0.0
        why: str | None = None
        if resemble[buyer]:
            similarity = name_similarity(pay.row[4], name)
            why = f"payer~buyer {similarity:.2f}"
        if similarity < 0.95 and pay.words:
            tokens = self.buyer_tokens[buyer]
            if tokens and pay.words.issuperset(tokens):
                similarity, why = 0.95, "buyer named in the text"
        if why is None:
            return 0.0, None  # below the floor whatever its exact value
        floor = self.policy.name_floor
        return max(0.0, (similarity - floor) / (1 - floor)), why

    def _name_explained(self, pay: _Pay, i: int) -> tuple[float, str]:
        feature, why = pay.name_feature.get(i, (0.0, ""))
        if why is None:
            similarity = name_similarity(pay.row[4], self.trades[i][2])
            why = f"payer~buyer {similarity:.2f}"
        return feature, why

    def _worth(self, pay: _Pay, code: str) -> tuple[int, int] | None:
        """(what the payment is worth to a trade in `code` gross of stated charges, tolerance),
        minor units of `code`; None when the currencies cannot be compared."""
        worth = pay.worths.get(code, _UNKNOWN)
        if worth is not _UNKNOWN:
            return worth
        row = pay.row
        rates = self.ctx.rates
        if row[12] is not None and row[13] == code:
            worth = (row[12], 0)
        else:
            charges = 0
            if row[9] is not None and row[10] is not None:
                charges = rates.convert_minor_on(row[9], row[10], row[3], row[1]) or 0
            gross = row[2] + charges
            if row[3] == code:
                worth = (gross, 0)
            else:
                value = rates.convert_minor_on(gross, row[3], code, row[1])
                worth = None if value is None else (value, int(Decimal(value) * rates.tolerance))
        pay.worths[code] = worth
        return worth

    def _subsets(self, pay: _Pay) -> list[tuple[int, ...]]:
        """Several trades one payment may pay: those it names, or a subset its amount closes."""
        named = [i for i in pay.candidates if i in pay.named]
        codes, amounts = self.codes, self.amounts
        if len(named) >= 2:
            return [tuple(named)] if len({codes[i] for i in named}) == 1 else []
        if named:
            return []
        pool = [i for i in pay.candidates if pay.name_feature[i][0] > 0]
        if len(pool) < 2:
            return []
        for i in pool:
            gross, tol = self._worth(pay, codes[i]) or (0, 0)
            if self._closes(pay, amounts[i], gross, tol, codes[i]):
                return []  # one trade fits: no need to look for several
        day = pay.row[1]
        pool.sort(key=lambda i: abs(day - self.dates[i]))
        pool = sorted(pool[: self.policy.subset_pool])
        found = []
        for size in range(2, self.policy.max_subset + 1):
            for combo in itertools.combinations(pool, size):
                code = codes[combo[0]]
                if any(codes[i] != code for i in combo):
                    continue
                gross, tol = self._worth(pay, code) or (0, 0)
                total = sum([amounts[i] for i in combo])
                if self._closes(pay, total, gross, tol, code):
                    found.append(combo)
            if found:
                break
        return found[:4]

    def _closes(self, pay: _Pay, open_total: int, gross: int, tol: int, code: str) -> bool:
        gap = open_total - gross
        if abs(gap) <= tol:
            return True
        return 0 < gap <= self._inferable(pay, code) + tol

    def _inferable(self, pay: _Pay, code: str) -> int:
        """The charges that may be inferred: none when stated, implied or borne by the payer."""
        row = pay.row
        if row[9] is not None or row[11] == "OUR":
            return 0
        if row[12] is not None and row[13] == code:
            return 0
        return self.ctx.cap(code, row[1])

    # -- options --------------------------------------------------------------------------------
    def _stated_charges(self, pay: _Pay, code: str) -> int:
        """Charges the message states (or implies: instructed less received), trade currency."""
        stated = pay.stated.get(code)
        if stated is None:
            row = pay.row
            if row[9] is not None and row[10] is not None:
                stated = self.ctx.rates.convert_minor_on(row[9], row[10], code, row[1]) or 0
            elif row[12] is not None and row[13] == code == row[3]:
                stated = max(0, row[12] - row[2])
            else:
                stated = 0
            pay.stated[code] = stated
        return stated

    def _amount(
        self, pay: _Pay, code: str, open_total: int, gross: int, tol: int, *, explain: bool
    ) -> tuple[float, str, int, int, int]:
        """(feature, how, gross taken from the trades, charges in it, payment minor allocated)."""
        gap = open_total - gross
        received = pay.row[2]
        charges = self._stated_charges(pay, code)
        how = ""
        if abs(gap) <= tol:
            if tol:
                if explain:
                    how = f"closes within the FX tolerance ({_fmt(gap, code)} off)"
                return 0.7 + 0.3 * (1 - abs(gap) / tol), how, open_total, charges, received
            if explain:
                how = "closes"
                if charges:
                    how = f"closes the trade with charges {_fmt(charges, code)}"
            return 1.0, how, open_total, charges, received
        if 0 < gap <= self._inferable(pay, code) + tol:
            if explain:
                how = f"closes after inferred charges {_fmt(gap, code)}"
            return 0.9, how, open_total, gap, received
        if gap > 0:
            share = gross / open_total
            amount = 0.5 if 0.2 <= share <= 0.5 else 0.35
            if explain:
                how = f"pays {share:.0%} of what is open"
            return amount, how, gross, charges, received
        if explain:
            how = f"exceeds what is open by {_fmt(-gap, code)}"
        return 0.1, how, open_total, charges, received * open_total // gross

    @staticmethod
    def _when(days: int) -> float:
        """Date proximity: payments cluster from a fortnight before to two months after."""
        if days < -15:
            return 0.5
        if days <= 60:
            return 1.0
        return 1.0 - 0.7 * (days - 60) / 60

    def _evaluate(
        self, pay: _Pay, combo: tuple[int, ...], *, explain: bool = False
    ) -> _Option | None:
        open_ = self.open
        if len(combo) == 1:
            first = combo[0]
            opens: tuple[int, ...] = (open_[first],)
            open_total = opens[0]
            if open_total <= 0:
                return None
        else:
            first = combo[0]
            opens = tuple([open_[i] for i in combo])
            open_total = sum(opens)
            if open_total <= 0 or min(opens) <= 0:
                return None
        code = self.codes[first]
        worth = self._worth(pay, code)
        if worth is None:
            return None
        gross, tol = worth
        amount, how, take, charges, received = self._amount(
            pay, code, open_total, gross, tol, explain=explain
        )
        reference, ref_how = self._reference(pay, combo, explain)
        row = pay.row
        day = row[1]
        dates = self.dates
        if len(combo) == 1:
            name = pay.name_feature.get(first, _NO_NAME)[0]
            signed = day - dates[first]
            days = abs(signed)
            country = float(
                (bool(row[5]) and self.trades[first][3] == row[5]) or first in pay.related
            )
        else:
            name = min([pay.name_feature.get(i, _NO_NAME)[0] for i in combo])
            signed = min([day - dates[i] for i in combo])
            days = max([abs(day - dates[i]) for i in combo])
            country = float(
                bool(row[5]) and all(self.trades[i][3] == row[5] for i in combo)
            ) or float(all(i in pay.related for i in combo))
        w = self.policy.weights
        when = self._when(signed)
        total = (
            w.reference * reference
            + w.amount * amount
            + w.name * name
            + w.date * when
            + w.country * country
        )
        score = min(1.0, max(0.0, total))
        consumed: tuple[int, ...] = (take,)
        split: tuple[int, ...] = (received,)
        if len(combo) > 1:
            consumed = tuple(largest_remainder(take, opens))
            split = tuple(largest_remainder(received, opens))
            if min(consumed) <= 0 or min(split) <= 0:
                return None  # a trade would be consumed for nothing, or paid nothing
        elif take <= 0 or received <= 0:
            return None
        explanation = ""
        if explain:
            name_how = min(self._name_explained(pay, i) for i in combo)[1]
            parts = [
                ("reference", w.reference * reference, ref_how),
                ("amount", w.amount * amount, how),
                ("name", w.name * name, name_how),
                ("date", w.date * when, f"{signed:+d} days"),
                ("country", w.country * country, "same country" if country else "other country"),
            ]
            text = "; ".join(f"{n} {v:+.3f} ({h})" for n, v, h in parts)
            explanation = f"{ENGINE_VERSION}: {text}"
        return _Option(
            combo,
            round(score, 4),
            opens,
            consumed,
            split,
            charges,
            received,
            abs(open_total - gross),
            days,
            explanation,
        )

    def _reference(self, pay: _Pay, combo: tuple[int, ...], explain: bool) -> tuple[float, str]:
        named = pay.named
        if not named:
            return 0.0, "no reference"
        values = [named.get(i, 0.0) for i in combo]
        if any(values):
            value = sum(values) / len(values)
            how = ""
            if explain:
                kinds = sorted({pay.fields[i] for i in combo if i in pay.fields})
                quality = "exact" if value == 1.0 else "near"
                how = f"{'/'.join(kinds)} named ({quality})"
            return value, how
        return -0.75, "the text names another trade"

    def _one(self, pay: _Pay, i: int) -> _Option | None:
        """`_evaluate(pay, (i,))` without the explanation, inlined for the common case."""
        open_total = self.open[i]
        if open_total <= 0:
            return None
        code = self.codes[i]
        worth = pay.worths.get(code, _UNKNOWN)
        if worth is _UNKNOWN:
            worth = self._worth(pay, code)
        if worth is None:
            return None
        gross, tol = worth
        amount, _how, take, charges, received = self._amount(
            pay, code, open_total, gross, tol, explain=False
        )
        if take <= 0 or received <= 0:
            return None
        named = pay.named
        reference = (named.get(i, 0.0) or -0.75) if named else 0.0
        row = pay.row
        signed = row[1] - self.dates[i]
        country = 1.0 if (row[5] and self.trades[i][3] == row[5]) or i in pay.related else 0.0
        w = self.policy.weights
        total = (
            w.reference * reference
            + w.amount * amount
            + w.name * pay.name_feature.get(i, _NO_NAME)[0]
            + w.date * self._when(signed)
            + w.country * country
        )
        score = min(1.0, max(0.0, total))
        return _Option(
            (i,),
            round(score, 4),
            (open_total,),
            (take,),
            (received,),
            charges,
            received,
            abs(open_total - gross),
            abs(signed),
            "",
        )

    def _ranked_of(self, p: int) -> list[_Option]:
        ranked = self.ranked.get(p)
        if ranked is None:
            pay = self.payments[p]
            singles = self.singles.get(p)
            changed = self.stale.pop(p, None)
            if singles is None or changed is None:
                singles = {i: self._one(pay, i) for i in pay.candidates}
            else:  # only the options on trades consumed since are different
                for i in changed:
                    if i in singles:
                        singles[i] = self._one(pay, i)
            options = [o for o in singles.values() if o is not None]
            for combo in pay.subsets:
                option = self._evaluate(pay, combo)
                if option is not None:
                    options.append(option)
            options.sort(key=_option_order)
            self.ranked[p] = ranked = options
            self.singles[p] = singles
        return ranked

    def _ranked(self, pay: _Pay, *, explain: bool) -> list[_Option]:
        options = [self._evaluate(pay, (i,), explain=explain) for i in pay.candidates]
        options += [self._evaluate(pay, combo, explain=explain) for combo in pay.subsets]
        found = [o for o in options if o is not None]
        found.sort(key=_option_order)
        return found

    # -- assignment -----------------------------------------------------------------------------
    def solve(self) -> tuple[list[list[RowResult]], list[tuple[int, Suggestion]]]:
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
        heapq.heappush(self.heap, (-best, self.payments[p].row[0], p, self.version[p]))

    def _decide(self, p: int) -> bool:
        """Allocate payment `p` when its best option is clear; False leaves it for later."""
        ranked = self._ranked_of(p)
        if not ranked or ranked[0].score < self.policy.auto_score:
            return False
        best = ranked[0]
        runner = ranked[1].score if len(ranked) > 1 else 0.0
        if best.score - runner < self.policy.auto_margin or self._contested(p, best):
            return False
        if self.ctx.explain_matches:
            detailed = self._evaluate(self.payments[p], best.trades, explain=True)
            self.explained[p] = detailed.explanation if detailed else ""
        self.done[p] = best
        for i, take in zip(best.trades, best.consumed, strict=True):
            self.open[i] -= take
        touched = {q for i in best.trades for q in self.wanting[i]}
        for q in touched:
            self.ranked.pop(q, None)
            stale = self.stale.get(q)
            if stale is None:
                self.stale[q] = set(best.trades)
            else:
                stale.update(best.trades)
        for q in touched:
            if q not in self.done:
                self._push(q)
        return True

    def _single(self, q: int, i: int) -> _Option | None:
        """Payment `q`'s option on trade `i` alone (from its fresh ranking when it has one)."""
        self._ranked_of(q)
        singles = self.singles[q]
        if i in singles:
            return singles[i]
        return self._one(self.payments[q], i)

    def _contested(self, p: int, best: _Option) -> bool:
        """Another pending payment wants one of these trades about as much, both cannot fit, and
        it has nowhere else to go about as good (else it takes its alternative afterwards)."""
        margin = self.policy.auto_margin
        for i, take in zip(best.trades, best.consumed, strict=True):
            for q in self.wanting[i]:
                if q == p or q in self.done:
                    continue
                other = self._single(q, i)
                if other is None or other.score < best.score - margin:
                    continue
                if other.consumed[0] + take <= self.open[i]:
                    continue
                elsewhere = [o.score for o in self._ranked_of(q) if i not in o.trades]
                if not elsewhere or elsewhere[0] < other.score - margin:
                    return True
        return False

    def _results(
        self, undecided: list[int]
    ) -> tuple[list[list[RowResult]], list[tuple[int, Suggestion]]]:
        results: list[list[RowResult]] = []
        for p, pay in enumerate(self.payments):
            option = self.done.get(p)
            if option is None:
                results.append([(None, pay.row[2], None, None, None, 0.0)])
            else:
                results.append(self._split(pay, option))
        suggestions: list[tuple[int, Suggestion]] = []
        policy = self.policy
        for p in sorted(set(undecided) - set(self.done)):
            pay = self.payments[p]
            ranked = [o for o in self._ranked(pay, explain=True) if o.score >= policy.suggest_floor]
            for rank, option in enumerate(ranked[: policy.suggestions], start=1):
                runner = ranked[1].score if len(ranked) > 1 else 0.0
                if option.score < policy.auto_score:
                    reason = "below the auto-match score"
                elif rank == 1 and option.score - runner < policy.auto_margin:
                    reason = "runner-up too close"
                else:
                    reason = "competes with another payment"
                suggestion = Suggestion(
                    pay.row[0],
                    rank,
                    tuple(self.trades[i][0] for i in option.trades),
                    option.score,
                    reason,
                    option.explanation,
                )
                suggestions.append((p, suggestion))
        return results, suggestions

    def _split(self, pay: _Pay, option: _Option) -> list[RowResult]:
        charge_parts = (
            largest_remainder(option.charges, option.opens)
            if len(option.trades) > 1
            else [option.charges]
        )
        rows: list[RowResult] = []
        for i, part, take, charge in zip(
            option.trades, option.split, option.consumed, charge_parts, strict=True
        ):
            trade = self.trades[i]
            rows.append((trade[0], part, take, charge, trade[5], option.score))
        rest = pay.row[2] - option.received
        if rest:
            rows.append((None, rest, None, None, None, 0.0))
        return rows


_NO_NAME: tuple[float, str | None] = (0.0, "")
_NOBODY: frozenset[tuple[str, ...]] = frozenset()


def _fmt(minor: int, code: str) -> str:
    return str(Money.from_minor(minor, code))
