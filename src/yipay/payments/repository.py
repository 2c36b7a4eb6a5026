"""Payment queries. State changes are compare-and-set on the version column."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Row, func, select, update

from yipay.core.money import Money
from yipay.payments.domain import ChargeBearer, PayerDetails, Payment, PaymentStatus
from yipay.payments.errors import IllegalTransition
from yipay.payments.tables import payments


def _payment(row: Row[Any]) -> Payment:
    instructed = (
        Money.from_minor(row.instructed_minor, row.instructed_currency)
        if row.instructed_minor is not None
        else None
    )
    charges = (
        Money.from_minor(row.charges_minor, row.currency) if row.charges_minor is not None else None
    )
    return Payment(
        id=row.id,
        dedupe_key=row.dedupe_key,
        channel=row.channel,
        status=PaymentStatus(row.status),
        status_reason=row.status_reason,
        amount=Money.from_minor(row.amount_minor, row.currency),
        offshore=row.offshore,
        value_date=row.value_date,
        received_at=row.received_at,
        payer_id=row.payer_id,
        payer=PayerDetails(row.payer_name, row.payer_account, row.payer_bic, row.payer_country),
        merchant_id=row.merchant_id,
        instructed=instructed,
        charges=charges,
        charge_bearer=ChargeBearer(row.charge_bearer) if row.charge_bearer else None,
        debtor_agent_bic=row.debtor_agent_bic,
        remittance_info=row.remittance_info,
        uetr=row.uetr,
        end_to_end_id=row.end_to_end_id,
        message_id=row.message_id,
        updated_at=row.updated_at,
        version=row.version,
    )


def _row(payment: Payment) -> dict[str, Any]:
    return {
        "id": payment.id,
        "dedupe_key": payment.dedupe_key,
        "channel": payment.channel,
        "status": payment.status.value,
        "status_reason": payment.status_reason,
        "currency": payment.amount.currency.code,
        "amount_minor": payment.amount.minor,
        "offshore": payment.offshore,
        "value_date": payment.value_date,
        "received_at": payment.received_at,
        "payer_id": payment.payer_id,
        "payer_name": payment.payer.name,
        "payer_account": payment.payer.account,
        "payer_bic": payment.payer.bic,
        "payer_country": payment.payer.country,
        "merchant_id": payment.merchant_id,
        "instructed_currency": payment.instructed.currency.code if payment.instructed else None,
        "instructed_minor": payment.instructed.minor if payment.instructed else None,
        "charges_minor": payment.charges.minor if payment.charges else None,
        "charge_bearer": payment.charge_bearer.value if payment.charge_bearer else None,
        "debtor_agent_bic": payment.debtor_agent_bic,
        "remittance_info": payment.remittance_info,
        "uetr": payment.uetr,
        "end_to_end_id": payment.end_to_end_id,
        "message_id": payment.message_id,
        "updated_at": payment.updated_at,
        "version": payment.version,
    }


def insert(conn: Connection, payment: Payment) -> None:
    insert_many(conn, [payment])


def insert_many(conn: Connection, batch: Sequence[Payment]) -> None:
    """One executemany for a file's receipts."""
    if batch:
        conn.execute(payments.insert(), [_row(p) for p in batch])


def save_state(conn: Connection, payment: Payment) -> None:
    """Persist a state change made on the version read; a concurrent change is a conflict."""
    result = conn.execute(
        update(payments)
        .where(payments.c.id == payment.id, payments.c.version == payment.version - 1)
        .values(
            status=payment.status.value,
            status_reason=payment.status_reason,
            updated_at=payment.updated_at,
            version=payment.version,
        )
    )
    if result.rowcount != 1:
        raise IllegalTransition(f"payment {payment.id} changed concurrently; retry")


def get(conn: Connection, payment_id: str, *, lock: bool = False) -> Payment | None:
    query = select(payments).where(payments.c.id == payment_id)
    if lock and conn.dialect.name == "postgresql":
        query = query.with_for_update()
    row = conn.execute(query).first()
    return _payment(row) if row else None


def by_dedupe_keys(conn: Connection, keys: Sequence[str]) -> dict[str, Payment]:
    found: dict[str, Payment] = {}
    unique = sorted(set(keys))
    for start in range(0, len(unique), 500):
        chunk = unique[start : start + 500]
        for row in conn.execute(select(payments).where(payments.c.dedupe_key.in_(chunk))):
            found[row.dedupe_key] = _payment(row)
    return found


def by_dedupe_key(conn: Connection, key: str) -> Payment | None:
    row = conn.execute(select(payments).where(payments.c.dedupe_key == key)).first()
    return _payment(row) if row else None


def by_references(
    conn: Connection,
    *,
    uetr: str | None,
    end_to_end_id: str | None,
    message_id: str | None,
    currency: str | None,
) -> list[Payment]:
    """Payments that carry the given UETR, else end-to-end id, else sender reference."""
    for column, value in (
        (payments.c.uetr, uetr.lower() if uetr else None),
        (payments.c.end_to_end_id, end_to_end_id),
        (payments.c.message_id, message_id),
    ):
        if not value:
            continue
        query = select(payments).where(column == value).order_by(payments.c.id)
        if currency is not None:
            query = query.where(payments.c.currency == currency)
        found = [_payment(row) for row in conn.execute(query)]
        if found:
            return found
    return []


def by_amount(conn: Connection, amount: Money, value_date: date) -> list[Payment]:
    query = (
        select(payments)
        .where(payments.c.currency == amount.currency.code)
        .where(payments.c.amount_minor == amount.minor)
        .where(payments.c.value_date == value_date)
        .order_by(payments.c.id)
    )
    return [_payment(row) for row in conn.execute(query)]


def valued_between(conn: Connection, currency: str, first: date, last: date) -> list[Payment]:
    """Payments of `currency` with a value date in [first, last] (both inclusive)."""
    query = (
        select(payments)
        .where(payments.c.currency == currency)
        .where(payments.c.value_date >= first, payments.c.value_date <= last)
        .order_by(payments.c.value_date, payments.c.id)
    )
    return [_payment(row) for row in conn.execute(query)]


def find(
    conn: Connection,
    *,
    merchant_id: str | None = None,
    statuses: Sequence[PaymentStatus] | None = None,
    limit: int | None = 100,
    after: str | None = None,
    payer_id: str | None = None,
) -> list[Payment]:
    query = select(payments).order_by(payments.c.id)
    if merchant_id is not None:
        query = query.where(payments.c.merchant_id == merchant_id)
    if payer_id is not None:
        query = query.where(payments.c.payer_id == payer_id)
    if statuses:
        query = query.where(payments.c.status.in_([s.value for s in statuses]))
    if after:
        query = query.where(payments.c.id > after)
    if limit is not None:
        query = query.limit(limit)
    return [_payment(row) for row in conn.execute(query)]


def received_between(conn: Connection, start: datetime, end: datetime) -> list[Payment]:
    query = (
        select(payments)
        .where(payments.c.received_at >= start, payments.c.received_at < end)
        .order_by(payments.c.received_at, payments.c.id)
    )
    return [_payment(row) for row in conn.execute(query)]


def summary(conn: Connection) -> list[tuple[str, str, int, int]]:
    """(status, currency, count, total minor) over all payments."""
    query = (
        select(
            payments.c.status,
            payments.c.currency,
            func.count(),
            func.sum(payments.c.amount_minor),
        )
        .group_by(payments.c.status, payments.c.currency)
        .order_by(payments.c.status, payments.c.currency)
    )
    return [(s, c, int(n), int(t)) for s, c, n, t in conn.execute(query)]
