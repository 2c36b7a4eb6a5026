"""Document numbers in remittance text: invoice, order, declaration and waybill numbers (pure).

Payers type a reference as they please: `INV-2026-000124`, `INV2026000124`, `inv 2026 124`,
`INV-2026-000142` (two digits swapped). All of those name the same invoice. A *different* digit
never does: shops number invoices sequentially, so INV-2026-000125 is the next trade, not a typo.

A reference is turned into a few *keys*; a text into the keys of its runs of words. Two strings
match when they share a key, so a lookup is a set intersection, not a pairwise comparison:
- compact: upper case, separators removed (`INV2026000124`);
- unpadded: also leading zeros of each number removed (`INV2026124`), so `INV-2026-124` and
  `INV 2026 000124` agree;
- core: the numeric part after a letter prefix, when it has at least `CORE_DIGITS` digits
  (`2026000124`), for a payer who writes "INVOICE NO 2026-000124".
An adjacent transposition is looked for only when nothing matched exactly
(`transpositions`), so an exact reference always wins over a near one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

CORE_DIGITS = 5
MIN_KEY = 4
MAX_WORDS = 5
MAX_GRAM = 32

_WORD = re.compile(r"[A-Z0-9]+")
_ZEROS = re.compile(r"(?<![0-9])0+(?=[0-9])")  # leading zeros of each number
_LEADING_ALPHA = re.compile(r"^[A-Z]+")
_HAS_DIGIT = re.compile(r"[0-9]").search
_NOT_NONZERO = bytes(b for b in range(256) if b not in b"123456789")
_SCALE = 1 << 24  # digit sums stay below it (fewer than 290,000 digits)
_NO_PRINTS: frozenset[int] = frozenset()


def _words(text: str) -> list[str]:
    return _WORD.findall(text.upper())


def _unpadded(words: Iterable[str]) -> str:
    return _ZEROS.sub("", " ".join(words)).replace(" ", "")


def _unpad_word(word: str) -> str:
    """`word` with the leading zeros of each of its numbers removed (words unpad separately)."""
    return _ZEROS.sub("", word) if "0" in word else word


@lru_cache(maxsize=131_072)
def reference_keys(reference: str) -> frozenset[str]:
    """The keys under which a document number is found in text (empty for a blank one)."""
    words = _words(reference)
    compact = "".join(words)
    if len(compact) < MIN_KEY or not _HAS_DIGIT(compact):
        return frozenset({compact}) if len(compact) >= MIN_KEY else frozenset()
    keys = {compact, "".join([_unpad_word(w) for w in words])}
    head = _LEADING_ALPHA.sub("", words[0])
    core = head + "".join(words[1:])
    if core != compact and core.isdigit() and len(core) >= CORE_DIGITS:
        keys.add(core)
        keys.add("".join([_unpad_word(w) for w in (head, *words[1:]) if w]))
    return frozenset(k for k in keys if len(k) >= MIN_KEY)


def text_keys(text: str) -> frozenset[str]:
    """Keys of every run of up to `MAX_WORDS` consecutive words that contains a digit."""
    return frozenset(key_prints(text)[0])


@lru_cache(maxsize=16_384)
def key_prints(text: str) -> tuple[dict[str, int], frozenset[int]]:
    """The keys of a text (`text_keys`), each with its `digit_print`, and the set of those."""
    words = _words(text)
    digits = [_HAS_DIGIT(w) is not None for w in words]
    if not any(digits):
        return {}, _NO_PRINTS
    prints = digit_prints(words)
    unpadded = [_unpad_word(w) if d else w for w, d in zip(words, digits, strict=True)]
    keys: dict[str, int] = {}
    count = len(words)
    for start in range(count):
        compact = unpad = ""
        mark = 0
        has_digit = False
        for end in range(start, min(start + MAX_WORDS, count)):
            compact += words[end]
            if len(compact) > MAX_GRAM:
                break
            unpad += unpadded[end]
            mark += prints[end]
            has_digit = has_digit or digits[end]
            if len(compact) < MIN_KEY or not has_digit:
                continue
            keys[compact] = mark
            if len(unpad) >= MIN_KEY:
                keys[unpad] = mark
    return keys, frozenset(keys.values())


def digit_prints(texts: Iterable[str]) -> list[int]:
    """`digit_print` of each text, in one pass."""
    table, scale = _NOT_NONZERO, _SCALE
    return [
        len(d) * scale + sum(d) if d else 0
        for d in [t.encode("utf-8", "surrogatepass").translate(None, table) for t in texts]
    ]


def digit_print(text: str) -> int:
    """A digest of the non-zero digits of `text` (how many, their sum): equal for a reference and
    every key of it (keys only drop letters and zeros), unchanged by a transposition, additive
    over words. Different digests, no match: a cheap necessary condition."""
    digits = text.encode("utf-8", "surrogatepass").translate(None, _NOT_NONZERO)
    return len(digits) * _SCALE + sum(digits) if digits else 0


def transpositions(key: str) -> Iterator[str]:
    """`key` with one pair of adjacent, different characters swapped (at least one a digit)."""
    for i in range(len(key) - 1):
        a, b = key[i], key[i + 1]
        if a != b and (a.isdigit() or b.isdigit()):
            yield key[:i] + b + a + key[i + 2 :]


def near_keys(keys: Iterable[str]) -> frozenset[str]:
    """Every single-transposition variant of the numeric keys of a text."""
    out: set[str] = set()
    for key in keys:
        if len(key) >= CORE_DIGITS:
            out.update(transpositions(key))
    return frozenset(out)


def reference_match(reference: str, text: str) -> str | None:
    """ "exact" when `text` names `reference`, "transposed" for one adjacent swap, else None."""
    ref = reference_keys(reference)
    if not ref:
        return None
    found = text_keys(text)
    if ref & found:
        return "exact"
    if ref & near_keys(found):
        return "transposed"
    return None
