"""The spine's steps. Each is one unit of work, idempotent, and leaves a visible state.

Intake calls `receive`; screening calls `hold` or `clear_screening`; matching calls
`mark_matched` or `leave_in_suspense`; the credit and settlement steps live here because they
move money out of suspense and out of wallets, which only the spine may decide.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from yipay.adapters.db.uow import UnitOfWork
from yipay.core.clock import Clock, RegulatoryCalendar
from yipay.core.ids import new_id
from yipay.fx.domain import PayeeAccount
from yipay.fx.service import FxService, SettlementResult
from yipay.ledger import journal
from yipay.ledger.domain import HoldKind, suspense
from yipay.ledger.service import LedgerService
from yipay.parties.errors import PartyNotFound
from yipay.parties.service import PartyService
from yipay.payments import repository as repo
from yipay.payments.domain import InboundPayment, Payment, PaymentStatus
from yipay.payments.errors import IllegalTransition, PaymentNotFound, SettlementRefused
from yipay.payments.events import (
    PaymentCredited,
    PaymentFrozen,
    PaymentHeld,
    PaymentInSuspense,
    PaymentMatched,
    PaymentReceived,
    PaymentSettled,
    PaymentUnmatched,
)
from yipay.trades.domain import Allocation

AWAITING_KYC = "awaiting merchant KYC approval"


@dataclass(frozen=True, slots=True)
class Receipt:
    payment: Payment
    duplicate: bool


class PaymentService:
    def __init__(
        self,
        clock: Clock,
        calendar: RegulatoryCalendar,
        ledger: LedgerService,
        parties: PartyService,
        fx: FxService,
        nostro_bank: str,
    ) -> None:
        self.clock = clock
        self.calendar = calendar
        self.ledger = ledger
        self.parties = parties
        self.fx = fx
        self.nostro_bank = nostro_bank

    # -- intake -------------------------------------------------------------------------------
    def receive(self, uow: UnitOfWork, inbound: InboundPayment, *, channel: str) -> Receipt:
        """Record a receipt once and book it into suspense (Dr nostro / Cr suspense).

        The same dedupe key again is a duplicate and changes nothing. The same key with a
        different amount, currency or value date is a near duplicate: it is recorded, held and
        left for review, never dropped.
        """
        conn = uow.connection
        key = inbound.dedupe_key
        status, reason = PaymentStatus.RECEIVED, ""
        if key is not None:
            existing = repo.by_dedupe_key(conn, key)
            if existing is not None:
                if _same_money(existing, inbound):
                    return Receipt(existing, duplicate=True)
                key, reason = None, f"possible duplicate of {existing.id}: same key, other terms"
        merchant_id = inbound.merchant_id
        if merchant_id is not None:
            try:
                self.parties.merchant(uow, merchant_id)
            except PartyNotFound:
                reason = reason or f"unknown beneficiary {merchant_id}"
                merchant_id = None
        now = self.clock.now()
        payer = self.parties.recognise_payer(
            uow,
            name=inbound.payer.name,
            account=inbound.payer.account,
            bic=inbound.payer.bic,
            payer_country=inbound.payer.country,
        )
        payment = Payment(
            id=new_id("payment"),
            dedupe_key=key,
            channel=channel,
            status=status,
            status_reason=reason,
            amount=inbound.amount,
            offshore=inbound.offshore,
            value_date=inbound.value_date,
            received_at=inbound.received_at or now,
            payer_id=payer.id,
            payer=inbound.payer,
            merchant_id=merchant_id,
            instructed=inbound.instructed,
            charges=inbound.charges,
            charge_bearer=inbound.charge_bearer,
            debtor_agent_bic=inbound.debtor_agent_bic,
            remittance_info=inbound.remittance_info,
            uetr=inbound.uetr,
            end_to_end_id=inbound.end_to_end_id,
            message_id=inbound.message_id,
            updated_at=now,
        )
        repo.insert(conn, payment)
        self.ledger.post(
            uow, journal.receipt(payment.id, self.nostro_bank, payment.amount, payment.received_at)
        )
        if payment.dedupe_key is None:
            return Receipt(self._hold(uow, payment, reason), duplicate=False)
        uow.publish(
            PaymentReceived(
                subject=payment.id,
                merchant_id=payment.merchant_id,
                amount_minor=payment.amount.minor,
                currency=payment.amount.currency.code,
            )
        )
        return Receipt(payment, duplicate=False)

    # -- screening outcomes -------------------------------------------------------------------
    def hold(self, uow: UnitOfWork, payment_id: str, reason: str) -> Payment:
        """Stop the payment's money in suspense with a compliance hold until an analyst decides."""
        payment = self.get(uow, payment_id, lock=True)
        if payment.status is PaymentStatus.HELD:
            return payment
        return self._hold(uow, payment, reason)

    def _hold(self, uow: UnitOfWork, payment: Payment, reason: str) -> Payment:
        self.ledger.place_hold(
            uow,
            suspense(payment.amount.currency.code),
            payment.amount,
            kind=HoldKind.COMPLIANCE,
            reference=payment.id,
            reason=reason,
        )
        held = self._move(uow, payment, PaymentStatus.HELD, reason)
        uow.publish(PaymentHeld(subject=payment.id, reason=reason))
        return held

    def clear_screening(self, uow: UnitOfWork, payment_id: str) -> Payment:
        payment = self.get(uow, payment_id, lock=True)
        if payment.status is not PaymentStatus.RECEIVED:
            return payment  # already screened: a replayed step changes nothing
        reason = payment.status_reason or "awaiting a matching trade"
        return self._to_suspense(uow, payment, reason)

    def release(self, uow: UnitOfWork, payment_id: str, *, by: str, reason: str) -> Payment:
        """An analyst clears a hold: the money goes on to matching."""
        payment = self.get(uow, payment_id, lock=True)
        if payment.status is not PaymentStatus.HELD:
            raise IllegalTransition(f"payment {payment_id} is {payment.status.value}, not held")
        self.ledger.release_holds(uow, payment.id, by=by)
        return self._to_suspense(uow, payment, f"released by {by}: {reason}")

    def freeze(self, uow: UnitOfWork, payment_id: str, *, by: str, reason: str) -> Payment:
        """An analyst confirms a hit: the hold stays; the money never moves on or back."""
        payment = self.get(uow, payment_id, lock=True)
        frozen = self._move(uow, payment, PaymentStatus.FROZEN, f"frozen by {by}: {reason}")
        uow.publish(PaymentFrozen(subject=payment.id))
        return frozen

    def _to_suspense(self, uow: UnitOfWork, payment: Payment, reason: str) -> Payment:
        moved = self._move(uow, payment, PaymentStatus.SUSPENSE, reason)
        uow.publish(PaymentInSuspense(subject=payment.id, merchant_id=payment.merchant_id))
        return moved

    # -- matching outcomes --------------------------------------------------------------------
    def mark_matched(
        self, uow: UnitOfWork, payment_id: str, allocations: Sequence[Allocation]
    ) -> Payment:
        payment = self.get(uow, payment_id, lock=True)
        if payment.merchant_id is None:
            raise IllegalTransition(f"payment {payment_id} has no beneficiary to match for")
        trade_ids = sorted({a.trade_id for a in allocations})
        matched = self._move(
            uow, payment, PaymentStatus.MATCHED, "matched to " + ", ".join(trade_ids)
        )
        uow.publish(
            PaymentMatched(subject=payment.id, merchant_id=payment.merchant_id, trade_ids=trade_ids)
        )
        return matched

    def leave_in_suspense(self, uow: UnitOfWork, payment_id: str, reason: str) -> Payment:
        payment = self.get(uow, payment_id, lock=True)
        if payment.status is not PaymentStatus.SUSPENSE:
            raise IllegalTransition(f"payment {payment_id} is {payment.status.value}")
        if payment.status_reason == reason:
            return payment
        updated = payment.with_reason(reason, self.clock.now())
        repo.save_state(uow.connection, updated)
        uow.publish(PaymentUnmatched(subject=payment.id, reason=reason))
        return updated

    # -- money out of suspense and out of wallets ---------------------------------------------
    def credit(self, uow: UnitOfWork, payment_id: str) -> Payment:
        """Dr suspense / Cr merchant wallet — only for matched money of a KYC-valid merchant."""
        payment = self.get(uow, payment_id, lock=True)
        if payment.status is not PaymentStatus.MATCHED:
            return payment
        assert payment.merchant_id is not None  # matched payments always have a beneficiary
        merchant = self.parties.merchant(uow, payment.merchant_id)
        today = self.calendar.day_of(self.clock.now())
        if not merchant.identity.kyc_valid_on(today):
            if payment.status_reason != AWAITING_KYC:
                repo.save_state(uow.connection, payment.with_reason(AWAITING_KYC, self.clock.now()))
            return self.get(uow, payment_id)
        now = self.clock.now()
        self.ledger.post(uow, journal.credit_merchant(payment.id, merchant.id, payment.amount, now))
        credited = self._move(uow, payment, PaymentStatus.CREDITED, "in the merchant's wallet")
        uow.publish(
            PaymentCredited(
                subject=payment.id,
                merchant_id=merchant.id,
                amount_minor=payment.amount.minor,
                currency=payment.amount.currency.code,
            )
        )
        return credited

    def settle(self, uow: UnitOfWork, payment_id: str) -> SettlementResult:
        """结汇 of one credited payment into CNY, paid to the merchant's registered account."""
        payment = self.get(uow, payment_id, lock=True)
        if payment.status is not PaymentStatus.CREDITED:
            raise SettlementRefused(
                f"payment {payment_id} is {payment.status.value}; only credited money settles"
            )
        assert payment.merchant_id is not None
        merchant = self.parties.merchant(uow, payment.merchant_id)
        if not merchant.identity.kyc_valid_on(self.calendar.day_of(self.clock.now())):
            raise SettlementRefused(f"merchant {merchant.id} KYC is not approved or has expired")
        account = merchant.settlement_account
        if account is None:
            raise SettlementRefused(f"merchant {merchant.id} has no registered CNY account")
        result = self.fx.settle(
            uow,
            merchant_id=merchant.id,
            sold=payment.amount,
            payee=PayeeAccount(account.bank_name, account.account_no, account.account_name),
            reference=f"payment:{payment.id}",
        )
        self._move(uow, payment, PaymentStatus.SETTLED, f"settled in {result.settlement.id}")
        uow.publish(
            PaymentSettled(
                subject=payment.id, merchant_id=merchant.id, settlement_id=result.settlement.id
            )
        )
        return result

    # -- reading ------------------------------------------------------------------------------
    def get(self, uow: UnitOfWork, payment_id: str, *, lock: bool = False) -> Payment:
        found = repo.get(uow.connection, payment_id, lock=lock)
        if found is None:
            raise PaymentNotFound(f"no payment {payment_id}")
        return found

    def find(
        self,
        uow: UnitOfWork,
        *,
        merchant_id: str | None = None,
        statuses: Sequence[PaymentStatus] | None = None,
        limit: int | None = 100,
        after: str | None = None,
    ) -> list[Payment]:
        return repo.find(
            uow.connection, merchant_id=merchant_id, statuses=statuses, limit=limit, after=after
        )

    def summary(self, uow: UnitOfWork) -> list[tuple[str, str, int, int]]:
        return repo.summary(uow.connection)

    def _move(self, uow: UnitOfWork, payment: Payment, new: PaymentStatus, reason: str) -> Payment:
        moved = payment.moved_to(new, reason, self.clock.now())
        repo.save_state(uow.connection, moved)
        return moved


def _same_money(existing: Payment, inbound: InboundPayment) -> bool:
    return (existing.amount, existing.value_date) == (inbound.amount, inbound.value_date)
