"""Matching use cases: match a payment in suspense; re-match when trades arrive or are verified.

One payment is matched online the way the batch engine (`reconcile.solve_block`, "reconcile-1")
would match it: the engine is given this payment and its merchant's open trades in its currency
dated within the engine's window, verified ones only (a merchant-entered trade never unlocks
money), with reference rates from the FX capability for the charges cap. The money is allocated
only when the engine decides automatically (score ≥ `auto_score`, `auto_margin` ahead of the
runner-up); otherwise it stays in suspense with a reason naming the best suggestion. The engine
knows the payers recorded as paying for the merchant's buyers (parties' payer relations).

People decide the rest: an operator confirms a match for money in suspense (`confirm_match`), a
merchant claims a payment for one of its trades with evidence (`file_claim`) and another user
reviews the claim (`decide_claim`); `suspense` lists the money still waiting, with its age.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from yipay.adapters.db.uow import UnitOfWork
from yipay.core.clock import Clock, RegulatoryCalendar
from yipay.core.errors import SameUserApproval
from yipay.core.ids import new_id
from yipay.core.money import Money
from yipay.fx.errors import RateUnavailable
from yipay.fx.service import FxService
from yipay.matching.domain import Claim, ClaimStatus, MatchDecision, MatchRecord, SuspenseItem
from yipay.matching.errors import ClaimNotFound, InvalidClaim, MatchRefused
from yipay.matching.events import ClaimDecided, ClaimFiled, MatchConfirmed
from yipay.matching.names import name_tokens
from yipay.matching.rates import FILE_TOLERANCE, RateTable
from yipay.matching.reconcile import (
    ENGINE_VERSION,
    Context,
    PaymentRow,
    Policy,
    Relation,
    RowResult,
    Suggestion,
    TradeRow,
    solve_block_explained,
)
from yipay.matching.repository import ClaimStore, MatchRecordStore, SuggestionStore
from yipay.parties.domain import RelationSource
from yipay.parties.service import PartyService
from yipay.payments.domain import Payment, PaymentStatus
from yipay.payments.errors import PaymentNotFound
from yipay.payments.service import PaymentService
from yipay.payouts.domain import Payout
from yipay.trades.domain import Allocation, OpenTrade, Verification
from yipay.trades.errors import OverAllocation, TradeNotFound
from yipay.trades.service import TradeService

UNMATCHED = "unmatched"  # the match record of a payment whose match a person undid


@dataclass(frozen=True, slots=True)
class MatchingPolicy:
    charges_inference_cap_usd: Decimal = Decimal(50)


@dataclass(frozen=True, slots=True)
class _Outcome:
    """What the engine said about one payment: allocation rows (empty: none), suggestions, and
    the explanation of an automatic match."""

    rows: list[RowResult]
    suggestions: list[Suggestion]
    explanation: str = ""


class MatchingService:
    def __init__(
        self,
        clock: Clock,
        payments: PaymentService,
        trades: TradeService,
        parties: PartyService,
        fx: FxService,
        policy: MatchingPolicy,
        suggestions: SuggestionStore | None = None,
        claims: ClaimStore | None = None,
        calendar: RegulatoryCalendar | None = None,
        records: MatchRecordStore | None = None,
    ) -> None:
        self.clock = clock
        self.payments = payments
        self.trades = trades
        self.parties = parties
        self.fx = fx
        self.policy = policy
        self.suggestions = suggestions or SuggestionStore()
        self.claims = claims or ClaimStore()
        self.records = records or MatchRecordStore()
        self.calendar = calendar or RegulatoryCalendar()
        self.engine_policy = Policy(charges_cap_usd=policy.charges_inference_cap_usd)

    def match_payment(self, uow: UnitOfWork, payment_id: str) -> MatchDecision | None:
        """Allocate a payment in suspense, or record why it stays there. Idempotent."""
        payment = self.payments.get(uow, payment_id, lock=True)
        if payment.status is not PaymentStatus.SUSPENSE:
            return None
        undone = self.records.get(uow, payment.id)
        if undone is not None and undone.engine == UNMATCHED:
            reason = f"{undone.explanation}; an operator decides"
            self.payments.leave_in_suspense(uow, payment.id, reason)
            return MatchDecision(None, reason=reason)
        if payment.merchant_id is None:
            reason = payment.status_reason
            if not reason.startswith("unknown beneficiary"):
                reason = "no beneficiary merchant identified"
            self.payments.leave_in_suspense(uow, payment.id, reason)
            return MatchDecision(None, reason=reason)
        window = self.engine_policy
        # Trades the text names that are used up go to the engine too (with nothing open): the
        # text then counts against every other trade, so money quoting a paid invoice waits.
        used_up = self.used_up_named(uow, payment)
        open_trades = self.trades.open_for_matching(
            uow,
            payment.merchant_id,
            None,  # other currencies too: the instructed amount or the reference rate converts
            payment.value_date - timedelta(days=window.days_after),
            payment.value_date + timedelta(days=window.days_before),
            also=used_up,
        )
        verified = [t for t in open_trades if t.verification is Verification.VERIFIED]
        pending = [t for t in open_trades if t.verification is Verification.PENDING_REVIEW]
        buyers = self.buyers(uow, {t.buyer_id for t in open_trades})
        context = Context(self.engine_policy, self.rates(uow, payment), self.relations(uow, buyers))
        row = payment_row(payment)
        outcome = self._solve(context, row, verified, buyers)
        booked = self._allocate(uow, payment, outcome)
        if isinstance(booked, MatchDecision):
            self.suggestions.clear(uow, payment.id)
            return booked
        reason = booked
        if pending and not reason:
            waiting = self._solve(context, row, pending, buyers)
            if waiting.rows:
                reason = (
                    f"trade {waiting.rows[0][0]} awaits the platform record or an operator review"
                )
        if not reason and not outcome.rows and used_up:
            reason = f"re-use: trade {', '.join(used_up)} is already fully paid"
        suggested = _suggested(outcome)
        if suggested:
            reason = f"{reason}; {suggested}" if reason else suggested
        if not reason:
            reason = (
                "no open trade of this merchant in this currency"
                if not any(t.currency == payment.amount.currency.code for t in verified)
                else f"no trade fits ({ENGINE_VERSION})"
            )
        self.suggestions.replace(uow, payment.id, outcome.suggestions, self.clock.now())
        self.payments.leave_in_suspense(uow, payment.id, reason)
        return MatchDecision(None, rule=ENGINE_VERSION, reason=reason)

    def unmatch(self, uow: UnitOfWork, payment_id: str, *, by: str, reason: str) -> Payment:
        """A person undoes a match (wrong trade, goods returned): the allocations are reversed
        (the trades open again, the history kept), the money goes back to suspense, and the
        engine will not match this payment by itself again — people decide it from now on."""
        if not reason.strip():
            raise InvalidClaim("undoing a match needs a reason")
        payment = self.payments.get(uow, payment_id, lock=True)
        if payment.status not in (PaymentStatus.MATCHED, PaymentStatus.CREDITED):
            raise MatchRefused(
                f"payment {payment_id} is {payment.status.value}: only matched or credited money"
                " that is not settled can be unmatched"
            )
        why = f"unmatched by {by}: {reason}"
        for allocation in self.trades.allocations_for_payment(uow, payment_id):
            self.trades.reverse_allocation(uow, allocation.id, why)
        moved = self.payments.unmatch(uow, payment_id, by=by, reason=reason)
        self.records.save(
            uow,
            MatchRecord(
                payment_id=payment_id,
                engine=UNMATCHED,
                score=None,
                explanation=why,
                decided_by=by,
                confirmed=True,
                decided_at=self.clock.now(),
            ),
        )
        return moved

    def return_to_payer(self, uow: UnitOfWork, payment_id: str, *, by: str, reason: str) -> Payout:
        """Send money back to the payer: from suspense as it is; matched or credited money (the
        goods came back, the order was cancelled) by undoing the match first, in the same unit
        of work. Never held, frozen or settled money."""
        payment = self.payments.get(uow, payment_id, lock=True)
        if payment.status in (PaymentStatus.MATCHED, PaymentStatus.CREDITED):
            self.unmatch(uow, payment_id, by=by, reason=f"returned to the payer: {reason}")
        return self.payments.return_to_payer(uow, payment_id, by=by, reason=reason)

    def rematch_merchant(self, uow: UnitOfWork, merchant_id: str) -> int:
        """Retry every payment of `merchant_id` waiting in suspense; returns how many matched."""
        matched = 0
        waiting = self.payments.find(
            uow, merchant_id=merchant_id, statuses=[PaymentStatus.SUSPENSE], limit=None
        )
        for payment in waiting:
            decision = self.match_payment(uow, payment.id)
            matched += bool(decision and decision.matched)
        return matched

    # -- people's decisions -------------------------------------------------------------------
    def confirm_match(
        self,
        uow: UnitOfWork,
        payment_id: str,
        trade_id: str,
        *,
        by: str,
        reason: str,
        claim_id: str | None = None,
    ) -> MatchDecision:
        """An operator matches money in suspense to a trade of its merchant: the whole payment,
        gross (received + stated charges), never more than the trade's open balance, never held
        or frozen money. A payer who is not the buyer is recorded as paying for it."""
        if not reason.strip():
            raise InvalidClaim("a match needs a reason")
        payment = self.payments.get(uow, payment_id, lock=True)
        if payment.status is not PaymentStatus.SUSPENSE:
            raise MatchRefused(
                f"payment {payment_id} is {payment.status.value}: only money in suspense is matched"
            )
        if payment.merchant_id is None:
            raise MatchRefused(f"payment {payment_id} names no merchant; it cannot be matched")
        trade = self.trades.get(uow, trade_id)
        if trade.merchant_id != payment.merchant_id:
            raise MatchRefused(f"trade {trade_id} is not a trade of merchant {payment.merchant_id}")
        code = payment.amount.currency.code
        if trade.amount.currency.code != code:
            raise MatchRefused(f"trade {trade_id} is in {trade.amount.currency.code}, not {code}")
        charges = payment.charges if payment.charges is not None else Money.zero(code)
        gross = payment.amount + charges
        if gross > trade.open_balance:
            raise OverAllocation(
                f"trade {trade_id} has {trade.open_balance} open; this payment consumes {gross}"
                " (received + charges)"
            )
        allocation = self.trades.allocate(
            uow, trade_id=trade_id, payment_id=payment.id, received=payment.amount, charges=charges
        )
        self.payments.mark_matched(uow, payment.id, [allocation])
        self.suggestions.clear(uow, payment.id)
        self.records.save(
            uow,
            MatchRecord(
                payment_id=payment.id,
                engine="operator",
                score=None,
                explanation=f"confirmed by {by}: {reason}",
                decided_by=by,
                confirmed=True,
                decided_at=self.clock.now(),
            ),
        )
        self._remember_payer(uow, payment, trade.buyer_id, by)
        uow.publish(
            MatchConfirmed(
                subject=payment.id, trade_id=trade_id, confirmed_by=by, reason=reason,
                claim_id=claim_id,
            )
        )  # fmt: skip
        return MatchDecision(
            trade_id,
            payment.amount,
            charges,
            rule="operator",
            reason=reason,
            trade_ids=(trade_id,),
        )

    def file_claim(
        self,
        uow: UnitOfWork,
        payment_id: str,
        trade_id: str,
        *,
        evidence: str,
        by: str,
        merchant_id: str | None = None,
    ) -> Claim:
        """A merchant says "this payment is for trade X" (`merchant_id`: the claimant's shop; a
        payment or trade of another shop does not exist for it)."""
        payment = self.payments.get(uow, payment_id)
        if merchant_id is not None and payment.merchant_id != merchant_id:
            raise PaymentNotFound(f"no payment {payment_id}")
        trade = self.trades.get(uow, trade_id)
        if payment.merchant_id is None or trade.merchant_id != payment.merchant_id:
            raise TradeNotFound(f"no trade {trade_id}")
        if not evidence.strip():
            raise InvalidClaim("a claim needs evidence (what shows the payment is for the trade)")
        if payment.status is not PaymentStatus.SUSPENSE:
            raise MatchRefused(f"payment {payment_id} is not waiting for a match")
        if self.claims.find(uow, status=ClaimStatus.OPEN, payment_ids=[payment_id]):
            raise MatchRefused(f"payment {payment_id} already has an open claim")
        claim = Claim(
            id=new_id("claim"),
            payment_id=payment_id,
            trade_id=trade_id,
            merchant_id=payment.merchant_id,
            evidence=evidence.strip(),
            claimed_by=by,
            claimed_at=self.clock.now(),
        )
        self.claims.insert(uow, claim)
        uow.publish(
            ClaimFiled(
                subject=claim.id, payment_id=payment_id, trade_id=trade_id,
                merchant_id=claim.merchant_id, claimed_by=by,
            )
        )  # fmt: skip
        return claim

    def decide_claim(
        self, uow: UnitOfWork, claim_id: str, *, approve: bool, by: str, reason: str
    ) -> Claim:
        """Another user than the claimant approves (the operator's match) or rejects (the money
        stays in suspense) a claim."""
        claim = self.claim(uow, claim_id, lock=True)
        if claim.status is not ClaimStatus.OPEN:
            raise MatchRefused(f"claim {claim_id} was already {claim.status.value}")
        if by == claim.claimed_by:
            raise SameUserApproval(f"{by} filed claim {claim_id} and cannot decide it")
        if not reason.strip():
            raise InvalidClaim("a decision needs a reason")
        if approve:
            self.confirm_match(
                uow,
                claim.payment_id,
                claim.trade_id,
                by=by,
                reason=f"claim {claim.id}: {reason}",
                claim_id=claim.id,
            )
        decided = replace(
            claim,
            status=ClaimStatus.APPROVED if approve else ClaimStatus.REJECTED,
            decided_by=by,
            decided_at=self.clock.now(),
            decision_reason=reason,
        )
        if not self.claims.decide(uow, decided):
            raise MatchRefused(f"claim {claim_id} was decided concurrently")
        uow.publish(
            ClaimDecided(
                subject=claim.id, payment_id=claim.payment_id, trade_id=claim.trade_id,
                approved=approve, decided_by=by, reason=reason,
            )
        )  # fmt: skip
        return decided

    def claim(self, uow: UnitOfWork, claim_id: str, *, lock: bool = False) -> Claim:
        found = self.claims.get(uow, claim_id, lock=lock)
        if found is None:
            raise ClaimNotFound(f"no claim {claim_id}")
        return found

    def find_claims(
        self,
        uow: UnitOfWork,
        *,
        status: ClaimStatus | None = None,
        merchant_id: str | None = None,
        limit: int | None = 100,
    ) -> list[Claim]:
        return self.claims.find(uow, status=status, merchant_id=merchant_id, limit=limit)

    def suggestions_for(self, uow: UnitOfWork, payment_id: str) -> list[Suggestion]:
        self.payments.get(uow, payment_id)
        return self.suggestions.for_payment(uow, payment_id)

    def suspense(
        self, uow: UnitOfWork, *, older_than_days: int = 0, merchant_id: str | None = None
    ) -> list[SuspenseItem]:
        """Money in suspense for `older_than_days` regulatory days or more, oldest first."""
        today = self.calendar.day_of(self.clock.now())
        waiting = self.payments.find(
            uow, merchant_id=merchant_id, statuses=[PaymentStatus.SUSPENSE], limit=None
        )
        aged: list[tuple[Payment, date, int]] = []
        for payment in waiting:
            day = self.calendar.day_of(payment.received_at)
            if (today - day).days >= older_than_days:
                aged.append((payment, day, (today - day).days))
        ids = [p.id for p, _d, _a in aged]
        suggested = self.suggestions.with_suggestions(uow, ids)
        claimed = {
            c.payment_id
            for c in self.claims.find(uow, status=ClaimStatus.OPEN, payment_ids=ids, limit=None)
        }
        aged.sort(key=lambda item: (item[0].received_at, item[0].id))
        return [
            SuspenseItem(
                payment_id=p.id,
                merchant_id=p.merchant_id,
                amount=p.amount,
                received_on=day,
                age_days=age,
                reason=p.status_reason,
                has_suggestion=p.id in suggested,
                has_open_claim=p.id in claimed,
            )
            for p, day, age in aged
        ]

    def _remember_payer(self, uow: UnitOfWork, payment: Payment, buyer_id: str, by: str) -> None:
        """A payer other than the buyer, confirmed by a person, is a relation from now on."""
        buyer = self.parties.buyer(uow, buyer_id)
        payer = set(name_tokens(payment.payer.name))
        if not payer or payer in ({*name_tokens(buyer.name)}, {*name_tokens(buyer.name_latin)}):
            return
        self.parties.add_payer_relation(
            uow,
            buyer_id,
            payer_name=payment.payer.name,
            payer_account=payment.payer.account,
            source=RelationSource.ANALYST_CONFIRMED,
            by=by,
        )

    # -- the engine ------------------------------------------------------------------------------
    def _solve(
        self,
        context: Context,
        row: PaymentRow,
        trades: list[OpenTrade],
        buyers: dict[str, tuple[str, str]],
    ) -> _Outcome:
        if not trades:
            return _Outcome([], [])
        rows = [trade_row(t, buyers.get(t.buyer_id, ("", ""))) for t in trades]
        [result], suggested, explained = solve_block_explained(context, [row], rows)
        allocated = [r for r in result if r[0] is not None]
        return _Outcome(allocated, [s for _p, s in suggested], explained.get(row[0], ""))

    def _allocate(
        self, uow: UnitOfWork, payment: Payment, outcome: _Outcome
    ) -> MatchDecision | str:
        """Allocate what the engine decided, through trades.allocate; else why not ("" when the
        engine decided nothing; a reason when the allocation path cannot book its decision)."""
        rows = outcome.rows
        if not rows:
            return ""
        booked = self.book(uow, payment, rows)
        if isinstance(booked, str):
            return booked
        self.payments.mark_matched(uow, payment.id, booked)
        self.record(uow, payment.id, rows[0][5], outcome.explanation)
        code = payment.amount.currency.code
        charges_total = Money.from_minor(sum(a.charges.minor for a in booked), code)
        return MatchDecision(
            booked[0].trade_id,
            payment.amount,
            charges_total,
            rule=ENGINE_VERSION,
            reason=f"score {rows[0][5]:.2f}",
            trade_ids=tuple(a.trade_id for a in booked),
            score=rows[0][5],
        )

    def book(
        self, uow: UnitOfWork, payment: Payment, rows: list[RowResult]
    ) -> list[Allocation] | str:
        """The engine's allocation rows of a payment booked on its trades; or why they cannot be
        (the payment's rows must add up to what was received)."""
        code = payment.amount.currency.code
        best = f"trade {', '.join(str(r[0]) for r in rows)} (score {rows[0][5]:.2f})"
        if sum(r[1] for r in rows) != payment.amount.minor:
            return f"more than the open balance of {best}; review"
        parts: list[tuple[str, Money, Money, Money | None]] = []
        for trade_id, received, consumed, _charges, trade_code, _score in rows:
            assert trade_id is not None
            assert consumed is not None
            assert trade_code is not None
            if trade_code != code:  # converted: the trade gives `consumed` of its currency
                parts.append(
                    (
                        trade_id,
                        Money.from_minor(received, code),
                        Money.zero(code),
                        Money.from_minor(consumed, trade_code),
                    )
                )
                continue
            charges = consumed - received  # gross = received + charges, exactly what is consumed
            if charges < 0:
                return f"{best}: charges cannot be negative; review"
            parts.append(
                (trade_id, Money.from_minor(received, code), Money.from_minor(charges, code), None)
            )
        return [
            self.trades.allocate(
                uow,
                trade_id=trade_id,
                payment_id=payment.id,
                received=received,
                charges=charges,
                consumed=consumed,
            )
            for trade_id, received, charges, consumed in parts
        ]

    def used_up_named(self, uow: UnitOfWork, payment: Payment) -> list[str]:
        """The merchant's trades this payment's text names that have nothing open."""
        if payment.merchant_id is None:
            return []
        return [
            t.id
            for t in self.trades.named_in(uow, payment.merchant_id, payment.remittance_info)
            if not t.open_balance.is_positive
        ]

    def record(self, uow: UnitOfWork, payment_id: str, score: float, explanation: str) -> None:
        self.records.save(
            uow,
            MatchRecord(
                payment_id=payment_id,
                engine=ENGINE_VERSION,
                score=score,
                explanation=explanation or f"{ENGINE_VERSION}: score {score:.4f}",
                decided_by="engine",
                confirmed=False,
                decided_at=self.clock.now(),
            ),
        )

    def match_record(self, uow: UnitOfWork, payment_id: str) -> MatchRecord | None:
        """How this payment was matched (None: not matched, or matched before records)."""
        self.payments.get(uow, payment_id)
        return self.records.get(uow, payment_id)

    def buyers(self, uow: UnitOfWork, buyer_ids: set[str]) -> dict[str, tuple[str, str]]:
        """Buyer id → (name the engine compares with the payer, country)."""
        if not buyer_ids:
            return {}
        buyers = self.parties.buyers(uow, ids=sorted(buyer_ids), limit=len(buyer_ids))
        return {b.id: (b.name_latin or b.name, b.country) for b in buyers}

    def relations(self, uow: UnitOfWork, buyers: dict[str, tuple[str, str]]) -> list[Relation]:
        """The payers recorded as paying for these buyers, as the engine takes them (the buyer by
        the name the engine compares)."""
        if not buyers:
            return []
        return [
            Relation(buyers[r.buyer_id][0], r.payer_name, r.payer_account)
            for r in self.parties.payer_relations(uow, sorted(buyers))
            if r.buyer_id in buyers
        ]

    def rates(self, uow: UnitOfWork, payment: Payment) -> RateTable:
        """The reference mid rates in force at receipt; none known, no conversion (so no charges
        are inferred in another currency than USD: better in suspense than guessed)."""
        try:
            table = self.fx.rate_table(uow, payment.received_at)
        except RateUnavailable:
            return RateTable({}, FILE_TOLERANCE, "none")
        return RateTable.from_rates(table.rates.values())


def payment_row(payment: Payment) -> PaymentRow:
    charges, instructed = payment.charges, payment.instructed
    return (
        payment.id,
        payment.value_date.toordinal(),
        payment.amount.minor,
        payment.amount.currency.code,
        payment.payer.name,
        payment.payer.country,
        payment.payer.account,
        payment.remittance_info,
        payment.merchant_id or "",
        None if charges is None else charges.minor,
        None if charges is None else charges.currency.code,
        payment.charge_bearer.value if payment.charge_bearer else None,
        None if instructed is None else instructed.minor,
        None if instructed is None else instructed.currency.code,
    )


def trade_row(trade: OpenTrade, buyer: tuple[str, str]) -> TradeRow:
    """The engine sees the open balance as the trade's amount."""
    return (
        trade.id,
        "",
        buyer[0],
        buyer[1],
        trade.open_minor,
        trade.currency,
        trade.trade_date.toordinal(),
        trade.reference,
        trade.order_no or trade.platform_id,
        trade.declaration_no,
        trade.waybill_no,
    )


def _suggested(outcome: _Outcome) -> str:
    """'suggested: trade X (score 0.62, runner-up 0.58)', from the engine's best suggestion."""
    if not outcome.suggestions:
        return ""
    ranked = sorted(outcome.suggestions, key=lambda s: s.rank)
    best = ranked[0]
    runner = f", runner-up {ranked[1].score:.2f}" if len(ranked) > 1 else ""
    label = "trade" if len(best.trade_ids) == 1 else "trades"
    return (
        f"suggested: {label} {', '.join(best.trade_ids)} (score {best.score:.2f}{runner});"
        f" {best.reason}"
    )
