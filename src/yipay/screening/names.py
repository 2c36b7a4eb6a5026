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
    COMPOUND_LINKS,
    COMPOUND_TAILS,
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
_SEPARATORS = re.compile(r"[\s,;:/\\|()\[\]{}<>.!?·・•\-–—_+*#=~\"\u200c]+")  # ZWNJ: حبیب‌الله
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


# A vowel that starts a word: in Arabic script the alif/hamza (ا أ إ آ) or ayn (ع) that
# Latin renders as any vowel (Ahmad, Ibrahim, Umar, Ali) or as nothing at all. Not a vowel
# that only spells a glide before another vowel: French Ou- (Ouahid, و) or I- (Iasir, ي).
_ONSET = re.compile(r"^(?!ou[aei]|[iu][aeiou])[aeiou]")
ONSET = "'"  # the skeleton's mark of an initial vowel: "'hmd" (Ahmad, أحمد) is not "hmd" (Hamad)


def onset(token: str) -> bool:
    """Whether a token starts with a vowel (`ONSET` in its skeleton)."""
    return _ONSET.match(token) is not None


@lru_cache(maxsize=65536)
def skeleton(token: str) -> str:
    """Consonant skeleton: what Arabic script writes and Latin renderings agree on, after an
    `ONSET` mark when the token starts with a vowel (أحمد / Ahmad "'hmd", حمد / Hamad "hmd")."""
    head = ONSET if onset(token) else ""
    out = token[:-1] if len(token) > 3 and token.endswith("h") else token
    # nisba: Ahmadi is not Ahmad. Decided before "y" is dropped below, so that the Arabic
    # script's final ي ("nwry", نوري) keeps it as the Latin "Nuri" does.
    final = "y" if len(out) > 2 and out[-1] in "iy" else ""
    for old, new in _SKELETON_SUBS:
        out = out.replace(old, new)
    out = _VOWELS.sub("", out) + final
    return _DOUBLE.sub(r"\1", head + out)


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
    "الله": "allah",  # a fixed word: spelled as Latin spells it, not "al" + "lh"
}  # fmt: skip
# In Arabic script only these are titles and particles: عمر is Umar, not Mister, and عز
# (Izz, as in عز الدين) is a name, not the Latin article "az".
_ARABIC_WEAK = frozenset(_ARABIC_WORDS.values())
# Names whose reading the letters alone do not give, spelled as Latin spells them:
# - عمر is always Umar: Amr is written عمرو (with a silent و) to tell the two apart;
# - a final ى is an "a" (alif maqsura: عيسى Isa, موسى Musa) but lists and Persian also write
#   the nisba "i" with it (على, حقانى, احمدی), and fold it to ي; in these names it is the "a".
# Keys are folded (`_ARABIC_FOLD`: ى ی -> ي).
_ARABIC_VOCALISED = {
    "عمر": "umar", "عيسي": "isa", "موسي": "musa", "يحيي": "yahya", "مصطفي": "mustafa",
    "ليلي": "layla", "هدي": "huda",
}  # fmt: skip
# Word-initial letters that stand for a vowel onset (alif and hamza are folded to ا).
_ARABIC_ONSET = ("ا", "ع")
# Second words of compound names, also written joined to the first (عبدالله, نورالدين).
_ARABIC_TAILS = ("الله", "الدين", "العابدين")


def _arabic_pieces(chunk: str) -> list[str]:
    """A folded Arabic-script word, with a joined compound tail split off: نورالدين -> نور الدين."""
    chunk = chunk.translate(_ARABIC_FOLD)
    chunk = "".join(c for c in chunk if not unicodedata.combining(c))
    for tail in _ARABIC_TAILS:
        if chunk.endswith(tail) and len(chunk) - len(tail) >= 2:
            return [chunk[: -len(tail)], tail]
    return [chunk]


def _split_native(text: str, script: str) -> tuple[list[str], list[str]]:
    """Latin tokens of a non-Latin name, and for Han/Hangul the native token behind each
    (characters, not their readings, tell 高市 from 高石). Legal forms come back marked."""
    native: list[str] = []
    latin: list[str] = []
    chunks = [c for c in _SEPARATORS.split(text) if c]
    if script == "arabic":
        chunks = [p for c in chunks for p in _arabic_pieces(c)]
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
        latin.extend(_arabic_word(chunk) if script == "arabic" else [anyascii(chunk).lower()])
    return native, latin


def _arabic_word(chunk: str) -> list[str]:
    """Latin tokens of one folded Arabic-script word: a known word as Latin spells it, else
    a leading عبد / ابو / ال split off and the rest transliterated."""
    if chunk in _ARABIC_WORDS:
        return [_ARABIC_WORDS[chunk]]
    out: list[str] = []
    for prefix, word in (("عبد", "abd"), ("ابو", "abu"), ("ال", "al")):
        if chunk.startswith(prefix) and len(chunk) > len(prefix) + 1:
            out.append(word)
            chunk = chunk[len(prefix) :]
            if chunk.startswith("ال") and len(chunk) > 3:
                chunk = chunk[2:]
            break
    if chunk in _ARABIC_VOCALISED:
        return [*out, _ARABIC_VOCALISED[chunk]]
    # A leading alif/hamza or ayn is the vowel Latin starts the name with (أحمد Ahmad, علي
    # Ali, إبراهيم Ibrahim, عمر Umar): written "a", whichever vowel it is, so that the token
    # has an onset (`skeleton`, `onset`) and the matcher takes it for any initial vowel.
    # Elsewhere ا is a long vowel Latin writes too (عادل Adil); a medial ع Latin often drops.
    head = "a" if chunk[:1] in _ARABIC_ONSET and len(chunk) > 1 else ""
    chunk = chunk[len(head) :]
    return [*out, head + anyascii(chunk.replace("ا", "a")).lower()]


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


_TAIL_WORDS: dict[str, str] = {
    w: tail for tail, (words, _) in COMPOUND_TAILS.items() for w in words
}
_TAIL_ENDINGS = sorted(
    ((end, tail) for tail, (_, ends) in COMPOUND_TAILS.items() for end in ends),
    key=lambda p: -len(p[0]),
)
_NO_HEAD = ARTICLES | COMPOUND_LINKS | PATRONYMIC | HONORIFICS | STOPWORDS
_ARABIC_ARTICLES = frozenset({"al"})
_ARABIC_NO_HEAD = _ARABIC_WEAK | PATRONYMIC


@lru_cache(maxsize=65536)
def fold_compound(tok: str) -> str:
    """A compound written as one word, as `_fuse` writes it: Nureddin -> nurdin, Habibollah ->
    habiballah. Not on its own ("Uddin", a surname too) nor after Abd/Abu (`_fuse` does those).
    The matcher applies it to two tokens it runs together: Nasir Uddin / Nasiruddin."""
    if not tok.startswith(("abd", "abu")):
        for end, tail in _TAIL_ENDINGS:
            if tok.endswith(end) and len(tok) - len(end) >= 3:
                return tok[: -len(end)] + tail
    return tok


def _compound_tail(toks: list[str], j: int, links: frozenset[str]) -> tuple[str, int]:
    """The fixed second word of a compound name at toks[j], after a linking "al"/"ud"/"ed" if
    any (Allah needs none: Habib Allah), and how many tokens it takes; ("", 0) if none."""
    linked = j + 1 < len(toks) and toks[j] in links
    k = j + 1 if linked else j
    tail = _TAIL_WORDS.get(toks[k], "") if k < len(toks) else ""
    if tail and (linked or tail == "allah"):
        return tail, k - j + 1
    return "", 0


def _fuse(toks: list[str], *, arabic: bool = False) -> list[str]:
    """Compound names become one token, however written: Abd al-Rahman / Abdul Rahman /
    Abdulrahman -> abdrahman; Abu Bakr -> abubakr; Abd Allah / Abdullah -> abdallah; Nur
    al-Din / Nur ud-Din / Nureddin -> nurdin; Habib Allah / Habibollah -> habiballah."""
    # Arabic script writes one article, ال; its other words only look like Latin particles
    # (عز "az" is Izz, not the article).
    articles = _ARABIC_ARTICLES if arabic else ARTICLES
    links = articles if arabic else ARTICLES | COMPOUND_LINKS
    no_head = _ARABIC_NO_HEAD if arabic else _NO_HEAD
    out: list[str] = []
    i = 0
    while i < len(toks):
        tok = CANONICAL.get(toks[i], toks[i])
        nxt = toks[i + 1] if i + 1 < len(toks) else ""
        if tok in {"abd", *ABD_PREFIXES} or tok in ABU:
            j = i + 1
            if nxt in articles and j + 1 < len(toks):
                j += 1
            if j < len(toks) and toks[j] not in PATRONYMIC:
                head = "abu" if tok in ABU else "abd"
                name = CANONICAL.get(toks[j], toks[j]).removeprefix("al")
                if head == "abd" and _TAIL_WORDS.get(toks[j]) == "allah":
                    name = "allah"  # Abd Allah, Abdul Ullah: the name Abdallah
                out.append(CANONICAL.get(head + name, head + name))
                i = j + 1
                continue
        if tok.isalpha() and tok not in no_head:
            tail, used = _compound_tail(toks, i + 1, links)
            if tail:
                out.append(tok + tail)
                i += 1 + used
                continue
        for prefix in ABD_PREFIXES:
            if tok.startswith(prefix) and len(tok) >= len(prefix) + 3 and tok != "abdallah":
                tok = "abd" + tok[len(prefix) :]
                break
        else:
            tok = fold_compound(tok)
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
    arabic = script == "arabic"
    raw = _fuse(raw, arabic=arabic)
    strong: list[str] = []
    weak: list[str] = list(legal)
    patronyms: set[int] = set()
    family: set[int] = set()
    after_bin = False
    for pos, tok in enumerate(raw):
        if (tok in ARTICLES or tok in HONORIFICS or tok in STOPWORDS) and (
            not arabic or tok in _ARABIC_WEAK
        ):
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
