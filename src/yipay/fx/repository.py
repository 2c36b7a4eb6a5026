"""FX queries."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Row, func, select, update

from yipay.core.money import Money
from yipay.fx.domain import Quote, QuoteStatus, Rate, Settlement, SettlementQuote
from yipay.fx.tables import fx_quotes, fx_rates, settlements


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


def _quote(row: Row[Any]) -> Quote:
    sold = Money.from_minor(row.sold_minor, row.sold_currency)
    return Quote(
        id=row.id,
        merchant_id=row.merchant_id,
        quote=SettlementQuote(
            sold=sold,
            bank_rate=Decimal(row.bank_rate),
            spread_bps=Decimal(row.spread_bps),
            client_rate=Decimal(row.client_rate),
            client_bought=Money.from_minor(row.client_minor, row.bought_currency),
            bank_bought=Money.from_minor(row.bank_minor, row.bought_currency),
            rate_source=row.rate_source,
            rate_as_of=row.rate_as_of,
            quoted_at=row.quoted_at,
            expires_at=row.expires_at,
        ),
        references=tuple(row.references),
        status=QuoteStatus(row.status),
        settlement_id=row.settlement_id,
    )


def insert_quote(conn: Connection, quote: Quote) -> None:
    q = quote.quote
    conn.execute(
        fx_quotes.insert().values(
            id=quote.id,
            merchant_id=quote.merchant_id,
            sold_currency=q.sold.currency.code,
            sold_minor=q.sold.minor,
            bought_currency=q.client_bought.currency.code,
            client_minor=q.client_bought.minor,
            bank_minor=q.bank_bought.minor,
            bank_rate=str(q.bank_rate),
            client_rate=str(q.client_rate),
            spread_bps=str(q.spread_bps),
            rate_source=q.rate_source,
            rate_as_of=q.rate_as_of,
            quoted_at=q.quoted_at,
            expires_at=q.expires_at,
            references=list(quote.references),
            status=quote.status.value,
        )
    )


def get_quote(conn: Connection, quote_id: str, *, lock: bool = False) -> Quote | None:
    query = select(fx_quotes).where(fx_quotes.c.id == quote_id)
    if lock and conn.dialect.name == "postgresql":
        query = query.with_for_update()
    row = conn.execute(query).first()
    return _quote(row) if row else None


def use_quote(conn: Connection, quote_id: str, settlement_id: str) -> bool:
    """Compare-and-set open → used: a quote settles once."""
    result = conn.execute(
        update(fx_quotes)
        .where(fx_quotes.c.id == quote_id, fx_quotes.c.status == QuoteStatus.OPEN.value)
        .values(status=QuoteStatus.USED.value, settlement_id=settlement_id)
    )
    return result.rowcount == 1


def _settlement(row: Row[Any]) -> Settlement:
    return Settlement(
        id=row.id,
        merchant_id=row.merchant_id,
        quote_id=row.quote_id,
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


def get_settlement(conn: Connection, settlement_id: str) -> Settlement | None:
    row = conn.execute(select(settlements).where(settlements.c.id == settlement_id)).first()
    return _settlement(row) if row else None


def insert_settlement(conn: Connection, s: Settlement) -> None:
    conn.execute(
        settlements.insert().values(
            id=s.id,
            merchant_id=s.merchant_id,
            quote_id=s.quote_id,
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


def settlement_totals(conn: Connection) -> list[tuple[str, int, int, int]]:
    """(sold currency, count, sold minor, CNY bought minor)."""
    query = (
        select(
            settlements.c.sold_currency,
            func.count(),
            func.sum(settlements.c.sold_minor),
            func.sum(settlements.c.bought_minor),
        )
        .group_by(settlements.c.sold_currency)
        .order_by(settlements.c.sold_currency)
    )
    return [(c, int(n), int(s), int(b)) for c, n, s, b in conn.execute(query)]
