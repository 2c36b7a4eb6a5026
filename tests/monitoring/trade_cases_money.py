"""Fixtures for the rules on collections, balances, declarations and parties (typologies 1-3, 8).

Each `Case` is a dataset and the exact evidence rows `(subject, window, txn, measure)` the rule
must return on it; an empty list marks a benign look-alike on which it must stay silent.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tests.monitoring.trade_rule_runner import Case, Dataset, Row, d
from yipay.monitoring.rules import (
    declaration_reuse,
    jurisdiction,
    no_trade,
    offshore_shell,
    over_balance,
    third_party_trade,
    used_up_trade,
)


def at(day: str, hour: int = 4) -> str:
    """A time on `day` (UTC 04:00 is noon in Shanghai, the same calendar day)."""
    return f"{day}T{hour:02d}:00:00+00:00"


def pay(txn: str, payee: str, cents: int, day: str, ref: str | None = None, **extra: Any) -> Row:
    row: Row = {
        "txn_id": txn,
        "ts": at(day, extra.pop("hour", 4)),
        "payer_id": extra.pop("payer", "P1"),
        "payee_id": payee,
        "amount_minor": cents,
        "currency": "USD",
        "channel": "collection",
        "trade_ref": ref,
    }
    row.update(extra)
    return row


def trade(trade_id: str, merchant: str, cents: int, day: str, **extra: Any) -> Row:
    row: Row = {
        "trade_id": trade_id,
        "merchant_id": merchant,
        "buyer_id": "B1",
        "buyer_country": "NG",
        "kind": "1039",
        "trade_day_no": d(day),
        "amount_minor": cents,
        "currency": "USD",
        "amount_usd_minor": cents,
    }
    row.update(extra)
    return row


# -- typology 1: no trade -------------------------------------------------------------------------

NO_TRADE = Dataset(
    transactions=[
        pay("NT1", "M1", 500_000, "2026-03-02"),  # names no trade
        pay("NT2", "M1", 200_000, "2026-03-02", "TR-GHOST"),  # names a trade nobody holds
        pay("NT3", "M2", 300_000, "2026-03-03", channel=None),  # no channel, paid to a merchant
        # look-alikes
        pay("OK1", "M1", 300_000, "2026-03-02", "TR1"),  # pays a real trade
        pay("OK2", "M1", 90_000, "2026-03-02"),  # below the floor
        pay("OK3", "W1", 800_000, "2026-03-04", channel="settlement"),  # not a collection
        pay("OK4", "X9", 800_000, "2026-03-04", channel=None),  # no channel, not a merchant
        pay("OK5", "M1", 500_000, "2026-03-04", currency="EUR"),  # no USD equivalent known
    ],
    trades=[trade("TR1", "M1", 1_000_000, "2026-02-20"), trade("TR2", "M2", 10_000, "2026-02-20")],
)

# -- typology 1 and 2: one trade's balance --------------------------------------------------------
# TR1 deposit + balance less bank charges, then the charges topped up: normal.
# TR2 over-run while open (typology 1), then paid into twice more (used up: typology 2).
# TR3 in EUR over-paid in USD, through USD equivalents. TR4 over-paid within the tolerance.
# TR5 paid in full twice. TR6 presented by another merchant (M2) while still open. TR7 (USD
# 1,000) rounded up to 1,150: 15 % over but less than the USD 200 tolerated. TR8, a USD 80
# parcel, paid twice: the USD 200 covers at most a quarter of it.
BALANCES = Dataset(
    transactions=[
        pay("A1", "M1", 300_000, "2026-03-02", "TR1"),
        pay("A2", "M1", 698_500, "2026-03-09", "TR1"),
        pay("A3", "M1", 1_500, "2026-03-10", "TR1"),
        pay("B1", "M1", 300_000, "2026-03-02", "TR2"),
        pay("B2", "M1", 900_000, "2026-03-05", "TR2"),
        pay("B3", "M1", 50_000, "2026-03-08", "TR2"),
        pay("B4", "M1", 50_000, "2026-03-09", "TR2"),
        pay("C1", "M1", 1_150_000, "2026-03-05", "TR3"),
        pay("D1", "M1", 1_015_000, "2026-03-05", "TR4"),
        pay("E1", "M1", 1_000_000, "2026-03-03", "TR5"),
        pay("E2", "M1", 1_000_000, "2026-03-20", "TR5"),
        pay("F1", "M2", 400_000, "2026-03-06", "TR6"),
        pay("G1", "M1", 115_000, "2026-03-06", "TR7"),
        pay("H1", "M1", 8_000, "2026-03-06", "TR8"),
        pay("H2", "M1", 8_000, "2026-03-09", "TR8"),
    ],
    trades=[
        trade("TR1", "M1", 1_000_000, "2026-02-20"),
        trade("TR2", "M1", 1_000_000, "2026-02-20"),
        trade("TR3", "M1", 1_000_000, "2026-02-20", currency="EUR", amount_usd_minor=1_080_000),
        trade("TR4", "M1", 1_000_000, "2026-02-20"),
        trade("TR5", "M1", 1_000_000, "2026-02-20"),
        trade("TR6", "M1", 1_000_000, "2026-02-20"),
        trade("TR7", "M1", 100_000, "2026-02-20"),
        trade("TR8", "M1", 8_000, "2026-02-20", kind="9610"),
    ],
)
# C1 consumes floor(1_150_000 × 1_000_000 / 1_080_000) = 1_064_814 EUR cents: 648 bp over.

# -- typology 2: one declaration for two buyers or two agents ------------------------------------
# DEC-1: the slices of M1 and M2 (buyer B1, agent A1) share it as 1039 consolidation does; TC
# names it for another buyer, TD through another agent. DEC-2 has two slices, both consistent.
# DEC-3 is named by two trades that disagree and neither is the majority: both are reported.
DECLARATIONS = Dataset(
    transactions=[
        pay("TA1", "M1", 400_000, "2026-03-12", "TA"),
        pay("TB1", "M2", 300_000, "2026-03-12", "TB"),
        pay("TC1", "M3", 200_000, "2026-03-18", "TC"),
        pay("TC2", "M3", 500_000, "2026-03-25", "TC"),
        pay("TD1", "M1", 250_000, "2026-03-26", "TD"),
        pay("TE1", "M4", 250_000, "2026-03-26", "TE"),
        pay("TF1", "M5", 250_000, "2026-03-27", "TF"),
        pay("TG1", "M6", 250_000, "2026-03-27", "TG"),
        pay("TH1", "M7", 250_000, "2026-03-28", "TH"),
    ],
    trades=[
        trade("TA", "M1", 400_000, "2026-03-10", declaration_no="DEC-1", agent_id="A1"),
        trade("TB", "M2", 300_000, "2026-03-11", declaration_no="DEC-1", agent_id="A1"),
        trade(
            "TC", "M3", 700_000, "2026-03-20", declaration_no="DEC-1", agent_id="A1", buyer_id="B2"
        ),
        trade("TD", "M1", 250_000, "2026-03-21", declaration_no="DEC-1", agent_id="A2"),
        trade("TE", "M4", 250_000, "2026-03-21", declaration_no="DEC-2", agent_id="A1"),
        trade("TF", "M5", 250_000, "2026-03-22", declaration_no="DEC-2", agent_id="A1"),
        trade("TG", "M6", 250_000, "2026-03-22", declaration_no="DEC-3", agent_id="A6"),
        trade(
            "TH", "M7", 250_000, "2026-03-22", declaration_no="DEC-3", agent_id="A7", buyer_id="B7"
        ),
    ],
)

# -- typology 3: third-party payer from another country ------------------------------------------
# P9 is a Turkish company (Istanbul is a trade hub): its first payment, USD 12,000, is reported,
# not its second; P5 pays from Brazil, not a hub, for a Nigerian buyer: both are reported.
THIRD_PARTIES = Dataset(
    transactions=[
        # a hub trader's first collection, at the hub floor
        pay("TP1", "M1", 2_000_000, "2026-04-01", "TT1", payer="P9", payer_country="TR"),
        # look-alikes: the buyer himself from abroad, a third party at home, below threshold,
        # a buyer of unknown country, a country code in other case
        pay("TP2", "M1", 900_000, "2026-04-01", "TT1", payer="B1", payer_country="AE"),
        pay("TP3", "M1", 900_000, "2026-04-01", "TT1", payer="P8", payer_country="NG"),
        pay("TP4", "M1", 400_000, "2026-04-01", "TT1", payer="P7", payer_country="HK"),
        pay("TP5", "M1", 900_000, "2026-04-02", "TT2", payer="P9", payer_country="TR"),
        pay("TP6", "M1", 900_000, "2026-04-02", "TT1", payer="P6", payer_country="ng"),
        pay("TP7", "M1", 900_000, "2026-04-05", "TT1", payer="P9", payer_country="TR"),
        pay("TP8", "M2", 900_000, "2026-04-03", "TT3", payer="P5", payer_country="BR"),
        pay("TP9", "M2", 900_000, "2026-04-06", "TT3", payer="P5", payer_country="BR"),
    ],
    trades=[
        trade("TT1", "M1", 5_000_000, "2026-03-20"),
        trade("TT2", "M1", 5_000_000, "2026-03-20", buyer_country=None),
        trade("TT3", "M2", 5_000_000, "2026-03-20"),
    ],
)

# -- typology 8: jurisdictions and offshore shells -----------------------------------------------
JURISDICTIONS = Dataset(
    transactions=[
        pay("J1", "M1", 5_000, "2026-05-04", payer="PIR", payer_country="IR"),
        pay("J2", "M1", 300_000, "2026-05-04", payer="PIR", payer_country="ir", hour=6),
        pay("J3", "M2", 500, "2026-05-04", payer="PKP", payer_country="KP", currency="KPW"),
        pay("J4", "M1", 6_000_000, "2026-05-05", payer="PKE", payer_country="KE"),
        pay("J5", "M1", 10_000_000, "2026-05-05", payer="PVG", payer_country="VG"),
        # look-alikes: a high-risk country below its floor, an ordinary country, no country
        pay("J6", "M1", 4_000_000, "2026-05-05", payer="PKE2", payer_country="KE"),
        pay("J7", "M1", 9_000_000, "2026-05-05", payer="PCN", payer_country="CN"),
        pay("J8", "M1", 9_000_000, "2026-05-05", payer="PXX", payer_country=None),
        # a grey-listed buyer paying its own registered order above the floor
        pay("J9", "M1", 9_000_000, "2026-05-05", "TJ1", payer="PKE3", payer_country="KE"),
    ],
)


def shell(txn: str, cents: int, country: str, name: str, ref: str | None = None) -> Row:
    """A payment from payer `P<txn>` named `name` in `country` to M1 on 4 May."""
    return pay(txn, "M1", cents, "2026-05-04", ref, payer=f"P{txn}", payer_country=country,
               payer_name=name)  # fmt: skip


# S1 and S3 pay for no trade, S2 for another buyer's trade; S8 is a Panamanian importer paying
# its own registered trade.
SHELLS = Dataset(
    transactions=[
        shell("S1", 3_000_000, "VG", "OCEAN BRIGHT HOLDINGS LTD."),
        shell("S2", 800_000, "ky", "Sunrise Trading Co., Ltd", "TS2"),
        shell("S3", 500_000, "PA", "ALPHA MARINE S.A."),
        # look-alikes: a person offshore, a company onshore, below the floor, a legal form only
        # inside a word, an importer paying its own trade
        shell("S4", 3_000_000, "VG", "JOHN SMITH"),
        shell("S5", 3_000_000, "AE", "GULF STAR GENERAL TRADING LLC"),
        shell("S6", 50_000, "PA", "ALPHA MARINE S.A."),
        shell("S7", 3_000_000, "SC", "SALTCOAST FISHERIES"),
        shell("S8", 3_000_000, "PA", "IMPORTADORA DEL PACIFICO ZONA LIBRE S.A.", "TS8"),
    ],
    trades=[
        trade("TS2", "M1", 800_000, "2026-04-20"),
        trade("TS8", "M1", 3_000_000, "2026-04-20", buyer_id="PS8", buyer_country="PA"),
    ],
)

CASES = [
    Case(
        "collections without a known trade",
        no_trade,
        NO_TRADE,
        [
            ("M1", d("2026-03-02"), "NT1", 500_000),
            ("M1", d("2026-03-02"), "NT2", 200_000),
            ("M2", d("2026-03-03"), "NT3", 300_000),
        ],
    ),
    Case(
        "deposit and balance of real trades",
        no_trade,
        Dataset(transactions=NO_TRADE.transactions[3:], trades=NO_TRADE.trades),
        [],
    ),
    Case(
        "the collection that over-runs an open trade",
        over_balance,
        BALANCES,
        [
            ("M1", d("2026-03-05"), "B2", 2_000),
            ("M1", d("2026-03-05"), "B3", 2_500),  # the trade is over-run from B2 on: one alert
            ("M1", d("2026-03-05"), "B4", 3_000),
            ("M1", d("2026-03-05"), "C1", 648),
            ("M1", d("2026-03-09"), "H2", 10_000),
            ("M1", d("2026-03-20"), "E2", 10_000),
        ],
    ),
    Case(
        "deposit, balance and topped-up charges; overpaid within tolerance or by rounding up",
        over_balance,
        Dataset(
            transactions=[
                t for t in BALANCES.transactions if t["trade_ref"] in {"TR1", "TR4", "TR7"}
            ],
            trades=BALANCES.trades,
        ),
        [],
    ),
    Case(
        "collections on a used-up trade or another merchant's",
        used_up_trade,
        BALANCES,
        [
            ("M1", d("2026-03-08"), "B3", 125),
            ("M1", d("2026-03-08"), "B4", 130),
            ("M1", d("2026-03-09"), "H2", 200),
            ("M1", d("2026-03-20"), "E2", 200),
            ("M2", d("2026-03-06"), "F1", 40),
        ],
    ),
    Case(
        "deposit, balance and topped-up charges",
        used_up_trade,
        Dataset(
            transactions=[t for t in BALANCES.transactions if t["trade_ref"] in {"TR1", "TR4"}],
            trades=BALANCES.trades,
        ),
        [],
    ),
    Case(
        "one declaration for another buyer and through another agent",
        declaration_reuse,
        DECLARATIONS,
        [
            ("M1", d("2026-03-21"), "TD1", 4),
            ("M3", d("2026-03-20"), "TC1", 4),
            ("M3", d("2026-03-20"), "TC2", 4),
            ("M6", d("2026-03-22"), "TG1", 2),
            ("M7", d("2026-03-22"), "TH1", 2),
        ],
    ),
    Case(
        "shops' slices of consolidated declarations",
        declaration_reuse,
        Dataset(
            transactions=DECLARATIONS.transactions,
            trades=[t for t in DECLARATIONS.trades if t["trade_id"] not in {"TC", "TD", "TH"}],
        ),
        [],
    ),
    Case(
        "a third party abroad pays a Nigerian buyer's trade",
        third_party_trade,
        THIRD_PARTIES,
        [
            ("M1", d("2026-04-01"), "TP1", 2_000_000),
            ("M2", d("2026-04-03"), "TP8", 900_000),
            ("M2", d("2026-04-06"), "TP9", 900_000),
        ],
    ),
    Case(
        "the buyer abroad, a third party at home, small, unknown or a hub payer seen before",
        third_party_trade,
        Dataset(
            transactions=[
                # P9 paid before, under the threshold: its payment of 5 April is not its first
                pay("TP0", "M1", 100_000, "2026-03-30", "TT1", payer="P9", payer_country="TR"),
                *THIRD_PARTIES.transactions[1:7],
                # a hub trader's first collection just under the hub floor
                pay("TPH", "M2", 1_999_999, "2026-04-01", "TT3", payer="P4", payer_country="AE"),
            ],
            trades=THIRD_PARTIES.trades,
        ),
        [],
    ),
    Case(
        "payers in sanctioned and high-risk countries",
        jurisdiction,
        JURISDICTIONS,
        [
            ("PIR", d("2026-05-04"), "J1", 2),
            ("PIR", d("2026-05-04"), "J2", 2),
            ("PKE", d("2026-05-05"), "J4", 1),
            ("PKP", d("2026-05-04"), "J3", 2),
            ("PVG", d("2026-05-05"), "J5", 1),
        ],
    ),
    Case(
        "ordinary countries and a high-risk one below its floor",
        jurisdiction,
        Dataset(transactions=JURISDICTIONS.transactions[5:]),
        [],
    ),
    Case(
        "the high-risk floor is a parameter",
        jurisdiction,
        Dataset(transactions=JURISDICTIONS.transactions[5:]),
        [("PKE2", d("2026-05-05"), "J6", 1)],
        overrides={"high_risk_floor_usd_minor": Decimal(1_000_000)},
    ),
    Case(
        "offshore companies as payers",
        offshore_shell,
        SHELLS,
        [
            ("PS1", d("2026-05-04"), "S1", 3_000_000),
            ("PS2", d("2026-05-04"), "S2", 800_000),
            ("PS3", d("2026-05-04"), "S3", 500_000),
        ],
    ),
    Case(
        "people offshore, companies onshore, small amounts, an importer's own trade",
        offshore_shell,
        Dataset(transactions=SHELLS.transactions[3:], trades=SHELLS.trades),
        [],
    ),
]
