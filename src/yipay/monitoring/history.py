"""The history the real-time twins may ask about, answered from the database the way the batch
export answers it (`MonitoringService.export_tables`), so both paths judge the same facts.

Collections are the monitored payments (matched or later, with a merchant): every row of the
exported `transactions` is one (`channel = 'collection'`), its trade the least trade id it is
allocated to. A trade's USD equivalent is `trade_export`'s: at the reference rate in force at
noon of the trade date (Shanghai), else at the moment of asking. Each answer is read once per
evaluation.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime

from sqlalchemy import Connection

from yipay.core.currency import currency
from yipay.fx.domain import RateTable
from yipay.monitoring import repository as repo
from yipay.monitoring import trade_export
from yipay.monitoring.domain import TradeFacts, Transaction


class RecordedHistory:
    """`profiles.History` over the database, for the evaluation of `current`."""

    def __init__(
        self,
        conn: Connection,
        current: Transaction,
        day_of: Callable[[datetime], date],
        rates_at: Callable[[datetime], RateTable],
        usd: trade_export.UsdAt,
    ) -> None:
        self.conn = conn
        self.current = current
        self.day_of = day_of
        self.rates_at = rates_at
        self.usd = usd
        self._trades: dict[str, TradeFacts | None] = {}
        self._collections: dict[str, list[Transaction]] = {}

    def collected_before(self, payer_id: str, at: datetime) -> bool:
        return repo.collected_before(self.conn, payer_id, at)

    def trade(self, trade_id: str) -> TradeFacts | None:
        self._load(trade_id)
        return self._trades[trade_id]

    def trade_collections(self, trade_id: str) -> Sequence[Transaction]:
        self._load(trade_id)
        return self._collections[trade_id]

    def _load(self, trade_id: str) -> None:
        """The trade and its collections, read together once."""
        if trade_id in self._collections:
            return
        row, collections = repo.trade_collections(
            self.conn,
            trade_id,
            self.day_of,
            self.rates_at,
            {self.current.payment_id: self.current},
        )
        self._collections[trade_id] = collections
        self._trades[trade_id] = None
        if row is not None:
            usd = trade_export.trade_usd_minor(
                row.amount_minor,
                row.currency,
                row.trade_date,
                self.usd,
                lambda code: currency(code).exponent,
            )
            self._trades[trade_id] = TradeFacts(
                row.id, row.merchant_id, row.amount_minor, row.currency, usd
            )
