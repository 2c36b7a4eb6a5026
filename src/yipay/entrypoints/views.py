"""JSON views of domain objects, shared by the CLI and the API. Amounts are decimal strings."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import TYPE_CHECKING, Any

from yipay.alerts.domain import Alert
from yipay.core.clock import RegulatoryCalendar, parse_date, parse_instant
from yipay.core.currency import currency
from yipay.core.money import Money
from yipay.fx.domain import Quote
from yipay.fx.service import SettlementResult
from yipay.ledger.domain import Account, AccountRef, Statement
from yipay.matching.domain import Claim, MatchRecord, SuspenseItem
from yipay.monitoring.rule_settings import RuleChange
from yipay.monitoring.rule_settings_service import RuleInForce
from yipay.parties.annual_receipts import AnnualReceiptsPolicy, YearTotal
from yipay.parties.domain import (
    AccountChange,
    Buyer,
    FxDirectory,
    Identity,
    Merchant,
    PayerRelation,
)
from yipay.payments.domain import Payment
from yipay.payouts.domain import Payout
from yipay.trades.domain import (
    Declaration,
    GoodsLine,
    ImportSummary,
    Trade,
    TradeDocument,
    TradeRecord,
)

if TYPE_CHECKING:
    from yipay.matching.reconcile import Suggestion


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
        "fx_directory": fx_directory_view(m.fx_directory),
        "created_at": m.created_at.isoformat(),
    }


def fx_directory_view(d: FxDirectory) -> dict[str, Any]:
    return {
        "registered": d.registered,
        "registered_on": d.registered_on.isoformat() if d.registered_on else None,
        "marked_by": d.marked_by,
        "marked_at": d.marked_at.isoformat() if d.marked_at else None,
    }


def annual_receipts_view(
    m: Merchant, total: YearTotal, policy: AnnualReceiptsPolicy
) -> dict[str, Any]:
    """A merchant's receipts in one calendar year (USD equivalent) against the FX directory
    thresholds: published rules about its own money, so its own users may see it too."""
    return {
        "merchant_id": m.id,
        "year": total.year,
        "receipts": total.receipts,
        "total": money(total.usd),
        "warning_threshold": money(policy.warn),
        "blocking_threshold": money(policy.block),
        "fx_directory": fx_directory_view(m.fx_directory),
        "settlement_blocked": policy.blocks(total.usd_minor) and not m.fx_directory.registered,
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
        "prepayment": t.prepayment,
        "documents_due_by": t.documents_due_by.isoformat() if t.documents_due_by else None,
        "payer_name": t.payer_name,
        "revision": t.revision,
    }


def goods_line_view(g: GoodsLine) -> dict[str, Any]:
    return {
        "line_no": g.line_no,
        "name": g.name,
        "hs_code": g.hs_code,
        "quantity": str(g.quantity),
        "unit": g.unit,
        "unit_price": str(g.unit_price),
        "amount": money(g.amount),
    }


def document_view(d: TradeDocument) -> dict[str, Any]:
    return {
        "id": d.id,
        "platform_id": d.platform_id,
        "trade_id": d.trade_id,
        "kind": d.kind.value,
        "number": d.number,
        "export_date": d.export_date.isoformat() if d.export_date else None,
        "order_no": d.order_no,
        "consignee_name": d.consignee_name,
        "consignee_country": d.consignee_country,
        "carrier": d.carrier,
        "amount": money(d.amount),
        "provenance": d.provenance.value,
    }


def declaration_view(d: Declaration) -> dict[str, Any]:
    return {
        "declaration_no": d.declaration_no,
        "platform_id": d.platform_id,
        "export_agent": d.export_agent,
        "container_no": d.container_no,
        "port": d.port,
        "amount": money(d.amount),
        "usd_value": money(d.usd_value),
        "export_date": d.export_date.isoformat() if d.export_date else None,
        "provenance": d.provenance.value,
        "revision": d.revision,
    }


def trade_record_view(r: TradeRecord) -> dict[str, Any]:
    """A trade with its goods lines, documents and declaration (GET /trades/{id})."""
    return trade_view(r.trade) | {
        "goods": [goods_line_view(g) for g in r.goods],
        "documents": [document_view(d) for d in r.documents],
        "declaration": declaration_view(r.declaration) if r.declaration else None,
        "amendments": r.amendments,
    }


def overdue_view(t: Trade, today: Any) -> dict[str, Any]:
    assert t.documents_due_by is not None
    return trade_view(t) | {"days_overdue": (today - t.documents_due_by).days}


def import_summary_view(s: ImportSummary) -> dict[str, Any]:
    return {
        "imported": s.imported,
        "amended": s.amended,
        "unchanged": s.unchanged,
        "refused": s.refused,
        "problems_total": s.problems_total,
        "problems": [{"line": p.line, "field": p.field, "reason": p.reason} for p in s.problems],
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


def account_ref(code: str) -> AccountRef:
    """An account code as written by `ledger balances` (type[:owner]:CCY), validated."""
    ref = AccountRef.parse(code)
    currency(ref.currency)  # an ISO 4217 code, or one clear error
    return ref


def parse_period_bound(value: str, calendar: RegulatoryCalendar) -> datetime:
    """An ISO instant, or a date meaning the start of that regulatory (Shanghai) day."""
    text = value.strip()
    if "T" in text or " " in text:
        return parse_instant(text)
    return calendar.day_bounds(parse_date(text))[0]


def statement_view(s: Statement) -> dict[str, Any]:
    return {
        "account": s.account.code,
        "from": s.start.isoformat(),
        "to": s.end.isoformat(),
        "opening": money(s.opening),
        "closing": money(s.closing),
        "lines": [
            {
                "booked_at": line.booked_at.isoformat(),
                "entry_id": line.entry_id,
                "external_key": line.external_key,
                "kind": line.kind,
                "amount": money(line.amount),
                "balance": money(line.balance),
                "references": line.references,
            }
            for line in s.lines
        ],
    }


def statement_csv(s: Statement) -> str:
    """One row per movement; the opening and closing balances as the first and last rows."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["booked_at", "kind", "entry_id", "external_key", "amount", "currency", "balance"]
    )
    cur = s.account.currency
    writer.writerow([s.start.isoformat(), "opening", "", "", "", cur, str(s.opening.amount)])
    for line in s.lines:
        writer.writerow(
            [
                line.booked_at.isoformat(),
                line.kind,
                line.entry_id,
                line.external_key,
                str(line.amount.amount),
                cur,
                str(line.balance.amount),
            ]
        )
    writer.writerow([s.end.isoformat(), "closing", "", "", "", cur, str(s.closing.amount)])
    return out.getvalue()


def payout_view(p: Payout) -> dict[str, Any]:
    return {
        "id": p.id,
        "kind": p.kind.value,
        "status": p.status.value,
        "merchant_id": p.merchant_id,
        "reference": p.reference,
        "amount": money(p.amount),
        "source_account": p.source_account,
        "payee": {
            "name": p.payee.name,
            "account": p.payee.account,
            "bank_name": p.payee.bank_name,
            "bank_bic": p.payee.bank_bic,
        },
        "created_by": p.created_by,
        "approved_by": p.approved_by,
        "message_id": p.message_id,
        "bank_reference": p.bank_reference,
        "reason": p.reason,
        "created_at": p.created_at.isoformat(),
        "updated_at": p.updated_at.isoformat(),
    }


def quote_view(q: Quote) -> dict[str, Any]:
    priced = q.quote
    return {
        "id": q.id,
        "merchant_id": q.merchant_id,
        "status": q.status.value,
        "sold": money(priced.sold),
        "bought": money(priced.client_bought),
        "client_rate": str(priced.client_rate),
        "bank_rate": str(priced.bank_rate),
        "spread_bps": str(priced.spread_bps),
        "rate_source": priced.rate_source,
        "rate_as_of": priced.rate_as_of.isoformat(),
        "expires_at": priced.expires_at.isoformat(),
        "payments": list(q.references),
        "settlement_id": q.settlement_id,
    }


def settlement_view(result: SettlementResult) -> dict[str, Any]:
    s = result.settlement
    return {
        "settlement_id": s.id,
        "quote_id": s.quote_id,
        "sold": money(s.sold),
        "bought": money(s.bought),
        "client_rate": str(s.client_rate),
        "bank_rate": str(s.bank_rate),
        "payout": payout_view(result.payout),
        "replayed": result.replayed,
    }


def account_change_view(change: AccountChange) -> dict[str, Any]:
    return {
        "id": change.id,
        "merchant_id": change.merchant_id,
        "status": change.status.value,
        "account": {
            "bank_name": change.account.bank_name,
            "account_no": change.account.account_no,
            "account_name": change.account.account_name,
        },
        "requested_by": change.requested_by,
        "requested_at": change.requested_at.isoformat(),
        "decided_by": change.decided_by,
        "reason": change.reason,
    }


def payer_relation_view(r: PayerRelation) -> dict[str, Any]:
    return {
        "id": r.id,
        "buyer_id": r.buyer_id,
        "payer_name": r.payer_name,
        "payer_account": r.payer_account or None,
        "relation": r.kind.value,
        "source": r.source.value,
        "created_by": r.created_by,
        "created_at": r.created_at.isoformat(),
    }


def suggestion_view(s: Suggestion) -> dict[str, Any]:
    """Staff only: scores never reach a merchant."""
    return {
        "rank": s.rank,
        "trade_ids": list(s.trade_ids),
        "score": round(s.score, 4),
        "reason": s.reason,
        "explanation": s.explanation,
    }


def match_record_view(r: MatchRecord) -> dict[str, Any]:
    """Staff only, like suggestions: how a payment was matched."""
    return {
        "engine": r.engine,
        "score": None if r.score is None else round(r.score, 4),
        "explanation": r.explanation,
        "decided_by": r.decided_by,
        "confirmed": r.confirmed,
        "decided_at": r.decided_at.isoformat(),
    }


def claim_view(c: Claim) -> dict[str, Any]:
    return {
        "id": c.id,
        "payment_id": c.payment_id,
        "trade_id": c.trade_id,
        "merchant_id": c.merchant_id,
        "evidence": c.evidence,
        "status": c.status.value,
        "claimed_by": c.claimed_by,
        "claimed_at": c.claimed_at.isoformat(),
        "decided_by": c.decided_by,
        "decided_at": c.decided_at.isoformat() if c.decided_at else None,
        "decision_reason": c.decision_reason or None,
    }


def suspense_view(item: SuspenseItem) -> dict[str, Any]:
    return {
        "payment_id": item.payment_id,
        "merchant_id": item.merchant_id,
        "amount": money(item.amount),
        "received_on": item.received_on.isoformat(),
        "age_days": item.age_days,
        "reason": item.reason,
        "has_suggestion": item.has_suggestion,
        "has_open_claim": item.has_open_claim,
    }


def rule_change_view(x: RuleChange) -> dict[str, Any]:
    return {
        "id": x.id,
        "rule_id": x.rule_id,
        "revision": x.revision,
        "changed_by": x.changed_by,
        "changed_at": x.changed_at.isoformat(),
        "reason": x.reason,
        "mode_before": x.mode_before.value,
        "mode_after": x.mode_after.value,
        "parameters_before": x.parameters_before,
        "parameters_after": x.parameters_after,
    }


def rule_in_force_view(r: RuleInForce) -> dict[str, Any]:
    rule = r.rule
    return {
        "id": rule.id,
        "version": rule.version,
        "title": rule.title,
        "typology": rule.typology,
        "severity": rule.severity,
        "subject": rule.subject.value,
        "mode": r.mode.value,
        "revision": r.revision,
        "parameters": {k: str(v) for k, v in r.parameters.items()},
        "defaults": {p.name: str(p.default) for p in rule.parameters},
    }
