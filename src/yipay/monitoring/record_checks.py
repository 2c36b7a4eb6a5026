"""Checks of external-file records as SQL: each bad value named with its line, one line per file.

The typed tables of `loading` carry the parsed values next to the text they came from; the
CASE branches built here name the first problem of a row, cheap tests first so that valid rows
(nearly all of them) cost little, and the first bad row by position becomes the one error line.
"""

from __future__ import annotations

import re
from typing import Any

from yipay.monitoring.errors import InvalidMonitoringFile
from yipay.monitoring.files import RawTable

MAX_MINOR = 10**15  # larger amounts are typing errors, and would overflow integer arithmetic
TS_NAIVE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?"
TS_ZONED = TS_NAIVE + r"([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)"
DATE = "[0-9]{4}-[0-9]{2}-[0-9]{2}"
DECIMAL = r"[0-9]+(\.[0-9]+)?"


def quoted(column: str) -> str:
    """A value quoted for a message, cut short."""
    quote = "''''"  # SQL for a string holding one single quote
    return f"{quote} || left({column}, 40) || {quote}"


def when(condition: str, message: str, **values: str) -> str:
    """A CASE branch naming a row's problem; each {name} in `message` is the SQL `values[name]`."""
    parts = re.split(r"\{(\w+)\}", message)
    pieces = [
        values[part] if odd else "'" + part.replace("'", "''") + "'"
        for odd, part in ((i % 2 == 1, part) for i, part in enumerate(parts))
        if odd or part
    ]
    return f"WHEN {condition} THEN {' || '.join(pieces)}"


def trimmed(column: str, *, upper: bool = False) -> str:
    value = f"upper(trim({column}))" if upper else f"trim({column})"
    return f"NULLIF({value}, '') AS {column}"


def decimals(text: str) -> str:
    """SQL: how many decimals a plain decimal text has, trailing zeros not counted."""
    return (
        f"CASE WHEN strpos({text}, '.') = 0 THEN 0"
        f" ELSE length(rtrim({text}, '0')) - strpos({text}, '.') END"
    )


def units(text: str, exponent: str, scale: str, places: int) -> str:
    """SQL: a plain decimal text as an integer count of 10^-exponent units, exactly; NULL when it
    is not a plain decimal, has more than `18 - places` integer digits or more decimals than
    `exponent` (at most `places`; `scale` is 10^exponent). DECIMAL(18, places) keeps the
    arithmetic in 64 bits."""
    digits = 18 - places
    return (
        f"CASE WHEN regexp_full_match({text}, '0*[0-9]{{1,{digits}}}(\\.[0-9]+)?')"
        f" AND {decimals(text)} <= {exponent}"
        f" THEN CAST(TRY_CAST({text} AS DECIMAL(18, {places})) * {10**places} AS BIGINT)"
        f" // ({10**places} // {scale}) END"
    )


def amount_checks(
    text: str, name: str, units: str = "minor", int_digits: int = 14, places: int | None = None
) -> list[str]:
    """CASE branches for an amount in a currency; the cheap test first, so valid rows pay little.

    The typed row has `currency_text`, `currency` (NULL if unknown), `exponent` and `units`;
    `places` fixes the decimals allowed whatever the currency (unit prices: 6).
    """
    value = quoted(text)
    too_precise = (
        f"{name} {{v}} has more than {places} decimals"
        if places is not None
        else f"{name} {{v}} has more decimals than {{c}} allows ({{e}})"
    )
    return [
        when(f"{text} IS NULL", f"{name} is empty"),
        when(f"{units} IS NULL AND {text} LIKE '-%'", f"{name} must be positive"),
        when(
            f"{units} IS NULL AND NOT regexp_full_match({text}, '{DECIMAL}')",
            f"{name} {{v}} is not a plain decimal number (like 1234.50)",
            v=value,
        ),
        when("currency_text IS NULL", "currency is empty"),
        when(
            "currency IS NULL",
            "unknown currency {c} (not an ISO 4217 code with minor units)",
            c=quoted("currency_text"),
        ),
        when(
            f"{units} IS NULL AND length(ltrim(split_part({text}, '.', 1), '0')) > {int_digits}",
            f"{name} {{v}} is too large",
            v=value,
        ),
        when(
            f"{units} IS NULL",
            too_precise,
            v=value,
            c="currency",
            e="CAST(exponent AS VARCHAR)",
        ),
        when(f"{units} >= {MAX_MINOR}", f"{name} {{v}} is too large", v=value),
        when(f"{units} = 0", f"{name} must be positive"),
    ]


def country_check(column: str) -> str:
    return when(
        f"{column} IS NOT NULL AND {column} NOT IN (SELECT code FROM countries)",
        f"{column} {{v}} is not an ISO 3166 alpha-2 country code",
        v=quoted(column),
    )


def date_checks(text: str, parsed: str, *, required: bool) -> list[str]:
    empty = [when(f"{text} IS NULL", f"{text} is empty")] if required else []
    invalid = when(
        f"{text} IS NOT NULL AND {parsed} IS NULL",
        f"{text} {{v}} is not an ISO 8601 date (YYYY-MM-DD)",
        v=quoted(text),
    )
    return [*empty, invalid]


def whole_check(text: str, name: str) -> str:
    return when(
        f"{name} IS NULL OR {name} = 0",
        f"{name} {{v}} is not a positive whole number",
        v=f"coalesce({quoted(text)}, '(empty)')",
    )


def date_day_no(text: str) -> str:
    """SQL: an ISO date text as days since 1970-01-01, NULL when it is not one."""
    return (
        f"CASE WHEN regexp_full_match({text}, '{DATE}')"
        f" THEN CAST(TRY_CAST({text} AS DATE) - DATE '1970-01-01' AS INTEGER) END"
    )


def first_error(con: Any, typed: str, branches: list[str]) -> tuple[int, str] | None:
    """The first record (by position) that a CASE branch rejects, with the reason."""
    found = con.execute(
        f"SELECT line, reason FROM (SELECT line, CASE {' '.join(branches)} END AS reason"
        f" FROM {typed}) WHERE reason IS NOT NULL ORDER BY line LIMIT 1"
    ).fetchone()
    return (int(found[0]), str(found[1])) if found else None


def first_repeat(
    con: Any, raw: RawTable, typed: str, keys: tuple[str, ...]
) -> tuple[int, str] | None:
    """The first record whose key an earlier record already had."""
    on = " AND ".join(f"t.{k} = d.{k}" for k in keys)
    cols = ", ".join(keys)
    found = con.execute(
        f"WITH d AS (SELECT {cols}, MIN(line) AS first FROM {typed} GROUP BY {cols}"
        f" HAVING COUNT(*) > 1) SELECT t.line, d.first, {', '.join(f't.{k}' for k in keys)}"
        f" FROM {typed} AS t JOIN d ON {on} WHERE t.line > d.first ORDER BY t.line LIMIT 1"
    ).fetchone()
    if not found:
        return None
    line, first, *values = found
    shown = ", ".join(f"{k} {v!r}" for k, v in zip(keys, values, strict=True))
    return int(line), f"{shown} appears twice (first at {raw.where} {int(first)})"


def raise_first(raw: RawTable, *problems: tuple[int, str] | None) -> None:
    found = sorted(p for p in problems if p is not None)
    if found:
        line, reason = found[0]
        raise InvalidMonitoringFile(f"{raw.path} {raw.where} {line}: {reason}")
