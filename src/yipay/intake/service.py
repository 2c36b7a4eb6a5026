"""Intake use cases: receive JSON payments one by one or as a file, all or nothing."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from yipay.adapters.db.uow import UnitOfWork
from yipay.core.errors import InvalidInput, YipayError
from yipay.intake.json_payment import parse_payment
from yipay.payments.domain import InboundPayment
from yipay.payments.service import PaymentService, Receipt


@dataclass(frozen=True, slots=True)
class ImportSummary:
    received: int
    duplicates: int
    receipts: tuple[Receipt, ...]


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
    def __init__(self, payments: PaymentService) -> None:
        self.payments = payments

    def receive(self, uow: UnitOfWork, inbound: InboundPayment, *, channel: str) -> Receipt:
        return self.payments.receive(uow, inbound, channel=channel)

    def receive_all(
        self, uow: UnitOfWork, inbound: Iterable[InboundPayment], *, channel: str
    ) -> ImportSummary:
        receipts = tuple(self.payments.receive(uow, item, channel=channel) for item in inbound)
        duplicates = sum(r.duplicate for r in receipts)
        return ImportSummary(len(receipts) - duplicates, duplicates, receipts)
