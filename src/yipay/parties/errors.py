"""Party errors."""

from __future__ import annotations

from yipay.core.errors import Conflict, InvalidInput, NotFound, YipayError


class PartyError(YipayError):
    code = "party_error"


class PartyNotFound(PartyError, NotFound):
    code = "party_not_found"


class InvalidParty(PartyError, InvalidInput):
    code = "party_invalid"


class DuplicateParty(PartyError, Conflict):
    code = "party_duplicate"
