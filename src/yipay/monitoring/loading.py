"""External files into the canonical tables, typed and checked inside DuckDB, written as Parquet.

Every value is parsed with SQL over the whole file at once (millions of rows in seconds): amounts
become integer minor units by the currency's ISO 4217 exponent (trailing zeros are dropped first;
more decimals than the exponent is an error, never rounded), timestamps must carry a UTC offset,
ids must not be empty, a txn_id must not repeat. The first bad record by position is reported in
one line naming the file, the line (CSV) or row (Parquet), and the reason; then nothing is
written. USD equivalents come from reference rates (a rates file, or fx's built-in table), by
(currency, regulatory day), rounded half-even.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Context, Decimal
from pathlib import Path
from typing import Any

from yipay.fx.reference import ReferenceRates
from yipay.monitoring.errors import InvalidMonitoringFile
from yipay.monitoring.files import RawTable, read_raw
from yipay.monitoring.portable import OPTIONAL_FILE_COLUMNS, REQUIRED_FILE_COLUMNS
from yipay.monitoring.record_checks import (
    TS_NAIVE,
    TS_ZONED,
    amount_checks,
    country_check,
    date_checks,
    date_day_no,
    first_error,
    first_repeat,
    quoted,
    raise_first,
    trimmed,
    units,
    when,
    whole_check,
)

TRADE_FILE_REQUIRED = ("trade_id", "merchant_id", "trade_date", "amount", "currency")
TRADE_FILE_OPTIONAL = (
    "buyer_id",
    "buyer_name",
    "buyer_country",
    "kind",
    "declaration_no",
    "agent_id",
    "export_date",
    "prepayment",
    "prepayment_deadline",
)
GOODS_FILE_REQUIRED = ("trade_id", "line_no", "hs_code", "quantity", "unit_price", "currency")
GOODS_FILE_OPTIONAL = ("description",)
TRADE_KINDS = ("1039", "9610", "0110")
EPOCH = date(1970, 1, 1)
FACTOR_PLACES = Decimal("1e-18")
_WIDE = Context(prec=60)


@dataclass(frozen=True, slots=True)
class LoadedFiles:
    """The canonical tables written, and what the user should know about them."""

    tables: dict[str, Path]
    rows: dict[str, int]
    without_usd: int  # transactions in a currency with no reference rate: no USD equivalent
    rates: str  # where the reference rates came from: "builtin" or "file"


def _reference_tables(con: Any) -> None:
    """ISO 4217 currencies with minor units (CNH read as CNY) and ISO 3166 alpha-2 countries."""
    from iso4217 import Currency as IsoCurrency

    from yipay.core.countries import alpha2_codes
    from yipay.core.currency import OFFSHORE_ALIASES

    rows = [(c.code, c.code, int(c.exponent)) for c in IsoCurrency if c.exponent is not None]
    exponents = {code: exponent for code, _, exponent in rows}
    rows += [(alias, code, exponents[code]) for alias, code in OFFSHORE_ALIASES.items()]
    values = ", ".join(f"('{a}', '{c}', {e}, {10**e})" for a, c, e in rows)
    con.execute(
        "CREATE TABLE currencies AS SELECT * FROM (VALUES "
        + values
        + ") AS v(alias, code, exponent, scale)"
    )
    codes = ", ".join(f"('{code}')" for code in sorted(alpha2_codes()))
    con.execute(f"CREATE TABLE countries AS SELECT * FROM (VALUES {codes}) AS v(code)")


def _optional_texts(raw: RawTable, columns: tuple[str, ...]) -> str:
    """Trimmed optional columns; those the file lacks stay NULL without any work."""
    return ", ".join(
        trimmed(c, upper=c.endswith("_country"))
        if c in raw.columns
        else f"CAST(NULL AS VARCHAR) AS {c}"
        for c in columns
    )


def _type_transactions(con: Any, raw: RawTable, timezone: str) -> None:
    optional = _optional_texts(raw, OPTIONAL_FILE_COLUMNS)
    zone = timezone.replace("'", "''")
    con.execute(f"""
        CREATE TABLE typed_transactions AS
        WITH s AS (
            SELECT line, {trimmed("txn_id")}, NULLIF(trim(ts), '') AS ts_text,
                   {trimmed("payer_id")}, {trimmed("payee_id")},
                   NULLIF(trim(amount), '') AS amount_text,
                   NULLIF(upper(trim(currency)), '') AS currency_text, {optional}
            FROM {raw.name}
        ),
        c AS (
            SELECT s.*, cur.code AS currency, cur.exponent,
                   TRY_CAST(CASE WHEN regexp_full_match(ts_text, '{TS_ZONED}') THEN ts_text END
                            AS TIMESTAMPTZ) AS ts_utc,
                   {units("amount_text", "cur.exponent", "cur.scale", 4)} AS minor
            FROM s LEFT JOIN currencies AS cur ON cur.alias = s.currency_text
        )
        SELECT c.*,
               CAST(CAST(timezone('{zone}', ts_utc) AS DATE) - DATE '1970-01-01' AS INTEGER)
                   AS day_no
        FROM c
    """)
    branches = [
        when("txn_id IS NULL", "txn_id is empty"),
        when("ts_text IS NULL", "ts is empty"),
        when(
            f"ts_utc IS NULL AND regexp_full_match(ts_text, '{TS_NAIVE}')",
            "ts {v} has no UTC offset (need ISO 8601 UTC, like 2026-11-03T09:15:00Z)",
            v=quoted("ts_text"),
        ),
        when(
            f"ts_utc IS NULL AND NOT regexp_full_match(ts_text, '{TS_ZONED}')",
            "ts {v} is not an ISO 8601 timestamp (like 2026-11-03T09:15:00Z)",
            v=quoted("ts_text"),
        ),
        when("ts_utc IS NULL", "ts {v} is not a valid date and time", v=quoted("ts_text")),
        when("payer_id IS NULL", "payer_id is empty"),
        when("payee_id IS NULL", "payee_id is empty"),
        *amount_checks("amount_text", "amount"),
        country_check("payer_country"),
        country_check("payee_country"),
    ]
    raise_first(
        raw,
        first_error(con, "typed_transactions", branches),
        first_repeat(con, raw, "typed_transactions", ("txn_id",)),
    )


def _type_trades(con: Any, raw: RawTable) -> None:
    texts = ", ".join(
        trimmed(c, upper=c == "buyer_country")
        for c in ("trade_id", "merchant_id", *TRADE_FILE_OPTIONAL, "trade_date")
        if c != "prepayment"
    )
    con.execute(f"""
        CREATE TABLE typed_trades AS
        WITH s AS (
            SELECT line, {texts}, NULLIF(trim(amount), '') AS amount_text,
                   NULLIF(upper(trim(currency)), '') AS currency_text,
                   NULLIF(lower(trim(prepayment)), '') AS prepayment_text
            FROM {raw.name}
        )
        SELECT s.*, cur.code AS currency, cur.exponent,
               {units("amount_text", "cur.exponent", "cur.scale", 4)} AS minor,
               {date_day_no("trade_date")} AS trade_day_no,
               {date_day_no("export_date")} AS export_day_no,
               {date_day_no("prepayment_deadline")} AS deadline_day_no,
               CASE WHEN prepayment_text IS NULL OR prepayment_text IN ('false', '0', 'no', 'n')
                    THEN FALSE
                    WHEN prepayment_text IN ('true', '1', 'yes', 'y') THEN TRUE END AS prepayment
        FROM s LEFT JOIN currencies AS cur ON cur.alias = s.currency_text
    """)
    kinds = ", ".join(f"'{k}'" for k in TRADE_KINDS)
    branches = [
        when("trade_id IS NULL", "trade_id is empty"),
        when("merchant_id IS NULL", "merchant_id is empty"),
        *date_checks("trade_date", "trade_day_no", required=True),
        *amount_checks("amount_text", "amount"),
        country_check("buyer_country"),
        when(
            f"kind IS NOT NULL AND kind NOT IN ({kinds})",
            f"kind {{v}} is not one of {', '.join(TRADE_KINDS)}",
            v=quoted("kind"),
        ),
        *date_checks("export_date", "export_day_no", required=False),
        when(
            "prepayment IS NULL", "prepayment {v} is not true or false", v=quoted("prepayment_text")
        ),
        *date_checks("prepayment_deadline", "deadline_day_no", required=False),
    ]
    raise_first(
        raw,
        first_error(con, "typed_trades", branches),
        first_repeat(con, raw, "typed_trades", ("trade_id",)),
    )


def _type_goods_lines(con: Any, raw: RawTable) -> None:
    con.execute(f"""
        CREATE TABLE typed_goods_lines AS
        WITH s AS (
            SELECT line, {trimmed("trade_id")}, NULLIF(trim(line_no), '') AS line_no_text,
                   NULLIF(regexp_replace(trim(hs_code), '[. ]', '', 'g'), '') AS hs_code,
                   {trimmed("description")}, NULLIF(trim(quantity), '') AS quantity_text,
                   NULLIF(trim(unit_price), '') AS price_text,
                   NULLIF(upper(trim(currency)), '') AS currency_text
            FROM {raw.name}
        )
        SELECT s.*, cur.code AS currency, t.trade_day_no,
               CASE WHEN regexp_full_match(line_no_text, '[0-9]{{1,9}}')
                    THEN CAST(line_no_text AS INTEGER) END AS line_no,
               CASE WHEN regexp_full_match(quantity_text, '[0-9]{{1,12}}')
                    THEN CAST(quantity_text AS BIGINT) END AS quantity,
               {units("price_text", "6", "1000000", 6)} AS unit_micro,
               t.trade_id IS NOT NULL AS known_trade
        FROM s LEFT JOIN currencies AS cur ON cur.alias = s.currency_text
        LEFT JOIN typed_trades AS t ON t.trade_id = s.trade_id
    """)
    branches = [
        when("trade_id IS NULL", "trade_id is empty"),
        when("NOT known_trade", "trade_id {v} is not in the trades file", v=quoted("trade_id")),
        whole_check("line_no_text", "line_no"),
        when(
            "hs_code IS NULL OR NOT regexp_full_match(hs_code, '[0-9]{6,10}')",
            "hs_code {v} is not an HS code of 6 to 10 digits",
            v=f"coalesce({quoted('hs_code')}, '(empty)')",
        ),
        whole_check("quantity_text", "quantity"),
        *amount_checks("price_text", "unit_price", units="unit_micro", int_digits=12, places=6),
    ]
    raise_first(
        raw,
        first_error(con, "typed_goods_lines", branches),
        first_repeat(con, raw, "typed_goods_lines", ("trade_id", "line_no")),
    )


def _factors(con: Any, rates: ReferenceRates, pairs_sql: str) -> None:
    """USD per unit, and USD cents per minor unit, of each (currency, day) the files use."""
    import pyarrow as pa

    from yipay.core.currency import currency as iso

    rows: dict[str, list[Any]] = {"currency": [], "day_no": [], "minor": [], "unit": []}
    for code, day_no in con.execute(pairs_sql).fetchall():
        rate = rates.rate(code, "USD", EPOCH + timedelta(days=int(day_no)))
        minor = unit = None
        if rate is not None:
            shift = Decimal(10) ** (2 - iso(code).exponent)
            unit = str(_WIDE.quantize(rate, FACTOR_PLACES))
            minor = str(_WIDE.quantize(_WIDE.multiply(rate, shift), FACTOR_PLACES))
        for key, value in zip(rows, (code, int(day_no), minor, unit), strict=True):
            rows[key].append(value)
    factors_arrow = pa.table(
        rows,
        schema=pa.schema(
            [
                ("currency", pa.string()),
                ("day_no", pa.int32()),
                ("minor", pa.string()),
                ("unit", pa.string()),
            ]
        ),
    )
    con.register("factors_arrow", factors_arrow)
    con.execute(
        "CREATE TABLE factors AS SELECT currency, day_no,"
        " CAST(minor AS DECIMAL(38, 18)) AS minor, CAST(unit AS DECIMAL(38, 18)) AS unit"
        " FROM factors_arrow"
    )
    con.unregister("factors_arrow")


def _usd(amount: str, factor: str, currency: str) -> str:
    """USD cents (or micro-USD) of an integer amount by a factor, rounded half-even."""
    return (
        f"CASE WHEN {currency} = 'USD' THEN CAST({amount} AS BIGINT)"
        f" ELSE TRY_CAST(round_even(CAST({amount} AS DECIMAL(38, 0)) * {factor}, 0) AS BIGINT) END"
    )


def _copy(con: Any, select: str, path: Path) -> Path:
    target = str(path).replace("'", "''")
    con.execute(f"COPY ({select}) TO '{target}' (FORMAT parquet, COMPRESSION snappy)")
    return path


def _write_transactions(con: Any, path: Path, with_trades: bool) -> Path:
    optional = ", ".join(f"CAST(t.{c} AS VARCHAR) AS {c}" for c in OPTIONAL_FILE_COLUMNS)
    buyer = (
        "tr.buyer_id, tr.buyer_country"
        if with_trades
        else "CAST(NULL AS VARCHAR) AS buyer_id, CAST(NULL AS VARCHAR) AS buyer_country"
    )
    join = "LEFT JOIN typed_trades AS tr ON tr.trade_id = t.trade_ref" if with_trades else ""
    return _copy(
        con,
        f"""
        SELECT t.txn_id, CAST(timezone('UTC', t.ts_utc) AS TIMESTAMP) AS ts,
               epoch_us(t.ts_utc) AS ts_us, t.day_no, t.payer_id, t.payee_id,
               CAST(t.minor AS BIGINT) AS amount_minor, t.currency,
               {_usd("t.minor", "f.minor", "t.currency")} AS amount_usd_minor,
               {optional}, {buyer}
        FROM typed_transactions AS t
        LEFT JOIN factors AS f ON f.currency = t.currency AND f.day_no = t.day_no
        {join}
    """,
        path,
    )


def _write_trades(con: Any, path: Path) -> Path:
    return _copy(
        con,
        f"""
        SELECT t.trade_id, t.merchant_id, t.buyer_id, t.buyer_name, t.buyer_country, t.kind,
               t.declaration_no, t.agent_id, t.trade_day_no, t.export_day_no,
               CAST(t.minor AS BIGINT) AS amount_minor, t.currency,
               {_usd("t.minor", "f.minor", "t.currency")} AS amount_usd_minor,
               t.prepayment, t.deadline_day_no AS prepayment_deadline_day_no
        FROM typed_trades AS t
        LEFT JOIN factors AS f ON f.currency = t.currency AND f.day_no = t.trade_day_no
    """,
        path,
    )


def _write_goods_lines(con: Any, path: Path) -> Path:
    return _copy(
        con,
        f"""
        WITH priced AS (
            SELECT g.trade_id, g.line_no, g.hs_code, g.description, g.quantity,
                   {_usd("g.unit_micro", "f.unit", "g.currency")} AS unit_price_usd_micro
            FROM typed_goods_lines AS g
            LEFT JOIN factors AS f ON f.currency = g.currency AND f.day_no = g.trade_day_no
        )
        SELECT trade_id, line_no, hs_code, description, quantity, unit_price_usd_micro,
               TRY_CAST(round_even(CAST(quantity AS DECIMAL(38, 0))
                                   * CAST(unit_price_usd_micro AS DECIMAL(38, 0))
                                   * CAST('0.0001' AS DECIMAL(5, 4)), 0) AS BIGINT)
                   AS value_usd_minor
        FROM priced
    """,
        path,
    )


def _count(con: Any, sql: str) -> int:
    row = con.execute(sql).fetchone()
    return int(row[0]) if row else 0


def load_files(
    workdir: Path,
    transactions: Path,
    *,
    trades: Path | None = None,
    goods_lines: Path | None = None,
    rates: ReferenceRates | None = None,
    timezone: str = "Asia/Shanghai",
) -> LoadedFiles:
    """Check every file, then write the canonical tables as Parquet under `workdir`.

    Raises InvalidMonitoringFile (one line: file, line or row, reason) before writing anything.
    """
    import duckdb

    if goods_lines is not None and trades is None:
        raise InvalidMonitoringFile(
            f"{goods_lines}: goods lines need the trades file they belong to (--trades)"
        )
    reference = rates or ReferenceRates.builtin()
    con = duckdb.connect()
    try:
        con.execute("SET TimeZone = 'UTC'")
        _reference_tables(con)
        raw = read_raw(
            con, "raw_transactions", transactions, REQUIRED_FILE_COLUMNS, OPTIONAL_FILE_COLUMNS
        )
        _type_transactions(con, raw, timezone)
        pairs = ["SELECT DISTINCT currency, day_no FROM typed_transactions"]
        if trades is not None:
            _type_trades(
                con, read_raw(con, "raw_trades", trades, TRADE_FILE_REQUIRED, TRADE_FILE_OPTIONAL)
            )
            pairs.append("SELECT DISTINCT currency, trade_day_no FROM typed_trades")
        if goods_lines is not None:
            _type_goods_lines(
                con,
                read_raw(
                    con, "raw_goods_lines", goods_lines, GOODS_FILE_REQUIRED, GOODS_FILE_OPTIONAL
                ),
            )
            pairs.append("SELECT DISTINCT currency, trade_day_no FROM typed_goods_lines")
        _factors(con, reference, " UNION ".join(pairs))
        workdir.mkdir(parents=True, exist_ok=True)
        tables = {
            "transactions": _write_transactions(
                con, workdir / "transactions.parquet", trades is not None
            )
        }
        if trades is not None:
            tables["trades"] = _write_trades(con, workdir / "trades.parquet")
        if goods_lines is not None:
            tables["goods_lines"] = _write_goods_lines(con, workdir / "goods_lines.parquet")
        counts = {name: _count(con, f"SELECT COUNT(*) FROM typed_{name}") for name in tables}
        without_usd = _count(
            con,
            "SELECT COUNT(*) FROM typed_transactions AS t LEFT JOIN factors AS f"
            " ON f.currency = t.currency AND f.day_no = t.day_no"
            " WHERE t.currency <> 'USD' AND f.minor IS NULL",
        )
    finally:
        con.close()
    return LoadedFiles(tables, counts, int(without_usd), reference.source)
