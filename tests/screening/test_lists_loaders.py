"""The watchlist loaders on the shipped OFAC and UN snapshots, and on malformed input.

Counts are those of the snapshots (see ../shared/data/watchlists/README.md); where ours differ
the test says why.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import SHARED_DATA
from yipay.screening.errors import WatchlistError
from yipay.screening.lists import ListedName, ListEntry
from yipay.screening.loaders import load_csv_list, load_ofac_sdn, load_un_xml
from yipay.screening.loaders.countries import OVERRIDES, country_code
from yipay.screening.loaders.ofac import birth_dates, remark_countries, weak_aliases

OFAC = SHARED_DATA / "watchlists" / "ofac"
UN = SHARED_DATA / "watchlists" / "un" / "UN_consolidated.xml"
OFAC_FILES = ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv")


def _ofac_bytes() -> list[bytes]:
    return [(OFAC / name).read_bytes() for name in OFAC_FILES]


@pytest.fixture(scope="module")
def ofac() -> dict[str, ListEntry]:
    sdn, alt, add, comments = _ofac_bytes()
    return {e.entry_id: e for e in load_ofac_sdn(sdn, alt, add, comments)}


@pytest.fixture(scope="module")
def un() -> dict[str, ListEntry]:
    return {e.entry_id: e for e in load_un_xml(UN.read_bytes(), name=UN.name)}


def _aliases(entries: dict[str, ListEntry]) -> Counter[tuple[str, str, str]]:
    return Counter(
        (e.kind, n.strength, n.kind_of_name) for e in entries.values() for n in e.names[1:]
    )


# -- OFAC ------------------------------------------------------------------------------------
def test_ofac_counts_match_the_snapshot(ofac):
    assert len(ofac) == 7379
    assert Counter(e.kind for e in ofac.values()) == {
        "person": 3845,
        "organization": 2994,
        "vessel": 323,
        "aircraft": 217,
    }
    names = Counter((n.strength, n.kind_of_name) for e in ofac.values() for n in e.names[1:])
    # alt.csv has 9,682 aliases (aka 9,335, fka 331, nka 16); 7 akas repeat the primary name or
    # an earlier alias of the same entry (e.g. 12609 "GADDAFI, Mutassim" twice) and are kept once
    assert names[("strong", "aka")] == 9335 - 7
    assert names[("strong", "fka")] == 331
    assert names[("strong", "nka")] == 16
    # README: 2,012 weak a.k.a. on 1,013 entries, counted with `'([^']+)'`; names that begin or
    # contain an apostrophe ('Umar al-Qatari, 'ALI, Abu) add 14 on 1 more entry and are read whole
    assert names[("weak", "aka")] == 2026
    assert sum(1 for e in ofac.values() if any(n.strength == "weak" for n in e.names)) == 1014
    assert sum(1 for e in ofac.values() if e.birth_dates) == 3662
    assert len({p for e in ofac.values() for p in e.programs}) == 49
    assert all(e.names[0].kind_of_name == "primary" for e in ofac.values())


def test_an_ofac_individual_field_by_field(ofac):
    assert ofac["4106"] == ListEntry(
        source="ofac-sdn",
        entry_id="4106",
        kind="person",
        names=(
            ListedName("HERRERA BUITRAGO, Helmer", "strong", "primary"),
            ListedName("PACHO", "weak", "aka"),
            ListedName("H7", "weak", "aka"),
        ),
        countries=("CO",),  # add.csv: Cali, Colombia
        birth_dates=("1951-08-24", "1951-07-05"),  # DOB and alt. DOB
        programs=("SDNT",),
        reference=None,
        remarks=(
            "DOB 24 Aug 1951; alt. DOB 05 Jul 1951; Cedula No. 16247821 (Colombia);"
            " Passport J287011 (Colombia); a.k.a. 'PACHO'; a.k.a. 'H7'."
        ),
    )
    assert ofac["4106"].primary_name == "HERRERA BUITRAGO, Helmer"


def test_an_ofac_vessel_field_by_field(ofac):
    assert ofac["4234"] == ListEntry(
        source="ofac-sdn",
        entry_id="4234",
        kind="vessel",
        names=(ListedName("HERMANN", "strong", "primary"),),
        countries=("CU",),  # the flag; its add.csv row is all -0-
        programs=("CUBA",),
        remarks=(
            "Call Sign CL2685; Vessel Type General Cargo; Tonnage 2597; GRT 1098;"
            " Vessel Flag Cuba; Vessel Owner Compania Navegacion Golfo S.A."
        ),
    )


def test_ofac_aliases_countries_programs_and_continued_remarks(ofac):
    bank = ofac["306"]
    assert bank.kind == "organization"
    assert [(n.text, n.strength) for n in bank.names] == [
        ("BANCO NACIONAL DE CUBA", "strong"),
        ("NATIONAL BANK OF CUBA", "strong"),
        ("BNC", "weak"),
    ]
    assert bank.countries == ("CH", "ES", "JP", "PA")
    army = [n.text for n in ofac["15588"].names if n.strength == "weak"]
    assert "PEOPLE'S ARMY" in army
    assert "SHA'BI" in army
    assert "FOOPIE" in [n.text for n in ofac["6925"].names]  # a.k.a. ''FOOPIE''
    assert [n.kind_of_name for n in ofac["36"].names] == ["primary", "aka"]
    # sdn_comments.csv continues the Remarks of 12300 mid-word: "PROMO RAI" + "Z S.A.S."
    assert "Linked To: PROMO RAIZ S.A.S.; Linked To: RED MUNDIAL" in ofac["12300"].remarks
    multi = [e for e in ofac.values() if len(e.programs) > 1]
    assert multi
    assert all("]" not in p and "[" not in p for e in multi for p in e.programs)
    assert all(re.fullmatch(r"[A-Z]{2}", c) for e in ofac.values() for c in e.countries)
    assert all(re.fullmatch(r"\d{4}(-\d\d-\d\d)?", d) for e in ofac.values() for d in e.birth_dates)


@pytest.mark.parametrize(
    ("remarks", "expected"),
    [
        ("DOB 17 Feb 1974; POB Cali", ["1974-02-17"]),
        ("DOB 1960", ["1960"]),
        ("DOB circa 1960.", ["1960"]),
        ("DOB Feb 1960", ["1960"]),
        ("DOB 1960 to 1962", ["1960", "1961", "1962"]),
        ("DOB 01 Jan 1960 to 31 Dec 1961; alt. DOB 05 Jul 1951", ["1960", "1961", "1951-07-05"]),
        ("DOB circa 1958-1960", ["1958", "1959", "1960"]),
        ("DOB 1900 to 1990", ["1900", "1990"]),  # too wide: the two ends only
        ("Alt. DOB: 10 October 1960)", ["1960-10-10"]),
        ("DOB 31 Feb 1970", ["1970"]),  # no such day: the year stands
        ("Passport 1234 issued 1999", []),
    ],
)
def test_ofac_dates_of_birth(remarks, expected):
    assert birth_dates(remarks) == expected


def test_ofac_weak_aliases_and_nationalities_in_remarks():
    remarks = (
        "a.k.a. 'EL PATRON'; a.k.a. 'ABU 'ABDALLAH'; a.k.a. 'AL-DARDA', Abu'; a.k.a. ''; "
        "nationality Korea, North; alt. citizen Mexico.; Nationality of Registration Panama"
    )
    assert weak_aliases(remarks) == ["EL PATRON", "ABU 'ABDALLAH", "AL-DARDA', Abu"]
    assert remark_countries(remarks) == ["Korea, North", "Mexico", "Panama"]


def test_ofac_file_quirks_nulls_cut_last_field_and_eof_byte():
    sdn = b'1,"ONE, A","individual","SDGT] [IFSR",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
    sdn += b'2,"TWO LTD.",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"nationality Cuba"'
    alt = b'1,10,"aka","UNO, A",-0- \n2,11,"fka","DOS LTD.",-0'
    add = b'1,20,-0- ,"Havana","Cuba",-0- \n2,21,-0- ,-0- ,"Russia",-0\n\x1a'
    entries = load_ofac_sdn(sdn, alt, add, b"1,\"; a.k.a. 'UNITO'\"\n\x1a")
    one, two = entries
    assert one.kind == "person"
    assert one.programs == ("SDGT", "IFSR")
    assert [(n.text, n.strength, n.kind_of_name) for n in one.names] == [
        ("ONE, A", "strong", "primary"),
        ("UNO, A", "strong", "aka"),
        ("UNITO", "weak", "aka"),
    ]
    assert one.countries == ("CU",)
    assert two.kind == "organization"
    assert [n.kind_of_name for n in two.names] == ["primary", "fka"]
    assert two.countries == ("CU", "RU")
    assert load_ofac_sdn(sdn, alt, add, None)[0].names[-1].text == "UNO, A"


# -- UN --------------------------------------------------------------------------------------
def test_un_counts_match_the_snapshot(un):
    assert Counter(e.kind for e in un.values()) == {"person": 730, "organization": 273}
    aliases = _aliases(un)
    # 2,139 non-empty individual ALIAS_NAMEs (Good 1,524, Low 615) hold 2,193 names once the 24
    # with `;` are split (Good 1,574, Low 619); 15 repeat a name of the same entry
    assert aliases[("person", "strong", "aka")] == 1559
    assert aliases[("person", "weak", "aka")] == 619
    # 613 entity aliases (a.k.a. 594, f.k.a. 19) are 630 names after splitting 3; 1 repeats;
    # and one entity's FIRST_NAME "COMPAGNIE AERIENNE … (CAGL) ; GREAT LAKES …" gives one more
    assert aliases[("organization", "strong", "aka")] == 612
    assert aliases[("organization", "strong", "fka")] == 18
    assert not any(s == "weak" for k, s, _ in aliases if k == "organization")
    # 378 NAME_ORIGINAL_SCRIPT; one (Latin) is the entity's own primary name
    assert aliases[("person", "strong", "original_script")] == 336
    assert aliases[("organization", "strong", "original_script")] == 41
    assert sum(1 for e in un.values() if e.kind == "person" and e.birth_dates) == 677
    assert all(e.reference for e in un.values())
    assert all(e.entry_id.isdigit() for e in un.values())


def test_a_un_individual_with_arabic_script_and_a_low_alias(un):
    assert un["6908048"] == ListEntry(
        source="un",
        entry_id="6908048",
        kind="person",
        names=(
            ListedName("SADDAM HUSSEIN AL-TIKRITI", "strong", "primary"),
            ListedName("Abu Ali", "weak", "aka"),
            ListedName("صدام حسين التكريتي", "strong", "original_script"),
        ),
        countries=("IQ",),
        birth_dates=("1937-04-28",),
        programs=("Iraq",),
        reference="IQi.001",
        remarks="",
    )


def test_un_split_aliases_accents_quotes_and_whitespace(un):
    by_reference = {e.reference: e for e in un.values()}
    assert [n.text for n in by_reference["IRi.003"].names] == [
        "AZIM AGHAJANI",
        "Azim Adhajani",
        "Azim Agha-Jani",
    ]
    jerome = by_reference["CDi.005"]
    assert jerome.names[0].text == "JÉRÔME KAKWAVU BUKANDE"
    assert ListedName("Commandant Jérôme", "weak", "aka") in jerome.names
    kahwa = by_reference["CDi.009"]
    assert ListedName("Chief Kahwa", "weak", "aka") in kahwa.names  # “Chief Kahwa” unquoted
    assert kahwa.countries == ("CD", "UG")
    frank = by_reference["CDi.002"]
    assert "\n" not in frank.remarks
    assert "  " not in frank.remarks
    assert "government's Programme" in frank.remarks  # typographic apostrophe made ASCII
    for entry in un.values():
        for name in entry.names:
            assert name.text == " ".join(name.text.split())
            assert name.text
            assert not set(name.text) & set("\u2018\u2019\u201c\u201d;")


# -- countries -------------------------------------------------------------------------------
def _country_names() -> Counter[str]:
    names: Counter[str] = Counter()
    add = (OFAC / "add.csv").read_text(encoding="utf-8").replace("\x1a", "")
    for row in csv.reader(io.StringIO(add)):
        if row and row[4].strip() not in ("-0-", "-0"):
            names[row[4].strip()] += 1
    root = etree.fromstring(UN.read_bytes())
    for node in root.iter("VALUE", "COUNTRY"):
        parent = node.getparent()
        if node.tag == "VALUE" and parent.tag != "NATIONALITY":
            continue
        if node.tag == "COUNTRY" and not parent.tag.endswith("_ADDRESS"):
            continue
        text = " ".join((node.text or "").split())
        if text:
            names[text] += 1
    return names


def test_every_country_name_in_the_snapshots_maps_or_is_known_not_to(capsys):
    names = _country_names()
    unmapped = {n for n in names if country_code(n) is None}
    # the names that are no country on purpose (disputed region, former state, "undetermined")
    assert unmapped == {
        "undetermined",
        "Region: Kafia Kingi",
        "Netherlands Antilles",
        "former Soviet Union",
        "na",
    }
    share = sum(v for n, v in names.items() if n not in unmapped) / sum(names.values())
    assert share > 0.99
    with capsys.disabled():
        print(
            f"\ncountry names mapped: {len(names) - len(unmapped)} of {len(names)} distinct,"
            f" {share:.2%} of {sum(names.values())} mentions"
        )


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Iran (Islamic Republic of)", "IR"),
        ("Russian Federation", "RU"),
        ("Korea, North", "KP"),
        ("Korea, South", "KR"),
        ("Democratic People's Republic of Korea", "KP"),
        ("Congo, Democratic Republic of the", "CD"),
        ("Congo", "CG"),
        ("Burma", "MM"),
        ("Myanmar", "MM"),
        ("Turkey", "TR"),
        ("Bahamas, The", "BS"),
        ("Man, Isle of", "IM"),
        ("Virgin Islands, British", "VG"),
        ("Cote d Ivoire", "CI"),
        ("Saint Vincent and the Grenadines", "VC"),
        ("Viet Nam", "VN"),
        ("United Kingdom of Great Britain and Northern Ireland", "GB"),
        ("China, Hong Kong Special Administrative Region", "HK"),
        ("Region: Crimea", "UA"),
        ("possibly Palestinian", "PS"),
        ("China", "CN"),
        ("undetermined", None),
        ("", None),
    ],
)
def test_country_names(name, code):
    assert country_code(name) == code


def test_every_override_is_a_real_country_code():
    from yipay.core.countries import country

    assert all(country(code) == code for code in OVERRIDES.values() if code is not None)


# -- our CSV layout --------------------------------------------------------------------------
GOOD_CSV = (
    "id,name,kind,aliases,countries,birth_dates,programs,remarks\n"
    'CN-1,"KARLOV, Dmitri",person,~DIMA|Dmitry Karlov,ru|CN,1971|1972-03-04,AFSL,"a, b"\n'
    "CN-2,Blue Lagoon FZE,organization,,,,,\n"
    ",,,,,,,\n"
)


def test_our_csv_layout():
    first, second = load_csv_list(GOOD_CSV.encode(), list_name="cn-afsl")
    assert first == ListEntry(
        source="csv:cn-afsl",
        entry_id="CN-1",
        kind="person",
        names=(
            ListedName("KARLOV, Dmitri", "strong", "primary"),
            ListedName("DIMA", "weak", "aka"),
            ListedName("Dmitry Karlov", "strong", "aka"),
        ),
        countries=("RU", "CN"),
        birth_dates=("1971", "1972-03-04"),
        programs=("AFSL",),
        remarks="a, b",
    )
    assert second.names == (ListedName("Blue Lagoon FZE"),)
    assert second.countries == ()


def test_the_documented_example_loads():
    text = (Path(__file__).resolve().parents[2] / "docs" / "operations.md").read_text()
    section = text[text.index("### Our CSV layout") :]
    example = section.split("```\n")[1]
    entries = load_csv_list(example.encode(), list_name="example")
    assert [e.entry_id for e in entries] == ["CN-0001", "CN-0002"]
    assert json.dumps([e.entry_id for e in entries])


# -- malformed input: one line naming the file ------------------------------------------------
def _refused(call, *args, **kwargs) -> str:
    with pytest.raises(WatchlistError) as caught:
        call(*args, **kwargs)
    assert caught.value.code == "watchlist_invalid"
    message = caught.value.message
    assert "\n" not in message
    assert "Traceback" not in message
    return message


def test_malformed_un_xml_is_refused_naming_the_file():
    data = UN.read_bytes()
    message = _refused(load_un_xml, data[: len(data) // 2], name="un.xml")
    assert message.startswith("un.xml: not well-formed XML")
    doctype = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><CONSOLIDATED_LIST/>'
    assert "DOCTYPE" in _refused(load_un_xml, doctype, name="un.xml")
    assert "CONSOLIDATED_LIST" in _refused(load_un_xml, b"<OTHER/>", name="un.xml")
    assert "empty" in _refused(load_un_xml, b"", name="un.xml")
    nameless = (
        b"<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>7</DATAID><FIRST_NAME/>"
        b"</INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>"
    )
    assert _refused(load_un_xml, nameless, name="un.xml") == (
        "un.xml: INDIVIDUAL #1 (line 1) (DATAID 7): no name"
    )
    no_id = nameless.replace(b"<DATAID>7</DATAID>", b"")
    assert "DATAID" in _refused(load_un_xml, no_id, name="un.xml")


def test_malformed_ofac_csv_is_refused_naming_the_file_and_row():
    sdn, alt, add, comments = _ofac_bytes()
    short = sdn.replace(b'"individual","SDNT",-0- ,', b'"individual","SDNT",', 1)
    assert _refused(load_ofac_sdn, short, alt, add, comments, origin="ofac/").startswith(
        "ofac/sdn.csv: row 79: expected 12 columns, got 11"
    )
    bad_type = sdn.replace(b'"HERMANN","vessel"', b'"HERMANN","ship"')
    assert "ofac/sdn.csv: row 84: unknown SDN_Type 'ship'" in _refused(
        load_ofac_sdn, bad_type, alt, add, comments, origin="ofac/"
    )
    assert "alt.csv: row 1: ent_num" in _refused(load_ofac_sdn, sdn, b"x,1,aka,N,-0-", add, None)
    assert "add.csv: not UTF-8" in _refused(load_ofac_sdn, sdn, alt, b"\xff\xfe", None)
    repeated = sdn + b"\n" + sdn.splitlines()[0]
    assert "repeats row 1" in _refused(load_ofac_sdn, repeated, alt, add, None)
    quote = b'1,"OPEN QUOTE,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n'
    assert _refused(load_ofac_sdn, quote, alt, add, None).startswith("sdn.csv: row")


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ("CN-1,A,person,,,\n", "row 2: expected 8 columns, got 6"),
        ("CN-1,A,person,,,,,,\n", "row 2: expected 8 columns, got 9"),
        ("CN-1,A,ship,,,,,\n", "row 2: unknown kind 'ship'"),
        ("CN-1,A,person,,XX,,,\n", "row 2: country 'XX' is not an ISO 3166"),
        ("CN-1,A,person,,,1971-13-01,,\n", "row 2: birth date '1971-13-01'"),
        ("CN-1,,person,,,,,\n", "row 2: entry CN-1 has no name"),
        ("CN-1,A,person,,,,,\nCN-1,B,person,,,,,\n", "row 3: id 'CN-1' repeats row 2"),
        ('CN-1,"A,person,,,,,\n', "row"),
    ],
)
def test_malformed_csv_list_is_refused_naming_the_file_and_row(body, fragment):
    data = ("id,name,kind,aliases,countries,birth_dates,programs,remarks\n" + body).encode()
    message = _refused(load_csv_list, data, list_name="internal", name="lists/internal.csv")
    assert message.startswith("lists/internal.csv: ")
    assert fragment in message


def test_csv_list_header_and_list_name_are_checked():
    assert "row 1: the header must be" in _refused(
        load_csv_list, b"id,name\nA,B\n", list_name="internal"
    )
    assert "list name" in _refused(load_csv_list, GOOD_CSV.encode(), list_name="Bad Name!")


def test_the_loaders_import_no_database_or_web_framework():
    import subprocess
    import sys

    code = (
        "import sys, yipay.screening.loaders;"
        " print(sorted(m for m in ('sqlalchemy', 'alembic', 'fastapi', 'pydantic', 'typer')"
        " if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
