"""The partner bank's rates file: `base,quote,bid,ask,source,as_of`, one row per pair and time."""

from __future__ import annotations

import csv
import io

from yipay.core.clock import parse_instant
from yipay.core.errors import YipayError
from yipay.fx.domain import Rate
from yipay.fx.errors import InvalidRate

COLUMNS = ("base", "quote", "bid", "ask", "source", "as_of")


def parse_rates_csv(text: str, *, name: str = "rates") -> list[Rate]:
    """All rows or none: the first bad row raises with its line number."""
    reader = csv.DictReader(io.StringIO(text))
    header = tuple(h.strip() for h in (reader.fieldnames or ()))
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise InvalidRate(
            f"{name}: missing columns {', '.join(missing)} (need {','.join(COLUMNS)})"
        )
    rates = []
    for line, row in enumerate(reader, start=2):
        try:
            rates.append(
                Rate(
                    base=(row["base"] or "").strip(),
                    quote=(row["quote"] or "").strip(),
                    bid=(row["bid"] or "").strip(),  # type: ignore[arg-type]  # validated in Rate
                    ask=(row["ask"] or "").strip(),  # type: ignore[arg-type]
                    source=(row["source"] or "").strip() or "unknown",
                    as_of=parse_instant(row["as_of"] or ""),
                )
            )
        except YipayError as exc:
            raise InvalidRate(f"{name} line {line}: {exc}") from None
    if not rates:
        raise InvalidRate(f"{name}: no rates in the file")
    return rates
