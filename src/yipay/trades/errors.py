"""Trade errors."""

from __future__ import annotations

from yipay.core.errors import Conflict, InvalidInput, NotFound, YipayError


class TradeError(YipayError):
    code = "trade_error"


class TradeNotFound(TradeError, NotFound):
    code = "trade_not_found"


class InvalidTrade(TradeError, InvalidInput):
    code = "trade_invalid"


class OverAllocation(TradeError, Conflict):
    """An allocation would take more than a trade's unallocated balance (re-use of a record)."""

    code = "trade_over_allocation"


class DeclarationCapExceeded(TradeError, InvalidInput):
    code = "trade_declaration_cap_exceeded"


class RecordRefused(InvalidTrade):
    """A registry record the service refuses, naming the field at fault (for per-line reports)."""

    code = "trade_record_refused"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
