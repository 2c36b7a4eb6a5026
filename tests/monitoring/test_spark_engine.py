"""The Spark engine against DuckDB: same tables, same columns, same rows with the same types.

Also pins down where the two engines' SQL differs even after sqlglot, and what the portable
subset does about it: FLOOR of a DOUBLE is a DOUBLE in DuckDB and a BIGINT in Spark (cast it);
a decimal literal makes Spark divide in DECIMAL (divide integers, or cast to DOUBLE);
CAST(DOUBLE AS BIGINT) rounds half to even in DuckDB and truncates in Spark (ROUND or FLOOR
first); dividing by zero gives inf in DuckDB and an error in Spark's ANSI mode (NULLIF).
"""

from __future__ import annotations

import math
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from tests.monitoring.canonical import write_transactions
from tests.monitoring.compare import TypedRow, difference, typed, types, values
from tests.monitoring.conftest import register_again
from yipay.monitoring.engines.duckdb_engine import DuckDBEngine
from yipay.monitoring.engines.spark_engine import SparkEngine
from yipay.monitoring.portable import bind

pytestmark = pytest.mark.spark

Pair = tuple[DuckDBEngine, SparkEngine]


def both(pair: Pair, sql: str) -> tuple[list[TypedRow], list[TypedRow]]:
    """The rows of one DuckDB-dialect query on each engine, rendered by `bind` as rules are."""
    duck, spark = pair
    return typed(duck.query(bind(sql, {}, "duckdb"))), typed(spark.query(bind(sql, {}, "spark")))


def by_first(rows: list[TypedRow]) -> dict[object, tuple[object, ...]]:
    return {row[0][1]: tuple(v for _, v in row[1:]) for row in rows}


def test_registered_parquet_shows_the_same_filled_columns(engine_pair: Pair, tmp_path: Path):
    one = {"ts": "2026-11-03T17:00:00+00:00", "payer_id": "A", "payee_id": "B"}
    write_transactions(tmp_path / "part-1.parquet", [{**one, "txn_id": "T1", "amount_minor": 5}])
    write_transactions(tmp_path / "part-2.parquet", [{**one, "txn_id": "T2", "amount_minor": 7}])
    for engine in engine_pair:
        engine.register("probe_parts", tmp_path)  # a directory of part files
        assert "probe_parts" in engine.tables()
    duck, spark = engine_pair
    assert spark.columns("probe_parts") == duck.columns("probe_parts")
    assert {"txn_id", "ts", "ts_us", "day_no", "amount_usd_minor"} <= spark.columns("probe_parts")
    assert "payer_country" not in spark.columns("probe_parts")
    on_duck, on_spark = both(engine_pair, "SELECT txn_id, day_no, amount_minor FROM probe_parts")
    assert on_duck == on_spark == [(("str", "T1"), ("int", 20761), ("int", 5)),
                                   (("str", "T2"), ("int", 20761), ("int", 7))]  # fmt: skip


def test_rows_have_the_python_types_duckdb_gives(engine_pair: Pair):
    sql = """
        SELECT txn_id, ts, ts_us, day_no, amount_minor, amount_usd_minor, payer_country,
               channel = 'collection' AS collected, CAST(ts AS DATE) AS utc_day,
               CAST(amount_minor AS DECIMAL(18, 2)) AS exact,
               SUM(amount_minor) OVER (PARTITION BY payer_id) AS payer_total
        FROM transactions
        WHERE txn_id IN ('T000001', 'Z000005', 'Z000006')
    """
    on_duck, on_spark = both(engine_pair, sql)
    assert on_duck == on_spark
    assert [type(v) for _, v in on_duck[0]] == [
        str, datetime, int, int, int, int, str, bool, date, Decimal, int
    ]  # fmt: skip
    assert values(on_duck, 5)[1] is None  # XOF: no USD equivalent
    assert values(on_duck, 6)[2] is None  # no payer country


def test_timestamp_literals_and_shanghai_days_select_the_same_rows(engine_pair: Pair):
    sql = """
        SELECT txn_id, day_no, ts >= TIMESTAMP '2026-03-08 16:00:00' AS after_midnight
        FROM transactions
        WHERE payer_id = 'ZM-PAYER'
    """
    on_duck, on_spark = both(engine_pair, sql)
    assert on_duck == on_spark
    assert values(on_duck, 2) == [False, True]
    assert values(on_duck, 1)[1] == values(on_duck, 1)[0] + 1  # 16:00 UTC is the next day there


def test_rolling_windows_with_range_frames_agree(engine_pair: Pair):
    sql = """
        SELECT txn_id,
               COUNT(*) OVER (PARTITION BY payer_id ORDER BY ts_us
                              RANGE BETWEEN 86399999999 PRECEDING AND CURRENT ROW) AS n_24h,
               SUM(amount_minor) OVER (PARTITION BY payer_id ORDER BY ts_us
                              RANGE BETWEEN 86399999999 PRECEDING AND CURRENT ROW) AS sum_24h,
               SUM(amount_minor) OVER (PARTITION BY payee_id ORDER BY ts
                              RANGE BETWEEN INTERVAL 7 DAY PRECEDING AND CURRENT ROW) AS in_7d,
               COUNT(*) FILTER (WHERE amount_usd_minor >= 900000)
                   OVER (PARTITION BY payer_id, day_no) AS near_10k_today
        FROM transactions
    """
    on_duck, on_spark = both(engine_pair, sql)
    assert on_duck == on_spark, difference(on_duck, on_spark)
    assert len(on_duck) > 15_000
    assert max(values(on_duck, 1)) == 80  # the planted velocity: 80 payments in 14 hours


def test_floor_agrees_in_value_but_is_a_double_in_duckdb_until_cast(engine_pair: Pair):
    sql = """
        SELECT v, FLOOR(v / 7), CAST(FLOOR(v / 7) AS BIGINT)
        FROM (VALUES (-8), (-7), (-1), (0), (6), (7), (20761)) AS t(v)
    """
    on_duck, on_spark = both(engine_pair, sql)
    assert by_first(on_duck) == by_first(on_spark)  # the values (1.0 == 1)
    assert by_first(on_duck)[-8] == (-2, -2)
    assert (types(on_duck, 1), types(on_spark, 1)) == ({"float"}, {"int"})
    assert [row[2] for row in on_duck] == [row[2] for row in on_spark]


def test_round_is_half_away_from_zero_on_both_but_a_decimal_literal_changes_the_type(
    engine_pair: Pair,
):
    sql = """
        SELECT v, ROUND(v / 2), ROUND(CAST(v AS DOUBLE) / 2), ROUND(v / 2.0)
        FROM (VALUES (-5), (-3), (-1), (1), (3), (5)) AS t(v)
    """
    on_duck, on_spark = both(engine_pair, sql)
    assert [row[:3] for row in on_duck] == [row[:3] for row in on_spark]
    rounded = by_first(on_duck)
    assert [rounded[v][0] for v in (-5, -3, -1, 1, 3, 5)] == [-3, -2, -1, 1, 2, 3]
    assert rounded == by_first(on_spark)
    assert (types(on_duck, 3), types(on_spark, 3)) == ({"float"}, {"Decimal"})


def test_cast_of_a_double_to_bigint_differs_so_rules_round_or_floor_first(engine_pair: Pair):
    sql = """
        SELECT v, CAST(v / 2 AS BIGINT), CAST(ROUND(v / 2) AS BIGINT),
               CAST(FLOOR(v / 2) AS BIGINT)
        FROM (VALUES (-3), (1), (3), (5)) AS t(v)
    """
    on_duck, on_spark = both(engine_pair, sql)
    cast_on_duck, cast_on_spark = (
        [by_first(rows)[v][0] for v in (-3, 1, 3, 5)] for rows in (on_duck, on_spark)
    )
    assert cast_on_duck == [-2, 0, 2, 2]  # DuckDB rounds half to even
    assert cast_on_spark == [-1, 0, 1, 2]  # Spark truncates: sqlglot keeps the CAST as it is
    assert [row[2:] for row in on_duck] == [row[2:] for row in on_spark]


def test_division_by_zero_differs_so_rules_divide_by_nullif(engine_pair: Pair):
    from pyspark.errors import ArithmeticException

    duck, spark = engine_pair
    assert duck.query(bind("SELECT 1 / 0", {}, "duckdb")) == [(math.inf,)]
    with pytest.raises(ArithmeticException, match="DIVIDE_BY_ZERO"):
        spark.query(bind("SELECT 1 / 0", {}, "spark"))
    on_duck, on_spark = both(
        engine_pair, "SELECT v, 8 / NULLIF(v, 0) FROM (VALUES (0), (4)) AS t(v)"
    )
    assert on_duck == on_spark == [(("int", 0), ("NoneType", None)), (("int", 4), ("float", 2.0))]


def test_bounded_self_joins_find_the_same_cycles(engine_pair: Pair):
    sql = """
        SELECT a.payer_id AS origin, a.txn_id, b.txn_id, c.txn_id
        FROM transactions AS a
        JOIN transactions AS b
          ON b.payer_id = a.payee_id AND b.ts_us > a.ts_us
         AND b.ts_us <= a.ts_us + 172800000000
        JOIN transactions AS c
          ON c.payer_id = b.payee_id AND c.payee_id = a.payer_id AND c.ts_us > b.ts_us
         AND c.ts_us <= a.ts_us + 172800000000
        WHERE a.payer_id <> a.payee_id
    """
    on_duck, on_spark = both(engine_pair, sql)
    assert on_duck == on_spark, difference(on_duck, on_spark)
    assert "XC3-0" in values(on_duck, 0)  # the planted three-hop ring, entered at its origin


def test_qualify_with_deterministic_ties_picks_the_same_rows(engine_pair: Pair):
    sql = """
        SELECT payer_id, day_no, txn_id, amount_minor
        FROM transactions
        QUALIFY ROW_NUMBER() OVER (
            PARTITION BY payer_id, day_no ORDER BY amount_minor DESC, txn_id) = 1
    """
    on_duck, on_spark = both(engine_pair, sql)
    assert on_duck == on_spark, difference(on_duck, on_spark)
    ties = [row for row in on_duck if row[0][1] == "ZT-PAYER"]
    assert values(ties, 2) == ["Z000001"]  # two identical payments: the smaller id wins


def test_lowercase_matching_of_multilingual_text_agrees(engine_pair: Pair):
    sql = """
        SELECT txn_id, purpose
        FROM transactions
        WHERE POSITION('телефоны' IN LOWER(purpose)) > 0 OR LOWER(purpose) LIKE '%phones%'
    """
    on_duck, on_spark = both(engine_pair, sql)
    assert on_duck == on_spark
    assert len(on_duck) == 2


def test_a_second_engine_reuses_the_session_and_leaves_it_running(spark_engine: SparkEngine):
    second = SparkEngine("local[2]")
    assert second.query("SELECT 1 AS one") == [(1,)]
    second.close()  # not its session to stop
    assert spark_engine.query("SELECT 2 AS two") == [(2,)]


def test_views_another_test_pointed_elsewhere_are_registered_again(
    engine_pair: Pair, conformance_tables: dict[str, Path], tmp_path: Path
):
    duck, spark = engine_pair
    one = {"txn_id": "T1", "ts": "2026-11-03T17:00:00+00:00", "payer_id": "A", "amount_minor": 1}
    spark.register("transactions", write_transactions(tmp_path / "t.parquet", [one]))
    assert spark.query("SELECT COUNT(*) FROM transactions") == [(1,)]
    register_again(spark, conformance_tables)
    count = "SELECT COUNT(*) FROM transactions"
    assert spark.query(count) == duck.query(count) != [(1,)]


def test_the_session_runs_in_utc_with_quiet_logs_and_the_callers_java_options(
    spark_engine: SparkEngine,
):
    def setting(key: str) -> str:
        ((name, value),) = spark_engine.query(f"SET {key}")
        assert name == key
        return str(value)

    assert setting("spark.sql.session.timeZone") == "UTC"
    assert setting("spark.ui.enabled") == "false"
    assert setting("spark.driver.bindAddress") == "127.0.0.1"
    java = setting("spark.driver.extraJavaOptions")
    assert "spark-log4j2.properties" in java
    assert "-XX:TieredStopAtLevel=1" in java  # the test fixture's own option, kept
