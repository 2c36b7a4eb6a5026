"""The monitoring read model: payments with their matched trade's buyer, as facts for rules."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import Connection, Row, bindparam, func, select

from yipay.alerts.tables import alerts
from yipay.core.money import Money
from yipay.fx.domain import RateTable
from yipay.fx.errors import RateUnavailable
from yipay.monitoring.domain import Transaction
from yipay.parties.tables import buyers
from yipay.payments.domain import PaymentStatus
from yipay.payments.tables import payments
from yipay.trades.tables import allocations, trade_declarations, trade_goods_lines, trades

MONITORED = (PaymentStatus.MATCHED, PaymentStatus.CREDITED, PaymentStatus.SETTLED)


def _first_allocation(*where: Any) -> Any:
    """Each payment's first trade (the least trade id it is allocated to), over the allocations
    `where` selects (all of them by default: the export)."""
    query = select(allocations.c.payment_id, func.min(allocations.c.trade_id).label("trade_id"))
    return query.where(*where).group_by(allocations.c.payment_id).subquery()


@cache
def _query() -> Any:
    """Every monitored payment: the export (built once, so SQLAlchemy caches its SQL)."""
    return _select(_first_allocation())


@cache
def _payment_query() -> Any:
    """The monitored payment `:payment_id`: the real-time path runs it on every payment, so it
    groups that payment's allocations only."""
    first_allocation = _first_allocation(allocations.c.payment_id == bindparam("payment_id"))
    return _select(first_allocation).where(payments.c.id == bindparam("payment_id"))


@cache
def _trade_query() -> Any:
    """The monitored payments whose first trade is `:trade_id`: the trade's collections."""
    paying = select(allocations.c.payment_id).where(allocations.c.trade_id == bindparam("trade_id"))
    first_allocation = _first_allocation(allocations.c.payment_id.in_(paying))
    return (
        _select(first_allocation)
        .add_columns(  # the trade itself (the one `_select` joins for the buyer)
            trades.c.merchant_id.label("trade_merchant_id"),
            trades.c.amount_minor.label("trade_amount_minor"),
            trades.c.currency.label("trade_currency"),
            trades.c.trade_date,
        )
        .where(payments.c.id.in_(paying))  # so the payments are looked up by id
        .where(first_allocation.c.trade_id == bindparam("trade_id"))
    )


@cache
def _trade_facts_query() -> Any:
    t = trades.c
    return select(t.id, t.merchant_id, t.amount_minor, t.currency, t.trade_date).where(
        t.id == bindparam("trade_id")
    )


def _select(first_allocation: Any) -> Any:
    return (
        select(
            payments.c.id,
            payments.c.merchant_id,
            payments.c.payer_id,
            payments.c.payer_country,
            payments.c.received_at,
            payments.c.currency,
            payments.c.amount_minor,
            buyers.c.id.label("buyer_id"),
            buyers.c.country.label("buyer_country"),
            first_allocation.c.trade_id,
            payments.c.payer_name,
            payments.c.remittance_info,
        )
        .select_from(
            payments.outerjoin(first_allocation, first_allocation.c.payment_id == payments.c.id)
            .outerjoin(trades, trades.c.id == first_allocation.c.trade_id)
            .outerjoin(buyers, buyers.c.id == trades.c.buyer_id)
        )
        .where(payments.c.status.in_([s.value for s in MONITORED]))
        .where(payments.c.merchant_id.is_not(None))
        .order_by(payments.c.received_at, payments.c.id)
    )


def _transaction(
    row: Row[Any], day_of: Callable[[datetime], date], rates_at: Callable[[datetime], RateTable]
) -> Transaction:
    amount = Money.from_minor(row.amount_minor, row.currency)
    try:
        usd: int | None = rates_at(row.received_at).convert(amount, "USD").minor
    except RateUnavailable:
        usd = None
    return Transaction(
        payment_id=row.id,
        merchant_id=row.merchant_id,
        payer_id=row.payer_id,
        payer_country=row.payer_country,
        buyer_id=row.buyer_id,
        buyer_country=row.buyer_country,
        received_at=row.received_at,
        booking_day=day_of(row.received_at),
        currency=row.currency,
        amount_minor=row.amount_minor,
        amount_usd_minor=usd,
        trade_ref=row.trade_id,
        payer_name=row.payer_name,
        purpose=row.remittance_info,
    )


def transaction(
    conn: Connection,
    payment_id: str,
    day_of: Callable[[datetime], date],
    rates_at: Callable[[datetime], RateTable],
) -> Transaction | None:
    row = conn.execute(_payment_query(), {"payment_id": payment_id}).first()
    return _transaction(row, day_of, rates_at) if row else None


class TradeRow(NamedTuple):
    """What the trade rules' twins read of a trade as stored (the export converts it)."""

    id: str
    merchant_id: str
    amount_minor: int
    currency: str
    trade_date: date


def trade_collections(
    conn: Connection,
    trade_id: str,
    day_of: Callable[[datetime], date],
    rates_at: Callable[[datetime], RateTable],
    known: Mapping[str, Transaction],
) -> tuple[TradeRow | None, list[Transaction]]:
    """The trade, and every monitored payment whose first trade it is as the export has them
    (`known` ones as given, so their rates are not looked up again): one query, unless no
    payment is."""
    rows = list(conn.execute(_trade_query(), {"trade_id": trade_id}))
    if not rows:
        found = conn.execute(_trade_facts_query(), {"trade_id": trade_id}).first()
        return (TradeRow(*found) if found else None), []
    first = rows[0]
    trade = TradeRow(
        trade_id,
        first.trade_merchant_id,
        first.trade_amount_minor,
        first.trade_currency,
        first.trade_date,
    )
    return trade, [known.get(row.id) or _transaction(row, day_of, rates_at) for row in rows]


def collected_before(conn: Connection, payer_id: str, at: datetime) -> bool:
    """Whether the payer has a monitored payment (a collection, in the export) received before
    `at`."""
    query = (
        select(payments.c.id)
        .where(payments.c.payer_id == payer_id)
        .where(payments.c.received_at < at)
        .where(payments.c.status.in_([s.value for s in MONITORED]))
        .where(payments.c.merchant_id.is_not(None))
        .limit(1)
    )
    return conn.execute(query).first() is not None


def transactions(
    conn: Connection,
    day_of: Callable[[datetime], date],
    rates_at: Callable[[datetime], RateTable],
) -> list[Transaction]:
    return [_transaction(row, day_of, rates_at) for row in conn.execute(_query())]


def alert_ids_for_rule(conn: Connection, rule_id: str) -> list[str]:
    return [r for (r,) in conn.execute(select(alerts.c.id).where(alerts.c.rule_id == rule_id))]


def trades_for_export(conn: Connection) -> list[Row[Any]]:
    """Every trade with its buyer's name and country and its declaration's export agent."""
    t = trades.c
    query = (
        select(
            t.id,
            t.merchant_id,
            t.buyer_id,
            t.kind,
            t.declaration_no,
            t.trade_date,
            t.export_date,
            t.amount_minor,
            t.currency,
            t.prepayment,
            t.documents_due_by,
            func.coalesce(func.nullif(buyers.c.name_latin, ""), buyers.c.name).label("buyer_name"),
            buyers.c.country.label("buyer_country"),
            trade_declarations.c.export_agent,
        )
        .select_from(
            trades.outerjoin(buyers, buyers.c.id == t.buyer_id).outerjoin(
                trade_declarations, trade_declarations.c.declaration_no == t.declaration_no
            )
        )
        .order_by(t.id)
    )
    return list(conn.execute(query))


def goods_lines_for_export(conn: Connection) -> list[Row[Any]]:
    g = trade_goods_lines.c
    query = (
        select(
            g.trade_id,
            g.line_no,
            g.hs_code,
            g.name,
            g.quantity,
            g.unit_price,
            g.currency,
            trades.c.trade_date,
        )
        .select_from(trade_goods_lines.join(trades, trades.c.id == g.trade_id))
        .order_by(g.trade_id, g.line_no)
    )
    return list(conn.execute(query))
