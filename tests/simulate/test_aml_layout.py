"""The monitoring dataset's files: exact layouts, valid values, labels that point at real rows."""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime

import pyarrow.parquet as pq

from yipay.core.currency import currency
from yipay.simulate.aml.patterns import PATTERNS

from .aml_support import SEED, SIZE, header, labelled, manifest, rows, written

TRANSACTION_HEADER = [
    "txn_id",
    "ts",
    "payer_id",
    "payee_id",
    "amount",
    "currency",
    "payer_name",
    "payee_name",
    "payer_country",
    "payee_country",
    "channel",
    "purpose",
    "trade_ref",
]
TRADE_HEADER = [
    "trade_id",
    "merchant_id",
    "buyer_id",
    "buyer_name",
    "buyer_country",
    "kind",
    "declaration_no",
    "agent_id",
    "trade_date",
    "export_date",
    "amount",
    "currency",
    "prepayment",
    "prepayment_deadline",
]
LINE_HEADER = [
    "trade_id",
    "line_no",
    "hs_code",
    "description",
    "quantity",
    "unit_price",
    "currency",
]
TS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
DATE = re.compile(r"^\d{4}-\d\d-\d\d$")


def test_files_have_exactly_the_layouts() -> None:
    out = written()
    assert header(out / "transactions.csv") == TRANSACTION_HEADER
    assert header(out / "trades.csv") == TRADE_HEADER
    assert header(out / "goods_lines.csv") == LINE_HEADER
    assert header(out / "labels_transactions.csv") == [
        "txn_id",
        "typology",
        "pattern",
        "pattern_id",
    ]
    assert header(out / "labels_accounts.csv") == [
        "account_id",
        "typology",
        "pattern",
        "pattern_id",
        "role",
    ]
    assert sorted(p.name for p in out.iterdir()) == [
        "goods_lines.csv",
        "labels_accounts.csv",
        "labels_transactions.csv",
        "manifest.json",
        "trades.csv",
        "transactions.csv",
    ]


def test_transactions_are_well_formed() -> None:
    data = labelled()
    assert len(data.txns) == manifest(written())["rows"]["transactions"]
    previous = ""
    for row in data.txns.values():
        assert re.fullmatch(r"T[0-9a-f]{16}", row["txn_id"])
        assert TS.match(row["ts"]), row["ts"]
        assert row["ts"] >= previous  # the file is in time order
        previous = row["ts"]
        assert row["payer_id"]
        assert row["payee_id"] != row["payer_id"]
        assert row["channel"] in {"collection", "settlement", "payout", "transfer", "cash"}
        assert re.fullmatch(r"[A-Z]{2}", row["payer_country"])
        assert re.fullmatch(r"[A-Z]{2}", row["payee_country"])
        assert len(row["purpose"]) <= 140


def test_amounts_are_decimal_strings_in_the_currencys_exponent() -> None:
    out = written()
    for name in ("transactions.csv", "trades.csv"):
        for row in rows(out / name):
            exponent = currency(row["currency"]).exponent
            pattern = r"[1-9]\d*|0" if exponent == 0 else rf"(?:[1-9]\d*|0)\.\d{{{exponent}}}"
            assert re.fullmatch(pattern, row["amount"]), (name, row["amount"], row["currency"])
            assert float(row["amount"]) > 0
    seen = Counter(row["currency"] for row in labelled().txns.values())
    assert {"USD", "CNY", "EUR", "KWD"} <= set(seen)  # KWD has three decimals


def test_trades_and_goods_lines_are_well_formed() -> None:
    data = labelled()
    for trade in data.trades.values():
        assert trade["kind"] in {"1039", "9610", "0110"}
        assert DATE.match(trade["trade_date"])
        assert trade["export_date"] == "" or trade["export_date"] >= trade["trade_date"]
        assert trade["prepayment"] in {"true", "false"}
        assert (trade["prepayment_deadline"] != "") == (trade["prepayment"] == "true")
        if trade["declaration_no"]:
            assert re.fullmatch(r"2933\d{4}0\d{9}", trade["declaration_no"])
        assert (trade["agent_id"] != "") == (trade["kind"] == "1039")
    for trade_id, lines in data.lines.items():
        assert trade_id in data.trades
        assert [int(line["line_no"]) for line in lines] == list(range(1, len(lines) + 1))
        for line in lines:
            assert re.fullmatch(r"\d{6}", line["hs_code"])
            assert re.fullmatch(r"\d+\.\d{1,6}", line["unit_price"])
            assert int(line["quantity"]) > 0
            assert line["currency"] == data.trades[trade_id]["currency"]


def test_rows_are_in_an_order_that_tells_nothing() -> None:
    """Trades by registration date, goods lines in the trades' order, transactions by time:
    injected records are not grouped at the end."""
    out = written()
    trades = rows(out / "trades.csv")
    assert [t["trade_date"] for t in trades] == sorted(t["trade_date"] for t in trades)
    position = {t["trade_id"]: n for n, t in enumerate(trades)}
    line_order = [
        (position[line["trade_id"]], int(line["line_no"])) for line in rows(out / "goods_lines.csv")
    ]
    assert line_order == sorted(line_order)
    labelled_rows = {label["txn_id"] for label in labelled().labels}
    places = [n for n, txn_id in enumerate(labelled().txns) if txn_id in labelled_rows]
    assert places[0] < len(labelled().txns) // 10
    assert places[-1] > len(labelled().txns) * 9 // 10


def test_normal_trade_amounts_are_the_sum_of_their_lines() -> None:
    data = labelled()
    checked = 0
    for trade_id, lines in list(data.lines.items())[:2000]:
        trade = data.trades[trade_id]
        exponent = currency(trade["currency"]).exponent
        total = sum(int(line["quantity"]) * float(line["unit_price"]) for line in lines)
        if abs(total - float(trade["amount"])) <= 10**-exponent * len(lines):
            checked += 1
    assert checked >= 1990  # all but the price-anomaly trades whose value was inflated


def test_trade_refs_point_at_trades_except_the_phantom_ones() -> None:
    data = labelled()
    no_trade = {row["txn_id"] for row in data.labels if row["pattern"] == "no_trade"}
    for row in data.txns.values():
        if row["trade_ref"] and row["txn_id"] not in no_trade:
            assert row["trade_ref"] in data.trades
        if row["channel"] in {"settlement", "payout"}:
            assert row["trade_ref"] == ""
    phantoms = [t for t in no_trade if data.txns[t]["trade_ref"] not in ("", *data.trades)]
    assert phantoms  # some no-trade collections name a trade id that does not exist


def test_labels_reference_existing_transactions_and_accounts() -> None:
    data = labelled()
    accounts = {r["payer_id"] for r in data.txns.values()} | {
        r["payee_id"] for r in data.txns.values()
    }
    accounts |= {t["buyer_id"] for t in data.trades.values()}
    known = {p.name: p.typology for p in PATTERNS}
    assert len({label["txn_id"] for label in data.labels}) == len(data.labels)
    for label in data.labels:
        assert label["txn_id"] in data.txns
        assert known[label["pattern"]] == int(label["typology"])
        assert label["pattern_id"].startswith(label["pattern"] + "-")
    cases = {label["pattern_id"] for label in data.labels}
    for account in data.accounts:
        assert account["account_id"] in accounts
        assert account["pattern_id"] in cases
        assert known[account["pattern"]] == int(account["typology"])
        assert account["role"]


def test_manifest_counts_match_the_files() -> None:
    out = written()
    info = manifest(out)
    data = labelled()
    assert info["rows"]["transactions"] == len(data.txns)
    assert info["rows"]["labels_transactions"] == len(data.labels)
    assert info["transactions"]["normal"] == SIZE
    per_pattern = Counter(label["pattern"] for label in data.labels)
    assert {name: p["transactions"] for name, p in info["patterns"].items()} == {
        p.name: per_pattern[p.name] for p in PATTERNS
    }
    assert info["config"]["seed"] == SEED
    assert info["version"] == "aml-sim-1"
    start = datetime.fromisoformat(info["window"]["start"])
    end = datetime.fromisoformat(info["window"]["end"])
    assert all(start <= datetime.fromisoformat(r["ts"]) < end for r in data.txns.values())


def test_parquet_carries_the_same_text_as_the_csv() -> None:
    csv_out, parquet_out = (
        written(seed=7002, size=5_000),
        written(seed=7002, size=5_000, fmt="parquet"),
    )
    table = pq.read_table(parquet_out / "transactions.parquet")
    assert table.column_names == TRANSACTION_HEADER
    assert all(str(field.type) == "string" for field in table.schema)
    from_csv = rows(csv_out / "transactions.csv")
    from_parquet = table.to_pylist()
    assert len(from_csv) == len(from_parquet)
    for a, b in zip(from_csv[:500], from_parquet[:500], strict=True):
        assert a == {k: v or "" for k, v in b.items()}
    assert (parquet_out / "labels_transactions.csv").is_file()
    assert pq.read_table(parquet_out / "trades.parquet").column_names == TRADE_HEADER
