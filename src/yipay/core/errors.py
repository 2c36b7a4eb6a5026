"""The error tree: one base, a base per capability, each with a stable machine-readable code.

Entry points map these classes to exit codes and HTTP statuses in one table each; nothing below
the entry points knows about either.
"""

from __future__ import annotations


class YipayError(Exception):
    """Base of every error yipay raises on purpose. `code` is stable; the message is one line."""

    code = "yipay_error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return self.message


class InvalidInput(YipayError):
    """The caller sent something malformed or out of range; nothing was changed."""

    code = "invalid_input"


class NotFound(YipayError):
    """The thing asked for does not exist (or is not visible to the caller)."""

    code = "not_found"


class Conflict(YipayError):
    """The request contradicts stored state (duplicate key, illegal state change, stale version)."""

    code = "conflict"


class RetryableConflict(Conflict):
    """The database chose this transaction as the loser of a deadlock or a serialization
    conflict; nothing was written. Running the same command again is safe and expected."""

    code = "retry"


class PermissionDenied(YipayError):
    """The caller is known but may not do this."""

    code = "permission_denied"


class SameUserApproval(PermissionDenied):
    """Maker-checker: whoever asked for a change may not approve it."""

    code = "same_user_approval"


class Unauthenticated(YipayError):
    """The caller could not be identified."""

    code = "unauthenticated"


class MoneyError(InvalidInput):
    """An amount or currency that cannot be represented exactly."""

    code = "invalid_money"


class ConfigurationError(YipayError):
    """Settings or reference data that make the system unable to run."""

    code = "configuration_error"
