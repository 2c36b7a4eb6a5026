"""ScreeningService on fakes: what it decides, without a database."""

from tests.services.fakes import AT, FakeAlerts, FakePayments, FakeUow, payment
from yipay.core.clock import FixedClock, RegulatoryCalendar
from yipay.payments.domain import PaymentStatus
from yipay.screening.domain import JurisdictionList
from yipay.screening.service import ScreeningService


def _service(payments, alerts):
    return ScreeningService(
        FixedClock(AT),
        RegulatoryCalendar(),
        payments,
        alerts,
        JurisdictionList(frozenset({"IR", "KP"})),
    )


def test_a_clean_payment_goes_to_suspense_without_an_alert():
    payments, alerts = FakePayments(), FakeAlerts()
    payments.add(payment())
    assert _service(payments, alerts).screen_payment(FakeUow(), "pay_1") == []
    assert payments.calls == [("clear", "pay_1", None)]
    assert alerts.raised == []


def test_a_hit_holds_the_money_and_raises_one_screening_alert_for_the_payers_day():
    payments, alerts = FakePayments(), FakeAlerts()
    payments.add(payment(country="IR", agent_bic="BKMTIRTH"))
    hits = _service(payments, alerts).screen_payment(FakeUow(), "pay_1")
    assert hits == ["payer country IR is embargoed", "bank BKMTIRTH is in embargoed country IR"]
    [(call, pid, reason)] = payments.calls
    assert (call, pid) == ("hold", "pay_1")
    assert reason.startswith("compliance review")
    [alert] = alerts.raised
    assert (alert.rule_id, alert.subject_id, alert.evidence) == (
        "SCR-JURISDICTION",
        "pyr_1",
        ("pay_1",),
    )
    assert alert.parameters["list_version"].startswith("jurisdictions-")
    assert alert.window_start.isoformat() == "2026-11-02T16:00:00+00:00"  # Shanghai day


def test_a_payment_already_screened_is_left_alone():
    payments, alerts = FakePayments(), FakeAlerts()
    payments.add(payment(status=PaymentStatus.SUSPENSE, country="IR"))
    assert _service(payments, alerts).screen_payment(FakeUow(), "pay_1") == []
    assert payments.calls == []
    assert alerts.raised == []
