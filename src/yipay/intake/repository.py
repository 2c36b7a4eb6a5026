"""Intake queries: virtual accounts, received files and their records, statement lines."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Row, func, insert, select, update

from yipay.intake.domain import VirtualAccount, VirtualAccountStatus
from yipay.intake.tables import bank_files, bank_records, statement_lines, virtual_accounts


def _account(row: Row[Any]) -> VirtualAccount:
    return VirtualAccount(
        number=row.number,
        merchant_id=row.merchant_id,
        currency=row.currency,
        serial=row.serial,
        status=VirtualAccountStatus(row.status),
        opened_at=row.opened_at,
        closed_at=row.closed_at,
    )


def virtual_account(conn: Connection, number: str) -> VirtualAccount | None:
    row = conn.execute(select(virtual_accounts).where(virtual_accounts.c.number == number)).first()
    return _account(row) if row else None


def virtual_accounts_by_number(
    conn: Connection, numbers: set[str]
) -> dict[str, VirtualAccount | None]:
    """Each number with its account, or None for a number no merchant was given."""
    if not numbers:
        return {}
    rows = conn.execute(
        select(virtual_accounts).where(virtual_accounts.c.number.in_(sorted(numbers)))
    )
    found: dict[str, VirtualAccount | None] = dict.fromkeys(numbers)
    found.update({r.number: _account(r) for r in rows})
    return found


def virtual_accounts_of(conn: Connection, merchant_id: str) -> list[VirtualAccount]:
    rows = conn.execute(
        select(virtual_accounts)
        .where(virtual_accounts.c.merchant_id == merchant_id)
        .order_by(virtual_accounts.c.currency)
    )
    return [_account(r) for r in rows]


def all_virtual_accounts(conn: Connection) -> list[VirtualAccount]:
    rows = conn.execute(select(virtual_accounts).order_by(virtual_accounts.c.serial))
    return [_account(r) for r in rows]


def next_serial(conn: Connection) -> int:
    return (
        int(
            conn.execute(select(func.coalesce(func.max(virtual_accounts.c.serial), 0))).scalar_one()
        )
        + 1
    )


def insert_virtual_account(conn: Connection, account: VirtualAccount) -> None:
    conn.execute(
        insert(virtual_accounts).values(
            number=account.number,
            merchant_id=account.merchant_id,
            currency=account.currency,
            serial=account.serial,
            status=account.status.value,
            opened_at=account.opened_at,
            closed_at=account.closed_at,
        )
    )


def close_virtual_account(conn: Connection, number: str, at: datetime) -> int:
    result = conn.execute(
        update(virtual_accounts)
        .where(virtual_accounts.c.number == number)
        .where(virtual_accounts.c.status == VirtualAccountStatus.OPEN.value)
        .values(status=VirtualAccountStatus.CLOSED.value, closed_at=at)
    )
    return result.rowcount


def file_by_digest(conn: Connection, sha256: str) -> tuple[str, int, str] | None:
    """(id, records, source format) of the file already received with this digest, if any."""
    row = conn.execute(
        select(bank_files.c.id, bank_files.c.records, bank_files.c.source_format).where(
            bank_files.c.sha256 == sha256
        )
    ).first()
    return (str(row.id), int(row.records), str(row.source_format)) if row else None


def insert_file(conn: Connection, **values: Any) -> None:
    conn.execute(insert(bank_files).values(**values))


def insert_records(conn: Connection, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        conn.execute(insert(bank_records), list(rows))


def records_of(conn: Connection, file_id: str) -> list[Row[Any]]:
    return list(
        conn.execute(
            select(bank_records)
            .where(bank_records.c.file_id == file_id)
            .order_by(bank_records.c.position)
        )
    )


def files(conn: Connection, limit: int = 100) -> list[Row[Any]]:
    return list(
        conn.execute(
            select(
                bank_files.c.id,
                bank_files.c.name,
                bank_files.c.source_format,
                bank_files.c.records,
                bank_files.c.received_at,
                bank_files.c.summary,
            )
            .order_by(bank_files.c.received_at.desc(), bank_files.c.id.desc())
            .limit(limit)
        )
    )


def raw_file(conn: Connection, file_id: str) -> bytes | None:
    value = conn.execute(select(bank_files.c.raw).where(bank_files.c.id == file_id)).scalar()
    return bytes(value) if value is not None else None


# -- statement lines --------------------------------------------------------------------------
def existing_lines(conn: Connection, account: str, statement_id: str) -> set[int]:
    rows = conn.execute(
        select(statement_lines.c.line_no)
        .where(statement_lines.c.account == account)
        .where(statement_lines.c.statement_id == statement_id)
    )
    return {r.line_no for r in rows}


def insert_lines(conn: Connection, rows: Iterable[dict[str, Any]]) -> None:
    rows = list(rows)
    if rows:
        conn.execute(insert(statement_lines), rows)


def paired_ids(conn: Connection, ids: Sequence[str]) -> set[str]:
    if not ids:
        return set()
    rows = conn.execute(
        select(statement_lines.c.paired_id).where(statement_lines.c.paired_id.in_(list(ids)))
    )
    return {r.paired_id for r in rows}


def lines(
    conn: Connection,
    *,
    account: str | None = None,
    day_from: date | None = None,
    day_to: date | None = None,
    status: str | None = None,
) -> list[Row[Any]]:
    query = select(statement_lines).order_by(
        statement_lines.c.value_date, statement_lines.c.account, statement_lines.c.line_no
    )
    if account is not None:
        query = query.where(statement_lines.c.account == account)
    if day_from is not None:
        query = query.where(statement_lines.c.value_date >= day_from)
    if day_to is not None:
        query = query.where(statement_lines.c.value_date < day_to)
    if status is not None:
        query = query.where(statement_lines.c.status == status)
    return list(conn.execute(query))
