"""Every typology and pattern is injected at its rate, and each case really has its shape."""

from __future__ import annotations

import json
import math
from collections import defaultdict
from datetime import datetime, timedelta
from decimal import Decimal
from itertools import pairwise
from pathlib import Path
from statistics import median

import pytest

from yipay.simulate.aml.catalogue import COVER_GOODS, build_catalogue
from yipay.simulate.aml.dataset import generate
from yipay.simulate.aml.inject_jurisdiction import HIGH_RISK, OFFSHORE, ROUTED, SANCTIONED
from yipay.simulate.aml.patterns import PATTERNS

from .aml_support import SIZE, USD_PER, Labelled, config, labelled, rows, usd, written

Row = dict[str, str]
EVAL_SEEDS = Path(__file__).parents[2] / "src" / "yipay" / "simulate" / "aml" / "eval_seeds.json"


def _at(row: Row) -> datetime:
    return datetime.fromisoformat(row["ts"])


def _cases(name: str) -> dict[str, list[Row]]:
    cases = labelled().pattern(name)
    assert cases, f"no {name} case"
    return cases


def test_every_typology_and_pattern_is_present_with_labels() -> None:
    data = labelled()
    patterns = {label["pattern"] for label in data.labels}
    assert patterns == {p.name for p in PATTERNS}
    assert {int(label["typology"]) for label in data.labels} == set(range(1, 12))
    roles = {(a["pattern"], a["role"]) for a in data.accounts}
    assert {p.name for p in PATTERNS} == {pattern for pattern, _role in roles}


@pytest.mark.parametrize("group", ["tuning", "unseen"])
def test_laundering_stays_under_half_a_percent_on_the_frozen_seeds(group: str) -> None:
    for entry in json.loads(EVAL_SEEDS.read_text(encoding="utf-8"))[group]:
        data = generate(config(seed=entry["seed"], size=entry["transactions"]))
        share = len(data.txn_labels) / len(data.txns)
        assert 0.002 < share <= 0.005, (entry, share)
        assert {label.typology for label in data.txn_labels} == set(range(1, 12))


def test_rates_are_respected() -> None:
    data = labelled()
    counts: dict[str, int] = defaultdict(int)
    for label in data.labels:
        counts[label["pattern"]] += 1
    for pattern in PATTERNS:
        budget = math.ceil(pattern.default_rate * SIZE)
        assert budget <= counts[pattern.name] <= budget + 20, (pattern.name, counts[pattern.name])
    bigger = generate(config(size=SIZE, fan_in="0.002", no_trade="0"))
    fan_in = sum(1 for label in bigger.txn_labels if label.pattern == "fan_in")
    assert 60 <= fan_in <= 60 + 14
    assert not any(label.pattern == "no_trade" for label in bigger.txn_labels)


def test_structuring_stays_just_under_ten_thousand_dollars() -> None:
    for case in _cases("structuring").values():
        assert len(case) >= 3
        assert len({r["payer_id"] for r in case}) == 1
        assert len({r["payee_id"] for r in case}) == 1
        assert all(Decimal(8_000) <= usd(r) < Decimal(10_000) for r in case)
        assert _at(case[-1]) - _at(case[0]) <= timedelta(days=5)


def test_fan_out_and_fan_in_fan_over_many_accounts_within_days() -> None:
    for case in _cases("fan_out").values():
        assert len({r["payer_id"] for r in case}) == 1
        assert len({r["payee_id"] for r in case}) >= 5
        assert len({r["ts"][:10] for r in case}) == 1
    first_seen = _first_seen(labelled())
    for case in _cases("fan_in").values():
        assert len({r["payee_id"] for r in case}) == 1
        assert len({r["payer_id"] for r in case}) >= 6
        assert _at(case[-1]) - _at(case[0]) <= timedelta(days=4)
        assert all(first_seen[r["payer_id"]] == r["txn_id"] for r in case)  # new payers


def _first_seen(data: Labelled) -> dict[str, str]:
    seen: dict[str, str] = {}
    for row in data.txns.values():  # in time order
        seen.setdefault(row["payer_id"], row["txn_id"])
    return seen


def test_gather_scatter_and_scatter_gather_meet_in_one_account() -> None:
    for case in _cases("gather_scatter").values():
        ins = [r for r in case if r["channel"] == "collection"]
        outs = [r for r in case if r["channel"] == "transfer"]
        hub = {r["payee_id"] for r in ins}
        assert len(hub) == 1
        assert {r["payer_id"] for r in outs} == hub
        assert len({r["payer_id"] for r in ins}) >= 4
        assert len({r["payee_id"] for r in outs}) >= 3
        assert max(_at(r) for r in ins) <= min(_at(r) for r in outs)
    for case in _cases("scatter_gather").values():
        spread = [r for r in case if r["channel"] == "transfer"]
        gathered = [r for r in case if r["channel"] == "collection"]
        assert len({r["payer_id"] for r in spread}) == 1
        assert {r["payee_id"] for r in spread} == {r["payer_id"] for r in gathered}
        assert len({r["payee_id"] for r in gathered}) == 1


def test_bipartite_and_stack_link_sets_of_accounts() -> None:
    for case in _cases("bipartite").values():
        assert len({r["payer_id"] for r in case}) >= 3
        assert len({r["payee_id"] for r in case}) >= 2
        assert all(r["channel"] == "collection" for r in case)
    for case in _cases("stack").values():
        layer = {r["payee_id"] for r in case if r["channel"] == "transfer"}
        paid = [r for r in case if r["channel"] == "collection"]
        assert len(layer) >= 3
        assert {r["payer_id"] for r in paid} == layer
        assert len({r["payee_id"] for r in paid}) >= 2


def test_cycles_return_to_their_origin_within_four_hops_and_a_week() -> None:
    for name, case in _cases("cycle").items():
        assert 2 <= len(case) <= 4, name
        for hop, nxt in pairwise(case):
            assert hop["payee_id"] == nxt["payer_id"], name
            assert usd(nxt) <= usd(hop)  # fees on the way
        assert case[-1]["payee_id"] == case[0]["payer_id"], name
        assert len({r["payer_id"] for r in case}) == len(case)  # a simple cycle
        assert _at(case[-1]) - _at(case[0]) <= timedelta(days=7)


def test_random_walks_forward_within_hours_and_end_at_a_shop() -> None:
    for case in _cases("random").values():
        assert len(case) >= 3
        for hop, nxt in pairwise(case):
            assert hop["payee_id"] == nxt["payer_id"]
            assert _at(nxt) - _at(hop) <= timedelta(hours=30)  # overnight at most
        assert case[-1]["channel"] == "collection"
        assert case[-1]["payee_id"].startswith("M")
        assert len({r["payer_id"] for r in case}) == len(case)  # never returns


def test_rapid_in_out_collects_sells_and_sends_on_within_a_day() -> None:
    for case in _cases("rapid_in_out").values():
        channels = [r["channel"] for r in case]
        assert channels[-2:] == ["settlement", "transfer"]
        assert set(channels[:-2]) == {"collection"}
        shop = case[0]["payee_id"]
        assert case[-2]["payer_id"] == shop
        assert case[-1]["payer_id"] == f"{shop}-CNY"
        assert not case[-1]["payee_id"].startswith(shop)
        assert _at(case[-1]) - _at(case[0]) < timedelta(hours=16)


def _activity(data: Labelled) -> dict[str, list[datetime]]:
    times: dict[str, list[datetime]] = defaultdict(list)
    for row in data.txns.values():
        for account in (row["payer_id"], row["payee_id"]):
            times[account.split("-")[0]].append(_at(row))
    return times


def test_profile_patterns_break_the_accounts_own_history() -> None:
    data = labelled()
    times = _activity(data)
    for case in _cases("dormant_awakening").values():
        shop = case[0]["payee_id"]
        before = [t for t in times[shop] if t < _at(case[0])]
        assert not before or _at(case[0]) - max(before) >= timedelta(days=90)
        assert all(usd(r) >= 20_000 for r in case)
    for case in _cases("new_account_burst").values():
        shop = case[0]["payee_id"]
        assert min(times[shop]) == _at(case[0])
        assert sum(usd(r) for r in case) >= 6 * 15_000
    for case in _cases("profile_drift").values():
        shop = case[0]["payee_id"]
        own = {r["txn_id"] for r in case}
        history = [
            usd(r)
            for r in data.txns.values()
            if r["payee_id"] == shop and r["channel"] == "collection" and r["txn_id"] not in own
        ]
        assert history
        assert sum(usd(r) for r in case) > 5 * median(history)


def test_trade_typologies_contradict_their_trades() -> None:
    data = labelled()
    for case in _cases("no_trade").values():
        assert all(r["trade_ref"] not in data.trades for r in case)
    for case in _cases("over_balance").values():
        trade = data.trades[case[0]["trade_ref"]]
        paid = [r for r in data.txns.values() if r["trade_ref"] == trade["trade_id"]]
        assert sum(Decimal(r["amount"]) for r in paid) > Decimal(trade["amount"])
    declarations = defaultdict(set)
    for trade in data.trades.values():
        if trade["declaration_no"]:
            declarations[trade["declaration_no"]].add(trade["merchant_id"])
    for case in _cases("trade_reuse").values():
        trade = data.trades[case[0]["trade_ref"]]
        earlier = [
            r
            for r in data.txns.values()
            if r["trade_ref"] == trade["trade_id"] and r["ts"] < case[0]["ts"]
        ]
        assert earlier or len(declarations[trade["declaration_no"]]) > 1
    for case in _cases("third_party_foreign").values():
        trade = data.trades[case[0]["trade_ref"]]
        assert case[0]["payer_id"] != trade["buyer_id"]
        assert case[0]["payer_country"] != trade["buyer_country"]


def test_price_anomalies_sit_far_outside_their_headings_band() -> None:
    data = labelled()
    flagged = {r["trade_ref"] for case in _cases("price_anomaly").values() for r in case}
    prices: dict[str, list[float]] = defaultdict(list)  # USD per unit, by heading
    for trade_id, lines in data.lines.items():
        if trade_id not in flagged:
            rate = float(USD_PER[data.trades[trade_id]["currency"]])
            for line in lines:
                prices[line["hs_code"][:4]].append(float(line["unit_price"]) / rate)
    kinds = set()
    for trade_id in flagged:
        trade, lines = data.trades[trade_id], data.lines[trade_id]
        rate = float(USD_PER[trade["currency"]])
        value = sum(int(line["quantity"]) * float(line["unit_price"]) for line in lines)
        if float(trade["amount"]) > 3 * value:
            kinds.add("value")
            continue
        band_top = {h: sorted(p)[int(len(p) * 0.95)] for h, p in prices.items()}
        assert any(
            float(line["unit_price"]) / rate > 3 * band_top[line["hs_code"][:4]] for line in lines
        )
        kinds.add("price")
    assert kinds == {"value", "price"}


def test_goods_mismatch_names_none_of_the_trades_goods() -> None:
    data = labelled()
    catalogue = build_catalogue()
    words_by_hs: dict[str, set[str]] = defaultdict(set)
    for item, hs in zip(catalogue.items, catalogue.hs_code, strict=True):
        words_by_hs[hs] |= set(catalogue.words[catalogue.items.index(item)])
    cover = {word for _hs, words in COVER_GOODS for word in words}
    named_cover = 0
    for case in _cases("goods_mismatch").values():
        row = case[0]
        own = set().union(*(words_by_hs[line["hs_code"]] for line in data.lines[row["trade_ref"]]))
        assert not any(word in row["purpose"] for word in own), row["purpose"]
        named_cover += any(word in row["purpose"] for word in cover)
    assert named_cover >= 1


def test_timing_cases_pay_long_before_or_after_their_trades() -> None:
    data = labelled()
    for case in _cases("early_payment").values():
        row = case[0]
        trade = data.trades[row["trade_ref"]]
        paid = _at(row).date()
        trade_day = datetime.fromisoformat(trade["trade_date"]).date()
        if trade["prepayment"] == "false":
            assert (trade_day - paid).days >= 40
        else:
            assert trade["export_date"] == ""
            assert paid > datetime.fromisoformat(trade["prepayment_deadline"]).date()
    for case in _cases("late_payment").values():
        trade = data.trades[case[0]["trade_ref"]]
        exported = datetime.fromisoformat(trade["export_date"]).date()
        assert (_at(case[0]).date() - exported).days >= 180


def test_jurisdictions_shells_and_cash() -> None:
    data = labelled()
    for case in _cases("high_risk_jurisdiction").values():
        for r in case:
            if r["payer_country"] in ROUTED:  # routed for a buyer elsewhere
                assert data.trades[r["trade_ref"]]["buyer_country"] not in ROUTED
            else:
                assert r["payer_country"] in SANCTIONED + HIGH_RISK
    suffixes = ("LTD", "LIMITED", "INC", "S.A.", "CORP")
    for case in _cases("offshore_shell").values():
        assert all(r["payer_country"] in OFFSHORE for r in case)
        assert all(any(s in r["payer_name"].upper() for s in suffixes) for r in case)
    for case in _cases("cash_inflow").values():
        assert len(case) >= 3
        assert all(r["channel"] == "cash" for r in case)
        for r in case:
            limit = Decimal(50_000) if r["currency"] == "CNY" else Decimal(10_000)
            assert Decimal(r["amount"]) < limit


def test_russian_and_belarusian_firms_pay_for_buyers_elsewhere() -> None:
    out = written(rates=(("high_risk_jurisdiction", "0.0005"),))
    trades = {t["trade_id"]: t for t in rows(out / "trades.csv")}
    wanted = {r["txn_id"] for r in rows(out / "labels_transactions.csv")
              if r["pattern"] == "high_risk_jurisdiction"}  # fmt: skip
    routed = [r for r in rows(out / "transactions.csv")
              if r["txn_id"] in wanted and r["payer_country"] in ROUTED]  # fmt: skip
    assert routed
    assert all(trades[r["trade_ref"]]["buyer_country"] not in ROUTED for r in routed)


def test_split_declarations_stay_under_the_cap_one_by_one_but_not_together() -> None:
    data = labelled()
    for case in _cases("split_declaration").values():
        trades = [data.trades[r["trade_ref"]] for r in case]
        assert len(trades) >= 2
        assert {t["kind"] for t in trades} == {"1039"}
        assert len({(t["merchant_id"], t["buyer_id"], t["agent_id"]) for t in trades}) == 1
        assert len({t["declaration_no"] for t in trades}) == len(trades)
        values = [Decimal(t["amount"]) for t in trades]  # USD
        assert all(v < 150_000 for v in values)
        assert sum(values) > 150_000
        days = sorted(datetime.fromisoformat(t["trade_date"]) for t in trades)
        assert days[-1] - days[0] <= timedelta(days=2)
