"""Payer ↔ buyer name similarity across scripts and transliterations (pure, cached).

A local, smaller cousin of the screening matcher: matching and screening are siblings in the layer
contract and may not import each other. Names are transliterated to ASCII (anyascii: 王伟 → WangWei,
Иванов → Ivanov, محمد → mhmd), folded, stripped of titles, legal forms and linking words, and
compared token-order-free, run together (Wang Wei / WANGWEI) and as consonant skeletons (Arabic
renderings differ mostly in vowels: Mohamed / Muhammad).
"""

from __future__ import annotations

import re
from functools import lru_cache

from anyascii import anyascii
from rapidfuzz import fuzz, process

_NON_WORD = re.compile(r"[^a-z0-9]+")
_APOSTROPHES = re.compile(r"['`\u2018\u2019\u02bb\u02bc\u02be\u02bf]")
_VOWELS = re.compile(r"[aeiouwy]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_ARABIC_MARKS = re.compile(r"[\u064b-\u065f\u0670\u0640]")
#: company words, in Arabic and Persian script, that say nothing about who pays
_ARABIC_NOISE_WORDS = (
    "مؤسسة مؤسسه شركة شركه شرکت التجارية التجاريه للتجارة تجارة التجارة تجارتی تجاری "
    "للاستيراد والتصدير الاستيراد التصدير ذ.م.م م.م.ح ش.ذ.م.م المحدودة العامة"
)
_ARABIC_NOISE = frozenset(_ARABIC_NOISE_WORDS.split())
_DOUBLE = re.compile(r"(.)\1+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_NOISE_WORDS = (
    "mr mrs ms miss dr sir madam haji hajj sheikh shaikh al el bin ibn bint abu de da del la le "
    "van von der the and of co company corp corporation inc incorporated ltd limited llc plc "
    "gmbh sarl sa sas srl spa bv nv ag fze fzco fzc fz llp pte pty trading trade import export "
    "impex international intl group holding holdings enterprise enterprises ooo oao zao ip "
    "est establishment general tic ve sti as ob"
)
_NOISE = frozenset(_NOISE_WORDS.split())


def _fold_arabic(name: str) -> str:
    """Drop vowel marks, company words and the article (ال, لل) before transliterating."""
    words = []
    for word in _ARABIC_MARKS.sub("", name).split():
        if word in _ARABIC_NOISE:
            continue
        for article in ("لل", "ال"):
            if word.startswith(article) and len(word) > len(article) + 2:
                word = word[len(article) :]  # noqa: PLW2901
                break
        words.append(word)
    return " ".join(words) or name


@lru_cache(maxsize=262_144)
def name_tokens(name: str) -> tuple[str, ...]:
    """Significant ASCII tokens of a name, in order."""
    if _ARABIC.search(name):
        name = _fold_arabic(name)
    latin = _APOSTROPHES.sub("", _CAMEL.sub(" ", anyascii(name)))
    tokens = [t for t in _NON_WORD.split(latin.lower()) if t]
    kept = tuple(t for t in tokens if t not in _NOISE)
    return kept or tuple(tokens)


def _skeleton(token: str) -> str:
    """Consonants as Arabic script writes them: Zahra / الزهرة (zhrh) → zhr."""
    stem = token[:-1] if len(token) > 3 and token.endswith("h") else token
    return _DOUBLE.sub(r"\1", _VOWELS.sub("", stem)) or token


@lru_cache(maxsize=262_144)
def _form(name: str) -> tuple[int, str, str, str]:
    """(tokens, sorted tokens, run together, sorted skeletons) of a name, built once."""
    tokens = name_tokens(name)
    return (
        len(tokens),
        " ".join(sorted(tokens)),
        "".join(tokens),
        " ".join(sorted(_skeleton(t) for t in tokens)),
    )


@lru_cache(maxsize=262_144)
def name_similarity(a: str, b: str) -> float:
    """Similarity of two names in [0, 1]; 1.0 for the same name written differently."""
    na, sa, ja, ka = _form(a)
    nb, sb, jb, kb = _form(b)
    if not na or not nb:
        return 0.0
    if sa == sb:
        return 1.0
    best = max(fuzz.ratio(sa, sb), fuzz.ratio(ja, jb), 0.95 * fuzz.ratio(ka, kb))
    if min(na, nb) >= 2:
        best = max(best, fuzz.token_set_ratio(sa, sb))
    return round(best / 100.0, 4)


def may_reach(payers: list[str], buyers: list[str], floor: float) -> list[list[bool]]:
    """For every (payer, buyer) pair, whether `name_similarity` may reach `floor`: False only when
    none of its ratios can (each one computed with that cut-off, in one call per ratio)."""
    if floor <= 0:
        return [[True] * len(buyers) for _ in payers]
    cut = floor * 100 - 1  # a ratio below the cut-off comes back as 0
    forms_a = [_form(a) for a in payers]
    forms_b = [_form(b) for b in buyers]
    sorted_a, sorted_b = [f[1] for f in forms_a], [f[1] for f in forms_b]
    hits = None
    for left, right, scorer, bar in (
        (sorted_a, sorted_b, fuzz.ratio, cut),
        ([f[2] for f in forms_a], [f[2] for f in forms_b], fuzz.ratio, cut),
        ([f[3] for f in forms_a], [f[3] for f in forms_b], fuzz.ratio, cut / 0.95),
        (sorted_a, sorted_b, fuzz.token_set_ratio, cut),
    ):
        scores = process.cdist(left, right, scorer=scorer, score_cutoff=bar)
        hits = scores > 0 if hits is None else hits | (scores > 0)
    assert hits is not None
    result: list[list[bool]] = hits.tolist()
    return result


def mentions(text: str, name: str) -> bool:
    """Whether every significant token of `name` appears in `text` ("… O/B AHMED ALI")."""
    tokens = name_tokens(name)
    if not tokens or not text:
        return False
    words = set(name_tokens(text))
    return all(t in words for t in tokens)
