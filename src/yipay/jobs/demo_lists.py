"""The demo's own watchlist: fictional listed parties, so the demo screens without `../shared`.

A handful of invented names (people, companies, a vessel) in our CSV list layout, plus two
payers the simulator made third-party payers: the list names them in a slightly different
spelling, as lists do, so the demo shows the matcher catching a variant and the money frozen.
"""

from __future__ import annotations

import csv
import io

from yipay.screening.matcher import DEFAULT_THRESHOLD, compare
from yipay.screening.names import normalize
from yipay.simulate import MarketDataset

LIST_NAME = "demo-fictional"
HEADER = ["id", "name", "kind", "aliases", "countries", "birth_dates", "programs", "remarks"]
FICTIONAL = [
    ["DEMO-001", "KARLOV, Dmitri Sergeyevich", "person", "~DIMA", "RU", "1971", "DEMO", ""],
    [
        "DEMO-002",
        "Blue Lagoon Trading FZE",
        "organization",
        "Blue Lagoon General Trading",
        "AE",
        "",
        "DEMO",
        "",
    ],
    ["DEMO-003", "Oceanic Spirit", "vessel", "", "", "", "DEMO", "IMO 9999999"],
    [
        "DEMO-004",
        "Hassan Abdel-Karim Nouri",
        "person",
        "Hasan Abd al Karim Nuri",
        "IR",
        "1966",
        "DEMO",
        "",
    ],
    ["DEMO-005", "Golden Crescent Exchange LLC", "organization", "", "TR", "", "DEMO", ""],
]


def _respelt(name: str) -> str:
    """The payer's name as a list would write it: upper case; a person family name first."""
    form = normalize(name)
    parts = name.split()
    if form.legal or len(parts) < 2:
        return name.upper()  # an organisation keeps its word order
    return f"{parts[-1].upper()}, {' '.join(parts[:-1])}"


def _stands_apart(name: str, others: list[str]) -> bool:
    """No other party of the market matches the name: listing it must catch that payer only."""
    return all(compare(name, other).value < DEFAULT_THRESHOLD for other in others if other != name)


def fictional_list(data: MarketDataset, *, listed_payers: int = 2) -> bytes:
    """The list as CSV bytes: the fictional entries and `listed_payers` simulated payers that
    paid as foreign third parties and whose names no other party of the market shares."""
    third_party = {
        label.entity_id
        for label in data.labels
        if label.entity_type == "payment" and label.typology == "third_party_foreign"
    }
    others = [b.name for b in data.buyers] + [m.legal_name for m in data.merchants]
    others += [p.payer_name for p in data.payments if p.reference not in third_party]
    chosen: list[str] = []
    for payment in sorted(data.payments, key=lambda p: p.reference):
        name = payment.payer_name
        if len(chosen) == listed_payers:
            break
        if payment.reference not in third_party or name in chosen or not name.isascii():
            continue
        if _stands_apart(name, others):
            chosen.append(name)
    rows = [*FICTIONAL]
    rows += [
        [f"DEMO-P{n:02d}", _respelt(name), "unknown", "", "", "", "DEMO", "simulated payer"]
        for n, name in enumerate(chosen, start=1)
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode()
