"""Trade use cases: register records, review merchant-entered ones, allocate collections."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from yipay.adapters.db.uow import UnitOfWork
from yipay.core.clock import Clock
from yipay.core.ids import new_id
from yipay.core.money import Money
from yipay.parties.errors import PartyNotFound
from yipay.parties.service import PartyService
from yipay.trades import registry_repository as registry_repo
from yipay.trades import repository as repo
from yipay.trades.commands import DocumentInput, RegisterTrade
from yipay.trades.domain import (
    Allocation,
    OpenTrade,
    Provenance,
    Trade,
    TradeDocument,
    TradeKind,
    TradeRecord,
    Verification,
    goods_problems,
    is_overdue,
    normalise_reference,
    registry_id,
    slices_problem,
)
from yipay.trades.errors import (
    DeclarationCapExceeded,
    InvalidTrade,
    OverAllocation,
    RecordRefused,
    TradeNotFound,
)
from yipay.trades.events import AllocationReversed, TradeRegistered, TradeVerified

__all__ = ["RegisterTrade", "TradePolicy", "TradeService"]


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

    # -- registration ---------------------------------------------------------------------------

    def register(self, uow: UnitOfWork, cmd: RegisterTrade, *, check_cap: bool = True) -> Trade:
        """Record a trade. Platform records are verified; merchant-entered ones await review.

        `check_cap=False` only for a declaration's slices, measured together once all are in."""
        conn = uow.connection
        merchant_id, buyer_id = self.resolve_parties(uow, cmd.merchant_id, cmd.buyer_id)
        if cmd.platform_id and repo.find_by_platform_id(conn, cmd.platform_id):
            raise RecordRefused("platform_id", f"trade {cmd.platform_id} is already registered")
        self.check_record(cmd)
        if check_cap and cmd.kind is TradeKind.MARKET_PROCUREMENT and cmd.declaration_no:
            self.check_declaration_cap(uow, cmd.declaration_no, cmd.amount)
        verification = (
            Verification.VERIFIED
            if cmd.provenance is Provenance.PLATFORM
            else Verification.PENDING_REVIEW
        )
        trade = Trade(
            id=new_id("trade"),
            merchant_id=merchant_id,
            buyer_id=buyer_id,
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
            prepayment=cmd.prepayment,
            documents_due_by=cmd.documents_due_by,
            payer_name=cmd.payer_name,
        )
        # only the platform's own record is "already received"; its copy entered by the merchant
        # is confirmed (verified) when the platform sends it
        platform_hash = cmd.content_hash if cmd.provenance is Provenance.PLATFORM else None
        repo.insert_trade(conn, trade, platform_hash)
        registry_repo.replace_goods(conn, trade.id, cmd.goods)
        registry_repo.insert_documents(
            conn, self.build_documents(trade, cmd.documents, cmd.provenance)
        )
        registry_repo.link_waiting_documents(conn, trade)
        uow.publish(
            TradeRegistered(
                subject=trade.id, merchant_id=trade.merchant_id, verified=trade.can_unlock_money
            )
        )
        return trade

    def resolve_parties(self, uow: UnitOfWork, merchant: str, buyer: str) -> tuple[str, str]:
        """Our ids for the merchant and buyer named by our id or by their platform id."""
        try:
            merchant_id = self.parties.merchant(uow, merchant).id
        except PartyNotFound:
            try:
                merchant_id = self.parties.merchant_by_platform_id(uow, merchant).id
            except PartyNotFound:
                raise RecordRefused("merchant_id", f"no merchant {merchant}") from None
        try:
            buyer_id = self.parties.buyer(uow, buyer).id
        except PartyNotFound:
            try:
                buyer_id = self.parties.buyer_by_platform_id(uow, buyer).id
            except PartyNotFound:
                raise RecordRefused("buyer_id", f"no buyer {buyer}") from None
        return merchant_id, buyer_id

    def resolve_merchant(self, uow: UnitOfWork, merchant: str) -> str:
        try:
            return self.parties.merchant(uow, merchant).id
        except PartyNotFound:
            try:
                return self.parties.merchant_by_platform_id(uow, merchant).id
            except PartyNotFound:
                raise RecordRefused("merchant_id", f"no merchant {merchant}") from None

    @staticmethod
    def check_record(cmd: RegisterTrade) -> None:
        if cmd.kind is TradeKind.MARKET_PROCUREMENT and not cmd.declaration_no:
            raise RecordRefused(
                "declaration_no", "a 1039 market-procurement trade needs its declaration number"
            )
        if cmd.export_date and cmd.export_date < cmd.trade_date:
            raise RecordRefused("export_date", "export date is before the trade date")
        for field, reason in goods_problems(cmd.amount, cmd.goods):
            raise RecordRefused(field, reason)

    def build_documents(
        self, trade: Trade, documents: Sequence[DocumentInput], provenance: Provenance
    ) -> list[TradeDocument]:
        now = self.clock.now()
        return [
            TradeDocument(
                id=registry_id("tdc"),
                merchant_id=trade.merchant_id,
                trade_id=trade.id,
                kind=d.kind,
                number=d.number,
                provenance=provenance,
                created_at=now,
                export_date=d.export_date,
                order_no=d.order_no or trade.order_no,
                consignee_name=d.consignee_name,
                consignee_country=d.consignee_country,
                carrier=d.carrier,
                amount=d.amount,
            )
            for d in documents
        ]

    def check_declaration_cap(
        self, uow: UnitOfWork, declaration_no: str, amount: Money, *, excluding: str | None = None
    ) -> None:
        """A 1039 declaration: its slices never add up to more than it declares, and it never
        declares more than USD 150,000 (configurable). Before the declaration itself is known,
        the USD slices are summed against the cap."""
        conn = uow.connection
        stored = registry_repo.get_declaration(conn, declaration_no)
        if stored is not None:
            declaration = stored[0]
            if amount.currency != declaration.amount.currency:
                raise RecordRefused(
                    "currency",
                    f"declaration {declaration_no} is in {declaration.amount.currency.code}",
                )
            others = repo.declaration_total_minor(
                conn, declaration_no, amount.currency.code, excluding=excluding
            )
            problem = slices_problem(
                declaration, Money.from_minor(others, amount.currency) + amount
            )
            if problem:
                raise DeclarationCapExceeded(problem)
            return
        if amount.currency.code != "USD":
            return  # measured when the declaration (with its USD value) arrives
        cap = Money.of(self.policy.declaration_cap_usd, "USD")
        already = Money.from_minor(
            repo.declaration_total_minor(conn, declaration_no, "USD", excluding=excluding), "USD"
        )
        if already + amount > cap:
            raise DeclarationCapExceeded(
                f"declaration {declaration_no} would total {already + amount}, above the {cap} cap"
            )

    def add_document(
        self, uow: UnitOfWork, trade_id: str, document: DocumentInput, provenance: Provenance
    ) -> TradeRecord:
        """A document added to a registered trade (an export document arriving later)."""
        trade = self.get(uow, trade_id)
        registry_repo.insert_documents(
            uow.connection, self.build_documents(trade, [document], provenance)
        )
        return self.record(uow, trade_id)

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

    def open_for_matching(
        self,
        uow: UnitOfWork,
        merchant_id: str,
        currency: str | None,
        dated_from: date | None,
        dated_to: date | None,
        *,
        also: Sequence[str] = (),
    ) -> list[OpenTrade]:
        """The merchant's open trades in `currency` (None: any) dated within [dated_from,
        dated_to], lean; plus the trades in `also` whatever their balance."""
        return repo.open_trades_for_matching(
            uow.connection, merchant_id, currency, dated_from, dated_to, also=also
        )

    def named_in(self, uow: UnitOfWork, merchant_id: str, text: str) -> list[Trade]:
        """The merchant's trades, open or used up, whose reference the text names."""
        haystack = normalise_reference(text)
        if not haystack:
            return []
        candidates = repo.named_in(uow.connection, merchant_id, haystack)
        return [t for t in candidates if t.named_in(text)]

    def allocate(
        self,
        uow: UnitOfWork,
        *,
        trade_id: str,
        payment_id: str,
        received: Money,
        charges: Money,
        consumed: Money | None = None,
    ) -> Allocation:
        """Consume a trade's open balance by received + charges (or by `consumed`, in the trade's
        currency, when the payment is in another), or refuse (no re-use)."""
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
            consumed=consumed,
        )
        updated = trade.allocate(allocation.gross)
        if not repo.save_allocated(conn, updated, trade.allocated):
            raise OverAllocation(f"trade {trade_id} changed while allocating; retry")
        repo.insert_allocation(conn, allocation)
        return allocation

    def allocations_for_payment(
        self, uow: UnitOfWork, payment_id: str, *, with_reversed: bool = False
    ) -> list[Allocation]:
        return repo.allocations_for_payment(uow.connection, payment_id, with_reversed=with_reversed)

    def reverse_allocation(self, uow: UnitOfWork, allocation_id: str, reason: str) -> Allocation:
        """Give a trade back what one allocation consumed (a re-optimised match, a return); the
        allocation stays as history. Refuses an allocation already reversed."""
        conn = uow.connection
        allocation = repo.get_allocation(conn, allocation_id)
        if allocation is None:
            raise TradeNotFound(f"no allocation {allocation_id}")
        if not allocation.active:
            raise InvalidTrade(f"allocation {allocation_id} was already reversed")
        trade = repo.get_trade(conn, allocation.trade_id, lock=True)
        assert trade is not None  # the foreign key keeps it
        updated = trade.release(allocation.gross)
        at = self.clock.now()
        if not repo.reverse_allocation(conn, allocation_id, at, reason):
            raise InvalidTrade(f"allocation {allocation_id} was reversed concurrently")
        if not repo.save_allocated(conn, updated, trade.allocated):
            raise OverAllocation(f"trade {trade.id} changed while reversing; retry")
        uow.publish(
            AllocationReversed(
                subject=allocation.trade_id, allocation_id=allocation_id,
                payment_id=allocation.payment_id, reason=reason,
            )
        )  # fmt: skip
        return replace(allocation, reversed_at=at, reversal_reason=reason)

    # -- the registry: records, reports ----------------------------------------------------------

    def record(self, uow: UnitOfWork, trade_id: str) -> TradeRecord:
        """A trade with its goods lines, documents, declaration and number of amendments."""
        conn = uow.connection
        trade = self.get(uow, trade_id)
        declaration = None
        if trade.declaration_no:
            stored = registry_repo.get_declaration(conn, trade.declaration_no)
            declaration = stored[0] if stored else None
        return TradeRecord(
            trade=trade,
            goods=tuple(registry_repo.goods_for(conn, trade_id)),
            documents=tuple(registry_repo.documents_for(conn, [trade_id])),
            declaration=declaration,
            amendments=len(registry_repo.amendments_for(conn, "trade", trade_id)),
        )

    def amendments(self, uow: UnitOfWork, trade_id: str) -> list[dict[str, object]]:
        return registry_repo.amendments_for(uow.connection, "trade", trade_id)

    def today(self) -> date:
        return self.parties.calendar.day_of(self.clock.now())

    def overdue(
        self, uow: UnitOfWork, *, merchant_id: str | None = None, today: date | None = None
    ) -> list[Trade]:
        """Prepayment trades whose document deadline (a Shanghai date) passed with no transport
        document carrying an export date."""
        day = today or self.today()
        found = repo.prepayments_due_before(uow.connection, day, merchant_id)
        documents = self.documents_for(uow, [t.id for t in found])
        return [t for t in found if is_overdue(t, documents, day)]

    def by_kind(
        self, uow: UnitOfWork, kind: TradeKind, *, merchant_id: str | None = None
    ) -> list[Trade]:
        return repo.list_by_kind(uow.connection, kind, merchant_id)

    def documents_for(self, uow: UnitOfWork, trade_ids: Sequence[str]) -> list[TradeDocument]:
        found: list[TradeDocument] = []
        for start in range(0, len(trade_ids), 500):
            found += registry_repo.documents_for(uow.connection, trade_ids[start : start + 500])
        return found

    def unlinked_documents(
        self, uow: UnitOfWork, *, merchant_id: str | None = None
    ) -> list[TradeDocument]:
        return registry_repo.unlinked_documents(uow.connection, merchant_id)

    def allocations_for_trades(self, uow: UnitOfWork, trade_ids: Sequence[str]) -> list[Allocation]:
        found: list[Allocation] = []
        for start in range(0, len(trade_ids), 500):
            found += repo.allocations_for_trades(uow.connection, trade_ids[start : start + 500])
        return found
