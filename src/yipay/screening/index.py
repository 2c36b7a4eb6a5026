"""A name index over list entries: fast candidate retrieval, then the matcher scores (pure).

Retrieval is an inverted index from keys of every listed name — each strong token, its
phonetic key, its consonant skeleton, and the whole name run together — to the names that
have them. A query collects candidates through its own keys, weighted by rarity (a shared
"MUHAMMAD" says little, a shared "BADEGE" a lot), and only the best few candidates are scored
by `matcher.score_forms`; so a query against ~20k listed names scores a few dozen of them.

`save`/`load` write one pickle (protocol 5) of plain tuples behind a header that names the
format and `MATCHER_VERSION`; a file of another version is refused, so a changed matcher never
runs against keys it did not build. Only load index files this system wrote.
"""

from __future__ import annotations

import math
import pickle
from dataclasses import dataclass
from pathlib import Path

from yipay.screening.lists import ListEntry
from yipay.screening.matcher import (
    DEFAULT_THRESHOLD,
    MATCHER_VERSION,
    Score,
    adjust,
    score_forms,
)
from yipay.screening.names import NameForm, normalize

FORMAT = "yipay-name-index/2"
CANDIDATES = 16  # names scored per query, best retrieval weight first
COMMON = 0.02  # a key shared by more than this share of names only re-ranks, never recruits


class IndexVersionError(ValueError):
    """The index file was written by another matcher version or is not an index."""


@dataclass(frozen=True, slots=True)
class Hit:
    source: str
    entry_id: str
    entry_name: str
    matched_name: str
    score: float
    explanation: str
    matcher_version: str = MATCHER_VERSION


# entry: (source, entry_id, kind, primary name, countries, birth dates)
_Entry = tuple[str, str, str, str, tuple[str, ...], tuple[str, ...]]
# name: (entry index, text, weak alias?)
_Name = tuple[int, str, bool]


def _keys(form: NameForm) -> set[str]:
    keys: set[str] = set()
    for tok, ph, sk in zip(form.tokens, form.phonetics, form.skeletons, strict=True):
        keys.add("t" + tok)
        if len(ph) >= 2:
            keys.add("p" + ph)
        if len(sk) >= 3:
            keys.add("s" + sk)
        if len(tok) >= 5:  # typo-tolerant: a slip rarely hits both ends
            keys.add("<" + tok[:4])
            keys.add(">" + tok[-4:])
    for nat in form.native:
        keys.add("n" + nat)
    if len(form.tokens) > 1:
        keys.add("j" + "".join(form.tokens))
        keys.add("j" + "".join(sorted(form.tokens)))
        keys.add("j" + "".join(form.tokens[1:] + form.tokens[:1]))
    return keys


def _form_tuple(form: NameForm) -> tuple[object, ...]:
    return tuple(getattr(form, f) for f in NameForm.__slots__)


class NameIndex:
    def __init__(
        self,
        entries: list[_Entry],
        names: list[_Name],
        forms: list[tuple[object, ...]],
        postings: dict[str, tuple[int, ...]],
        bics: dict[str, int] | None = None,
    ) -> None:
        self._entries = entries
        self._names = names
        self._form_tuples = forms
        self._forms: dict[int, NameForm] = {}
        self._postings = postings
        self._n = max(1, len(names))
        self._bics = bics or {}
        self._sets: dict[str, frozenset[int]] = {}  # common keys' postings, built when first met

    # -- building and persistence -------------------------------------------------------------
    @classmethod
    def build(cls, entries: list[ListEntry]) -> NameIndex:
        rows: list[_Entry] = []
        names: list[_Name] = []
        forms: list[tuple[object, ...]] = []
        postings: dict[str, list[int]] = {}
        bics: dict[str, int] = {}
        for entry in entries:
            e = len(rows)
            for bic in entry.bics:
                bics.setdefault(bic, e)
            rows.append(
                (entry.source, entry.entry_id, entry.kind, entry.primary_name,
                 tuple(c.upper() for c in entry.countries), entry.birth_dates)
            )  # fmt: skip
            seen: set[str] = set()
            for name in entry.names:
                if not name.text.strip() or name.text in seen:
                    continue
                seen.add(name.text)
                form = normalize(name.text)
                if form.empty:
                    continue
                n = len(names)
                names.append((e, name.text, name.strength == "weak"))
                forms.append(_form_tuple(form))
                for key in _keys(form):
                    postings.setdefault(key, []).append(n)
        return cls(rows, names, forms, {k: tuple(v) for k, v in postings.items()}, bics)

    def save(self, path: Path) -> None:
        body = (self._entries, self._names, self._form_tuples, self._postings, self._bics)
        header = {"format": FORMAT, "matcher_version": MATCHER_VERSION}
        with path.open("wb") as f:
            pickle.dump((header, body), f, protocol=5)

    @classmethod
    def load(cls, path: Path) -> NameIndex:
        with path.open("rb") as f:
            try:
                header, body = pickle.load(f)  # noqa: S301 - our own index files only
            except (pickle.UnpicklingError, ValueError, EOFError, TypeError) as exc:
                raise IndexVersionError(f"{path} is not a name index") from exc
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            raise IndexVersionError(f"{path} is not a name index")
        if header.get("matcher_version") != MATCHER_VERSION:
            raise IndexVersionError(
                f"{path} was built by matcher {header.get('matcher_version')}, "
                f"this is {MATCHER_VERSION}: rebuild it"
            )
        entries, names, forms, postings, bics = body
        return cls(entries, names, forms, postings, bics)

    def __len__(self) -> int:
        return len(self._names)

    # -- searching ----------------------------------------------------------------------------
    def bank(self, bic: str | None) -> Hit | None:
        """The list entry of a listed bank, by any of its BICs (branch codes included)."""
        if not bic or len(bic) < 8:
            return None
        e = self._bics.get(bic[:8].upper())
        if e is None:
            return None
        source, entry_id, _, name, _, _ = self._entries[e]
        return Hit(source, entry_id, name, bic.upper(), 1.0, f"listed bank BIC {bic[:8].upper()}")

    def _form(self, n: int) -> NameForm:
        form = self._forms.get(n)
        if form is None:
            form = NameForm(*self._form_tuples[n])  # type: ignore[arg-type]
            self._forms[n] = form
        return form

    def _members(self, key: str) -> frozenset[int]:
        found = self._sets.get(key)
        if found is None:
            found = self._sets[key] = frozenset(self._postings[key])
        return found

    def candidates(self, form: NameForm, limit: int = CANDIDATES) -> list[int]:
        """Listed names sharing the rarest keys with the query, best first."""
        weights: dict[int, float] = {}
        keyed = sorted(
            ((len(self._postings.get(k, ())), k) for k in _keys(form)), key=lambda p: p[0]
        )
        common = max(50, int(COMMON * self._n))
        for df, key in keyed:
            if df == 0:
                continue
            idf = math.log(self._n / df)
            if df > common and weights:
                members = self._members(key)  # re-rank the few recruited, never walk the many
                for n in weights:
                    if n in members:
                        weights[n] += idf
                continue
            for n in self._postings[key]:
                weights[n] = weights.get(n, 0.0) + idf
        best = sorted(weights.items(), key=lambda p: -p[1])[:limit]
        if not best:
            return []
        floor = 0.4 * best[0][1]
        return [n for n, w in best if w >= floor]

    def search(
        self,
        name: str,
        *,
        kind: str | None = None,
        country: str | None = None,
        birth_date: str | None = None,
        threshold: float | None = None,
        limit: int = 5,
    ) -> list[Hit]:
        """Entries whose best name scores at or above the threshold, best first."""
        form = normalize(name)
        if form.empty:
            return []
        cut = DEFAULT_THRESHOLD if threshold is None else threshold
        best: dict[int, tuple[Score, int]] = {}
        for n in self.candidates(form):
            e, _, weak = self._names[n]
            entry = self._entries[e]
            if best.get(e, (None, 0))[0] is not None and best[e][0].value >= 1.0:
                continue
            q_kind = kind if kind and kind != "unknown" else None
            base = score_forms(form, self._form(n), q_kind or entry[2])
            if base.value < cut - 0.2:  # context moves a score by at most +0.11
                continue
            score = adjust(
                base,
                query_kind=q_kind,
                entry_kind=entry[2],
                query_country=country,
                entry_countries=entry[4],
                query_birth=birth_date,
                entry_births=entry[5],
                weak_alias=weak,
            )
            if score.value >= cut and (e not in best or score.value > best[e][0].value):
                best[e] = (score, n)
        ranked = sorted(best.items(), key=lambda p: (-p[1][0].value, p[0]))[:limit]
        return [
            Hit(
                source=self._entries[e][0],
                entry_id=self._entries[e][1],
                entry_name=self._entries[e][3],
                matched_name=self._names[n][1],
                score=round(score.value, 4),
                explanation=score.describe(),
            )
            for e, (score, n) in ranked
        ]
