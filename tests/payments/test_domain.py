from datetime import date

import pytest

from yipay.core.money import Money
from yipay.payments.domain import (
    InboundPayment,
    PayerDetails,
    PaymentStatus,
    check_transition,
)
from yipay.payments.errors import IllegalTransition, InvalidPayment

S = PaymentStatus
PAYER = PayerDetails("Ahmed", "AE0701", "EBILAEAD", "AE")
ALLOWED = {
    (S.RECEIVED, S.HELD),
    (S.RECEIVED, S.SUSPENSE),
    (S.RECEIVED, S.REJECTED),
    (S.RECEIVED, S.REVERSED),
    (S.SUSPENSE, S.REVERSED),
    (S.HELD, S.SUSPENSE),
    (S.HELD, S.FROZEN),
    (S.SUSPENSE, S.MATCHED),
    (S.SUSPENSE, S.HELD),
    (S.SUSPENSE, S.RETURNED),
    (S.MATCHED, S.CREDITED),
    (S.MATCHED, S.HELD),
    (S.MATCHED, S.SUSPENSE),  # a person undid the match
    (S.CREDITED, S.SUSPENSE),  # … and its credit was reversed
    (S.CREDITED, S.SETTLED),
    (S.RETURNED, S.SUSPENSE),
}


@pytest.mark.parametrize("old", list(S))
@pytest.mark.parametrize("new", list(S))
def test_the_state_machine_allows_exactly_the_documented_moves(old, new):
    if (old, new) in ALLOWED:
        check_transition(old, new)
    else:
        with pytest.raises(IllegalTransition):
            check_transition(old, new)


def _inbound(**kw):
    base = {"amount": Money.of("100.00", "USD"), "value_date": date(2026, 11, 3), "payer": PAYER}
    return InboundPayment(**(base | kw))


def test_the_dedupe_key_is_the_uetr_when_present():
    p = _inbound(uetr="8A562C67-CA16-48BA-B074-65581BE6F001", message_id="REF1")
    assert p.dedupe_key == "uetr:8a562c67-ca16-48ba-b074-65581be6f001"


def test_without_uetr_the_key_combines_agent_refs_amount_currency_and_date():
    a = _inbound(message_id="REF1", end_to_end_id="E2E", debtor_agent_bic="EBILAEAD")
    b = _inbound(
        message_id="REF1",
        end_to_end_id="E2E",
        debtor_agent_bic="EBILAEAD",
        amount=Money.of("100.01", "USD"),
    )
    assert a.dedupe_key is not None
    assert a.dedupe_key.startswith("ref:EBILAEAD|REF1|E2E|10000|USD|2026-11-03")
    assert a.dedupe_key != b.dedupe_key


def test_notprovided_is_never_a_key():
    with pytest.raises(InvalidPayment, match="exactly once"):
        _inbound(end_to_end_id="NOTPROVIDED")
    assert _inbound(end_to_end_id="NOTPROVIDED", message_id="M1").dedupe_key == (
        "ref:|M1||10000|USD|2026-11-03"
    )


def test_non_positive_amounts_and_foreign_charges_are_refused():
    with pytest.raises(InvalidPayment):
        _inbound(amount=Money.of("0", "USD"), uetr="8a562c67-ca16-48ba-b074-65581be6f001")
    with pytest.raises(InvalidPayment):
        _inbound(charges=Money.of("1", "EUR"), message_id="M")
