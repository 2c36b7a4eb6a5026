"""Screening over HTTP: names against the lists in force, pairs, list versions; staff only."""

from __future__ import annotations

import pytest

from tests.api.conftest import Api, assert_problem
from yipay.screening.loaders.csv_list import load_csv_list

LIST = (
    "id,name,kind,aliases,countries,birth_dates,programs,remarks\n"
    'T-1,"DRAGAN, Viktor Ivanovich",person,,RS,1970,TEST,\n'
    "T-2,Golden Crescent Exchange LLC,organization,,TR,,TEST,\n"
)


@pytest.fixture
def listed(api: Api) -> Api:
    c = api.container
    with c.uow() as uow:
        entries = load_csv_list(LIST.encode(), list_name="internal")
        c.watchlists.import_list(uow, "csv:internal", entries, digest="d1", by="compliance")
        uow.commit()
    c.process()
    return api


def test_names_are_screened_with_hits_explained_and_versions_named(listed: Api):
    response = listed.post(
        "/screening/names",
        {
            "queries": [
                {"query_id": "q1", "name": "Viktor Dragan", "kind": "person", "country": "RS"},
                {"query_id": "q2", "name": "Li Ming"},
            ]
        },
        user="analyst",
        key="",
    )
    assert response.status_code == 200, response.text
    q1, q2 = response.json()
    assert (q1["query_id"], q1["matched"]) == ("q1", True)
    [hit] = q1["hits"]
    assert (hit["list_source"], hit["list_version"], hit["entry_id"]) == ("csv:internal", 1, "T-1")
    assert hit["matcher_version"].startswith("names-")
    assert "names=" in hit["explanation"]
    assert q1["score"] == hit["score"]
    assert (q2["matched"], q2["hits"], q2["score"]) == (False, [], 0.0)


def test_pairs_are_scored_without_a_list(api: Api):
    response = api.post(
        "/screening/pairs",
        {"pairs": [{"pair_id": "p1", "name_a": "Muhammad al-Rashid", "name_b": "Mohammed Rashid"}]},
        user="analyst",
    )
    assert response.status_code == 200, response.text
    [pair] = response.json()
    assert pair["pair_id"] == "p1"
    assert pair["matched"] is True
    assert 0.8 <= pair["score"] <= 1.0


def test_the_threshold_is_the_callers_to_raise(listed: Api):
    body = {"queries": [{"query_id": "q1", "name": "Viktor Dragan"}], "threshold": 0.99}
    [answer] = listed.post("/screening/names", body, user="analyst").json()
    assert answer["matched"] is False


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"queries": []}, "no queries given"),
        ({"queries": [{"query_id": "q1", "name": "x", "kind": "ship"}]}, "kind must be one of"),
        ({"queries": [{"query_id": "q1", "name": "x", "country": "CHN"}]}, "alpha-2"),
        ({"queries": [{"query_id": "q1", "name": "x"}] * 2}, "appears twice"),
        ({"queries": [{"query_id": "q1", "name": "x"}], "threshold": 1.5}, "threshold must lie"),
    ],
)
def test_bad_queries_get_a_problem(listed: Api, body, message):
    body_out = assert_problem(listed.post("/screening/names", body, user="analyst"), 422)
    assert message in body_out["detail"]


def test_names_before_any_list_is_imported_get_a_problem(api: Api):
    body = {"queries": [{"query_id": "q1", "name": "x"}]}
    problem = assert_problem(api.post("/screening/names", body, user="analyst"), 422)
    assert "no watchlist imported yet" in problem["detail"]


def test_merchants_never_see_screening(listed: Api):
    body = {"queries": [{"query_id": "q1", "name": "Viktor Dragan"}]}
    assert_problem(listed.post("/screening/names", body, user="shop_a"), 403)
    assert_problem(listed.get("/watchlists", user="shop_a"), 403)


def test_the_list_versions_are_listed(listed: Api):
    [version] = listed.get("/watchlists", user="auditor").json()
    assert (version["source"], version["version"], version["added"]) == ("csv:internal", 1, 2)
