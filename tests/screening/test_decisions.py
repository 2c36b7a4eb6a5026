"""Decisions that outlive a hit, and banks listed by BIC (pure)."""

from __future__ import annotations

from tests.conftest import SHARED_DATA
from yipay.screening.domain import Decision, NameHit, still_open, subject_hash
from yipay.screening.index import NameIndex
from yipay.screening.lists import ListedName, ListEntry


def hit(entry_id: str = "1", entry_hash: str = "h1") -> NameHit:
    return NameHit("ofac-sdn", entry_id, "DRAGAN, Viktor", "DRAGAN, Viktor", 0.93, "", entry_hash)


def cleared(name: str, entry_hash: str = "h1", entry_id: str = "1") -> Decision:
    return Decision("ofac-sdn", entry_id, subject_hash(name), entry_hash, "cleared")


def test_a_cleared_pair_stays_cleared_for_the_same_name_and_entry():
    assert still_open([hit()], "Viktor Dragan", [cleared("Viktor Dragan")]) == []
    # case and spacing are not a change of name
    assert still_open([hit()], "VIKTOR  dragan", [cleared("Viktor Dragan")]) == []


def test_a_change_on_either_side_reopens_the_pair():
    assert still_open([hit()], "Viktor Dragan Jr", [cleared("Viktor Dragan")]) == [hit()]
    assert still_open([hit(entry_hash="h2")], "Viktor Dragan", [cleared("Viktor Dragan")]) == [
        hit(entry_hash="h2")
    ]


def test_the_latest_decision_counts_and_confirmed_never_clears():
    confirmed = Decision("ofac-sdn", "1", subject_hash("Viktor Dragan"), "h1", "confirmed")
    assert still_open([hit()], "Viktor Dragan", [cleared("Viktor Dragan"), confirmed]) == [hit()]
    assert still_open([hit()], "Viktor Dragan", [confirmed, cleared("Viktor Dragan")]) == []


def test_a_decision_on_one_entry_leaves_another_open():
    other = hit(entry_id="2")
    assert still_open([hit(), other], "Viktor Dragan", [cleared("Viktor Dragan")]) == [other]


def bank(remarks: str) -> ListEntry:
    return ListEntry(
        "ofac-sdn", "9", "organization", (ListedName("FRONTIER BANK"),), remarks=remarks
    )


def test_bics_are_read_from_the_remarks_as_eight_character_codes():
    assert bank("SWIFT/BIC CFBKLBBE; Website x").bics == ("CFBKLBBE",)
    assert bank("SWIFT/BIC CFBKLBBEXXX; SWIFT/BIC CFBKLBBE").bics == ("CFBKLBBE",)
    assert bank("Website www.swift.com").bics == ()


def test_the_index_finds_a_listed_bank_by_any_branch_code():
    index = NameIndex.build([bank("SWIFT/BIC CFBKLBBE")])
    found = index.bank("cfbklbbe123")
    assert found is not None
    assert (found.entry_id, found.score) == ("9", 1.0)
    assert index.bank("CFBKLBBF") is None
    assert index.bank(None) is None


def test_the_real_ofac_list_names_dozens_of_banks_by_bic():
    from yipay.screening.loaders.ofac import load_ofac_sdn

    ofac = SHARED_DATA / "watchlists" / "ofac"
    entries = load_ofac_sdn(
        (ofac / "sdn.csv").read_bytes(),
        (ofac / "alt.csv").read_bytes(),
        (ofac / "add.csv").read_bytes(),
        (ofac / "sdn_comments.csv").read_bytes(),
    )
    with_bics = [e for e in entries if e.bics]
    assert len(with_bics) >= 50
    assert all(len(b) == 8 for e in with_bics for b in e.bics)
    assert NameIndex.build(with_bics).bank(with_bics[0].bics[0]) is not None
