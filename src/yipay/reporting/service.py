"""Compute large-value report candidates for a range of regulatory days."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Row

from yipay.adapters.db.uow import UnitOfWork
from yipay.core.clock import Clock, RegulatoryCalendar
from yipay.core.money import Money
from yipay.fx.domain import RateHistory
from yipay.fx.errors import RateUnavailable
from yipay.fx.service import FxService
from yipay.reporting import repository as repo
from yipay.reporting.large_value import Candidate, Receipt, Thresholds, candidates


class ReportingService:
    def __init__(
        self,
        clock: Clock,
        calendar: RegulatoryCalendar,
        fx: FxService,
        thresholds: Thresholds,
        deadline_working_days: int = 5,
    ) -> None:
        self.clock = clock
        self.calendar = calendar
        self.fx = fx
        self.thresholds = thresholds
        self.deadline_working_days = deadline_working_days

    def large_value(
        self, uow: UnitOfWork, first: date | None = None, last: date | None = None
    ) -> list[Candidate]:
        """Candidates for days [first, last] (default: every day with receipts); idempotent."""
        if first is None or last is None:
            lo, hi = repo.receipt_span(uow.connection)
            if lo is None or hi is None:
                return []
            first = first or self.calendar.day_of(lo)
            last = last or self.calendar.day_of(hi)
        start, _ = self.calendar.day_bounds(first)
        _, end = self.calendar.day_bounds(last)
        history = RateHistory(self.fx.rate_history(uow))
        receipts = [
            self._receipt(row, history) for row in repo.receipts_between(uow.connection, start, end)
        ]
        found = candidates(receipts, self.thresholds, self.deadline_working_days)
        now = self.clock.now()
        for candidate in found:
            repo.upsert(uow.connection, candidate, now)
        return found

    def _receipt(self, row: Row[Any], history: RateHistory) -> Receipt:
        amount = Money.from_minor(row.amount_minor, row.currency)
        usd = None
        if row.currency != "CNY":
            try:
                usd = history.table_at(row.received_at).convert(amount, "USD")
            except RateUnavailable:
                usd = None
        return Receipt(
            payment_id=row.id,
            merchant_id=row.merchant_id,
            party_type=row.party_type,
            day=self.calendar.day_of(row.received_at),
            amount=amount,
            usd_equivalent=usd,
        )

    def candidates(self, uow: UnitOfWork, *, merchant_id: str | None = None) -> list[Row[Any]]:
        return repo.find(uow.connection, merchant_id=merchant_id)

    def totals(self, uow: UnitOfWork) -> list[tuple[str, str, int, int]]:
        return repo.totals(uow.connection)
