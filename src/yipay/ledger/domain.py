"""Accounts, postings and journal entries: the money invariants, enforced on construction.

Signs: a posting's amount is positive for a debit and negative for a credit, so an entry is
balanced when its postings sum to zero in every currency. An account's *natural* balance is the
sum of its postings seen from its normal side (credit-normal accounts, such as wallets, hold
positive natural balances when the institution owes the client).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from functools import lru_cache
from json.encoder import encode_basestring as _json_str  # json.dumps' own spelling

from yipay.core.money import Money
from yipay.core.types_json import canonical
from yipay.ledger.errors import LedgerCodeError, UnbalancedEntry


class Side(StrEnum):
    DEBIT = "debit"
    CREDIT = "credit"


class AccountClass(StrEnum):
    """Client money is kept apart from the institution's own funds."""

    ASSET = "asset"  # nostro balances at partner banks: what backs client money
    CLIENT = "client"  # owed to clients: suspense, merchant wallets, payouts in transit
    OWN = "own"  # the institution's own: fee and spread income, expenses
    TRADING = "trading"  # the FX position through which conversions pass


class AccountType(StrEnum):
    NOSTRO = "nostro"
    SUSPENSE = "suspense"
    WALLET = "wallet"
    PAYOUTS_IN_TRANSIT = "payouts_in_transit"
    FX_POSITION = "fx_position"
    FEE_INCOME = "fee_income"
    SPREAD_INCOME = "spread_income"
    EXPENSE = "expense"
    OWN_FUNDS = "own_funds"  # the institution's capital at the bank: what pays its expenses


@dataclass(frozen=True, slots=True)
class AccountRules:
    account_class: AccountClass
    normal_side: Side
    allow_negative: bool


RULES: dict[AccountType, AccountRules] = {
    AccountType.NOSTRO: AccountRules(AccountClass.ASSET, Side.DEBIT, allow_negative=False),
    AccountType.SUSPENSE: AccountRules(AccountClass.CLIENT, Side.CREDIT, allow_negative=False),
    AccountType.WALLET: AccountRules(AccountClass.CLIENT, Side.CREDIT, allow_negative=False),
    AccountType.PAYOUTS_IN_TRANSIT: AccountRules(
        AccountClass.CLIENT, Side.CREDIT, allow_negative=False
    ),
    AccountType.FX_POSITION: AccountRules(AccountClass.TRADING, Side.DEBIT, allow_negative=True),
    AccountType.FEE_INCOME: AccountRules(AccountClass.OWN, Side.CREDIT, allow_negative=True),
    AccountType.SPREAD_INCOME: AccountRules(AccountClass.OWN, Side.CREDIT, allow_negative=True),
    AccountType.EXPENSE: AccountRules(AccountClass.OWN, Side.DEBIT, allow_negative=True),
    AccountType.OWN_FUNDS: AccountRules(AccountClass.OWN, Side.CREDIT, allow_negative=True),
}


@dataclass(frozen=True, slots=True)
class AccountRef:
    """Names an account before it exists: its type, currency and (for wallets) owner."""

    type: AccountType
    currency: str
    owner: str = ""
    code: str = field(init=False, repr=False, compare=False)  # "type[:owner]:CCY", derived once

    def __post_init__(self) -> None:
        code = (
            f"{self.type.value}:{self.owner}:{self.currency}"
            if self.owner
            else f"{self.type.value}:{self.currency}"
        )
        object.__setattr__(self, "code", code)

    @classmethod
    def parse(cls, code: str) -> AccountRef:
        """The account a code names (`type[:owner]:CCY`, as `code` writes it)."""
        kind, *rest = code.strip().split(":")
        try:
            account_type = AccountType(kind)
        except ValueError:
            raise LedgerCodeError(f"unknown account type in {code!r}") from None
        if not rest or len(rest[-1]) != 3:
            raise LedgerCodeError(f"account code {code!r} does not end in a currency")
        return cls(account_type, rest[-1].upper(), ":".join(rest[:-1]))

    @property
    def rules(self) -> AccountRules:
        return RULES[self.type]


# AccountRef is immutable: the helpers hand out one instance per account (hot in batches).
@lru_cache(maxsize=4096)
def nostro(bank: str, currency: str) -> AccountRef:
    return AccountRef(AccountType.NOSTRO, currency, bank)


@lru_cache(maxsize=4096)
def suspense(currency: str) -> AccountRef:
    return AccountRef(AccountType.SUSPENSE, currency)


@lru_cache(maxsize=4096)
def wallet(merchant_id: str, currency: str) -> AccountRef:
    return AccountRef(AccountType.WALLET, currency, merchant_id)


@lru_cache(maxsize=4096)
def payouts_in_transit(currency: str) -> AccountRef:
    return AccountRef(AccountType.PAYOUTS_IN_TRANSIT, currency)


@lru_cache(maxsize=4096)
def fx_position(currency: str) -> AccountRef:
    return AccountRef(AccountType.FX_POSITION, currency)


@lru_cache(maxsize=4096)
def bank_charges_expense(currency: str) -> AccountRef:
    return AccountRef(AccountType.EXPENSE, currency, "bank-charges")


@lru_cache(maxsize=4096)
def own_funds(currency: str) -> AccountRef:
    return AccountRef(AccountType.OWN_FUNDS, currency)


@lru_cache(maxsize=4096)
def spread_income(currency: str) -> AccountRef:
    return AccountRef(AccountType.SPREAD_INCOME, currency)


@dataclass(frozen=True, slots=True)
class Account:
    id: int
    ref: AccountRef
    balance_minor: int  # debit-positive sum of postings

    @property
    def natural_balance(self) -> Money:
        return natural(self.ref, self.balance_minor)


def natural(ref: AccountRef, minor: int) -> Money:
    """A debit-positive amount seen from the account's normal side (money owed to a client is
    positive on its credit-normal wallet)."""
    sign = 1 if ref.rules.normal_side is Side.DEBIT else -1
    return Money.from_minor(sign * minor, ref.currency)


@dataclass(frozen=True, slots=True)
class Posting:
    account: AccountRef
    amount: Money  # positive = debit, negative = credit

    @classmethod
    def debit(cls, account: AccountRef, amount: Money) -> Posting:
        return cls(account, amount)

    @classmethod
    def credit(cls, account: AccountRef, amount: Money) -> Posting:
        return cls(account, -amount)


@dataclass(frozen=True, slots=True)
class EntryDraft:
    """An entry not yet posted. Construction checks every invariant a posted entry must keep."""

    external_key: str
    kind: str
    postings: tuple[Posting, ...]
    occurred_at: datetime
    description: str = ""
    references: dict[str, str] = field(default_factory=dict)
    reverses: str | None = None  # the entry id this one reverses (corrections only by reversal)

    def __post_init__(self) -> None:
        if not self.external_key:
            raise UnbalancedEntry("a journal entry needs an external key")
        if len(self.postings) < 2:
            raise UnbalancedEntry("a journal entry needs at least two postings")
        sums: dict[str, int] = {}
        for posting in self.postings:
            amount = posting.amount
            code = amount.currency.code
            if code != posting.account.currency:
                raise UnbalancedEntry(
                    f"posting in {amount.currency} to a {posting.account.currency} account"
                )
            if amount.minor == 0:
                raise UnbalancedEntry("a posting may not be zero")
            sums[code] = sums.get(code, 0) + amount.minor
        if any(sums.values()):
            unbalanced = {cur: s for cur, s in sums.items() if s != 0}
            raise UnbalancedEntry(f"entry {self.external_key} does not balance: {unbalanced}")

    def body_hash(self) -> str:
        """What makes two drafts with one external key 'the same entry' (time excluded)."""
        return body_hash(self.kind, self.postings, self.references)


def body_hash(kind: str, postings: Iterable[Posting], references: dict[str, str]) -> str:
    """What makes two entries with one external key "the same entry" (times excluded); the
    verifier recomputes it from the stored postings to catch tampering behind the triggers."""
    return body_hash_of(
        kind,
        [(p.account.code, p.amount.minor, p.amount.currency.code) for p in postings],
        canonical(references) if references else "{}",
    )


def body_hash_of(kind: str, lines: list[tuple[str, int, str]], references_json: str) -> str:
    """`body_hash` from (account code, minor units, currency) lines and the canonical JSON of the
    references: the canonical JSON of {"kind", "postings": sorted lines, "references"} spelled
    out directly (byte for byte what `canonical` writes; the tests compare the two)."""
    lines.sort()
    postings = ",".join(f"[{_json_str(c)},{int(m)},{_json_str(cur)}]" for c, m, cur in lines)
    text = f'{{"kind":{_json_str(kind)},"postings":[{postings}],"references":{references_json}}}'
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class JournalEntry:
    id: str
    external_key: str
    kind: str
    occurred_at: datetime
    booked_at: datetime
    body_hash: str
    postings: tuple[Posting, ...]
    description: str = ""
    references: dict[str, str] = field(default_factory=dict)
    reverses: str | None = None
    actor: str = ""


def entry_content(
    *,
    entry_id: str,
    external_key: str,
    kind: str,
    description: str,
    references: dict[str, str],
    body: str,
    occurred_at: datetime,
    booked_at: datetime,
    actor: str,
    reverses: str | None,
) -> str:
    """The text the journal's hash chain covers for one entry (its postings via the body hash)."""
    return canonical(
        {
            "id": entry_id,
            "external_key": external_key,
            "kind": kind,
            "description": description,
            "references": references,
            "body_hash": body,
            "occurred_at": occurred_at.isoformat(),
            "booked_at": booked_at.isoformat(),
            "actor": actor,
            "reverses": reverses,
        }
    )


def reversal_of(entry: JournalEntry, *, at: datetime, reason: str) -> EntryDraft:
    """The entry that undoes `entry` exactly: every posting negated, pointing back at it."""
    return EntryDraft(
        external_key=f"reversal:{entry.external_key}",
        kind="reversal",
        postings=tuple(Posting(p.account, -p.amount) for p in entry.postings),
        occurred_at=at,
        description=reason,
        references={"reverses": entry.id, "reversed_kind": entry.kind},
        reverses=entry.id,
    )


class HoldKind(StrEnum):
    PENDING = "pending"  # an ordinary reservation (e.g. two-phase transfer); may expire
    COMPLIANCE = "compliance"  # screening: never expires; only an analyst's decision releases it


class HoldStatus(StrEnum):
    ACTIVE = "active"
    POSTED = "posted"  # the reserved money moved (in full or in part; the rest was freed)
    VOIDED = "voided"  # a pending hold cancelled
    EXPIRED = "expired"  # a pending hold past its time
    RELEASED = "released"  # a compliance hold lifted by an analyst's decision


@dataclass(frozen=True, slots=True)
class Hold:
    id: str
    account: AccountRef
    amount: Money
    kind: HoldKind
    status: HoldStatus
    reference: str
    reason: str
    created_at: datetime
    expires_at: datetime | None = None
    released_at: datetime | None = None
    released_by: str | None = None
    posted_entry_id: str | None = None
    posted_minor: int | None = None

    def active_at(self, instant: datetime) -> bool:
        """Still reserving money: active and, for a pending hold, not yet past its expiry."""
        if self.status is not HoldStatus.ACTIVE:
            return False
        return self.expires_at is None or instant < self.expires_at


@dataclass(frozen=True, slots=True)
class StatementLine:
    booked_at: datetime
    entry_id: str
    external_key: str
    kind: str
    amount: Money  # from the account's normal side: money in is positive on a wallet
    balance: Money  # after this line
    references: dict[str, str]


@dataclass(frozen=True, slots=True)
class Statement:
    account: AccountRef
    start: datetime
    end: datetime  # exclusive
    opening: Money
    closing: Money
    lines: tuple[StatementLine, ...]
