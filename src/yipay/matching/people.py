"""Matching decided by people: an operator's match, merchants' claims and their review, undoing
a match and returning matched money, the suspense ageing list.

The engine defers to people: a payment whose match a person undid is never matched by the engine
again (its match record says `unmatched`), and a person's match is never re-optimised.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from yipay.adapters.db.uow import UnitOfWork
from yipay.core.clock import Clock, RegulatoryCalendar
from yipay.core.errors import SameUserApproval
from yipay.core.ids import new_id
from yipay.core.money import Money
from yipay.matching.domain import (
    UNMATCHED,
    Claim,
    ClaimStatus,
    MatchDecision,
    MatchRecord,
    SuspenseItem,
)
from yipay.matching.errors import ClaimNotFound, InvalidClaim, MatchRefused
from yipay.matching.events import ClaimDecided, ClaimFiled, MatchConfirmed
from yipay.matching.names import name_tokens
from yipay.matching.reconcile import Suggestion
from yipay.matching.repository import ClaimStore, MatchRecordStore, SuggestionStore
from yipay.parties.domain import RelationSource
from yipay.parties.service import PartyService
from yipay.payments.domain import Payment, PaymentStatus
from yipay.payments.errors import PaymentNotFound
from yipay.payments.service import PaymentService
from yipay.payouts.domain import Payout
from yipay.trades.errors import OverAllocation, TradeNotFound
from yipay.trades.service import TradeService


class MatchingByPeople:
    """People's side of `MatchingService` (which sets these attributes)."""

    clock: Clock
    payments: PaymentService
    trades: TradeService
    parties: PartyService
    suggestions: SuggestionStore
    claims: ClaimStore
    records: MatchRecordStore
    calendar: RegulatoryCalendar

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
