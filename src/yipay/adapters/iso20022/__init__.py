"""ISO 20022 for payouts: pain.001 out, pain.002 / pacs.002 / pacs.004 / camt.054 back.

A format adapter only: it turns our payout instructions into bank XML and the bank's answers into
plain `StatusEvent`s, and knows nothing of ledgers or payout state. Everything it refuses raises
`MessageError` (an `InvalidInput`, code "bank_message_invalid") with a one-line reason.
"""

from yipay.adapters.iso20022.pain001 import (
    CHARGE_BEARERS,
    PAIN001_NAMESPACE,
    CreditTransfer,
    CreditTransferBatch,
    PaymentGroup,
    check_pain001,
    format_amount,
    looks_like_iban,
    payment_groups,
    write_pain001,
)
from yipay.adapters.iso20022.status import (
    ACCEPTED_CODES,
    REJECTED_CODES,
    SETTLED_CODES,
    Kind,
    SourceFormat,
    StatusEvent,
    parse_status,
    status_kind,
)
from yipay.adapters.iso20022.xml import (
    DEFAULT_MAX_BYTES,
    MessageError,
    find,
    find_all,
    local_name,
    namespace,
    parse_xml,
    text,
)

__all__ = [
    "ACCEPTED_CODES",
    "CHARGE_BEARERS",
    "DEFAULT_MAX_BYTES",
    "PAIN001_NAMESPACE",
    "REJECTED_CODES",
    "SETTLED_CODES",
    "CreditTransfer",
    "CreditTransferBatch",
    "Kind",
    "MessageError",
    "PaymentGroup",
    "SourceFormat",
    "StatusEvent",
    "check_pain001",
    "find",
    "find_all",
    "format_amount",
    "local_name",
    "looks_like_iban",
    "namespace",
    "parse_status",
    "parse_xml",
    "payment_groups",
    "status_kind",
    "text",
    "write_pain001",
]
