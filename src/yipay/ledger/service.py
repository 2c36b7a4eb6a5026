"""Ledger use cases: post entries exactly once (in batches), reverse, two-phase holds, balances in
time, statements, verification. Every money movement in yipay goes through `post_many`."""

from __future__ import annotations

import base64
import os
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import IntegrityError

from yipay.adapters.db import chain
from yipay.adapters.db.uow import UnitOfWork
from yipay.core.chain import ChainReport, verify_links
from yipay.core.clock import Clock
from yipay.core.ids import PREFIXES, new_id
from yipay.core.money import Money
from yipay.core.types_json import canonical
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
    Side,
    Statement,
    StatementLine,
    body_hash,
    body_hash_of,
    natural,
    reversal_of,
)
from yipay.ledger.errors import (
    AlreadyReversed,
    ConcurrentPosting,
    EntryNotFound,
    HoldError,
    IdempotencyConflict,
    InsufficientFunds,
    LedgerError,
    UnbalancedEntry,
)


@dataclass(frozen=True, slots=True)
class CurrencyBacking:
    """Client money in one currency against the nostro balances that back it."""

    currency: str
    client_money: Money
    nostro: Money

    @property
    def backed(self) -> bool:
        return self.nostro >= self.client_money


@dataclass(frozen=True, slots=True)
class LedgerReport:
    problems: tuple[str, ...]
    chain: ChainReport
    entries: int

    @property
    def ok(self) -> bool:
        return not self.problems and self.chain.ok


class LedgerService:
    def __init__(self, clock: Clock) -> None:
        self.clock = clock

    # -- posting ------------------------------------------------------------------------------
    def post(self, uow: UnitOfWork, draft: EntryDraft) -> JournalEntry:
        """Post `draft` once. A replay with the same body returns the original entry."""
        return self.post_many(uow, [draft])[0]

    def post_many(self, uow: UnitOfWork, drafts: Sequence[EntryDraft]) -> list[JournalEntry]:
        """Post a batch in a few statements; replays return originals, conflicts are refused."""
        conn = uow.connection
        unique: dict[str, EntryDraft] = {}
        for draft in drafts:
            seen = unique.setdefault(draft.external_key, draft)
            if seen is not draft and seen.body_hash() != draft.body_hash():
                raise IdempotencyConflict(
                    f"entry key {draft.external_key!r} appears twice with different bodies"
                )
        known = repo.existing_keys(conn, list(unique))
        for key, (_entry_id, stored_hash) in known.items():
            if stored_hash != unique[key].body_hash():
                raise IdempotencyConflict(
                    f"entry key {key!r} was already used for a different entry"
                )
        fresh = [d for key, d in unique.items() if key not in known]
        created = self._insert(uow, fresh) if fresh else {}
        replayed = {e.external_key: e for e in repo.load_entries(conn, keys=list(known))}
        return [created.get(d.external_key) or replayed[d.external_key] for d in drafts]

    def _insert(self, uow: UnitOfWork, drafts: list[EntryDraft]) -> dict[str, JournalEntry]:
        conn = uow.connection
        now = self.clock.now()
        accounts = repo.ensure_accounts(conn, (p.account for d in drafts for p in d.postings), now)
        account_ids = {code: account.id for code, account in accounts.items()}
        batch = repo.NewEntries(booked_at=now, actor=uow.actor, ids=entry_ids(len(drafts)))
        deltas: dict[int, int] = defaultdict(int)
        entries: dict[str, JournalEntry] = {}
        position = batch.posting_entry.append
        account_of = batch.posting_account.append
        minor_of = batch.posting_minor.append
        currency_of = batch.posting_currency.append
        for n, draft in enumerate(drafts):
            lines = []
            for posting in draft.postings:
                code = posting.account.code
                account_id = account_ids[code]
                minor = posting.amount.minor
                currency = posting.amount.currency.code
                deltas[account_id] += minor
                lines.append((code, minor, currency))
                position(n)
                account_of(account_id)
                minor_of(minor)
                currency_of(currency)
            references = canonical(draft.references) if draft.references else "{}"
            digest = body_hash_of(draft.kind, lines, references)
            entry_id = batch.ids[n]
            batch.external_keys.append(draft.external_key)
            batch.kinds.append(draft.kind)
            batch.descriptions.append(draft.description)
            batch.references.append(references)
            batch.body_hashes.append(digest)
            batch.occurred_at.append(draft.occurred_at)
            batch.reverses.append(draft.reverses)
            entries[draft.external_key] = JournalEntry(
                id=entry_id,
                external_key=draft.external_key,
                kind=draft.kind,
                occurred_at=draft.occurred_at,
                booked_at=now,
                body_hash=digest,
                postings=draft.postings,
                description=draft.description,
                references=draft.references,
                reverses=draft.reverses,
                actor=uow.actor,
            )
        self._check_floors(uow, accounts, deltas, now)
        try:
            repo.insert_entries(conn, batch)
            repo.apply_balance_deltas(conn, deltas)
        except IntegrityError as exc:
            raise _integrity(exc) from exc
        return entries

    def _check_floors(
        self, uow: UnitOfWork, accounts: dict[str, Account], deltas: dict[int, int], now: datetime
    ) -> None:
        """Accounts that may not go negative stay at or above zero, and above their holds when
        money leaves them. The database's CHECK backs the first half up.

        Holds are looked up only for the accounts money leaves: an account money only enters
        cannot fall below what it holds (its balance was at or above zero before)."""
        falling: list[tuple[Account, int]] = []
        for account in accounts.values():
            delta = deltas.get(account.id)
            rules = account.ref.rules
            if not delta or rules.allow_negative:
                continue
            sign = 1 if rules.normal_side is Side.DEBIT else -1
            after = sign * (account.balance_minor + delta)
            if sign * delta < 0:
                falling.append((account, after))
            elif after < 0:
                self._short(account, after, 0)
        if not falling:
            return
        held = repo.active_holds_minor(uow.connection, [a.id for a, _ in falling], now)
        for account, after in falling:
            floor = held.get(account.id, 0)
            if after < floor:
                self._short(account, after, floor)

    @staticmethod
    def _short(account: Account, after: int, floor: int) -> None:
        currency = account.ref.currency
        raise InsufficientFunds(
            f"account {account.ref.code} would fall to {Money.from_minor(after, currency)}"
            f" (held {Money.from_minor(floor, currency)})"
        )

    def reverse(self, uow: UnitOfWork, external_key: str, *, reason: str) -> JournalEntry:
        """Correct an entry the only way a posted entry can be corrected: by its exact opposite."""
        found = repo.load_entries(uow.connection, keys=[external_key])
        if not found:
            raise EntryNotFound(f"no journal entry with key {external_key!r}")
        original = found[0]
        if original.reverses is not None:
            raise AlreadyReversed(f"entry {original.id} is itself a reversal")
        draft = reversal_of(original, at=self.clock.now(), reason=reason)
        return self.post(uow, draft)

    def lock(self, uow: UnitOfWork, accounts: Sequence[AccountRef]) -> None:
        """Lock every account a use case will touch, at once and in id order, before it starts:
        taking locks one posting at a time could invert the order between two transactions
        (a deadlock on PostgreSQL). Creates accounts that do not exist yet."""
        repo.ensure_accounts(uow.connection, accounts, self.clock.now())

    # -- holds (two-phase) --------------------------------------------------------------------
    def place_hold(
        self,
        uow: UnitOfWork,
        account: AccountRef,
        amount: Money,
        *,
        kind: HoldKind,
        reference: str,
        reason: str,
        expires_at: datetime | None = None,
    ) -> Hold:
        """Reserve money; idempotent per (reference, account, kind) while active.

        Compliance holds never expire; a pending hold may carry an expiry.
        """
        if kind is HoldKind.COMPLIANCE and expires_at is not None:
            raise HoldError("a compliance hold never expires")
        now = self.clock.now()
        for hold in repo.holds_for_reference(uow.connection, reference):
            if hold.account == account and hold.kind is kind and hold.active_at(now):
                return hold
        if not amount.is_positive:
            raise HoldError("a hold must be for a positive amount")
        accounts = repo.ensure_accounts(uow.connection, [account], now)
        target = accounts[account.code]
        if not account.rules.allow_negative:
            held = repo.active_holds_minor(uow.connection, [target.id], now).get(target.id, 0)
            available = natural(account, target.balance_minor).minor - held
            if kind is HoldKind.PENDING and amount.minor > available:
                raise InsufficientFunds(
                    f"account {account.code} has {Money.from_minor(available, account.currency)}"
                    f" available; cannot reserve {amount}"
                )
        hold = Hold(
            id=new_id("hold"),
            account=account,
            amount=amount,
            kind=kind,
            status=HoldStatus.ACTIVE,
            reference=reference,
            reason=reason,
            created_at=now,
            expires_at=expires_at,
        )
        repo.insert_hold(uow.connection, hold, target.id)
        return hold

    def post_hold(self, uow: UnitOfWork, hold_id: str, draft: EntryDraft) -> JournalEntry:
        """Second phase: move (all or part of) the reserved money with `draft`; free the rest."""
        hold = self._active_hold(uow, hold_id)
        if hold.kind is HoldKind.COMPLIANCE:
            raise HoldError("compliance-held money moves only after an analyst releases it")
        taken = -sum(
            natural(p.account, p.amount.minor).minor
            for p in draft.postings
            if p.account == hold.account
        )
        if taken <= 0 or taken > hold.amount.minor:
            raise HoldError(
                f"entry takes {Money.from_minor(taken, hold.amount.currency)} from"
                f" {hold.account.code}; the hold reserved {hold.amount}"
            )
        repo.finish_hold(
            uow.connection,
            hold.id,
            HoldStatus.POSTED,
            self.clock.now(),
            uow.actor,
            posted_minor=taken,
        )
        entry = self.post(uow, draft)
        repo.link_hold_entry(uow.connection, hold.id, entry.id)
        return entry

    def void_hold(self, uow: UnitOfWork, hold_id: str, *, by: str) -> Hold:
        hold = self._active_hold(uow, hold_id)
        if hold.kind is HoldKind.COMPLIANCE:
            raise HoldError("only an analyst's decision releases a compliance hold")
        repo.finish_hold(uow.connection, hold.id, HoldStatus.VOIDED, self.clock.now(), by)
        return self.hold(uow, hold_id)

    def release_compliance_holds(
        self, uow: UnitOfWork, reference: str, *, by: str, reason: str
    ) -> list[Hold]:
        """An analyst's decision: lift the compliance holds on `reference`."""
        if not by.strip() or not reason.strip():
            raise HoldError("releasing a compliance hold needs the analyst and a reason")
        now = self.clock.now()
        return [
            hold
            for hold in repo.holds_for_reference(uow.connection, reference)
            if hold.kind is HoldKind.COMPLIANCE
            and hold.status is HoldStatus.ACTIVE
            and repo.finish_hold(uow.connection, hold.id, HoldStatus.RELEASED, now, by)
        ]

    def expire_holds(self, uow: UnitOfWork) -> int:
        """Mark pending holds past their expiry (they stopped reserving money at that instant)."""
        return repo.expire_due(uow.connection, self.clock.now())

    def hold(self, uow: UnitOfWork, hold_id: str) -> Hold:
        found = repo.get_hold(uow.connection, hold_id)
        if found is None:
            raise HoldError(f"no hold {hold_id}")
        return found

    def _active_hold(self, uow: UnitOfWork, hold_id: str) -> Hold:
        hold = repo.get_hold(uow.connection, hold_id, lock=True)
        if hold is None:
            raise HoldError(f"no hold {hold_id}")
        if not hold.active_at(self.clock.now()):
            raise HoldError(f"hold {hold_id} is {hold.status.value} (or expired)")
        return hold

    def holds_for(self, uow: UnitOfWork, reference: str) -> list[Hold]:
        return repo.holds_for_reference(uow.connection, reference)

    # -- reading ------------------------------------------------------------------------------
    def balance(self, uow: UnitOfWork, account: AccountRef) -> Money:
        found = repo.get_account(uow.connection, account.code)
        return found.natural_balance if found else Money.zero(account.currency)

    def available(self, uow: UnitOfWork, account: AccountRef) -> Money:
        """The balance less what active holds reserve."""
        found = repo.get_account(uow.connection, account.code)
        if found is None:
            return Money.zero(account.currency)
        held = repo.active_holds_minor(uow.connection, [found.id], self.clock.now())
        return found.natural_balance - Money.from_minor(held.get(found.id, 0), account.currency)

    def balance_as_of(self, uow: UnitOfWork, account: AccountRef, instant: datetime) -> Money:
        """The balance from every posting booked before `instant` (half-open: [.., instant))."""
        found = repo.get_account(uow.connection, account.code)
        if found is None:
            return Money.zero(account.currency)
        return natural(account, repo.posted_before(uow.connection, found.id, instant))

    def statement(
        self, uow: UnitOfWork, account: AccountRef, start: datetime, end: datetime
    ) -> Statement:
        """Opening balance at `start`, every movement in [start, end), closing balance."""
        if end <= start:
            raise LedgerError("a statement period must end after it starts")
        found = repo.get_account(uow.connection, account.code)
        opening = self.balance_as_of(uow, account, start)
        lines: list[StatementLine] = []
        running = opening
        if found is not None:
            for row in repo.movements(uow.connection, found.id, start, end):
                amount = natural(account, row.amount_minor)
                running = running + amount
                lines.append(
                    StatementLine(
                        booked_at=row.booked_at,
                        entry_id=row.entry_id,
                        external_key=row.external_key,
                        kind=row.kind,
                        amount=amount,
                        balance=running,
                        references=dict(row.references),
                    )
                )
        return Statement(account, start, end, opening, running, tuple(lines))

    def accounts(
        self,
        uow: UnitOfWork,
        *,
        owner_id: str | None = None,
        account_type: AccountType | None = None,
    ) -> list[Account]:
        return repo.list_accounts(uow.connection, owner_id=owner_id, account_type=account_type)

    def entries(self, uow: UnitOfWork, *, keys: Sequence[str]) -> list[JournalEntry]:
        return repo.load_entries(uow.connection, keys=keys)

    def backing(self, uow: UnitOfWork) -> list[CurrencyBacking]:
        """Per currency: client money owed against nostro money held."""
        client: dict[str, int] = defaultdict(int)
        nostro: dict[str, int] = defaultdict(int)
        for account in repo.list_accounts(uow.connection):
            if account.ref.rules.account_class is AccountClass.CLIENT:
                client[account.ref.currency] += account.natural_balance.minor
            elif account.ref.type is AccountType.NOSTRO:
                nostro[account.ref.currency] += account.natural_balance.minor
        return [
            CurrencyBacking(
                cur, Money.from_minor(client[cur], cur), Money.from_minor(nostro[cur], cur)
            )
            for cur in sorted(set(client) | set(nostro))
        ]

    # -- integrity ----------------------------------------------------------------------------
    def seal(self, uow_factory: Callable[[], UnitOfWork], batch: int = 2000) -> int:
        return chain.seal_all(uow_factory, repo.CHAIN, batch)

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

    def verify_all(self, uow: UnitOfWork) -> LedgerReport:
        """Trial balance, every balance against its postings, every entry's postings against its
        body hash, and the entry hash chain (an unsealed tail is tolerated)."""
        problems = self.verify(uow)
        entries = 0
        for row, lines in repo.entries_in_order(uow.connection):
            entries += 1
            if body_hash(row.kind, lines, dict(row.references)) != row.body_hash:
                problems.append(
                    f"entry {row.id} ({row.external_key}): postings do not match its body hash"
                )
            sums: dict[str, int] = defaultdict(int)
            for line in lines:
                sums[line.amount.currency.code] += line.amount.minor
            if len(lines) < 2 or any(sums.values()):
                problems.append(f"entry {row.id} ({row.external_key}): unbalanced")
        count, breaks = verify_links(chain.links(uow.connection, repo.CHAIN))
        report = ChainReport(count, chain.unsealed(uow.connection, repo.CHAIN), tuple(breaks))
        return LedgerReport(tuple(problems), report, entries)


_RFC4648_TO_CROCKFORD = str.maketrans(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
)
# byte → the Crockford character of its low five bits: 256 is a multiple of 32, so a uniformly
# random byte gives a uniformly random character (five random bits), in C via bytes.translate
_RANDOM_CHARS = bytes(b"0123456789ABCDEFGHJKMNPQRSTVWXYZ"[b & 31] for b in range(256))


def entry_ids(count: int) -> list[str]:
    """`count` fresh entry ids, each as `new_id("entry")` makes one (48-bit millisecond time,
    80 random bits, Crockford base32): the time's ten characters encoded once per batch, the
    random sixteen per id made by `bytes.translate` of random bytes (five bits each)."""
    millis = b"\0\0\0\0" + (int(time.time() * 1000) % 2**48).to_bytes(6, "big")
    stamp = base64.b32encode(millis).decode().translate(_RFC4648_TO_CROCKFORD)[6:]
    head = PREFIXES["entry"] + "_" + stamp
    noise = os.urandom(16 * count).translate(_RANDOM_CHARS).decode()
    return [head + noise[i : i + 16] for i in range(0, 16 * count, 16)]


def _integrity(exc: IntegrityError) -> Exception:
    """Name what the database refused in the ledger's own terms."""
    message = str(exc.orig if exc.orig is not None else exc)
    if "no_negative_balance" in message:
        return InsufficientFunds("the database refused a negative balance on a guarded account")
    if "external_key" in message or ("UNIQUE" in message.upper() and "journal_entries" in message):
        return ConcurrentPosting("an entry with this key was posted concurrently; retry")
    if "unbalanced" in message:
        return UnbalancedEntry("the database refused an unbalanced journal entry")
    return exc
