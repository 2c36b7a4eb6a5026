"""Batch re-matching over stored data: one merchant's matches made globally consistent.

The online path decides one payment at a time, in arrival order, so an early payment may take a
trade a later one fitted better. A batch run gives the engine all of a merchant's payments at
once — those waiting in suspense and those the engine itself matched that nobody confirmed and
that are not settled — with what their allocations consumed put back, and takes the engine's
joint answer.

What it may change is narrow on purpose: a re-optimised payment keeps its whole amount matched to
the same merchant (only *which trades* it consumes changes, so no money moves in the ledger); a
person's match (operator, approved claim) and settled money are never touched; when the joint
answer would leave any already-matched payment short, the merchant's matches are kept as they are
and only the waiting payments are tried. Old allocations are reversed (kept as history), never
edited.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from yipay.adapters.db.uow import UnitOfWork
from yipay.matching.domain import UNMATCHED, MatchRecord
from yipay.matching.errors import MatchRefused
from yipay.matching.events import MatchReoptimised
from yipay.matching.reconcile import (
    ENGINE_VERSION,
    Context,
    RowResult,
    Suggestion,
    solve_block_explained,
)
from yipay.matching.service import MatchingService, payment_row, trade_row
from yipay.payments.domain import Payment, PaymentStatus
from yipay.trades.domain import Allocation, Verification

UNSETTLED = (PaymentStatus.MATCHED, PaymentStatus.CREDITED)
REASON = f"re-optimised by a batch run ({ENGINE_VERSION})"


@dataclass(slots=True)
class RematchReport:
    merchants: int = 0
    newly_matched: list[str] = field(default_factory=list)
    re_optimised: list[str] = field(default_factory=list)  # payments whose trades changed
    kept: list[str] = field(default_factory=list)  # merchants whose joint answer was refused
    waiting: int = 0  # payments still in suspense


class BatchRematch:
    def __init__(self, matching: MatchingService) -> None:
        self.m = matching

    def run(self, uow: UnitOfWork, merchant_ids: list[str] | None = None) -> RematchReport:
        report = RematchReport()
        if merchant_ids is None:
            merchant_ids = self._merchants(uow)
        for merchant_id in merchant_ids:
            self.m.parties.merchant(uow, merchant_id)  # an unknown merchant: PartyNotFound
        for merchant_id in merchant_ids:
            report.merchants += 1
            self._merchant(uow, merchant_id, report)
        return report

    def _merchants(self, uow: UnitOfWork) -> list[str]:
        found = self.m.payments.find(uow, statuses=[PaymentStatus.SUSPENSE, *UNSETTLED], limit=None)
        return sorted({p.merchant_id for p in found if p.merchant_id is not None})

    def _merchant(self, uow: UnitOfWork, merchant_id: str, report: RematchReport) -> None:
        m = self.m
        waiting = m.payments.find(
            uow, merchant_id=merchant_id, statuses=[PaymentStatus.SUSPENSE], limit=None
        )
        records = m.records.many(uow, [p.id for p in waiting])
        waiting = [  # a payment whose match a person undid is decided by people
            p for p in waiting if (r := records.get(p.id)) is None or r.engine != UNMATCHED
        ]
        matched = m.payments.find(
            uow, merchant_id=merchant_id, statuses=list(UNSETTLED), limit=None
        )
        records = m.records.many(uow, [p.id for p in matched])
        movable = [
            p
            for p in matched
            if (r := records.get(p.id)) is not None
            and not r.confirmed
            and r.engine == ENGINE_VERSION
        ]
        if not waiting and not movable:
            return
        old = {p.id: m.trades.allocations_for_payment(uow, p.id) for p in movable}
        released: dict[str, int] = defaultdict(int)
        for allocations in old.values():
            for a in allocations:
                released[a.trade_id] += a.gross.minor
        everyone = movable + waiting
        policy = m.engine_policy
        trades = m.trades.open_for_matching(
            uow,
            merchant_id,
            None,
            min(p.value_date for p in everyone) - timedelta(days=policy.days_after),
            max(p.value_date for p in everyone) + timedelta(days=policy.days_before),
            also=sorted({*released, *(t for p in waiting for t in m.used_up_named(uow, p))}),
        )
        verified = [
            t._replace(open_minor=t.open_minor + released.get(t.id, 0))
            for t in trades
            if t.verification is Verification.VERIFIED
        ]
        buyers = m.buyers(uow, {t.buyer_id for t in verified})
        latest = max(everyone, key=lambda p: p.received_at)
        context = Context(policy, m.rates(uow, latest), m.relations(uow, buyers))
        rows = [trade_row(t, buyers.get(t.buyer_id, ("", ""))) for t in verified]
        results, suggested, explained = solve_block_explained(
            context, [payment_row(p) for p in everyone], rows
        )
        outcome = dict(zip([p.id for p in everyone], results, strict=True))
        if any(not _whole(p, outcome[p.id]) for p in movable):
            report.kept.append(merchant_id)
            for payment in waiting:  # the online rule, one at a time, as before
                decision = m.match_payment(uow, payment.id)
                if decision and decision.matched:
                    report.newly_matched.append(payment.id)
                else:
                    report.waiting += 1
            return
        self._move(uow, movable, old, outcome, explained, report)
        by_payment: dict[str, list[Suggestion]] = defaultdict(list)
        for position, suggestion in suggested:
            by_payment[everyone[position].id].append(suggestion)
        for payment in waiting:
            self._match_waiting(uow, payment, outcome[payment.id], explained, by_payment, report)

    def _move(
        self,
        uow: UnitOfWork,
        movable: list[Payment],
        old: dict[str, list[Allocation]],
        outcome: dict[str, list[RowResult]],
        explained: dict[str, str],
        report: RematchReport,
    ) -> None:
        """Reverse every changed payment's allocations first, then book the new ones (so a trade
        passed from one payment to another is never over-allocated on the way)."""
        m = self.m
        changed = [
            p
            for p in movable
            if sorted((a.trade_id, a.received.minor, a.gross.minor) for a in old[p.id])
            != sorted((r[0], r[1], r[2]) for r in outcome[p.id])
        ]
        for payment in changed:
            for allocation in old[payment.id]:
                m.trades.reverse_allocation(uow, allocation.id, REASON)
        for payment in changed:
            rows = outcome[payment.id]
            booked = m.book(uow, payment, rows)
            if isinstance(booked, str):  # a whole answer always books; refuse the run if not
                raise MatchRefused(f"payment {payment.id}: {booked}")
            m.record(uow, payment.id, rows[0][5], explained.get(payment.id, ""))
            uow.publish(
                MatchReoptimised(
                    subject=payment.id,
                    from_trades=sorted({a.trade_id for a in old[payment.id]}),
                    to_trades=sorted({a.trade_id for a in booked}),
                )
            )
            report.re_optimised.append(payment.id)

    def _match_waiting(
        self,
        uow: UnitOfWork,
        payment: Payment,
        rows: list[RowResult],
        explained: dict[str, str],
        suggestions: dict[str, list[Suggestion]],
        report: RematchReport,
    ) -> None:
        m = self.m
        if _whole(payment, rows):
            booked = m.book(uow, payment, rows)
            if not isinstance(booked, str):
                m.payments.mark_matched(uow, payment.id, booked)
                m.record(uow, payment.id, rows[0][5], explained.get(payment.id, ""))
                m.suggestions.clear(uow, payment.id)
                report.newly_matched.append(payment.id)
                return
        report.waiting += 1
        if suggestions.get(payment.id):  # the joint answer's suggestions replace the old ones
            m.suggestions.replace(
                uow,
                payment.id,
                suggestions[payment.id],
                m.clock.now(),
            )


def _engine_made(record: MatchRecord | None) -> bool:
    """Matched by the engine and confirmed by nobody (matches from before records: left alone)."""
    return record is not None and not record.confirmed and record.engine == ENGINE_VERSION


def _whole(payment: Payment, rows: list[RowResult]) -> bool:
    """The engine matched all of this payment (no unallocated remainder)."""
    return (
        bool(rows)
        and all(r[0] is not None for r in rows)
        and (sum(r[1] for r in rows) == payment.amount.minor)
    )
