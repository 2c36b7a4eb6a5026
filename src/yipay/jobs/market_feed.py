"""Feed a simulated market into the platform through the same forms and services real input uses.

The simulator speaks the platform's language (platform ids, decimal strings); this module turns
its records into the JSON forms the API accepts, so the demo exercises the real validation.
"""

from __future__ import annotations

from typing import Any

from yipay.simulate import SimBuyer, SimMerchant, SimPayment, SimRate, SimTrade


def merchant_json(m: SimMerchant) -> dict[str, Any]:
    return {
        "platform_id": m.platform_id,
        "legal_name": m.legal_name,
        "name_latin": m.name_latin,
        "business_form": m.business_form,
        "id_type": m.id_type,
        "id_number": m.id_number,
        "nationality": m.nationality,
        "shop_no": m.shop_no,
        "settlement_account": {
            "bank_name": m.settlement_bank,
            "account_no": m.settlement_account_no,
            "account_name": m.settlement_account_name,
        },
        "kyc_status": m.kyc_status,
        "kyc_expires_on": m.kyc_expires_on.isoformat(),
        "risk_grade": m.risk_grade,
    }


def buyer_json(b: SimBuyer) -> dict[str, Any]:
    return {
        "platform_id": b.platform_id,
        "name": b.name,
        "name_latin": b.name_latin,
        "country": b.country,
        "party_type": b.party_type,
        "id_type": b.id_type,
        "id_number": b.id_number,
        "card_no": b.card_no,
        "kyc_status": "approved",
    }


def trade_json(t: SimTrade, merchant_id: str, buyer_id: str) -> dict[str, Any]:
    lines = t.goods
    return {
        "platform_id": t.platform_id,
        "merchant_id": merchant_id,
        "buyer_id": buyer_id,
        "kind": t.kind,
        "reference": t.invoice_no,
        "order_no": t.order_no,
        "waybill_no": t.waybill_no,
        "declaration_no": t.declaration_no,
        "amount": str(t.amount.amount),
        "currency": t.amount.currency.code,
        "trade_date": t.trade_date.isoformat(),
        "export_date": t.export_date.isoformat() if t.export_date else None,
        "goods_description": "; ".join(f"{g.name} x{g.quantity}" for g in lines)[:500],
        "hs_code": lines[0].hs_code if lines else None,
    }


def payment_json(p: SimPayment, merchant_id: str | None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "amount": str(p.amount.amount),
        "currency": "CNH" if p.offshore else p.amount.currency.code,
        "value_date": p.value_date.isoformat(),
        "received_at": p.received_at.isoformat(),
        "merchant_id": merchant_id,
        "payer": {
            "name": p.payer_name,
            "account": p.payer_account,
            "bic": p.payer_bic,
            "country": p.payer_country,
        },
        "instructed_amount": str(p.instructed_amount.amount),
        "instructed_currency": p.instructed_amount.currency.code,
        "charge_bearer": p.charge_bearer,
        "debtor_agent_bic": p.debtor_agent_bic,
        "remittance_info": p.remittance_info,
        "uetr": p.uetr,
        "end_to_end_id": p.end_to_end_id,
        "message_id": p.reference,
    }
    if p.charges is not None:
        body["charges"] = str(p.charges.amount)
    return {k: v for k, v in body.items() if v is not None}


def rates_csv(rates: tuple[SimRate, ...]) -> str:
    rows = ["base,quote,bid,ask,source,as_of"]
    rows += [f"{r.base},{r.quote},{r.bid},{r.ask},{r.source},{r.as_of.isoformat()}" for r in rates]
    return "\n".join(rows) + "\n"
