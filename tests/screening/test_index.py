"""The name index: finds listed names and aliases fast, persists, refuses a foreign version."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from yipay.screening import index as index_module
from yipay.screening.index import IndexVersionError, NameIndex
from yipay.screening.lists import ListedName, ListEntry
from yipay.screening.matcher import MATCHER_VERSION

ENTRIES = [
    ListEntry(
        "ofac-sdn", "9591", "person",
        (ListedName("IZZAT, Dieman Abdulkadir"), ListedName("IZZAT, Diman", "strong", "aka")),
        countries=("SY",), birth_dates=("1964-04-12",),
    ),
    ListEntry(
        "un", "6908067", "person",
        (ListedName("TAHA YASSIN RAMADAN AL-JIZRAWI"),
         ListedName("طه ياسين رمضان الجزراوي", "strong", "original_script"),
         ListedName("ABU ALI", "weak", "aka")),
        birth_dates=("1938",),
    ),
    ListEntry(
        "ofac-sdn", "36", "organization",
        (ListedName("AEROCARIBBEAN AIRLINES"), ListedName("AERO-CARIBBEAN", "strong", "aka")),
    ),
    ListEntry("ofac-sdn", "17614", "person", (ListedName("KIM, Yong Chol"),)),
    ListEntry("ofac-sdn", "16318", "person", (ListedName("ZHANG, Lei"),)),
    ListEntry("ofac-sdn", "100", "vessel", (ListedName("EVER BRIGHT 88"),)),
]  # fmt: skip


@pytest.fixture(scope="module")
def index() -> NameIndex:
    return NameIndex.build(ENTRIES)


def test_finds_primary_name_alias_and_original_script(index: NameIndex) -> None:
    hit = index.search("Diman Izzat")[0]
    assert (hit.source, hit.entry_id, hit.matched_name) == ("ofac-sdn", "9591", "IZZAT, Diman")
    assert hit.entry_name == "IZZAT, Dieman Abdulkadir"
    assert hit.matcher_version == MATCHER_VERSION
    assert hit.explanation
    assert index.search("Aero Caribbean")[0].entry_id == "36"
    assert index.search("طه ياسين رمضان الجزراوي")[0].entry_id == "6908067"
    assert index.search("Taha Yasin Ramadan al-Jizrawi")[0].entry_id == "6908067"
    assert index.search("张磊")[0].entry_id == "16318"


def test_spares_near_misses(index: NameIndex) -> None:
    assert index.search("Kim Yong Nam") == []
    assert index.search("Zhang Leilei") == []
    assert index.search("Ali") == []
    assert index.search("") == []


def test_context_changes_the_outcome(index: NameIndex) -> None:
    same = index.search("Diman Izzat", country="SY", birth_date="1964-04-12")[0]
    other = index.search("Diman Izzat", birth_date="1990")
    assert same.score == 1.0
    assert other == [] or other[0].score < same.score
    assert index.search("Kim Yong Chol", kind="organization", threshold=0.9) == []


def test_weak_alias_needs_an_exact_hit(index: NameIndex) -> None:
    assert index.search("Abu Ali")[0].entry_id == "6908067"
    assert index.search("Abu Ali Hassan") == []


def test_threshold_and_limit(index: NameIndex) -> None:
    assert len(index.search("Kim Yong Chol", threshold=0.0, limit=2)) <= 2
    assert all(h.score >= 0.95 for h in index.search("Kim Yong Chol", threshold=0.95))


def test_save_load_round_trip(index: NameIndex, tmp_path: Path) -> None:
    path = tmp_path / "names.idx"
    index.save(path)
    loaded = NameIndex.load(path)
    assert len(loaded) == len(index)
    assert loaded.search("Diman Izzat") == index.search("Diman Izzat")


def test_load_refuses_another_matcher_version(
    index: NameIndex, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "names.idx"
    monkeypatch.setattr(index_module, "MATCHER_VERSION", "names-0")
    index.save(path)
    monkeypatch.undo()
    with pytest.raises(IndexVersionError, match="names-0"):
        NameIndex.load(path)
    junk = tmp_path / "junk.idx"
    junk.write_bytes(pickle.dumps({"not": "an index"}))
    with pytest.raises(IndexVersionError):
        NameIndex.load(junk)
    junk.write_bytes(b"garbage")
    with pytest.raises(IndexVersionError):
        NameIndex.load(junk)
