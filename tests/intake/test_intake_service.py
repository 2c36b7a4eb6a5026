"""Bank files through intake on SQLite and PostgreSQL: virtual accounts, exactly once, near
duplicates, reversals, returns of our payouts, and nostro reconciliation from statements."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest

from tests.intake import support
from tests.integration import market
from tests.payouts.test_payouts import cny, export, fund, get, request
from yipay.adapters.iso20022.xml import MessageError
from yipay.bootstrap import Container
from yipay.intake import domain as va
from yipay.jobs.bank_intake import import_bank_file
from yipay.ledger.domain import nostro, suspense
from yipay.payments.domain import PaymentStatus
from yipay.payouts.domain import PayoutStatus

FIXTURES = Path(__file__).parents[1] / "fixtures" / "bank_messages"


def merchant_with_accounts(c: Container, suffix: str = "1") -> tuple[str, dict[str, str]]:
    merchant_id = market.merchant(c, suffix=suffix)
    c.process()  # MerchantRegistered → virtual accounts
    with c.uow() as uow:
        accounts = c.intake.virtual_accounts(uow, merchant_id)
    return merchant_id, {a.currency: a.number for a in accounts}


def take(c: Container, data: bytes, name: str = "in.xml"):
    outcome = import_bank_file(c, data, name=name, actor="test")
    c.process()
    return outcome


def payment(c: Container, payment_id: str):
    with c.uow() as uow:
        return c.payments.get(uow, payment_id)


def usd_balances(c: Container) -> tuple[Decimal, Decimal]:
    with c.uow() as uow:
        return (
            c.ledger.balance(uow, nostro("PARTNER", "USD")).amount,
            c.ledger.balance(uow, suspense("USD")).amount,
        )


# -- virtual accounts ---------------------------------------------------------------------------
def test_each_merchant_gets_one_valid_virtual_account_per_currency(container):
    _, first = merchant_with_accounts(container, "1")
    _, second = merchant_with_accounts(container, "2")
    assert set(first) == set(container.settings.virtual_account_currencies)
    numbers = [*first.values(), *second.values()]
    assert len(set(numbers)) == len(numbers)
    assert all(va.is_valid(n) and len(n) == 16 for n in numbers)
    assert first["USD"][2:5] == "840"
    assert first["CNY"][2:5] == "156"


def test_check_digits_catch_every_single_digit_error_and_adjacent_swap():
    number = va.account_number("USD", 123456789)
    for i in range(len(number)):
        for d in "0123456789":
            if d != number[i]:
                assert not va.is_valid(number[:i] + d + number[i + 1 :])
        if i + 1 < len(number) and number[i] != number[i + 1]:
            swapped = number[:i] + number[i + 1] + number[i] + number[i + 2 :]
            assert not va.is_valid(swapped)


# -- receipts, exactly once -----------------------------------------------------------------------
def test_a_pacs008_lands_once_in_suspense_attributed_by_its_virtual_account(container):
    merchant_id, accounts = merchant_with_accounts(container)
    record = support.credit(accounts["USD"])
    data = support.pacs008(record)
    first = take(container, data, "a.xml")
    assert (first.received, first.duplicates) == (1, 0)
    [payment_id] = first.payment_ids
    p = payment(container, payment_id)
    assert p.merchant_id == merchant_id
    assert p.channel == "pacs.008"
    assert str(p.amount.amount) == "2985.00"
    assert str(p.charges.amount) == "15.00"
    assert p.instructed is not None
    assert str(p.instructed.amount) == "3000.00"
    assert p.charge_bearer is not None
    assert p.charge_bearer.value == "SHA"
    assert usd_balances(container)[0] == Decimal("2985.00")

    again = take(container, data, "a-again.xml")  # the same file
    assert again.duplicate_of == first.file_id
    other_wrapper = take(container, support.pacs008(record, message_id="MSG-2"), "b.xml")
    as_mt103 = take(container, support.mt103(record), "c.fin")  # same UETR, other format
    assert (other_wrapper.duplicates, other_wrapper.received) == (1, 0)
    assert (as_mt103.duplicates, as_mt103.received) == (1, 0)
    assert usd_balances(container)[0] == Decimal("2985.00")
    with container.uow() as uow:
        records = container.intake.records(uow, as_mt103.file_id)
    assert records[0]["outcome"] == "duplicate"
    assert records[0]["payment_id"] == payment_id


def test_the_same_key_with_other_terms_is_held_as_a_near_duplicate(container):
    _, accounts = merchant_with_accounts(container)
    record = support.credit(accounts["USD"])
    take(container, support.pacs008(record))
    changed = dataclasses.replace(record, amount=Decimal("2895.00"))
    outcome = take(container, support.pacs008(changed, message_id="MSG-9"), "b.xml")
    assert outcome.near_duplicates == 1
    held = payment(container, outcome.payment_ids[0])
    assert held.status is PaymentStatus.HELD
    assert held.status_reason.startswith("possible duplicate of pay_")


@pytest.mark.parametrize(
    ("account", "reason"),
    [
        ("8884000000999999", "fails its check digits"),
        (None, "unknown virtual account"),
        ("DE89370400440532013000", "is not a virtual account"),
    ],
)
def test_money_for_no_known_open_account_waits_in_suspense_with_a_reason(
    sqlite_container, account, reason
):
    c = sqlite_container
    if account is None:
        account = va.account_number("USD", 999_999)
    outcome = take(c, support.pacs008(support.credit(account)))
    p = payment(c, outcome.payment_ids[0])
    assert p.merchant_id is None
    assert p.status is PaymentStatus.SUSPENSE
    assert reason in p.status_reason
    assert sum(outcome.suspense_reasons.values()) == 1


def test_a_closed_virtual_account_takes_no_more_money(sqlite_container):
    c = sqlite_container
    _, accounts = merchant_with_accounts(c)
    with c.uow() as uow:
        c.intake.close_virtual_account(uow, accounts["EUR"])
        uow.commit()
    record = support.credit(accounts["EUR"], currency="EUR", amount="100.00", charges=None)
    p = payment(c, take(c, support.pacs008(record)).payment_ids[0])
    assert p.merchant_id is None
    assert "is closed" in p.status_reason


def test_an_invalid_file_changes_nothing(sqlite_container):
    c = sqlite_container
    _, accounts = merchant_with_accounts(c)
    good = support.credit(accounts["USD"])
    second = support.credit(accounts["USD"], amount="10.00", charges=None, end_to_end_id="E2E-2")
    data = support.pacs008(good, second)
    settled = b">10.00</IntrBkSttlmAmt>"
    assert data.count(settled) == 1
    too_precise = data.replace(settled, b">10.001</IntrBkSttlmAmt>")  # the 2nd record is bad
    with pytest.raises(MessageError, match=r"^in\.xml"):
        take(c, too_precise, "in.xml")
    with pytest.raises(MessageError, match=r"^trunc\.xml"):
        take(c, data[: len(data) // 2], "trunc.xml")
    with c.uow() as uow:
        assert c.intake.files(uow) == []
        assert c.payments.find(uow) == []
    assert usd_balances(c) == (Decimal(0), Decimal(0))


def test_a_bank_reversal_of_an_inbound_credit_reverses_the_receipt(container):
    _, accounts = merchant_with_accounts(container)
    record = support.credit(accounts["USD"], uetr="0f6d3c1e-7b52-4a8e-9d0c-2f4b6a8c1e3d")
    first = take(container, support.pacs008(record))
    assert usd_balances(container)[0] == Decimal("2985.00")
    text = (FIXTURES / "camt054-reversal.xml").read_bytes()
    outcome = take(container, text, "rev.xml")
    assert outcome.reversals == 1, outcome.review
    p = payment(container, first.payment_ids[0])
    assert p.status is PaymentStatus.REVERSED
    assert usd_balances(container) == (Decimal(0), Decimal(0))
    again = take(container, text.replace(b"REV-1", b"REV-2"), "rev2.xml")
    assert again.reversals == 1  # idempotent: already reversed, nothing moves
    assert usd_balances(container) == (Decimal(0), Decimal(0))


def test_pacs004_returns_our_payout_through_the_payout_flow(container):
    fund(container, cny("12000.00"), key="fund-return")
    payout = request(container, cny("12000.00"))
    export(container)
    assert get(container, payout.id).status is PayoutStatus.SENT
    text = (FIXTURES / "pacs.004.001.10.xml").read_text(encoding="utf-8")
    text = text.replace("pot_01J2K7QX", payout.id).replace('Ccy="USD"', 'Ccy="CNY"')
    text = (
        text.replace("5000.00", "12000.00")
        .replace("4985.00", "12000.00")
        .replace('<Amt Ccy="CNY">15.00</Amt>', '<Amt Ccy="CNY">0.00</Amt>')
    )
    outcome = take(container, text.encode(), "ret.xml")
    assert outcome.returns == 1, outcome.review
    assert get(container, payout.id).status is PayoutStatus.RETURNED
    unknown = take(container, text.replace(payout.id, "pot_UNKNOWN").encode(), "ret2.xml")
    assert unknown.review
    assert "pot_UNKNOWN" in unknown.review[0]


# -- reconciliation ------------------------------------------------------------------------------
def test_a_statement_pairs_known_receipts_and_never_credits_them_twice(container):
    _, accounts = merchant_with_accounts(container)
    known = support.credit(accounts["USD"])
    unseen = support.credit(
        accounts["USD"], amount="500.00", charges=None, end_to_end_id="E2E-X", instruction_id=None
    )
    not_on_statement = support.credit(accounts["USD"], amount="70.00", end_to_end_id="E2E-Y")
    take(container, support.mt103(known), "known.fin")
    take(container, support.pacs008(not_on_statement, message_id="MSG-Y"), "y.xml")
    line = dataclasses.replace(known, source_format="camt.053", entry_reference="BANKREF-1")
    fresh = dataclasses.replace(unseen, source_format="camt.053", entry_reference="BANKREF-2")
    outgoing = dataclasses.replace(
        known, direction="debit", amount=Decimal("42.00"), uetr=None, end_to_end_id="pot_NONE"
    )
    stmt = support.statement(line, fresh, outgoing)
    outcome = take(container, stmt, "stmt.xml")
    assert outcome.statement_lines == 3
    assert outcome.paired == 1
    assert outcome.created_from_statement == 1
    assert any("no payout of ours" in b for b in outcome.breaks)
    assert any("not on the statement" in b and "70.00" in b for b in outcome.breaks)
    # 2,985 by MT103 + 70 by pacs.008 + 500 from the statement line: nothing twice
    assert usd_balances(container)[0] == Decimal("3555.00")
    created = [p for p in _all_payments(container) if p.channel == "statement"]
    assert len(created) == 1
    assert created[0].status is PaymentStatus.SUSPENSE
    # the same statement in another file: its lines are duplicates, nothing moves
    again = take(container, stmt.replace(b"STMT-2026-11-03-MSG", b"RESENT"), "stmt2.xml")
    assert again.duplicates == 3
    assert again.statement_lines == 0
    assert usd_balances(container)[0] == Decimal("3555.00")


def test_amount_differences_are_breaks_with_the_reason(sqlite_container):
    c = sqlite_container
    _, accounts = merchant_with_accounts(c)
    known = support.credit(accounts["USD"])
    take(c, support.pacs008(known))
    line = dataclasses.replace(known, source_format="camt.053", amount=Decimal("2980.00"))
    outcome = take(c, support.statement(line), "stmt.xml")
    assert outcome.paired == 0
    assert any("amount differs" in b for b in outcome.breaks)


def test_a_statement_of_an_account_that_is_not_ours_is_all_breaks(sqlite_container):
    c = sqlite_container
    line = dataclasses.replace(support.credit("x"), source_format="camt.053")
    outcome = take(c, support.statement(line, account="NL91ABNA0417164300"), "s.xml")
    assert outcome.breaks == [
        "s.xml line 1: account NL91ABNA0417164300 is not one of our nostro accounts"
    ]
    assert usd_balances(c) == (Decimal(0), Decimal(0))


def _all_payments(c: Container):
    with c.uow() as uow:
        return c.payments.find(uow, limit=None)


# -- two importers at once (PostgreSQL) -------------------------------------------------------
@pytest.mark.postgres
def test_two_importers_taking_the_same_messages_at_once_receive_each_only_once(
    postgres_server, tmp_path, clock
):
    import threading

    from tests.conftest import _fresh_postgres, make_container

    fresh = _fresh_postgres(postgres_server)
    url = next(fresh)
    try:
        setup = make_container(url, tmp_path, clock)
        _, accounts = merchant_with_accounts(setup)
        records = [
            support.credit(accounts["USD"], amount=f"{100 + i}.00", end_to_end_id=f"E2E-{i}")
            for i in range(30)
        ]
        # the same 30 payments twice: as one pacs.008 file and as an RJE of MT103s
        files = [
            support.pacs008(*records, message_id="BATCH-1"),
            support.rje(*(support.mt103(r, sequence=i + 1) for i, r in enumerate(records))),
        ]
        workers = [make_container(url, tmp_path, clock) for _ in range(4)]
        barrier = threading.Barrier(len(workers))
        errors: list[BaseException] = []
        outcomes = []

        def work(index: int) -> None:
            c = workers[index]
            try:
                barrier.wait()
                data = files[index % 2]
                outcomes.append(import_bank_file(c, data, name=f"w{index}", actor="w"))
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        threads = [threading.Thread(target=work, args=(i,)) for i in range(len(workers))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        assert not errors, errors
        assert sum(o.received for o in outcomes) == 30
        assert sum(o.duplicates for o in outcomes) == 90
        assert len(_all_payments(setup)) == 30
        total = sum(Decimal(f"{100 + i}.00") for i in range(30))
        assert usd_balances(setup)[0] == total
        with setup.uow() as uow:
            assert setup.ledger.verify_all(uow).ok
        for c in [setup, *workers]:
            c.dispose()
    finally:
        next(fresh, None)


def test_a_value_date_difference_is_a_break_and_shows_in_the_day_report(sqlite_container):
    c = sqlite_container
    _, accounts = merchant_with_accounts(c)
    known = support.credit(accounts["USD"])
    take(c, support.pacs008(known))
    later = support.VALUE_DATE.replace(day=4)
    line = dataclasses.replace(known, source_format="camt.053", value_date=later)
    outcome = take(c, support.statement(line, day=later), "stmt.xml")
    assert outcome.paired == 0
    assert any("value date differs" in b for b in outcome.breaks)
    with c.uow() as uow:
        lines = c.intake.statement_lines(uow, day_from=later, day_to=later.replace(day=5))
        missing = c.intake.reconciler.missing_from_statement(
            uow, "USD", support.VALUE_DATE, support.VALUE_DATE
        )
    assert [(x["status"], x["amount"]) for x in lines] == [("break", "2985.00")]
    assert missing == []  # the break names the receipt: it is not also "missing"


def test_an_mt103_return_and_an_mt900_debit_reach_our_payouts(container):
    fund(container, cny("12000.00"), key="fund-mt")
    returned = request(container, cny("12000.00"))
    fund(container, cny("800.00"), key="fund-mt-2")
    debited = request(container, cny("800.00"))
    export(container)
    retn = (FIXTURES / "mt103-return.fin").read_text(encoding="ascii")
    retn = retn.replace("YP20261028001", returned.id).replace("EUR1250,50", "CNY12000,")
    retn = retn.replace(":33B:EUR1265,50", ":33B:CNY12000,").replace(":71F:EUR15,", ":71F:CNY0,")
    outcome = take(container, retn.encode(), "retn.fin")
    assert outcome.returns == 1, outcome.review
    assert get(container, returned.id).status is PayoutStatus.RETURNED
    debit = (FIXTURES / "mt900.fin").read_text(encoding="ascii")
    debit = debit.replace("YP-PAYOUT-0007", debited.id).replace("USD1200,75", "CNY800,")
    outcome = take(container, debit.encode(), "debit.fin")
    assert outcome.statuses == 1, outcome.review
    assert get(container, debited.id).status is PayoutStatus.CONFIRMED


def test_a_camt054_credit_notification_is_a_receipt_like_any_other(sqlite_container):
    c = sqlite_container
    merchant_id, accounts = merchant_with_accounts(c)
    text = (FIXTURES / "camt054-reversal.xml").read_text(encoding="utf-8")
    text = text.replace("<CdtDbtInd>DBIT</CdtDbtInd>", "<CdtDbtInd>CRDT</CdtDbtInd>")
    text = text.replace("<RvslInd>true</RvslInd>", "").replace("RRTN", "XBCT")
    creditor = f"<CdtrAcct><Id><Othr><Id>{accounts['USD']}</Id></Othr></Id></CdtrAcct>"
    text = text.replace("</TxDtls>", f"<RltdPties>{creditor}</RltdPties></TxDtls>")
    outcome = take(c, text.encode(), "ntf.xml")
    assert outcome.received == 1, outcome
    p = payment(c, outcome.payment_ids[0])
    assert (p.channel, p.merchant_id, str(p.amount.amount)) == ("camt.054", merchant_id, "2985.00")
