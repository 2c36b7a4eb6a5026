"""The lookup files trade rules join: the packaged ones are valid, bad ones are refused clearly."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from yipay.monitoring.rules.lookups import (
    GoodsKeyword,
    LookupTableError,
    goods_keywords,
    high_risk_countries,
    third_party_hubs,
    write_goods_keywords,
    write_lookup_tables,
)

YIWU_CHAPTERS = {"39", "42", "61", "62", "63", "64", "65", "67", "69", "71", "73", "83", "85"}
YIWU_CHAPTERS |= {"94", "95", "96"}
COVER_CHAPTERS = {"24", "27", "30", "84", "87"}
LANGUAGES = {"en", "zh", "es", "ru", "ar", "fr"}


def test_packaged_keywords_cover_every_yiwu_chapter_in_six_languages() -> None:
    rows = goods_keywords()
    for chapter in YIWU_CHAPTERS:
        languages = {r.language for r in rows if r.chapter == chapter}
        assert languages >= LANGUAGES, (chapter, LANGUAGES - languages)
    assert {r.chapter for r in rows} >= COVER_CHAPTERS


def test_keywords_become_whole_word_stem_or_anywhere_needles() -> None:
    assert GoodsKeyword("95", "en", "toys").needle == " toys "
    assert GoodsKeyword("95", "es", "juguete*").needle == " juguete"
    assert GoodsKeyword("63", "en", "bed sheet*").needle == " bed sheet"
    assert GoodsKeyword("95", "zh", "玩具").needle == "玩具"
    assert GoodsKeyword("42", "ar", "حقائب").needle == "حقائب"


def test_a_keyword_head_is_its_first_word_spaced_like_its_needle() -> None:
    assert GoodsKeyword("95", "en", "toys").head == " toys "
    assert GoodsKeyword("63", "en", "bed sheet*").head == " bed "
    assert GoodsKeyword("95", "es", "juguete*").head == " juguete"
    assert GoodsKeyword("27", "ar", "زيت خام").head == "زيت "
    assert GoodsKeyword("95", "zh", "玩具").head == "玩具"


def test_packaged_countries_list_the_embargoed_and_offshore_centres() -> None:
    kinds = {(r.country, r.kind) for r in high_risk_countries()}
    assert {("KP", "sanctioned"), ("IR", "sanctioned"), ("VG", "offshore")} <= kinds
    assert ("MM", "high_risk") in kinds
    assert not {c for c, _ in kinds} & {"CN", "HK", "AE", "US"}


def test_packaged_hubs_are_the_third_party_centres_of_this_market() -> None:
    hubs = third_party_hubs()
    assert {"HK", "AE", "TR"} <= set(hubs)
    assert not {"CN", "VG", "NG"} & set(hubs)


def test_a_bad_hub_file_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "h.csv"
    source.write_text("country\nHK\nHongkong\n", encoding="utf-8")
    with pytest.raises(LookupTableError, match="line 3: 'Hongkong' is not an ISO 3166 alpha-2"):
        third_party_hubs(source)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("9,en,toys", "line 2: chapter '9' is not two digits"),
        ("95,english,toys", "line 2: language 'english' is not an ISO 639-1 code"),
        ("95,en,Toys", "line 2: keyword 'Toys' must be lower-case"),
        ("95,en,t-shirt", "line 2: keyword 't-shirt' holds '-', which the text never keeps"),
        ("95,en,to*ys", "line 2: keyword 'to*ys': * may only end a stem"),
        ("95,en,to*", "line 2: stem 'to*' is shorter than 3 letters"),
        ("95,en,bed  sheet", "line 2: keyword 'bed  sheet': words are separated by one space"),
        ("95,en", "line 2: expected 3 columns"),
    ],
)
def test_a_bad_keyword_file_is_refused_with_its_line(
    tmp_path: Path, line: str, reason: str
) -> None:
    source = tmp_path / "kw.csv"
    source.write_text(f"chapter,language,keyword\n{line}\n", encoding="utf-8")
    with pytest.raises(LookupTableError) as error:
        write_goods_keywords(tmp_path / "out.parquet", source)
    assert str(error.value) == f"{source}: {reason}"
    assert not (tmp_path / "out.parquet").exists()


def test_comments_are_skipped_and_duplicates_refused(tmp_path: Path) -> None:
    source = tmp_path / "kw.csv"
    source.write_text("# doc\nchapter,language,keyword\n# 95\n95,en,toys\n95,en,toys\n", "utf-8")
    with pytest.raises(LookupTableError, match=r"line 5: 95,en,toys is listed twice"):
        goods_keywords(source)


def test_a_bad_country_file_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "c.csv"
    source.write_text("country,kind\nIR,embargoed\n", encoding="utf-8")
    with pytest.raises(LookupTableError, match="line 2: kind 'embargoed' is not one of"):
        high_risk_countries(source)
    source.write_text("land,kind\n", encoding="utf-8")
    with pytest.raises(LookupTableError, match="line 1: header must be country,kind"):
        high_risk_countries(source)


def test_lookup_tables_are_written_as_parquet_for_the_engines(tmp_path: Path) -> None:
    paths = write_lookup_tables(tmp_path)
    assert set(paths) == {"goods_keywords", "high_risk_countries", "third_party_hubs"}
    keywords = pq.read_table(paths["goods_keywords"])
    assert keywords.column_names == ["chapter", "language", "keyword", "needle", "head"]
    assert keywords.num_rows == len(goods_keywords())
    assert pq.read_table(paths["high_risk_countries"]).column_names == ["country", "kind"]
    assert pq.read_table(paths["third_party_hubs"]).column_names == ["country"]
