"""FX use cases: keep the partner bank's rates, quote 结汇, and settle a quote into CNY paid out to
the merchant's registered account (through the payouts capability)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from yipay.adapters.db.uow import UnitOfWork
from yipay.core.clock import Clock
from yipay.core.ids import new_id
from yipay.core.money import Money, Rounding
from yipay.fx import repository as repo
from yipay.fx.domain import (
    PIVOT,
    Quote,
    QuoteStatus,
    Rate,
    RateTable,
    Settlement,
    quote_settlement,
    same_currency_quote,
)
from yipay.fx.errors import InvalidRate, QuoteNotFound, QuoteUnusable, RateUnavailable
from yipay.fx.events import RatesImported
from yipay.ledger import journal
from yipay.ledger.domain import (
    fx_position,
    nostro,
    payouts_in_transit,
    spread_income,
    wallet,
)
from yipay.ledger.service import LedgerService
from yipay.payouts.domain import Payee, Payout, PayoutKind
from yipay.payouts.service import PayoutService


@dataclass(frozen=True, slots=True)
class FxPolicy:
    spread_bps: Decimal = Decimal(30)
    spread_bps_by_grade: dict[str, Decimal] = field(default_factory=dict)
    rounding: Rounding = Rounding.HALF_EVEN
    max_rate_age: timedelta = timedelta(hours=36)
    quote_ttl: timedelta = timedelta(minutes=5)
    settlement_currency: str = "CNY"
    nostro_bank: str = "PARTNER"

    def spread_for(self, grade: str) -> Decimal:
        """Trustworthy merchants (by risk or credit grade) get a narrower spread."""
        return self.spread_bps_by_grade.get(grade, self.spread_bps)


@dataclass(frozen=True, slots=True)
class SettlementResult:
    settlement: Settlement
    payout: Payout
    replayed: bool


class FxService:
    def __init__(
        self, clock: Clock, ledger: LedgerService, payouts: PayoutService, policy: FxPolicy
    ) -> None:
        self.clock = clock
        self.ledger = ledger
        self.payouts = payouts
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
        if added:
            uow.publish(RatesImported(subject="reference-rates", added=added))
        return added, known

    def rate_table(self, uow: UnitOfWork, at: datetime | None = None) -> RateTable:
        when = at or self.clock.now()
        return RateTable(repo.latest_rates_to(uow.connection, PIVOT, when))

    def rate_history(self, uow: UnitOfWork) -> list[Rate]:
        return repo.all_rates(uow.connection, PIVOT)

    # -- quotes and settlement ----------------------------------------------------------------
    def quote(
        self,
        uow: UnitOfWork,
        *,
        merchant_id: str,
        sold: Money,
        grade: str,
        references: Sequence[str],
    ) -> Quote:
        """A firm price to sell `sold` for CNY: bid − spread, valid for the quote's lifetime."""
        now = self.clock.now()
        target = self.policy.settlement_currency
        if sold.currency.code == target:
            priced = same_currency_quote(sold, now=now, ttl=self.policy.quote_ttl)
        else:
            rate = repo.latest_rate(uow.connection, sold.currency.code, target, now)
            if rate is None:
                raise RateUnavailable(f"no {sold.currency}/{target} rate to quote at")
            priced = quote_settlement(
                rate,
                sold,
                spread_bps=self.policy.spread_for(grade),
                rounding=self.policy.rounding,
                now=now,
                max_rate_age=self.policy.max_rate_age,
                ttl=self.policy.quote_ttl,
            )
        quote = Quote(new_id("quote"), merchant_id, priced, tuple(references), QuoteStatus.OPEN)
        repo.insert_quote(uow.connection, quote)
        return quote

    def get_quote(self, uow: UnitOfWork, quote_id: str, *, lock: bool = False) -> Quote:
        found = repo.get_quote(uow.connection, quote_id, lock=lock)
        if found is None:
            raise QuoteNotFound(f"no quote {quote_id}")
        return found

    def accept(
        self, uow: UnitOfWork, quote_id: str, *, payee: Payee, requested_by: str
    ) -> SettlementResult:
        """Settle at the quoted price, once: conversion through the FX position with the cover
        deal, then a CNY payout to `payee`. Accepting a used quote returns what it settled."""
        quote = self.get_quote(uow, quote_id, lock=True)
        if quote.status is QuoteStatus.USED and quote.settlement_id:
            settlement = repo.get_settlement(uow.connection, quote.settlement_id)
            assert settlement is not None
            [payout] = self.payouts.find(uow, reference=settlement.id, limit=1)
            return SettlementResult(settlement, payout, replayed=True)
        now = self.clock.now()
        if not quote.usable_at(now):
            raise QuoteUnusable(f"quote {quote_id} expired at {quote.quote.expires_at.isoformat()}")
        settlement_id = new_id("settlement")
        if not repo.use_quote(uow.connection, quote_id, settlement_id):
            raise QuoteUnusable(f"quote {quote_id} was used concurrently")
        q = quote.quote
        fcy, cny, bank = (
            q.sold.currency.code,
            q.client_bought.currency.code,
            self.policy.nostro_bank,
        )
        self.ledger.lock(
            uow,
            [
                wallet(quote.merchant_id, fcy),
                wallet(quote.merchant_id, cny),
                fx_position(fcy),
                fx_position(cny),
                nostro(bank, fcy),
                nostro(bank, cny),
                spread_income(cny),
                payouts_in_transit(cny),
            ],
        )
        if q.sold.currency != q.client_bought.currency:
            self.ledger.post(
                uow,
                journal.conversion(
                    settlement_id,
                    quote.merchant_id,
                    q.sold,
                    q.client_bought,
                    q.bank_bought,
                    self.policy.nostro_bank,
                    now,
                ),
            )
        settlement = Settlement(
            id=settlement_id,
            merchant_id=quote.merchant_id,
            quote_id=quote.id,
            sold=q.sold,
            bought=q.client_bought,
            bank_bought=q.bank_bought,
            bank_rate=q.bank_rate,
            client_rate=q.client_rate,
            spread_bps=q.spread_bps,
            rate_source=q.rate_source,
            rate_as_of=q.rate_as_of,
            created_at=now,
        )
        repo.insert_settlement(uow.connection, settlement)
        payout = self.payouts.request(
            uow,
            kind=PayoutKind.SETTLEMENT,
            source=wallet(quote.merchant_id, q.client_bought.currency.code),
            amount=q.client_bought,
            payee=payee,
            reference=settlement_id,
            requested_by=requested_by,
            merchant_id=quote.merchant_id,
        )
        return SettlementResult(settlement, payout, replayed=False)

    def settlement_totals(self, uow: UnitOfWork) -> list[tuple[str, int, int, int]]:
        return repo.settlement_totals(uow.connection)
