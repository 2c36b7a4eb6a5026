"""Score the labelled name pairs with OpenSanctions' nomenklatura logic-v2, for comparison.

Runs in a separate venv so nomenklatura never enters our lock file:

    python3.11 -m venv .bench-venv && .bench-venv/bin/pip install nomenklatura
    .bench-venv/bin/python bench/nomenklatura_pairs.py [PAIRS_CSV] [--scores OUT_CSV]

Each pair becomes two FollowTheMoney entities of the pair's schema (`kind` person ->
Person, organization -> Organization, vessel -> Vessel, unknown -> LegalEntity) carrying only
the name, compared with `LogicV2.compare` under its default configuration. Prints P/R/F1 at
logic-v2's conventional match threshold (0.7, yente's default) and the best threshold for
reference; `--scores` writes pair_id,score for the side-by-side table of bench.screening.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import Any

from followthemoney import model
from nomenklatura.matching.logic_v2.model import LogicV2

SCHEMA = {"person": "Person", "organization": "Organization", "vessel": "Vessel"}
THRESHOLD = 0.7


def entity(schema: str, ident: str, name: str) -> Any:
    proxy = model.make_entity(schema)
    proxy.id = ident
    proxy.add("name", name)
    return proxy


def prf(rows: list[tuple[float, bool]], threshold: float) -> tuple[float, float, float]:
    tp = sum(1 for s, y in rows if s >= threshold and y)
    fp = sum(1 for s, y in rows if s >= threshold and not y)
    fn = sum(1 for s, y in rows if s < threshold and y)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> None:
    args = sys.argv[1:]
    out = None
    if "--scores" in args:
        i = args.index("--scores")
        out = args[i + 1]
        del args[i : i + 2]
    path = args[0] if args else "/work/shared/data/screening/name-pairs-dev.csv"
    config = LogicV2.default_config()
    scored: list[tuple[str, float, bool]] = []
    with Path(path).open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            schema = SCHEMA.get(row["kind"], "LegalEntity")
            a = entity(schema, "query-" + row["pair_id"], row["name_a"])
            b = entity(schema, "list-" + row["pair_id"], row["name_b"])
            score = LogicV2.compare(a, b, config).score
            scored.append((row["pair_id"], float(score), row["label"].strip().lower() == "true"))
    rows = [(s, y) for _, s, y in scored]
    p, r, f1 = prf(rows, THRESHOLD)
    best = max((prf(rows, t / 100)[2], t / 100) for t in range(1, 100))
    print(f"logic-v2 pairs={len(rows)} threshold={THRESHOLD} P={p:.3f} R={r:.3f} F1={f1:.3f}")
    print(f"logic-v2 best-threshold={best[1]:.2f} F1={best[0]:.3f}")
    if out:
        with Path(out).open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["pair_id", "score"])
            w.writerows((pid, f"{s:.4f}") for pid, s, _ in scored)


if __name__ == "__main__":
    main()
