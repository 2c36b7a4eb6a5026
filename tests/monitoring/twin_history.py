"""An in-memory `profiles.History` and the real-time path replayed over it, without a database.

`SeenHistory` answers as the service's `RecordedHistory` does, over the payments seen so far;
`replay` evaluates payments one by one as `MonitoringService.evaluate_payment` does (entries →
profiles → evidence → alerts, merged by `Alert.extended`), so tests can hold a twin's alerts
against the batch SQL's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from decimal import Decimal

from yipay.alerts.domain import Alert
from yipay.core.clock import RegulatoryCalendar
from yipay.monitoring import alerting
from yipay.monitoring.domain import Rule, TradeFacts, Transaction
from yipay.monitoring.profiles import Profile, WindowedTwin, record

CALENDAR = RegulatoryCalendar()
NOW = datetime(2027, 1, 1, tzinfo=UTC)


class SeenHistory:
    def __init__(self, trades: Mapping[str, TradeFacts] | None = None) -> None:
        self.trades = dict(trades or {})
        self.seen: list[Transaction] = []

    def see(self, txn: Transaction) -> None:
        self.seen.append(txn)

    def collected_before(self, payer_id: str, at: datetime) -> bool:
        return any(t.payer_id == payer_id and t.received_at < at for t in self.seen)

    def trade(self, trade_id: str) -> TradeFacts | None:
        return self.trades.get(trade_id)

    def trade_collections(self, trade_id: str) -> Sequence[Transaction]:
        return [t for t in self.seen if t.trade_ref == trade_id]


NO_HISTORY = SeenHistory()


def replay(
    rule: Rule,
    twin: WindowedTwin,
    params: Mapping[str, Decimal],
    payments: Iterable[Transaction],
    trades: Mapping[str, TradeFacts] | None = None,
) -> tuple[dict[str, Alert], dict[tuple[str, int], Profile]]:
    """The alerts the real-time path raises evaluating `payments` in this order, and the
    profiles it keeps (by subject and window)."""
    history = SeenHistory(trades)
    profiles: dict[tuple[str, int], Profile] = {}
    alerts: dict[str, Alert] = {}
    for txn in payments:
        history.see(txn)
        counted: dict[tuple[str, int], Profile] = {}
        for e in twin.entries(txn, params, history):
            key = (e.subject_id, e.window_no)
            updated = record(profiles.get(key), rule.id, e, twin.basis(params))
            profiles[key] = updated or profiles[key]
            counted[key] = profiles[key]
        rows = [row for p in counted.values() for row in twin.evidence(p, params)]
        for alert in alerting.alerts(rule, rows, params, CALENDAR, NOW):
            known = alerts.get(alert.id)
            alerts[alert.id] = alert if known is None else known.extended(alert, NOW)
    return alerts, profiles


def batch_alerts(
    rule: Rule, params: Mapping[str, Decimal], rows: Iterable[object]
) -> dict[str, Alert]:
    found = alerting.alerts(rule, rows, params, CALENDAR, NOW)  # type: ignore[arg-type]
    return {a.id: a for a in found}
