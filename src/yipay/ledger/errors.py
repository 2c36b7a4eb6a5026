"""Ledger errors."""

from __future__ import annotations

from yipay.core.errors import Conflict, InvalidInput, NotFound, YipayError


class LedgerError(YipayError):
    code = "ledger_error"


class LedgerCodeError(LedgerError, InvalidInput):
    code = "ledger_invalid_account_code"


class UnbalancedEntry(LedgerError, InvalidInput):
    code = "ledger_unbalanced_entry"


class InsufficientFunds(LedgerError, Conflict):
    """A posting would take an account that may not go negative below zero (or below its holds)."""

    code = "ledger_insufficient_funds"


class IdempotencyConflict(LedgerError, Conflict):
    """The same external key was used for an entry with a different body."""

    code = "ledger_idempotency_conflict"


class ConcurrentPosting(LedgerError, Conflict):
    """Another writer posted the same key at the same moment: retry and get its entry back."""

    code = "ledger_concurrent_posting"


class HoldError(LedgerError, Conflict):
    """A hold cannot move this way (already finished, wrong kind, more than reserved)."""

    code = "ledger_hold_conflict"


class EntryNotFound(LedgerError, NotFound):
    code = "ledger_entry_not_found"


class AlreadyReversed(LedgerError, Conflict):
    code = "ledger_already_reversed"
