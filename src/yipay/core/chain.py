"""Hash chains: each sealed row's hash covers its content and the previous row's hash.

Rows are numbered by the sealer (seal_seq), not by insertion order: under concurrency the order
of ids is not the order of commits, and a row committed late is simply sealed later. Used by the
audit log and by the journal.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

GENESIS = "0" * 64


def link_hash(prev_hash: str, seal_seq: int, content: str) -> str:
    digest = hashlib.sha256()
    digest.update(prev_hash.encode())
    digest.update(str(seal_seq).encode())
    digest.update(content.encode())
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class Link:
    seal_seq: int
    label: str  # how a break names the row, e.g. "audit row 12 (payment.received)"
    content: str
    prev_hash: str | None
    hash: str | None


@dataclass(frozen=True, slots=True)
class ChainReport:
    sealed: int
    unsealed: int
    breaks: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.breaks


def verify_links(links: Iterable[Link]) -> tuple[int, list[str]]:
    """(rows checked, breaks) for links in seal order; each break names its seal and row."""
    breaks: list[str] = []
    prev = GENESIS
    expected = 1
    count = 0
    for link in links:
        count += 1
        where = f"seal {link.seal_seq} ({link.label})"
        if link.seal_seq != expected:
            breaks.append(f"{where}: expected seal {expected}; rows are missing")
            expected = link.seal_seq
        if link.prev_hash != prev:
            breaks.append(f"{where}: previous hash does not match seal {expected - 1}")
        if link_hash(prev, link.seal_seq, link.content) != link.hash:
            breaks.append(f"{where}: content does not match its hash (altered after sealing)")
        prev = link.hash or ""
        expected += 1
    return count, breaks
