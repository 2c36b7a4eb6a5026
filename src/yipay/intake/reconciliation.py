"""Nostro reconciliation: each line of our partner bank's statement paired with what we booked.

camt.053 and MT940 are statements of *our* accounts. A credit line is paired with the receipt
that a pacs.008, MT103 or camt.054 already brought (by UETR, end-to-end id or sender reference,
else by amount and value date); it never creates a second credit. A credit line with no message
behind it becomes a receipt in suspense. A debit line is paired with one of our payouts. Whatever
cannot be paired exactly is a *break* with its reason; so is a receipt of the statement's days
that the statement does not show.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from yipay.adapters.db.uow import UnitOfWork
from yipay.adapters.iso20022.xml import MessageError
from yipay.core.clock import Clock
from yipay.core.ids import new_id
from yipay.core.money import Money
from yipay.intake import repository as repo
from yipay.intake.domain import normalise
from yipay.intake.messages.record import BankRecord
from yipay.intake.receipts import money, to_inbound, where
from yipay.payments.domain import Payment, PaymentStatus
from yipay.payments.service import PaymentService
from yipay.payouts.domain import Payout, PayoutStatus
from yipay.payouts.errors import PayoutNotFound
from yipay.payouts.service import PayoutService

if TYPE_CHECKING:
    from yipay.intake.service import FileOutcome

NO_MESSAGE = "statement line with no bank message behind it"
_OUT = (PayoutStatus.SENT, PayoutStatus.ACCEPTED, PayoutStatus.CONFIRMED)
_GONE = (PaymentStatus.REJECTED, PaymentStatus.REVERSED)

LineResult = tuple[int, BankRecord, str, str | None, str]


@dataclass(frozen=True, slots=True)
class Pairing:
    status: str  # paired | break | created
    kind: str | None  # payment | payout
    paired_id: str | None
    reason: str


def _usable(value: str | None) -> str | None:
    if not value or value.strip().upper() == "NOTPROVIDED":
        return None
    return value.strip()


class Reconciler:
    def __init__(
        self,
        clock: Clock,
        payments: PaymentService,
        payouts: PayoutService,
        nostro_accounts: dict[str, str],
    ) -> None:
        self.clock = clock
        self.payments = payments
        self.payouts = payouts
        self.nostro = {normalise(number): code for code, number in nostro_accounts.items()}

    def reconcile(
        self,
        uow: UnitOfWork,
        file_id: str,
        records: list[BankRecord],
        name: str,
        *,
        positions: list[int],
        outcome: FileOutcome,
    ) -> list[LineResult]:
        results: list[LineResult] = []
        counters: dict[tuple[str, str], int] = {}
        stored: dict[tuple[str, str], set[int]] = {}
        periods: dict[str, tuple[date, date]] = {}
        taken: set[str] = set()
        rows = []
        for position, record in zip(positions, records, strict=True):
            place = where(record, name)
            account = normalise(record.account or "")
            if not account:
                raise MessageError(f"{place}: statement line without an account")
            value_date = record.value_date or record.booking_date
            if value_date is None:
                raise MessageError(f"{place}: statement line without a value or booking date")
            amount = money(record.amount, record.currency, what="statement line", place=place)
            statement_id = (record.statement_id or value_date.isoformat())[:64]
            key = (account, statement_id)
            counters[key] = line_no = counters.get(key, 0) + 1
            if key not in stored:
                stored[key] = repo.existing_lines(uow.connection, account, statement_id)
            if line_no in stored[key]:
                outcome.duplicates += 1
                detail = f"statement {statement_id} line {line_no} was already reconciled"
                results.append((position, record, "duplicate", None, detail))
                continue
            outcome.statement_lines += 1
            pairing = self._pair(uow, record, account, amount, value_date, taken, name)
            if pairing.status == "created":
                outcome.created_from_statement += 1
            elif pairing.status == "paired":
                outcome.paired += 1
            else:
                outcome.breaks.append(f"{place} line {line_no}: {pairing.reason}")
            if pairing.paired_id:
                taken.add(pairing.paired_id)
            code = self.nostro.get(account)
            if code is not None and code == amount.currency.code:
                first, last = periods.get(code, (value_date, value_date))
                periods[code] = (min(first, value_date), max(last, value_date))
            rows.append(
                {
                    "id": new_id("statement_line"),
                    "file_id": file_id,
                    "account": account[:64],
                    "currency": amount.currency.code,
                    "statement_id": statement_id,
                    "line_no": line_no,
                    "direction": record.direction,
                    "reversal": record.reversal,
                    "amount_minor": amount.minor,
                    "value_date": value_date,
                    "booking_date": record.booking_date,
                    "uetr": (record.uetr or "")[:36] or None,
                    "end_to_end_id": (_usable(record.end_to_end_id) or "")[:64] or None,
                    "reference": (record.instruction_id or record.transaction_id or "")[:64]
                    or None,
                    "entry_reference": (record.entry_reference or "")[:64] or None,
                    "counterparty": record.debtor_name or record.creditor_name,
                    "remittance_info": record.remittance_info,
                    "status": pairing.status,
                    "paired_kind": pairing.kind,
                    "paired_id": pairing.paired_id,
                    "reason": pairing.reason,
                }
            )
            results.append((position, record, pairing.status, pairing.paired_id, pairing.reason))
        repo.insert_lines(uow.connection, rows)
        for code, (first, last) in sorted(periods.items()):
            outcome.breaks.extend(self.missing_from_statement(uow, code, first, last))
        return results

    def missing_from_statement(
        self, uow: UnitOfWork, currency: str, first: date, last: date
    ) -> list[str]:
        """Receipts valued in [first, last] that no statement line has been paired with."""
        valued = [
            p
            for p in self.payments.valued_between(uow, currency, first, last)
            if p.channel != "statement" and p.status not in _GONE
        ]
        seen = repo.paired_ids(uow.connection, [p.id for p in valued])
        return [
            f"receipt {p.id} of {p.amount} valued {p.value_date} is not on the statement"
            for p in valued
            if p.id not in seen
        ]

    # -- pairing ---------------------------------------------------------------------------
    def _pair(
        self,
        uow: UnitOfWork,
        record: BankRecord,
        account: str,
        amount: Money,
        value_date: date,
        taken: set[str],
        name: str,
    ) -> Pairing:
        code = self.nostro.get(account)
        if code is None:
            return Pairing(
                "break", None, None, f"account {account} is not one of our nostro accounts"
            )
        if code != amount.currency.code:
            return Pairing(
                "break", None, None, f"a {amount.currency.code} line on our {code} nostro account"
            )
        if record.reversal:
            return Pairing(
                "break", None, None, "a reversal entry: check it against the movement it reverses"
            )
        if record.direction == "debit":
            return self._pair_debit(uow, record, amount, taken)
        return self._pair_credit(uow, record, amount, value_date, taken, name)

    def _pair_credit(
        self,
        uow: UnitOfWork,
        record: BankRecord,
        amount: Money,
        value_date: date,
        taken: set[str],
        name: str,
    ) -> Pairing:
        by_reference = self.payments.by_references(
            uow,
            uetr=record.uetr,
            end_to_end_id=_usable(record.end_to_end_id),
            message_id=_usable(record.instruction_id or record.transaction_id),
            currency=amount.currency.code,
        )
        found = self._free(uow, by_reference, taken)
        how = "by reference"
        if not found and not by_reference:
            found = self._free(
                uow, self.payments.by_amount(uow, amount, value_date, exclude=taken), taken
            )
            how = "by amount and value date"
        if found:
            payment = found[0]
            return _compare(payment, amount, value_date, how)
        if by_reference:
            ids = ", ".join(p.id for p in by_reference)
            return Pairing(
                "break", None, None, f"receipt {ids} is already on another statement line"
            )
        return self._create(uow, record, name)

    def _free(self, uow: UnitOfWork, found: list[Payment], taken: set[str]) -> list[Payment]:
        usable = [p for p in found if p.id not in taken and p.status not in _GONE]
        paired = repo.paired_ids(uow.connection, [p.id for p in usable])
        return [p for p in usable if p.id not in paired]

    def _create(self, uow: UnitOfWork, record: BankRecord, name: str) -> Pairing:
        reference = record.entry_reference or f"{record.statement_id}/{record.message_index}"
        line = replace(record, instruction_id=_usable(record.instruction_id) or reference[:64])
        inbound = to_inbound(
            line,
            name=name,
            merchant_id=None,
            beneficiary_note=NO_MESSAGE,
            received_at=self.clock.now(),
        )
        receipt = self.payments.receive(uow, inbound, channel="statement")
        if receipt.duplicate:
            return Pairing(
                "paired", "payment", receipt.payment.id, "receipt already created from this line"
            )
        return Pairing("created", "payment", receipt.payment.id, NO_MESSAGE)

    def _pair_debit(
        self, uow: UnitOfWork, record: BankRecord, amount: Money, taken: set[str]
    ) -> Pairing:
        reference = _usable(record.end_to_end_id) or _usable(record.instruction_id)
        candidates: list[Payout] = []
        how = "by reference"
        if reference:
            try:
                candidates = [self.payouts.get(uow, reference)]
            except PayoutNotFound:
                candidates = []
        if not candidates:
            how = "by amount"
            candidates = [
                p
                for p in self.payouts.find(uow, statuses=list(_OUT), limit=None)
                if p.amount == amount
            ]
        free = [p for p in candidates if p.id not in taken]
        paired = repo.paired_ids(uow.connection, [p.id for p in free])
        free = [p for p in free if p.id not in paired]
        if not free:
            return Pairing("break", None, None, f"a debit of {amount} with no payout of ours")
        payout = free[0]
        if payout.amount != amount:
            return Pairing(
                "break",
                "payout",
                payout.id,
                f"amount differs: statement {amount}, payout {payout.amount}",
            )
        return Pairing("paired", "payout", payout.id, f"payout paired {how}")


def _compare(payment: Payment, amount: Money, value_date: date, how: str) -> Pairing:
    if payment.amount != amount:
        return Pairing(
            "break",
            "payment",
            payment.id,
            f"amount differs: statement {amount}, receipt {payment.amount}",
        )
    if payment.value_date != value_date:
        return Pairing(
            "break",
            "payment",
            payment.id,
            f"value date differs: statement {value_date}, receipt {payment.value_date}",
        )
    return Pairing("paired", "payment", payment.id, f"receipt paired {how}")
