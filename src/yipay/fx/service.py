"""FX use cases: keep the partner bank's rates, settle wallet money into CNY and pay it out."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from yipay.adapters.db.uow import UnitOfWork
from yipay.core.clock import Clock
from yipay.core.ids import new_id
from yipay.core.money import Money, Rounding
from yipay.fx import repository as repo
from yipay.fx.domain import (
    PIVOT,
    PayeeAccount,
    Payout,
    Rate,
    RateTable,
    Settlement,
    quote_settlement,
)
from yipay.fx.errors import InvalidRate, RateUnavailable
from yipay.ledger import journal
from yipay.ledger.service import LedgerService


@dataclass(frozen=True, slots=True)
class FxPolicy:
    spread_bps: Decimal = Decimal(30)
    rounding: Rounding = Rounding.HALF_EVEN
    max_rate_age: timedelta = timedelta(hours=36)
    settlement_currency: str = "CNY"
    nostro_bank: str = "PARTNER"


@dataclass(frozen=True, slots=True)
class SettlementResult:
    settlement: Settlement
    payout: Payout
    replayed: bool


class FxService:
    def __init__(self, clock: Clock, ledger: LedgerService, policy: FxPolicy) -> None:
        self.clock = clock
        self.ledger = ledger
        self.policy = policy

    # -- rates --------------------------------------------------------------------------------
    def import_rates(self, uow: UnitOfWork, rates: Iterable[Rate]) -> tuple[int, int]:
        """(new, already known). A known pair and time with other prices is refused."""
        added = known = 0
        now = self.clock.now()
        for rate in rates:
            existing = repo.find_rate(uow.connection, rate.base, rate.quote, rate.as_of)
            if existing is not None:
                if (existing.bid, existing.ask) != (rate.bid, rate.ask):
                    raise InvalidRate(
                        f"{rate.base}/{rate.quote} at {rate.as_of.isoformat()} is already"
                        f" recorded with other prices"
                    )
                known += 1
                continue
            repo.insert_rate(uow.connection, rate, now)
            added += 1
        return added, known

    def rate_table(self, uow: UnitOfWork, at: datetime | None = None) -> RateTable:
        when = at or self.clock.now()
        return RateTable(repo.latest_rates_to(uow.connection, PIVOT, when))

    def rate_history(self, uow: UnitOfWork) -> list[Rate]:
        return repo.all_rates(uow.connection, PIVOT)

    # -- settlement ---------------------------------------------------------------------------
    def settle(
        self,
        uow: UnitOfWork,
        *,
        merchant_id: str,
        sold: Money,
        payee: PayeeAccount,
        reference: str,
    ) -> SettlementResult:
        """Sell `sold` from the merchant's wallet for CNY and send the CNY to `payee`.

        Idempotent per `reference`: a replay returns the first settlement and payout.
        """
        conn = uow.connection
        existing = repo.settlement_by_reference(conn, reference)
        if existing is not None:
            payout = repo.payouts_for_settlement(conn, existing.id)[0]
            return SettlementResult(existing, payout, replayed=True)
        now = self.clock.now()
        settlement_id = new_id("settlement")
        target = self.policy.settlement_currency
        if sold.currency.code == target:
            settlement = Settlement(
                id=settlement_id,
                merchant_id=merchant_id,
                reference=reference,
                sold=sold,
                bought=sold,
                bank_bought=sold,
                bank_rate=Decimal(1),
                client_rate=Decimal(1),
                spread_bps=Decimal(0),
                rate_source="none (same currency)",
                rate_as_of=now,
                created_at=now,
            )
        else:
            rate = repo.latest_rate(conn, sold.currency.code, target, now)
            if rate is None:
                raise RateUnavailable(f"no {sold.currency}/{target} rate to settle at")
            quote = quote_settlement(
                rate,
                sold,
                spread_bps=self.policy.spread_bps,
                rounding=self.policy.rounding,
                now=now,
                max_rate_age=self.policy.max_rate_age,
            )
            settlement = Settlement(
                id=settlement_id,
                merchant_id=merchant_id,
                reference=reference,
                sold=sold,
                bought=quote.client_bought,
                bank_bought=quote.bank_bought,
                bank_rate=quote.bank_rate,
                client_rate=quote.client_rate,
                spread_bps=quote.spread_bps,
                rate_source=quote.rate_source,
                rate_as_of=quote.rate_as_of,
                created_at=now,
            )
            self.ledger.post(
                uow,
                journal.conversion(
                    settlement_id,
                    merchant_id,
                    sold,
                    quote.client_bought,
                    quote.bank_bought,
                    self.policy.nostro_bank,
                    now,
                ),
            )
        repo.insert_settlement(conn, settlement)
        payout = Payout(
            id=new_id("payout"),
            merchant_id=merchant_id,
            settlement_id=settlement_id,
            amount=settlement.bought,
            payee=payee,
            status="sent",
            created_at=now,
        )
        self.ledger.post(uow, journal.payout_sent(payout.id, merchant_id, payout.amount, now))
        repo.insert_payout(conn, payout)
        return SettlementResult(settlement, payout, replayed=False)

    def settlement_totals(self, uow: UnitOfWork) -> list[tuple[str, int, int, int]]:
        return repo.settlement_totals(uow.connection)

    def payout_totals(self, uow: UnitOfWork) -> list[tuple[str, str, int, int]]:
        return repo.payout_totals(uow.connection)
