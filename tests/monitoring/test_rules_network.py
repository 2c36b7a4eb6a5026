"""Layering on the generic layout: scatter-gather, gather-scatter, cycles of 2-4 hops, rapid
in-out. Each fires with exactly its evidence and stays quiet on the benign look-alike."""

from tests.monitoring.rule_support import START_DAY, alerts, at, evidence, pay, txns
from yipay.monitoring.rules import cycles, layering, rapid_in_out

WEEK = START_DAY // 7


def test_scatter_gather_evidences_both_legs_of_every_path(tmp_path):
    rows = [pay(f"A{i}", "S", f"M{i}", 5_000, at(0, i)) for i in range(3)]
    rows += [pay(f"B{i}", f"M{i}", "T", 4_950, at(1, i)) for i in range(3)]
    rows += [pay("NOISE", "M0", "Z", 3_000, at(1))]  # another payment of an intermediary
    found = evidence(tmp_path, layering.SCATTER_GATHER, rows)
    assert alerts(found) == {("S", WEEK): ["A0", "A1", "A2", "B0", "B1", "B2"]}
    assert {e.measure for e in found} == {3}


def test_scatter_gather_look_alikes_do_not_fire(tmp_path):
    # each intermediary pays someone else, or pays the target only after 72 hours
    scattered = [pay(f"A{i}", "S", f"M{i}", 5_000, at(0, i)) for i in range(3)]
    elsewhere = [pay(f"B{i}", f"M{i}", f"T{i}", 4_950, at(1, i)) for i in range(3)]
    late = [pay(f"C{i}", f"M{i}", "T", 4_950, at(3, 1 + i)) for i in range(3)]
    assert evidence(tmp_path, layering.SCATTER_GATHER, scattered + elsewhere) == []
    assert evidence(tmp_path, layering.SCATTER_GATHER, scattered + late) == []


def test_gather_scatter_evidences_receipts_and_later_payments(tmp_path):
    rows = [pay(f"IN{i}", f"S{i}", "H", 6_000, at(5, i)) for i in range(3)]
    # scattered in the next week, within max_hours of the last receipt
    rows += [pay(f"OUT{i}", "H", f"T{i}", 5_800, at(8, i)) for i in range(3)]
    rows += [pay("EARLY", "H", "T9", 5_000, at(5, -1))]  # before the first receipt
    rows += [pay("LATE", "H", "T8", 5_000, at(11))]  # more than max_hours after the last
    found = evidence(tmp_path, layering.GATHER_SCATTER, rows)
    expected = sorted([f"IN{i}" for i in range(3)] + [f"OUT{i}" for i in range(3)])
    assert alerts(found) == {("H", WEEK): expected}
    assert {e.measure for e in found} == {1000}  # exactly at both trigger counts


def test_gather_scatter_look_alike_a_shop_paying_its_supplier_does_not_fire(tmp_path):
    rows = [pay(f"IN{i}", f"S{i}", "H", 6_000, at(0, i)) for i in range(8)]
    rows += [pay(f"OUT{i}", "H", "SUPPLIER", 9_000, at(1, i)) for i in range(4)]
    assert evidence(tmp_path, layering.GATHER_SCATTER, rows) == []


def test_gather_scatter_look_alike_a_shop_settling_into_its_own_wallets_does_not_fire(tmp_path):
    rows = [pay(f"IN{i}", f"S{i}", "H", 6_000, at(0, i), channel="collection") for i in range(8)]
    rows += [
        pay(f"OWN{i}", "H", f"H-{cur}", 9_000, at(1, i), channel="settlement")
        for i, cur in enumerate(("CNY", "EUR", "HKD"))
    ]
    assert evidence(tmp_path, layering.GATHER_SCATTER, rows) == []


def test_a_three_hop_cycle_within_the_week_fires_with_its_hops(tmp_path):
    rows = [
        pay("H1", "A", "B", 20_000, at(0)),
        pay("H2", "B", "C", 19_500, at(0, 2)),
        pay("H3", "C", "A", 19_000, at(0, 5)),
        pay("ELSE", "B", "D", 19_500, at(0, 3)),  # a branch that does not come back
    ]
    found = evidence(tmp_path, cycles.CYCLE, rows)
    assert alerts(found) == {("A", WEEK): ["H1", "H2", "H3"]}
    assert {e.measure for e in found} == {1_900_000}


def test_two_and_four_hop_cycles_and_the_shortest_length(tmp_path):
    two = [pay("R1", "A", "B", 8_000, at(0)), pay("R2", "B", "A", 7_900, at(0, 1))]
    four = [
        pay("Q1", "W", "X", 30_000, at(0)),
        pay("Q2", "X", "Y", 29_000, at(1)),
        pay("Q3", "Y", "Z", 28_000, at(2)),
        pay("Q4", "Z", "W", 27_000, at(3)),
    ]
    found = alerts(evidence(tmp_path, cycles.CYCLE, two + four))
    assert found == {("A", WEEK): ["R1", "R2"], ("W", WEEK): ["Q1", "Q2", "Q3", "Q4"]}
    assert alerts(evidence(tmp_path, cycles.CYCLE, two + four, min_hops=3)) == {
        ("W", WEEK): ["Q1", "Q2", "Q3", "Q4"]
    }


def test_cycle_look_alikes_do_not_fire(tmp_path):
    out_of_order = [
        pay("H1", "A", "B", 20_000, at(0)),
        pay("H3", "C", "A", 19_000, at(0, 1)),  # comes back before it went on
        pay("H2", "B", "C", 19_500, at(0, 2)),
    ]
    shrunk = [
        pay("K1", "A", "B", 20_000, at(0)),
        pay("K2", "B", "C", 19_500, at(0, 2)),
        pay("K3", "C", "A", 5_000, at(0, 5)),  # a quarter comes back: a purchase, not a cycle
    ]
    slow = [
        pay("L1", "A", "B", 20_000, at(0)),
        pay("L2", "B", "C", 19_500, at(3)),
        pay("L3", "C", "A", 19_000, at(8)),  # after the 168 hours
    ]
    for rows in (out_of_order, shrunk, slow):
        assert evidence(tmp_path, cycles.CYCLE, rows) == []


def test_rapid_in_out_pairs_the_receipt_with_the_payment_that_passes_it_on(tmp_path):
    rows = [
        pay("IN", "P", "X", 10_000, at(0)),
        pay("OUT", "X", "Y", 9_600, at(0, 3)),
        pay("SMALL", "X", "Z", 300, at(0, 4)),  # not a similar amount
    ]
    found = evidence(tmp_path, rapid_in_out.RAPID_IN_OUT, rows)
    assert alerts(found) == {("X", START_DAY): ["IN", "OUT"]}
    assert {e.measure for e in found} == {1_000_000}


def test_rapid_in_out_follows_money_passed_on_in_parts(tmp_path):
    """A mule paying two shops with what it just received."""
    rows = [
        pay("IN", "P", "X", 10_000, at(0)),
        pay("OUT1", "X", "Y", 6_000, at(0, 3)),
        pay("OUT2", "X", "Z", 3_800, at(0, 5)),
    ]
    found = evidence(tmp_path, rapid_in_out.RAPID_IN_OUT, rows)
    assert alerts(found) == {("X", START_DAY): ["IN", "OUT1", "OUT2"]}
    # four parts are more than max_parts; parts adding up to too little are no pass-through
    four = [*rows[:1], *(pay(f"Q{i}", "X", f"Y{i}", 2_450, at(0, 2 + i)) for i in range(4))]
    short = [*rows[:2], pay("OUT2", "X", "Z", 2_000, at(0, 5))]
    assert evidence(tmp_path, rapid_in_out.RAPID_IN_OUT, four) == []
    assert evidence(tmp_path, rapid_in_out.RAPID_IN_OUT, short) == []


def test_rapid_in_out_look_alikes_do_not_fire(tmp_path):
    later = [pay("IN", "P", "X", 10_000, at(0)), pay("OUT", "X", "Y", 9_600, at(1, 2))]
    part = [pay("IN", "P", "X", 10_000, at(0)), pay("OUT", "X", "Y", 3_000, at(0, 2))]
    before = [pay("OUT", "X", "Y", 9_600, at(0)), pay("IN", "P", "X", 10_000, at(0, 2))]
    more = [pay("IN", "P", "X", 10_000, at(0)), pay("OUT", "X", "Y", 10_500, at(0, 2))]
    for rows in (later, part, before, more):
        assert evidence(tmp_path, rapid_in_out.RAPID_IN_OUT, rows) == []


def test_rapid_in_out_paying_a_usual_supplier_or_a_shop_for_a_trade_does_not_fire(tmp_path):
    """A conduit pays someone new for nothing registered; trade looks different."""
    usual = [
        pay("FIRST", "W", "SUPPLIER", 2_000, at(-20), channel="transfer"),
        pay("C1", "B1", "M", 10_000, at(0), channel="collection"),
        pay("S", "M", "W", 10_000, at(0, 1), channel="settlement"),
        pay("T", "W", "SUPPLIER", 9_700, at(0, 3), channel="transfer"),
    ]
    for_goods = [
        pay("IN", "RELATIVE", "B", 10_000, at(0), channel="transfer"),
        pay("OUT", "B", "SHOP", 9_800, at(0, 2), channel="collection", trade_ref="TR1"),
    ]
    assert evidence(tmp_path, rapid_in_out.RAPID_IN_OUT, usual) == []
    assert evidence(tmp_path, rapid_in_out.RAPID_IN_OUT, for_goods) == []
    # the same flows to a new payee, naming nothing, are passing money on
    new_payee = [r for r in usual if r["txn_id"] != "FIRST"]
    assert txns(evidence(tmp_path, rapid_in_out.RAPID_IN_OUT, new_payee)) == ["C1", "S", "T"]
    untraded = [{k: v for k, v in r.items() if k != "trade_ref"} for r in for_goods]
    assert txns(evidence(tmp_path, rapid_in_out.RAPID_IN_OUT, untraded)) == ["IN", "OUT"]


def test_rapid_in_out_follows_a_settlement_to_the_wallets_onward_transfer(tmp_path):
    """Collection, settlement and onward transfer the same day: all three are the evidence."""
    rows = [
        pay("C1", "B1", "M", 6_000, at(0), channel="collection"),
        pay("C2", "B2", "M", 4_000, at(0, 1), channel="collection"),
        pay("EARLIER", "B3", "M", 4_000, at(-2), channel="collection"),  # settled long before
        pay("S", "M", "W", 10_000, at(0, 2), channel="settlement"),
        pay("T", "W", "SUPPLIER", 9_700, at(0, 4), channel="transfer"),
    ]
    found = evidence(tmp_path, rapid_in_out.RAPID_IN_OUT, rows)
    assert alerts(found) == {("W", START_DAY): ["C1", "C2", "S", "T"]}


def test_rapid_in_out_a_merchant_settling_and_withdrawing_its_own_takings_does_not_fire(
    tmp_path,
):
    rows = [
        pay("C1", "B1", "M", 10_000, at(0), channel="collection"),
        pay("S", "M", "W", 10_000, at(0, 1), channel="settlement"),
        pay("P", "W", "M-BANK", 9_900, at(0, 2), channel="payout"),
    ]
    assert evidence(tmp_path, rapid_in_out.RAPID_IN_OUT, rows) == []
    # the same payments on a file without channels are a pass-through: nothing says otherwise
    bare = [{k: v for k, v in r.items() if k != "channel"} for r in rows]
    assert txns(evidence(tmp_path, rapid_in_out.RAPID_IN_OUT, bare)) == ["C1", "P", "S"]


def test_following_payments_are_found_across_time_buckets(tmp_path):
    """The join on buckets as long as max_hours must not lose a pair that straddles two."""
    from datetime import UTC, datetime

    midnight = datetime(2026, 3, 6, tzinfo=UTC)  # a bucket boundary for 24-hour buckets
    rows = [
        pay("IN", "P", "X", 10_000, datetime(2026, 3, 5, 23, tzinfo=UTC)),
        pay("OUT", "X", "Y", 9_900, datetime(2026, 3, 6, 1, tzinfo=UTC)),
    ]
    found = evidence(tmp_path, rapid_in_out.RAPID_IN_OUT, rows)
    assert sorted(e.txn_id for e in found) == ["IN", "OUT"]
    hops = [
        pay("H1", "A", "B", 20_000, midnight),
        pay("H2", "B", "C", 19_500, midnight.replace(day=9, hour=23)),
        pay("H3", "C", "A", 19_000, midnight.replace(day=12, hour=23)),  # 167 hours after H1
    ]
    for max_hours in (24, 100, 168):
        found = evidence(tmp_path, cycles.CYCLE, hops, max_hours=max_hours)
        expected = ["H1", "H2", "H3"] if max_hours >= 167 else []
        assert sorted(e.txn_id for e in found) == expected, max_hours
    sources = [
        pay(f"A{i}", "S", f"M{i}", 5_000, datetime(2026, 3, 5, 23, tzinfo=UTC)) for i in range(3)
    ]
    gathered = [
        pay(f"B{i}", f"M{i}", "T", 4_900, datetime(2026, 3, 6, 2, tzinfo=UTC)) for i in range(3)
    ]
    found = evidence(tmp_path, layering.SCATTER_GATHER, sources + gathered, max_hours=24)
    assert len({e.txn_id for e in found}) == 6


def test_cash_inflows_fire_when_repeated_or_for_no_trade_and_transfers_do_not(tmp_path):
    from yipay.monitoring.rules import cash

    rows = [
        pay("C1", "P1", "M", 4_000, at(0, 1), channel="cash", trade_ref="TR1"),
        pay("C2", "P2", "M", 6_000, at(3, 5), channel="Cash_Deposit", trade_ref="TR2"),
        pay("TINY", "P3", "M", 50, at(0, 6), channel="cash"),  # under the floor
        pay("WIRE", "P4", "M", 90_000, at(0, 2), channel="collection"),
        pay("C3", "P5", "M", 3_000, at(8, 1), channel="cash"),  # next week, for no trade
    ]
    found = evidence(tmp_path, cash.CASH_INFLOW, rows)
    assert alerts(found) == {("M", WEEK): ["C1", "C2"], ("M", WEEK + 1): ["C3"]}
    assert {e.measure for e in found if e.window_no == WEEK} == {1_000_000}


def test_cash_look_alikes_one_order_paid_in_cash_for_its_trade_and_wires_do_not_fire(tmp_path):
    from yipay.monitoring.rules import cash

    market = [
        pay("C1", "B1", "M", 4_000, at(0, 1), channel="cash", trade_ref="TR1"),
        pay("C2", "B2", "M", 6_000, at(9, 5), channel="cash", trade_ref="TR2"),  # weeks apart
    ]
    transfers = [pay("W1", "P", "M", 9_000, at(0), channel="collection")]
    assert evidence(tmp_path, cash.CASH_INFLOW, market) == []
    assert evidence(tmp_path, cash.CASH_INFLOW, transfers) == []
