"""FX queries."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Row, func, select

from yipay.core.money import Money
from yipay.fx.domain import PayeeAccount, Payout, Rate, Settlement
from yipay.fx.tables import fx_rates, payouts, settlements


def _rate(row: Row[Any]) -> Rate:
    return Rate(row.base, row.quote, Decimal(row.bid), Decimal(row.ask), row.source, row.as_of)


def find_rate(conn: Connection, base: str, quote: str, as_of: datetime) -> Rate | None:
    row = conn.execute(
        select(fx_rates).where(
            fx_rates.c.base == base, fx_rates.c.quote == quote, fx_rates.c.as_of == as_of
        )
    ).first()
    return _rate(row) if row else None


def insert_rate(conn: Connection, rate: Rate, imported_at: datetime) -> None:
    conn.execute(
        fx_rates.insert().values(
            base=rate.base,
            quote=rate.quote,
            bid=str(rate.bid),
            ask=str(rate.ask),
            source=rate.source,
            as_of=rate.as_of,
            imported_at=imported_at,
        )
    )


def latest_rate(conn: Connection, base: str, quote: str, at: datetime) -> Rate | None:
    row = conn.execute(
        select(fx_rates)
        .where(fx_rates.c.base == base, fx_rates.c.quote == quote, fx_rates.c.as_of <= at)
        .order_by(fx_rates.c.as_of.desc())
        .limit(1)
    ).first()
    return _rate(row) if row else None


def latest_rates_to(conn: Connection, quote: str, at: datetime) -> dict[str, Rate]:
    """The latest rate of every base currency against `quote` as of `at`."""
    newest = (
        select(fx_rates.c.base, func.max(fx_rates.c.as_of).label("as_of"))
        .where(fx_rates.c.quote == quote, fx_rates.c.as_of <= at)
        .group_by(fx_rates.c.base)
        .subquery()
    )
    query = (
        select(fx_rates)
        .join(newest, (newest.c.base == fx_rates.c.base) & (newest.c.as_of == fx_rates.c.as_of))
        .where(fx_rates.c.quote == quote)
    )
    return {row.base: _rate(row) for row in conn.execute(query)}


def all_rates(conn: Connection, quote: str) -> list[Rate]:
    query = select(fx_rates).where(fx_rates.c.quote == quote).order_by(fx_rates.c.as_of)
    return [_rate(row) for row in conn.execute(query)]


def _settlement(row: Row[Any]) -> Settlement:
    return Settlement(
        id=row.id,
        merchant_id=row.merchant_id,
        reference=row.reference,
        sold=Money.from_minor(row.sold_minor, row.sold_currency),
        bought=Money.from_minor(row.bought_minor, row.bought_currency),
        bank_bought=Money.from_minor(row.bank_bought_minor, row.bought_currency),
        bank_rate=Decimal(row.bank_rate),
        client_rate=Decimal(row.client_rate),
        spread_bps=Decimal(row.spread_bps),
        rate_source=row.rate_source,
        rate_as_of=row.rate_as_of,
        created_at=row.created_at,
    )


def settlement_by_reference(conn: Connection, reference: str) -> Settlement | None:
    row = conn.execute(select(settlements).where(settlements.c.reference == reference)).first()
    return _settlement(row) if row else None


def insert_settlement(conn: Connection, s: Settlement) -> None:
    conn.execute(
        settlements.insert().values(
            id=s.id,
            merchant_id=s.merchant_id,
            reference=s.reference,
            sold_currency=s.sold.currency.code,
            sold_minor=s.sold.minor,
            bought_currency=s.bought.currency.code,
            bought_minor=s.bought.minor,
            bank_bought_minor=s.bank_bought.minor,
            bank_rate=str(s.bank_rate),
            client_rate=str(s.client_rate),
            spread_bps=str(s.spread_bps),
            rate_source=s.rate_source,
            rate_as_of=s.rate_as_of,
            created_at=s.created_at,
        )
    )


def insert_payout(conn: Connection, p: Payout) -> None:
    conn.execute(
        payouts.insert().values(
            id=p.id,
            merchant_id=p.merchant_id,
            settlement_id=p.settlement_id,
            currency=p.amount.currency.code,
            amount_minor=p.amount.minor,
            bank_name=p.payee.bank_name,
            account_no=p.payee.account_no,
            account_name=p.payee.account_name,
            status=p.status,
            created_at=p.created_at,
            updated_at=p.created_at,
        )
    )


def _payout(row: Row[Any]) -> Payout:
    return Payout(
        id=row.id,
        merchant_id=row.merchant_id,
        settlement_id=row.settlement_id,
        amount=Money.from_minor(row.amount_minor, row.currency),
        payee=PayeeAccount(row.bank_name, row.account_no, row.account_name),
        status=row.status,
        created_at=row.created_at,
    )


def payouts_for_settlement(conn: Connection, settlement_id: str) -> list[Payout]:
    query = select(payouts).where(payouts.c.settlement_id == settlement_id)
    return [_payout(row) for row in conn.execute(query.order_by(payouts.c.id))]


def payout_totals(conn: Connection) -> list[tuple[str, str, int, int]]:
    """(status, currency, count, total minor) over all payouts."""
    query = select(
        payouts.c.status, payouts.c.currency, func.count(), func.sum(payouts.c.amount_minor)
    ).group_by(payouts.c.status, payouts.c.currency)
    return [(s, c, int(n), int(t)) for s, c, n, t in conn.execute(query)]


def settlement_totals(conn: Connection) -> list[tuple[str, int, int, int]]:
    """(sold currency, count, sold minor, CNY bought minor)."""
    query = select(
        settlements.c.sold_currency,
        func.count(),
        func.sum(settlements.c.sold_minor),
        func.sum(settlements.c.bought_minor),
    ).group_by(settlements.c.sold_currency)
    return [(c, int(n), int(s), int(b)) for c, n, s, b in conn.execute(query)]
