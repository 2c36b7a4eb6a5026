"""When each trade gets paid: deposit and balance, or one payment, relative to order and export.

About half of the wholesale trades are paid 30% at order and 70% before loading (some balances
only after export, against a copy of the bill of lading); the rest in one payment, from a few days
before the order up to 60 days after export. Parcels are paid at order. Banks credit on weekdays,
so most weekend-dated payments arrive on Monday. Buyers sometimes pay two invoices of the same
shop at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from yipay.core.money import Money
from yipay.simulate.calendar import Window
from yipay.simulate.streams import Draw
from yipay.simulate.trades import PlannedTrade

DEPOSIT_WEIGHTS = (3, 7)  # 30% deposit, 70% balance (largest-remainder split, always adds up)
SPLIT_SHARE = 0.62  # of wholesale trades worth USD 1,000 or more
MERGE_SHARE = 0.3
_NEXT_WEEK_CUM = (
    0.32,
    0.53,
    0.69,
    0.85,
    1.0,
)  # Monday … Friday  # of pairs of one-payment trades, same buyer and shop, paid within 3 days


@dataclass(frozen=True)
class PlannedPayment:
    trades: tuple[PlannedTrade, ...]
    instructed: Money
    day: date
    part: str  # "deposit" | "balance" | "full"
    pays_open_balance: bool  # the amount equals what is still open on the trade(s) in the data


def plan_payments(draw: Draw, trades: list[PlannedTrade], window: Window) -> list[PlannedPayment]:
    """The payments of `trades` that arrive inside the window, in trade order."""
    landed: list[PlannedPayment] = []
    for planned in trades:
        landed.extend(p for p in _trade_payments(draw, planned, window) if window.contains(p.day))
    return _merge_small_pairs(draw, landed)


def _trade_payments(draw: Draw, planned: PlannedTrade, window: Window) -> list[PlannedPayment]:
    trade = planned.trade
    ordered, shipped = trade.trade_date, planned.shipped_on
    if trade.kind == "9610":
        day = _banking_day(draw, ordered + timedelta(days=draw.between(0, 1)))
        return [PlannedPayment((planned,), trade.amount, day, "full", pays_open_balance=True)]
    if planned.usd_value >= 1000 and draw.chance(SPLIT_SHARE):
        deposit, balance = trade.amount.allocate(list(DEPOSIT_WEIGHTS))
        deposit_day = _banking_day(draw, ordered + timedelta(days=draw.between(-4, 3)))
        if draw.chance(0.7):
            balance_day = shipped - timedelta(days=draw.between(0, 8))
        else:
            balance_day = shipped + timedelta(days=min(60, 1 + int(draw.exponential(12))))
        balance_day = _banking_day(draw, max(balance_day, deposit_day + timedelta(days=1)))
        deposit_seen = window.contains(deposit_day)
        return [
            PlannedPayment((planned,), deposit, deposit_day, "deposit", pays_open_balance=False),
            PlannedPayment(
                (planned,), balance, balance_day, "balance", pays_open_balance=deposit_seen
            ),
        ]
    if draw.chance(0.5):
        span = (shipped - ordered).days + 2
        day = ordered - timedelta(days=2) + timedelta(days=draw.below(span + 1))
    else:
        day = shipped + timedelta(days=min(60, 1 + int(draw.exponential(14))))
    day = _banking_day(draw, day)
    return [PlannedPayment((planned,), trade.amount, day, "full", pays_open_balance=True)]


def _banking_day(draw: Draw, day: date) -> date:
    """Payers act on weekdays: a weekend intention is sent in the following week, most often on
    Monday; a few payments (instant RMB, Gulf banks) do arrive on the weekend."""
    if day.weekday() < 5 or draw.chance(0.05):
        return day
    monday = day + timedelta(days=7 - day.weekday())
    return monday + timedelta(days=draw.pick_weighted(range(5), _NEXT_WEEK_CUM))


def _merge_small_pairs(draw: Draw, payments: list[PlannedPayment]) -> list[PlannedPayment]:
    """Join some one-payment trades of the same buyer, shop and currency into one transfer."""
    last_full: dict[tuple[str, str, str], int] = {}
    merged: list[PlannedPayment | None] = []
    for payment in payments:
        if payment.part != "full" or payment.trades[0].trade.kind == "9610":
            merged.append(payment)
            continue
        trade = payment.trades[0].trade
        key = (trade.buyer_platform_id, trade.merchant_platform_id, trade.amount.currency.code)
        earlier_index = last_full.get(key)
        earlier = merged[earlier_index] if earlier_index is not None else None
        if (
            earlier is not None
            and earlier_index is not None
            and len(earlier.trades) == 1
            and abs((payment.day - earlier.day).days) <= 3
            and draw.chance(MERGE_SHARE)
        ):
            merged[earlier_index] = None
            payment = PlannedPayment(  # noqa: PLW2901 (the pair replaces the single payment)
                earlier.trades + payment.trades,
                earlier.instructed + payment.instructed,
                max(earlier.day, payment.day),
                "full",
                pays_open_balance=True,
            )
        last_full[key] = len(merged)
        merged.append(payment)
    return [payment for payment in merged if payment is not None]
