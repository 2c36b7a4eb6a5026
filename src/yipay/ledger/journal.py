"""The canonical journal of ARCHITECTURE.md "Where the money sits", as entry builders.

Each builder names its entry by a deterministic external key, so a step that is retried after a
crash posts the same entry again and gets the original back instead of moving money twice.
"""

from __future__ import annotations

from datetime import datetime

from yipay.core.money import Money
from yipay.ledger.domain import (
    AccountRef,
    EntryDraft,
    Posting,
    bank_charges_expense,
    fx_position,
    nostro,
    own_funds,
    payouts_in_transit,
    spread_income,
    suspense,
    wallet,
)


def receipt(payment_id: str, bank: str, received: Money, at: datetime) -> EntryDraft:
    """1. Money reaches the partner bank: Dr nostro / Cr suspense (client money, unattributed)."""
    cur = received.currency.code
    return EntryDraft(
        external_key=f"receipt:{payment_id}",
        kind="receipt",
        postings=(
            Posting.debit(nostro(bank, cur), received),
            Posting.credit(suspense(cur), received),
        ),
        occurred_at=at,
        references={"payment_id": payment_id},
    )


def credit_key(payment_id: str, round_: int = 0) -> str:
    """The key of a payment's `round_`-th credit: a credit reversed (the match was undone) and
    made again later is a new entry, not a replay of the first."""
    return f"credit:{payment_id}" if round_ == 0 else f"credit:{payment_id}:{round_}"


def credit_merchant(
    payment_id: str, merchant_id: str, amount: Money, at: datetime, round_: int = 0
) -> EntryDraft:
    """3. Matched money moves from suspense to the merchant's wallet in the same currency."""
    cur = amount.currency.code
    return EntryDraft(
        external_key=credit_key(payment_id, round_),
        kind="credit",
        postings=(
            Posting.debit(suspense(cur), amount),
            Posting.credit(wallet(merchant_id, cur), amount),
        ),
        occurred_at=at,
        references={"payment_id": payment_id, "merchant_id": merchant_id},
    )


def conversion(
    settlement_id: str,
    merchant_id: str,
    sold: Money,
    client_bought: Money,
    bank_bought: Money,
    bank: str,
    at: datetime,
) -> EntryDraft:
    """4. 结汇 through the FX position, with the cover deal at the bank's bid; the spread is income.

    Client leg: Dr wallet-FCY / Cr position-FCY; Dr position-CNY / Cr wallet-CNY.
    Cover leg:  Dr position-FCY / Cr nostro-FCY; Dr nostro-CNY / Cr position-CNY.
    Spread:     Dr position-CNY / Cr spread-income-CNY — the position nets to zero.
    """
    fcy = sold.currency.code
    cny = client_bought.currency.code
    spread = bank_bought - client_bought
    postings = [
        Posting.debit(wallet(merchant_id, fcy), sold),
        Posting.credit(fx_position(fcy), sold),
        Posting.debit(fx_position(cny), client_bought),
        Posting.credit(wallet(merchant_id, cny), client_bought),
        Posting.debit(fx_position(fcy), sold),
        Posting.credit(nostro(bank, fcy), sold),
        Posting.debit(nostro(bank, cny), bank_bought),
        Posting.credit(fx_position(cny), bank_bought),
    ]
    if spread.minor:
        postings += [
            Posting.debit(fx_position(cny), spread),
            Posting.credit(spread_income(cny), spread),
        ]
    return EntryDraft(
        external_key=f"conversion:{settlement_id}",
        kind="conversion",
        postings=tuple(postings),
        occurred_at=at,
        references={"settlement_id": settlement_id, "merchant_id": merchant_id},
    )


def payout_approved(payout_id: str, source: AccountRef, amount: Money, at: datetime) -> EntryDraft:
    """5. An approved payout leaves its source (a wallet, or suspense for a return to the payer)
    for money in transit to the bank."""
    cur = amount.currency.code
    return EntryDraft(
        external_key=f"payout:{payout_id}",
        kind="payout",
        postings=(
            Posting.debit(source, amount),
            Posting.credit(payouts_in_transit(cur), amount),
        ),
        occurred_at=at,
        references={"payout_id": payout_id, "source": source.code},
    )


def payout_confirmed(payout_id: str, bank: str, amount: Money, at: datetime) -> EntryDraft:
    """5. The bank confirms the payout: in transit is cleared against the nostro."""
    cur = amount.currency.code
    return EntryDraft(
        external_key=f"payout-confirmed:{payout_id}",
        kind="payout_confirmed",
        postings=(
            Posting.debit(payouts_in_transit(cur), amount),
            Posting.credit(nostro(bank, cur), amount),
        ),
        occurred_at=at,
        references={"payout_id": payout_id},
    )


def payout_returned(
    payout_id: str,
    source: AccountRef,
    bank: str,
    amount: Money,
    at: datetime,
    *,
    confirmed: bool,
    returned: Money | None = None,
) -> EntryDraft:
    """5. The money comes back to its source: from transit if the bank never paid it out, from
    the nostro if it had. The source gets the whole payout back; whatever banks kept on the way
    back (`returned` below `amount`) is the institution's bank-charge expense."""
    cur = amount.currency.code
    back = returned if returned is not None else amount
    postings = [Posting.credit(source, amount)]
    if confirmed:
        postings.append(Posting.debit(nostro(bank, cur), back))
        if back < amount:
            postings.append(Posting.debit(bank_charges_expense(cur), amount - back))
    else:
        postings.append(Posting.debit(payouts_in_transit(cur), amount))
    return EntryDraft(
        external_key=f"payout-returned:{payout_id}",
        kind="payout_returned",
        postings=tuple(postings),
        occurred_at=at,
        references={
            "payout_id": payout_id,
            "after_confirmation": str(confirmed).lower(),
            "returned": str(back.amount),
        },
    )


def own_funds_deposit(reference: str, bank: str, amount: Money, at: datetime) -> EntryDraft:
    """The institution puts its own money at the bank (Dr nostro / Cr own funds): the cushion
    from which it bears charges that client money must not (e.g. on a returned payout)."""
    cur = amount.currency.code
    return EntryDraft(
        external_key=f"own-funds:{reference}",
        kind="own_funds",
        postings=(Posting.debit(nostro(bank, cur), amount), Posting.credit(own_funds(cur), amount)),
        occurred_at=at,
        references={"reference": reference},
    )
