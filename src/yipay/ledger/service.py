"""Ledger use cases: post an entry exactly once, hold and release money, read balances."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError

from yipay.adapters.db.uow import UnitOfWork
from yipay.core.clock import Clock
from yipay.core.ids import new_id
from yipay.core.money import Money
from yipay.ledger import repository as repo
from yipay.ledger.domain import (
    Account,
    AccountClass,
    AccountRef,
    AccountType,
    EntryDraft,
    Hold,
    HoldKind,
    HoldStatus,
    JournalEntry,
)
from yipay.ledger.errors import IdempotencyConflict, InsufficientFunds, LedgerError


@dataclass(frozen=True, slots=True)
class CurrencyBacking:
    """Client money in one currency against the nostro balances that back it."""

    currency: str
    client_money: Money
    nostro: Money

    @property
    def backed(self) -> bool:
        return self.nostro >= self.client_money


class LedgerService:
    def __init__(self, clock: Clock) -> None:
        self.clock = clock

    def post(self, uow: UnitOfWork, draft: EntryDraft) -> JournalEntry:
        """Post `draft` once. A replay with the same body returns the original entry."""
        existing = repo.find_entry(uow.connection, draft.external_key)
        if existing is not None:
            return self._replayed(existing, draft)
        now = self.clock.now()
        conn = uow.connection
        accounts = repo.ensure_accounts(conn, (p.account for p in draft.postings), now)
        deltas: dict[int, int] = defaultdict(int)
        for posting in draft.postings:
            deltas[accounts[posting.account.code].id] += posting.amount.minor
        self._check_floors(uow, accounts, deltas)
        entry_id = new_id("entry")
        try:
            with conn.begin_nested():
                repo.insert_entry(conn, entry_id, draft, accounts, now, uow.actor)
        except IntegrityError:
            raced = repo.find_entry(conn, draft.external_key)
            if raced is None:
                raise
            return self._replayed(raced, draft)
        repo.apply_balance_deltas(conn, deltas)
        return JournalEntry(
            id=entry_id,
            external_key=draft.external_key,
            kind=draft.kind,
            occurred_at=draft.occurred_at,
            booked_at=now,
            body_hash=draft.body_hash(),
            postings=draft.postings,
            description=draft.description,
            references=draft.references,
        )

    @staticmethod
    def _replayed(existing: JournalEntry, draft: EntryDraft) -> JournalEntry:
        if existing.body_hash != draft.body_hash():
            raise IdempotencyConflict(
                f"entry key {draft.external_key!r} was already used for a different entry"
            )
        return existing

    @staticmethod
    def _check_floors(
        uow: UnitOfWork, accounts: dict[str, Account], deltas: dict[int, int]
    ) -> None:
        """Accounts that may not go negative stay at or above zero (and above their holds)."""
        by_id = {account.id: account for account in accounts.values()}
        guarded = [
            a for a in by_id.values() if not a.ref.rules.allow_negative and deltas.get(a.id, 0)
        ]
        if not guarded:
            return
        held = repo.active_holds_minor(uow.connection, [a.id for a in guarded])
        for account in guarded:
            after = Account(account.id, account.ref, account.balance_minor + deltas[account.id])
            natural_after = after.natural_balance.minor
            decreasing = natural_after < account.natural_balance.minor
            floor = held.get(account.id, 0) if decreasing else 0
            if natural_after < floor:
                raise InsufficientFunds(
                    f"account {account.ref.code} would fall to {after.natural_balance}"
                    f" (held {Money.from_minor(floor, account.ref.currency)})"
                )

    # -- holds --------------------------------------------------------------------------------
    def place_hold(
        self,
        uow: UnitOfWork,
        account: AccountRef,
        amount: Money,
        *,
        kind: HoldKind,
        reference: str,
        reason: str,
    ) -> Hold:
        """Reserve money on an account; idempotent per (reference, account, kind) while active."""
        for hold in repo.holds_for_reference(uow.connection, reference):
            if hold.account == account and hold.kind is kind and hold.status is HoldStatus.ACTIVE:
                return hold
        if not amount.is_positive:
            raise LedgerError("a hold must be for a positive amount")
        now = self.clock.now()
        accounts = repo.ensure_accounts(uow.connection, [account], now)
        hold = Hold(
            id=new_id("hold"),
            account=account,
            amount=amount,
            kind=kind,
            status=HoldStatus.ACTIVE,
            reference=reference,
            reason=reason,
            created_at=now,
        )
        repo.insert_hold(uow.connection, hold, accounts[account.code].id)
        return hold

    def release_holds(self, uow: UnitOfWork, reference: str, *, by: str) -> list[Hold]:
        """Release the active holds for `reference` (an analyst's decision for compliance holds)."""
        now = self.clock.now()
        return [
            hold
            for hold in repo.holds_for_reference(uow.connection, reference)
            if hold.status is HoldStatus.ACTIVE
            and repo.release_hold(uow.connection, hold.id, now, by)
        ]

    def holds_for(self, uow: UnitOfWork, reference: str) -> list[Hold]:
        return repo.holds_for_reference(uow.connection, reference)

    # -- reading ------------------------------------------------------------------------------
    def balance(self, uow: UnitOfWork, account: AccountRef) -> Money:
        found = repo.get_account(uow.connection, account.code)
        return found.natural_balance if found else Money.zero(account.currency)

    def accounts(
        self,
        uow: UnitOfWork,
        *,
        owner_id: str | None = None,
        account_type: AccountType | None = None,
    ) -> list[Account]:
        return repo.list_accounts(uow.connection, owner_id=owner_id, account_type=account_type)

    def backing(self, uow: UnitOfWork) -> list[CurrencyBacking]:
        """Per currency: client money owed against nostro money held."""
        client: dict[str, int] = defaultdict(int)
        nostro: dict[str, int] = defaultdict(int)
        for account in repo.list_accounts(uow.connection):
            rules = account.ref.rules
            if rules.account_class is AccountClass.CLIENT:
                client[account.ref.currency] += account.natural_balance.minor
            elif account.ref.type is AccountType.NOSTRO:
                nostro[account.ref.currency] += account.natural_balance.minor
        return [
            CurrencyBacking(
                cur, Money.from_minor(client[cur], cur), Money.from_minor(nostro[cur], cur)
            )
            for cur in sorted(set(client) | set(nostro))
        ]

    def verify(self, uow: UnitOfWork) -> list[str]:
        """Problems found: unbalanced currencies, balances that differ from their postings."""
        problems = []
        for currency, stored, posted in repo.trial_balance(uow.connection):
            if stored != 0 or posted != 0:
                problems.append(
                    f"{currency}: accounts sum to {stored}, postings to {posted} (both must be 0)"
                )
        for code, stored, posted in repo.account_drift(uow.connection):
            problems.append(f"{code}: stored balance {stored} != sum of postings {posted}")
        return problems
