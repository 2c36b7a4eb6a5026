"""Large-value transaction report candidates: same-day, single or cumulative, per customer.

Candidates are not alerts: they never enter the analysts' queue or alert rates; an operator
turns them into reports. The customer is the merchant; its party type picks the threshold
(individual businesses count as non-natural persons). Receipts in RMB are summed in RMB;
receipts in foreign currencies are summed as USD equivalents. Days are regulatory (Shanghai)
calendar days of the booking instant.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from yipay.core.ids import stable_id
from yipay.core.money import Money

RMB = "CNY"


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Cross-border transfer thresholds per party group (amounts in major units)."""

    natural_cny: Decimal
    natural_usd: Decimal
    non_natural_cny: Decimal
    non_natural_usd: Decimal

    def for_party(self, party_type: str, *, rmb: bool) -> Money:
        natural = party_type == "natural_person"
        if rmb:
            return Money.of(self.natural_cny if natural else self.non_natural_cny, RMB)
        return Money.of(self.natural_usd if natural else self.non_natural_usd, "USD")


@dataclass(frozen=True, slots=True)
class Receipt:
    payment_id: str
    merchant_id: str
    party_type: str
    day: date
    amount: Money
    usd_equivalent: Money | None  # None for RMB receipts


@dataclass(frozen=True, slots=True)
class Candidate:
    id: str
    merchant_id: str
    day: date
    currency_class: str  # "RMB" or "FCY"
    total: Money
    threshold: Money
    payment_ids: tuple[str, ...]
    due_by: date


def working_days_after(day: date, days: int) -> date:
    """`days` Monday–Friday working days after `day` (public holidays are not modelled yet)."""
    current = day
    left = days
    while left:
        current += timedelta(days=1)
        if current.weekday() < 5:
            left -= 1
    return current


def candidates(
    receipts: list[Receipt], thresholds: Thresholds, deadline_days: int
) -> list[Candidate]:
    groups: dict[tuple[str, date, bool], list[Receipt]] = {}
    for receipt in receipts:
        rmb = receipt.amount.currency.code == RMB
        if not rmb and receipt.usd_equivalent is None:
            continue
        groups.setdefault((receipt.merchant_id, receipt.day, rmb), []).append(receipt)
    found = []
    for (merchant_id, day, rmb), group in sorted(groups.items()):
        threshold = thresholds.for_party(group[0].party_type, rmb=rmb)
        total = Money.zero(threshold.currency)
        for receipt in group:
            value = receipt.amount if rmb else receipt.usd_equivalent
            assert value is not None
            total = total + value
        if total < threshold:
            continue
        currency_class = "RMB" if rmb else "FCY"
        found.append(
            Candidate(
                id=stable_id(
                    "candidate", "large_value", merchant_id, day.isoformat(), currency_class
                ),
                merchant_id=merchant_id,
                day=day,
                currency_class=currency_class,
                total=total,
                threshold=threshold,
                payment_ids=tuple(sorted(r.payment_id for r in group)),
                due_by=working_days_after(day, deadline_days),
            )
        )
    return found
