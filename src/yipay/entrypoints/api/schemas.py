"""Request bodies for the OpenAPI description. Amounts are strings: JSON numbers are refused.

These models check shapes and types only; the domain forms (shared with the CLI) check meaning,
so the API and the CLI accept and refuse exactly the same things.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictStr


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class SettlementAccountIn(Body):
    bank_name: StrictStr
    account_no: StrictStr
    account_name: StrictStr


class MerchantIn(Body):
    legal_name: StrictStr
    business_form: StrictStr
    id_number: StrictStr
    shop_no: StrictStr
    id_type: StrictStr | None = None
    name_latin: StrictStr | None = None
    nationality: StrictStr | None = None
    platform_id: StrictStr | None = None
    settlement_account: SettlementAccountIn | None = None
    kyc_status: StrictStr | None = None
    kyc_expires_on: StrictStr | None = None
    risk_grade: StrictStr | None = None


class KycIn(Body):
    kyc_status: StrictStr
    kyc_expires_on: StrictStr | None = None


class FxDirectoryIn(Body):
    registered: StrictBool
    registered_on: StrictStr | None = None


class BuyerIn(Body):
    name: StrictStr
    country: StrictStr
    party_type: StrictStr
    id_type: StrictStr
    id_number: StrictStr
    name_latin: StrictStr | None = None
    nationality: StrictStr | None = None
    platform_id: StrictStr | None = None
    card_no: StrictStr | None = None
    kyc_status: StrictStr | None = None
    kyc_expires_on: StrictStr | None = None
    risk_grade: StrictStr | None = None


class GoodsLineIn(Body):
    name: StrictStr
    hs_code: StrictStr
    quantity: StrictStr
    unit: StrictStr
    unit_price: StrictStr
    amount: StrictStr
    currency: StrictStr | None = None


class DocumentIn(Body):
    """kind: waybill, bill_of_lading, air_waybill, tir_carnet, declaration_list, invoice or
    contract."""

    kind: StrictStr
    number: StrictStr
    export_date: StrictStr | None = None
    order_no: StrictStr | None = None
    consignee_name: StrictStr | None = None
    consignee_country: StrictStr | None = None
    carrier: StrictStr | None = None
    amount: StrictStr | None = None
    currency: StrictStr | None = None


class TradeIn(Body):
    merchant_id: StrictStr
    buyer_id: StrictStr
    reference: StrictStr
    amount: StrictStr
    currency: StrictStr
    trade_date: StrictStr
    kind: StrictStr | None = None
    declaration_no: StrictStr | None = None
    export_date: StrictStr | None = None
    goods_description: StrictStr | None = None
    hs_code: StrictStr | None = None
    platform_id: StrictStr | None = None
    order_no: StrictStr | None = None
    waybill_no: StrictStr | None = None
    goods: list[GoodsLineIn] | None = None
    documents: list[DocumentIn] | None = None
    prepayment: StrictBool | None = None
    documents_due_by: StrictStr | None = None
    payer_name: StrictStr | None = None


class ReviewIn(Body):
    approve: bool


class PayerIn(Body):
    name: StrictStr
    account: StrictStr
    bic: StrictStr
    country: StrictStr


class PaymentIn(Body):
    amount: StrictStr
    currency: StrictStr
    value_date: StrictStr
    payer: PayerIn
    merchant_id: StrictStr | None = None
    instructed_amount: StrictStr | None = None
    instructed_currency: StrictStr | None = None
    charges: StrictStr | None = None
    charge_bearer: StrictStr | None = None
    debtor_agent_bic: StrictStr | None = None
    remittance_info: StrictStr | None = None
    uetr: StrictStr | None = None
    end_to_end_id: StrictStr | None = None
    message_id: StrictStr | None = None
    received_at: StrictStr | None = None


class DecisionIn(Body):
    reason: StrictStr


class RateIn(Body):
    base: StrictStr
    quote: StrictStr
    bid: StrictStr
    ask: StrictStr
    source: StrictStr
    as_of: StrictStr


class QuoteIn(Body):
    merchant_id: StrictStr
    currency: StrictStr
    payment_ids: list[StrictStr] | None = None


class ApprovalIn(Body):
    reason: StrictStr = ""


class AccountChangeIn(Body):
    bank_name: StrictStr
    account_no: StrictStr
    account_name: StrictStr


class DecisionWithApprovalIn(Body):
    approve: bool
    reason: StrictStr = ""


class WalletPayoutIn(Body):
    amount: StrictStr
    currency: StrictStr = "CNY"


class NameQueryIn(Body):
    query_id: StrictStr
    name: StrictStr
    kind: StrictStr | None = None
    country: StrictStr | None = None
    birth_date: StrictStr | None = None


class ScreenNamesIn(Body):
    queries: list[NameQueryIn]
    threshold: float | None = None


class NamePairIn(Body):
    pair_id: StrictStr
    name_a: StrictStr
    name_b: StrictStr
    kind: StrictStr | None = None


class ScreenPairsIn(Body):
    pairs: list[NamePairIn]
    threshold: float | None = None


class PayerRelationIn(Body):
    name: StrictStr
    account: StrictStr | None = None
    relation: StrictStr | None = None


class MatchIn(Body):
    trade_id: StrictStr
    reason: StrictStr


class ClaimIn(Body):
    trade_id: StrictStr
    evidence: StrictStr


class ClaimDecisionIn(Body):
    approve: StrictBool
    reason: StrictStr


class RuleSettingIn(Body):
    """A change of a monitoring rule: its mode and/or parameter values, and why."""

    mode: StrictStr | None = None  # monitor | active
    parameters: dict[StrictStr, StrictStr] = Field(default_factory=dict)
    reason: StrictStr
