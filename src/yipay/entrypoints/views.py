"""JSON views of domain objects, shared by the CLI and the API. Amounts are decimal strings."""

from __future__ import annotations

from typing import Any

from yipay.alerts.domain import Alert
from yipay.core.money import Money
from yipay.ledger.domain import Account
from yipay.parties.domain import Buyer, Identity, Merchant
from yipay.payments.domain import Payment
from yipay.trades.domain import Trade


def money(value: Money | None) -> dict[str, str] | None:
    return value.to_json() if value is not None else None


def _identity(identity: Identity) -> dict[str, Any]:
    return {
        "party_type": identity.party_type.value,
        "id_type": identity.id_type.value,
        "id_number": identity.id_number,
        "nationality": identity.nationality,
        "kyc_status": identity.kyc_status.value,
        "kyc_expires_on": identity.kyc_expires_on.isoformat() if identity.kyc_expires_on else None,
        "risk_grade": identity.risk_grade.value,
    }


def merchant_view(m: Merchant) -> dict[str, Any]:
    account = m.settlement_account
    return {
        "id": m.id,
        "platform_id": m.platform_id,
        "legal_name": m.legal_name,
        "name_latin": m.name_latin,
        "business_form": m.business_form.value,
        **_identity(m.identity),
        "shop_no": m.shop_no,
        "settlement_account": (
            {
                "bank_name": account.bank_name,
                "account_no": account.account_no,
                "account_name": account.account_name,
            }
            if account
            else None
        ),
        "created_at": m.created_at.isoformat(),
    }


def buyer_view(b: Buyer) -> dict[str, Any]:
    return {
        "id": b.id,
        "platform_id": b.platform_id,
        "name": b.name,
        "name_latin": b.name_latin,
        "country": b.country,
        **_identity(b.identity),
        "card_no": b.card_no,
        "created_at": b.created_at.isoformat(),
    }


def trade_view(t: Trade) -> dict[str, Any]:
    return {
        "id": t.id,
        "platform_id": t.platform_id,
        "merchant_id": t.merchant_id,
        "buyer_id": t.buyer_id,
        "kind": t.kind.value,
        "reference": t.reference,
        "declaration_no": t.declaration_no,
        "order_no": t.order_no,
        "waybill_no": t.waybill_no,
        "amount": money(t.amount),
        "allocated": money(t.allocated),
        "open_balance": money(t.open_balance),
        "trade_date": t.trade_date.isoformat(),
        "export_date": t.export_date.isoformat() if t.export_date else None,
        "goods_description": t.goods_description,
        "hs_code": t.hs_code,
        "provenance": t.provenance.value,
        "verification": t.verification.value,
    }


def payment_view(p: Payment, *, for_merchant: bool = False) -> dict[str, Any]:
    """Staff see the state and its reason; a merchant sees "under_review" and no reason."""
    view: dict[str, Any] = {
        "id": p.id,
        "status": p.merchant_view_status if for_merchant else p.status.value,
        "amount": money(p.amount),
        "offshore": p.offshore,
        "value_date": p.value_date.isoformat(),
        "received_at": p.received_at.isoformat(),
        "merchant_id": p.merchant_id,
        "payer": {
            "name": p.payer.name,
            "account": p.payer.account,
            "bic": p.payer.bic,
            "country": p.payer.country,
        },
        "instructed_amount": money(p.instructed),
        "charges": money(p.charges),
        "charge_bearer": p.charge_bearer.value if p.charge_bearer else None,
        "remittance_info": p.remittance_info,
        "uetr": p.uetr,
        "end_to_end_id": p.end_to_end_id,
        "message_id": p.message_id,
    }
    if not for_merchant:
        view["status_reason"] = p.status_reason
        view["payer_id"] = p.payer_id
        view["debtor_agent_bic"] = p.debtor_agent_bic
        view["channel"] = p.channel
    return view


def balances_view(accounts: list[Account]) -> list[dict[str, Any]]:
    return [
        {"account": a.ref.code, "type": a.ref.type.value, "balance": money(a.natural_balance)}
        for a in accounts
    ]


def alert_view(a: Alert) -> dict[str, Any]:
    return {
        "id": a.id,
        "source": a.source.value,
        "rule_id": a.rule_id,
        "rule_version": a.rule_version,
        "parameters": a.parameters,
        "subject_type": a.subject_type,
        "subject_id": a.subject_id,
        "window_start": a.window_start.isoformat(),
        "window_end": a.window_end.isoformat(),
        "evidence": list(a.evidence),
        "score": str(a.score),
        "explanation": a.explanation,
        "status": a.status.value,
    }
