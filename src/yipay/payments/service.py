"""The spine's steps. Each is one unit of work, idempotent, and leaves a visible state.

Intake calls `receive`; screening calls `hold` or `clear_screening`; matching calls
`mark_matched` or `leave_in_suspense`; the credit and settlement steps live here because they
move money out of suspense and out of wallets, which only the spine may decide.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from yipay.adapters.db.uow import UnitOfWork
from yipay.core.clock import Clock, RegulatoryCalendar
from yipay.core.ids import new_id
from yipay.core.money import Money, total
from yipay.fx.domain import Quote
from yipay.fx.errors import RateUnavailable
from yipay.fx.service import FxService, SettlementResult
from yipay.ledger import journal
from yipay.ledger.domain import HoldKind, suspense, wallet
from yipay.ledger.service import LedgerService
from yipay.parties.annual_receipts import settlement_refusal
from yipay.parties.annual_receipts_service import AnnualReceiptsService
from yipay.parties.domain import Merchant
from yipay.parties.service import PartyService
from yipay.payments import repository as repo
from yipay.payments.domain import InboundPayment, Payment, PaymentStatus
from yipay.payments.errors import (
    FxDirectoryRequired,
    IllegalTransition,
    PaymentNotFound,
    SettlementRefused,
)
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
from yipay.payouts.domain import Payee, Payout, PayoutKind
from yipay.payouts.service import PayoutService
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
        payouts: PayoutService,
        receipts: AnnualReceiptsService,
        nostro_bank: str,
    ) -> None:
        self.clock = clock
        self.calendar = calendar
        self.ledger = ledger
        self.parties = parties
        self.fx = fx
        self.payouts = payouts
        self.receipts = receipts
        self.nostro_bank = nostro_bank

    # -- intake -------------------------------------------------------------------------------
    def receive(self, uow: UnitOfWork, inbound: InboundPayment, *, channel: str) -> Receipt:
        """Record a receipt once and book it into suspense (Dr nostro / Cr suspense).

        The same dedupe key again is a duplicate and changes nothing. The same key with a
        different amount, currency or value date is a near duplicate: it is recorded, held and
        left for review, never dropped.
        """
        return self.receive_many(uow, [inbound], channel=channel)[0]

    def receive_many(
        self, uow: UnitOfWork, inbound: Sequence[InboundPayment], *, channel: str
    ) -> list[Receipt]:
        """`receive` for a whole bank file, in order, with one query or insert per table: the
        same rules, including duplicates and near duplicates *within* the file."""
        conn = uow.connection
        known = repo.by_dedupe_keys(conn, [i.dedupe_key for i in inbound if i.dedupe_key])
        merchants = self.parties.existing_merchant_ids(
            uow, [i.merchant_id for i in inbound if i.merchant_id]
        )
        payers = self.parties.recognise_payers(
            uow, [(i.payer.name, i.payer.account, i.payer.bic, i.payer.country) for i in inbound]
        )
        now = self.clock.now()
        receipts: list[Receipt] = []
        fresh: list[Payment] = []
        for item, payer in zip(inbound, payers, strict=True):
            key, reason = item.dedupe_key, ""
            existing = known.get(key) if key is not None else None
            if existing is not None:
                if _same_money(existing, item):
                    receipts.append(Receipt(existing, duplicate=True))
                    continue
                key, reason = None, f"possible duplicate of {existing.id}: same key, other terms"
            merchant_id = item.merchant_id
            if merchant_id is None and item.beneficiary_note:
                reason = reason or f"unknown beneficiary: {item.beneficiary_note}"
            if merchant_id is not None and merchant_id not in merchants:
                reason = reason or f"unknown beneficiary {merchant_id}"
                merchant_id = None
            payment = Payment(
                id=new_id("payment"),
                dedupe_key=key,
                channel=channel,
                status=PaymentStatus.RECEIVED,
                status_reason=reason,
                amount=item.amount,
                offshore=item.offshore,
                value_date=item.value_date,
                received_at=item.received_at or now,
                payer_id=payer.id,
                payer=item.payer,
                merchant_id=merchant_id,
                instructed=item.instructed,
                charges=item.charges,
                charge_bearer=item.charge_bearer,
                debtor_agent_bic=item.debtor_agent_bic,
                remittance_info=item.remittance_info,
                uetr=item.uetr,
                end_to_end_id=item.end_to_end_id,
                message_id=item.message_id,
                updated_at=now,
            )
            if key is not None:
                known[key] = payment
            fresh.append(payment)
            receipts.append(Receipt(payment, duplicate=False))
        repo.insert_many(conn, fresh)
        self.ledger.post_many(
            uow,
            [journal.receipt(p.id, self.nostro_bank, p.amount, p.received_at) for p in fresh],
        )
        held: dict[str, Payment] = {}
        for payment in fresh:
            if payment.dedupe_key is None:
                held[payment.id] = self._hold(uow, payment, payment.status_reason)
                continue
            uow.publish(
                PaymentReceived(
                    subject=payment.id,
                    merchant_id=payment.merchant_id,
                    amount_minor=payment.amount.minor,
                    currency=payment.amount.currency.code,
                )
            )
        return [
            Receipt(held.get(r.payment.id, r.payment), r.duplicate) if not r.duplicate else r
            for r in receipts
        ]

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
        self.ledger.release_compliance_holds(uow, payment.id, by=by, reason=reason)
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

    def reverse_receipt(self, uow: UnitOfWork, payment_id: str, reason: str) -> Payment:
        """The bank took back a credit it had booked to us: reverse the receipt exactly.

        Only money nobody has been credited with can go back this way; once it is matched or in
        a wallet, a person must decide (the caller reports it for review). Idempotent.
        """
        payment = self.get(uow, payment_id, lock=True)
        if payment.status is PaymentStatus.REVERSED:
            return payment
        if payment.status not in {PaymentStatus.RECEIVED, PaymentStatus.SUSPENSE}:
            raise IllegalTransition(
                f"payment {payment_id} is {payment.status.value}: a reversal needs review"
            )
        self.ledger.reverse(uow, f"receipt:{payment.id}", reason=reason)
        return self._move(uow, payment, PaymentStatus.REVERSED, reason)

    def by_references(
        self,
        uow: UnitOfWork,
        *,
        uetr: str | None = None,
        end_to_end_id: str | None = None,
        message_id: str | None = None,
        currency: str | None = None,
    ) -> list[Payment]:
        return repo.by_references(
            uow.connection,
            uetr=uetr,
            end_to_end_id=end_to_end_id,
            message_id=message_id,
            currency=currency,
        )

    def by_amount(
        self, uow: UnitOfWork, amount: Money, value_date: date, *, exclude: set[str]
    ) -> list[Payment]:
        return [
            p for p in repo.by_amount(uow.connection, amount, value_date) if p.id not in exclude
        ]

    def valued_between(
        self, uow: UnitOfWork, currency: str, first: date, last: date
    ) -> list[Payment]:
        return repo.valued_between(uow.connection, currency, first, last)

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
        # the money is the merchant's now: it counts towards the year of its receipt (before the
        # ledger's account locks, the same order as settlement's check)
        self.receipts.count(
            uow,
            merchant,
            payment_id=payment.id,
            amount=payment.amount,
            received_at=payment.received_at,
        )
        round_ = len(self._credits(uow, payment.id))  # earlier credits were all reversed
        self.ledger.post(
            uow, journal.credit_merchant(payment.id, merchant.id, payment.amount, now, round_)
        )
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

    def credit_waiting_for_rates(self, uow: UnitOfWork) -> int:
        """Credit matched payments whose credit failed for want of a reference rate; those still
        without one stay matched (nothing is written for them). How many were credited."""
        credited = 0
        for payment in self.find(uow, statuses=[PaymentStatus.MATCHED], limit=None):
            try:
                moved = self.credit(uow, payment.id)
            except RateUnavailable:
                continue
            credited += moved.status is PaymentStatus.CREDITED
        return credited

    def _credits(self, uow: UnitOfWork, payment_id: str) -> list[str]:
        """The keys of this payment's credit entries so far, oldest first."""
        keys: list[str] = []
        while True:
            key = journal.credit_key(payment_id, len(keys))
            if not self.ledger.entries(uow, keys=[key]):
                return keys
            keys.append(key)

    def unmatch(self, uow: UnitOfWork, payment_id: str, *, by: str, reason: str) -> Payment:
        """A person undoes a match: matched money goes back to suspense; credited money too, by
        the exact reversal of its credit (refused when the wallet no longer holds it), and it no
        longer counts towards the merchant's year. Settled money cannot be unmatched."""
        payment = self.get(uow, payment_id, lock=True)
        if payment.status not in (PaymentStatus.MATCHED, PaymentStatus.CREDITED):
            raise IllegalTransition(
                f"payment {payment_id} is {payment.status.value}; only matched or credited money"
                " that is not settled can be unmatched"
            )
        if payment.status is PaymentStatus.CREDITED:
            assert payment.merchant_id is not None
            code = payment.amount.currency.code
            self.ledger.lock(uow, [suspense(code), wallet(payment.merchant_id, code)])
            latest = self._credits(uow, payment.id)[-1]
            self.ledger.reverse(uow, latest, reason=f"unmatched by {by}: {reason}")
            self.receipts.take_back(uow, payment.id)
        moved = self._move(uow, payment, PaymentStatus.SUSPENSE, f"unmatched by {by}: {reason}")
        uow.publish(PaymentUnmatched(subject=payment.id, reason=f"unmatched by {by}: {reason}"))
        return moved

    def quote_settlement(
        self,
        uow: UnitOfWork,
        merchant_id: str,
        currency: str,
        payment_ids: Sequence[str] | None = None,
    ) -> Quote:
        """A 结汇 quote for credited payments of one merchant in one currency (all of them by
        default): only matched money that reached the wallet can be sold."""
        merchant = self._settleable_merchant(uow, merchant_id)
        credited = self._credited(uow, merchant_id, currency, payment_ids)
        self._within_annual_receipts(uow, merchant, credited)
        sold = total((p.amount for p in credited), currency)
        return self.fx.quote(
            uow,
            merchant_id=merchant.id,
            sold=sold,
            grade=merchant.identity.risk_grade.value,
            references=[p.id for p in credited],
        )

    def accept_quote(self, uow: UnitOfWork, quote_id: str, *, by: str) -> SettlementResult:
        """Settle the quoted payments; the CNY goes to the merchant's registered account."""
        quote = self.fx.get_quote(uow, quote_id, lock=True)
        merchant = self._settleable_merchant(uow, quote.merchant_id)
        account = merchant.settlement_account
        assert account is not None
        payments = (
            []
            if quote.settlement_id
            else self._credited(uow, merchant.id, quote.quote.sold.currency.code, quote.references)
        )
        if payments:  # not a replay of a settled quote: check again, the total may have moved
            self._within_annual_receipts(uow, merchant, payments)
        result = self.fx.accept(
            uow,
            quote_id,
            requested_by=by,
            payee=Payee(account.account_name, account.account_no, account.bank_name),
        )
        for payment in payments:
            self._move(uow, payment, PaymentStatus.SETTLED, f"settled in {result.settlement.id}")
            uow.publish(
                PaymentSettled(
                    subject=payment.id, merchant_id=merchant.id, settlement_id=result.settlement.id
                )
            )
        return result

    def settle(self, uow: UnitOfWork, payment_id: str, *, by: str = "system") -> SettlementResult:
        """Quote and accept at once for one credited payment (a standing instruction)."""
        payment = self.get(uow, payment_id, lock=True)
        if payment.status is not PaymentStatus.CREDITED or payment.merchant_id is None:
            # merchants may ask too: say only what they may see (no tipping-off)
            raise SettlementRefused(
                f"payment {payment_id} is {payment.merchant_view_status};"
                " only credited money settles"
            )
        quote = self.quote_settlement(
            uow, payment.merchant_id, payment.amount.currency.code, [payment.id]
        )
        return self.accept_quote(uow, quote.id, by=by)

    def _settleable_merchant(self, uow: UnitOfWork, merchant_id: str) -> Merchant:
        merchant = self.parties.merchant(uow, merchant_id)
        if not merchant.identity.kyc_valid_on(self.calendar.day_of(self.clock.now())):
            raise SettlementRefused(f"merchant {merchant.id} KYC is not approved or has expired")
        if merchant.settlement_account is None:
            raise SettlementRefused(f"merchant {merchant.id} has no registered CNY account")
        return merchant

    def _within_annual_receipts(
        self, uow: UnitOfWork, merchant: Merchant, sold: Sequence[Payment]
    ) -> None:
        """Above the annual threshold an unregistered merchant's money is not settled: neither
        when this year's receipts are above it, nor money from a year that was."""
        years = {self.calendar.year_of(p.received_at) for p in sold}
        blocked = self.receipts.settlement_block(uow, merchant, years)
        if blocked is not None:
            raise FxDirectoryRequired(settlement_refusal(blocked, self.receipts.policy))

    def _credited(
        self, uow: UnitOfWork, merchant_id: str, currency: str, ids: Sequence[str] | None
    ) -> list[Payment]:
        if ids is None:
            found = repo.find(
                uow.connection,
                merchant_id=merchant_id,
                statuses=[PaymentStatus.CREDITED],
                limit=None,
            )
            chosen = [p for p in found if p.amount.currency.code == currency]
        else:
            chosen = [self.get(uow, pid, lock=True) for pid in ids]
        if not chosen:
            raise SettlementRefused(f"merchant {merchant_id} has no credited {currency} to settle")
        for p in chosen:
            if (
                p.merchant_id != merchant_id
                or p.status is not PaymentStatus.CREDITED
                or p.amount.currency.code != currency
            ):
                raise SettlementRefused(
                    f"payment {p.id} is not credited {currency} money of merchant {merchant_id}"
                )
        return chosen

    def pay_out_wallet(
        self, uow: UnitOfWork, merchant_id: str, amount: Money, *, by: str
    ) -> Payout:
        """Pay CNY already in a merchant's wallet (e.g. after a returned payout) to its
        registered same-name account."""
        merchant = self._settleable_merchant(uow, merchant_id)
        account = merchant.settlement_account
        assert account is not None
        return self.payouts.request(
            uow,
            kind=PayoutKind.SETTLEMENT,
            source=wallet(merchant.id, amount.currency.code),
            amount=amount,
            reference=f"wallet:{merchant.id}",
            requested_by=by,
            merchant_id=merchant.id,
            payee=Payee(account.account_name, account.account_no, account.bank_name),
        )

    # -- returns to the payer -----------------------------------------------------------------
    def return_to_payer(self, uow: UnitOfWork, payment_id: str, *, by: str, reason: str) -> Payout:
        """Send unmatched money back to whoever sent it. Never frozen or held money."""
        payment = self.get(uow, payment_id, lock=True)
        if payment.status is not PaymentStatus.SUSPENSE:
            raise IllegalTransition(
                f"payment {payment_id} is {payment.status.value}; only money in suspense returns"
            )
        if not reason.strip():
            raise IllegalTransition("a return to the payer needs a reason")
        payout = self.payouts.request(
            uow,
            kind=PayoutKind.RETURN_TO_PAYER,
            source=suspense(payment.amount.currency.code),
            amount=payment.amount,
            reference=payment.id,
            requested_by=by,
            payee=Payee(payment.payer.name, payment.payer.account, bank_bic=payment.payer.bic),
        )
        self._move(
            uow, payment, PaymentStatus.RETURNED, f"returned by {by}: {reason} (payout {payout.id})"
        )
        return payout

    def return_failed(self, uow: UnitOfWork, payment_id: str, reason: str) -> Payment:
        """The return was declined or bounced: the money is back in suspense, and so is the
        payment."""
        payment = self.get(uow, payment_id, lock=True)
        if payment.status is not PaymentStatus.RETURNED:
            return payment
        return self._to_suspense(uow, payment, f"return failed: {reason}")

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
        payer_id: str | None = None,
    ) -> list[Payment]:
        return repo.find(
            uow.connection,
            merchant_id=merchant_id,
            statuses=statuses,
            limit=limit,
            after=after,
            payer_id=payer_id,
        )

    def summary(self, uow: UnitOfWork) -> list[tuple[str, str, int, int]]:
        return repo.summary(uow.connection)

    def _move(self, uow: UnitOfWork, payment: Payment, new: PaymentStatus, reason: str) -> Payment:
        moved = payment.moved_to(new, reason, self.clock.now())
        repo.save_state(uow.connection, moved)
        return moved


def _same_money(existing: Payment, inbound: InboundPayment) -> bool:
    return (existing.amount, existing.value_date) == (inbound.amount, inbound.value_date)
