"""Fixtures for the rules on goods, dates and declarations (typologies 5, 6, 7, 11).

Each `Case` is a dataset and the exact evidence rows `(subject, window, txn, measure)` the rule
must return on it; an empty list marks a benign look-alike on which it must stay silent.
"""

from __future__ import annotations

from decimal import Decimal

from tests.monitoring.trade_cases_money import pay, trade
from tests.monitoring.trade_rule_runner import Case, Dataset, Row, d
from yipay.monitoring.rules import (
    collection_timing,
    goods_mismatch,
    over_goods_value,
    split_declarations,
    unit_price_band,
)


def line(trade_id: str, hs_code: str, price_micro: int, quantity: int = 100, no: int = 1) -> Row:
    return {
        "trade_id": trade_id,
        "line_no": no,
        "hs_code": hs_code,
        "quantity": quantity,
        "unit_price_usd_micro": price_micro,
        "value_usd_minor": price_micro * quantity // 10_000,
    }


# -- typology 5: unit prices against the heading's own band --------------------------------------
# Heading 9503: 29 ordinary lines at USD 1.00-1.28, one at USD 25 (X) and one at 5 cents (Y):
# 31 lines, q1 = rank 8 = 1.06, median = rank 16 = 1.14, q3 = rank 23 = 1.21. X lies above
# 2·1.21²/1.06 ≈ 2.76, Y below 1.06²/(2·1.21) ≈ 0.46. Heading 4202 has five lines: no band.
def _price_data() -> Dataset:
    trades = [trade(f"N{i}", "M1", 100_000, "2026-02-01") for i in range(29)]
    lines = [line(f"N{i}", "950300", 1_000_000 + 10_000 * i) for i in range(29)]
    trades += [trade("X", "M2", 250_000, "2026-02-01"), trade("Y", "M3", 500, "2026-02-01")]
    lines += [line("X", "950300", 25_000_000), line("Y", "950300", 50_000)]
    for i in range(4):
        trades.append(trade(f"H{i}", "M4", 30_000, "2026-02-01"))
        lines.append(line(f"H{i}", "420222", 3_000_000))
    trades.append(trade("H9", "M4", 500_000, "2026-02-01"))
    lines.append(line("H9", "420222", 500_000_000, quantity=1))
    txns = [
        pay("PX1", "M2", 75_000, "2026-02-03", "X"),
        pay("PX2", "M2", 175_000, "2026-02-10", "X"),
        pay("PY1", "M3", 500, "2026-02-04", "Y"),
        pay("PN0", "M1", 100_000, "2026-02-05", "N0"),
        pay("PN28", "M1", 100_000, "2026-02-05", "N28"),
        pay("PH9", "M4", 500_000, "2026-02-05", "H9"),
    ]
    return Dataset(transactions=txns, trades=trades, goods_lines=lines)


PRICES = _price_data()

# -- typology 5: declared and collected against the goods' value ------------------------------
# G1's lines are worth USD 1,000; it is declared at 2,500 and collects 1,500 + 1,000. G2 is
# declared and paid at 1,900 (within 200 %). G3 has no lines. G4 is declared at its goods'
# value and paid twice: over its balance (typology 1), not over-invoiced.
VALUES = Dataset(
    transactions=[
        pay("G11", "M1", 150_000, "2026-02-03", "G1"),
        pay("G12", "M1", 100_000, "2026-02-06", "G1"),
        pay("G21", "M1", 190_000, "2026-02-03", "G2"),
        pay("G31", "M1", 900_000, "2026-02-03", "G3"),
        pay("G41", "M1", 100_000, "2026-02-03", "G4"),
        pay("G42", "M1", 150_000, "2026-02-05", "G4"),
    ],
    trades=[
        trade("G1", "M1", 250_000, "2026-02-01"),
        trade("G2", "M1", 190_000, "2026-02-01"),
        trade("G3", "M1", 100_000, "2026-02-01"),
        trade("G4", "M1", 100_000, "2026-02-01"),
    ],
    goods_lines=[
        line("G1", "630231", 6_000_000, 100, 1),
        line("G1", "630260", 2_000_000, 200, 2),
        line("G2", "630231", 10_000_000, 100),
        line("G4", "630231", 10_000_000, 100),
    ],
)

# -- typology 6: dates of collections against their trades ---------------------------------------
# History ends on 2026-08-31 (LAST). E: paid 40 days before the trade, no prepayment flag.
# P: prepayment whose export came 15 days after its deadline. Q: prepayment never exported,
# deadline 2026-07-01. R: prepayment exported in time. L: paid 200 days after export.
# S: prepayment whose deadline lies after the end of the history.
TIMING = Dataset(
    transactions=[
        pay("E1", "M1", 100_000, "2026-03-22", "E"),
        pay("E2", "M1", 100_000, "2026-04-21", "E"),
        pay("P1", "M2", 100_000, "2026-05-26", "P"),
        pay("P2", "M2", 100_000, "2026-07-10", "P"),
        pay("Q1", "M3", 100_000, "2026-05-28", "Q"),
        pay("R1", "M4", 100_000, "2026-04-11", "R"),
        pay("L1", "M5", 100_000, "2026-08-20", "L"),
        pay("L2", "M5", 100_000, "2026-05-12", "L"),
        pay("S1", "M6", 100_000, "2026-08-01", "S"),
        pay("LAST", "X9", 1_000, "2026-08-31", channel="transfer"),
    ],
    trades=[
        trade("E", "M1", 200_000, "2026-05-01"),
        trade(
            "P",
            "M2",
            200_000,
            "2026-05-31",
            prepayment=True,
            prepayment_deadline_day_no=d("2026-06-20"),
            export_day_no=d("2026-07-05"),
        ),
        trade(
            "Q",
            "M3",
            100_000,
            "2026-05-31",
            prepayment=True,
            prepayment_deadline_day_no=d("2026-07-01"),
        ),
        trade(
            "R",
            "M4",
            100_000,
            "2026-05-31",
            prepayment=True,
            prepayment_deadline_day_no=d("2026-06-20"),
            export_day_no=d("2026-06-10"),
        ),
        trade("L", "M5", 200_000, "2026-01-20", export_day_no=d("2026-02-01")),
        trade(
            "S",
            "M6",
            100_000,
            "2026-08-10",
            prepayment=True,
            prepayment_deadline_day_no=d("2026-09-30"),
        ),
    ],
)

# -- typology 7: remittance text against the goods lines -----------------------------------------
_TEXTS = [  # (trade, HS code of its line, remittance text, evidence?)
    ("K1", "611595", "PAYMENT FOR INV-2026-0012 MOBILE PHONES", True),  # socks paid as phones
    ("K2", "420222", "GOLD BARS AND DIAMONDS", True),  # bags paid as gold
    ("K3", "630231", "CIGARETTES, CRUDE-OIL", True),  # bed sheets: two other chapters
    ("K4", "950300", "手机 货款", True),  # toys paid as mobile phones (Chinese)
    ("K5", "630231", "ثمن الحقائب", True),  # bed sheets paid as bags (Arabic, with article)
    ("K6", "950300", "PAGO FACTURA 123 JUGUETES", False),  # own goods in Spanish
    ("K7", "950300", "ОПЛАТА ЗА ИГРУШКИ", False),  # own goods in Russian
    ("K8", "950300", "玩具款", False),  # own goods in Chinese
    ("K9", "420222", "الحقائب", False),  # own goods in Arabic
    ("K10", "950300", "TOYOTA PARTS", False),  # a word that only starts like "toy"
    ("K11", "711719", "BOUCLES D'OREILLES", False),  # own goods in French, apostrophe
    ("K12", "630231", "PAYMENT", False),  # names no goods
    ("K13", "392690", "PLASTIC CLOTHES HANGERS", False),  # own chapter among others named
    ("K14", "950510", "BALANCE O/B ROBERTO RIVERA FLORES", False),  # names, not goods
    ("K15", "392690", "ACOMPTE COQUES TELEPHONE", False),  # phone cases, not phones (French)
    ("K16", "611595", "PAYMENT " * 26 + "PHONES", True),  # goods past the words looked up
]


def _text_data() -> Dataset:
    txns: list[Row] = []
    trades: list[Row] = []
    lines: list[Row] = []
    for i, (trade_id, hs, text, _) in enumerate(_TEXTS):
        trades.append(trade(trade_id, "M1", 100_000, "2026-02-01"))
        lines.append(line(trade_id, hs, 10_000_000))
        txns.append(
            pay(f"W{trade_id}", "M1", 100_000, f"2026-02-{i + 2:02d}", trade_id, purpose=text)
        )
    trades.append(trade("K99", "M1", 100_000, "2026-02-01"))  # no goods lines: not judged
    txns.append(pay("WK99", "M1", 100_000, "2026-02-20", "K99", purpose="MOBILE PHONES"))
    return Dataset(transactions=txns, trades=trades, goods_lines=lines)


TEXTS = _text_data()
_MEASURES = {"K3": 2}


def _text_evidence() -> list[tuple[str, int, str, int]]:
    return sorted(
        ("M1", d(f"2026-02-{i + 2:02d}"), f"W{trade_id}", _MEASURES.get(trade_id, 1))
        for i, (trade_id, _, _, fires) in enumerate(_TEXTS)
        if fires
    )


# -- typology 11: split declarations -------------------------------------------------------------
def _split_data() -> Dataset:
    spec: list[tuple[str, str, str, str | None, str, int, str]] = [
        # (trade, merchant, buyer, agent, declaration, USD, export day)
        ("S1a", "M1", "B1", "A1", "D1", 70_000, "2026-04-10"),  # agent A1 for B1: D1+D2+D3
        ("S1b", "M2", "B1", "A1", "D1", 50_000, "2026-04-10"),  # = 360k within 3-day gaps
        ("S2", "M1", "B1", "A1", "D2", 100_000, "2026-04-11"),
        ("S3", "M3", "B1", "A1", "D3", 140_000, "2026-04-13"),
        ("S4", "M5", "B2", "A2", "D4", 90_000, "2026-07-19"),  # merchant M5 for B2 across
        ("S5", "M5", "B2", "A3", "D5", 80_000, "2026-07-21"),  # agents A2, A3: 170k
        # look-alikes
        ("S6", "M6", "B3", "A1", "D6", 100_000, "2026-09-01"),  # 10 days apart
        ("S7", "M6", "B3", "A1", "D7", 100_000, "2026-09-11"),
        ("S8", "M7", "B4", "A4", "D8", 60_000, "2026-10-01"),  # together under the cap
        ("S9", "M7", "B4", "A4", "D9", 50_000, "2026-10-02"),
        ("S10", "M8", "B5", "A5", "D10", 160_000, "2026-11-01"),  # over the cap itself
        ("S11", "M8", "B5", "A5", "D11", 50_000, "2026-11-02"),
    ]
    trades = [
        trade(
            t,
            m,
            usd * 100,
            "2026-03-20",
            buyer_id=b,
            agent_id=a,
            declaration_no=dec,
            export_day_no=d(day),
        )
        for t, m, b, a, dec, usd, day in spec
    ]
    # general trade (0110) of the same shape is not market procurement
    trades += [
        trade(
            f"G{i}",
            "M9",
            100_000 * 100,
            "2026-03-20",
            kind="0110",
            buyer_id="B9",
            agent_id="A9",
            declaration_no=f"D9{i}",
            export_day_no=d("2026-05-05"),
        )
        for i in range(3)
    ]
    txns = [pay(f"P{t[0]}", t[1], t[5] * 100, "2026-12-01", t[0]) for t in spec]
    txns += [pay(f"PG{i}", "M9", 100_000 * 100, "2026-12-01", f"G{i}") for i in range(3)]
    return Dataset(transactions=txns, trades=trades)


SPLITS = _split_data()

CASES = [
    Case(
        "lines far above and below their heading's band",
        unit_price_band,
        PRICES,
        [
            ("M2", d("2026-02-03"), "PX1", 2192),  # 25.00 / 1.14
            ("M2", d("2026-02-03"), "PX2", 2192),
            ("M3", d("2026-02-04"), "PY1", 2280),  # 1.14 / 0.05
        ],
    ),
    Case(
        "a heading with less support than required has no band",
        unit_price_band,
        PRICES,
        [],
        overrides={"min_support": Decimal(32)},
    ),
    Case(
        "declared and collected far above the goods' value",
        over_goods_value,
        VALUES,
        [("M1", d("2026-02-03"), "G11", 250), ("M1", d("2026-02-03"), "G12", 250)],
    ),
    Case(
        "collected within the goods' value allowance",
        over_goods_value,
        VALUES,
        [],
        overrides={"max_paid_pct": Decimal(250)},
    ),
    Case(
        "early, prepaid without export, late",
        collection_timing,
        TIMING,
        [
            ("M1", d("2026-03-22"), "E1", 10),  # 40 days early, 10 beyond the limit
            ("M2", d("2026-05-26"), "P1", 15),  # export 15 days past the deadline
            ("M3", d("2026-05-28"), "Q1", 61),  # deadline 1 July, history to 31 August
            ("M5", d("2026-08-20"), "L1", 20),  # 200 days after export
        ],
    ),
    Case(
        "deposits, prepayments in time, balances after export",
        collection_timing,
        Dataset(
            transactions=[
                t
                for t in TIMING.transactions
                if t["txn_id"] in {"E2", "P2", "R1", "L2", "S1", "LAST"}
            ],
            trades=TIMING.trades,
        ),
        [],
    ),
    Case(
        "the early and late limits are parameters",
        collection_timing,
        TIMING,
        [("M2", d("2026-05-26"), "P1", 15), ("M3", d("2026-05-28"), "Q1", 61)],
        overrides={"early_days": Decimal(60), "late_days": Decimal(365)},
    ),
    Case(
        "remittance texts naming other goods",
        goods_mismatch,
        TEXTS,
        _text_evidence(),
    ),
    Case(
        "own goods in six languages, no goods, look-alike words",
        goods_mismatch,
        Dataset(
            transactions=[
                t
                for t in TEXTS.transactions
                if t["trade_ref"] in {x[0] for x in _TEXTS if not x[3]}
            ],
            trades=TEXTS.trades,
            goods_lines=TEXTS.goods_lines,
        ),
        [],
    ),
    Case(
        "declarations split by an agent and by a merchant across agents",
        split_declarations,
        SPLITS,
        sorted(
            [
                (m, d("2026-04-10"), f"P{t}", 36_000_000)
                for t, m in [("S1a", "M1"), ("S1b", "M2"), ("S2", "M1"), ("S3", "M3")]
            ]
            + [
                ("M5", d("2026-07-19"), "PS4", 17_000_000),
                ("M5", d("2026-07-19"), "PS5", 17_000_000),
            ]
        ),
    ),
    Case(
        "declarations apart, under the cap together, or over it alone",
        split_declarations,
        Dataset(
            transactions=SPLITS.transactions,
            trades=[
                t for t in SPLITS.trades if t["declaration_no"] not in {"D1", "D2", "D3", "D4"}
            ],
        ),
        [],
    ),
]
