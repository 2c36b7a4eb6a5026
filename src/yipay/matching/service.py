"""Matching use cases: match a payment in suspense; re-match when trades arrive or are verified."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from yipay.adapters.db.uow import UnitOfWork
from yipay.core.clock import Clock
from yipay.core.money import Money, Rounding
from yipay.fx.errors import RateUnavailable
from yipay.fx.service import FxService
from yipay.matching.domain import MatchDecision, PaymentFacts, exact_match
from yipay.parties.service import PartyService
from yipay.payments.domain import Payment, PaymentStatus
from yipay.payments.service import PaymentService
from yipay.trades.service import TradeService


@dataclass(frozen=True, slots=True)
class MatchingPolicy:
    charges_inference_cap_usd: Decimal = Decimal(50)


class MatchingService:
    def __init__(
        self,
        clock: Clock,
        payments: PaymentService,
        trades: TradeService,
        parties: PartyService,
        fx: FxService,
        policy: MatchingPolicy,
    ) -> None:
        self.clock = clock
        self.payments = payments
        self.trades = trades
        self.parties = parties
        self.fx = fx
        self.policy = policy

    def match_payment(self, uow: UnitOfWork, payment_id: str) -> MatchDecision | None:
        """Allocate a payment in suspense, or record why it stays there. Idempotent."""
        payment = self.payments.get(uow, payment_id, lock=True)
        if payment.status is not PaymentStatus.SUSPENSE:
            return None
        if payment.merchant_id is None:
            reason = payment.status_reason
            if not reason.startswith("unknown beneficiary"):
                reason = "no beneficiary merchant identified"
            self.payments.leave_in_suspense(uow, payment.id, reason)
            return MatchDecision(None, reason=reason)
        open_trades = self.trades.open_trades(
            uow, payment.merchant_id, payment.amount.currency.code
        )
        verified = [t for t in open_trades if t.can_unlock_money]
        names = self._buyer_names(uow, {t.buyer_id for t in open_trades})
        facts = PaymentFacts(
            amount=payment.amount,
            charges=payment.charges,
            charge_bearer=payment.charge_bearer.value if payment.charge_bearer else None,
            payer_name=payment.payer.name,
            remittance_info=payment.remittance_info,
        )
        cap = self._charges_cap(uow, payment)
        decision = exact_match(facts, verified, names, cap)
        if decision.matched:
            assert decision.trade_id is not None
            assert decision.received is not None
            assert decision.charges is not None
            allocation = self.trades.allocate(
                uow,
                trade_id=decision.trade_id,
                payment_id=payment.id,
                received=decision.received,
                charges=decision.charges,
            )
            self.payments.mark_matched(uow, payment.id, [allocation])
            return decision
        pending = [t for t in open_trades if not t.can_unlock_money]
        waiting = exact_match(facts, pending, names, cap) if pending else None
        reason = decision.reason
        if waiting is not None and waiting.matched:
            reason = f"trade {waiting.trade_id} awaits the platform record or an operator review"
        else:
            used_up = [
                t.id
                for t in self.trades.named_in(uow, payment.merchant_id, payment.remittance_info)
                if not t.open_balance.is_positive
            ]
            if used_up:
                reason = f"re-use: trade {', '.join(used_up)} is already fully paid"
        self.payments.leave_in_suspense(uow, payment.id, reason)
        return MatchDecision(None, reason=reason)

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

    def _buyer_names(self, uow: UnitOfWork, buyer_ids: set[str]) -> dict[str, tuple[str, ...]]:
        if not buyer_ids:
            return {}
        buyers = self.parties.buyers(uow, ids=sorted(buyer_ids), limit=len(buyer_ids))
        return {b.id: (b.name, b.name_latin) for b in buyers}

    def _charges_cap(self, uow: UnitOfWork, payment: Payment) -> Money:
        cap_usd = Money.of(self.policy.charges_inference_cap_usd, "USD")
        code = payment.amount.currency.code
        if code == "USD":
            return cap_usd
        try:
            table = self.fx.rate_table(uow, payment.received_at)
            return table.convert(cap_usd, code, Rounding.DOWN)
        except RateUnavailable:
            return Money.zero(code)  # no rate, no inference: better in suspense than guessed
