"""The simulated market as plain frozen records (pure domain: no database, no validation layer).

Identifiers are the platform's own (`YW-M-…`, `YW-B-…`, `YW-T-…`); payments are identified by the
sender's reference, as they arrive from the bank. Labels are the ground truth of the injected
typologies, one schema for every typology.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from yipay.core.money import Money
from yipay.simulate.config import SimulationConfig


@dataclass(frozen=True)
class SimMerchant:
    """A market shop registered for collection (individual business or small company)."""

    platform_id: str
    legal_name: str
    name_latin: str
    business_form: str  # "individual_business" | "company"
    party_type: str  # "non_natural": PBoC groups individual businesses with companies
    id_type: str  # "uscc"
    id_number: str  # unified social credit code with a valid GB 32100-2015 check character
    shop_no: str
    nationality: str
    goods_category: str  # key of `goods.CATEGORIES`
    settlement_bank: str
    settlement_account_no: str
    settlement_account_name: str  # same-name rule: always the legal name
    kyc_status: str  # "approved" | "pending"
    kyc_expires_on: date
    risk_grade: str  # "low" | "medium" | "high"


@dataclass(frozen=True)
class SimBuyer:
    """An overseas buyer as registered: name in its own script and as banks spell it."""

    platform_id: str
    name: str
    name_latin: str
    country: str
    region: str
    party_type: str  # "natural_person" | "non_natural"
    id_type: str  # "passport" | "foreign_registration"
    id_number: str
    card_no: str | None  # 商友卡 (merchant-friend card) number, if issued
    preferred_currency: str


@dataclass(frozen=True)
class GoodsLine:
    """One line of a trade: quantity × unit price is the line total, exactly."""

    name: str
    name_zh: str
    hs_code: str
    quantity: int
    unit_price: Money

    @property
    def total(self) -> Money:
        return Money.from_minor(self.unit_price.minor * self.quantity, self.unit_price.currency)


@dataclass(frozen=True)
class SimTrade:
    """A registered trade: one merchant's slice of a declaration (1039), a contract (0110) or an
    e-commerce order (9610). The goods lines add up to `amount` exactly."""

    platform_id: str
    merchant_platform_id: str
    buyer_platform_id: str
    kind: str  # customs supervision code: "1039" | "0110" | "9610"
    declaration_no: str | None  # 18 digits; shared by the slices of one 1039 declaration
    order_no: str
    invoice_no: str
    waybill_no: str | None  # None until the goods are shipped
    amount: Money
    trade_date: date
    export_date: date | None  # None if not exported by the end of the simulated window
    goods: tuple[GoodsLine, ...]
    provenance: str  # "platform" | "merchant"


@dataclass(frozen=True)
class SimPayment:
    """An inbound cross-border credit to a merchant, as the bank message describes it.

    `trade_platform_ids` is ground truth (what the payer meant to pay), not something a bank says.
    """

    reference: str
    uetr: str | None
    end_to_end_id: str | None
    received_at: datetime
    value_date: date
    amount: Money  # what actually arrived, after intermediary deductions
    instructed_amount: Money  # what the payer sent
    charges: Money | None  # deducted charges when the message states them
    charge_bearer: str  # "SHA" | "BEN" | "OUR"
    offshore: bool  # RMB sent from the offshore (CNH) market
    payer_name: str
    payer_account: str
    payer_bic: str
    payer_country: str
    debtor_agent_bic: str
    beneficiary_platform_id: str
    remittance_info: str
    trade_platform_ids: tuple[str, ...]
    is_deposit: bool


@dataclass(frozen=True)
class SimRate:
    """A partner-bank quote: CNY per one unit of `base` (bank buys at `bid`, sells at `ask`)."""

    base: str
    quote: str
    bid: Decimal
    ask: Decimal
    source: str
    as_of: datetime

    @property
    def mid(self) -> Decimal:
        return (self.bid + self.ask) / 2


@dataclass(frozen=True)
class Label:
    """Ground truth for one entity in one injected case (`pattern_id` groups the case's records).

    `entity_id` is the platform id, the payment reference, or for a payer the payer's account.
    Normal payments carry typology "normal" and an empty pattern id.
    """

    entity_type: str  # "payment" | "trade" | "merchant" | "buyer" | "payer"
    entity_id: str
    typology: str  # "normal" | "no_trade" | "third_party_foreign" | "large_value_day" | ...
    pattern_id: str


@dataclass(frozen=True)
class MarketDataset:
    """Everything one simulation produced."""

    config: SimulationConfig
    merchants: tuple[SimMerchant, ...]
    buyers: tuple[SimBuyer, ...]
    trades: tuple[SimTrade, ...]
    payments: tuple[SimPayment, ...]  # sorted by received_at
    rates: tuple[SimRate, ...]
    labels: tuple[Label, ...]
