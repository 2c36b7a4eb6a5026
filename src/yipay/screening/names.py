"""Name normalisation for screening: one `NameForm` per name, built once (pure).

A name arrives in any script and any convention ("LAST, Given", Arabic without vowels,
Chinese characters or run-together pinyin, a company with its legal form). The matcher
compares `NameForm`s, never raw strings, so that every difference that does not change who is
named (case, accents, punctuation, token order, titles, legal forms, transliteration) is gone
before scoring and every difference that does (a different given name) remains.

Token kinds:
- strong tokens identify (`tokens`); each has a phonetic key (metaphone) and a consonant
  skeleton, because Arabic and Persian are written without short vowels and their Latin
  renderings differ mostly in vowels (Muhammad / Mohamed: skeleton "mhmd");
- weak tokens (titles, legal forms, linking words, Arabic articles) never create a match but
  may confirm one (`weak`, `legal`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import jellyfish
from anyascii import anyascii

from yipay.screening.variants import (
    ABD_PREFIXES,
    ABU,
    ARTICLES,
    CANONICAL,
    CHINESE_COMPOUND_SURNAMES,
    HAN_HONORIFICS,
    HAN_LEGAL_FORMS,
    HONORIFICS,
    KOREAN_FOLD,
    LEGAL_FORMS,
    PATRONYMIC,
    STOPWORDS,
)

_QUOTES = str.maketrans(dict.fromkeys('‘’‛′`´ʻʼʿʾ“”„‟″«»"״', "'"))
_ARABIC_FOLD = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي", "ی": "ي",
     "ک": "ك", "ـ": None}
)  # fmt: skip
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t"})
_ABBREV = re.compile(r"\b(?:[^\W\d_]\.){2,}(?:[^\W\d_]\b\.?)?")
_SEPARATORS = re.compile(r"[\s,;:/\\|()\[\]{}<>.!?·・•\-–—_+*#=~\"]+")
_SKELETON_SUBS = (
    ("sch", "s"), ("dj", "j"), ("kh", "k"), ("gh", "g"), ("ph", "f"), ("th", "t"), ("dh", "d"),
    ("sh", "s"), ("ch", "s"), ("zh", "j"), ("ck", "k"), ("q", "k"), ("c", "k"), ("x", "ks"),
    ("v", "f"), ("p", "b"), ("w", ""), ("y", ""), ("'", ""),
)  # fmt: skip
_VOWELS = re.compile(r"[aeiou]")
_DOUBLE = re.compile(r"(.)\1+")


_SCRIPT_RANGES = (
    (0x4E00, 0x9FFF, "han"), (0x3400, 0x4DBF, "han"), (0xAC00, 0xD7AF, "hangul"),
    (0x1100, 0x11FF, "hangul"), (0x3040, 0x30FF, "kana"), (0x0600, 0x06FF, "arabic"),
    (0x0750, 0x077F, "arabic"), (0xFB50, 0xFEFF, "arabic"), (0x0400, 0x052F, "cyrillic"),
    (0x0370, 0x03FF, "greek"),
)  # fmt: skip


def _script_of(ch: str) -> str:
    code = ord(ch)
    for low, high, script in _SCRIPT_RANGES:
        if low <= code <= high:
            return script
    return "latin" if ch.isascii() or code < 0x0250 else "other"


def script_of(text: str) -> str:
    """The dominant non-Latin script of a name, else "latin"."""
    counts: dict[str, int] = {}
    for ch in text:
        if ch.isalpha():
            s = _script_of(ch)
            counts[s] = counts.get(s, 0) + 1
    others = {k: v for k, v in counts.items() if k != "latin"}
    return max(others, key=lambda k: others[k]) if others else "latin"


@lru_cache(maxsize=65536)
def skeleton(token: str) -> str:
    """Consonant skeleton: what Arabic script writes and Latin renderings agree on."""
    out = token[:-1] if len(token) > 3 and token.endswith("h") else token
    for old, new in _SKELETON_SUBS:
        out = out.replace(old, new)
    final = "y" if len(out) > 2 and out[-1] in "iy" else ""  # nisba: Ahmadi is not Ahmad
    out = _VOWELS.sub("", out) + final
    return _DOUBLE.sub(r"\1", out)


_VOWEL_CLASS = {"a": "a", "e": "ai", "o": "u", "u": "u", "w": "u", "i": "i", "y": "i"}


@lru_cache(maxsize=65536)
def vowel_pattern(token: str) -> tuple[str, tuple[frozenset[str], ...]]:
    """Consonants and the vowel classes (a/u/i) between them. Arabic script writes only long
    vowels, so each vowel it writes must appear in the Latin spelling: محمود (m-h-m-U-d) is
    Mahmud, not Muhammad (m-U-h-A-m-A-d) though both skeletons are "mhmd"."""
    out = token[:-1] if len(token) > 3 and token.endswith("h") else token
    for old, new in _SKELETON_SUBS:
        if old not in {"w", "y"}:
            out = out.replace(old, new)
    consonants: list[str] = []
    gaps: list[set[str]] = [set()]
    for ch in out:
        if ch in _VOWEL_CLASS:
            gaps[-1].update(_VOWEL_CLASS[ch])
        elif consonants and consonants[-1] == ch and not gaps[-1]:
            continue
        else:
            consonants.append(ch)
            gaps.append(set())
    return "".join(consonants), tuple(frozenset(g) for g in gaps)


_ORTHO = (("dj", "j"), ("ck", "k"), ("q", "k"), ("ph", "f"), ("ou", "u"), ("oo", "u"),
          ("ee", "i"), ("y", "i"))  # fmt: skip


@lru_cache(maxsize=65536)
def ortho(token: str) -> str:
    """A spelling key for Latin variants of one sound: Haq/Hak, Yasir/Iasir, Hassan/Hasan."""
    out = token
    for old, new in _ORTHO:
        out = out.replace(old, new)
    return _DOUBLE.sub(r"\1", out)


@lru_cache(maxsize=65536)
def phonetic(token: str) -> str:
    """Metaphone, keeping a final i (Ahmadi / Ahmad) that metaphone drops."""
    if not token.isalpha():
        return token
    key = jellyfish.metaphone(token).lower() or token
    return key + "y" if len(token) > 3 and token[-1] in "iy" else key


def _cjk_tokens(run: str, script: str, *, whole: bool) -> list[tuple[str, str]]:
    """A run of Han or Hangul characters as (native, pinyin) tokens: surname + given name
    (joined), as lists spell them; `whole` keeps a transliterated foreign name in one piece."""
    for form in sorted(HAN_HONORIFICS, key=len, reverse=True):
        run = run.removesuffix(form)

    def latin(chars: str) -> str:
        out = "".join(anyascii(ch).lower() for ch in chars)
        if script == "hangul":
            for old, new in KOREAN_FOLD:
                out = out.replace(old, new)
        return out

    if not run:
        return []
    if whole or not 2 <= len(run) <= 4:
        return [(run, latin(run))]
    cut = 2 if run[:2] in CHINESE_COMPOUND_SURNAMES or len(run) == 4 else 1
    return [(run[:cut], latin(run[:cut])), (run[cut:], latin(run[cut:]))]


_ARABIC_WORDS = {
    "بن": "bin", "ابن": "ibn", "بنت": "bint", "ال": "al", "ابو": "abu", "عبد": "abd",
    # titles, so that they stay weak as their Latin spellings are (الشيخ محمد = Sheikh Muhammad)
    "شيخ": "shaykh", "الشيخ": "shaykh", "حاج": "haji", "الحاج": "haji", "حاجي": "haji",
    "ملا": "mullah", "الملا": "mullah", "مولوي": "mawlawi", "امام": "imam", "الامام": "imam",
    "قاري": "qari", "دكتور": "dr", "الدكتور": "dr",
}  # fmt: skip


def _split_native(text: str, script: str) -> tuple[list[str], list[str]]:
    """Latin tokens of a non-Latin name, and for Han/Hangul the native token behind each
    (characters, not their readings, tell 高市 from 高石). Legal forms come back marked."""
    native: list[str] = []
    latin: list[str] = []
    chunks = [c for c in _SEPARATORS.split(text) if c]
    cjk = [c for c in chunks if any(_script_of(ch) in {"han", "hangul"} for ch in c)]
    for piece in chunks:
        chunk = piece
        if chunk in cjk:
            trailing: list[str] = []
            stripped = True
            while stripped:
                stripped = False
                for form in sorted(HAN_LEGAL_FORMS, key=len, reverse=True):
                    if chunk.endswith(form) and len(chunk) > len(form):
                        trailing.insert(0, HAN_LEGAL_FORMS[form])
                        chunk = chunk[: -len(form)]
                        stripped = True
            for nat, lat in _cjk_tokens(chunk, script, whole=len(cjk) > 1 or bool(trailing)):
                native.append(nat)
                latin.append(lat)
            latin.extend(f"\x00{form}" for form in trailing)  # marked legal forms
            continue
        if script == "arabic":
            chunk = chunk.translate(_ARABIC_FOLD)
            chunk = "".join(c for c in chunk if not unicodedata.combining(c))
            if chunk in _ARABIC_WORDS:
                latin.append(_ARABIC_WORDS[chunk])
                continue
            for prefix, word in (("عبد", "abd"), ("ابو", "abu"), ("ال", "al")):
                if chunk.startswith(prefix) and len(chunk) > len(prefix) + 1:
                    latin.append(word)
                    chunk = chunk[len(prefix) :]
                    if chunk.startswith("ال") and len(chunk) > 3:
                        chunk = chunk[2:]
                    break
        if script == "arabic":
            chunk = chunk[:1] + chunk[1:].replace("ا", "a")  # a long vowel Latin writes too
        latin.append(anyascii(chunk).lower())
    return native, latin


def _ascii_tokens(text: str) -> list[str]:
    text = _ABBREV.sub(lambda m: m.group(0).replace(".", ""), text)
    text = text.replace("&", " and ")
    out: list[str] = []
    for raw in _SEPARATORS.split(text):
        tok = raw.strip("'")
        if not tok:
            continue
        tok = anyascii(tok).lower().replace("'", "").replace("`", "")
        if any(c.isdigit() for c in tok) and sum(c.isalpha() for c in tok) >= 2:
            tok = tok.translate(_LEET)
        out.extend(t for t in re.split(r"[^a-z0-9\x00]+", tok) if t)
    return out


@dataclass(frozen=True, slots=True)
class NameForm:
    """A name, normalised once. `tokens` are strong (identifying) tokens in the written
    order; `weak` the titles, particles and legal forms; `legal` the canonical legal forms."""

    text: str
    script: str
    tokens: tuple[str, ...]
    weak: tuple[str, ...]
    legal: frozenset[str]
    native: tuple[str, ...]  # same-script tokens for Han/Hangul/Arabic/Cyrillic names
    phonetics: tuple[str, ...]
    skeletons: tuple[str, ...]
    patronyms: frozenset[int]  # indices of tokens that follow bin/ibn/ben
    family: frozenset[int]  # indices of the family-name tokens when written "LAST, Given"
    joined: str  # strong tokens run together, in order: FridrichBuchenberg, Liming

    @property
    def empty(self) -> bool:
        return not self.tokens


def _canonical(tok: str) -> str:
    tok = CANONICAL.get(tok, tok)
    for suffix, repl in (("iy", "i"), ("yy", "y"), ("ij", "i"), ("ej", "ei"), ("ey", "ei")):
        if len(tok) > 4 and tok.endswith(suffix):
            return CANONICAL.get(tok[: -len(suffix)] + repl, tok[: -len(suffix)] + repl)
    return tok


def _peel_legal(toks: list[str]) -> tuple[list[str], list[str]]:
    """Legal forms at either end of a name (repeatedly): OOO X, X Co., Ltd., X S.A. de C.V."""
    legal: list[str] = []
    changed = True
    while changed and toks:
        changed = False
        for size in (5, 4, 3, 2, 1):
            if len(toks) <= size:
                continue
            if (form := LEGAL_FORMS.get(tuple(toks[-size:]))) is not None:
                legal.append(form)
                del toks[-size:]
                changed = True
                break
            if (form := LEGAL_FORMS.get(tuple(toks[:size]))) is not None:
                legal.append(form)
                del toks[:size]
                changed = True
                break
    return toks, legal


def _fuse(toks: list[str]) -> list[str]:
    """Abd al-Rahman / Abdul Rahman / Abdulrahman -> abdrahman; Abu Bakr -> abubakr."""
    out: list[str] = []
    i = 0
    while i < len(toks):
        tok = CANONICAL.get(toks[i], toks[i])
        nxt = toks[i + 1] if i + 1 < len(toks) else ""
        if tok in {"abd", *ABD_PREFIXES} or tok in ABU:
            j = i + 1
            if nxt in ARTICLES and j + 1 < len(toks):
                j += 1
            if j < len(toks) and toks[j] not in PATRONYMIC:
                head = "abu" if tok in ABU else "abd"
                out.append(head + CANONICAL.get(toks[j], toks[j]).removeprefix("al"))
                i = j + 1
                continue
        for prefix in ABD_PREFIXES:
            if tok.startswith(prefix) and len(tok) >= len(prefix) + 3 and tok != "abdallah":
                tok = "abd" + tok[len(prefix) :]
                break
        out.append(tok)
        i += 1
    return out


@lru_cache(maxsize=32768)
def normalize(text: str) -> NameForm:
    """Build the `NameForm` of a name (cached: list names and repeat payers recur)."""
    clean = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    clean = " ".join(clean.split())
    script = script_of(clean)
    family_count = 0
    if script in {"latin", "cyrillic", "greek"} and clean.count(",") == 1:
        head, tail = clean.split(",", 1)
        tail_tokens = _ascii_tokens(tail)
        if tail_tokens and not LEGAL_FORMS.get(tuple(tail_tokens)):
            family_count = len(_ascii_tokens(head))
    native: list[str] = []
    if script in {"latin", "other", "greek", "kana"}:
        raw = _ascii_tokens(clean)
    else:
        native, raw = _split_native(clean, script)
        raw = [t for tok in raw for t in ([tok] if tok.startswith("\x00") else _ascii_tokens(tok))]
        if script in {"han", "hangul"} and len(native) != len([t for t in raw if t[0] != "\x00"]):
            native = []
    marked = [t[1:] for t in raw if t.startswith("\x00")]
    raw = [t for t in raw if not t.startswith("\x00")]
    raw, legal = _peel_legal(raw)
    legal += marked
    if 0 < family_count < len(raw):  # "LUQMAN, Abu" fuses like "Abu Luqman"
        raw = raw[family_count:] + raw[:family_count]
        family_count = -family_count
    raw = _fuse(raw)
    strong: list[str] = []
    weak: list[str] = list(legal)
    patronyms: set[int] = set()
    family: set[int] = set()
    after_bin = False
    for pos, tok in enumerate(raw):
        if tok in HONORIFICS or tok in STOPWORDS or tok in ARTICLES:
            weak.append(tok)
            continue
        if tok in PATRONYMIC:
            weak.append(tok)
            after_bin = True
            continue
        if after_bin:
            patronyms.add(len(strong))
            after_bin = False
        if family_count < 0 and pos >= len(raw) + family_count:
            family.add(len(strong))
        strong.append(_canonical(tok))
    if not strong and weak:  # a name made only of "weak" words is still that name
        strong, weak = [t for t in raw if t not in legal], list(legal)
    return NameForm(
        text=text,
        script=script,
        tokens=tuple(strong),
        weak=tuple(weak),
        legal=frozenset(legal),
        native=tuple(native) if len(native) == len(strong) else (),
        phonetics=tuple(phonetic(t) for t in strong),
        skeletons=tuple(skeleton(t) for t in strong),
        patronyms=frozenset(patronyms),
        family=frozenset(family),
        joined="".join(strong),
    )
