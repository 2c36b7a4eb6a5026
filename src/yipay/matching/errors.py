"""Matching errors: an operator's match or a merchant's claim refused."""

from __future__ import annotations

from yipay.core.errors import Conflict, InvalidInput, NotFound, YipayError


class MatchingError(YipayError):
    code = "matching_error"


class ClaimNotFound(MatchingError, NotFound):
    code = "claim_not_found"


class InvalidClaim(MatchingError, InvalidInput):
    code = "matching_invalid"


class MatchRefused(MatchingError, Conflict):
    """The payment or the trade is not in a state that allows this match or claim."""

    code = "match_refused"


class MatchNotFound(MatchingError, NotFound):
    """The payment exists but is not matched (or was matched before matches were recorded)."""

    code = "match_not_found"
