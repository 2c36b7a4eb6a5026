"""Turn planned payments into bank-message records: payer, ids, timing, charges, remittance.

Message shape: ~55% arrive as ISO 20022 pacs.008 (UETR always, end-to-end id often
"NOTPROVIDED"), the rest as MT103 (UETR when sent over SWIFT gpi). Intermediary banks deduct
USD 10–50 per hop under SHA and BEN, nothing under OUR; half the messages state the deduction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from yipay.core.money import Money
from yipay.simulate.buyers import BuyerProfile
from yipay.simulate.calendar import previous_business_day
from yipay.simulate.geography import ARRIVAL_HOUR_UTC, region_of
from yipay.simulate.names_world import swift_name
from yipay.simulate.payers import PayerProfile, local_third_parties, own_account
from yipay.simulate.rates import RateBook
from yipay.simulate.records import SimPayment, SimTrade
from yipay.simulate.remittance import remittance_info
from yipay.simulate.schedule import PlannedPayment
from yipay.simulate.streams import Draw

_HOP_FEES_USD = (10, 15, 20, 25, 30, 35, 40, 45, 50)
_ALNUM = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"


@dataclass
class PayerDirectory:
    """Each buyer's own account and local third parties, created the first time they pay."""

    own: dict[str, PayerProfile] = field(default_factory=dict)
    third: dict[str, tuple[PayerProfile, ...]] = field(default_factory=dict)

    def own_account(self, draw: Draw, buyer: BuyerProfile) -> PayerProfile:
        key = buyer.buyer.platform_id
        if key not in self.own:
            self.own[key] = own_account(draw, buyer)
        return self.own[key]

    def third_party(self, draw: Draw, buyer: BuyerProfile) -> PayerProfile:
        key = buyer.buyer.platform_id
        if key not in self.third:
            self.third[key] = local_third_parties(draw, buyer)
        return draw.pick(self.third[key])


@dataclass(frozen=True)
class Charges:
    bearer: str
    deducted: Money
    stated: Money | None


@dataclass(frozen=True)
class PaymentFacts:
    """What a payment is for and who sends it, before the message details are drawn."""

    trades: tuple[SimTrade, ...]
    beneficiary: str
    instructed: Money
    day: date
    payer: PayerProfile
    remittance: str
    is_deposit: bool


class MessageFactory:
    """Draws message details; keeps payment references unique across the dataset."""

    def __init__(self, rates: RateBook) -> None:
        self.rates = rates
        self.references: set[str] = set()

    def payment(self, draw: Draw, charges_draw: Draw, facts: PaymentFacts) -> SimPayment:
        received_at = _arrival(draw, facts.day, facts.payer.country)
        value_date = received_at.date()
        if draw.chance(0.05):
            value_date = previous_business_day(value_date)
        uetr, end_to_end = _message_ids(draw, received_at)
        usd_value = self.rates.usd_value(facts.instructed, facts.day)
        charges = self.charges(charges_draw, facts.instructed, usd_value, facts.day)
        currency = facts.instructed.currency.code
        return SimPayment(
            reference=self._reference(draw, received_at),
            uetr=uetr,
            end_to_end_id=end_to_end,
            received_at=received_at,
            value_date=value_date,
            amount=facts.instructed - charges.deducted,
            instructed_amount=facts.instructed,
            charges=charges.stated,
            charge_bearer=charges.bearer,
            offshore=currency == "CNY" and draw.chance(0.3),
            payer_name=facts.payer.name,
            payer_account=facts.payer.account,
            payer_bic=facts.payer.bic,
            payer_country=facts.payer.country,
            debtor_agent_bic=facts.payer.debtor_agent_bic,
            beneficiary_platform_id=facts.beneficiary,
            remittance_info=facts.remittance,
            trade_platform_ids=tuple(trade.platform_id for trade in facts.trades),
            is_deposit=facts.is_deposit,
        )

    def charges(self, draw: Draw, instructed: Money, usd_value: Decimal, day: date) -> Charges:
        """Charge bearer and what intermediaries deducted (whole units of the currency)."""
        code = instructed.currency.code
        zero = Money.zero(code)
        if usd_value < 300:
            return Charges("OUR", zero, None)
        weights = (0.5, 0.95, 1.0) if code == "CNY" else (0.6, 0.9, 1.0)
        bearer = draw.pick_weighted(("SHA", "OUR", "BEN"), weights)
        if bearer == "OUR":
            return Charges(bearer, zero, None)
        hops = 1 + (code == "USD" and draw.chance(0.35)) + (bearer == "BEN")
        usd_to = self.rates.usd_to(code, day)
        fees = sum(
            (Decimal(draw.pick(_HOP_FEES_USD)) * usd_to).quantize(Decimal(1)) for _ in range(hops)
        )
        deducted = Money.of(fees, code)
        if deducted.minor * 2 >= instructed.minor:
            return Charges("OUR", zero, None)
        return Charges(bearer, deducted, deducted if draw.chance(0.5) else None)

    def _reference(self, draw: Draw, at: datetime) -> str:
        """Sender's reference (MT103 :20:, ≤16 characters) in one of a few bank styles."""
        while True:
            style = draw.below(4)
            if style == 0:
                reference = f"FT{at:%y}{at.timetuple().tm_yday:03d}{draw.chars(_ALNUM, 5)}"
            elif style == 1:
                reference = draw.chars("ABCDEFGHKLMNPRSTW", 3) + draw.digits(10)
            elif style == 2:
                reference = f"TT{at:%y%m%d}{draw.digits(6)}"
            else:
                reference = draw.digits(16)
            if reference not in self.references:
                self.references.add(reference)
                return reference


def _arrival(draw: Draw, day: date, payer_country: str) -> datetime:
    """Arrival instant: around the sending region's business hours, any time of the UTC day."""
    centre = ARRIVAL_HOUR_UTC[region_of(payer_country)]
    hours = (centre + 2.5 * draw.normal()) % 24
    midnight = datetime(day.year, day.month, day.day, tzinfo=UTC)
    return midnight + timedelta(seconds=int(hours * 3600))


def _message_ids(draw: Draw, at: datetime) -> tuple[str | None, str | None]:
    """(UETR, end-to-end id): pacs.008 always has a UETR; MT103 only over gpi."""
    if draw.chance(0.55):
        if draw.chance(0.3):
            end_to_end = "NOTPROVIDED"
        else:
            end_to_end = f"E2E{at:%y%m%d}{draw.chars(_ALNUM, 10)}"
        return draw.uuid4(), end_to_end
    return (draw.uuid4() if draw.chance(0.55) else None), None


def normal_facts(
    draw: Draw,
    payer_draw: Draw,
    directory: PayerDirectory,
    third_party_rate: float,
    planned: PlannedPayment,
) -> PaymentFacts:
    """Payer and remittance of a normal payment: the buyer himself, or a local third party."""
    trades = tuple(p.trade for p in planned.trades)
    buyer = planned.trades[0].buyer
    third = payer_draw.chance(third_party_rate)
    if third:
        payer = directory.third_party(payer_draw, buyer)
    else:
        payer = directory.own_account(payer_draw, buyer)
    remittance = remittance_info(
        draw,
        trades,
        planned.part,
        may_be_bare=planned.pays_open_balance and not third and len(trades) == 1,
        on_behalf_of=swift_name(buyer.buyer.name_latin, upper=True) if third else None,
    )
    return PaymentFacts(
        trades=trades,
        beneficiary=trades[0].merchant_platform_id,
        instructed=planned.instructed,
        day=planned.day,
        payer=payer,
        remittance=remittance,
        is_deposit=planned.part == "deposit",
    )
