"""A payout's life, and where its money sits at each step (ARCHITECTURE "Where the money sits", 5).

    requested ─(hold on the source account)─► pending_approval ─(second user)─► approved
    approved: Dr source / Cr payouts-in-transit          (the money has left the wallet)
    approved ─(pain.001 file)─► sent ─(bank: accepted)─► accepted
    sent|accepted ─(bank: settled / debited)─► confirmed: Dr in-transit / Cr nostro
    sent|accepted ─(bank: rejected / returned)─► returned: Dr in-transit / Cr source
    confirmed ─(bank: returned / debit reversed)─► returned: Dr nostro / Cr source
    pending_approval ─(declined)─► declined: the hold is voided

Each move of money reverses exactly what the earlier one did, so a returned payout leaves every
account as it was before the payout.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from yipay.core.money import Money
from yipay.payouts.errors import IllegalPayoutTransition, InvalidPayout


class PayoutKind(StrEnum):
    SETTLEMENT = "settlement"  # CNY to the merchant's registered same-name account
    RETURN_TO_PAYER = "return_to_payer"  # unmatched money back to whoever sent it


class PayoutStatus(StrEnum):
    PENDING_APPROVAL = "pending_approval"
    APPROVED = "approved"
    SENT = "sent"
    ACCEPTED = "accepted"
    CONFIRMED = "confirmed"
    RETURNED = "returned"
    DECLINED = "declined"


def check_transition(old: PayoutStatus, new: PayoutStatus) -> None:
    S = PayoutStatus  # noqa: N806 - a short alias keeps the table readable
    match (old, new):
        case (S.PENDING_APPROVAL, S.APPROVED | S.DECLINED):
            return
        case (S.APPROVED, S.SENT):
            return
        case (S.SENT, S.ACCEPTED | S.CONFIRMED | S.RETURNED):
            return
        case (S.ACCEPTED, S.CONFIRMED | S.RETURNED):
            return
        case (S.CONFIRMED, S.RETURNED):
            return
        case _:
            raise IllegalPayoutTransition(f"a payout cannot go from {old.value} to {new.value}")


@dataclass(frozen=True, slots=True)
class Payee:
    name: str
    account: str
    bank_name: str = ""
    bank_bic: str | None = None
    bank_clearing_id: str | None = None  # e.g. a CNAPS code for a Chinese bank branch

    def __post_init__(self) -> None:
        if not self.name.strip() or not self.account.strip():
            raise InvalidPayout("a payee needs a name and an account")
        if not (self.bank_bic or self.bank_name.strip()):
            raise InvalidPayout("a payee's bank needs a BIC or a name")


@dataclass(frozen=True, slots=True)
class Payout:
    id: str
    kind: PayoutKind
    merchant_id: str | None
    reference: str  # the settlement or payment this payout is for
    amount: Money
    source_account: str  # ledger account code the money leaves
    payee: Payee
    status: PayoutStatus
    hold_id: str
    created_by: str
    created_at: datetime
    updated_at: datetime
    approved_by: str | None = None
    message_id: str | None = None  # the pain.001 file it went out in
    bank_reference: str | None = None
    reason: str = ""
    version: int = 1

    def moved_to(self, new: PayoutStatus, at: datetime, **changes: str | None) -> Payout:
        check_transition(self.status, new)
        return replace(self, status=new, updated_at=at, version=self.version + 1, **changes)  # type: ignore[arg-type]
