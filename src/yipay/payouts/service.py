"""Payout use cases: request (with a hold), approve (maker-checker), decline, export as pain.001,
and apply the bank's answers (pain.002 / pacs.002 / pacs.004 / camt.054)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from yipay.adapters.db.uow import UnitOfWork
from yipay.adapters.iso20022 import (
    CreditTransfer,
    CreditTransferBatch,
    StatusEvent,
    write_pain001,
)
from yipay.core.clock import Clock, RegulatoryCalendar
from yipay.core.errors import SameUserApproval
from yipay.core.ids import new_id
from yipay.core.money import Money
from yipay.ledger import journal
from yipay.ledger.domain import (
    AccountRef,
    AccountType,
    HoldKind,
    bank_charges_expense,
    nostro,
    payouts_in_transit,
)
from yipay.ledger.service import LedgerService
from yipay.payouts import repository as repo
from yipay.payouts.domain import Payee, Payout, PayoutKind, PayoutStatus
from yipay.payouts.errors import InvalidPayout, PayoutNotFound
from yipay.payouts.events import PayoutConfirmed, PayoutRequested, PayoutReturned

S = PayoutStatus


@dataclass(frozen=True, slots=True)
class PayoutPolicy:
    """Above these amounts (per currency) a second user must approve; a currency not listed
    always needs approval. The debtor side of our instructions is the partner-bank nostro."""

    approval_thresholds: dict[str, Decimal] = field(default_factory=dict)
    nostro_bank: str = "PARTNER"
    institution_name: str = "Yi Pay"
    nostro_bic: str = "PRTNCNSHXXX"
    nostro_accounts: dict[str, str] = field(default_factory=dict)

    def needs_approval(self, amount: Money) -> bool:
        limit = self.approval_thresholds.get(amount.currency.code)
        return limit is None or amount > Money.of(limit, amount.currency)


@dataclass(frozen=True, slots=True)
class Export:
    message_id: str
    document: bytes
    payouts: tuple[Payout, ...]


@dataclass
class StatusOutcome:
    applied: list[tuple[str, str]] = field(default_factory=list)  # (payout id, new status)
    unchanged: list[str] = field(default_factory=list)  # already in that state
    unmatched: list[str] = field(default_factory=list)  # ids we never sent
    review: list[str] = field(default_factory=list)  # answers we cannot apply by rule


class PayoutService:
    def __init__(
        self,
        clock: Clock,
        calendar: RegulatoryCalendar,
        ledger: LedgerService,
        policy: PayoutPolicy,
    ) -> None:
        self.clock = clock
        self.calendar = calendar
        self.ledger = ledger
        self.policy = policy

    def request(
        self,
        uow: UnitOfWork,
        *,
        kind: PayoutKind,
        source: AccountRef,
        amount: Money,
        payee: Payee,
        reference: str,
        requested_by: str,
        merchant_id: str | None = None,
    ) -> Payout:
        """Reserve the money on its source; approve at once below the threshold."""
        if source.type not in {AccountType.WALLET, AccountType.SUSPENSE}:
            raise InvalidPayout(f"payouts leave a wallet or suspense, not {source.code}")
        if amount.currency.code != source.currency or not amount.is_positive:
            raise InvalidPayout(f"a payout of {amount} cannot leave {source.code}")
        payout_id = new_id("payout")
        self.ledger.lock(uow, [source, payouts_in_transit(amount.currency.code)])
        hold = self.ledger.place_hold(
            uow,
            source,
            amount,
            kind=HoldKind.PENDING,
            reference=payout_id,
            reason=f"{kind.value} payout",
        )
        now = self.clock.now()
        needs_approval = self.policy.needs_approval(amount)
        payout = Payout(
            id=payout_id,
            kind=kind,
            merchant_id=merchant_id,
            reference=reference,
            amount=amount,
            source_account=source.code,
            payee=payee,
            status=S.PENDING_APPROVAL,
            hold_id=hold.id,
            created_by=requested_by,
            created_at=now,
            updated_at=now,
        )
        repo.insert(uow.connection, payout)
        uow.publish(
            PayoutRequested(subject=payout.id, kind=kind.value, needs_approval=needs_approval)
        )
        if not needs_approval:
            payout = self._approve(uow, payout, "policy: below the approval threshold")
        return payout

    def approve(self, uow: UnitOfWork, payout_id: str, *, by: str) -> Payout:
        payout = self.get(uow, payout_id, lock=True)
        if by == payout.created_by:
            raise SameUserApproval(f"{by} asked for payout {payout_id} and cannot approve it")
        return self._approve(uow, payout, by)

    def _approve(self, uow: UnitOfWork, payout: Payout, by: str) -> Payout:
        approved = payout.moved_to(S.APPROVED, self.clock.now(), approved_by=by)
        source = _source(payout)
        self.ledger.post_hold(
            uow,
            payout.hold_id,
            journal.payout_approved(payout.id, source, payout.amount, self.clock.now()),
        )
        repo.save(uow.connection, approved)
        return approved

    def decline(self, uow: UnitOfWork, payout_id: str, *, by: str, reason: str) -> Payout:
        payout = self.get(uow, payout_id, lock=True)
        declined = payout.moved_to(
            S.DECLINED, self.clock.now(), reason=f"declined by {by}: {reason}"
        )
        self.ledger.void_hold(uow, payout.hold_id, by=by)
        repo.save(uow.connection, declined)
        uow.publish(
            PayoutReturned(
                subject=payout.id,
                kind=payout.kind.value,
                reference=payout.reference,
                reason=declined.reason,
            )
        )
        return declined

    # -- to the bank --------------------------------------------------------------------------
    def export(self, uow: UnitOfWork) -> list[Export]:
        """Every approved payout, one pain.001 file per currency (each from that currency's
        nostro); they become `sent`. Empty when nothing waits."""
        ready = repo.find(uow.connection, statuses=[S.APPROVED], limit=None)
        by_currency: dict[str, list[Payout]] = {}
        for payout in ready:
            by_currency.setdefault(payout.amount.currency.code, []).append(payout)
        return [
            self._export(uow, currency, group) for currency, group in sorted(by_currency.items())
        ]

    def _export(self, uow: UnitOfWork, currency: str, group: list[Payout]) -> Export:
        account = self.policy.nostro_accounts.get(currency)
        if account is None:
            raise InvalidPayout(f"no nostro account configured for {currency} payouts")
        now = self.clock.now()
        message_id = "YP" + new_id("payout")[4:]
        execution = self.calendar.day_of(now)
        transfers = tuple(
            CreditTransfer(
                end_to_end_id=payout.id,
                amount=payout.amount,
                creditor_name=payout.payee.name,
                creditor_account=payout.payee.account,
                creditor_agent_bic=payout.payee.bank_bic,
                creditor_agent_name=payout.payee.bank_name or None,
                creditor_agent_clearing_id=payout.payee.bank_clearing_id,
                remittance=f"{payout.kind.value} {payout.reference}",
                requested_execution_date=execution,
            )
            for payout in group
        )
        document = write_pain001(
            CreditTransferBatch(
                message_id=message_id,
                created_at=now,
                initiating_party=self.policy.institution_name,
                debtor_name=self.policy.institution_name,
                debtor_account=account,
                debtor_agent_bic=self.policy.nostro_bic,
                transfers=transfers,
            )
        )
        sent = []
        for payout in group:
            moved = payout.moved_to(S.SENT, now, message_id=message_id)
            repo.save(uow.connection, moved)
            sent.append(moved)
        return Export(message_id, document, tuple(sent))

    def apply_status(self, uow: UnitOfWork, events: Sequence[StatusEvent]) -> StatusOutcome:
        """Move sent payouts by what the bank says; a repeated message changes nothing."""
        outcome = StatusOutcome()
        for event, payout in self._addressed(uow, events, outcome):
            problem = _needs_review(event, payout)
            if problem:
                outcome.review.append(f"{payout.id}: {problem}")
                continue
            target = _target(event.kind, payout.status)
            if target is None or target is payout.status:
                outcome.unchanged.append(payout.id)
                continue
            self._move_by_bank(uow, payout, target, event)
            outcome.applied.append((payout.id, target.value))
        return outcome

    def _addressed(
        self, uow: UnitOfWork, events: Sequence[StatusEvent], outcome: StatusOutcome
    ) -> list[tuple[StatusEvent, Payout]]:
        """Each answer with the payout it is about. An answer about a whole file (a group or
        payment-information status with no transaction lines) is about every payout sent in it."""
        pairs = []
        for event in events:
            if event.end_to_end_id:
                payout = repo.get(uow.connection, event.end_to_end_id, lock=True)
                if payout is None:
                    outcome.unmatched.append(event.end_to_end_id)
                else:
                    pairs.append((event, payout))
                continue
            message_id = event.original_message_id or (
                event.original_payment_info_id.rsplit("-", 1)[0]
                if event.original_payment_info_id
                else None
            )
            in_file = (
                repo.find(uow.connection, message_id=message_id, limit=None) if message_id else []
            )
            if not in_file:
                outcome.unmatched.append(f"file {message_id or '?'} (message {event.message_id})")
            pairs.extend((event, payout) for payout in in_file)
        return pairs

    def _move_by_bank(
        self, uow: UnitOfWork, payout: Payout, target: PayoutStatus, event: StatusEvent
    ) -> None:
        now = self.clock.now()
        reason = f"{event.source_format} {event.kind}" + (
            f" ({event.reason_code})" if event.reason_code else ""
        )
        moved = payout.moved_to(target, now, bank_reference=event.bank_reference, reason=reason)
        bank = self.policy.nostro_bank
        if target is S.CONFIRMED:
            self.ledger.post(uow, journal.payout_confirmed(payout.id, bank, payout.amount, now))
            uow.publish(
                PayoutConfirmed(
                    subject=payout.id, kind=payout.kind.value, reference=payout.reference
                )
            )
        elif target is S.RETURNED:
            # a return (pacs.004, a reversed debit) means the bank had paid the money out; a
            # rejection means it never left. A paid-out payout not yet confirmed is confirmed
            # first, so whatever banks kept on the way back is booked, not lost.
            paid_out = event.kind in {"returned", "debit_reversed"}
            source = _source(payout)
            cur = payout.amount.currency.code
            self.ledger.lock(
                uow, [source, payouts_in_transit(cur), nostro(bank, cur), bank_charges_expense(cur)]
            )
            if paid_out and payout.status is not S.CONFIRMED:
                self.ledger.post(uow, journal.payout_confirmed(payout.id, bank, payout.amount, now))
            back = None
            if paid_out and event.amount is not None and event.currency is not None:
                back = Money.of(event.amount, event.currency)  # banks may keep charges
            self.ledger.post(
                uow,
                journal.payout_returned(
                    payout.id,
                    source,
                    bank,
                    payout.amount,
                    now,
                    confirmed=paid_out,
                    returned=back,
                ),
            )
            uow.publish(
                PayoutReturned(
                    subject=payout.id,
                    kind=payout.kind.value,
                    reference=payout.reference,
                    reason=reason,
                )
            )
        repo.save(uow.connection, moved)

    # -- reading ------------------------------------------------------------------------------
    def get(self, uow: UnitOfWork, payout_id: str, *, lock: bool = False) -> Payout:
        found = repo.get(uow.connection, payout_id, lock=lock)
        if found is None:
            raise PayoutNotFound(f"no payout {payout_id}")
        return found

    def find(
        self,
        uow: UnitOfWork,
        *,
        statuses: Sequence[PayoutStatus] | None = None,
        merchant_id: str | None = None,
        reference: str | None = None,
        limit: int | None = 100,
    ) -> list[Payout]:
        return repo.find(
            uow.connection,
            statuses=statuses,
            merchant_id=merchant_id,
            reference=reference,
            limit=limit,
        )

    def totals(self, uow: UnitOfWork) -> list[tuple[str, str, int, int]]:
        return repo.totals(uow.connection)

    def overdue(self, uow: UnitOfWork, older_than: timedelta) -> list[Payout]:
        """Sent payouts the bank has not answered within `older_than` (for operators)."""
        cutoff = self.clock.now() - older_than
        return [
            p
            for p in repo.find(uow.connection, statuses=[S.SENT, S.ACCEPTED], limit=None)
            if p.updated_at < cutoff
        ]


def _source(payout: Payout) -> AccountRef:
    return AccountRef.parse(payout.source_account)


def _needs_review(event: StatusEvent, payout: Payout) -> str:
    """Why a bank answer cannot be applied by rule ('' when it can)."""
    if event.kind == "unknown":
        return f"status {event.status_code or '?'} has no rule; review"
    if event.currency and event.amount is not None:
        if Money.of(event.amount, event.currency).currency != payout.amount.currency:
            return f"answer in {event.currency} for a {payout.amount.currency} payout"
        if Money.of(event.amount, event.currency) > payout.amount:
            return f"bank reports {event.amount} {event.currency}, more than {payout.amount}"
        if not event.amount > 0:
            return f"bank reports {event.amount} {event.currency}; nothing to apply"
    return ""


def _target(kind: str, current: PayoutStatus) -> PayoutStatus | None:
    """What a bank event means for a payout in `current` state (None: nothing to do)."""
    match (kind, current):
        case ("accepted", S.SENT):
            return S.ACCEPTED
        case ("settled" | "debited", S.SENT | S.ACCEPTED):
            return S.CONFIRMED
        case ("rejected", S.SENT | S.ACCEPTED):
            return S.RETURNED
        case ("returned" | "debit_reversed", S.SENT | S.ACCEPTED | S.CONFIRMED):
            return S.RETURNED
        case _:
            return None
