"""Name screening for staff: names against the lists in force, pairs of names, list versions.

The two POSTs are queries (nothing is stored), sent as POST only because a batch of names does
not fit a URL; they need no `Idempotency-Key`. Hits are compliance information: merchants' users
never reach these routes (no tipping-off).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from yipay.access.domain import Permission
from yipay.core.errors import InvalidInput
from yipay.entrypoints.api.deps import Container_, require
from yipay.entrypoints.api.schemas import ScreenNamesIn, ScreenPairsIn
from yipay.screening.queries import name_pair, name_query, threshold, unique_ids

router = APIRouter(tags=["screening"])
P = Permission
MAX_ITEMS = 1_000


def _size(items: list[Any], what: str) -> None:
    if not items:
        raise InvalidInput(f"no {what} given")
    if len(items) > MAX_ITEMS:
        raise InvalidInput(f"at most {MAX_ITEMS} {what} per request, got {len(items)}")


@router.post("/screening/names", dependencies=[require(P.ALERTS_READ)])
def screen_names(body: ScreenNamesIn, c: Container_) -> list[dict[str, Any]]:
    """Each name against every list in force: matched at the threshold, with up to five hits
    (list, entry id, names, score, explanation, matcher version) best first."""
    _size(body.queries, "queries")
    cut = threshold(body.threshold, c.settings.screening_threshold)
    queries = unique_ids(
        [
            name_query(
                f"queries[{n}]",
                q.query_id,
                q.name,
                q.kind or "",
                q.country or "",
                q.birth_date or "",
            )
            for n, q in enumerate(body.queries)
        ],
        "queries",
    )
    with c.uow() as uow:
        index = c.screening.index(uow)
        versions = c.watchlists.latest_versions(uow)
    if index is None:
        raise InvalidInput("no watchlist imported yet")
    answers = []
    for q in queries:
        found = index.search(
            q.name, kind=q.kind, country=q.country, birth_date=q.birth_date, threshold=cut
        )
        answers.append(
            {
                "query_id": q.query_id,
                "matched": bool(found),
                "score": found[0].score if found else 0.0,
                "hits": [
                    {
                        "list_source": h.source,
                        "list_version": versions.get(h.source),
                        "entry_id": h.entry_id,
                        "entry_name": h.entry_name,
                        "matched_name": h.matched_name,
                        "score": h.score,
                        "explanation": h.explanation,
                        "matcher_version": h.matcher_version,
                    }
                    for h in found
                ],
            }
        )
    return answers


@router.post("/screening/pairs", dependencies=[require(P.ALERTS_READ)])
def screen_pairs(body: ScreenPairsIn, c: Container_) -> list[dict[str, Any]]:
    """Two names compared without any list: score in [0, 1], matched at the threshold."""
    from yipay.screening.matcher import MATCHER_VERSION, compare

    _size(body.pairs, "pairs")
    cut = threshold(body.threshold, c.settings.screening_threshold)
    answers = []
    for n, p in enumerate(body.pairs):
        pair = name_pair(f"pairs[{n}]", p.pair_id, p.name_a, p.name_b, p.kind or "")
        score = compare(pair.name_a, pair.name_b, pair.kind)
        answers.append(
            {
                "pair_id": pair.pair_id,
                "score": round(score.value, 4),
                "matched": score.value >= cut,
                "explanation": score.describe(),
                "matcher_version": MATCHER_VERSION,
            }
        )
    return answers


@router.get("/watchlists", dependencies=[require(P.ALERTS_READ)])
def watchlist_versions(c: Container_) -> list[dict[str, Any]]:
    """Every imported list version: who imported it, when, and what it added, changed, removed."""
    with c.uow() as uow:
        return [v.as_json() for v in c.watchlists.versions(uow)]
