"""Parties as the regulations see them.

PBoC's reporting rules group companies, other organisations *and* individual businesses
(个体工商户) as non-natural persons; the party type, not the business form, picks thresholds.
Buyers and payers are global: one buyer trades with many merchants and is identified once.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum

from yipay.core.countries import country
from yipay.parties.errors import InvalidParty


class PartyType(StrEnum):
    NATURAL_PERSON = "natural_person"
    NON_NATURAL = "non_natural"


class BusinessForm(StrEnum):
    INDIVIDUAL_BUSINESS = "individual_business"  # 个体工商户
    COMPANY = "company"
    INDIVIDUAL = "individual"


class IdType(StrEnum):
    USCC = "uscc"  # unified social credit code (统一社会信用代码)
    PRC_ID = "prc_id"
    PASSPORT = "passport"
    MERCHANT_FRIEND_CARD = "merchant_friend_card"  # 商友卡
    FOREIGN_REGISTRATION = "foreign_registration"
    OTHER = "other"


class KycStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class RiskGrade(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


@dataclass(frozen=True, slots=True)
class Identity:
    """What every party carries for KYC and reporting."""

    party_type: PartyType
    id_type: IdType
    id_number: str
    nationality: str
    kyc_status: KycStatus = KycStatus.PENDING
    kyc_expires_on: date | None = None
    risk_grade: RiskGrade = RiskGrade.MEDIUM

    def __post_init__(self) -> None:
        if not self.id_number.strip():
            raise InvalidParty("id_number must not be empty")
        object.__setattr__(self, "nationality", country(self.nationality, what="nationality"))

    def kyc_valid_on(self, day: date) -> bool:
        """Approved and not expired on `day` (expiry date itself is the last valid day)."""
        if self.kyc_status is not KycStatus.APPROVED:
            return False
        return self.kyc_expires_on is None or day <= self.kyc_expires_on


@dataclass(frozen=True, slots=True)
class BankAccount:
    bank_name: str
    account_no: str
    account_name: str

    def __post_init__(self) -> None:
        if not self.account_no.strip() or not self.account_name.strip():
            raise InvalidParty("a bank account needs a number and an account name")


class ChangeStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class AccountChange:
    """A request to change where a merchant's CNY goes: it takes a second person to approve."""

    id: str
    merchant_id: str
    account: BankAccount
    requested_by: str
    requested_at: datetime
    status: ChangeStatus = ChangeStatus.PENDING
    decided_by: str | None = None
    decided_at: datetime | None = None
    reason: str = ""


@dataclass(frozen=True, slots=True)
class FxDirectory:
    """Registration in SAFE's trade-FX directory (贸易外汇收支企业名录), as staff recorded it.

    A merchant whose receipts exceed the annual threshold must be registered before more of its
    money is settled; staff check the directory and record what it shows, with who and when.
    """

    registered: bool = False
    registered_on: date | None = None  # the registration date the directory shows
    marked_by: str | None = None
    marked_at: datetime | None = None

    def __post_init__(self) -> None:
        if self.registered and self.registered_on is None:
            raise InvalidParty("an FX directory registration needs its date")
        if not self.registered and self.registered_on is not None:
            raise InvalidParty("an unregistered merchant has no FX directory registration date")


@dataclass(frozen=True, slots=True)
class Merchant:
    id: str
    platform_id: str | None
    legal_name: str
    name_latin: str
    business_form: BusinessForm
    identity: Identity
    shop_no: str
    settlement_account: BankAccount | None
    created_at: datetime
    fx_directory: FxDirectory = FxDirectory()

    def __post_init__(self) -> None:
        if not self.legal_name.strip():
            raise InvalidParty("a merchant needs a legal name")
        if self.business_form is BusinessForm.INDIVIDUAL and (
            self.identity.party_type is not PartyType.NATURAL_PERSON
        ):
            raise InvalidParty("an individual merchant is a natural person")
        if self.settlement_account and self.settlement_account.account_name != self.legal_name:
            raise InvalidParty("the settlement account must be in the merchant's own name")

    def with_account(self, account: BankAccount) -> Merchant:
        return replace(self, settlement_account=account)  # same-name rule checked on creation

    def with_kyc(self, status: KycStatus, expires_on: date | None) -> Merchant:
        identity = replace(self.identity, kyc_status=status, kyc_expires_on=expires_on)
        return replace(self, identity=identity)

    def with_fx_directory(self, fx_directory: FxDirectory) -> Merchant:
        return replace(self, fx_directory=fx_directory)


@dataclass(frozen=True, slots=True)
class Buyer:
    id: str
    platform_id: str | None
    name: str
    name_latin: str
    country: str
    identity: Identity
    card_no: str | None
    created_at: datetime

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise InvalidParty("a buyer needs a name")
        object.__setattr__(self, "country", country(self.country))


@dataclass(frozen=True, slots=True)
class Payer:
    """Whoever's account sent the money: the buyer or a third party. Known by account and bank."""

    id: str
    name: str
    account: str
    bic: str
    country: str
    created_at: datetime


class RelationKind(StrEnum):
    """Who a third party paying for a buyer is to it."""

    AGENT = "agent"  # a buying or payment agent
    AFFILIATE = "affiliate"  # a parent, subsidiary or sister company
    FAMILY = "family"
    EMPLOYEE = "employee"
    OTHER = "other"


class RelationSource(StrEnum):
    BUYER_DECLARATION = "buyer_declaration"  # the buyer told us (API, CLI)
    ANALYST_CONFIRMED = "analyst_confirmed"  # an operator confirmed a match from this payer


@dataclass(frozen=True, slots=True)
class PayerRelation:
    """A payer known to pay for a buyer: by account when known, else by name."""

    id: str
    buyer_id: str
    payer_name: str
    payer_account: str  # "" when not known
    kind: RelationKind
    source: RelationSource
    created_by: str
    created_at: datetime
