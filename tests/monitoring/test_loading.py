"""External files into the canonical tables: exact minor units, UTC instants and regulatory days,
USD equivalents from reference rates, trade tables; every bad input one line, nothing written."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from yipay.fx.rates_csv import parse_rates_csv
from yipay.fx.reference import ReferenceRates
from yipay.monitoring.errors import InvalidMonitoringFile
from yipay.monitoring.loading import load_files

HEADER = "txn_id,ts,payer_id,payee_id,amount,currency"
ROWS = [
    "T1,2026-11-03T17:00:00Z,A,B,9000.50,USD",  # 01:00 on 4 November in Shanghai
    "T2,2026-11-03T09:15:00+08:00,A,C,1000,EUR",
    "T3,2026-11-03 18:15:00.5+0800,B,A,100000.000,jpy",
    "T4, 2026-11-04T01:00:00Z , B ,C,12.50,CNH",
    "T5,2026-11-04T01:00:00Z,B,C,1.234,KWD",
    "T6,2026-11-04T01:00:00Z,B,C,100,XAF",  # no reference rate: no USD equivalent
]
TRADES = (
    "trade_id,merchant_id,buyer_id,buyer_name,buyer_country,kind,declaration_no,agent_id,"
    "trade_date,export_date,amount,currency,prepayment,prepayment_deadline\n"
    "TR1,B,BUY1,Ivan Petrov,ru,1039,D-1,AG1,2026-10-30,2026-11-20,9000.00,USD,false,\n"
    "TR2,C,BUY2,,AE,9610,,,2026-11-01,,5000,CNY,true,2026-12-01\n"
)
GOODS = (
    "trade_id,line_no,hs_code,description,quantity,unit_price,currency\n"
    "TR1,1,6302.21,bed sheets,1000,0.355,USD\n"
    "TR1,2,630221,pillow cases,1000,2.5,CNY\n"
    "TR2,1,950300,toys,10,0.000001,USD\n"
)


def write(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def table(path: Path, order: str) -> list[dict[str, object]]:
    relation = duckdb.sql(f"SELECT * FROM read_parquet('{path}') ORDER BY {order}")
    names = relation.columns
    return [dict(zip(names, row, strict=True)) for row in relation.fetchall()]


def test_transactions_are_typed_exactly(tmp_path):
    source = write(
        tmp_path / "t.csv", f"{HEADER},payer_country,purpose", *(r + ",ae,x" for r in ROWS)
    )
    loaded = load_files(tmp_path / "out", source)
    assert loaded.rows == {"transactions": 6}
    assert loaded.without_usd == 1
    assert loaded.rates == "builtin"
    rows = {r["txn_id"]: r for r in table(loaded.tables["transactions"], "txn_id")}
    t1, t2, t3, t4 = rows["T1"], rows["T2"], rows["T3"], rows["T4"]
    assert (t1["amount_minor"], t1["currency"], t1["amount_usd_minor"]) == (900_050, "USD", 900_050)
    assert t1["day_no"] == 20761  # the Shanghai date, not the UTC one
    assert t1["ts_us"] == 1_793_725_200_000_000
    assert (
        t2["ts_us"]
        == t1["ts_us"] - 8 * 3600 * 1_000_000 - (17 - 9) * 3600 * 1_000_000 + 15 * 60 * 1_000_000
    )
    assert (t3["amount_minor"], t3["currency"]) == (100_000, "JPY")  # zero decimals
    assert t3["ts_us"] % 1_000_000 == 500_000
    assert (t4["txn_id"], t4["payer_id"], t4["amount_minor"], t4["currency"]) == (
        "T4",
        "B",
        1250,
        "CNY",
    )
    assert rows["T5"]["amount_minor"] == 1234  # three decimals
    assert rows["T6"]["amount_usd_minor"] is None
    assert t1["payer_country"] == "AE"
    assert t1["purpose"] == "x"
    assert t1["payee_name"] is None
    assert t1["buyer_country"] is None
    builtin = ReferenceRates.builtin()
    for row in rows.values():
        day = date(1970, 1, 1) + timedelta(days=row["day_no"])
        expected = builtin.convert_minor(row["amount_minor"], row["currency"], "USD", day)
        assert row["amount_usd_minor"] == expected, row["txn_id"]


def test_a_rates_file_prices_each_day(tmp_path):
    rates = parse_rates_csv(
        "base,quote,bid,ask,source,as_of\n"
        "USD,CNY,7.0000,7.0000,BANK,2026-11-01T01:00:00Z\n"
        "EUR,CNY,7.7000,7.7000,BANK,2026-11-01T01:00:00Z\n"
        "EUR,CNY,8.4000,8.4000,BANK,2026-11-04T01:00:00Z\n"
    )
    source = write(
        tmp_path / "t.csv",
        HEADER,
        "E1,2026-11-03T01:00:00Z,A,B,100.00,EUR",
        "E2,2026-11-04T01:00:00Z,A,B,100.00,EUR",
        "C1,2026-11-04T01:00:00Z,A,B,70.00,CNY",
    )
    loaded = load_files(tmp_path / "out", source, rates=ReferenceRates.from_rates(rates))
    usd = {r["txn_id"]: r["amount_usd_minor"] for r in table(loaded.tables["transactions"], "1")}
    assert usd == {"E1": 11_000, "E2": 12_000, "C1": 1_000}
    assert loaded.rates == "file"


def test_trades_and_goods_lines_are_loaded_and_link_the_buyer(tmp_path):
    source = write(
        tmp_path / "t.csv",
        f"{HEADER},trade_ref",
        "T1,2026-11-03T01:00:00Z,P,B,9000.00,USD,TR1",
        "T2,2026-11-03T02:00:00Z,P,C,100.00,USD,NOPE",
    )
    trades = write(tmp_path / "trades.csv", TRADES.strip())
    goods = write(tmp_path / "goods.csv", GOODS.strip())
    loaded = load_files(tmp_path / "out", source, trades=trades, goods_lines=goods)
    assert loaded.rows == {"transactions": 2, "trades": 2, "goods_lines": 3}
    tx = {r["txn_id"]: r for r in table(loaded.tables["transactions"], "txn_id")}
    assert (tx["T1"]["buyer_id"], tx["T1"]["buyer_country"]) == ("BUY1", "RU")
    assert tx["T2"]["buyer_country"] is None
    tr1, tr2 = table(loaded.tables["trades"], "trade_id")
    assert tr1["trade_day_no"] == (date(2026, 10, 30) - date(1970, 1, 1)).days
    assert tr1["export_day_no"] == tr1["trade_day_no"] + 21
    assert (tr1["kind"], tr1["prepayment"], tr1["prepayment_deadline_day_no"]) == (
        "1039",
        False,
        None,
    )
    assert (tr2["amount_minor"], tr2["amount_usd_minor"], tr2["prepayment"]) == (
        500_000,
        69_638,
        True,
    )
    lines = table(loaded.tables["goods_lines"], "trade_id, line_no")
    assert [
        (g["hs_code"], g["quantity"], g["unit_price_usd_micro"], g["value_usd_minor"])
        for g in lines
    ] == [
        ("630221", 1000, 355_000, 35_500),
        ("630221", 1000, 348_189, 34_819),  # CNY 2.50 at 7.18 per USD
        ("950300", 10, 1, 0),
    ]


def test_parquet_with_utc_timestamps_and_decimal_amounts(tmp_path):
    from datetime import UTC, datetime
    from decimal import Decimal

    path = tmp_path / "t.parquet"
    pq.write_table(
        pa.table(
            {
                "txn_id": ["P1", "P2"],
                "ts": pa.array(
                    [datetime(2026, 11, 3, 17, tzinfo=UTC), datetime(2026, 11, 3, 1, tzinfo=UTC)],
                    pa.timestamp("us", tz="UTC"),
                ),
                "payer_id": ["A", "B"],
                "payee_id": ["B", "A"],
                "amount": pa.array([Decimal("12.50"), Decimal(7)], pa.decimal128(12, 2)),
                "currency": ["USD", "USD"],
            }
        ),
        path,
    )
    loaded = load_files(tmp_path / "out", path)
    rows = table(loaded.tables["transactions"], "txn_id")
    assert [(r["txn_id"], r["amount_minor"], r["day_no"]) for r in rows] == [
        ("P1", 1250, 20761),
        ("P2", 700, 20760),
    ]


BAD_CSV = [
    (
        "txn_id,ts,payer_id,amount,currency\nT1,2026-11-03T01:00:00Z,A,1,USD",
        "t.csv line 1: the header needs payee_id",
    ),
    (f"{HEADER},ts\n", "t.csv line 1: column 'ts' appears twice"),
    ("", "t.csv: empty file"),
    (f"{HEADER}\n{ROWS[0]}\n,2026-11-03T01:00:00Z,A,B,1,USD", "t.csv line 3: txn_id is empty"),
    (
        f"{HEADER}\nT1,2026-11-03T09:15:00,A,B,1,USD",
        "t.csv line 2: ts '2026-11-03T09:15:00' has no UTC offset",
    ),
    (
        f"{HEADER}\nT1,03/11/2026 09:15,A,B,1,USD",
        "t.csv line 2: ts '03/11/2026 09:15' is not an ISO 8601",
    ),
    (
        f"{HEADER}\nT1,2026-02-30T01:00:00Z,A,B,1,USD",
        "t.csv line 2: ts '2026-02-30T01:00:00Z' is not a valid",
    ),
    (f"{HEADER}\nT1,,A,B,1,USD", "t.csv line 2: ts is empty"),
    (f"{HEADER}\nT1,2026-11-03T01:00:00Z,,B,1,USD", "t.csv line 2: payer_id is empty"),
    (f"{HEADER}\nT1,2026-11-03T01:00:00Z,A,  ,1,USD", "t.csv line 2: payee_id is empty"),
    (
        f"{HEADER}\nT1,2026-11-03T01:00:00Z,A,B,12.345,USD",
        "t.csv line 2: amount '12.345' has more decimals than USD allows (2)",
    ),
    (f"{HEADER}\nT1,2026-11-03T01:00:00Z,A,B,1.5,JPY", "more decimals than JPY allows (0)"),
    (
        f"{HEADER}\nT1,2026-11-03T01:00:00Z,A,B,1e5,USD",
        "amount '1e5' is not a plain decimal number",
    ),
    (f'{HEADER}\nT1,2026-11-03T01:00:00Z,A,B,"1,000.00",USD', "amount '1,000.00' is not a plain"),
    (f"{HEADER}\nT1,2026-11-03T01:00:00Z,A,B,-5.00,USD", "t.csv line 2: amount must be positive"),
    (f"{HEADER}\nT1,2026-11-03T01:00:00Z,A,B,0.00,USD", "t.csv line 2: amount must be positive"),
    (f"{HEADER}\nT1,2026-11-03T01:00:00Z,A,B,,USD", "t.csv line 2: amount is empty"),
    (f"{HEADER}\nT1,2026-11-03T01:00:00Z,A,B,99999999999999999.00,USD", "is too large"),
    (f"{HEADER}\nT1,2026-11-03T01:00:00Z,A,B,1.00,XQQ", "t.csv line 2: unknown currency 'XQQ'"),
    (f"{HEADER}\nT1,2026-11-03T01:00:00Z,A,B,1.00,XAU", "unknown currency 'XAU'"),  # no minor units
    (f"{HEADER}\nT1,2026-11-03T01:00:00Z,A,B,1.00,", "t.csv line 2: currency is empty"),
    (
        f"{HEADER},payer_country\nT1,2026-11-03T01:00:00Z,A,B,1.00,USD,UK",
        "payer_country 'UK' is not an ISO 3166",
    ),
    (
        f"{HEADER}\n{ROWS[0]}\n{ROWS[1]}\n{ROWS[0]}",
        "t.csv line 4: txn_id 'T1' appears twice (first at line 2)",
    ),
    (f"{HEADER}\n{ROWS[0]}\n{ROWS[0]}\nT9,x,A,B,1,USD", "t.csv line 3: txn_id 'T1' appears twice"),
    (f"{HEADER}\n{ROWS[0]}\nT9,x,A,B,1,USD\n{ROWS[0]}", "t.csv line 3: ts 'x' is not an ISO 8601"),
    (f"{HEADER}\n{ROWS[0]}\n{ROWS[1]},extra", "t.csv line 3: 7 fields where the header has 6"),
    (f'{HEADER}\n{ROWS[0]}\n"T2,2026', "t.csv line 3: a quoted value is not closed"),
]


@pytest.mark.parametrize(("content", "message"), BAD_CSV, ids=[m for _, m in BAD_CSV])
def test_each_bad_transactions_file_is_one_line_and_writes_nothing(tmp_path, content, message):
    source = tmp_path / "t.csv"
    source.write_text(content, encoding="utf-8")
    with pytest.raises(InvalidMonitoringFile) as failure:
        load_files(tmp_path / "out", source)
    text = str(failure.value)
    assert "\n" not in text
    assert message in text
    assert not (tmp_path / "out").exists()


def test_not_utf8_and_missing_files(tmp_path):
    source = tmp_path / "t.csv"
    source.write_bytes(f"{HEADER}\nT1,2026-11-03T01:00:00Z,A,B\xff\xfe,1,USD\n".encode("latin-1"))
    with pytest.raises(InvalidMonitoringFile, match=re.escape("t.csv line 2: not UTF-8 text")):
        load_files(tmp_path / "out", source)
    source.write_bytes(b"txn_id,\xff\n")
    with pytest.raises(InvalidMonitoringFile, match=re.escape("t.csv line 1: not UTF-8 text")):
        load_files(tmp_path / "out", source)
    with pytest.raises(InvalidMonitoringFile, match=re.escape("nothing.csv: no such file")):
        load_files(tmp_path / "out", tmp_path / "nothing.csv")


BAD_TRADES = [
    (
        "trades.csv",
        TRADES.replace("2026-10-30", "30/10/2026"),
        "trades.csv line 2: trade_date '30/10/2026' is not an ISO 8601 date",
    ),
    (
        "trades.csv",
        TRADES.replace(",1039,", ",1234,"),
        "trades.csv line 2: kind '1234' is not one of 1039, 9610, 0110",
    ),
    (
        "trades.csv",
        TRADES.replace(",true,", ",maybe,"),
        "trades.csv line 3: prepayment 'maybe' is not true or false",
    ),
    ("trades.csv", TRADES.replace("TR2", "TR1"), "trades.csv line 3: trade_id 'TR1' appears twice"),
    (
        "trades.csv",
        TRADES.replace("5000,CNY", "5000.001,CNY"),
        "trades.csv line 3: amount '5000.001' has more decimals than CNY",
    ),
    (
        "goods.csv",
        GOODS.replace("TR2,1", "TR9,1"),
        "goods.csv line 4: trade_id 'TR9' is not in the trades file",
    ),
    (
        "goods.csv",
        GOODS.replace("0.000001", "0.0000001"),
        "goods.csv line 4: unit_price '0.0000001' has more than 6 decimals",
    ),
    (
        "goods.csv",
        GOODS.replace("950300", "9503"),
        "goods.csv line 4: hs_code '9503' is not an HS code",
    ),
    (
        "goods.csv",
        GOODS.replace(",10,", ",0,"),
        "goods.csv line 4: quantity '0' is not a positive whole number",
    ),
    (
        "goods.csv",
        GOODS.replace("TR1,2", "TR1,1"),
        "goods.csv line 3: trade_id 'TR1', line_no 1 appears twice",
    ),
]


@pytest.mark.parametrize(
    ("name", "content", "message"), BAD_TRADES, ids=[m for *_, m in BAD_TRADES]
)
def test_each_bad_trade_file_is_one_line(tmp_path, name, content, message):
    source = write(tmp_path / "t.csv", HEADER, ROWS[0])
    files = {"trades.csv": TRADES, "goods.csv": GOODS, name: content}
    for file, text in files.items():
        (tmp_path / file).write_text(text, encoding="utf-8")
    with pytest.raises(InvalidMonitoringFile) as failure:
        load_files(
            tmp_path / "out",
            source,
            trades=tmp_path / "trades.csv",
            goods_lines=tmp_path / "goods.csv",
        )
    assert message in str(failure.value)
    assert not (tmp_path / "out").exists()


def test_goods_lines_need_their_trades(tmp_path):
    source = write(tmp_path / "t.csv", HEADER, ROWS[0])
    goods = write(tmp_path / "goods.csv", GOODS.strip())
    with pytest.raises(InvalidMonitoringFile, match="goods lines need the trades file"):
        load_files(tmp_path / "out", source, goods_lines=goods)


def test_parquet_that_cannot_be_exact_is_refused(tmp_path):
    naive = tmp_path / "naive.parquet"
    pq.write_table(
        pa.table(
            {
                "txn_id": ["P1"],
                "ts": pa.array([0], pa.timestamp("us")),
                "payer_id": ["A"],
                "payee_id": ["B"],
                "amount": ["1.00"],
                "currency": ["USD"],
            }
        ),
        naive,
    )
    with pytest.raises(InvalidMonitoringFile, match="ts holds timestamps without a time zone"):
        load_files(tmp_path / "out", naive)
    floats = tmp_path / "floats.parquet"
    pq.write_table(
        pa.table(
            {
                "txn_id": ["P1"],
                "ts": ["2026-11-03T01:00:00Z"],
                "payer_id": ["A"],
                "payee_id": ["B"],
                "amount": [1.1],
                "currency": ["USD"],
            }
        ),
        floats,
    )
    with pytest.raises(InvalidMonitoringFile, match="amount is floating point"):
        load_files(tmp_path / "out", floats)
    strings = tmp_path / "strings.parquet"
    pq.write_table(
        pa.table(
            {
                "txn_id": ["P1", "P2"],
                "ts": ["2026-11-03T01:00:00Z", "2026-11-03T01:00:00"],
                "payer_id": ["A", "A"],
                "payee_id": ["B", "B"],
                "amount": ["1.00", "2.00"],
                "currency": ["USD", "USD"],
            }
        ),
        strings,
    )
    with pytest.raises(
        InvalidMonitoringFile,
        match=re.escape("strings.parquet row 2: ts '2026-11-03T01:00:00' has no UTC"),
    ):
        load_files(tmp_path / "out", strings)
