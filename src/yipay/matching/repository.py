"""All SQL of matching: the suggestions the engine made for payments left in suspense."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Connection, delete, insert, select

from yipay.adapters.db.uow import UnitOfWork
from yipay.matching.reconcile import ENGINE_VERSION, Suggestion
from yipay.matching.tables import match_suggestions


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
