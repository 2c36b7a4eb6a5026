"""Typology 4 on the generic layout: structuring, fan-out, fan-in — each fires, and its benign
look-alike does not. Evidence is exactly the transactions that make the pattern."""

from tests.monitoring.rule_support import START_DAY, alerts, at, evidence, pay, txns
from yipay.monitoring.rules import fans, structuring

WEEK = START_DAY // 7


WINDOW = START_DAY // 3


def test_structuring_by_payer_evidences_only_the_payments_just_under_the_threshold(tmp_path):
    rows = [
        pay("S1", "P", "M1", 8_000, at(0)),
        pay("S2", "P", "M2", 9_200, at(1)),
        pay("S3", "P", "M3", 9_999.99, at(2, 10)),
        pay("S4", "P", "M3", 9_100, at(2, 11)),  # a second one to a payee already counted
        pay("BIG", "P", "M1", 12_000, at(1)),  # above the threshold: reported anyway
        pay("SMALL", "P", "M1", 2_000, at(1)),  # far below: not structuring
        pay("OTHER", "Q", "M1", 9_000, at(1)),  # another payer
    ]
    found = evidence(tmp_path, structuring.BY_PAYER, rows)
    assert alerts(found) == {("P", WINDOW): ["S1", "S2", "S3", "S4"]}
    assert {e.measure for e in found} == {3}  # three distinct payees


def test_structuring_look_alikes_do_not_fire(tmp_path):
    rows = [
        # a buyer paying three invoices, only one of them just under the threshold
        pay("A1", "P", "M1", 9_500, at(0)),
        pay("A2", "P", "M2", 15_000, at(0, 1)),
        pay("A3", "P", "M3", 40_000, at(1)),
        # a buyer paying one shop's order in parts under the line: the trade rules' business
        pay("C1", "B", "M1", 9_500, at(0)),
        pay("C2", "B", "M1", 9_500, at(1)),
        pay("C3", "B", "M1", 9_500, at(2)),
        # two payees in one window and one in the next: never three in one window
        pay("D1", "R", "M1", 9_000, at(1)),
        pay("D2", "R", "M2", 9_000, at(2)),
        pay("D3", "R", "M3", 9_000, at(3)),
    ]
    assert evidence(tmp_path, structuring.BY_PAYER, rows) == []
    assert evidence(tmp_path, structuring.TO_PAYEE, rows) == []


def test_structuring_to_payee_gathers_many_payers(tmp_path):
    rows = [pay(f"S{i}", f"P{i}", "M", 8_500 + i, at(i / 2)) for i in range(5)]
    rows.append(pay("X", "P9", "M", 10_000, at(1)))  # at the threshold: not under it
    rows.append(pay("S5", "P0", "M", 9_000, at(2)))  # a payer already counted
    found = evidence(tmp_path, structuring.TO_PAYEE, rows)
    assert alerts(found) == {("M", WINDOW): ["S0", "S1", "S2", "S3", "S4", "S5"]}
    assert {e.measure for e in found} == {5}
    assert evidence(tmp_path, structuring.TO_PAYEE, rows[:4] + rows[5:]) == []  # four payers


def test_fan_out_evidences_the_split_payments_to_distinct_payees(tmp_path):
    rows = [pay(f"F{i}", "P", f"M{i}", 2_000 + 1_000 * i, at(0, i)) for i in range(5)]
    rows += [
        pay("F5", "P", "M0", 3_000, at(0, 8)),  # a second payment to a payee already counted
        pay("LARGE", "P", "M9", 50_000, at(0, 9)),  # not split-sized
        pay("NEXT", "P", "M8", 3_000, at(1, 0)),  # the next day
    ]
    found = evidence(tmp_path, fans.FAN_OUT, rows)
    assert alerts(found) == {("P", START_DAY): ["F0", "F1", "F2", "F3", "F4", "F5"]}
    assert {e.measure for e in found} == {5}


def test_fan_out_look_alike_a_buyer_paying_four_shops_does_not_fire(tmp_path):
    rows = [pay(f"F{i}", "P", f"M{i}", 3_000, at(0, i)) for i in range(4)]
    rows += [pay("F4", "P", "M4", 3_000, at(1, 0))]  # the fifth shop the day after
    assert evidence(tmp_path, fans.FAN_OUT, rows) == []


def test_fan_in_fires_on_many_payers_and_not_on_a_busy_shop_with_real_orders(tmp_path):
    split = [pay(f"I{i}", f"P{i}", "M", 4_000, at(0, i)) for i in range(10)]
    found = evidence(tmp_path, fans.FAN_IN, split)
    assert alerts(found) == {("M", START_DAY): [f"I{i}" for i in range(10)]}
    # nine payers, or ten whose orders are not split-sized: ordinary trading
    assert evidence(tmp_path, fans.FAN_IN, split[:9]) == []
    orders = [pay(f"O{i}", f"P{i}", "M", 25_000, at(0, i)) for i in range(10)]
    assert evidence(tmp_path, fans.FAN_IN, orders) == []
    assert txns(evidence(tmp_path, fans.FAN_IN, split, min_counterparties=9)) == txns(found)
