"""The name index of the lists in force, built once per list version and kept on disk.

Building the index over the full OFAC and UN lists takes seconds; loading it, milliseconds. The
file name carries the matcher version and a digest of the list versions it was built from, so a
list import or a new matcher makes the next search build (and save) a fresh one, and a process
that already holds the right one in memory never touches the disk.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from yipay.adapters.db.uow import UnitOfWork

if TYPE_CHECKING:
    from yipay.screening.index import NameIndex
    from yipay.screening.lists_service import WatchlistService


class IndexStore:
    def __init__(self, directory: Path, watchlists: WatchlistService) -> None:
        self.directory = directory
        self.watchlists = watchlists
        self._digest: str | None = None
        self._index: NameIndex | None = None

    def lists_digest(self, uow: UnitOfWork) -> str:
        """What the index must reflect: every source's latest version, named by its number, file
        digest and import instant (two databases may both have a "version 1" of a list)."""
        text = ";".join(
            f"{source}={version}@{digest}@{at.isoformat()}"
            for source, version, digest, at in self.watchlists.latest_stamps(uow)
        )
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def current(self, uow: UnitOfWork) -> NameIndex | None:
        """The index of the active entries of every list, or None when no list is imported."""
        from yipay.screening.index import IndexVersionError, NameIndex
        from yipay.screening.matcher import MATCHER_VERSION

        digest = self.lists_digest(uow)
        if digest == self._digest:
            return self._index
        path = self.directory / f"{MATCHER_VERSION}-{digest}.idx"
        index: NameIndex | None = None
        if path.is_file():
            try:
                index = NameIndex.load(path)
            except IndexVersionError:
                index = None  # damaged or foreign: built afresh below
        if index is None:
            entries = self.watchlists.entries(uow)
            if entries:
                index = NameIndex.build(entries)
                self.directory.mkdir(parents=True, exist_ok=True)
                partial = path.with_suffix(f".{os.getpid()}.partial")
                index.save(partial)
                partial.replace(path)  # atomic: a concurrent reader sees all or nothing
        self._digest, self._index = digest, index
        return index
