"""The demo's money-out day: settle, approve, send pain.001 to a stand-in bank, apply its answers.

The stand-in bank settles every transfer except one it rejects (a closed account, AC04), so the
demo also shows a returned payout, the maker-checker change of the merchant's account and the
wallet paid out again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from yipay.adapters.files import staged_files
from yipay.adapters.iso20022 import parse_status
from yipay.bootstrap import Container
from yipay.fx.errors import RateUnavailable, StaleRate
from yipay.jobs.bank_simulator import answer_pain001
from yipay.parties.domain import BankAccount
from yipay.payments.domain import PaymentStatus
from yipay.payments.errors import FxDirectoryRequired
from yipay.payouts.domain import PayoutKind, PayoutStatus

OPERATOR = "demo-operator"
SUPERVISOR = "demo-supervisor"
STANDING_INSTRUCTION = "standing-instruction"


@dataclass
class BankDesk:
    """Files exchanged with the stand-in bank, and what happened to them."""

    outbox: Path
    inbox: Path
    reject_next: bool = True  # the bank rejects one payout, once
    files_sent: int = 0
    answers_applied: int = 0
    rejected: list[str] = field(default_factory=list)
    settlement_deferrals: int = 0
    fx_directory_recorded: list[str] = field(default_factory=list)
    returns_to_payers: int = 0
    accounts_changed: int = 0


def settle_credited(c: Container, desk: BankDesk) -> None:
    """End of day: every credited payment is sold for CNY (the merchants' standing instruction).

    A currency without a fresh bank rate (weekends) waits for the next business day's rate. A
    shop above the annual receipts threshold waits until the supervisor has checked SAFE's
    trade-FX directory and recorded its registration (in the demo, every shop is registered).
    """
    with c.uow() as uow:
        credited = c.payments.find(uow, statuses=[PaymentStatus.CREDITED], limit=None)
    for payment in credited:
        for _attempt in range(2):
            try:
                with c.uow(actor=STANDING_INSTRUCTION) as uow:
                    c.payments.settle(uow, payment.id, by=STANDING_INSTRUCTION)
                    uow.commit()
            except (StaleRate, RateUnavailable):
                desk.settlement_deferrals += 1  # no fresh bank rate yet: tomorrow's will do
            except FxDirectoryRequired:
                assert payment.merchant_id is not None
                _record_fx_directory(c, desk, payment.merchant_id)
                continue
            break
    c.process()


def _record_fx_directory(c: Container, desk: BankDesk, merchant_id: str) -> None:
    with c.uow(actor=SUPERVISOR) as uow:
        c.parties.set_fx_directory(
            uow,
            merchant_id,
            registered=True,
            registered_on=c.calendar.day_of(c.clock.now()),
            by=SUPERVISOR,
        )
        uow.commit()
    desk.fx_directory_recorded.append(merchant_id)


def approve_and_send(c: Container, desk: BankDesk) -> None:
    """The supervisor approves what waits (maker-checker); approved payouts go to the bank."""
    with c.uow() as uow:
        waiting = c.payouts.find(uow, statuses=[PayoutStatus.PENDING_APPROVAL], limit=None)
    for payout in waiting:
        with c.uow(actor=SUPERVISOR) as uow:
            c.payouts.approve(uow, payout.id, by=SUPERVISOR)
            uow.commit()
    with staged_files(desk.outbox) as stage, c.uow(actor=OPERATOR) as uow:
        files = c.payouts.export(uow)
        for item in files:
            stage.write(f"{item.message_id}.pain001.xml", item.document)
        uow.commit()
    for item in files:
        reject: dict[str, str] = {}
        settlements = [p for p in item.payouts if p.kind is PayoutKind.SETTLEMENT]
        if desk.reject_next and settlements:
            reject[settlements[0].id] = "AC04"  # closed account
            desk.reject_next = False
            desk.rejected.append(settlements[0].id)
        answer = answer_pain001(item.document, at=c.clock.now(), reject=reject)
        (desk.inbox / f"{item.message_id}.pain002.xml").write_bytes(answer)
    desk.files_sent += len(files)
    c.process()


def apply_answers(c: Container, desk: BankDesk) -> None:
    """Morning: apply the bank's answers; a returned payout's merchant gets a new account
    (asked by the operator, approved by the supervisor) and its wallet is paid out again."""
    for path in sorted(desk.inbox.glob("*.pain002.xml")):
        events = parse_status(path.read_bytes(), name=path.name)
        with c.uow(actor="bank") as uow:
            c.payouts.apply_status(uow, events)
            uow.commit()
        path.rename(path.with_suffix(".applied"))
        desk.answers_applied += 1
    c.process()
    for payout_id in list(desk.rejected):
        _repay_to_new_account(c, payout_id, desk)
        desk.rejected.remove(payout_id)


def _repay_to_new_account(c: Container, payout_id: str, desk: BankDesk) -> None:
    with c.uow() as uow:
        payout = c.payouts.get(uow, payout_id)
        if payout.status is not PayoutStatus.RETURNED or payout.merchant_id is None:
            return
        merchant = c.parties.merchant(uow, payout.merchant_id)
    old = merchant.settlement_account
    assert old is not None
    with c.uow(actor=OPERATOR) as uow:
        change = c.parties.request_account_change(
            uow,
            merchant.id,
            BankAccount(old.bank_name, old.account_no + "9", old.account_name),
            by=OPERATOR,
        )
        uow.commit()
    with c.uow(actor=SUPERVISOR) as uow:
        c.parties.decide_account_change(
            uow, change.id, by=SUPERVISOR, approve=True, reason="bank confirmed the new account"
        )
        c.payments.pay_out_wallet(uow, merchant.id, payout.amount, by=OPERATOR)
        uow.commit()
    desk.accounts_changed += 1
    c.process()


def return_aged_suspense(c: Container, desk: BankDesk, older_than: timedelta) -> None:
    """Money with no trade after `older_than` goes back to whoever sent it (never held or
    frozen money, never money whose trade awaits review)."""
    cutoff = c.clock.now() - older_than
    with c.uow() as uow:
        waiting = c.payments.find(uow, statuses=[PaymentStatus.SUSPENSE], limit=None)
    for payment in waiting:
        if payment.received_at >= cutoff or payment.status_reason.startswith("trade "):
            continue
        with c.uow(actor=OPERATOR) as uow:
            c.payments.return_to_payer(
                uow,
                payment.id,
                by=OPERATOR,
                reason=f"no trade documents within {older_than.days} days",
            )
            uow.commit()
        desk.returns_to_payers += 1
    c.process()
