"""Score how likely two names denote the same party: weighted, versioned features (pure).

The score is built to catch the listed party and spare the honest trader:
- every strong token of the *shorter* name must find a close partner in the longer one — a
  single unmatched given name ("KIM SOK JIN" / "KIM SOK CHOL") sinks the score, while a typo
  ("Scholze" / "Scholz") or a transliteration ("Mohamed" / "Muhammad") does not;
- extra tokens of the *longer* name cost little for people (dropped middle names) and more for
  organisations ("Deutsche Bank Trust" is not "Deutsche Bank");
- tokens are compared by spelling, by phonetic key, and — across scripts — by consonant
  skeleton; Chinese/Korean characters are compared as characters when both sides have them;
- titles, legal forms and particles never create a match; a legal-form clash lowers it;
- a common given name (Muhammad, Ahmad, Ali ...: each in over 2% of listed person names)
  identifies little, so a match resting on it and one other name, while the longer name has
  more, is thin evidence; an Arabic name whose given name is unmatched and whose father's
  name is the other's given name names the son, not the father;
- what else is known (kind, country, birth year, a weak alias) adjusts the score afterwards.

Every `Score` says which features contributed and carries `MATCHER_VERSION`; change the
version whenever a weight or feature changes, so stored hits and saved indexes are traceable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz.distance import OSA, Indel

from yipay.screening.names import (
    ONSET,
    NameForm,
    fold_compound,
    normalize,
    onset,
    ortho,
    phonetic,
    skeleton,
    vowel_pattern,
)
from yipay.screening.variants import COMMON_GIVEN, GENERIC, LEGAL_FAMILY, LEGAL_WORDS

MATCHER_VERSION = "names-4"
# Chosen on the frozen sets (bench/screening.py, sweep of 0.70-0.86): with names-2 the lowest
# threshold at which no origin of the innocents exceeds 1% false positives is 0.79 (at 0.78
# arabic-script has 2 of 180); 0.80 keeps one hundredth of margin above that edge at almost
# the same cost: variant recall 0.971 (0.972 at 0.79), dev-pairs F1 0.850 (0.853 at 0.79).
# names-3 (compound names as one token, the nisba ي kept in the skeleton, عمر no longer the
# title "mr") at 0.80: variant recall 0.971, dev F1 0.850, innocents 0.15% overall, at most
# 1 of 180 per origin (arabic-script, persian-script, persian-latin; near-miss 1 of 250);
# not re-swept below 0.80.
# names-4 (a word-initial alif/ayn is a vowel onset, "'" in the skeleton: علي = Ali, احمدی is
# not Hammadi; عمر = Umar not Amr; final-ى names such as عيسى Isa; two-consonant names capped
# at 0.85 across scripts; crossed given names under a known order are two relatives), swept
# 0.74-0.86: at 0.77-0.78 arabic-script has 3 of 180, from 0.79 every origin is at or under
# 1 of 180 (0.56%); 0.80 keeps the hundredth of margin: variant recall 0.971 (0.972 at 0.79),
# dev F1 0.850 (0.853 at 0.79), innocents 0.15% overall (4 of 2590).
DEFAULT_THRESHOLD = 0.80

MATCHED = 0.80  # a token pair at or above this counts as the same token
INITIAL_SIM = 0.70
PHONETIC_SIM = 0.85
SKELETON_SIM = 0.92
VOWEL_CLASH_SIM = 0.75  # Latin vowels that the Arabic-script spelling rules out
# A match resting on a common given name (Muhammad, Ali ...) and one other name, while the
# longer name has more, loses this share of its score. 0.1 is the smallest cost that keeps the
# frozen innocents at <= 1% in every origin; from 0.2 on, Latin drop-middle variants
# ("AHMAD Faraj" for "AHMAD, Najmuddin Faraj") are lost (bench/screening.py).
COMMON_NAME_COST = 0.10
NASAB_SHIFT = -0.3  # a son taken for his father: as heavy as a patronym clash


@dataclass(frozen=True, slots=True)
class Score:
    value: float
    features: dict[str, float] = field(default_factory=dict)
    matcher_version: str = MATCHER_VERSION

    def describe(self) -> str:
        parts = ", ".join(f"{k}={v:+.3f}" if k != "names" else f"{k}={v:.3f}" for k, v in
                          self.features.items())  # fmt: skip
        return f"{self.value:.3f} [{parts}] ({self.matcher_version})"


def _ratio(a: str, b: str) -> float:
    return float(Indel.normalized_similarity(a, b))


def _edit(a: str, b: str) -> float:
    """1 - edits/length (a transposition is one edit): one slip in a 5-letter token is 0.8,
    in a 4-letter token 0.75 — short tokens that differ are usually different names."""
    return float(OSA.normalized_similarity(a, b))


def _vowel_cap(arabic: str, latin: str) -> float:
    """The most an Arabic-script token and a Latin one with the same consonants can be alike,
    by the vowels the Latin writes:
    - every long vowel the Arabic writes must appear in the Latin: محمود is Mahmud, not
      Muhammad — another name (0.75);
    - a long ā after the first of three consonants is the fāʿil pattern (ناصر Nāṣir, جابر
      Jābir), which has a vowel before its last consonant: Nasir, Nasser; a Latin "Nasr" with
      none there is the name نصر. Only alike in sound (0.85), since the Arabic spelling of a
      foreign name (كارل Karl) has that shape too.
    An initial alif or ayn (the token's onset "a") stands for whichever vowel the Latin starts
    with, so it asks for one there but not for an "a": عمر Umar, إبراهيم Ibrahim."""
    initial = onset(arabic)
    (cons_a, gaps_a), (cons_l, gaps_l) = vowel_pattern(arabic[initial:]), vowel_pattern(latin)
    if cons_a != cons_l:
        return 1.0
    if initial and not gaps_l[0]:
        return VOWEL_CLASH_SIM
    if any(not ga <= gl for ga, gl in zip(gaps_a, gaps_l, strict=False)):
        return VOWEL_CLASH_SIM
    if len(cons_a) == 3 and gaps_a[1] == {"a"} and not gaps_a[2] and not gaps_l[2]:
        return PHONETIC_SIM
    return 1.0


def _cross_arabic(ta: str, tb: str, a_is_arabic: bool, sim: float) -> float:
    """Arabic script against Latin: vowels are absent on one side, so compare skeletons, and
    require the Latin vowels to fit what the Arabic writes (`_vowel_cap`)."""
    sa, sb = skeleton(ta), skeleton(tb)
    sim = max(sim, SKELETON_SIM * _edit(sa, sb) if sa and sb else 0.0)
    return min(sim, _vowel_cap(*((ta, tb) if a_is_arabic else (tb, ta))))


def _script_cap(ta: str, tb: str, a_is_arabic: bool) -> float:
    """The most the same letters can be alike across scripts (`_vowel_cap`, `_few_letters_cap`)."""
    return min(_vowel_cap(*((ta, tb) if a_is_arabic else (tb, ta))), _few_letters_cap(ta, tb))


def _few_letters_cap(ta: str, tb: str) -> float:
    """Across scripts, a name of two consonants (علي Ali, عمر Umar, عباس Abbas) is only alike
    in sound (0.85), however its Latin spelling comes out: the few letters that Arabic
    script writes of it fit other names too (Ela, Eli)."""
    if _consonants(skeleton(ta)) <= 2 or _consonants(skeleton(tb)) <= 2:
        return PHONETIC_SIM
    return 1.0


def _consonants(skel: str) -> int:
    """How many consonants a skeleton has (its `ONSET` mark is none)."""
    return len(skel) - skel.startswith(ONSET)


def _sounds_alike(ta: str, tb: str, sim: float) -> float:
    """Same-script Latin: a shared skeleton or metaphone lifts a close spelling."""
    sa, sb = skeleton(ta), skeleton(tb)
    if sa == sb and _consonants(sa) >= 3 and ta[0] == tb[0]:
        sim = max(sim, PHONETIC_SIM)
    pa, pb = phonetic(ta), phonetic(tb)
    if pa == pb and len(pa) >= 3:
        sim = max(sim, PHONETIC_SIM)
    return sim


def token_similarity(a: NameForm, i: int, b: NameForm, j: int) -> float:
    """How alike token i of `a` and token j of `b` are, in [0, 1]."""
    if a.native and b.native and a.script == b.script:
        return _ratio(a.native[i], b.native[j])  # characters, not readings
    return _token_sim(a.tokens[i], a.script, b.tokens[j], b.script)


@lru_cache(maxsize=262144)
def _token_sim(ta: str, script_a: str, tb: str, script_b: str) -> float:
    """Token similarity from the tokens and their scripts alone (so it can be cached: the
    same given names recur across queries and list entries)."""
    cross_arabic = (script_a == "arabic") != (script_b == "arabic")
    if ta == tb:  # the same letters may still be two names across scripts: ناصر "nasr"/Nasr
        return _script_cap(ta, tb, script_a == "arabic") if cross_arabic else 1.0
    if len(ta) == 1 or len(tb) == 1:
        return INITIAL_SIM if ta[0] == tb[0] and not (ta.isdigit() or tb.isdigit()) else 0.0
    if ta.isdigit() or tb.isdigit():
        return 0.0
    sim = max(_edit(ta, tb), _edit(ortho(ta), ortho(tb)) - 0.03)
    cjk = {"han", "hangul"}
    if (script_a in cjk) != (script_b in cjk):
        return sim * 0.8  # one side read from characters: a different letter, another name
    if sim < 0.95:
        if cross_arabic:
            sim = _cross_arabic(ta, tb, script_a == "arabic", sim)
        elif script_a == "arabic":
            sim *= 0.9  # no vowels written: one letter apart is another name
        elif sim >= 0.7:
            sim = _sounds_alike(ta, tb, sim)
    if cross_arabic:
        sim = min(sim, _few_letters_cap(ta, tb))
    if ta[0] != tb[0] and not (cross_arabic and onset(ta) and onset(tb)):
        sim -= 0.05  # slips rarely hit the first letter; an Arabic onset is any vowel
    for head in ("abd", "abu"):  # Abdul Rahman is not Rahman, Abu Bakr is not Bakr
        if ta.startswith(head) != tb.startswith(head) and max(len(ta), len(tb)) > 4:
            sim *= 0.7
    return max(0.0, sim)


_ROMAN = re.compile(r"^(?=[ivxlc]{1,5}$)c{0,3}(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")


def _weight(form: NameForm, i: int, kind: str | None) -> float:
    """Initials, numbers and generic company words identify less than a name does."""
    tok = form.tokens[i]
    if len(tok) == 1 or tok.isdigit():
        return 0.4
    if kind != "person" and (_ROMAN.match(tok) or tok in LEGAL_WORDS):
        return 0.4
    if tok in GENERIC and kind != "person":
        return 0.6
    return 1.0 if len(tok) > 2 or form.native else 0.7


def _align(a: NameForm, b: NameForm) -> list[tuple[float, int, tuple[int, ...]]]:
    """Greedy one-to-one alignment of tokens by similarity, best pairs first. A token of the
    shorter name `a` may also align with two adjacent tokens of `b` run together (Liming /
    Li Ming, Kyonghyok / Kyong Hyok), a compound folded as `normalize` folds its one-word
    spelling (Nasiruddin -> nasirdin / Nasir Uddin)."""
    pairs: list[tuple[float, int, tuple[int, ...]]] = [
        (token_similarity(a, i, b, j), i, (j,))
        for i in range(len(a.tokens))
        for j in range(len(b.tokens))
    ]
    if len(b.tokens) > len(a.tokens) and not (a.native and b.native):
        pairs.extend(
            (sim, i, (j, j + 1))
            for i, tok in enumerate(a.tokens)
            for j in range(len(b.tokens) - 1)
            for merged in (
                fold_compound(b.tokens[j] + b.tokens[j + 1]),
                b.tokens[j + 1] + b.tokens[j],
            )
            if abs(len(merged) - len(tok)) <= 2 and (sim := _edit(tok, merged)) >= MATCHED
        )
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    used_a: set[int] = set()
    used_b: set[int] = set()
    out: list[tuple[float, int, tuple[int, ...]]] = []
    for sim, i, js in pairs:
        if sim > 0.0 and i not in used_a and not used_b.intersection(js):
            used_a.add(i)
            used_b.update(js)
            out.append((sim, i, js))
    return out


def _order(a: NameForm, b: NameForm) -> tuple[NameForm, NameForm]:
    """Shorter name first; a fixed order for equal lengths makes the score symmetric."""
    key_a = (len(a.tokens), a.tokens, a.text)
    key_b = (len(b.tokens), b.tokens, b.text)
    return (a, b) if key_a <= key_b else (b, a)


def score_forms(a: NameForm, b: NameForm, kind: str | None = None) -> Score:
    """Score two normalised names (no context: kind only sets the weights)."""
    if a.empty or b.empty:
        return Score(0.0, {"empty": 0.0})
    short, long_ = _order(a, b)
    aligned = _align(short, long_)
    s_sim = dict.fromkeys(range(len(short.tokens)), 0.0)
    l_sim = dict.fromkeys(range(len(long_.tokens)), 0.0)
    for sim, i, js in aligned:
        s_sim[i] = sim
        for j in js:
            l_sim[j] = sim
    s_w = {i: _weight(short, i, kind) for i in s_sim}
    l_w = {j: _weight(long_, j, kind) for j in l_sim}
    cover = sum(s_w[i] * s_sim[i] for i in s_sim) / sum(s_w.values())
    features: dict[str, float] = {"names": cover}
    value = cover
    # unmatched or poorly matched strong tokens of the shorter name: heavy
    miss = sum(
        s_w[i] * (MATCHED - s) + 0.05
        for i, s in s_sim.items()
        if s < MATCHED and (s_w[i] >= 0.7 or short.tokens[i].isalpha())
    )
    if miss:
        features["short_unmatched"] = -min(value, 1.2 * miss)
    # tokens of the longer name nobody matched: light for people, heavier for organisations
    extra = sum(max(l_w[j], 0.8) if l_w[j] == 0.6 else l_w[j] for j, s in l_sim.items() if s < 0.5)
    per = {"person": 0.05, "organization": 0.3, "vessel": 0.3, "aircraft": 0.3}.get(
        kind or "", 0.08
    )
    if extra:
        features["long_unmatched"] = -per * extra
    if len(short.tokens) == 1 and extra:
        features["single_token"] = -0.25 * value
    value = cover + sum(v for k, v in features.items() if k != "names")
    # split or run-together names: SiemensAG / Siemens AG, Liming / Li Ming
    joined = _ratio(short.joined, long_.joined) if short.joined and long_.joined else 0.0
    if (
        joined >= 0.92
        and len(short.tokens) <= 3
        and len(short.tokens) != len(long_.tokens)
        and joined - 0.05 > value
    ):
        features["joined"] = joined - 0.05 - value
        value = joined - 0.05
    # contradictions that no spelling explains
    if short.patronyms and long_.patronyms:  # X bin Y vs Y bin X: father and son swapped
        firm = [
            (i in short.patronyms, js[0] in long_.patronyms) for s, i, js in aligned if s >= MATCHED
        ]
        if (True, False) in firm and (False, True) in firm:
            features["patronym_clash"] = -0.3
    if extra and kind not in {"organization", "vessel", "aircraft"}:
        features.update(_thin_evidence(short, long_, aligned, s_w, l_sim, value))
    fam_s = {LEGAL_FAMILY.get(f, f) for f in short.legal}
    fam_l = {LEGAL_FAMILY.get(f, f) for f in long_.legal}
    if fam_s and fam_l and not fam_s & fam_l:
        features["legal_form_clash"] = -0.15
    for key in ("common_name", "nasab_shift", "patronym_clash", "legal_form_clash"):
        value += features.get(key, 0.0)
    return Score(min(1.0, max(0.0, value)), features)


def _thin_evidence(
    short: NameForm,
    long_: NameForm,
    aligned: list[tuple[float, int, tuple[int, ...]]],
    s_w: dict[int, float],
    l_sim: dict[int, float],
    value: float,
) -> dict[str, float]:
    """Penalties for a person's name that the longer name only partly covers."""
    out: dict[str, float] = {}
    firm = [(i, js) for s, i, js in aligned if s >= MATCHED]
    # what matched is a common given name plus at most one name that identifies:
    # "Muhammad Nasr" is thin evidence for "NASR, Muhammad Sayyah"
    common = [
        i
        for i, js in firm
        if short.tokens[i] in COMMON_GIVEN or any(long_.tokens[j] in COMMON_GIVEN for j in js)
    ]
    rest = sum(s_w[i] for i, _ in firm if i not in common)
    if common and rest <= 1.0 and len(short.tokens) > 1:
        out["common_name"] = -COMMON_NAME_COST * value
    # Arabic names run given name, father's name, then grandfather's or family name: when the
    # shorter name's given name is the longer one's second name and the longer one's own given
    # name is unmatched, they name son and father ("Mahmud Muhammad Jabir" is Mahmud, son of
    # Muhammad Jabir). Only where the order is known: Arabic script on one side at least.
    # Likewise, when each name's given name is only a later name of the other ("UMAR, Ahmed"
    # is Ahmed [son of] Umar; عمر أحمد is Umar son of Ahmad), they name two relatives.
    if "arabic" in {short.script, long_.script} and _given_first(short) and _given_first(long_):
        shifted = l_sim[0] < 0.5 and (0, (1,)) in firm
        crossed = any(i == 0 and 0 not in js for i, js in firm) and any(
            i != 0 and 0 in js for i, js in firm
        )
        if shifted or crossed:
            out["nasab_shift"] = NASAB_SHIFT
    return out


def _given_first(form: NameForm) -> bool:
    """Whether the given name is known to come first: Arabic script is written given name
    first, and a "FAMILY, Given" name was turned given-first by `normalize`."""
    return form.script == "arabic" or bool(form.family)


def compare(name_a: str, name_b: str, kind: str | None = None) -> Score:
    """Score two raw names: the `yipay screen pairs` entry point."""
    return score_forms(normalize(name_a), normalize(name_b), kind)


def adjust(
    base: Score,
    *,
    query_kind: str | None,
    entry_kind: str,
    query_country: str | None,
    entry_countries: tuple[str, ...],
    query_birth: str | None,
    entry_births: tuple[str, ...],
    weak_alias: bool,
) -> Score:
    """Move a name score by what else both sides state; silence on either side changes nothing."""
    features = dict(base.features)
    value = base.value
    pair = {query_kind, entry_kind}
    if pair == {"person", "organization"} or (
        query_kind == "person" and entry_kind in {"vessel", "aircraft"}
    ):
        features["kind_mismatch"] = -0.15
    if query_country and entry_countries:
        features["country"] = 0.03 if query_country.upper() in entry_countries else -0.05
    if query_birth and entry_births:
        year = query_birth[:4]
        if query_birth in entry_births:
            features["birth_date"] = 0.08
        elif any(abs(int(year) - int(b[:4])) <= 1 for b in entry_births if b[:4].isdigit()):
            features["birth_date"] = 0.05
        elif year.isdigit():
            features["birth_date"] = -0.15
    if weak_alias:  # a nickname many share: only a (near) exact hit counts
        features["weak_alias"] = -0.1 if base.value >= 0.99 else -0.2
    for key in ("kind_mismatch", "country", "birth_date", "weak_alias"):
        value += features.get(key, 0.0)
    return Score(min(1.0, max(0.0, value)), features, base.matcher_version)
