"""`yipay screen names|pairs` end to end on SQLite (Typer's CliRunner): files in, files out."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

LIST = (
    "id,name,kind,aliases,countries,birth_dates,programs,remarks\n"
    'T-1,"DRAGAN, Viktor Ivanovich",person,,RS,1970,TEST,\n'
    "T-2,Golden Crescent Exchange LLC,organization,~GCE,TR,,TEST,\n"
    "T-3,Hassan Abdel-Karim Nouri,person,Hasan Abd al Karim Nuri,IR,1966,TEST,\n"
)


def rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def imported(cli: Any, tmp_path: Path) -> None:
    listed = write(tmp_path / "internal.csv", LIST)
    result = cli("watchlists", "import", "--source", "csv", str(listed), "--list", "internal")
    assert result.exit_code == 0, result.stderr


def test_screen_names_writes_one_row_per_query_with_the_best_entry(cli, tmp_path):
    imported(cli, tmp_path)
    queries = write(
        tmp_path / "q.csv",
        "query_id,name,kind,country,birth_date\n"
        "q1,Viktor Dragan,person,RS,1970\n"
        "q2,Golden Cresent Exchange,,,\n"
        "q3,Li Ming,person,CN,\n"
        "q4,حسن عبد الكريم نوري,,,\n",
    )
    out = tmp_path / "hits.csv"
    result = cli("screen", "names", "--input", str(queries), "--output", str(out))
    assert result.exit_code == 0, result.stderr
    got = {r["query_id"]: r for r in rows(out)}
    assert list(rows(out)[0]) == [
        "query_id", "matched", "score", "list_source", "entry_id", "entry_name"
    ]  # fmt: skip
    assert got["q1"]["matched"] == "true"
    assert (got["q1"]["list_source"], got["q1"]["entry_id"]) == ("csv:internal", "T-1")
    assert got["q2"]["entry_id"] == "T-2"
    assert got["q2"]["matched"] == "true"
    assert got["q3"]["matched"] == "false"
    assert got["q4"]["entry_id"] == "T-3"  # Arabic script against a Latin listing
    assert got["q4"]["matched"] == "true"
    assert all(0.0 <= float(r["score"]) <= 1.0 for r in got.values())


def test_the_threshold_decides_matched(cli, tmp_path):
    imported(cli, tmp_path)
    queries = write(tmp_path / "q.csv", "query_id,name\nq1,Viktor Dragan\n")
    out = tmp_path / "hits.csv"
    cli("screen", "names", "--input", str(queries), "--output", str(out), "--threshold", "1.0")
    [row] = rows(out)
    assert float(row["score"]) < 1.0
    assert row["matched"] == "false"
    assert row["entry_id"] == "T-1"  # the best candidate is still named


def test_screen_pairs_needs_no_list(cli, tmp_path):
    pairs = write(
        tmp_path / "pairs.csv",
        "pair_id,name_a,name_b,kind\n"
        "p1,Mohammed Al Rashid,Muhammad al-Rashid,person\n"
        "p2,Zhang Wei,张伟,\n"
        "p3,Yiwu Jinhua Trading Co Ltd,Ocean Star Shipping LLC,organization\n",
    )
    out = tmp_path / "scores.csv"
    result = cli("screen", "pairs", "--input", str(pairs), "--output", str(out))
    assert result.exit_code == 0, result.stderr
    got = {r["pair_id"]: r for r in rows(out)}
    assert list(rows(out)[0]) == ["pair_id", "score", "matched"]
    assert got["p1"]["matched"] == "true"
    assert got["p2"]["matched"] == "true"  # characters against pinyin
    assert got["p3"]["matched"] == "false"
    assert float(got["p3"]["score"]) < 0.5


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("id,name\n1,x\n", "the header needs query_id"),
        ("query_id,name,kind\nq1,x,ship\n", "line 2: kind must be one of"),
        ("query_id,name,country\nq1,x,CHN\n", "line 2: country must be ISO 3166 alpha-2"),
        ("query_id,name,birth_date\nq1,x,12/05/1970\n", "line 2: birth_date must be YYYY"),
        ("query_id,name\nq1,x\nq1,y\n", "query_id 'q1' appears twice"),
        ("query_id,name\n,x\n", "line 2: query_id is empty"),
    ],
)
def test_bad_queries_fail_with_one_line_and_write_nothing(cli, tmp_path, text, message):
    imported(cli, tmp_path)
    queries = write(tmp_path / "q.csv", text)
    out = tmp_path / "hits.csv"
    result = cli("screen", "names", "--input", str(queries), "--output", str(out))
    assert result.exit_code == 1
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_names_without_any_list_imported_is_refused(cli, tmp_path):
    queries = write(tmp_path / "q.csv", "query_id,name\nq1,x\n")
    result = cli("screen", "names", "--input", str(queries), "--output", str(tmp_path / "o.csv"))
    assert result.exit_code == 1
    assert "no watchlist imported yet" in result.stderr


def test_missing_input_and_bad_threshold_are_refused(cli, tmp_path):
    missing = cli("screen", "pairs", "--input", str(tmp_path / "nope.csv"), "--output", "o.csv")
    assert missing.exit_code == 1
    assert "no such file" in missing.stderr
    pairs = write(tmp_path / "p.csv", "pair_id,name_a,name_b\np1,a,b\n")
    bad = cli("screen", "pairs", "--input", str(pairs), "--output", "o.csv", "--threshold", "2")
    assert bad.exit_code == 1
    assert "--threshold must lie in [0, 1]" in bad.stderr
