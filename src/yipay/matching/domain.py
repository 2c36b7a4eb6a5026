"""The exact matching rule of the foundation, and the decision the online matcher returns.

The online path (`service.MatchingService`) now scores with the batch engine (`reconcile`,
"reconcile-1"); the exact rule is kept as a reference and for its tests. Under it, a payment
matches a trade when its remittance text names exactly one of the merchant's open trades, or,
naming none, when the payer is the buyer by name and the amount is that trade's open balance.
Charges deducted on the way count towards the trade (the trade is consumed gross): stated ones as
stated, unstated ones inferred only when they close the trade and stay under a cap.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from yipay.core.money import Money
from yipay.trades.domain import Trade

RULE_VERSION = "exact-1"


@dataclass(frozen=True, slots=True)
class PaymentFacts:
    """What the rule needs to know of a payment."""

    amount: Money
    charges: Money | None
    charge_bearer: str | None
    payer_name: str
    remittance_info: str


@dataclass(frozen=True, slots=True)
class MatchDecision:
    trade_id: str | None
    received: Money | None = None
    charges: Money | None = None
    rule: str = ""
    reason: str = ""
    trade_ids: tuple[str, ...] = ()  # every trade paid (the engine may split over several)
    score: float | None = None  # the engine's score of the allocation

    @property
    def matched(self) -> bool:
        return self.trade_id is not None


UNMATCHED = "unmatched"  # the match record of a payment whose match a person undid


@dataclass(frozen=True, slots=True)
class MatchRecord:
    """How a matched payment was matched: the engine's score and explanation (which features,
    how much), or the person who confirmed it. A person's match is never re-optimised."""

    payment_id: str
    engine: str  # the engine version, or "operator"
    score: float | None
    explanation: str
    decided_by: str  # "engine", or the user who confirmed
    confirmed: bool
    decided_at: datetime


def normalise_name(name: str) -> str:
    folded = unicodedata.normalize("NFKC", name).casefold()
    return re.sub(r"[\W_]+", " ", folded).strip()


def _charges_for(payment: PaymentFacts, trade: Trade, cap: Money) -> Money | None:
    """Charges that make the payment fit the trade, or None when it cannot fit."""
    open_balance = trade.open_balance
    if payment.charges is not None:
        gross = payment.amount + payment.charges
        return payment.charges if gross <= open_balance else None
    if payment.amount > open_balance:
        return None
    shortfall = open_balance - payment.amount
    if shortfall.is_positive and payment.charge_bearer != "OUR" and shortfall <= cap:
        return shortfall  # inferred: the payment closes the trade less charges deducted en route
    return Money.zero(payment.amount.currency)


def exact_match(
    payment: PaymentFacts,
    open_trades: Sequence[Trade],
    buyer_names: Mapping[str, tuple[str, ...]],
    charges_cap: Money,
) -> MatchDecision:
    same_currency = [t for t in open_trades if t.amount.currency == payment.amount.currency]
    if not same_currency:
        return MatchDecision(None, reason="no open trade of this merchant in this currency")
    named = [t for t in same_currency if t.named_in(payment.remittance_info)]
    if named:
        return _by_reference(payment, named, charges_cap)
    return _by_amount_and_buyer(payment, same_currency, buyer_names, charges_cap)


def _by_reference(payment: PaymentFacts, named: Sequence[Trade], cap: Money) -> MatchDecision:
    if len(named) > 1:
        ids = ", ".join(t.id for t in named)
        return MatchDecision(None, reason=f"remittance names several trades ({ids}); review")
    trade = named[0]
    charges = _charges_for(payment, trade, cap)
    if charges is None:
        return MatchDecision(
            None, reason=f"more than the open balance {trade.open_balance} of the trade named"
        )
    return MatchDecision(trade.id, payment.amount, charges, rule="reference")


def _by_amount_and_buyer(
    payment: PaymentFacts,
    same_currency: Sequence[Trade],
    buyer_names: Mapping[str, tuple[str, ...]],
    charges_cap: Money,
) -> MatchDecision:
    payer = normalise_name(payment.payer_name)
    candidates = []
    for trade in same_currency:
        names = {normalise_name(n) for n in buyer_names.get(trade.buyer_id, ())}
        if payer not in names:
            continue
        charges = _charges_for(payment, trade, charges_cap)
        if charges is not None and payment.amount + charges == trade.open_balance:
            candidates.append((trade, charges))
    if len(candidates) == 1:
        trade, charges = candidates[0]
        return MatchDecision(trade.id, payment.amount, charges, rule="amount_and_buyer")
    if len(candidates) > 1:
        return MatchDecision(None, reason="several open trades fit by amount and buyer; review")
    return MatchDecision(None, reason="no trade named and none fits by amount and buyer")


class ClaimStatus(StrEnum):
    OPEN = "open"
    APPROVED = "approved"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class Claim:
    """A merchant's statement that a payment in suspense is for one of its trades, with evidence;
    an operator (another user than the claimant) approves it (the match) or rejects it."""

    id: str
    payment_id: str
    trade_id: str
    merchant_id: str
    evidence: str
    claimed_by: str
    claimed_at: datetime
    status: ClaimStatus = ClaimStatus.OPEN
    decided_by: str | None = None
    decided_at: datetime | None = None
    decision_reason: str = ""


@dataclass(frozen=True, slots=True)
class SuspenseItem:
    """Money waiting in suspense: its age in regulatory (Shanghai) calendar days and why."""

    payment_id: str
    merchant_id: str | None
    amount: Money
    received_on: date
    age_days: int
    reason: str
    has_suggestion: bool
    has_open_claim: bool
