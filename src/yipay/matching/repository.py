"""All SQL of matching: the engine's suggestions for payments in suspense; merchants' claims."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, delete, insert, select, update

from yipay.adapters.db.uow import UnitOfWork
from yipay.matching.domain import Claim, ClaimStatus, MatchRecord
from yipay.matching.reconcile import ENGINE_VERSION, Suggestion
from yipay.matching.tables import match_claims, match_records, match_suggestions


class SuggestionStore:
    """Keeps the latest suggestions per payment (a payment matched has none)."""

    def replace(
        self, uow: UnitOfWork, payment_id: str, suggestions: Sequence[Suggestion], at: datetime
    ) -> None:
        self.clear(uow, payment_id)
        if suggestions:
            uow.connection.execute(
                insert(match_suggestions),
                [
                    {
                        "payment_id": payment_id,
                        "rank": s.rank,
                        "trade_ids": ",".join(s.trade_ids),
                        "score_bp": round(s.score * 10_000),
                        "reason": s.reason,
                        "explanation": s.explanation,
                        "engine": ENGINE_VERSION,
                        "created_at": at,
                    }
                    for s in suggestions
                ],
            )

    def clear(self, uow: UnitOfWork, payment_id: str) -> None:
        query = delete(match_suggestions).where(match_suggestions.c.payment_id == payment_id)
        uow.connection.execute(query)

    def for_payment(self, uow: UnitOfWork, payment_id: str) -> list[Suggestion]:
        return _for_payment(uow.connection, payment_id)

    def with_suggestions(self, uow: UnitOfWork, payment_ids: Sequence[str]) -> set[str]:
        """Which of these payments have suggestions."""
        if not payment_ids:
            return set()
        t = match_suggestions.c
        query = select(t.payment_id).where(t.payment_id.in_(list(payment_ids))).distinct()
        return set(uow.connection.scalars(query))


def _for_payment(conn: Connection, payment_id: str) -> list[Suggestion]:
    query = (
        select(match_suggestions)
        .where(match_suggestions.c.payment_id == payment_id)
        .order_by(match_suggestions.c.rank)
    )
    return [
        Suggestion(
            row.payment_id,
            row.rank,
            tuple(row.trade_ids.split(",")),
            row.score_bp / 10_000,
            row.reason,
            row.explanation,
        )
        for row in conn.execute(query)
    ]


class MatchRecordStore:
    """One record per matched payment: replaced when a batch run re-optimises the match."""

    def save(self, uow: UnitOfWork, record: MatchRecord) -> None:
        conn = uow.connection
        conn.execute(delete(match_records).where(match_records.c.payment_id == record.payment_id))
        conn.execute(
            insert(match_records).values(
                payment_id=record.payment_id,
                engine=record.engine,
                score_bp=None if record.score is None else round(record.score * 10_000),
                explanation=record.explanation,
                decided_by=record.decided_by,
                confirmed=record.confirmed,
                decided_at=record.decided_at,
            )
        )

    def get(self, uow: UnitOfWork, payment_id: str) -> MatchRecord | None:
        found = self.many(uow, [payment_id])
        return found.get(payment_id)

    def many(self, uow: UnitOfWork, payment_ids: Sequence[str]) -> dict[str, MatchRecord]:
        if not payment_ids:
            return {}
        query = select(match_records).where(match_records.c.payment_id.in_(list(payment_ids)))
        return {
            row.payment_id: MatchRecord(
                payment_id=row.payment_id,
                engine=row.engine,
                score=None if row.score_bp is None else row.score_bp / 10_000,
                explanation=row.explanation,
                decided_by=row.decided_by,
                confirmed=row.confirmed,
                decided_at=row.decided_at,
            )
            for row in uow.connection.execute(query)
        }


class ClaimStore:
    """Merchants' claims and their review."""

    def insert(self, uow: UnitOfWork, claim: Claim) -> None:
        uow.connection.execute(insert(match_claims).values(**_claim_values(claim)))

    def get(self, uow: UnitOfWork, claim_id: str, *, lock: bool = False) -> Claim | None:
        query = select(match_claims).where(match_claims.c.id == claim_id)
        if lock and uow.dialect == "postgresql":
            query = query.with_for_update()
        row = uow.connection.execute(query).first()
        return _claim(row) if row else None

    def decide(self, uow: UnitOfWork, claim: Claim) -> bool:
        """Store the decision unless the claim was decided meanwhile (compare-and-set)."""
        t = match_claims.c
        query = (
            update(match_claims)
            .where(t.id == claim.id, t.status == ClaimStatus.OPEN.value)
            .values(
                status=claim.status.value,
                decided_by=claim.decided_by,
                decided_at=claim.decided_at,
                decision_reason=claim.decision_reason,
            )
        )
        return uow.connection.execute(query).rowcount == 1

    def find(
        self,
        uow: UnitOfWork,
        *,
        status: ClaimStatus | None = None,
        merchant_id: str | None = None,
        payment_ids: Sequence[str] | None = None,
        limit: int | None = 100,
    ) -> list[Claim]:
        t = match_claims.c
        query = select(match_claims).order_by(t.id)
        if status is not None:
            query = query.where(t.status == status.value)
        if merchant_id is not None:
            query = query.where(t.merchant_id == merchant_id)
        if payment_ids is not None:
            if not payment_ids:
                return []
            query = query.where(t.payment_id.in_(list(payment_ids)))
        if limit is not None:
            query = query.limit(limit)
        return [_claim(row) for row in uow.connection.execute(query)]


def _claim_values(claim: Claim) -> dict[str, Any]:
    return {
        "id": claim.id,
        "payment_id": claim.payment_id,
        "trade_id": claim.trade_id,
        "merchant_id": claim.merchant_id,
        "evidence": claim.evidence,
        "claimed_by": claim.claimed_by,
        "claimed_at": claim.claimed_at,
        "status": claim.status.value,
        "decided_by": claim.decided_by,
        "decided_at": claim.decided_at,
        "decision_reason": claim.decision_reason,
    }


def _claim(row: Row[Any]) -> Claim:
    return Claim(
        id=row.id,
        payment_id=row.payment_id,
        trade_id=row.trade_id,
        merchant_id=row.merchant_id,
        evidence=row.evidence,
        claimed_by=row.claimed_by,
        claimed_at=row.claimed_at,
        status=ClaimStatus(row.status),
        decided_by=row.decided_by,
        decided_at=row.decided_at,
        decision_reason=row.decision_reason,
    )
