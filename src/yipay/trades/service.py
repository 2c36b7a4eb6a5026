"""Trade use cases: register records, review merchant-entered ones, allocate collections."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from yipay.adapters.db.uow import UnitOfWork
from yipay.core.clock import Clock
from yipay.core.ids import new_id
from yipay.core.money import Money
from yipay.parties.errors import PartyNotFound
from yipay.parties.service import PartyService
from yipay.trades import repository as repo
from yipay.trades.domain import (
    Allocation,
    Provenance,
    Trade,
    TradeKind,
    Verification,
    normalise_reference,
)
from yipay.trades.errors import (
    DeclarationCapExceeded,
    InvalidTrade,
    OverAllocation,
    TradeNotFound,
)
from yipay.trades.events import TradeRegistered, TradeVerified


@dataclass(frozen=True, slots=True)
class RegisterTrade:
    merchant_id: str
    buyer_id: str
    kind: TradeKind
    reference: str
    amount: Money
    trade_date: date
    provenance: Provenance
    declaration_no: str | None = None
    export_date: date | None = None
    goods_description: str = ""
    hs_code: str | None = None
    platform_id: str | None = None
    order_no: str | None = None
    waybill_no: str | None = None


@dataclass(frozen=True, slots=True)
class TradePolicy:
    """Configuration: the 1039 per-declaration cap (USD; checked on USD slices)."""

    declaration_cap_usd: Decimal = Decimal(150_000)


class TradeService:
    def __init__(
        self, clock: Clock, parties: PartyService, policy: TradePolicy | None = None
    ) -> None:
        self.clock = clock
        self.parties = parties
        self.policy = policy or TradePolicy()

    def register(self, uow: UnitOfWork, cmd: RegisterTrade) -> Trade:
        """Record a trade. Platform records are verified; merchant-entered ones await review."""
        conn = uow.connection
        try:
            self.parties.merchant(uow, cmd.merchant_id)
            self.parties.buyer(uow, cmd.buyer_id)
        except PartyNotFound as exc:
            raise InvalidTrade(str(exc)) from None
        if cmd.platform_id and repo.find_by_platform_id(conn, cmd.platform_id):
            raise InvalidTrade(f"trade {cmd.platform_id} is already registered")
        if cmd.kind is TradeKind.MARKET_PROCUREMENT and not cmd.declaration_no:
            raise InvalidTrade("a 1039 market-procurement trade needs its declaration number")
        if cmd.export_date and cmd.export_date < cmd.trade_date:
            raise InvalidTrade("export date is before the trade date")
        if (
            cmd.kind is TradeKind.MARKET_PROCUREMENT
            and cmd.declaration_no
            and cmd.amount.currency.code == "USD"
        ):
            self._check_declaration_cap(uow, cmd.declaration_no, cmd.amount)
        verification = (
            Verification.VERIFIED
            if cmd.provenance is Provenance.PLATFORM
            else Verification.PENDING_REVIEW
        )
        trade = Trade(
            id=new_id("trade"),
            merchant_id=cmd.merchant_id,
            buyer_id=cmd.buyer_id,
            kind=cmd.kind,
            reference=cmd.reference.strip(),
            amount=cmd.amount,
            allocated=Money.zero(cmd.amount.currency),
            trade_date=cmd.trade_date,
            provenance=cmd.provenance,
            verification=verification,
            created_at=self.clock.now(),
            declaration_no=cmd.declaration_no,
            export_date=cmd.export_date,
            goods_description=cmd.goods_description,
            hs_code=cmd.hs_code,
            platform_id=cmd.platform_id,
            order_no=cmd.order_no,
            waybill_no=cmd.waybill_no,
        )
        repo.insert_trade(conn, trade)
        uow.publish(
            TradeRegistered(
                subject=trade.id, merchant_id=trade.merchant_id, verified=trade.can_unlock_money
            )
        )
        return trade

    def _check_declaration_cap(self, uow: UnitOfWork, declaration_no: str, amount: Money) -> None:
        """At most USD 150,000 per 1039 declaration, summed over the merchants' slices."""
        cap = Money.of(self.policy.declaration_cap_usd, "USD")
        already = Money.from_minor(
            repo.declaration_total_minor(uow.connection, declaration_no, "USD"), "USD"
        )
        if already + amount > cap:
            raise DeclarationCapExceeded(
                f"declaration {declaration_no} would total {already + amount}, above the {cap} cap"
            )

    def verify(self, uow: UnitOfWork, trade_id: str, *, approve: bool) -> Trade:
        """An operator's review of a merchant-entered trade."""
        trade = self.get(uow, trade_id)
        if trade.verification is not Verification.PENDING_REVIEW:
            raise InvalidTrade(f"trade {trade_id} is {trade.verification.value}, not under review")
        outcome = Verification.VERIFIED if approve else Verification.REJECTED
        repo.set_verification(uow.connection, trade_id, outcome)
        if approve:
            uow.publish(TradeVerified(subject=trade_id, merchant_id=trade.merchant_id))
        return self.get(uow, trade_id)

    def get(self, uow: UnitOfWork, trade_id: str) -> Trade:
        found = repo.get_trade(uow.connection, trade_id)
        if found is None:
            raise TradeNotFound(f"no trade {trade_id}")
        return found

    def by_platform_id(self, uow: UnitOfWork, platform_id: str) -> Trade:
        found = repo.find_by_platform_id(uow.connection, platform_id)
        if found is None:
            raise TradeNotFound(f"no trade with platform id {platform_id}")
        return found

    def find(
        self,
        uow: UnitOfWork,
        *,
        merchant_id: str | None = None,
        limit: int = 100,
        after: str | None = None,
        ids: list[str] | None = None,
    ) -> list[Trade]:
        return repo.list_trades(
            uow.connection, merchant_id=merchant_id, limit=limit, after=after, ids=ids
        )

    def open_trades(self, uow: UnitOfWork, merchant_id: str, currency: str) -> list[Trade]:
        return repo.list_trades(
            uow.connection, merchant_id=merchant_id, currency=currency, open_only=True, limit=None
        )

    def named_in(self, uow: UnitOfWork, merchant_id: str, text: str) -> list[Trade]:
        """The merchant's trades, open or used up, whose reference the text names."""
        haystack = normalise_reference(text)
        if not haystack:
            return []
        candidates = repo.named_in(uow.connection, merchant_id, haystack)
        return [t for t in candidates if t.named_in(text)]

    def allocate(
        self, uow: UnitOfWork, *, trade_id: str, payment_id: str, received: Money, charges: Money
    ) -> Allocation:
        """Consume a trade's open balance by received + charges, or refuse (no re-use)."""
        conn = uow.connection
        trade = repo.get_trade(conn, trade_id, lock=True)
        if trade is None:
            raise TradeNotFound(f"no trade {trade_id}")
        if not trade.can_unlock_money:
            raise InvalidTrade(f"trade {trade_id} is {trade.verification.value}")
        allocation = Allocation(
            id=new_id("allocation"),
            payment_id=payment_id,
            trade_id=trade_id,
            received=received,
            charges=charges,
            created_at=self.clock.now(),
        )
        updated = trade.allocate(allocation.gross)
        if not repo.save_allocated(conn, updated, trade.allocated):
            raise OverAllocation(f"trade {trade_id} changed while allocating; retry")
        repo.insert_allocation(conn, allocation)
        return allocation

    def allocations_for_payment(self, uow: UnitOfWork, payment_id: str) -> list[Allocation]:
        return repo.allocations_for_payment(uow.connection, payment_id)
