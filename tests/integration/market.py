"""A tiny market for integration tests: one merchant, one buyer, trades, rates, payments."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from yipay.bootstrap import Container
from yipay.fx.rates_csv import parse_rates_csv
from yipay.intake.json_payment import parse_payment
from yipay.parties.forms import buyer_form, merchant_form
from yipay.payments.domain import Payment
from yipay.trades.domain import Provenance, Trade
from yipay.trades.forms import trade_form

LEGAL_NAME = "义乌市李明日用品商行"


def merchant(c: Container, *, kyc: str = "approved", suffix: str = "1") -> str:
    with c.uow() as uow:
        m = c.parties.register_merchant(
            uow,
            merchant_form(
                {
                    "legal_name": LEGAL_NAME + suffix,
                    "business_form": "individual_business",
                    "id_number": f"92330782MA2EXAMP{suffix:>02}",
                    "shop_no": "D2-15-12034",
                    "kyc_status": kyc,
                    "kyc_expires_on": "2028-12-31",
                    "settlement_account": {
                        "bank_name": "ABC Yiwu",
                        "account_no": "6228480001",
                        "account_name": LEGAL_NAME + suffix,
                    },
                }
            ),
        )
        uow.commit()
    return m.id


def buyer(c: Container, *, country: str = "AE", name: str = "Ahmed Al Mansouri") -> str:
    with c.uow() as uow:
        b = c.parties.register_buyer(
            uow,
            buyer_form(
                {
                    "name": name,
                    "country": country,
                    "party_type": "natural_person",
                    "id_type": "passport",
                    "id_number": uuid.uuid4().hex[:9],
                }
            ),
        )
        uow.commit()
    return b.id


def trade(
    c: Container,
    merchant_id: str,
    buyer_id: str,
    *,
    reference: str = "INV-2026-000123",
    amount: str = "3000.00",
    currency: str = "USD",
    provenance: Provenance = Provenance.PLATFORM,
) -> Trade:
    with c.uow() as uow:
        t = c.trades.register(
            uow,
            trade_form(
                {
                    "merchant_id": merchant_id,
                    "buyer_id": buyer_id,
                    "kind": "0110",
                    "reference": reference,
                    "amount": amount,
                    "currency": currency,
                    "trade_date": "2026-10-20",
                },
                provenance=provenance,
            ),
        )
        uow.commit()
    c.process()
    return t


def rates(c: Container) -> None:
    as_of = (c.clock.now() - timedelta(hours=1)).isoformat()
    csv = "base,quote,bid,ask,source,as_of\n" + "".join(
        f"{base},CNY,{bid},{ask},BANK,{as_of}\n"
        for base, bid, ask in (
            ("USD", "7.1500", "7.1800"),
            ("EUR", "7.7000", "7.7400"),
            ("AED", "1.9460", "1.9560"),
        )
    )
    with c.uow() as uow:
        c.fx.import_rates(uow, parse_rates_csv(csv))
        uow.commit()


def pay(
    c: Container,
    merchant_id: str | None,
    *,
    amount: str = "2985.00",
    currency: str = "USD",
    info: str = "PAYMENT INV 2026 000123 BED SHEETS",
    country: str = "AE",
    payer: str = "Ahmed Al Mansouri",
    charges: str | None = "15.00",
    uetr: str | None = None,
    process: bool = True,
    **extra: Any,
) -> Payment:
    body: dict[str, Any] = {
        "amount": amount,
        "currency": currency,
        "value_date": "2026-11-03",
        "payer": {
            "name": payer,
            "account": "AE070331234567890123456",
            "bic": "EBILAEAD",
            "country": country,
        },
        "remittance_info": info,
        "charge_bearer": "SHA",
        "uetr": uetr or str(uuid.uuid4()),
        **extra,
    }
    if merchant_id:
        body["merchant_id"] = merchant_id
    if charges:
        body["charges"] = charges
    with c.uow() as uow:
        receipt = c.intake.receive(uow, parse_payment(body), channel="test")
        uow.commit()
    if process:
        c.process()
    with c.uow() as uow:
        return c.payments.get(uow, receipt.payment.id)


def state(c: Container, payment_id: str) -> Payment:
    with c.uow() as uow:
        return c.payments.get(uow, payment_id)
