"""`yipay watchlists` end to end on SQLite (Typer's CliRunner) with the shipped snapshots."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from tests.conftest import SHARED_DATA
from tests.support.cli import ok
from yipay.screening.errors import WatchlistError

OFAC = SHARED_DATA / "watchlists" / "ofac"
UN = SHARED_DATA / "watchlists" / "un" / "UN_consolidated.xml"
CSV = (
    "id,name,kind,aliases,countries,birth_dates,programs,remarks\n"
    "I-1,Golden Crescent Exchange LLC,organization,~GCE,TR,,INTERNAL,\n"
)


def test_import_the_shipped_lists_and_list_the_versions(cli, tmp_path):
    ofac = ok(cli("watchlists", "import", "--source", "ofac-sdn-csv", str(OFAC)))
    assert ofac == {
        "source": "ofac-sdn",
        "version": 1,
        "unchanged": False,
        "added": 7379,
        "changed": 0,
        "removed": 0,
        "total": 7379,
    }
    un = ok(cli("watchlists", "import", "--source", "un-xml", str(UN)))
    assert (un["source"], un["version"], un["added"], un["total"]) == ("un", 1, 1003, 1003)
    again = ok(cli("watchlists", "import", "--source", "ofac-sdn-csv", str(OFAC)))
    assert again["unchanged"] is True
    assert again["version"] == 1

    listed = tmp_path / "internal.csv"
    listed.write_text(CSV)
    own = ok(cli("watchlists", "import", "--source", "csv", str(listed), "--list", "internal"))
    assert (own["source"], own["added"]) == ("csv:internal", 1)

    # a new OFAC release without sdn_comments.csv and one entry fewer: a second version
    release = tmp_path / "ofac"
    release.mkdir()
    for name in ("alt.csv", "add.csv"):
        shutil.copyfile(OFAC / name, release / name)
    lines = (OFAC / "sdn.csv").read_bytes().splitlines(keepends=True)
    (release / "sdn.csv").write_bytes(b"".join(line for line in lines if b"4234," not in line))
    change = ok(cli("watchlists", "import", "--source", "ofac-sdn-csv", str(release)))
    # 4234 gone; 12300, 15599, 15600 lose the remarks sdn_comments.csv continued
    assert (change["version"], change["removed"], change["changed"]) == (2, 1, 3)
    assert change["total"] == 7378

    versions = ok(cli("watchlists", "versions"))
    assert [(v["source"], v["version"], v["total"]) for v in versions] == [
        ("ofac-sdn", 1, 7379),
        ("un", 1, 1003),
        ("csv:internal", 1, 1),
        ("ofac-sdn", 2, 7378),
    ]
    assert versions[0]["digest"].startswith("sdn.csv=")
    assert "sdn_comments.csv=" in versions[0]["digest"]
    only = ok(cli("watchlists", "versions", "--source", "un"))
    assert [v["id"] for v in only] == ["un@1"]


def test_bad_input_is_refused_before_anything_is_imported(cli, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("id,name,kind,aliases,countries,birth_dates,programs,remarks\nX,Y,ship,,,,,\n")
    result = cli("watchlists", "import", "--source", "csv", str(bad), "--list", "x", catch=True)
    assert isinstance(result.exception, WatchlistError)
    assert str(result.exception) == (
        f"{bad}: row 2: unknown kind 'ship' (expected person, organization, vessel, aircraft,"
        " unknown)"
    )
    missing = cli("watchlists", "import", "--source", "ofac-sdn-csv", str(tmp_path / "none"))
    assert missing.exit_code == 1
    assert "not a directory" in missing.stderr
    no_list = cli("watchlists", "import", "--source", "csv", str(bad))
    assert no_list.exit_code == 1
    assert "--list" in no_list.stderr
    assert ok(cli("watchlists", "versions")) == []


def test_the_console_script_prints_one_line_for_a_malformed_file(sqlite_url, tmp_path):
    broken = tmp_path / "consolidated.xml"
    broken.write_bytes(UN.read_bytes()[:5000])
    env = {**os.environ, "YIPAY_DATABASE_URL": sqlite_url, "YIPAY_DATA_DIR": str(tmp_path)}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "yipay.entrypoints.cli.main",
            "watchlists",
            "import",
            "--source",
            "un-xml",
            str(broken),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env=env,
        cwd=tmp_path,
    )
    assert done.returncode == 1
    assert done.stderr.startswith(f"error: {broken}: not well-formed XML")
    assert done.stderr.count("\n") == 1
    assert "Traceback" not in done.stderr
