"""In-memory stand-ins for the services a use case collaborates with, for unit tests.

They implement only what the service under test calls, and record the calls so a test can check
what the use case decided without a database.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any

from yipay.core.money import Money
from yipay.payments.domain import PayerDetails, Payment, PaymentStatus
from yipay.trades.domain import Allocation, OpenTrade, Trade

AT = datetime(2026, 11, 3, 2, 0, tzinfo=UTC)


class FakeUow:
    """Services only pass the unit of work on; the fakes below never touch it."""

    actor = "test"


def payment(
    pid: str = "pay_1",
    *,
    status: PaymentStatus = PaymentStatus.RECEIVED,
    country: str = "AE",
    amount: str = "2985.00",
    merchant: str | None = "mer_1",
    info: str = "INV-2026-000123",
    charges: str | None = "15.00",
    agent_bic: str | None = None,
    payer_name: str = "Ahmed Al Mansouri",
) -> Payment:
    return Payment(
        id=pid,
        dedupe_key=f"ref:{pid}",
        channel="test",
        status=status,
        status_reason="",
        amount=Money.of(amount, "USD"),
        offshore=False,
        value_date=date(2026, 11, 3),
        received_at=AT,
        payer_id="pyr_1",
        payer=PayerDetails(payer_name, "AE0701", "EBILAEAD", country),
        merchant_id=merchant,
        instructed=None,
        charges=Money.of(charges, "USD") if charges else None,
        charge_bearer=None,
        debtor_agent_bic=agent_bic,
        remittance_info=info,
        uetr=None,
        end_to_end_id=None,
        message_id=None,
        updated_at=AT,
    )


@dataclass
class FakePayments:
    payments: dict[str, Payment] = field(default_factory=dict)
    calls: list[tuple[str, str, Any]] = field(default_factory=list)

    def add(self, p: Payment) -> None:
        self.payments[p.id] = p

    def get(self, _uow: Any, payment_id: str, *, lock: bool = False) -> Payment:
        del lock
        return self.payments[payment_id]

    def _set(self, payment_id: str, status: PaymentStatus, reason: str) -> Payment:
        self.payments[payment_id] = replace(
            self.payments[payment_id], status=status, status_reason=reason
        )
        return self.payments[payment_id]

    def hold(self, _uow: Any, payment_id: str, reason: str) -> Payment:
        self.calls.append(("hold", payment_id, reason))
        return self._set(payment_id, PaymentStatus.HELD, reason)

    def clear_screening(self, _uow: Any, payment_id: str) -> Payment:
        self.calls.append(("clear", payment_id, None))
        return self._set(payment_id, PaymentStatus.SUSPENSE, "")

    def mark_matched(self, _uow: Any, payment_id: str, allocations: list[Allocation]) -> Payment:
        self.calls.append(("matched", payment_id, [a.trade_id for a in allocations]))
        return self._set(payment_id, PaymentStatus.MATCHED, "matched")

    def leave_in_suspense(self, _uow: Any, payment_id: str, reason: str) -> Payment:
        self.calls.append(("suspense", payment_id, reason))
        return self._set(payment_id, PaymentStatus.SUSPENSE, reason)

    def find(
        self,
        _uow: Any,
        *,
        merchant_id: str | None = None,
        statuses: list[PaymentStatus] | None = None,
        limit: int | None = None,
    ) -> list[Payment]:
        del limit
        return [
            p
            for p in self.payments.values()
            if (merchant_id is None or p.merchant_id == merchant_id)
            and (statuses is None or p.status in statuses)
        ]


@dataclass
class FakeAlerts:
    raised: list[Any] = field(default_factory=list)

    def raise_alert(self, _uow: Any, alert: Any) -> Any:
        self.raised.append(alert)
        return alert


@dataclass
class FakeTrades:
    trades: dict[str, Trade] = field(default_factory=dict)
    allocations: list[Allocation] = field(default_factory=list)

    def open_for_matching(
        self,
        _uow: Any,
        merchant_id: str,
        currency: str | None,
        dated_from: date,
        dated_to: date,
        *,
        also: Any = (),
    ) -> list[OpenTrade]:
        return [
            OpenTrade(
                t.id,
                t.buyer_id,
                t.open_balance.minor,
                t.amount.currency.code,
                t.trade_date,
                t.reference,
                t.order_no or "",
                t.declaration_no or "",
                t.waybill_no or "",
                t.platform_id or "",
                t.verification,
            )
            for t in sorted(self.trades.values(), key=lambda t: t.id)
            if t.merchant_id == merchant_id
            and (
                t.id in also
                or (
                    currency in (None, t.amount.currency.code)
                    and t.open_balance.is_positive
                    and dated_from <= t.trade_date <= dated_to
                )
            )
        ]

    def named_in(self, _uow: Any, merchant_id: str, text: str) -> list[Trade]:
        return [
            t for t in self.trades.values() if t.merchant_id == merchant_id and t.named_in(text)
        ]

    def allocate(
        self,
        _uow: Any,
        *,
        trade_id: str,
        payment_id: str,
        received: Money,
        charges: Money,
        consumed: Money | None = None,
    ) -> Allocation:
        allocation = Allocation(
            f"alc_{len(self.allocations)}", payment_id, trade_id, received, charges, AT, consumed
        )
        self.trades[trade_id] = self.trades[trade_id].allocate(allocation.gross)
        self.allocations.append(allocation)
        return allocation


@dataclass
class FakeParties:
    names: dict[str, tuple[str, str]] = field(default_factory=dict)

    def buyers(self, _uow: Any, *, ids: list[str], limit: int) -> list[Any]:
        del limit

        @dataclass
        class B:
            id: str
            name: str
            name_latin: str
            country: str = "AE"

        return [B(i, *self.names[i]) for i in ids if i in self.names]

    def payer_relations(self, _uow: Any, _buyer_ids: Any) -> list[Any]:
        return []


class FakeFx:
    def rate_table(self, _uow: Any, _at: datetime) -> Any:
        from yipay.fx.errors import RateUnavailable

        raise RateUnavailable("no rates in this fake")


@dataclass
class FakeRecords:
    """How each matched payment was matched."""

    by_payment: dict[str, Any] = field(default_factory=dict)

    def save(self, _uow: Any, record: Any) -> None:
        self.by_payment[record.payment_id] = record

    def get(self, _uow: Any, payment_id: str) -> Any:
        return self.by_payment.get(payment_id)

    def many(self, _uow: Any, payment_ids: Any) -> dict[str, Any]:
        return {p: self.by_payment[p] for p in payment_ids if p in self.by_payment}


@dataclass
class FakeSuggestions:
    """The matcher's suggestion store: the latest suggestions per payment."""

    by_payment: dict[str, list[Any]] = field(default_factory=dict)

    def replace(self, _uow: Any, payment_id: str, suggestions: Any, _at: datetime) -> None:
        self.by_payment[payment_id] = list(suggestions)

    def clear(self, _uow: Any, payment_id: str) -> None:
        self.by_payment.pop(payment_id, None)
