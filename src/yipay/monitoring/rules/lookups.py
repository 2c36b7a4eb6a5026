"""The small lookup tables trade rules join: goods keywords per HS chapter, jurisdictions.

They ship as package data (CSV; lines starting with `#` document the file) and an operator may
pass a file of their own instead. Each is validated whole (one clear line for the first fault)
and written as Parquet, so a runner registers it next to `transactions` like any other table:
`goods_keywords(chapter, language, keyword, needle, head)`, `high_risk_countries(country, kind)` and
`third_party_hubs(country)`.

`needle` is what to look for in remittance text that `spaced_words` cleaned (lower-case, digits
and punctuation as single spaces, one space padding each side): a whole word with its spaces
`' toys '`, a stem with its leading space `' juguete'` (keyword `juguete*`), or the bare keyword
`'玩具'`, found anywhere, for scripts that do not separate words the way the rule needs
(Chinese, Japanese, Thai; Arabic, which prefixes the article to the word). Rules find it with
POSITION, a plain substring search on every engine (a LIKE with a pattern from a column makes
Spark compile a regular expression per row). `head` is the needle's first word, spaced the same
way: a rule may look for heads in single words first, then for the whole needle in the texts
whose words matched.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from yipay.core.errors import InvalidInput
from yipay.monitoring.rules.collections_sql import SEPARATORS

KEYWORDS_FILE = "goods_keywords.csv"
COUNTRIES_FILE = "high_risk_countries.csv"
HUBS_FILE = "third_party_hubs.csv"
ANYWHERE_LANGUAGES = frozenset({"ar", "ja", "th", "zh"})
COUNTRY_KINDS = frozenset({"sanctioned", "high_risk", "offshore"})
_FORBIDDEN = frozenset(SEPARATORS)
_CHAPTER = re.compile(r"\d{2}")
_LANGUAGE = re.compile(r"[a-z]{2}")
_COUNTRY = re.compile(r"[A-Z]{2}")
MIN_STEM = 3


class LookupTableError(InvalidInput):
    """A lookup file is malformed; nothing was written."""

    code = "invalid_lookup_table"


@dataclass(frozen=True, slots=True)
class GoodsKeyword:
    chapter: str
    language: str
    keyword: str

    @property
    def needle(self) -> str:
        if self.language in ANYWHERE_LANGUAGES:
            return self.keyword.removesuffix("*")
        if self.keyword.endswith("*"):
            return f" {self.keyword[:-1]}"
        return f" {self.keyword} "

    @property
    def head(self) -> str:
        first, space, _ = self.keyword.removesuffix("*").partition(" ")
        if not space:
            return self.needle
        return f"{first} " if self.language in ANYWHERE_LANGUAGES else f" {first} "


@dataclass(frozen=True, slots=True)
class RiskCountry:
    country: str
    kind: str


def _rows(text: str, source: str, header: tuple[str, ...]) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) of each data row, after checking the header; comments skipped."""
    seen_header = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in next(csv.reader([line]))]
        if not seen_header:
            if tuple(cells) != header:
                raise LookupTableError(
                    f"{source}: line {number}: header must be {','.join(header)}"
                )
            seen_header = True
            continue
        if len(cells) != len(header):
            raise LookupTableError(f"{source}: line {number}: expected {len(header)} columns")
        yield number, cells
    if not seen_header:
        raise LookupTableError(f"{source}: no header line {','.join(header)}")


def _text(source: Path | None, packaged: str) -> tuple[str, str]:
    if source is None:
        return resources.files(__package__).joinpath(packaged).read_text("utf-8"), packaged
    try:
        return source.read_text("utf-8"), str(source)
    except (OSError, UnicodeDecodeError) as error:
        raise LookupTableError(f"{source}: cannot read: {error}") from error


def _keyword_problem(keyword: str) -> str | None:
    stem = keyword.removesuffix("*")
    bad = "".join(sorted(set(stem) & _FORBIDDEN))
    checks = (
        (not stem, "empty keyword"),
        (keyword != keyword.lower(), f"keyword {keyword!r} must be lower-case"),
        ("*" in stem, f"keyword {keyword!r}: * may only end a stem"),
        (bool(bad), f"keyword {keyword!r} holds {bad!r}, which the text never keeps"),
        (
            stem != stem.strip() or "  " in stem,
            f"keyword {keyword!r}: words are separated by one space",
        ),
        (
            keyword.endswith("*") and len(stem) < MIN_STEM,
            f"stem {keyword!r} is shorter than {MIN_STEM} letters",
        ),
    )
    return next((message for failed, message in checks if failed), None)


def goods_keywords(source: Path | None = None) -> list[GoodsKeyword]:
    """The keyword file (packaged unless `source` is given), validated."""
    text, name = _text(source, KEYWORDS_FILE)
    found: list[GoodsKeyword] = []
    seen: set[tuple[str, str, str]] = set()
    for number, (chapter, language, keyword) in _rows(
        text, name, ("chapter", "language", "keyword")
    ):
        where = f"{name}: line {number}"
        if not _CHAPTER.fullmatch(chapter):
            raise LookupTableError(f"{where}: chapter {chapter!r} is not two digits")
        if not _LANGUAGE.fullmatch(language):
            raise LookupTableError(f"{where}: language {language!r} is not an ISO 639-1 code")
        problem = _keyword_problem(keyword)
        if problem:
            raise LookupTableError(f"{where}: {problem}")
        if (chapter, language, keyword) in seen:
            raise LookupTableError(f"{where}: {chapter},{language},{keyword} is listed twice")
        seen.add((chapter, language, keyword))
        found.append(GoodsKeyword(chapter, language, keyword))
    if not found:
        raise LookupTableError(f"{name}: no keywords")
    return found


def high_risk_countries(source: Path | None = None) -> list[RiskCountry]:
    """The jurisdiction file (packaged unless `source` is given), validated."""
    text, name = _text(source, COUNTRIES_FILE)
    found: list[RiskCountry] = []
    for number, (country, kind) in _rows(text, name, ("country", "kind")):
        where = f"{name}: line {number}"
        if not _COUNTRY.fullmatch(country):
            raise LookupTableError(f"{where}: {country!r} is not an ISO 3166 alpha-2 code")
        if kind not in COUNTRY_KINDS:
            raise LookupTableError(
                f"{where}: kind {kind!r} is not one of {', '.join(sorted(COUNTRY_KINDS))}"
            )
        entry = RiskCountry(country, kind)
        if entry in found:
            raise LookupTableError(f"{where}: {country},{kind} is listed twice")
        found.append(entry)
    return found


def third_party_hubs(source: Path | None = None) -> list[str]:
    """The trade-hub file (packaged unless `source` is given), validated."""
    text, name = _text(source, HUBS_FILE)
    found: list[str] = []
    for number, (country,) in _rows(text, name, ("country",)):
        where = f"{name}: line {number}"
        if not _COUNTRY.fullmatch(country):
            raise LookupTableError(f"{where}: {country!r} is not an ISO 3166 alpha-2 code")
        if country in found:
            raise LookupTableError(f"{where}: {country} is listed twice")
        found.append(country)
    return found


def upper_trim(text: str | None) -> str | None:
    """The SQL's `UPPER(TRIM(text))` as the engines compute it: only spaces trimmed, then
    upper-cased (identical for the ASCII of country codes), NULL for NULL."""
    return None if text is None else text.strip(" ").upper()


def digest(rows: Iterable[object]) -> str:
    """A short digest of a lookup table's rows: profiles chosen under another table are stale."""
    text = "\n".join(sorted(repr(row) for row in rows))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _write(path: Path, columns: Mapping[str, list[str]]) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(name, pa.string()) for name in columns])
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pydict(dict(columns), schema=schema), path)
    return path


def write_goods_keywords(path: Path, source: Path | None = None) -> Path:
    rows = goods_keywords(source)
    return _write(
        path,
        {
            "chapter": [r.chapter for r in rows],
            "language": [r.language for r in rows],
            "keyword": [r.keyword for r in rows],
            "needle": [r.needle for r in rows],
            "head": [r.head for r in rows],
        },
    )


def write_high_risk_countries(path: Path, source: Path | None = None) -> Path:
    rows = high_risk_countries(source)
    return _write(path, {"country": [r.country for r in rows], "kind": [r.kind for r in rows]})


def write_third_party_hubs(path: Path, source: Path | None = None) -> Path:
    return _write(path, {"country": third_party_hubs(source)})


# What a runner registers before the trade rules run: table name → writer of its Parquet file.
LOOKUP_TABLES: Mapping[str, Callable[[Path], Path]] = {
    "goods_keywords": write_goods_keywords,
    "high_risk_countries": write_high_risk_countries,
    "third_party_hubs": write_third_party_hubs,
}


def write_lookup_tables(directory: Path) -> dict[str, Path]:
    """Every lookup table as `<directory>/<table>.parquet`, from the packaged files."""
    return {name: write(directory / f"{name}.parquet") for name, write in LOOKUP_TABLES.items()}
