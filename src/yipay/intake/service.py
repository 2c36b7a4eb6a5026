"""Intake use cases: bank files in, every record to its place, exactly once.

A file is one unit of work: either every record in it lands (receipts in suspense, returns and
statuses handed to the payout flow, statement lines reconciled) or, if any record is invalid,
nothing does and the file is reported as rejected. The file itself is kept byte for byte with
its SHA-256; the same file again is a duplicate and changes nothing, and the same message inside
another file is caught by the payment's dedupe key.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from yipay.adapters.db.uow import UnitOfWork
from yipay.adapters.iso20022.status import SourceFormat as StatusFormat
from yipay.adapters.iso20022.status import StatusEvent, status_kind
from yipay.core.clock import Clock
from yipay.core.errors import InvalidInput, YipayError
from yipay.core.ids import new_id
from yipay.core.money import Money
from yipay.intake import repository as repo
from yipay.intake.domain import (
    VirtualAccount,
    VirtualAccountStatus,
    account_number,
    attribute,
    normalise,
)
from yipay.intake.json_payment import parse_payment
from yipay.intake.messages.parse import parse_bank_file
from yipay.intake.messages.record import BankRecord
from yipay.intake.receipts import to_inbound, where
from yipay.intake.reconciliation import Reconciler
from yipay.payments.domain import InboundPayment, PaymentStatus
from yipay.payments.errors import IllegalTransition
from yipay.payments.service import PaymentService, Receipt
from yipay.payouts.service import PayoutService

RECEIPT_FORMATS = frozenset({"pacs.008", "mt103", "mt910", "camt.054"})
STATEMENT_FORMATS = frozenset({"camt.053", "mt940"})


@dataclass(frozen=True, slots=True)
class ImportSummary:
    received: int
    duplicates: int
    receipts: tuple[Receipt, ...]


@dataclass
class FileOutcome:
    """What one bank file did: the counts `yipay intake import` prints and the API returns."""

    name: str
    file_id: str | None = None
    source_format: str = ""
    duplicate_of: str | None = None
    records: int = 0
    received: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    suspense_reasons: Counter[str] = field(default_factory=Counter)
    returns: int = 0
    statuses: int = 0
    reversals: int = 0
    statement_lines: int = 0
    paired: int = 0
    created_from_statement: int = 0
    breaks: list[str] = field(default_factory=list)
    review: list[str] = field(default_factory=list)
    payment_ids: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "file_id": self.file_id,
            "source_format": self.source_format,
            "duplicate_of": self.duplicate_of,
            "records": self.records,
            "received": self.received,
            "duplicates": self.duplicates,
            "near_duplicates": self.near_duplicates,
            "suspense_reasons": dict(self.suspense_reasons),
            "returns": self.returns,
            "statuses": self.statuses,
            "reversals": self.reversals,
            "statement_lines": self.statement_lines,
            "paired": self.paired,
            "created_from_statement": self.created_from_statement,
            "breaks": self.breaks,
            "review": self.review,
            "payment_ids": self.payment_ids,
        }


def parse_json_lines(lines: Iterable[str], *, name: str) -> list[InboundPayment]:
    """Every line parsed or the first bad one reported with its line number; blank lines skipped."""
    parsed = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InvalidInput(f"{name} line {number}: not JSON ({exc.msg})") from None
        try:
            parsed.append(parse_payment(data))
        except YipayError as exc:
            raise InvalidInput(f"{name} line {number}: {exc.message}") from None
    if not parsed:
        raise InvalidInput(f"{name}: no payments in the file")
    return parsed


class IntakeService:
    def __init__(
        self,
        clock: Clock,
        payments: PaymentService,
        payouts: PayoutService,
        *,
        nostro_accounts: dict[str, str],
        virtual_account_currencies: Sequence[str],
    ) -> None:
        self.clock = clock
        self.payments = payments
        self.payouts = payouts
        self.currencies = tuple(virtual_account_currencies)
        self.reconciler = Reconciler(clock, payments, payouts, nostro_accounts)

    # -- JSON payments (API and `yipay payments import`) -------------------------------------
    def receive(self, uow: UnitOfWork, inbound: InboundPayment, *, channel: str) -> Receipt:
        return self.payments.receive(uow, inbound, channel=channel)

    def receive_all(
        self, uow: UnitOfWork, inbound: Iterable[InboundPayment], *, channel: str
    ) -> ImportSummary:
        receipts = tuple(self.payments.receive(uow, item, channel=channel) for item in inbound)
        duplicates = sum(r.duplicate for r in receipts)
        return ImportSummary(len(receipts) - duplicates, duplicates, receipts)

    # -- virtual accounts ----------------------------------------------------------------------
    def open_virtual_accounts(
        self, uow: UnitOfWork, merchant_id: str, currencies: Sequence[str] | None = None
    ) -> list[VirtualAccount]:
        """One collection account per currency for the merchant; existing ones are kept."""
        conn = uow.connection
        have = {a.currency for a in repo.virtual_accounts_of(conn, merchant_id)}
        serial = repo.next_serial(conn)
        for code in currencies or self.currencies:
            iso = code.upper()
            if iso in have:
                continue
            repo.insert_virtual_account(
                conn,
                VirtualAccount(
                    number=account_number(iso, serial),
                    merchant_id=merchant_id,
                    currency=iso,
                    serial=serial,
                    status=VirtualAccountStatus.OPEN,
                    opened_at=self.clock.now(),
                ),
            )
            have.add(iso)
            serial += 1
        return repo.virtual_accounts_of(conn, merchant_id)

    def virtual_accounts(self, uow: UnitOfWork, merchant_id: str) -> list[VirtualAccount]:
        return repo.virtual_accounts_of(uow.connection, merchant_id)

    def close_virtual_account(self, uow: UnitOfWork, number: str) -> VirtualAccount:
        found = repo.virtual_account(uow.connection, normalise(number))
        if found is None:
            raise InvalidInput(f"no virtual account {number}")
        repo.close_virtual_account(uow.connection, found.number, self.clock.now())
        closed = repo.virtual_account(uow.connection, found.number)
        assert closed is not None
        return closed

    # -- bank files ----------------------------------------------------------------------------
    def import_file(
        self, uow: UnitOfWork, data: bytes, *, name: str, actor: str = "bank-feed"
    ) -> FileOutcome:
        """Take in one bank file. Raises `MessageError` (nothing stored) for an invalid file."""
        outcome = FileOutcome(name=name)
        digest = hashlib.sha256(data).hexdigest()
        seen = repo.file_by_digest(uow.connection, digest)
        if seen is not None:
            outcome.duplicate_of, outcome.records, outcome.source_format = seen
            outcome.duplicates = outcome.records
            return outcome
        records = parse_bank_file(data, name=name)
        outcome.file_id = new_id("bank_file")
        outcome.records = len(records)
        outcome.source_format = records[0].source_format if records else "empty"
        rows = self._handle(uow, records, name, outcome)
        repo.insert_file(
            uow.connection,
            id=outcome.file_id,
            name=name[-500:],
            sha256=digest,
            source_format=outcome.source_format,
            size_bytes=len(data),
            raw=data,
            received_at=self.clock.now(),
            received_by=actor,
            records=len(records),
            summary={k: v for k, v in outcome.as_json().items() if k != "payment_ids"},
        )
        repo.insert_records(uow.connection, rows)
        return outcome

    def files(self, uow: UnitOfWork, *, limit: int = 100) -> list[dict[str, object]]:
        return [
            {
                "id": row.id,
                "name": row.name,
                "source_format": row.source_format,
                "records": row.records,
                "received_at": row.received_at.isoformat(),
                "summary": row.summary,
            }
            for row in repo.files(uow.connection, limit=limit)
        ]

    def records(self, uow: UnitOfWork, file_id: str) -> list[dict[str, object]]:
        return [
            {
                "position": row.position,
                "source_format": row.source_format,
                "direction": row.direction,
                "outcome": row.outcome,
                "payment_id": row.payment_id,
                "payout_id": row.payout_id,
                "detail": row.detail,
            }
            for row in repo.records_of(uow.connection, file_id)
        ]

    def statement_lines(
        self,
        uow: UnitOfWork,
        *,
        day_from: date | None = None,
        day_to: date | None = None,
        status: str | None = None,
    ) -> list[dict[str, object]]:
        """Statement lines with value dates in [day_from, day_to), with how each was paired."""
        return [
            {
                "account": row.account,
                "currency": row.currency,
                "statement_id": row.statement_id,
                "line_no": row.line_no,
                "direction": row.direction,
                "reversal": row.reversal,
                "amount": str(Money.from_minor(row.amount_minor, row.currency).amount),
                "value_date": row.value_date.isoformat(),
                "status": row.status,
                "paired_kind": row.paired_kind,
                "paired_id": row.paired_id,
                "reason": row.reason,
            }
            for row in repo.lines(uow.connection, day_from=day_from, day_to=day_to, status=status)
        ]

    def _handle(
        self, uow: UnitOfWork, records: list[BankRecord], name: str, outcome: FileOutcome
    ) -> list[dict[str, object]]:
        assert outcome.file_id is not None
        rows: list[dict[str, object]] = []
        accounts: dict[str, VirtualAccount | None] = {}
        statement: list[tuple[int, BankRecord]] = []
        receipts = [
            (position, record) for position, record in enumerate(records) if _is_receipt(record)
        ]
        rows.extend(self._receipts(uow, receipts, name, accounts, outcome))
        for position, record in enumerate(records):
            kind, payment_id, payout_id, detail = "ignored", None, None, ""
            fmt = record.source_format
            if fmt in STATEMENT_FORMATS:
                statement.append((position, record))
                continue
            if _is_receipt(record):
                continue
            if record.direction == "debit" and record.reversal:
                kind, payment_id, detail = self._reverse(uow, record, name, outcome)
            elif record.is_return or (record.direction == "credit" and record.reversal):
                kind, payout_id, detail = self._status(uow, record, "returned", outcome)
                outcome.returns += 1
            elif fmt == "pacs.002" or record.direction == "status":
                code = (record.status or "").upper()
                kind, payout_id, detail = self._status(uow, record, status_kind(code), outcome)
                outcome.statuses += 1
            elif record.direction == "debit":
                kind, payout_id, detail = self._status(uow, record, "debited", outcome)
                outcome.statuses += 1
            rows.append(
                _row(outcome.file_id, position, record, kind, payment_id, payout_id, detail)
            )
        if statement:
            for position, record, kind, kind_id, detail in self.reconciler.reconcile(
                uow,
                outcome.file_id,
                [r for _, r in statement],
                name,
                positions=[p for p, _ in statement],
                outcome=outcome,
            ):
                payment_id = (
                    kind_id
                    if kind in {"paired", "created"} and kind_id and kind_id.startswith("pay_")
                    else None
                )
                payout_id = kind_id if kind_id and kind_id.startswith("pot_") else None
                rows.append(
                    _row(outcome.file_id, position, record, kind, payment_id, payout_id, detail)
                )
        rows.sort(key=lambda r: int(str(r["position"])))
        return rows

    def _receipts(
        self,
        uow: UnitOfWork,
        receipts: list[tuple[int, BankRecord]],
        name: str,
        accounts: dict[str, VirtualAccount | None],
        outcome: FileOutcome,
    ) -> list[dict[str, object]]:
        """Every credit of the file into suspense at once, each attributed by its account."""
        assert outcome.file_id is not None
        if not receipts:
            return []
        wanted = {normalise(r.creditor_account or "") for _, r in receipts} - set(accounts)
        accounts.update(repo.virtual_accounts_by_number(uow.connection, wanted - {""}))
        attributions = []
        inbound = []
        for _position, record in receipts:
            creditor = normalise(record.creditor_account or "")
            attribution = attribute(record.creditor_account, accounts.get(creditor))
            attributions.append(attribution)
            inbound.append(
                to_inbound(
                    record,
                    name=name,
                    merchant_id=attribution.merchant_id,
                    beneficiary_note=attribution.reason,
                    received_at=self.clock.now(),
                )
            )
        channel = receipts[0][1].source_format
        done = self.payments.receive_many(uow, inbound, channel=channel)
        rows = []
        for (position, record), attribution, receipt in zip(
            receipts, attributions, done, strict=True
        ):
            payment = receipt.payment
            if receipt.duplicate:
                outcome.duplicates += 1
                kind, detail = "duplicate", f"duplicate of {payment.id}"
            elif payment.status is PaymentStatus.HELD and payment.status_reason.startswith(
                "possible duplicate"
            ):
                outcome.payment_ids.append(payment.id)
                outcome.near_duplicates += 1
                kind, detail = "near_duplicate", payment.status_reason
            else:
                outcome.payment_ids.append(payment.id)
                outcome.received += 1
                if attribution.reason:
                    outcome.suspense_reasons[_reason_kind(attribution.reason)] += 1
                kind, detail = "received", attribution.reason
            rows.append(_row(outcome.file_id, position, record, kind, payment.id, None, detail))
        return rows

    def _status(
        self, uow: UnitOfWork, record: BankRecord, kind: str, outcome: FileOutcome
    ) -> tuple[str, str | None, str]:
        event = StatusEvent(
            source_format=_status_format(record),
            message_id=record.message_id or "",
            kind=kind,  # type: ignore[arg-type]
            end_to_end_id=_usable(record.original_end_to_end_id or record.end_to_end_id),
            instruction_id=_usable(record.original_instruction_id or record.instruction_id),
            original_message_id=_usable(record.original_message_id),
            amount=record.amount,
            currency=record.currency,
            reason_code=record.return_reason,
            booked_on=record.booking_date or record.value_date,
            bank_reference=record.entry_reference,
            uetr=record.original_uetr or record.uetr,
            status_code=record.status,
        )
        if record.source_format in {"mt103", "mt900"} and event.end_to_end_id is None:
            # MT has no end-to-end id: a /RETN/ names our reference in /MREF/, an MT900 in :21:
            # (our payout id is the InstrId and EndToEndId of every payment we send)
            event = _with_reference(
                event, record.original_instruction_id or record.related_reference
            )
        result = self.payouts.apply_status(uow, [event])
        outcome.review.extend(result.review)
        if result.applied:
            payout_id, status = result.applied[0]
            return "status", payout_id, f"payout {payout_id} {status}"
        if result.unchanged:
            return "status", result.unchanged[0], "already applied"
        if result.review:
            return "review", None, "; ".join(result.review)
        reference = ", ".join(result.unmatched) or event.original_message_id or "?"
        detail = f"no payout of ours with reference {reference}"
        outcome.review.append(f"{record.source_format} {record.message_id}: {detail}")
        return "unmatched", None, detail

    def _reverse(
        self, uow: UnitOfWork, record: BankRecord, name: str, outcome: FileOutcome
    ) -> tuple[str, str | None, str]:
        found = self.payments.by_references(
            uow,
            uetr=record.original_uetr or record.uetr,
            end_to_end_id=_usable(record.original_end_to_end_id or record.end_to_end_id),
            message_id=_usable(record.original_instruction_id or record.instruction_id),
        )
        place = where(record, name)
        if len(found) != 1:
            detail = f"{place}: reversal of a credit we cannot identify ({len(found)} candidates)"
            outcome.review.append(detail)
            return "review", None, detail
        payment = found[0]
        try:
            self.payments.reverse_receipt(uow, payment.id, f"reversed by the bank ({name})")
        except IllegalTransition as exc:
            outcome.review.append(f"{place}: {exc.message}")
            return "review", payment.id, exc.message
        outcome.reversals += 1
        return "reversal", payment.id, "receipt reversed"


def _is_receipt(record: BankRecord) -> bool:
    """A new credit to us: not a reversal, not the return of a payment we sent."""
    return (
        record.source_format in RECEIPT_FORMATS
        and record.direction == "credit"
        and not record.reversal
        and not record.is_return
    )


def _reason_kind(reason: str) -> str:
    """The reason's category for summaries (the full reason, with the number, stays on the row)."""
    for marker, kind in (
        ("check digits", "virtual account fails its check digits"),
        ("is closed", "virtual account closed"),
        ("unknown virtual account", "unknown virtual account"),
        ("not a virtual account", "creditor account is not a virtual account"),
        ("no creditor account", "no creditor account"),
    ):
        if marker in reason:
            return kind
    return reason


def _usable(value: str | None) -> str | None:
    if not value or value.strip().upper() == "NOTPROVIDED":
        return None
    return value.strip()


def _status_format(record: BankRecord) -> StatusFormat:
    match record.source_format:
        case "pacs.002" | "pacs.004" | "camt.054" | "mt103" | "mt900":
            return record.source_format
        case _:
            return "camt.054"


def _with_reference(event: StatusEvent, reference: str | None) -> StatusEvent:
    from dataclasses import replace

    return replace(event, end_to_end_id=_usable(reference))


def _row(
    file_id: str,
    position: int,
    record: BankRecord,
    outcome: str,
    payment_id: str | None,
    payout_id: str | None,
    detail: str,
) -> dict[str, object]:
    return {
        "file_id": file_id,
        "position": position,
        "message_index": record.message_index,
        "source_format": record.source_format,
        "direction": record.direction,
        "outcome": outcome,
        "payment_id": payment_id,
        "payout_id": payout_id,
        "detail": detail[:2000],
        "data": record.evidence(),
    }
