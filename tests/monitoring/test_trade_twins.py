"""The real-time twins of the per-payment and trade rules against their batch SQL, without a
database: TBML-08-JURISDICTION, TBML-01-OVER-BALANCE, TBML-03-THIRD-PARTY-TRADE and
TBML-03-THIRD-PARTY-COUNTRY.

Each twin is replayed payment by payment (`twin_history.replay`: entries → profiles →
evidence → alerts merged as the alerts service merges them) and must raise the alerts, whole
(evidence, score, explanation), that the batch SQL's rows give: on the rule fixtures of
`trade_cases_money` and on random histories run on DuckDB. Jurisdiction and third-party country
judge each payment alone, so any order gives the same alerts. The trade rules read the history:
in the order the payments were received they are exact; in any other order they never miss a
batch row (they may report more, see the rule modules).
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.monitoring import trade_cases_money
from tests.monitoring.canonical import SHANGHAI, write_trades, write_transactions
from tests.monitoring.trade_rule_runner import Case, Dataset
from tests.monitoring.twin_history import batch_alerts, replay
from yipay.monitoring import batch
from yipay.monitoring.domain import TradeFacts, Transaction
from yipay.monitoring.engines.duckdb_engine import DuckDBEngine
from yipay.monitoring.portable import Evidence
from yipay.monitoring.rules import (
    CATALOGUE,
    jurisdiction,
    over_balance,
    third_party_country,
    third_party_trade,
)
from yipay.monitoring.rules.lookups import write_lookup_tables

TWINNED = (jurisdiction, over_balance, third_party_trade)
START = datetime(2026, 4, 1, 1, 0, tzinfo=UTC)


def _aware(ts: datetime | str) -> datetime:
    at = datetime.fromisoformat(ts) if isinstance(ts, str) else ts
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def transactions(data: Dataset) -> list[Transaction]:
    """The dataset's collections as the platform's read model gives them (the buyer from the
    trade each names), in the order they were received."""
    trades = {t["trade_id"]: t for t in data.trades}
    out = []
    for r in data.transactions:
        at = _aware(r["ts"])
        currency = r.get("currency", "USD")
        usd = r.get("amount_usd_minor", r["amount_minor"] if currency == "USD" else None)
        trade = trades.get(r.get("trade_ref") or "", {})
        out.append(
            Transaction(
                payment_id=r["txn_id"],
                merchant_id=r["payee_id"],
                payer_id=r["payer_id"],
                payer_country=r.get("payer_country"),  # type: ignore[arg-type]
                buyer_id=trade.get("buyer_id"),
                buyer_country=trade.get("buyer_country"),
                received_at=at,
                booking_day=at.astimezone(SHANGHAI).date(),
                currency=currency,
                amount_minor=r["amount_minor"],
                amount_usd_minor=usd,
                trade_ref=r.get("trade_ref"),
            )
        )
    return sorted(out, key=lambda t: (t.received_at, t.payment_id))


def trade_facts(data: Dataset) -> dict[str, TradeFacts]:
    return {
        t["trade_id"]: TradeFacts(
            t["trade_id"], t["merchant_id"], t["amount_minor"], t["currency"], t["amount_usd_minor"]
        )
        for t in data.trades
    }


def _twin(module: ModuleType) -> Any:
    (twin,) = module.TWINS
    return twin


def _real_time_rows(profiles: dict[Any, Any]) -> list[tuple[str, int, str, int]]:
    return sorted(
        (r.subject_id, r.window_no, r.txn_id, r.measure)
        for p in profiles.values()
        for r in p.own_evidence()
    )


CASES = [c for c in trade_cases_money.CASES if c.rule in TWINNED]


def test_every_twinned_rule_has_a_firing_case_and_a_look_alike():
    for module in TWINNED:
        mine = [c for c in CASES if c.rule is module]
        assert any(c.expected for c in mine), module.RULE.id
        assert any(not c.expected for c in mine), module.RULE.id


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_twin_gives_the_fixture_evidence_and_alerts(case: Case) -> None:
    rule = CATALOGUE[case.rule.RULE.id]
    params = rule.values(case.overrides)
    alerts, profiles = replay(
        rule, _twin(case.rule), params, transactions(case.data), trade_facts(case.data)
    )
    assert _real_time_rows(profiles) == case.expected  # the SQL's rows on DuckDB
    expected = [Evidence(*row) for row in case.expected]
    assert alerts == batch_alerts(rule, params, expected)


# -- random histories ---------------------------------------------------------------------------
PAYER_COUNTRIES = ["AE", "TR", "HK", "KZ", "NG", "IR", "KE", "VG", "KY", "tr", " ng"]


def _random_data(rng: random.Random, size: int) -> Dataset:
    buyers = {f"B{i}": c for i, c in enumerate(["NG", "AE", "KZ", None])}
    trades = []
    for i in range(10):
        buyer = rng.choice(sorted(buyers))
        amount = rng.choice([1_000_000, 2_000_000, 800_000, 8_000])
        currency = rng.choice(["USD", "USD", "EUR"])
        usd = amount if currency == "USD" else rng.choice([int(amount * 1.08), None, 0])
        trades.append(
            {
                "trade_id": f"T{i}",
                "merchant_id": f"M{i % 4}",
                "buyer_id": buyer,
                "buyer_country": buyers[buyer],
                "amount_minor": amount,
                "currency": currency,
                "amount_usd_minor": usd,
            }
        )
    payers = {f"P{i}": rng.choice(PAYER_COUNTRIES) for i in range(8)} | {"B0": "US"}
    rows = []
    for i in range(size):
        trade = rng.choice([*trades, None])
        payer = rng.choice(sorted(payers))
        currency = rng.choice(["USD", "USD", "USD", "EUR", "KPW"])
        amount = rng.choice([300_000, 450_000, 600_000, 1_200_000, 6_000_000, 4_000])
        usd = amount if currency == "USD" else rng.choice([int(amount * 1.09), None])
        at = START + timedelta(hours=rng.randrange(24 * 6), seconds=rng.choice([0, 0, 1]))
        payee = trade["merchant_id"] if trade and rng.random() < 0.9 else f"M{rng.randrange(4)}"
        rows.append(
            {
                "txn_id": f"X{i:03d}",
                "ts": at,
                "payer_id": payer,
                "payee_id": payee,
                "amount_minor": amount,
                "currency": currency,
                "amount_usd_minor": usd,
                "payer_country": payers[payer],
                "channel": "collection",
                "trade_ref": trade["trade_id"] if trade else None,
                "buyer_id": trade["buyer_id"] if trade else None,
                "buyer_country": trade["buyer_country"] if trade else None,
            }
        )
    return Dataset(transactions=rows, trades=trades)


def _batch(tmp_path: Path, rule_id: str, params: Any, data: Dataset) -> list[Evidence]:
    tmp_path.mkdir(parents=True, exist_ok=True)
    engine = DuckDBEngine(threads=1)
    try:
        tables = {
            "transactions": write_transactions(tmp_path / "t.parquet", data.transactions),
            "trades": write_trades(tmp_path / "tr.parquet", data.trades),
            **write_lookup_tables(tmp_path / "lookups"),
        }
        for name, path in tables.items():
            engine.register(name, path)
        return batch.evidence(engine, CATALOGUE[rule_id], params)
    finally:
        engine.close()


ORDER_FREE = (jurisdiction, third_party_country)
TUNED = {over_balance.RULE.id: {}, third_party_trade.RULE.id: {}, jurisdiction.RULE.id: {}}


@pytest.mark.parametrize("module", [*TWINNED, third_party_country], ids=lambda m: m.RULE.id)
def test_twins_give_the_batch_alerts_on_random_histories(tmp_path: Path, module) -> None:
    rule = CATALOGUE[module.RULE.id]
    params = rule.values()
    twin = _twin(module)
    rng = random.Random(rule.id)
    fired = 0
    for n in range(4):
        data = _random_data(rng, 120)
        rows = _batch(tmp_path / str(n), rule.id, params, data)
        expected = batch_alerts(rule, params, rows)
        history, trades = transactions(data), trade_facts(data)
        alerts, _profiles = replay(rule, twin, params, history, trades)
        assert alerts == expected  # in the order received: the same alerts, whole
        fired += len(expected)
        rng.shuffle(history)  # matched out of the order received (held, then released)
        alerts, profiles = replay(rule, twin, params, history, trades)
        if module in ORDER_FREE:
            assert alerts == expected
            continue
        found = {(r.subject_id, r.window_no, r.txn_id): r.measure for r in _evidence(profiles)}
        assert all(found.get((r.subject_id, r.window_no, r.txn_id)) == r.measure for r in rows)
        for alert_id, alert in expected.items():  # never fewer, never a lower score
            assert set(alert.evidence) <= set(alerts[alert_id].evidence)
            assert alerts[alert_id].score >= alert.score
    assert fired >= 4  # the comparison is not of empty lists


def _evidence(profiles: dict[Any, Any]) -> list[Evidence]:
    return [r for p in profiles.values() for r in p.own_evidence()]


def test_a_trade_paid_over_in_another_currency_uses_the_sql_double_arithmetic() -> None:
    trade = TradeFacts("T", "M", 1_000_000, "EUR", 1_080_000)
    txn = Transaction(
        payment_id="C1",
        merchant_id="M",
        payer_id="P",
        payer_country="NG",
        buyer_id="B",
        buyer_country="NG",
        received_at=START,
        booking_day=START.astimezone(SHANGHAI).date(),
        currency="USD",
        amount_minor=1_150_000,
        amount_usd_minor=1_150_000,
        trade_ref="T",
    )
    # floor(1_150_000 × 1_000_000 / 1_080_000) = 1_064_814 EUR cents: 648 bp over
    rows = over_balance.consumption(trade, [txn], over_balance.RULE.values())
    assert rows == [Evidence("M", txn.day_no, "C1", 648)]
    assert over_balance.consumption(trade, [txn], {**over_balance.RULE.values(),
                                                   "tolerance_bp": Decimal(700)}) == []  # fmt: skip
