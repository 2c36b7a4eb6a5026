"""The canonical journal of ARCHITECTURE.md ("Where the money sits"), entry by entry, on SQLite and
PostgreSQL: every posting's account and amount, in the order the entries were booked, and the
final balance of every account.

Rates (tests/integration/market.py): USD/CNY bid 7.15; spread 30 bps for a medium-risk merchant
→ client rate 7.128550.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import text

from tests.integration import market
from tests.ledger import support
from yipay.adapters.iso20022 import parse_status
from yipay.bootstrap import Container
from yipay.core.money import Money
from yipay.jobs.bank_simulator import answer_pain001
from yipay.payments.domain import PaymentStatus
from yipay.payouts.domain import PayoutStatus

Line = tuple[str, str, str]  # ("Dr" | "Cr", account code, amount)


def journal(c: Container, *, merchant: str = "") -> list[tuple[str, list[Line]]]:
    """Every entry in booking order (its postings' insertion order) as (kind, lines); the
    merchant's id in account codes reads as "M"."""
    with c.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT e.kind, a.code, a.currency, p.amount_minor, p.entry_id FROM postings p"
                " JOIN journal_entries e ON e.id = p.entry_id"
                " JOIN ledger_accounts a ON a.id = p.account_id ORDER BY p.id"
            )
        ).all()
    entries: dict[str, tuple[str, list[Line]]] = {}
    for kind, code, cur, minor, entry_id in rows:
        amount = Money.from_minor(abs(minor), cur).amount
        side = "Dr" if minor > 0 else "Cr"
        shown = code.replace(merchant, "M") if merchant else code
        entries.setdefault(entry_id, (kind, []))[1].append((side, shown, str(amount)))
    return list(entries.values())


def balances(c: Container, *, merchant: str = "") -> dict[str, str]:
    """Natural balance of every account (nonzero or not), merchant id shown as "M"."""
    return {
        (code.replace(merchant, "M") if merchant else code): str(money.amount)
        for code, money in support.natural_balances(c).items()
    }


def client_balances(c: Container) -> dict[str, Money]:
    return {
        code: money
        for code, money in support.natural_balances(c).items()
        if code.split(":")[0] in support.CLIENT_TYPES
    }


def _settle(c: Container, payment_id: str):
    with c.uow() as uow:
        result = c.payments.settle(uow, payment_id)
        uow.commit()
    return result


def _export(c: Container) -> bytes:
    with c.uow() as uow:
        [export] = c.payouts.export(uow)
        uow.commit()
    return export.document


def _apply(c: Container, message: bytes):
    with c.uow() as uow:
        outcome = c.payouts.apply_status(uow, parse_status(message))
        uow.commit()
    c.process()
    return outcome


RECEIPT = ("receipt", [("Dr", "nostro:PARTNER:USD", "2985.00"), ("Cr", "suspense:USD", "2985.00")])
CREDIT = ("credit", [("Dr", "suspense:USD", "2985.00"), ("Cr", "wallet:M:USD", "2985.00")])
CONVERSION = (
    "conversion",
    [
        ("Dr", "wallet:M:USD", "2985.00"),  # the client sells USD …
        ("Cr", "fx_position:USD", "2985.00"),
        ("Dr", "fx_position:CNY", "21278.72"),  # … for CNY at 7.128550
        ("Cr", "wallet:M:CNY", "21278.72"),
        ("Dr", "fx_position:USD", "2985.00"),  # cover deal: the bank buys USD …
        ("Cr", "nostro:PARTNER:USD", "2985.00"),
        ("Dr", "nostro:PARTNER:CNY", "21342.75"),  # … at its bid 7.15
        ("Cr", "fx_position:CNY", "21342.75"),
        ("Dr", "fx_position:CNY", "64.03"),  # the spread is the institution's income
        ("Cr", "spread_income:CNY", "64.03"),
    ],
)
PAYOUT = (
    "payout",
    [("Dr", "wallet:M:CNY", "21278.72"), ("Cr", "payouts_in_transit:CNY", "21278.72")],
)
CONFIRMED = (
    "payout_confirmed",
    [("Dr", "payouts_in_transit:CNY", "21278.72"), ("Cr", "nostro:PARTNER:CNY", "21278.72")],
)


def _bed_sheets(c: Container) -> tuple[str, str, str]:
    """USD 3,000 of bed sheets, SHA, USD 15 deducted: USD 2,985 arrives and is credited."""
    m = market.merchant(c)
    t = market.trade(c, m, market.buyer(c))
    market.rates(c)
    p = market.pay(c, m)
    assert p.status is PaymentStatus.CREDITED
    return m, t.id, p.id


def test_the_bed_sheet_payment_from_receipt_to_confirmed_cny_payout(container):
    c = container
    m, trade_id, payment_id = _bed_sheets(c)
    with c.uow() as uow:
        [allocation] = c.trades.allocations_for_payment(uow, payment_id)
        trade = c.trades.get(uow, trade_id)
    # matched: the trade is consumed gross; the charges are the beneficiary's, not our expense
    assert (allocation.received, allocation.charges, allocation.gross) == (
        Money.of("2985.00", "USD"),
        Money.of("15.00", "USD"),
        Money.of("3000.00", "USD"),
    )
    assert trade.open_balance == Money.zero("USD")
    assert journal(c, merchant=m) == [RECEIPT, CREDIT]

    result = _settle(c, payment_id)
    assert (result.settlement.bank_rate, result.settlement.client_rate) == (
        Decimal("7.15"),
        Decimal("7.128550"),
    )
    assert result.payout.status is PayoutStatus.APPROVED  # below CNY 500,000: no second user
    assert journal(c, merchant=m) == [RECEIPT, CREDIT, CONVERSION, PAYOUT]

    outcome = _apply(c, answer_pain001(_export(c), at=c.clock.now()))
    assert outcome.applied == [(result.payout.id, "confirmed")]
    assert journal(c, merchant=m) == [RECEIPT, CREDIT, CONVERSION, PAYOUT, CONFIRMED]
    assert balances(c, merchant=m) == {
        "fx_position:CNY": "0.00",
        "fx_position:USD": "0.00",
        "nostro:PARTNER:CNY": "64.03",  # all that is left at the bank: the spread, ours
        "nostro:PARTNER:USD": "0.00",
        "payouts_in_transit:CNY": "0.00",
        "spread_income:CNY": "64.03",
        "suspense:USD": "0.00",
        "wallet:M:CNY": "0.00",
        "wallet:M:USD": "0.00",
    }
    assert market.state(c, payment_id).status is PaymentStatus.SETTLED
    support.assert_books_sound(c)


def test_a_deposit_and_the_balance_less_an_inferred_charge_consume_one_trade(container):
    c = container
    m = market.merchant(c)
    t = market.trade(c, m, market.buyer(c))
    market.rates(c)
    deposit = market.pay(c, m, amount="900.00", charges=None, info="DEPOSIT 30% INV-2026-000123")
    rest = market.pay(c, m, amount="2075.00", charges=None, info="BALANCE INV-2026-000123")
    assert (deposit.status, rest.status) == (PaymentStatus.CREDITED, PaymentStatus.CREDITED)
    with c.uow() as uow:
        [first] = c.trades.allocations_for_payment(uow, deposit.id)
        [second] = c.trades.allocations_for_payment(uow, rest.id)
        trade = c.trades.get(uow, t.id)
    assert (first.gross, first.charges) == (Money.of("900.00", "USD"), Money.zero("USD"))
    assert (second.gross, second.charges) == (Money.of("2100.00", "USD"), Money.of("25.00", "USD"))
    assert trade.open_balance == Money.zero("USD")

    with c.uow() as uow:
        quote = c.payments.quote_settlement(uow, m, "USD")  # both credited payments at once
        uow.commit()
    with c.uow() as uow:
        result = c.payments.accept_quote(uow, quote.id, by="ops-wang")
        uow.commit()
    assert journal(c, merchant=m) == [
        ("receipt", [("Dr", "nostro:PARTNER:USD", "900.00"), ("Cr", "suspense:USD", "900.00")]),
        ("credit", [("Dr", "suspense:USD", "900.00"), ("Cr", "wallet:M:USD", "900.00")]),
        ("receipt", [("Dr", "nostro:PARTNER:USD", "2075.00"), ("Cr", "suspense:USD", "2075.00")]),
        ("credit", [("Dr", "suspense:USD", "2075.00"), ("Cr", "wallet:M:USD", "2075.00")]),
        (
            "conversion",
            [
                ("Dr", "wallet:M:USD", "2975.00"),
                ("Cr", "fx_position:USD", "2975.00"),
                ("Dr", "fx_position:CNY", "21207.44"),  # 2,975 × 7.128550 = 21,207.43625
                ("Cr", "wallet:M:CNY", "21207.44"),
                ("Dr", "fx_position:USD", "2975.00"),
                ("Cr", "nostro:PARTNER:USD", "2975.00"),
                ("Dr", "nostro:PARTNER:CNY", "21271.25"),  # 2,975 × 7.15
                ("Cr", "fx_position:CNY", "21271.25"),
                ("Dr", "fx_position:CNY", "63.81"),
                ("Cr", "spread_income:CNY", "63.81"),
            ],
        ),
        (
            "payout",
            [("Dr", "wallet:M:CNY", "21207.44"), ("Cr", "payouts_in_transit:CNY", "21207.44")],
        ),
    ]
    assert result.payout.amount == Money.of("21207.44", "CNY")
    # the inferred USD 25 is the buyer's cost on the allocation: no expense, no fee in the ledger
    assert not [code for code in balances(c) if code.startswith(("expense", "fee_income"))]
    assert {market.state(c, p.id).status for p in (deposit, rest)} == {PaymentStatus.SETTLED}
    support.assert_books_sound(c)


def test_a_payout_rejected_before_settlement_puts_the_money_back_in_the_wallet(container):
    c = container
    m, _trade, payment_id = _bed_sheets(c)
    result = _settle(c, payment_id)
    before_payout = {code.replace(m, "M"): v for code, v in client_balances(c).items()} | {
        "wallet:M:CNY": Money.of("21278.72", "CNY"),  # the conversion, before the payout
        "payouts_in_transit:CNY": Money.zero("CNY"),
    }
    bank_answer = answer_pain001(_export(c), at=c.clock.now(), reject={result.payout.id: "AC04"})
    outcome = _apply(c, bank_answer)
    assert outcome.applied == [(result.payout.id, "returned")]
    assert journal(c, merchant=m)[-1] == (
        "payout_returned",
        [("Cr", "wallet:M:CNY", "21278.72"), ("Dr", "payouts_in_transit:CNY", "21278.72")],
    )
    after = {code.replace(m, "M"): v for code, v in client_balances(c).items()}
    assert after == before_payout
    assert balances(c, merchant=m)["nostro:PARTNER:CNY"] == "21342.75"  # never left the bank
    support.assert_books_sound(c)


def test_payouts_returned_after_confirmation_with_less_money_book_the_shortfall_as_expense(
    container,
):
    c = container
    m, _trade, payment_id = _bed_sheets(c)
    settled = _settle(c, payment_id)
    stray = market.pay(c, "mer_unknown", uetr="0f5a9a0c-1a74-4d0e-9d3f-4a0e0c1d2e3f")
    assert stray.status is PaymentStatus.SUSPENSE
    with c.uow() as uow:
        refund = c.payments.return_to_payer(uow, stray.id, by="ops-wang", reason="no such shop")
        uow.commit()
    before = {code.replace(m, "M"): v for code, v in client_balances(c).items()} | {
        "wallet:M:CNY": Money.of("21278.72", "CNY"),
        "payouts_in_transit:CNY": Money.zero("CNY"),
        "suspense:USD": Money.of("2985.00", "USD"),
        "payouts_in_transit:USD": Money.zero("USD"),
    }
    with c.uow() as uow:
        exports = c.payouts.export(uow)
        uow.commit()
    assert sorted(e.payouts[0].amount.currency.code for e in exports) == ["CNY", "USD"]
    for export in exports:
        _apply(c, answer_pain001(export.document, at=c.clock.now()))
    c.clock.advance(timedelta(days=2))
    returned = support.pacs004(
        {
            settled.payout.id: Money.of("21258.72", "CNY"),  # CNY 20 kept by the banks
            refund.id: Money.of("2965.00", "USD"),  # USD 20 kept by the banks
        },
        at=c.clock.now(),
    )
    outcome = _apply(c, returned)
    assert sorted(outcome.applied) == sorted(
        [(settled.payout.id, "returned"), (refund.id, "returned")]
    )
    entries = journal(c, merchant=m)
    assert [kind for kind, _ in entries] == [
        "receipt",
        "credit",
        "conversion",
        "payout",
        "receipt",
        "payout",
        "payout_confirmed",
        "payout_confirmed",
        "payout_returned",
        "payout_returned",
    ]
    assert entries[4:6] == [
        ("receipt", [("Dr", "nostro:PARTNER:USD", "2985.00"), ("Cr", "suspense:USD", "2985.00")]),
        (
            "payout",
            [("Dr", "suspense:USD", "2985.00"), ("Cr", "payouts_in_transit:USD", "2985.00")],
        ),
    ]
    assert sorted(entries[8:], key=str) == sorted(
        [
            (
                "payout_returned",
                [
                    ("Cr", "wallet:M:CNY", "21278.72"),  # the merchant gets the whole payout back
                    ("Dr", "nostro:PARTNER:CNY", "21258.72"),  # what the bank gave back
                    ("Dr", "expense:bank-charges:CNY", "20.00"),  # what it kept: our cost
                ],
            ),
            (
                "payout_returned",
                [
                    ("Cr", "suspense:USD", "2985.00"),
                    ("Dr", "nostro:PARTNER:USD", "2965.00"),
                    ("Dr", "expense:bank-charges:USD", "20.00"),
                ],
            ),
        ],
        key=str,
    )
    after = {code.replace(m, "M"): v for code, v in client_balances(c).items()}
    assert after == before  # every client account as before the payouts
    assert market.state(c, stray.id).status is PaymentStatus.SUSPENSE  # the spine took it back
    final = balances(c, merchant=m)
    assert final["nostro:PARTNER:CNY"] == "21322.75"  # 21,342.75 − 21,278.72 + 21,258.72
    assert final["nostro:PARTNER:USD"] == "2965.00"
    assert final["expense:bank-charges:CNY"] == "20.00"
    assert final["expense:bank-charges:USD"] == "20.00"
    with c.uow() as uow:
        backing = {b.currency: b for b in c.ledger.backing(uow)}
    # CNY: the spread income absorbs the charge. USD: the institution has no own USD at the bank,
    # so the USD 20 the banks kept leaves client money short until treasury tops the nostro up.
    assert backing["CNY"].backed
    assert (backing["USD"].client_money, backing["USD"].nostro) == (
        Money.of("2985.00", "USD"),
        Money.of("2965.00", "USD"),
    )
    assert not backing["USD"].backed
    assert support.book_problems(c) == ["USD: client money 298500 > nostro 296500"]
