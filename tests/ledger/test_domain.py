from datetime import UTC, datetime

import pytest

from yipay.core.money import Money
from yipay.ledger import journal
from yipay.ledger.domain import EntryDraft, Posting, nostro, suspense, wallet
from yipay.ledger.errors import UnbalancedEntry

AT = datetime(2026, 11, 3, tzinfo=UTC)
USD = Money.of("2985.00", "USD")


def test_unbalanced_entries_are_refused():
    with pytest.raises(UnbalancedEntry, match="does not balance"):
        EntryDraft(
            "k",
            "x",
            (
                Posting.debit(nostro("B", "USD"), USD),
                Posting.credit(suspense("USD"), Money.of("1", "USD")),
            ),
            AT,
        )


def test_each_currency_must_balance_on_its_own():
    with pytest.raises(UnbalancedEntry):
        EntryDraft(
            "k",
            "x",
            (
                Posting.debit(nostro("B", "USD"), USD),
                Posting.credit(suspense("CNY"), Money.of("2985", "CNY")),
            ),
            AT,
        )


def test_single_zero_and_wrong_currency_postings_are_refused():
    with pytest.raises(UnbalancedEntry):
        EntryDraft("k", "x", (Posting.debit(nostro("B", "USD"), USD),), AT)
    zero = Money.zero("USD")
    with pytest.raises(UnbalancedEntry):
        EntryDraft(
            "k",
            "x",
            (Posting.debit(nostro("B", "USD"), zero), Posting.credit(suspense("USD"), zero)),
            AT,
        )
    with pytest.raises(UnbalancedEntry):
        EntryDraft(
            "k",
            "x",
            (Posting.debit(nostro("B", "EUR"), USD), Posting.credit(suspense("USD"), USD)),
            AT,
        )


def test_body_hash_ignores_time_but_not_amounts():
    a = journal.receipt("pay_1", "B", USD, AT)
    b = journal.receipt("pay_1", "B", USD, datetime(2030, 1, 1, tzinfo=UTC))
    c = journal.receipt("pay_1", "B", Money.of("2985.01", "USD"), AT)
    assert a.body_hash() == b.body_hash()
    assert a.body_hash() != c.body_hash()


def test_conversion_entry_leaves_the_spread_as_income_and_a_flat_position():
    sold = Money.of("2985.00", "USD")
    entry = journal.conversion(
        "stl_1", "mer_1", sold, Money.of("21278.72", "CNY"), Money.of("21342.75", "CNY"), "B", AT
    )
    net: dict[str, int] = {}
    for p in entry.postings:
        net[p.account.code] = net.get(p.account.code, 0) + p.amount.minor
    assert net["fx_position:USD"] == 0
    assert net["fx_position:CNY"] == 0
    assert net["spread_income:CNY"] == -6403  # a credit of 64.03 CNY
    assert net[wallet("mer_1", "USD").code] == 298_500  # debit: the merchant sold USD
    assert net[wallet("mer_1", "CNY").code] == -2_127_872  # credit: CNY owed to the merchant


def test_account_codes_parse_back_to_the_account_they_name():
    from hypothesis import given
    from hypothesis import strategies as st

    from yipay.ledger.domain import AccountRef, AccountType
    from yipay.ledger.errors import LedgerCodeError

    @given(
        st.sampled_from(list(AccountType)),
        st.sampled_from(["USD", "CNY", "JPY"]),
        st.text(alphabet="abcdef_0123456789:-", max_size=20),
    )
    def round_trip(kind, cur, owner):
        ref = AccountRef(kind, cur, owner)
        assert AccountRef.parse(ref.code) == ref

    round_trip()
    for bad in ("cash:USD", "wallet", "wallet:mer_1:DOLLARS"):
        with pytest.raises(LedgerCodeError):
            AccountRef.parse(bad)
