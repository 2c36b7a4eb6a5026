"""Watchlist queries: versions and entries. Entries are stored whole (`data`) as JSON so the
matcher's index is rebuilt from the database alone, and compared by their content hash."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, func, insert, select, update

from yipay.screening.lists import KINDS, Kind, ListedName, ListEntry, Strength
from yipay.screening.tables import watchlist_entries, watchlist_versions

# Rows per executemany: large enough that the full OFAC list goes in a few round trips, small
# enough to keep one statement's parameters well inside every driver's limits.
BATCH = 2000


def entry_to_json(entry: ListEntry) -> dict[str, Any]:
    return {
        "source": entry.source,
        "entry_id": entry.entry_id,
        "kind": entry.kind,
        "names": [[n.text, n.strength, n.kind_of_name] for n in entry.names],
        "countries": list(entry.countries),
        "birth_dates": list(entry.birth_dates),
        "programs": list(entry.programs),
        "reference": entry.reference,
        "remarks": entry.remarks,
    }


def _kind(value: str) -> Kind:
    return next((k for k in KINDS if k == value), "unknown")


def _strength(value: str) -> Strength:
    return "weak" if value == "weak" else "strong"


def entry_from_json(data: dict[str, Any]) -> ListEntry:
    return ListEntry(
        source=data["source"],
        entry_id=data["entry_id"],
        kind=_kind(data["kind"]),
        names=tuple(ListedName(t, _strength(s), k) for t, s, k in data["names"]),
        countries=tuple(data["countries"]),
        birth_dates=tuple(data["birth_dates"]),
        programs=tuple(data["programs"]),
        reference=data["reference"],
        remarks=data["remarks"],
    )


def stored_hashes(conn: Connection, source: str) -> dict[str, tuple[str, bool]]:
    """entry_id → (content_hash, active) for every entry ever imported from `source`."""
    t = watchlist_entries
    rows = conn.execute(
        select(t.c.entry_id, t.c.content_hash, t.c.active).where(t.c.source == source)
    )
    return {r.entry_id: (r.content_hash, bool(r.active)) for r in rows}


def last_version(conn: Connection, source: str) -> int:
    t = watchlist_versions
    found = conn.execute(select(func.max(t.c.version)).where(t.c.source == source)).scalar()
    return int(found or 0)


def insert_version(conn: Connection, values: dict[str, Any]) -> None:
    conn.execute(insert(watchlist_versions).values(**values))


def _row(entry: ListEntry, version_id: str) -> dict[str, Any]:
    return {
        "source": entry.source,
        "entry_id": entry.entry_id,
        "version_id": version_id,
        "content_hash": entry.content_hash(),
        "kind": entry.kind,
        "primary_name": entry.primary_name,
        "data": entry_to_json(entry),
        "active": True,
        "removed_in_version": None,
    }


def _batches(rows: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    return [rows[i : i + BATCH] for i in range(0, len(rows), BATCH)]


def insert_entries(conn: Connection, entries: Sequence[ListEntry], version_id: str) -> None:
    """New entries, in batched executemany."""
    for batch in _batches([_row(e, version_id) for e in entries]):
        conn.execute(insert(watchlist_entries), batch)


def replace_entries(conn: Connection, entries: Sequence[ListEntry], version_id: str) -> None:
    """Changed (or re-listed) entries: the stored row takes the new content and is active."""
    t = watchlist_entries
    statement = (
        update(t)
        .where(t.c.source == bindparam("b_source"), t.c.entry_id == bindparam("b_entry_id"))
        .values(
            version_id=bindparam("version_id"),
            content_hash=bindparam("content_hash"),
            kind=bindparam("kind"),
            primary_name=bindparam("primary_name"),
            data=bindparam("data", type_=t.c.data.type),
            active=True,
            removed_in_version=None,
        )
    )
    rows = []
    for entry in entries:
        row = _row(entry, version_id)
        rows.append(
            {
                "b_source": row["source"],
                "b_entry_id": row["entry_id"],
                "version_id": version_id,
                "content_hash": row["content_hash"],
                "kind": row["kind"],
                "primary_name": row["primary_name"],
                "data": row["data"],
            }
        )
    for batch in _batches(rows):
        conn.execute(statement, batch)


def deactivate(
    conn: Connection, source: str, entry_ids: Sequence[str], version_id: str, version: int
) -> None:
    """Entries a version no longer lists: kept, inactive, marked with the version that dropped
    them."""
    t = watchlist_entries
    statement = (
        update(t)
        .where(t.c.source == source, t.c.entry_id == bindparam("b_entry_id"))
        .values(active=False, removed_in_version=version, version_id=version_id)
    )
    for batch in _batches([{"b_entry_id": e} for e in entry_ids]):
        conn.execute(statement, batch)


def count_active(conn: Connection, source: str) -> int:
    t = watchlist_entries
    found = conn.execute(
        select(func.count()).select_from(t).where(t.c.source == source, t.c.active.is_(True))
    ).scalar()
    return int(found or 0)


def entries(conn: Connection, *, active_only: bool = True) -> list[ListEntry]:
    t = watchlist_entries
    query = select(t.c.data).order_by(t.c.source, t.c.entry_id)
    if active_only:
        query = query.where(t.c.active.is_(True))
    return [entry_from_json(r.data) for r in conn.execute(query)]


def entry(conn: Connection, source: str, entry_id: str) -> ListEntry | None:
    t = watchlist_entries
    row = conn.execute(
        select(t.c.data).where(t.c.source == source, t.c.entry_id == entry_id)
    ).first()
    return entry_from_json(row.data) if row else None


def content_hashes(conn: Connection, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """(source, entry_id) → the entry's content hash as last imported, for the keys given."""
    t = watchlist_entries
    found: dict[tuple[str, str], str] = {}
    for source in {s for s, _ in keys}:
        ids = [i for s, i in keys if s == source]
        rows = conn.execute(
            select(t.c.entry_id, t.c.content_hash).where(
                t.c.source == source, t.c.entry_id.in_(ids)
            )
        )
        found.update({(source, r.entry_id): r.content_hash for r in rows})
    return found


def versions(conn: Connection, source: str | None = None) -> list[dict[str, Any]]:
    t = watchlist_versions
    query = select(t).order_by(t.c.imported_at, t.c.source, t.c.version)
    if source is not None:
        query = query.where(t.c.source == source)
    return [dict(r._mapping) for r in conn.execute(query)]


def latest_stamps(conn: Connection) -> list[tuple[str, int, str, datetime]]:
    """(source, version, digest, imported_at) of each source's newest version only: read on
    every screened payment, so it must not grow with the history of imports."""
    t = watchlist_versions
    newest = (
        select(t.c.source, func.max(t.c.version).label("version")).group_by(t.c.source).subquery()
    )
    rows = conn.execute(
        select(t.c.source, t.c.version, t.c.digest, t.c.imported_at)
        .join(newest, (t.c.source == newest.c.source) & (t.c.version == newest.c.version))
        .order_by(t.c.source)
    )
    return [(r.source, int(r.version), r.digest, r.imported_at) for r in rows]


def latest_versions(conn: Connection) -> dict[str, int]:
    t = watchlist_versions
    rows = conn.execute(select(t.c.source, func.max(t.c.version)).group_by(t.c.source))
    return {source: int(version) for source, version in rows}
