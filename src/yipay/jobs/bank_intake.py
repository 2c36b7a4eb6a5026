"""One bank file imported exactly once, even when two importers take it in at the same moment.

On PostgreSQL two workers can both find a file (or a payment's dedupe key) new, and the second to
commit is refused by the unique index. That is not an error to report: the unit of work is rolled
back and tried again, and the retry finds the file already there — a duplicate, nothing changed.
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from yipay.bootstrap import Container
from yipay.core.errors import RetryableConflict
from yipay.intake.service import FileOutcome
from yipay.ledger.errors import ConcurrentPosting

ATTEMPTS = 3


def import_bank_file(c: Container, data: bytes, *, name: str, actor: str) -> FileOutcome:
    """Import and commit one file; raises `MessageError` for an invalid one (nothing stored)."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            with c.uow(actor=actor) as uow:
                outcome = c.intake.import_file(uow, data, name=name, actor=actor)
                uow.commit()
        except (IntegrityError, RetryableConflict, ConcurrentPosting):
            if attempt == ATTEMPTS:
                raise
            continue
        return outcome
    raise AssertionError("unreachable")  # pragma: no cover
