"""Every capability's tables on the one MetaData: what Alembic compares migrations against."""

from __future__ import annotations

from sqlalchemy import MetaData

from yipay.access import tables as _access  # noqa: F401
from yipay.adapters.db import outbox as _outbox  # noqa: F401
from yipay.adapters.db.metadata import metadata
from yipay.alerts import tables as _alerts  # noqa: F401
from yipay.audit import tables as _audit  # noqa: F401
from yipay.fx import tables as _fx  # noqa: F401
from yipay.intake import tables as _intake  # noqa: F401
from yipay.ledger import tables as _ledger  # noqa: F401
from yipay.matching import tables as _matching  # noqa: F401
from yipay.monitoring import tables as _monitoring  # noqa: F401
from yipay.parties import tables as _parties  # noqa: F401
from yipay.payments import tables as _payments  # noqa: F401
from yipay.payouts import tables as _payouts  # noqa: F401
from yipay.reporting import tables as _reporting  # noqa: F401
from yipay.screening import clearance_tables as _clearances  # noqa: F401
from yipay.screening import tables as _screening  # noqa: F401
from yipay.trades import tables as _trades  # noqa: F401


def target_metadata() -> MetaData:
    return metadata
