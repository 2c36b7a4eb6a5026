"""Screening's events: what changed in a watchlist, so parties already screened are re-screened.

Ids only (list entry ids are public list references, not personal data we hold about a party)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from yipay.core.events import DomainEvent


@dataclass(frozen=True, kw_only=True)
class WatchlistChanged(DomainEvent):
    """A new version of one list (`subject` = the list's source, e.g. "ofac-sdn") was imported.

    Subscribers re-screen parties against the added and changed entries; removed entries may
    re-open nothing but let cached indexes drop them."""

    name: ClassVar[str] = "watchlist.changed"
    version: int
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
