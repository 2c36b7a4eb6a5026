"""Screen each received payment before its money can leave suspense."""

from __future__ import annotations

from decimal import Decimal

from yipay.adapters.db.uow import UnitOfWork
from yipay.alerts.domain import Alert, AlertSource, AlertStatus, alert_id
from yipay.alerts.service import AlertService
from yipay.core.clock import Clock, RegulatoryCalendar
from yipay.payments.domain import PaymentStatus
from yipay.payments.service import PaymentService
from yipay.screening.domain import RULE_ID, RULE_VERSION, JurisdictionList, jurisdiction_hits

HOLD_REASON = "compliance review"


class ScreeningService:
    def __init__(
        self,
        clock: Clock,
        calendar: RegulatoryCalendar,
        payments: PaymentService,
        alerts: AlertService,
        embargoed: JurisdictionList,
    ) -> None:
        self.clock = clock
        self.calendar = calendar
        self.payments = payments
        self.alerts = alerts
        self.embargoed = embargoed

    def screen_payment(self, uow: UnitOfWork, payment_id: str) -> list[str]:
        """Hold the money and raise a screening alert on a hit; otherwise pass it to suspense."""
        payment = self.payments.get(uow, payment_id, lock=True)
        if payment.status is not PaymentStatus.RECEIVED:
            return []
        hits = jurisdiction_hits(
            self.embargoed, payment.payer.country, [payment.payer.bic, payment.debtor_agent_bic]
        )
        if not hits:
            self.payments.clear_screening(uow, payment_id)
            return []
        self.payments.hold(uow, payment_id, f"{HOLD_REASON}: " + "; ".join(hits))
        start, end = self.calendar.day_bounds(self.calendar.day_of(payment.received_at))
        now = self.clock.now()
        self.alerts.raise_alert(
            uow,
            Alert(
                id=alert_id(AlertSource.SCREENING, RULE_ID, payment.payer_id, start),
                source=AlertSource.SCREENING,
                rule_id=RULE_ID,
                rule_version=RULE_VERSION,
                parameters={
                    "list_version": self.embargoed.version,
                    "countries": ",".join(sorted(self.embargoed.countries)),
                },
                subject_type="payer",
                subject_id=payment.payer_id,
                window_start=start,
                window_end=end,
                evidence=(payment.id,),
                score=Decimal(1),
                explanation="; ".join(hits),
                status=AlertStatus.OPEN,
                created_at=now,
                updated_at=now,
            ),
        )
        return hits
