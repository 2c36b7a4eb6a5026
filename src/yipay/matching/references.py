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

CORE_DIGITS = 5
MIN_KEY = 4
MAX_WORDS = 5
MAX_GRAM = 32

_WORD = re.compile(r"[A-Z0-9]+")
_ZEROS = re.compile(r"(?<![0-9])0+(?=[0-9])")  # leading zeros of each number
_LEADING_ALPHA = re.compile(r"^[A-Z]+")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.upper())


def _unpadded(words: Iterable[str]) -> str:
    return _ZEROS.sub("", " ".join(words)).replace(" ", "")


def reference_keys(reference: str) -> frozenset[str]:
    """The keys under which a document number is found in text (empty for a blank one)."""
    words = _words(reference)
    compact = "".join(words)
    if len(compact) < MIN_KEY or not any(ch.isdigit() for ch in compact):
        return frozenset({compact}) if len(compact) >= MIN_KEY else frozenset()
    keys = {compact, _unpadded(words)}
    core_words = list(words)
    core_words[0] = _LEADING_ALPHA.sub("", core_words[0])
    core = "".join(core_words)
    if core != compact and sum(ch.isdigit() for ch in core) >= CORE_DIGITS and core.isdigit():
        keys.add(core)
        keys.add(_unpadded(w for w in core_words if w))
    return frozenset(k for k in keys if len(k) >= MIN_KEY)


def text_keys(text: str) -> frozenset[str]:
    """Keys of every run of up to `MAX_WORDS` consecutive words that contains a digit."""
    words = _words(text)
    keys: set[str] = set()
    for start in range(len(words)):
        for end in range(start + 1, min(start + MAX_WORDS, len(words)) + 1):
            gram = words[start:end]
            compact = "".join(gram)
            if len(compact) > MAX_GRAM:
                break
            if len(compact) < MIN_KEY or not any(ch.isdigit() for ch in compact):
                continue
            keys.add(compact)
            unpadded = _unpadded(gram)
            if len(unpadded) >= MIN_KEY:
                keys.add(unpadded)
    return frozenset(keys)


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
