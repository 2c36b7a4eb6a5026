"""A market for the spine benchmark: merchants, buyers, one open trade per payment, rates."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from yipay.bootstrap import Container
from yipay.fx.rates_csv import parse_rates_csv
from yipay.parties.forms import buyer_form, merchant_form
from yipay.trades.domain import Provenance
from yipay.trades.forms import trade_form


def seed_market(c: Container, payments: int, merchants: int = 20) -> list[dict[str, Any]]:
    """Register the parties and trades; return the payment bodies that will match them."""
    as_of = (c.clock.now() - timedelta(hours=1)).isoformat()
    bodies: list[dict[str, Any]] = []
    with c.uow() as uow:
        c.fx.import_rates(
            uow,
            parse_rates_csv(f"base,quote,bid,ask,source,as_of\nUSD,CNY,7.15,7.18,BANK,{as_of}\n"),
        )
        merchant_ids = []
        for i in range(merchants):
            name = f"义乌市测试{i:03d}商行"
            m = c.parties.register_merchant(
                uow,
                merchant_form(
                    {
                        "legal_name": name,
                        "business_form": "individual_business",
                        "id_number": f"92330782MA2B{i:06d}",
                        "shop_no": f"D1-{i}",
                        "kyc_status": "approved",
                        "settlement_account": {
                            "bank_name": "ABC",
                            "account_no": f"62{i:08d}",
                            "account_name": name,
                        },
                    }
                ),
            )
            merchant_ids.append(m.id)
        buyer = c.parties.register_buyer(
            uow,
            buyer_form(
                {
                    "name": "Ahmed Al Mansouri",
                    "country": "AE",
                    "party_type": "natural_person",
                    "id_type": "passport",
                    "id_number": "P1234567",
                }
            ),
        )
        for i in range(payments):
            merchant_id = merchant_ids[i % merchants]
            reference = f"INV-2026-{i:06d}"
            c.trades.register(
                uow,
                trade_form(
                    {
                        "merchant_id": merchant_id,
                        "buyer_id": buyer.id,
                        "kind": "0110",
                        "reference": reference,
                        "amount": "3000.00",
                        "currency": "USD",
                        "trade_date": "2026-10-20",
                    },
                    provenance=Provenance.PLATFORM,
                ),
            )
            bodies.append(
                {
                    "amount": "2985.00",
                    "currency": "USD",
                    "value_date": "2026-11-03",
                    "merchant_id": merchant_id,
                    "charges": "15.00",
                    "charge_bearer": "SHA",
                    "payer": {
                        "name": "Ahmed Al Mansouri",
                        "account": "AE07033123",
                        "bic": "EBILAEAD",
                        "country": "AE",
                    },
                    "remittance_info": f"PAYMENT {reference}",
                    "uetr": str(uuid.UUID(int=i + 1, version=4)),
                }
            )
        uow.commit()
    c.process()
    return bodies
