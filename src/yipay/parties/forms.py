"""JSON forms of merchant and buyer registrations."""

from __future__ import annotations

from typing import Any

from yipay.core.forms import (
    as_mapping,
    choice,
    no_unknown,
    optional_date,
    required_text,
    text,
)
from yipay.parties.domain import (
    BankAccount,
    BusinessForm,
    IdType,
    KycStatus,
    PartyType,
    RelationKind,
    RiskGrade,
)
from yipay.parties.service import RegisterBuyer, RegisterMerchant

MERCHANT_FIELDS = {
    "legal_name",
    "name_latin",
    "business_form",
    "id_type",
    "id_number",
    "nationality",
    "shop_no",
    "platform_id",
    "settlement_account",
    "kyc_status",
    "kyc_expires_on",
    "risk_grade",
}
ACCOUNT_FIELDS = {"bank_name", "account_no", "account_name"}
BUYER_FIELDS = {
    "name",
    "name_latin",
    "country",
    "party_type",
    "id_type",
    "id_number",
    "nationality",
    "platform_id",
    "card_no",
    "kyc_status",
    "kyc_expires_on",
    "risk_grade",
}


def merchant_form(data: object) -> RegisterMerchant:
    form = as_mapping(data, "a merchant")
    no_unknown(form, MERCHANT_FIELDS, "merchant")
    account = None
    if form.get("settlement_account") is not None:
        raw = as_mapping(form["settlement_account"], "settlement_account")
        no_unknown(raw, ACCOUNT_FIELDS, "settlement_account")
        account = BankAccount(
            bank_name=required_text(raw, "bank_name"),
            account_no=required_text(raw, "account_no", limit=64),
            account_name=required_text(raw, "account_name"),
        )
    return RegisterMerchant(
        legal_name=required_text(form, "legal_name"),
        name_latin=text(form, "name_latin") or "",
        business_form=choice(form, "business_form", BusinessForm),
        id_type=choice(form, "id_type", IdType, IdType.USCC),
        id_number=required_text(form, "id_number", limit=64),
        nationality=text(form, "nationality") or "CN",
        shop_no=required_text(form, "shop_no", limit=120),
        platform_id=text(form, "platform_id", limit=64),
        settlement_account=account,
        kyc_status=choice(form, "kyc_status", KycStatus, KycStatus.PENDING),
        kyc_expires_on=optional_date(form, "kyc_expires_on"),
        risk_grade=choice(form, "risk_grade", RiskGrade, RiskGrade.MEDIUM),
    )


def buyer_form(data: object) -> RegisterBuyer:
    form: Any = as_mapping(data, "a buyer")
    no_unknown(form, BUYER_FIELDS, "buyer")
    return RegisterBuyer(
        name=required_text(form, "name"),
        name_latin=text(form, "name_latin") or "",
        country=required_text(form, "country", limit=2),
        party_type=choice(form, "party_type", PartyType),
        id_type=choice(form, "id_type", IdType),
        id_number=required_text(form, "id_number", limit=64),
        nationality=text(form, "nationality", limit=2),
        platform_id=text(form, "platform_id", limit=64),
        card_no=text(form, "card_no", limit=64),
        kyc_status=choice(form, "kyc_status", KycStatus, KycStatus.PENDING),
        kyc_expires_on=optional_date(form, "kyc_expires_on"),
        risk_grade=choice(form, "risk_grade", RiskGrade, RiskGrade.MEDIUM),
    )


PAYER_RELATION_FIELDS = {"name", "account", "relation"}


def payer_relation_form(data: object) -> tuple[str, str, RelationKind]:
    """A buyer's declaration of a payer who pays for it: (name, account or "", relation)."""
    body = as_mapping(data, "a payer relation")
    no_unknown(body, PAYER_RELATION_FIELDS, "a payer relation")
    return (
        required_text(body, "name"),
        text(body, "account", limit=64) or "",
        choice(body, "relation", RelationKind, RelationKind.OTHER),
    )
