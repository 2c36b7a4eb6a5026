"""Ledger errors."""

from __future__ import annotations

from yipay.core.errors import Conflict, InvalidInput, YipayError


class LedgerError(YipayError):
    code = "ledger_error"


class UnbalancedEntry(LedgerError, InvalidInput):
    code = "ledger_unbalanced_entry"


class InsufficientFunds(LedgerError, Conflict):
    """A posting would take an account that may not go negative below zero (or below its holds)."""

    code = "ledger_insufficient_funds"


class IdempotencyConflict(LedgerError, Conflict):
    """The same external key was used for an entry with a different body."""

    code = "ledger_idempotency_conflict"
