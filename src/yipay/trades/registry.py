"""The market platform's feed applied to the registry: new records, re-sent ones, corrections.

A record is known by its platform id (a declaration also by its number). Re-sending the same
record changes nothing. A record whose content changed is the platform's *correction* and is
applied as an amendment — the platform is the authority on what was traded and does send
corrections (a customs declaration amended after inspection, an order's quantities fixed) —
with the previous version kept in `trade_amendments`, unless the correction contradicts what
the money already did: a trade cannot move to another merchant, change kind or currency, or fall
below what collections have already consumed; those are refused with the reason.
A platform record for a trade the merchant entered itself (same platform id) verifies it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from yipay.adapters.db.uow import UnitOfWork
from yipay.core.errors import YipayError
from yipay.core.money import Money
from yipay.trades import registry_repository as registry_repo
from yipay.trades import repository as repo
from yipay.trades.commands import (
    RegisterDeclaration,
    RegisterDocument,
    RegisterTrade,
    fingerprint,
    plain,
)
from yipay.trades.domain import (
    Declaration,
    ImportProblem,
    ImportSummary,
    Provenance,
    Trade,
    TradeDocument,
    TradeKind,
    Verification,
    cap_problem,
    registry_id,
    slices_problem,
)
from yipay.trades.errors import DeclarationCapExceeded, RecordRefused
from yipay.trades.events import TradeAmended, TradeVerified
from yipay.trades.service import TradeService

MAX_PROBLEMS = 50


class Outcome(StrEnum):
    IMPORTED = "imported"
    AMENDED = "amended"
    UNCHANGED = "unchanged"


@dataclass(frozen=True, slots=True)
class FeedLine:
    """One record of a feed file as read: its line, the record, or why it could not be read."""

    line: int
    record: RegisterTrade | RegisterDeclaration | RegisterDocument | None
    problems: tuple[ImportProblem, ...] = field(default=())


class PlatformRegistry:
    def __init__(self, trades: TradeService) -> None:
        self.trades = trades

    # -- a whole file ---------------------------------------------------------------------------

    def import_feed(
        self, uow: UnitOfWork, lines: Sequence[FeedLine], *, actor: str = "platform"
    ) -> ImportSummary:
        """Apply every record in the caller's unit of work; the caller commits only when the
        summary is ok, so a file with one refused record imports nothing."""
        summary = ImportSummary()
        seen: dict[str, int] = {}

        def problem(line: int, where: str, reason: str) -> None:
            summary.problems_total += 1
            if len(summary.problems) < MAX_PROBLEMS:
                summary.problems.append(ImportProblem(line, where, reason))

        for fed in lines:
            if fed.problems or fed.record is None:
                summary.refused += 1
                for p in fed.problems:
                    problem(p.line, p.field, p.reason)
                continue
            clash = False
            for key, where in _keys(fed.record):
                if key in seen:
                    problem(fed.line, where, f"{key.split(':', 1)[1]} is also on line {seen[key]}")
                    clash = True
                seen.setdefault(key, fed.line)
            if clash:
                summary.refused += 1
                continue
            try:
                outcome = self.apply(uow, fed.record, actor=actor)
            except YipayError as exc:
                problem(fed.line, _field_of(exc), exc.message)
                summary.refused += 1
            else:
                _count(summary, outcome)
        return summary

    def apply(
        self,
        uow: UnitOfWork,
        record: RegisterTrade | RegisterDeclaration | RegisterDocument,
        *,
        actor: str = "platform",
    ) -> Outcome:
        if isinstance(record, RegisterDeclaration):
            return self.upsert_declaration(uow, record, actor=actor)
        if isinstance(record, RegisterDocument):
            return self.upsert_document(uow, record, actor=actor)
        return self.upsert_trade(uow, record, actor=actor)

    # -- trades ---------------------------------------------------------------------------------

    def upsert_trade(
        self, uow: UnitOfWork, cmd: RegisterTrade, *, actor: str, check_cap: bool = True
    ) -> Outcome:
        conn = uow.connection
        if not cmd.platform_id:
            raise RecordRefused("platform_id", "a platform record carries its platform id")
        existing = repo.find_by_platform_id(conn, cmd.platform_id)
        if existing is None:
            self.trades.register(uow, cmd, check_cap=check_cap)
            return Outcome.IMPORTED
        if repo.trade_content_hash(conn, existing.id) == cmd.content_hash:
            return Outcome.UNCHANGED
        merchant_id, buyer_id = self.trades.resolve_parties(uow, cmd.merchant_id, cmd.buyer_id)
        _refuse_contradictions(existing, cmd, merchant_id)
        self.trades.check_record(cmd)
        if check_cap and cmd.kind is TradeKind.MARKET_PROCUREMENT and cmd.declaration_no:
            self.trades.check_declaration_cap(
                uow, cmd.declaration_no, cmd.amount, excluding=existing.id
            )
        before = self.trades.record(uow, existing.id)
        confirms = existing.verification is Verification.PENDING_REVIEW
        amended = replace(
            existing,
            buyer_id=buyer_id,
            reference=cmd.reference.strip(),
            amount=cmd.amount,
            trade_date=cmd.trade_date,
            provenance=Provenance.PLATFORM,
            verification=Verification.VERIFIED if confirms else existing.verification,
            declaration_no=cmd.declaration_no,
            export_date=cmd.export_date,
            goods_description=cmd.goods_description,
            hs_code=cmd.hs_code,
            order_no=cmd.order_no,
            waybill_no=cmd.waybill_no,
            prepayment=cmd.prepayment,
            documents_due_by=cmd.documents_due_by,
            payer_name=cmd.payer_name,
            revision=existing.revision + 1,
        )
        repo.amend_trade(conn, amended, cmd.content_hash)
        registry_repo.replace_goods(conn, existing.id, cmd.goods)
        registry_repo.delete_nested_documents(conn, existing.id)
        registry_repo.insert_documents(
            conn, self.trades.build_documents(amended, cmd.documents, Provenance.PLATFORM)
        )
        registry_repo.link_waiting_documents(conn, amended)
        after = self.trades.record(uow, existing.id)
        self._record_amendment(uow, "trade", existing.id, amended.revision, before, after, actor)
        uow.publish(
            TradeAmended(
                subject=existing.id, merchant_id=existing.merchant_id, revision=amended.revision
            )
        )
        if confirms:
            uow.publish(TradeVerified(subject=existing.id, merchant_id=existing.merchant_id))
        return Outcome.AMENDED

    # -- declarations ---------------------------------------------------------------------------

    def upsert_declaration(
        self, uow: UnitOfWork, cmd: RegisterDeclaration, *, actor: str
    ) -> Outcome:
        conn = uow.connection
        cap = Money.of(self.trades.policy.declaration_cap_usd, "USD")
        too_much = cap_problem(cmd.declaration_no, cmd.usd_value, cap)
        if too_much:
            raise DeclarationCapExceeded(too_much)
        stored = registry_repo.get_declaration(conn, cmd.declaration_no)
        if (
            stored is not None
            and cmd.platform_id
            and stored[0].platform_id
            not in (
                None,
                cmd.platform_id,
            )
        ):
            raise RecordRefused(
                "declaration_no",
                f"declaration {cmd.declaration_no} came as platform record {stored[0].platform_id}",
            )
        declaration = Declaration(
            declaration_no=cmd.declaration_no,
            export_agent=cmd.export_agent,
            amount=cmd.amount,
            usd_value=cmd.usd_value,
            provenance=Provenance.PLATFORM,
            created_at=stored[0].created_at if stored else self.trades.clock.now(),
            container_no=cmd.container_no,
            export_date=cmd.export_date,
            port=cmd.port,
            platform_id=cmd.platform_id,
            revision=stored[0].revision + 1 if stored else 1,
        )
        outcomes: list[Outcome] = []
        if stored is None:
            registry_repo.insert_declaration(conn, declaration, cmd.content_hash)
            outcomes.append(Outcome.IMPORTED)
        elif stored[1] == cmd.content_hash:
            outcomes.append(Outcome.UNCHANGED)
        else:
            registry_repo.update_declaration(conn, declaration, cmd.content_hash)
            self._record_amendment(
                uow,
                "declaration",
                cmd.declaration_no,
                declaration.revision,
                stored[0],
                declaration,
                actor,
            )
            outcomes.append(Outcome.AMENDED)
        for part in cmd.slices:
            whole = replace(
                part,
                documents=part.documents + cmd.documents,
                export_date=part.export_date or cmd.export_date,
            )
            whole = replace(whole, content_hash=fingerprint(whole))
            outcomes.append(self.upsert_trade(uow, whole, actor=actor, check_cap=False))
        currencies = repo.declaration_slice_currencies(conn, cmd.declaration_no)
        if currencies - {cmd.amount.currency.code}:
            raise RecordRefused(
                "currency", f"slices of {cmd.declaration_no} are in {', '.join(sorted(currencies))}"
            )
        total = repo.declaration_total_minor(conn, cmd.declaration_no, cmd.amount.currency.code)
        problem = slices_problem(declaration, Money.from_minor(total, cmd.amount.currency))
        if problem:
            raise DeclarationCapExceeded(problem)
        if all(o is Outcome.UNCHANGED for o in outcomes):
            return Outcome.UNCHANGED
        return Outcome.IMPORTED if stored is None else Outcome.AMENDED

    # -- documents sent on their own -----------------------------------------------------------

    def upsert_document(self, uow: UnitOfWork, cmd: RegisterDocument, *, actor: str) -> Outcome:
        conn = uow.connection
        merchant_id = self.trades.resolve_merchant(uow, cmd.merchant_id)
        trade: Trade | None = None
        if cmd.trade_platform_id:
            trade = repo.find_by_platform_id(conn, cmd.trade_platform_id)
            if trade is None or trade.merchant_id != merchant_id:
                raise RecordRefused(
                    "trade", f"no trade {cmd.trade_platform_id} of merchant {cmd.merchant_id}"
                )
        elif cmd.document.order_no:
            trade = registry_repo.find_by_order_no(conn, merchant_id, cmd.document.order_no)
        stored = registry_repo.document_by_platform_id(conn, cmd.platform_id)
        d = cmd.document
        document = TradeDocument(
            id=stored[0].id if stored else registry_id("tdc"),
            merchant_id=merchant_id,
            trade_id=trade.id if trade else None,
            kind=d.kind,
            number=d.number,
            provenance=Provenance.PLATFORM,
            created_at=stored[0].created_at if stored else self.trades.clock.now(),
            export_date=d.export_date,
            order_no=d.order_no or (trade.order_no if trade else None),
            consignee_name=d.consignee_name,
            consignee_country=d.consignee_country,
            carrier=d.carrier,
            amount=d.amount,
            platform_id=cmd.platform_id,
        )
        if stored is None:
            registry_repo.insert_documents(conn, [document], cmd.content_hash)
            return Outcome.IMPORTED
        if stored[1] == cmd.content_hash:
            return Outcome.UNCHANGED
        if stored[0].merchant_id != merchant_id:
            raise RecordRefused("merchant_id", "a correction cannot move a document")
        registry_repo.update_document(conn, document, cmd.content_hash)
        self._record_amendment(uow, "document", cmd.platform_id, 0, stored[0], document, actor)
        return Outcome.AMENDED

    def _record_amendment(
        self,
        uow: UnitOfWork,
        record_type: str,
        record_id: str,
        revision: int,
        before: object,
        after: object,
        actor: str,
    ) -> None:
        old, new = _snapshot(before), _snapshot(after)
        changed = sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))
        registry_repo.insert_amendment(
            uow.connection,
            record_type=record_type,
            record_id=record_id,
            revision=revision,
            changed=changed,
            previous=old,
            current=new,
            actor=actor,
            at=self.trades.clock.now(),
        )


def _field_of(exc: YipayError) -> str:
    if isinstance(exc, RecordRefused):
        return exc.field
    if isinstance(exc, DeclarationCapExceeded):
        return "amount"
    return "record"


def _count(summary: ImportSummary, outcome: Outcome) -> None:
    if outcome is Outcome.IMPORTED:
        summary.imported += 1
    elif outcome is Outcome.AMENDED:
        summary.amended += 1
    else:
        summary.unchanged += 1


def _snapshot(value: object) -> dict[str, Any]:
    body = plain(value)
    assert isinstance(body, dict)
    if "trade" in body:  # a TradeRecord: flatten the trade's fields beside goods and documents
        trade = body.pop("trade")
        body = {**trade, **body}
        for doc in body.get("documents", []):
            doc.pop("id", None)
            doc.pop("created_at", None)
    for volatile in ("allocated", "created_at", "amendments", "revision"):
        body.pop(volatile, None)
    return body


def _refuse_contradictions(existing: Trade, cmd: RegisterTrade, merchant_id: str) -> None:
    if merchant_id != existing.merchant_id:
        raise RecordRefused(
            "merchant_id", f"trade {cmd.platform_id} belongs to another merchant; not moved"
        )
    if cmd.kind is not existing.kind:
        raise RecordRefused(
            "kind", f"trade {cmd.platform_id} is {existing.kind.value}; a kind never changes"
        )
    if cmd.amount.currency != existing.amount.currency:
        raise RecordRefused(
            "currency",
            f"trade {cmd.platform_id} is in {existing.amount.currency.code}; a currency never "
            "changes",
        )
    if cmd.amount < existing.allocated:
        raise RecordRefused(
            "amount",
            f"collections already consumed {existing.allocated} of trade {cmd.platform_id}; "
            f"a correction to {cmd.amount} is refused",
        )


def _keys(record: RegisterTrade | RegisterDeclaration | RegisterDocument) -> list[tuple[str, str]]:
    """The natural keys a record claims, so one file cannot send the same record twice."""
    if isinstance(record, RegisterDeclaration):
        keys = [(f"declaration:{record.declaration_no}", "declaration_no")]
        if record.platform_id:
            keys.append((f"record:{record.platform_id}", "platform_id"))
        for i, part in enumerate(record.slices):
            keys.append((f"record:{part.platform_id}", f"slices[{i}].platform_id"))
        return keys
    return [(f"record:{record.platform_id}", "platform_id")]
