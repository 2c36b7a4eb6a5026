"""Property tests of the money path over the real services on SQLite.

`test_random_histories_keep_the_books` drives a hypothesis `RuleBasedStateMachine` through random
sequences of: receipts into suspense (USD, EUR, JPY with exponent 0, BHD with exponent 3, CNY),
screening holds and analysts' releases, credits to merchant wallets, 结汇 quotes accepted (and an
expired one refused), CNY payouts below and above the approval threshold (a second user
approves; declines), returns to payers, pain.001 export and the bank's answers (ACSC, ACSP, RJCT,
pacs.004 with less money than sent after confirmation), reversals, short pending holds that
expire, and replays of earlier entries and commands. A model keeps what every account should
hold; after every step the books are checked against it and on their own: every currency sums to
zero, every balance equals its postings, no guarded account is negative, client money is backed
by the nostros in every currency, `verify_all` passes after sealing, available money equals
balance less holds, statements close at the balance — and a replay or a refused command changed
nothing at all (full snapshots compared). Each example runs on a fresh copy of the migrated
SQLite template.

The institution starts with a little of its own money at the bank in every currency (posted as
`fee_income:own-funds:*`, a stand-in until an equity account exists), which is what absorbs the
charges banks keep on returns; a return never keeps more than that, so backing stays checkable.
Replays and refusals are enabled on two steps in three (`steps % 3`) so money keeps moving.

Budget: steps per example = `YIPAY_STATEFUL_STEPS` (default 30); examples come from the
hypothesis profile unless `YIPAY_STATEFUL_EXAMPLES` is set. Hypothesis runs the full step count
in each example (it stops early with probability 2**-16 per step, or when shrinking).
- `make test` (HYPOTHESIS_PROFILE=ci): 40 examples × 30 steps = 1,200 steps, about 25 s.
- `make soak` (HYPOTHESIS_PROFILE=soak): 5,000 examples × 30 steps = 150,000 steps (~50 min).
- a shorter soak of 12,000 steps (~4 min):
  `HYPOTHESIS_PROFILE=soak YIPAY_STATEFUL_EXAMPLES=400 pytest tests/ledger/test_properties.py`.

`test_a_batch_posts_exactly_what_the_same_entries_post_one_by_one` checks `post_many` against
posting the same `EntryDraft`s one at a time.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import ROUND_DOWN, Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import text

from tests.conftest import START, make_container
from tests.ledger import support
from yipay.adapters.iso20022 import StatusEvent, parse_status
from yipay.core.clock import FixedClock
from yipay.core.errors import SameUserApproval
from yipay.core.money import Money, Rounding
from yipay.fx.domain import Rate
from yipay.fx.errors import QuoteUnusable
from yipay.jobs.bank_simulator import answer_pain001
from yipay.ledger import journal
from yipay.ledger.domain import (
    AccountRef,
    AccountType,
    EntryDraft,
    HoldKind,
    HoldStatus,
    JournalEntry,
    Posting,
    nostro,
    suspense,
    wallet,
)
from yipay.ledger.errors import (
    AlreadyReversed,
    HoldError,
    IdempotencyConflict,
    InsufficientFunds,
)
from yipay.payouts.domain import Payee, PayoutKind, PayoutStatus
from yipay.payouts.errors import IllegalPayoutTransition

STEPS = int(os.environ.get("YIPAY_STATEFUL_STEPS", "30"))
EXAMPLES = os.environ.get("YIPAY_STATEFUL_EXAMPLES")

BANK = "PARTNER"
MERCHANTS = ("mer_A", "mer_B")
GRADES = {"low": Decimal(20), "medium": Decimal(30), "high": Decimal(50)}
# currency → (largest receipt in minor units, payout approval threshold)
CURRENCIES: dict[str, tuple[int, Decimal]] = {
    "USD": (4_000_00, Decimal(2_000)),
    "EUR": (4_000_00, Decimal(2_000)),
    "JPY": (600_000, Decimal(300_000)),
    "BHD": (1_500_000, Decimal(750)),
    "CNY": (40_000_00, Decimal(20_000)),
}
BIDS = {"USD": "7.1500", "EUR": "7.7000", "JPY": "0.047800", "BHD": "18.9500"}
# The institution's own money at the bank, which absorbs charges banks keep on returns.
OWN_FUNDS = {"USD": 50_00, "EUR": 50_00, "JPY": 5_000, "BHD": 20_000, "CNY": 300_00}
QUOTE_TTL = timedelta(seconds=60)
MERCHANT_PAYEE = Payee("义乌市李明日用品商行", "6228480001", "ABC Yiwu")
PAYER = Payee("Ahmed Al Mansouri", "AE070331234567890123456", bank_bic="EBILAEAD")
CLIENT = ("suspense", "wallet", "payouts_in_transit")


def N(cur: str) -> str:  # noqa: N802 - account-code shorthands read like the journal
    return f"nostro:{BANK}:{cur}"


def S(cur: str) -> str:  # noqa: N802
    return f"suspense:{cur}"


def W(merchant: str, cur: str) -> str:  # noqa: N802
    return f"wallet:{merchant}:{cur}"


def T(cur: str) -> str:  # noqa: N802
    return f"payouts_in_transit:{cur}"


# What a bank most likely says next about a payout in each state.
ANSWERS = {
    PayoutStatus.SENT: ["ACSC", "ACSP", "RJCT", "pacs.004"],
    PayoutStatus.ACCEPTED: ["ACSC", "RJCT", "pacs.004"],
    PayoutStatus.CONFIRMED: ["pacs.004", "ACSC"],
}


def rates_at(as_of: datetime) -> list[Rate]:
    """The partner bank's (unchanging) prices, published at `as_of`."""
    return [
        Rate(cur, "CNY", Decimal(bid), Decimal(bid) * Decimal("1.004"), "BANK", as_of)
        for cur, bid in BIDS.items()
    ]


def ref_of(code: str) -> AccountRef:
    kind, *middle, cur = code.split(":")
    return AccountRef(AccountType(kind), cur, ":".join(middle))


def threshold_minor(cur: str) -> int:
    return Money.of(CURRENCIES[cur][1], cur).minor


def amounts(cur: str) -> st.SearchStrategy[int]:
    """Receipts in minor units: small ones, ones at the payout approval threshold, large ones."""
    top, limit = CURRENCIES[cur][0], threshold_minor(cur)
    return st.one_of(
        st.integers(1, limit), st.integers(limit - 1, limit + 1), st.integers(limit + 1, top)
    )


def draft_of(entry: JournalEntry, at: datetime) -> EntryDraft:
    """The draft that posted `entry` (booked again at another time: the same entry)."""
    return EntryDraft(
        external_key=entry.external_key,
        kind=entry.kind,
        postings=entry.postings,
        occurred_at=at,
        description=entry.description,
        references=dict(entry.references),
        reverses=entry.reverses,
    )


@dataclass
class PaymentModel:
    id: str
    cur: str
    minor: int
    status: str  # suspense | held | credited | returning | paid_back | reversed
    merchant: str | None = None
    hold: str | None = None
    credit_key_used: bool = False
    payout: str | None = None

    @property
    def money(self) -> Money:
        return Money.from_minor(self.minor, self.cur)


@dataclass
class PayoutModel:
    id: str
    kind: PayoutKind
    source: str
    cur: str
    minor: int
    status: PayoutStatus
    created_by: str
    hold: str
    payment: str | None = None
    document: bytes | None = None


@dataclass
class Answer:
    events: list[StatusEvent]
    payout: str


@dataclass
class Ledger:
    """What every account should hold (natural balances, minor units) and the active holds."""

    books: Counter[str] = field(default_factory=Counter)
    holds: dict[str, tuple[str, int]] = field(default_factory=dict)

    def move(self, *changes: tuple[str, int]) -> None:
        for code, delta in changes:
            self.books[code] += delta

    def available(self, code: str) -> int:
        return self.books[code] - sum(m for c, m in self.holds.values() if c == code)

    def client(self, cur: str) -> int:
        return sum(
            v for c, v in self.books.items() if c.split(":")[0] in CLIENT and c.endswith(cur)
        )

    def surplus(self, cur: str) -> int:
        return self.books[N(cur)] - self.client(cur)


class LedgerMachine(RuleBasedStateMachine):
    template: Path
    directory: Path

    def __init__(self) -> None:
        super().__init__()
        self.url, self.file = support.fresh_sqlite(self.template, self.directory)
        self.clock = FixedClock(START)
        self.c = make_container(
            self.url,
            self.directory,
            self.clock,
            payout_approval_thresholds={cur: t for cur, (_m, t) in CURRENCIES.items()},
            nostro_accounts={cur: f"6200{n:08d}" for n, cur in enumerate(CURRENCIES, start=1)},
            fx_quote_ttl_seconds=int(QUOTE_TTL.total_seconds()),
            fx_spread_bps_by_grade=GRADES,
        )
        self.model = Ledger()
        self.payments: dict[str, PaymentModel] = {}
        self.payouts: dict[str, PayoutModel] = {}
        self.quotes: dict[str, tuple[str, str]] = {}  # used quote → (settlement, payout)
        self.reversals: dict[str, str] = {}  # reversed key → reversal entry id
        self.released: list[str] = []
        self.answers: list[Answer] = []
        self.counter = 0
        self.steps = 0  # steps taken (the invariant runs after each)
        self.rates_as_of = START - timedelta(hours=1)
        rates = rates_at(self.rates_as_of)
        own = [
            EntryDraft(
                external_key=f"own-funds:{cur}",
                kind="own_funds",
                postings=(
                    Posting.debit(nostro(BANK, cur), Money.from_minor(minor, cur)),
                    Posting.credit(
                        AccountRef(AccountType.FEE_INCOME, cur, "own-funds"),
                        Money.from_minor(minor, cur),
                    ),
                ),
                occurred_at=START,
                description="the institution's own money at the partner bank",
            )
            for cur, minor in OWN_FUNDS.items()
        ]
        with self.c.uow() as uow:
            self.c.fx.import_rates(uow, rates)
            self.c.ledger.post_many(uow, own)
            uow.commit()
        for cur, minor in OWN_FUNDS.items():
            self.model.move((N(cur), minor), (f"fee_income:own-funds:{cur}", minor))

    def teardown(self) -> None:
        self.c.dispose()
        support.remove_sqlite(self.file)

    # -- plumbing ---------------------------------------------------------------------------------
    def _id(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}_{self.counter:05d}"

    def run(self, action: Any, actor: str = "system") -> Any:
        with self.c.uow(actor=actor) as uow:
            result = action(uow)
            uow.commit()
        return result

    def refused(self, error: type[Exception], action: Any, actor: str = "system") -> None:
        before = support.snapshot(self.c)
        with pytest.raises(error):
            self.run(action, actor)
        assert support.snapshot(self.c) == before

    def _with(self, *statuses: str) -> list[PaymentModel]:
        return [p for p in self.payments.values() if p.status in statuses]

    def _payouts(self, *statuses: PayoutStatus) -> list[PayoutModel]:
        return [p for p in self.payouts.values() if p.status in statuses]

    def _funded_wallets(self) -> list[str]:
        return sorted(
            code
            for code in self.model.books
            if code.startswith("wallet:") and self.model.available(code) > 0
        )

    def _held_beyond_reach(self) -> list[PaymentModel]:
        return [
            p
            for p in self._with("held")
            if not p.credit_key_used and p.minor > self.model.available(S(p.cur))
        ]

    def _request_payout(
        self, payout: Any, *, kind: PayoutKind, source: str, payment: str | None = None
    ) -> PayoutModel:
        cur, minor = payout.amount.currency.code, payout.amount.minor
        needs_approval = minor > threshold_minor(cur)
        assert payout.status is (
            PayoutStatus.PENDING_APPROVAL if needs_approval else PayoutStatus.APPROVED
        )
        if needs_approval:
            self.model.holds[payout.hold_id] = (source, minor)
        else:
            self.model.move((source, -minor), (T(cur), minor))
        model = PayoutModel(
            payout.id, kind, source, cur, minor, payout.status, payout.created_by, payout.hold_id
        )
        model.payment = payment
        self.payouts[payout.id] = model
        return model

    # -- money in -------------------------------------------------------------------------------
    @rule(data=st.data())
    def receive(self, data: st.DataObject) -> None:
        """A receipt into suspense; some are held at once (a screening hit at intake)."""
        cur = data.draw(st.sampled_from(sorted(CURRENCIES)), label="currency")
        held = data.draw(st.booleans(), label="held")
        minor = data.draw(amounts(cur), label="minor")
        p = PaymentModel(self._id("pay"), cur, minor, "held" if held else "suspense")
        now = self.clock.now()

        def book(uow: Any) -> Any:
            self.c.ledger.post(uow, journal.receipt(p.id, BANK, p.money, now))
            if held:
                return self._hold(uow, p)
            return None

        hold = self.run(book)
        self.model.move((N(cur), minor), (S(cur), minor))
        if hold is not None:
            p.hold = hold.id
            self.model.holds[hold.id] = (S(cur), minor)
        self.payments[p.id] = p

    def _hold(self, uow: Any, p: PaymentModel) -> Any:
        return self.c.ledger.place_hold(
            uow, suspense(p.cur), p.money, kind=HoldKind.COMPLIANCE, reference=p.id, reason="hit"
        )

    @precondition(lambda self: self._with("suspense", "held"))
    @rule(data=st.data())
    def screening(self, data: st.DataObject) -> None:
        """A hit holds money in suspense; only an analyst's decision releases it."""
        analyst = data.draw(st.sampled_from(["analyst-li", "analyst-chen"]), label="analyst")
        p = data.draw(st.sampled_from(self._with("suspense", "held")), label="payment")
        if p.status == "suspense":
            hold = self.run(lambda uow: self._hold(uow, p))
            assert (hold.kind, hold.status, hold.expires_at) == (
                HoldKind.COMPLIANCE,
                HoldStatus.ACTIVE,
                None,
            )
            p.status, p.hold = "held", hold.id
            self.model.holds[hold.id] = (S(p.cur), p.minor)
            return
        assert p.hold is not None
        hold_id = p.hold
        # neither an operator's void, nor a decision without a reason, nor expiry releases it
        self.refused(HoldError, lambda uow: self.c.ledger.void_hold(uow, hold_id, by="ops-wang"))
        self.refused(
            HoldError,
            lambda uow: self.c.ledger.release_compliance_holds(uow, p.id, by=analyst, reason=" "),
        )
        assert self.run(self.c.ledger.expire_holds) == 0
        released = self.run(
            lambda uow: self.c.ledger.release_compliance_holds(
                uow, p.id, by=analyst, reason="false positive"
            )
        )
        assert [h.id for h in released] == [hold_id]
        del self.model.holds[hold_id]
        p.status, p.hold = "suspense", None
        self.released.append(p.id)

    @precondition(lambda self: [p for p in self._with("suspense") if not p.credit_key_used])
    @rule(data=st.data())
    def credit(self, data: st.DataObject) -> None:
        """Matched money moves from suspense to the merchant's wallet."""
        merchant = data.draw(st.sampled_from(MERCHANTS), label="merchant")
        candidates = [p for p in self._with("suspense") if not p.credit_key_used]
        p = data.draw(st.sampled_from(candidates), label="payment")
        self.run(
            lambda uow: self.c.ledger.post(
                uow, journal.credit_merchant(p.id, merchant, p.money, self.clock.now())
            )
        )
        self.model.move((S(p.cur), -p.minor), (W(merchant, p.cur), p.minor))
        p.status, p.merchant, p.credit_key_used = "credited", merchant, True

    # -- reversals ------------------------------------------------------------------------------
    @precondition(lambda self: self._with("suspense", "credited"))
    @rule(data=st.data())
    def reverse(self, data: st.DataObject) -> None:
        """The bank reverses a receipt still in suspense, or a credit made in error is undone."""
        p = data.draw(st.sampled_from(self._with("suspense", "credited")), label="payment")
        if p.status == "suspense":
            key = f"receipt:{p.id}"
            entry = self.run(lambda uow: self.c.ledger.reverse(uow, key, reason="camt.054"))
            self.model.move((S(p.cur), -p.minor), (N(p.cur), -p.minor))
            p.status = "reversed"
        else:
            assert p.merchant is not None
            key, source = f"credit:{p.id}", W(p.merchant, p.cur)

            def undo(uow: Any) -> JournalEntry:
                return self.c.ledger.reverse(uow, key, reason="matched in error")

            if self.model.available(source) < p.minor:  # the merchant spent or reserved it
                self.refused(InsufficientFunds, undo)
                return
            entry = self.run(undo)
            self.model.move((source, -p.minor), (S(p.cur), p.minor))
            p.status, p.merchant = "suspense", None
        assert (entry.kind, entry.external_key) == ("reversal", f"reversal:{key}")
        self.reversals[key] = entry.id

    # -- settlement -----------------------------------------------------------------------------
    def _quote(self, code: str, sold_minor: int, grade: str) -> Any:
        merchant, cur = code.split(":")[1], code.split(":")[2]
        sold = Money.from_minor(sold_minor, cur)
        quote = self.run(
            lambda uow: self.c.fx.quote(
                uow, merchant_id=merchant, sold=sold, grade=grade, references=[code]
            )
        )
        q = quote.quote
        assert q.sold == sold
        assert q.expires_at == q.quoted_at + QUOTE_TTL
        if cur == "CNY":
            assert q.client_bought == q.bank_bought == sold
        else:
            bid = Decimal(BIDS[cur])
            rate = (bid * (1 - GRADES[grade] / 10_000)).quantize(
                Decimal("0.000001"), rounding=ROUND_DOWN
            )
            assert (q.bank_rate, q.client_rate) == (bid, rate)
            assert q.client_bought == Money.rounded(sold.amount * rate, "CNY", Rounding.HALF_EVEN)
            assert q.bank_bought == Money.rounded(sold.amount * bid, "CNY", Rounding.HALF_EVEN)
            assert Money.zero("CNY") < q.client_bought <= q.bank_bought
        return quote

    @precondition(lambda self: self._funded_wallets())
    @rule(data=st.data())
    def merchant_sells(self, data: st.DataObject) -> None:
        """结汇 at a quote, then a CNY payout (CNY in a wallet is paid out as it is). Selling more
        than is available, or at the quote's expiry, is refused; a short reservation expires."""
        code = data.draw(st.sampled_from(self._funded_wallets()), label="wallet")
        how = data.draw(st.sampled_from(["accept", "oversell", "expired", "reserve"]), label="how")
        grade = data.draw(st.sampled_from(sorted(GRADES)), label="grade")
        merchant, cur = code.split(":")[1], code.split(":")[2]
        available = self.model.available(code)
        if how == "reserve":
            self._reservation_expires(code, data.draw(st.integers(1, available), label="minor"))
            return
        if how == "oversell":
            sold = available + data.draw(st.integers(1, 1_000), label="beyond")
        else:
            sold = data.draw(st.one_of(st.just(available), st.integers(1, available)), label="sold")
        if self.clock.at - self.rates_as_of > timedelta(hours=24):  # long soak runs
            self.rates_as_of = self.clock.at
            self.run(lambda uow: self.c.fx.import_rates(uow, rates_at(self.rates_as_of)))
        quote = self._quote(code, sold, grade)

        def accept(uow: Any) -> Any:
            return self.c.fx.accept(
                uow, quote.id, payee=MERCHANT_PAYEE, requested_by="merchant-user"
            )

        if how == "oversell":
            self.refused(InsufficientFunds, accept, actor="merchant-user")
            return
        if how == "expired":
            self.clock.advance(QUOTE_TTL)  # exactly at the expiry: too late
            self.refused(QuoteUnusable, accept, actor="merchant-user")
            return
        result = self.run(accept, actor="merchant-user")
        assert not result.replayed
        q = quote.quote
        cb, bb = q.client_bought.minor, q.bank_bought.minor
        if cur != "CNY":
            self.model.move(
                (code, -sold),
                (N(cur), -sold),
                (W(merchant, "CNY"), cb),
                (N("CNY"), bb),
                ("spread_income:CNY", bb - cb),
            )
        assert result.payout.amount == q.client_bought
        self._request_payout(result.payout, kind=PayoutKind.SETTLEMENT, source=W(merchant, "CNY"))
        self.quotes[quote.id] = (result.settlement.id, result.payout.id)

    def _reservation_expires(self, code: str, minor: int) -> None:
        """A pending hold with an expiry reserves money until that instant, then frees it."""
        ref = ref_of(code)
        available = self.model.available(code)
        expires = self.clock.at + timedelta(seconds=30)
        hold = self.run(
            lambda uow: self.c.ledger.place_hold(
                uow,
                ref,
                Money.from_minor(minor, ref.currency),
                kind=HoldKind.PENDING,
                reference=self._id("reservation"),
                reason="two-phase transfer",
                expires_at=expires,
            )
        )
        with self.c.uow() as uow:
            assert self.c.ledger.available(uow, ref).minor == available - minor
        self.clock.at = expires
        with self.c.uow() as uow:
            assert self.c.ledger.available(uow, ref).minor == available
        assert self.run(self.c.ledger.expire_holds) == 1
        with self.c.uow() as uow:
            assert self.c.ledger.hold(uow, hold.id).status is HoldStatus.EXPIRED
        draft = journal.payout_approved(
            "never", ref, Money.from_minor(minor, ref.currency), expires
        )
        self.refused(HoldError, lambda uow: self.c.ledger.post_hold(uow, hold.id, draft))

    # -- payouts --------------------------------------------------------------------------------
    @precondition(lambda self: self._with("suspense"))
    @rule(data=st.data())
    def return_to_payer(self, data: st.DataObject) -> None:
        p = data.draw(st.sampled_from(self._with("suspense")), label="payment")
        payout = self.run(
            lambda uow: self.c.payouts.request(
                uow,
                kind=PayoutKind.RETURN_TO_PAYER,
                source=suspense(p.cur),
                amount=p.money,
                payee=PAYER,
                reference=p.id,
                requested_by="ops-wang",
            )
        )
        self._request_payout(payout, kind=PayoutKind.RETURN_TO_PAYER, source=S(p.cur), payment=p.id)
        p.status, p.payout = "returning", payout.id

    @precondition(lambda self: self._payouts(PayoutStatus.PENDING_APPROVAL))
    @rule(data=st.data())
    def checker_decides(self, data: st.DataObject) -> None:
        """Maker-checker: the maker may not approve; another user approves or declines."""
        po = data.draw(st.sampled_from(self._payouts(PayoutStatus.PENDING_APPROVAL)), label="po")
        approve = data.draw(st.booleans(), label="approve")
        self.refused(
            SameUserApproval,
            lambda uow: self.c.payouts.approve(uow, po.id, by=po.created_by),
            actor=po.created_by,
        )
        del self.model.holds[po.hold]
        if approve:
            done = self.run(lambda uow: self.c.payouts.approve(uow, po.id, by="checker-qian"))
            assert (done.status, done.approved_by) == (PayoutStatus.APPROVED, "checker-qian")
            self.model.move((po.source, -po.minor), (T(po.cur), po.minor))
        else:
            done = self.run(
                lambda uow: self.c.payouts.decline(uow, po.id, by="checker-qian", reason="no")
            )
            assert done.status is PayoutStatus.DECLINED
            self._payment_back(po)
        po.status = done.status

    def _payment_back(self, po: PayoutModel) -> None:
        if po.payment is not None:
            payment = self.payments[po.payment]
            payment.status, payment.payout = "suspense", None

    @precondition(lambda self: self._payouts(PayoutStatus.APPROVED))
    @rule()
    def export(self) -> None:
        exports = self.run(self.c.payouts.export)
        waiting = {p.id for p in self._payouts(PayoutStatus.APPROVED)}
        assert {p.id for e in exports for p in e.payouts} == waiting
        for file in exports:
            assert len({p.amount.currency.code for p in file.payouts}) == 1
            for payout in file.payouts:
                po = self.payouts[payout.id]
                po.status, po.document = PayoutStatus.SENT, file.document
        assert self.run(self.c.payouts.export) == []

    @precondition(lambda self: [p for p in self.payouts.values() if p.document is not None])
    @rule(data=st.data())
    def bank_answers(self, data: st.DataObject) -> None:
        """The bank's answer for one payout we sent: mostly one that moves it on, sometimes one
        that comes again or too late (nothing changes then)."""
        sent = [p for p in self.payouts.values() if p.document is not None]
        live = [p for p in sent if p.status in ANSWERS]
        pick_live = live and data.draw(st.integers(0, 3), label="live") > 0
        po = data.draw(st.sampled_from(live if pick_live else sent), label="po")
        answers = ANSWERS.get(po.status, ["ACSC", "ACSP", "RJCT", "pacs.004"])
        answer = data.draw(st.sampled_from(answers), label="answer")
        assert po.document is not None
        now = self.clock.now()
        back = po.minor
        if answer == "pacs.004":
            most = min(po.minor - 1, self.model.surplus(po.cur), 25 * 10**3)
            if po.status is PayoutStatus.CONFIRMED and most > 0:  # banks keep a charge
                back -= data.draw(st.one_of(st.integers(1, most), st.just(0)), label="kept")
            message = support.pacs004({po.id: Money.from_minor(back, po.cur)}, at=now)
        elif answer == "ACSP":
            message = support.pain002({po.id: "ACSP"}, at=now)
        else:
            reject = {po.id: "AC04"} if answer == "RJCT" else {}
            message = answer_pain001(po.document, at=now, reject=reject)
        events = [e for e in parse_status(message) if e.end_to_end_id == po.id]
        assert len(events) == 1
        kind, old = events[0].kind, po.status
        target: PayoutStatus | None = None
        match (kind, old):
            case ("accepted", PayoutStatus.SENT):
                target = PayoutStatus.ACCEPTED
            case ("settled", PayoutStatus.SENT | PayoutStatus.ACCEPTED):
                target = PayoutStatus.CONFIRMED
            case ("rejected", PayoutStatus.SENT | PayoutStatus.ACCEPTED):
                target = PayoutStatus.RETURNED
            case ("returned", PayoutStatus.SENT | PayoutStatus.ACCEPTED | PayoutStatus.CONFIRMED):
                target = PayoutStatus.RETURNED
        before = support.snapshot(self.c)
        outcome = self.run(lambda uow: self.c.payouts.apply_status(uow, events))
        self.answers.append(Answer(events, po.id))
        if target is None:
            assert (outcome.applied, outcome.unchanged) == ([], [po.id])
            assert support.snapshot(self.c) == before
            return
        assert outcome.applied == [(po.id, target.value)]
        po.status = target
        if target is PayoutStatus.CONFIRMED:
            self.model.move((T(po.cur), -po.minor), (N(po.cur), -po.minor))
            if po.payment is not None:
                self.payments[po.payment].status = "paid_back"
        elif target is PayoutStatus.RETURNED and old is PayoutStatus.CONFIRMED:
            self.model.move(
                (N(po.cur), back),
                (po.source, po.minor),
                (f"expense:bank-charges:{po.cur}", po.minor - back),
            )
            self._payment_back(po)
        elif target is PayoutStatus.RETURNED:
            self.model.move((T(po.cur), -po.minor), (po.source, po.minor))
            self._payment_back(po)

    # -- replays and refusals -------------------------------------------------------------------
    def _entries(self) -> list[JournalEntry]:
        with self.c.uow() as uow:
            keys = list(
                uow.connection.execute(
                    text("SELECT external_key FROM journal_entries ORDER BY external_key")
                ).scalars()
            )
            return sorted(self.c.ledger.entries(uow, keys=keys), key=lambda e: e.external_key)

    @precondition(lambda self: self.steps % 3 == 2)  # on every third step: let money move
    @rule(
        data=st.data(),
        what=st.sampled_from(
            ["entry", "batch", "receipt", "quote", "answer", "reverse", "hold", "release"]
        ),
    )
    def replay(self, data: st.DataObject, what: str) -> None:
        """An earlier command or entry once more: the original comes back, nothing changes."""
        before = support.snapshot(self.c)
        now = self.clock.now()
        led = self.c.ledger
        if what == "receipt" and self.payments:
            p = data.draw(st.sampled_from(sorted(self.payments)), label="payment")
            payment = self.payments[p]
            entry = self.run(
                lambda uow: led.post(uow, journal.receipt(p, BANK, payment.money, now))
            )
            [original] = [e for e in self._entries() if e.external_key == f"receipt:{p}"]
            assert entry.id == original.id
        elif what == "quote" and self.quotes:
            quote_id = data.draw(st.sampled_from(sorted(self.quotes)), label="quote")
            result = self.run(
                lambda uow: self.c.fx.accept(
                    uow, quote_id, payee=MERCHANT_PAYEE, requested_by="merchant-user"
                )
            )
            assert result.replayed
            assert (result.settlement.id, result.payout.id) == self.quotes[quote_id]
        elif what == "answer" and self.answers:
            answer = data.draw(st.sampled_from(self.answers), label="answer")
            outcome = self.run(lambda uow: self.c.payouts.apply_status(uow, answer.events))
            assert (outcome.applied, outcome.unchanged) == ([], [answer.payout])
        elif what == "reverse" and self.reversals:
            key = data.draw(st.sampled_from(sorted(self.reversals)), label="key")
            entry = self.run(lambda uow: led.reverse(uow, key, reason="again"))
            assert entry.id == self.reversals[key]
        elif what == "hold" and self._with("held"):
            p = data.draw(st.sampled_from(self._with("held")), label="payment")
            assert self.run(lambda uow: self._hold(uow, p)).id == p.hold
        elif what == "release" and [p for p in self.released if self.payments[p].status != "held"]:
            free = [p for p in self.released if self.payments[p].status != "held"]
            pid = data.draw(st.sampled_from(free), label="payment")
            released = self.run(
                lambda uow: led.release_compliance_holds(uow, pid, by="analyst-li", reason="again")
            )
            assert released == []
        elif what == "batch":
            entries = self._entries()
            picked = data.draw(
                st.lists(st.sampled_from(entries), min_size=1, max_size=6), label="entries"
            )
            posted = self.run(lambda uow: led.post_many(uow, [draft_of(e, now) for e in picked]))
            assert [e.id for e in posted] == [e.id for e in picked]
        else:
            original = data.draw(st.sampled_from(self._entries()), label="entry")
            entry = self.run(lambda uow: led.post(uow, draft_of(original, now)))
            assert (entry.id, entry.postings, entry.booked_at) == (
                original.id,
                original.postings,
                original.booked_at,
            )
        assert support.snapshot(self.c) == before

    @precondition(lambda self: self.steps % 3 == 1)
    @rule(
        data=st.data(),
        what=st.sampled_from(
            ["references", "amount", "within-batch", "held", "reversal", "finished-payout"]
        ),
    )
    def refusals_change_nothing(self, data: st.DataObject, what: str) -> None:
        """A key used again for another body, held money credited, a reversal reversed, a
        finished payout approved or declined: each is refused and changes nothing."""
        now = self.clock.now()
        held = self._held_beyond_reach()
        finished = [
            p for p in self.payouts.values() if p.status is not PayoutStatus.PENDING_APPROVAL
        ]
        if what == "held" and held:
            p = data.draw(st.sampled_from(held), label="payment")
            credit = journal.credit_merchant(p.id, MERCHANTS[0], p.money, now)
            self.refused(InsufficientFunds, lambda uow: self.c.ledger.post(uow, credit))
        elif what == "reversal" and self.reversals:
            key = data.draw(st.sampled_from(sorted(self.reversals)), label="key")
            self.refused(
                AlreadyReversed,
                lambda uow: self.c.ledger.reverse(uow, f"reversal:{key}", reason="undo the undo"),
            )
        elif what == "finished-payout" and finished:
            po = data.draw(st.sampled_from(finished), label="po")
            if data.draw(st.booleans(), label="approve"):
                self.refused(
                    IllegalPayoutTransition,
                    lambda uow: self.c.payouts.approve(uow, po.id, by="checker-sun"),
                )
            else:
                self.refused(
                    IllegalPayoutTransition,
                    lambda uow: self.c.payouts.decline(uow, po.id, by="checker-sun", reason="late"),
                )
        else:
            original = data.draw(st.sampled_from(self._entries()), label="entry")
            draft = draft_of(original, now)
            if what == "references":
                tampered = {**draft.references, "tampered": "yes"}
                batch = [
                    EntryDraft(
                        draft.external_key, draft.kind, draft.postings, now, references=tampered
                    )
                ]
            elif what == "amount":
                doubled = tuple(Posting(p.account, p.amount + p.amount) for p in draft.postings)
                batch = [EntryDraft(draft.external_key, draft.kind, doubled, now)]
            else:
                once = journal.receipt("twice", BANK, Money.of("1.00", "USD"), now)
                twice = journal.receipt("twice", BANK, Money.of("2.00", "USD"), now)
                batch = [draft, once, twice]
            self.refused(IdempotencyConflict, lambda uow: self.c.ledger.post_many(uow, batch))

    # -- after every step -----------------------------------------------------------------------
    @invariant()
    def the_books_hold(self) -> None:
        self.steps += 1
        assert support.book_problems(self.c) == []
        with self.c.uow() as uow:
            stored = support.stored_balances(uow.connection)
            actual = {code: support.natural_minor(code, v) for code, v in stored.items()}
            expected = {code: v for code, v in self.model.books.items() if v}
            assert {code: v for code, v in actual.items() if v} == expected
            now = self.clock.at
            for code in stored:
                ref = ref_of(code)
                if code.split(":")[0] in CLIENT:
                    available = self.c.ledger.available(uow, ref).minor
                    assert available == self.model.available(code), code
                statement = self.c.ledger.statement(
                    uow, ref, START - timedelta(days=1), now + timedelta(seconds=1)
                )
                assert statement.opening.minor == 0
                assert statement.closing.minor == actual[code], code
            active = uow.connection.execute(
                text("SELECT id FROM holds WHERE status = 'active'")
            ).scalars()
            assert set(active) == set(self.model.holds)


def test_random_histories_keep_the_books(sqlite_template: Path, tmp_path: Path) -> None:
    class Machine(LedgerMachine):
        template = sqlite_template
        directory = tmp_path

    overrides: dict[str, Any] = {
        "stateful_step_count": STEPS,
        "suppress_health_check": [
            *settings.default.suppress_health_check,
            HealthCheck.too_slow,
            HealthCheck.filter_too_much,
        ],
    }
    if EXAMPLES:
        overrides["max_examples"] = int(EXAMPLES)
    run_state_machine_as_test(Machine, settings=settings(**overrides))


# -- batch against one by one -------------------------------------------------------------------
ACCOUNTS = [
    nostro(BANK, "USD"),
    suspense("USD"),
    wallet("mer_A", "USD"),
    wallet("mer_B", "USD"),
    AccountRef(AccountType.FX_POSITION, "USD"),
    nostro(BANK, "JPY"),
    suspense("JPY"),
    wallet("mer_A", "JPY"),
    AccountRef(AccountType.FX_POSITION, "JPY"),
    nostro(BANK, "BHD"),
    wallet("mer_A", "BHD"),
    AccountRef(AccountType.FX_POSITION, "BHD"),
]
SEED_MINOR = 50_000


def _seed() -> EntryDraft:
    """Money in every guarded account so that most random movements can be posted."""
    postings = []
    for ref in ACCOUNTS:
        if ref.rules.allow_negative:
            continue
        amount = Money.from_minor(SEED_MINOR, ref.currency)
        postings.append(
            Posting.debit(ref, amount)
            if ref.type is AccountType.NOSTRO
            else Posting.credit(ref, amount)
        )
    for cur in ("USD", "JPY", "BHD"):
        net = sum(p.amount.minor for p in postings if p.amount.currency.code == cur)
        if net:
            position = AccountRef(AccountType.FX_POSITION, cur)
            postings.append(Posting(position, Money.from_minor(-net, cur)))
    return EntryDraft("seed", "seed", tuple(postings), START)


@st.composite
def drafts(draw: st.DrawFn, key: str) -> EntryDraft:
    postings: list[Posting] = []
    for cur in draw(st.sets(st.sampled_from(["USD", "JPY", "BHD"]), min_size=1, max_size=2)):
        refs = [r for r in ACCOUNTS if r.currency == cur]
        legs = draw(
            st.lists(
                st.tuples(st.sampled_from(refs), st.integers(-20_000, 20_000).filter(bool)),
                min_size=1,
                max_size=3,
            )
        )
        balance = -sum(m for _r, m in legs)
        if balance == 0:
            legs.append((legs[0][0], 1))
            balance = -1
        legs.append((draw(st.sampled_from(refs)), balance))
        postings += [Posting(r, Money.from_minor(m, cur)) for r, m in legs]
    order = draw(st.permutations(postings))
    return EntryDraft(key, "random", tuple(order), START, references={"key": key})


@st.composite
def histories(draw: st.DrawFn) -> list[EntryDraft]:
    count = draw(st.integers(1, 12))
    fresh = [draw(drafts(f"k{n}")) for n in range(count)]
    # some entries appear again (a replay inside the batch), anywhere in it
    repeats = draw(st.lists(st.sampled_from(fresh), max_size=3))
    return draw(st.permutations(fresh + repeats))


def _guarded_shortfall(balances: dict[str, int]) -> bool:
    return any(
        support.natural_minor(code, minor) < 0
        for code, minor in balances.items()
        if not ref_of(code).rules.allow_negative
    )


def _apply(balances: dict[str, int], draft: EntryDraft) -> dict[str, int]:
    after = dict(balances)
    for p in draft.postings:
        after[p.account.code] = after.get(p.account.code, 0) + p.amount.minor
    return after


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(history=histories())
def test_a_batch_posts_exactly_what_the_same_entries_post_one_by_one(
    history: list[EntryDraft], sqlite_template: Path, tmp_path: Path
) -> None:
    containers = []
    files = []
    try:
        for _ in range(2):
            url, file = support.fresh_sqlite(sqlite_template, tmp_path)
            files.append(file)
            c = make_container(url, tmp_path, FixedClock(START))
            containers.append(c)
            with c.uow() as uow:
                c.ledger.post(uow, _seed())
                uow.commit()
        one_by_one, batch = containers
        expected = _apply({}, _seed())
        posted: dict[str, str] = {}  # key → entry id
        seen: set[str] = set()
        for draft in history:  # one at a time: a draft that would overdraw is refused alone
            after = _apply(expected, draft)
            replay = draft.external_key in seen
            with one_by_one.uow() as uow:
                if not replay and _guarded_shortfall(after):
                    with pytest.raises(InsufficientFunds):
                        one_by_one.ledger.post(uow, draft)
                    continue
                entry = one_by_one.ledger.post(uow, draft)
                uow.commit()
            if replay:
                assert entry.id == posted[draft.external_key]
            else:
                expected, posted[draft.external_key] = after, entry.id
                seen.add(draft.external_key)

        unique = list({d.external_key: d for d in history}.values())
        whole = _seed()
        total = _apply({}, whole)
        for draft in unique:
            total = _apply(total, draft)
        with batch.uow() as uow:
            if _guarded_shortfall(total):  # a batch is refused whole, by its net effect
                with pytest.raises(InsufficientFunds):
                    batch.ledger.post_many(uow, history)
                total = _apply({}, whole)
                unique = []
            else:
                entries = batch.ledger.post_many(uow, history)
                uow.commit()
                by_key = {e.external_key: e.id for e in entries}
                assert [e.id for e in entries] == [by_key[d.external_key] for d in history]
                assert len(set(by_key.values())) == len(unique)

        for c, balances, keys in (
            (one_by_one, expected, set(posted)),
            (batch, total, {d.external_key for d in unique}),
        ):
            support.assert_books_sound(c, backing=False)
            with c.uow() as uow:
                stored = support.stored_balances(uow.connection)
                got = set(
                    uow.connection.execute(
                        text("SELECT external_key FROM journal_entries WHERE kind = 'random'")
                    ).scalars()
                )
            assert {k: v for k, v in stored.items() if v} == {
                k: v for k, v in balances.items() if v
            }
            assert got == keys
        if len(posted) == len(unique) == len({d.external_key for d in history}):
            # everything posted both ways: the same books, entry by entry
            snapshots = []
            for c in containers:
                with c.uow() as uow:
                    keys = [d.external_key for d in unique]
                    snapshots.append(
                        {
                            e.external_key: (e.kind, sorted(map(repr, e.postings)), e.body_hash)
                            for e in c.ledger.entries(uow, keys=keys)
                        }
                    )
                    snapshots[-1]["balances"] = support.stored_balances(uow.connection)
            assert snapshots[0] == snapshots[1]
    finally:
        for c in containers:
            c.dispose()
        for file in files:
            support.remove_sqlite(file)
