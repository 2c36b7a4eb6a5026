"""Watchlist versions on SQLite and PostgreSQL: import, re-import, change, remove, re-list."""

from __future__ import annotations

import time

from sqlalchemy import select

from tests.conftest import SHARED_DATA
from yipay.audit.tables import audit_log
from yipay.screening.events import WatchlistChanged
from yipay.screening.lists import ListedName, ListEntry
from yipay.screening.lists_service import ListChange
from yipay.screening.loaders import load_csv_list, load_ofac_sdn, load_un_xml

HEADER = "id,name,kind,aliases,countries,birth_dates,programs,remarks\n"
V1 = HEADER + (
    "A-1,Alpha Trading LLC,organization,Alpha Trade,AE,,P1,\n"
    '"A-2","KARLOV, Dmitri",person,~DIMA,RU,1971,P1,\n'
    "A-3,Oceanic Spirit,vessel,,,,P1,IMO 9999999\n"
    "A-4,Golden Crescent Exchange,organization,,TR,,P1,\n"
)
# A-3 removed, A-2 renamed, A-5 added; unchanged
V2 = HEADER + (
    "A-1,Alpha Trading LLC,organization,Alpha Trade,AE,,P1,\n"
    '"A-2","KARLOV, Dmitry",person,~DIMA,RU,1971,P1,\n'
    "A-4,Golden Crescent Exchange,organization,,TR,,P1,\n"
    "A-5,Blue Lagoon FZE,organization,,AE,,P1,\n"
)
SOURCE = "csv:internal"


def _import(container, text: str, *, by: str = "analyst-1") -> tuple[ListChange, list[object]]:
    entries = load_csv_list(text.encode(), list_name="internal")
    with container.uow(actor=by) as uow:
        change = container.watchlists.import_list(
            uow, SOURCE, entries, digest=f"len={len(text)}", by=by
        )
        published = list(uow.events)
        uow.commit()
    return change, published


def test_versions_record_exactly_what_changed(container, clock):
    first, events = _import(container, V1)
    assert first == ListChange(
        source=SOURCE, version=1, added=("A-1", "A-2", "A-3", "A-4"), total=4
    )
    assert events == [
        WatchlistChanged(subject=SOURCE, version=1, added=["A-1", "A-2", "A-3", "A-4"])
    ]

    again, events = _import(container, V1)
    assert again.unchanged
    assert again.version == 1
    assert again.total == 4
    assert (again.added, again.changed, again.removed) == ((), (), ())
    assert events == []

    second, events = _import(container, V2, by="analyst-2")
    assert (second.version, second.added, second.changed, second.removed, second.total) == (
        2,
        ("A-5",),
        ("A-2",),
        ("A-3",),
        4,
    )
    assert events == [
        WatchlistChanged(subject=SOURCE, version=2, added=["A-5"], changed=["A-2"], removed=["A-3"])
    ]
    with container.uow() as uow:
        active = container.watchlists.entries(uow)
        everything = container.watchlists.entries(uow, active_only=False)
        removed = container.watchlists.entry(uow, SOURCE, "A-3")
        renamed = container.watchlists.entry(uow, SOURCE, "A-2")
        versions = container.watchlists.versions(uow)
        latest = container.watchlists.latest_versions(uow)
        from yipay.screening.tables import watchlist_entries as t

        rows = {r.entry_id: r for r in uow.connection.execute(select(t))}
        audited = uow.connection.execute(
            select(audit_log.c.kind, audit_log.c.actor).where(audit_log.c.subject == SOURCE)
        ).all()
    assert [e.entry_id for e in active] == ["A-1", "A-2", "A-4", "A-5"]
    assert [e.entry_id for e in everything] == ["A-1", "A-2", "A-3", "A-4", "A-5"]
    assert removed is not None
    assert removed.primary_name == "Oceanic Spirit"
    assert renamed == ListEntry(
        source=SOURCE,
        entry_id="A-2",
        kind="person",
        names=(
            ListedName("KARLOV, Dmitry", "strong", "primary"),
            ListedName("DIMA", "weak", "aka"),
        ),
        countries=("RU",),
        birth_dates=("1971",),
        programs=("P1",),
    )
    assert [(v.version, v.added, v.changed, v.removed, v.total) for v in versions] == [
        (1, 4, 0, 0, 4),
        (2, 1, 1, 1, 4),
    ]
    assert [(v.id, v.imported_by, v.digest) for v in versions] == [
        (f"{SOURCE}@1", "analyst-1", f"len={len(V1)}"),
        (f"{SOURCE}@2", "analyst-2", f"len={len(V2)}"),
    ]
    assert versions[0].imported_at == clock.now()
    assert latest == {SOURCE: 2}
    assert (rows["A-3"].active, rows["A-3"].removed_in_version) == (False, 2)
    assert (rows["A-2"].version_id, rows["A-1"].version_id) == (f"{SOURCE}@2", f"{SOURCE}@1")
    assert rows["A-2"].primary_name == "KARLOV, Dmitry"
    assert rows["A-2"].content_hash == renamed.content_hash()
    assert all(r.active for k, r in rows.items() if k != "A-3")
    assert audited == [("watchlist.changed", "analyst-1"), ("watchlist.changed", "analyst-2")]

    # the removed entry listed again is "added" in a third version, and active again
    third, _ = _import(container, V2 + "A-3,Oceanic Spirit,vessel,,,,P1,IMO 9999999\n")
    assert (third.version, third.added, third.changed, third.removed) == (3, ("A-3",), (), ())
    with container.uow() as uow:
        assert len(container.watchlists.entries(uow)) == 5


def test_the_full_ofac_and_un_lists_import_in_seconds(container):
    ofac_dir = SHARED_DATA / "watchlists" / "ofac"
    files = [(ofac_dir / n).read_bytes() for n in ("sdn.csv", "alt.csv", "add.csv")]
    ofac = load_ofac_sdn(*files, None)
    un = load_un_xml((SHARED_DATA / "watchlists" / "un" / "UN_consolidated.xml").read_bytes())
    started = time.perf_counter()
    with container.uow(actor="ops") as uow:
        a = container.watchlists.import_list(uow, "ofac-sdn", ofac, digest="d1", by="ops")
        b = container.watchlists.import_list(uow, "un", un, digest="d2", by="ops")
        uow.commit()
    elapsed = time.perf_counter() - started
    assert (len(a.added), a.total, len(b.added), b.total) == (7379, 7379, 1003, 1003)
    assert elapsed < 30, elapsed  # seconds, not minutes (about 2 s on SQLite)
    with container.uow() as uow:
        stored = container.watchlists.entries(uow)
        again = container.watchlists.import_list(uow, "ofac-sdn", ofac, digest="d3", by="ops")
        assert container.watchlists.latest_versions(uow) == {"ofac-sdn": 1, "un": 1}
    assert len(stored) == 7379 + 1003
    assert again.unchanged
    # stored and read back, every entry is exactly what the loader made (same content hash)
    assert {(e.source, e.entry_id): e for e in stored} == {
        (e.source, e.entry_id): e for e in [*ofac, *un]
    }


def test_only_each_sources_newest_version_stamps_the_index(container):
    _import(container, V1)
    _import(container, V2)
    with container.uow() as uow:
        stamps = container.watchlists.latest_stamps(uow)
        digest_now = container.screening.index_store.lists_digest(uow)
    assert [(source, version) for source, version, _d, _at in stamps] == [(SOURCE, 2)]
    assert stamps[0][2] == f"len={len(V2)}"
    _import(container, V1)  # a third version: the index must be rebuilt
    with container.uow() as uow:
        assert container.screening.index_store.lists_digest(uow) != digest_now
