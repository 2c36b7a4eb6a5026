"""Count each merchant's receipts per calendar year in USD equivalent; warn; say what blocks.

The spine calls `count` in the unit of work that credits a payment to the merchant's wallet and
`take_back` in one that takes credited money back out, so the total always agrees with the money
the merchant received. Settlement asks `settlement_block` before it sells anything.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

from yipay.adapters.db.uow import UnitOfWork
from yipay.alerts.domain import Alert, AlertSource, AlertStatus, alert_id
from yipay.alerts.service import AlertService
from yipay.core.clock import Clock, RegulatoryCalendar
from yipay.core.money import Money
from yipay.fx.errors import RateUnavailable
from yipay.fx.service import FxService
from yipay.parties import annual_receipts_repository as repo
from yipay.parties.annual_receipts import (
    USD,
    AnnualReceiptsPolicy,
    CountedReceipt,
    YearTotal,
    usd_text,
)
from yipay.parties.domain import Merchant

RULE_ID = "FX-DIRECTORY-WARN"
RULE_VERSION = "1"


class AnnualReceiptsService:
    def __init__(
        self,
        clock: Clock,
        calendar: RegulatoryCalendar,
        fx: FxService,
        alerts: AlertService,
        policy: AnnualReceiptsPolicy,
    ) -> None:
        self.clock = clock
        self.calendar = calendar
        self.fx = fx
        self.alerts = alerts
        self.policy = policy

    def count(
        self,
        uow: UnitOfWork,
        merchant: Merchant,
        *,
        payment_id: str,
        amount: Money,
        received_at: datetime,
    ) -> YearTotal:
        """Add a credited payment to its merchant's year (once per payment); raise the warning
        alert when this payment takes an unregistered merchant's year to the threshold."""
        conn = uow.connection
        year = self.calendar.year_of(received_at)
        usd, rated_at = self.usd_equivalent(uow, amount, received_at)
        now = self.clock.now()
        entry = CountedReceipt(payment_id, merchant.id, year, amount, usd, rated_at, now)
        if repo.insert_entry(conn, entry):
            added = usd.minor
        else:
            again = repo.count_again(conn, payment_id, now)  # its match was undone, then redone
            if again is None:
                return repo.total(conn, merchant.id, year)  # counted before: a replayed step
            added = again
        before, after = repo.add(conn, merchant.id, year, added, 1, now)
        if self.policy.crossed_warning(before, after) and not merchant.fx_directory.registered:
            self.alerts.raise_alert(uow, self._warning(merchant.id, year, after, payment_id))
        return repo.total(conn, merchant.id, year)

    def take_back(self, uow: UnitOfWork, payment_id: str) -> YearTotal | None:
        """Take a payment's contribution off again (its money left the wallet other than by
        settlement): the same amount from the same year. None if it was not counted."""
        conn = uow.connection
        entry = repo.take_back_entry(conn, payment_id, self.clock.now())
        if entry is None:
            return None
        repo.add(conn, entry.merchant_id, entry.year, -entry.usd.minor, -1, self.clock.now())
        return repo.total(conn, entry.merchant_id, entry.year)

    def usd_equivalent(
        self, uow: UnitOfWork, amount: Money, received_at: datetime
    ) -> tuple[Money, datetime]:
        """At the reference (mid) rates in force when the money was received; if none was known
        then (rates imported late), at those in force now. No rate at all: RateUnavailable,
        and the credit waits (its step fails visibly, with the reason, and is retried)."""
        if amount.currency.code == USD:
            return amount, received_at
        try:
            return self.fx.rate_table(uow, received_at).convert(amount, USD), received_at
        except RateUnavailable:
            now = self.clock.now()
            return self.fx.rate_table(uow, now).convert(amount, USD), now

    def total(self, uow: UnitOfWork, merchant_id: str, year: int | None = None) -> YearTotal:
        return repo.total(uow.connection, merchant_id, year or self.current_year())

    def totals(self, uow: UnitOfWork, merchant_id: str) -> list[YearTotal]:
        return repo.totals(uow.connection, merchant_id)

    def current_year(self) -> int:
        return self.calendar.year_of(self.clock.now())

    def settlement_block(
        self, uow: UnitOfWork, merchant: Merchant, years: Iterable[int] = ()
    ) -> YearTotal | None:
        """The year that stops this merchant's settlement, if any: the current year or a year
        of the money being sold with a total above the blocking threshold, while the merchant is
        not registered in the FX directory. Locks the totals read (PostgreSQL), so a concurrent
        credit waits for this settlement rather than slipping past its check."""
        if merchant.fx_directory.registered:
            return None
        for year in sorted({self.current_year(), *years}):
            total = repo.total(uow.connection, merchant.id, year, lock=True)
            if self.policy.blocks(total.usd_minor):
                return total
        return None

    def _warning(self, merchant_id: str, year: int, total_minor: int, payment_id: str) -> Alert:
        start, _ = self.calendar.day_bounds(date(year, 1, 1))
        end, _ = self.calendar.day_bounds(date(year + 1, 1, 1))
        now = self.clock.now()
        total = Money.from_minor(total_minor, USD)
        score = min(Decimal(1), Decimal(total_minor) / Decimal(self.policy.block_usd_minor))
        return Alert(
            id=alert_id(AlertSource.THRESHOLD, RULE_ID, merchant_id, start),
            source=AlertSource.THRESHOLD,
            rule_id=RULE_ID,
            rule_version=RULE_VERSION,
            parameters={
                "warn_usd_minor": str(self.policy.warn_usd_minor),
                "block_usd_minor": str(self.policy.block_usd_minor),
            },
            subject_type="merchant",
            subject_id=merchant_id,
            window_start=start,
            window_end=end,
            evidence=(payment_id,),
            score=score,
            explanation=(
                f"receipts in {year} reached {usd_text(total)} equivalent (warning at"
                f" {usd_text(self.policy.warn)}); above {usd_text(self.policy.block)} settlement"
                " stops until the merchant's registration in SAFE's trade-FX directory is"
                " recorded"
            ),
            status=AlertStatus.OPEN,
            created_at=now,
            updated_at=now,
            details={"year": str(year), "usd_total": str(total.amount)},
        )
