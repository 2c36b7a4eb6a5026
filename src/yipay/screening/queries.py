"""The CSV shapes of `yipay screen names` and `yipay screen pairs` (pure: text in, rows out).

Q.csv: `query_id,name[,kind][,country][,birth_date]`; PAIRS.csv: `pair_id,name_a,name_b[,kind]`.
Other columns (a `label`, say) are ignored. Every problem is one line naming the row.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from yipay.core.errors import InvalidInput
from yipay.screening.lists import KINDS

_BIRTH = re.compile(r"^[0-9]{4}(-[0-9]{2}-[0-9]{2})?$")
_COUNTRY = re.compile(r"^[A-Za-z]{2}$")


class InvalidQueries(InvalidInput):
    code = "screening_input_invalid"


@dataclass(frozen=True, slots=True)
class NameQuery:
    query_id: str
    name: str
    kind: str | None = None
    country: str | None = None
    birth_date: str | None = None


@dataclass(frozen=True, slots=True)
class NamePair:
    pair_id: str
    name_a: str
    name_b: str
    kind: str | None = None


def _rows(text: str, name: str, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in required if c not in header]
    if missing:
        raise InvalidQueries(f"{name}: the header needs {', '.join(missing)}")
    rows = []
    try:
        for number, row in enumerate(reader, start=2):
            if None in row:
                raise InvalidQueries(f"{name} line {number}: more fields than the header")
            rows.append((number, {k.strip(): (v or "").strip() for k, v in row.items() if k}))
    except csv.Error as exc:
        raise InvalidQueries(f"{name}: not CSV ({exc})") from None
    return rows


def _kind(value: str, where: str) -> str | None:
    if not value:
        return None
    if value not in KINDS:
        raise InvalidQueries(f"{where}: kind must be one of {', '.join(KINDS)}, got {value!r}")
    return value


def threshold(value: float | None, configured: float | None = None) -> float:
    """The caller's threshold, else the configured one, else the matcher's default."""
    from yipay.screening.matcher import DEFAULT_THRESHOLD

    if value is None:
        return DEFAULT_THRESHOLD if configured is None else configured
    if not 0.0 <= value <= 1.0:
        raise InvalidQueries(f"threshold must lie in [0, 1], got {value}")
    return value


def name_query(
    where: str,
    query_id: str,
    name: str,
    kind: str = "",
    country: str = "",
    birth_date: str = "",
) -> NameQuery:
    """One query checked field by field: the CSV rows and the API's JSON items alike."""
    if not query_id:
        raise InvalidQueries(f"{where}: query_id is empty")
    if country and not _COUNTRY.match(country):
        raise InvalidQueries(f"{where}: country must be ISO 3166 alpha-2, got {country!r}")
    if birth_date and not _BIRTH.match(birth_date):
        raise InvalidQueries(f"{where}: birth_date must be YYYY or YYYY-MM-DD, got {birth_date!r}")
    return NameQuery(
        query_id, name, _kind(kind, where), country.upper() or None, birth_date or None
    )


def name_pair(where: str, pair_id: str, name_a: str, name_b: str, kind: str = "") -> NamePair:
    if not pair_id:
        raise InvalidQueries(f"{where}: pair_id is empty")
    return NamePair(pair_id, name_a, name_b, _kind(kind, where))


def unique_ids(queries: list[NameQuery], name: str) -> list[NameQuery]:
    seen: set[str] = set()
    for q in queries:
        if q.query_id in seen:
            raise InvalidQueries(f"{name}: query_id {q.query_id!r} appears twice")
        seen.add(q.query_id)
    return queries


def parse_queries(text: str, *, name: str) -> list[NameQuery]:
    queries = [
        name_query(
            f"{name} line {number}",
            row["query_id"],
            row["name"],
            row.get("kind", ""),
            row.get("country", ""),
            row.get("birth_date", ""),
        )
        for number, row in _rows(text, name, ("query_id", "name"))
    ]
    return unique_ids(queries, name)


def parse_pairs(text: str, *, name: str) -> list[NamePair]:
    return [
        name_pair(
            f"{name} line {number}",
            row["pair_id"],
            row["name_a"],
            row["name_b"],
            row.get("kind", ""),
        )
        for number, row in _rows(text, name, ("pair_id", "name_a", "name_b"))
    ]
