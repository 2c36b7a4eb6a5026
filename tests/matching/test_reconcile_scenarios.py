from yipay.matching.reconcile import Relation, reconcile

from .support import pay, rows, trade

INV = "INV-2026-000124"


def test_one_to_one_by_invoice():
    result = reconcile(
        [pay("P1", "3000.00", f"PAYMENT FOR {INV} BED SHEETS")], [trade("T1", "3000.00", INV)]
    )
    assert rows(result) == [("P1", "T1", "3000.00")]
    assert result.allocations[0].score > 0.9
    assert not result.suggestions


def test_stated_sha_charges_consume_the_trade_gross():
    result = reconcile(
        [pay("P1", "2985.00", INV, charges="15.00"), pay("P2", "100.00", INV, days=20)],
        [trade("T1", "3000.00", INV)],
    )
    first = result.allocations[0]
    assert (first.trade_id, str(first.received.amount)) == ("T1", "2985.00")
    assert str(first.consumed.amount) == "3000.00"
    assert str(first.charges.amount) == "15.00"
    # the trade is closed: a second payment naming it finds nothing open
    assert rows(result)[1] == ("P2", "", "100.00")


def test_charges_inferred_under_the_cap():
    result = reconcile([pay("P1", "2985.00", INV)], [trade("T1", "3000.00", INV)])
    allocation = result.allocations[0]
    assert rows(result) == [("P1", "T1", "2985.00")]
    assert str(allocation.consumed.amount) == "3000.00"
    assert str(allocation.charges.amount) == "15.00"


def test_no_charges_inferred_over_the_cap_or_under_our():
    result = reconcile(
        [pay("P1", "2900.00", INV), pay("P2", "1985.00", "INV-2026-000125", bearer="OUR")],
        [trade("T1", "3000.00", INV), trade("T2", "2000.00", "INV-2026-000125")],
    )
    assert rows(result) == [("P1", "T1", "2900.00"), ("P2", "T2", "1985.00")]
    assert [str(a.consumed.amount) for a in result.allocations] == ["2900.00", "1985.00"]
    assert [str(a.charges.amount) for a in result.allocations] == ["0.00", "0.00"]


def test_deposit_and_balance_on_one_trade():
    result = reconcile(
        [
            pay("P1", "3000.00", "DEPOSIT PO PO-1234", days=-20),
            pay("P2", "6980.00", f"BALANCE PAYMENT {INV}", days=30),
        ],
        [trade("T1", "10000.00", INV, order_no="PO-1234")],
    )
    assert rows(result) == [("P1", "T1", "3000.00"), ("P2", "T1", "6980.00")]
    assert [str(a.consumed.amount) for a in result.allocations] == ["3000.00", "7000.00"]


def test_one_payment_for_two_trades_split_by_what_is_open():
    trades = [trade("T1", "2000.00", "INV-2026-000124"), trade("T2", "1000.00", "INV-2026-000130")]
    payments = [
        pay("P0", "600.00", "DEPOSIT INV-2026-000124", days=-5),
        pay("P1", "2385.00", "INVOICES INV-2026-000124 INV-2026-000130", days=20),
    ]
    result = reconcile(payments, trades)
    # open 1400 and 1000; 15 charges inferred; 2385 split 1400:1000
    assert rows(result) == [
        ("P0", "T1", "600.00"),
        ("P1", "T1", "1391.25"),
        ("P1", "T2", "993.75"),
    ]
    assert [str(a.consumed.amount) for a in result.allocations[1:]] == ["1400.00", "1000.00"]


def test_one_payment_for_two_trades_without_reference_by_subset_sum():
    trades = [
        trade("T1", "1200.00", days=-3),
        trade("T2", "800.00", days=-2),
        trade("T3", "500.00", days=-1),
        trade("T4", "700.00", buyer="Olga Petrova", country="RU"),
    ]
    result = reconcile([pay("P1", "2000.00", "GOODS")], trades)
    assert rows(result) == [("P1", "T1", "1200.00"), ("P1", "T2", "800.00")]


def test_competing_equal_trades_are_decided_by_the_remittance():
    trades = [
        trade("T1", "1500.00", "INV-2026-000124", days=-1),
        trade("T2", "1500.00", "INV-2026-000125", days=-1),
    ]
    result = reconcile([pay("P1", "1500.00", "INV 2026 000125")], trades)
    assert rows(result) == [("P1", "T2", "1500.00")]


def test_competing_equal_trades_without_remittance_are_only_suggested():
    trades = [
        trade("T1", "1500.00", "INV-2026-000124", days=-1),
        trade("T2", "1500.00", "INV-2026-000125", days=-1),
    ]
    result = reconcile([pay("P1", "1500.00", "GOODS")], trades)
    assert rows(result) == [("P1", "", "1500.00")]
    assert sorted(s.trade_ids for s in result.suggestions) == [("T1",), ("T2",)]
    assert all(s.explanation and 0 <= s.score <= 1 for s in result.suggestions)


def test_two_payments_fitting_one_trade_equally_go_to_review():
    result = reconcile(
        [pay("P1", "1500.00", "GOODS"), pay("P2", "1500.00", "GOODS", days=11)],
        [trade("T1", "1500.00")],
    )
    assert rows(result) == [("P1", "", "1500.00"), ("P2", "", "1500.00")]
    assert {s.payment_id for s in result.suggestions} == {"P1", "P2"}


def test_fx_payment_with_instructed_amount():
    result = reconcile(
        [pay("P1", "2760.00", INV, currency="EUR", instructed=("3000.00", "USD"))],
        [trade("T1", "3000.00", INV)],
    )
    allocation = result.allocations[0]
    assert rows(result) == [("P1", "T1", "2760.00")]
    assert allocation.received.currency.code == "EUR"
    assert str(allocation.consumed.amount) == "3000.00"
    assert allocation.consumed.currency.code == "USD"


def test_fx_payment_converted_with_the_builtin_table():
    # EUR 2750 is about USD 3007 at the built-in rates: within the tolerance
    result = reconcile([pay("P1", "2750.00", INV, currency="EUR")], [trade("T1", "3000.00", INV)])
    assert rows(result) == [("P1", "T1", "2750.00")]
    assert str(result.allocations[0].consumed.amount) == "3000.00"


def test_more_than_open_leaves_the_excess_unallocated():
    result = reconcile([pay("P1", "3500.00", INV)], [trade("T1", "3000.00", INV)])
    assert rows(result) == [("P1", "T1", "3000.00"), ("P1", "", "500.00")]


def test_no_trade_gives_an_unmatched_row():
    result = reconcile(
        [pay("P1", "3000.00", INV, merchant="mer_9"), pay("P2", "10.00", "GOODS")],
        [trade("T1", "3000.00", INV)],
    )
    assert rows(result) == [("P1", "", "3000.00"), ("P2", "", "10.00")]


def test_payment_outside_the_date_window_is_not_matched():
    result = reconcile(
        [pay("P1", "3000.00", INV, days=-31), pay("P2", "3000.00", INV, days=121)],
        [trade("T1", "3000.00", INV)],
    )
    assert rows(result) == [("P1", "", "3000.00"), ("P2", "", "3000.00")]


def test_known_third_party_payer_counts_as_the_buyer():
    payments = [pay("P1", "1500.00", "GOODS", payer="Golden Bridge Trading Limited", country="HK")]
    trades = [trade("T1", "1500.00")]
    assert rows(reconcile(payments, trades)) == [("P1", "", "1500.00")]
    known = [Relation(buyer_name="AHMED AL-MANSOURI", payer_name="Golden Bridge Trading Ltd")]
    assert rows(reconcile(payments, trades, relations=known)) == [("P1", "T1", "1500.00")]


def test_payer_name_in_another_script():
    result = reconcile(
        [pay("P1", "800.00", "GOODS", payer="Иванов Сергей", country="RU")],
        [trade("T1", "800.00", buyer="Sergey Ivanov", country="RU")],
    )
    assert rows(result) == [("P1", "T1", "800.00")]
