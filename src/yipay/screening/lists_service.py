"""Watchlist use cases: import a list as a new version, and read what is in force.

An import compares the list with what is stored for its source, entry by entry, by content
hash: added, changed, removed (kept inactive), unchanged. Only a real difference makes a new
version, so re-importing the same file (or the same content in a new file) changes nothing.
Each version publishes `WatchlistChanged` with the ids, so already-screened parties can be
re-screened against what changed rather than against the whole list; and every screening
result can name the list versions it was made against (see ARCHITECTURE "Versions").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from yipay.adapters.db.uow import UnitOfWork
from yipay.core.clock import Clock
from yipay.screening import lists_repository as repo
from yipay.screening.errors import WatchlistError
from yipay.screening.events import WatchlistChanged
from yipay.screening.lists import ListEntry


@dataclass(frozen=True, slots=True)
class ListChange:
    """What one import did. `unchanged` means no new version: `version` is the current one."""

    source: str
    version: int | None
    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    total: int = 0
    unchanged: bool = False

    def as_json(self) -> dict[str, object]:
        return {
            "source": self.source,
            "version": self.version,
            "unchanged": self.unchanged,
            "added": len(self.added),
            "changed": len(self.changed),
            "removed": len(self.removed),
            "total": self.total,
        }


@dataclass(frozen=True, slots=True)
class WatchlistVersion:
    id: str
    source: str
    version: int
    imported_at: datetime
    imported_by: str
    digest: str
    added: int
    changed: int
    removed: int
    total: int

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "source": self.source,
            "version": self.version,
            "imported_at": self.imported_at.isoformat(),
            "imported_by": self.imported_by,
            "digest": self.digest,
            "added": self.added,
            "changed": self.changed,
            "removed": self.removed,
            "total": self.total,
        }


def version_id(source: str, version: int) -> str:
    return f"{source}@{version}"


class WatchlistService:
    def __init__(self, clock: Clock) -> None:
        self.clock = clock

    def import_list(
        self,
        uow: UnitOfWork,
        source: str,
        entries: Sequence[ListEntry],
        *,
        digest: str,
        by: str,
    ) -> ListChange:
        """Make `entries` the content of `source`; a new version only if something differs.

        The entries must all belong to `source` and have distinct ids (a loader's output)."""
        incoming: dict[str, ListEntry] = {}
        for entry in entries:
            if entry.source != source:
                raise WatchlistError(
                    f"{source}: entry {entry.entry_id} belongs to {entry.source}, not {source}"
                )
            if entry.entry_id in incoming:
                raise WatchlistError(f"{source}: entry {entry.entry_id} appears twice")
            incoming[entry.entry_id] = entry
        conn = uow.connection
        stored = repo.stored_hashes(conn, source)
        new: list[ListEntry] = []
        relisted: list[ListEntry] = []
        changed: list[ListEntry] = []
        for entry_id, entry in incoming.items():
            known = stored.get(entry_id)
            if known is None:
                new.append(entry)
            elif not known[1]:
                relisted.append(entry)
            elif known[0] != entry.content_hash():
                changed.append(entry)
        removed = sorted(
            (i for i, (_, active) in stored.items() if active and i not in incoming), key=_order
        )
        current = repo.last_version(conn, source)
        if not (new or relisted or changed or removed):
            return ListChange(
                source=source, version=current or None, total=len(incoming), unchanged=True
            )

        version = current + 1
        vid = version_id(source, version)
        repo.insert_entries(conn, new, vid)
        repo.replace_entries(conn, [*relisted, *changed], vid)
        repo.deactivate(conn, source, removed, vid, version)
        added_ids = sorted((e.entry_id for e in (*new, *relisted)), key=_order)
        changed_ids = sorted((e.entry_id for e in changed), key=_order)
        total = len(incoming)
        repo.insert_version(
            conn,
            {
                "id": vid,
                "source": source,
                "version": version,
                "imported_at": self.clock.now(),
                "imported_by": by,
                "digest": digest,
                "added": len(added_ids),
                "changed": len(changed_ids),
                "removed": len(removed),
                "total": total,
            },
        )
        uow.publish(
            WatchlistChanged(
                subject=source,
                version=version,
                added=added_ids,
                changed=changed_ids,
                removed=list(removed),
            )
        )
        return ListChange(
            source=source,
            version=version,
            added=tuple(added_ids),
            changed=tuple(changed_ids),
            removed=tuple(removed),
            total=total,
        )

    def entries(self, uow: UnitOfWork, *, active_only: bool = True) -> list[ListEntry]:
        """Every list's entries (in force, by default): what the matcher's index is built from."""
        return repo.entries(uow.connection, active_only=active_only)

    def entry(self, uow: UnitOfWork, source: str, entry_id: str) -> ListEntry | None:
        """One entry as last imported, in force or removed since (a hit may name an old one)."""
        return repo.entry(uow.connection, source, entry_id)

    def content_hashes(
        self, uow: UnitOfWork, keys: Sequence[tuple[str, str]]
    ) -> dict[tuple[str, str], str]:
        """(source, entry_id) → content hash: what a screening decision is pinned to."""
        return repo.content_hashes(uow.connection, keys) if keys else {}

    def versions(self, uow: UnitOfWork, source: str | None = None) -> list[WatchlistVersion]:
        """Every imported version, oldest first."""
        return [WatchlistVersion(**row) for row in repo.versions(uow.connection, source)]

    def latest_stamps(self, uow: UnitOfWork) -> list[tuple[str, int, str, datetime]]:
        """Each source's newest version as (source, version, file digest, imported at)."""
        return repo.latest_stamps(uow.connection)

    def latest_versions(self, uow: UnitOfWork) -> dict[str, int]:
        """source → its current version number: what a screening result records."""
        return repo.latest_versions(uow.connection)


def _order(entry_id: str) -> tuple[int, int | str]:
    """Numeric ids (OFAC ent_num, UN DATAID) in number order, others after, as text."""
    return (0, int(entry_id)) if entry_id.isdigit() else (1, entry_id)
