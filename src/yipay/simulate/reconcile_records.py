"""Records of a labelled payment↔trade matching dataset, in the shapes `yipay reconcile` reads.

Amounts are exact `Decimal`s at the currency's ISO 4217 exponent; `truth` is the allocation a
perfect engine makes (one row with an empty trade id for a payment no trade can take).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from types import MappingProxyType

from yipay.core.errors import InvalidInput
from yipay.simulate.records import SimRate

#: Case codes, one per payment (the truth rows of a payment carry its case).
CASES: tuple[str, ...] = (
    "clean",  # one-to-one, buyer's own account, exact amount, invoice or order named exactly
    "sha_stated",  # SHA/BEN: intermediaries deducted charges, the message states them
    "sha_unstated",  # SHA: deducted charges (≤ the inference cap) not stated anywhere
    "our",  # OUR: the full amount arrives; bearer and instructed amount say so
    "deposit_balance",  # 2–3 payments (30/70 or 30/40/30) for one trade
    "multi_trade",  # one payment for 2–4 trades of the same buyer, split pro rata
    "near_equal_ref",  # two open trades of one buyer, (near) equal amounts: the invoice decides
    "near_equal_date",  # as above without a reference: only the date window decides
    "similar_name",  # a buyer with a similar name has a same-amount trade at another merchant
    "third_party_known",  # a relative or company in relations.csv pays for the buyer
    "fx_instructed",  # USD trade paid in EUR/AED/GBP; the USD instructed amount is given
    "fx_converted",  # USD trade paid in EUR/AED/GBP; no instructed amount (payer converted)
    "late",  # paid 60–120 days after the trade date
    "early",  # paid in full 1–30 days before the trade date
    "no_trade",  # pays no trade at all: must stay unmatched
    "no_trade_decoy_ref",  # unmatched; names an unissued invoice one digit from an issued one
    "ref_variant",  # invoice typed with other separators/case, no leading zeros or a transposition
    "decoy_neighbour",  # names its invoice N; N±1 (another buyer, near amount) is open too
    "bare_remittance",  # remittance empty or free text: amount and payer name decide
)

#: Relative weights of the case *groups* (a deposit_balance group yields 2–3 payments).
DEFAULT_MIX: Mapping[str, float] = MappingProxyType(
    {
        "clean": 0.22,
        "sha_stated": 0.08,
        "sha_unstated": 0.08,
        "our": 0.05,
        "deposit_balance": 0.06,
        "multi_trade": 0.05,
        "near_equal_ref": 0.03,
        "near_equal_date": 0.03,
        "similar_name": 0.04,
        "third_party_known": 0.06,
        "fx_instructed": 0.03,
        "fx_converted": 0.03,
        "late": 0.04,
        "early": 0.04,
        "no_trade": 0.04,
        "no_trade_decoy_ref": 0.02,
        "ref_variant": 0.06,
        "decoy_neighbour": 0.03,
        "bare_remittance": 0.05,
    }
)

CHUNK_PAYMENTS = 5_000
MAX_PAYMENTS = 10_000_000


@dataclass(frozen=True)
class ReconcileConfig:
    """One dataset. Equal configs give byte-identical files.

    `charges_cap_usd`: unstated charges are generated only up to this (USD 50, as the matching
    policy's `charges_inference_cap_usd`); stated charges may be larger. `fx_tolerance`: a payer's
    own conversion of a USD trade is within this share of the dataset's mid rates.
    `trades_per_payment`: unpaid open trades are added until the ratio is reached.
    """

    seed: int
    payments: int
    mix: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_MIX))
    trades_per_payment: float = 1.3
    payments_per_merchant: int = 12
    payments_per_buyer: int = 4
    own_script_rate: float = 0.1
    charges_cap_usd: Decimal = Decimal(50)
    fx_tolerance: Decimal = Decimal("0.02")
    start: date = date(2026, 1, 1)
    days: int = 365

    def __post_init__(self) -> None:
        if isinstance(self.seed, bool) or not isinstance(self.seed, int) or self.seed < 0:
            raise InvalidInput(f"seed must be a non-negative integer, got {self.seed!r}")
        if not 1 <= self.payments <= MAX_PAYMENTS:
            raise InvalidInput(f"payments must be between 1 and {MAX_PAYMENTS}")
        unknown = sorted(set(self.mix) - set(CASES))
        if unknown:
            raise InvalidInput(f"unknown case(s) in mix: {', '.join(unknown)}")
        if any(weight < 0 for weight in self.mix.values()) or sum(self.mix.values()) <= 0:
            raise InvalidInput("mix weights must be non-negative and not all zero")


@dataclass(frozen=True, slots=True)
class RecPayment:
    """One row of P.csv (`case` is ground truth and not written there)."""

    payment_id: str
    value_date: date
    amount: Decimal
    currency: str
    payer_name: str
    payer_country: str
    payer_account: str
    remittance_info: str
    beneficiary_id: str
    charges_amount: Decimal | None
    charges_currency: str | None
    charge_bearer: str
    instructed_amount: Decimal | None
    instructed_currency: str | None
    case: str


@dataclass(frozen=True, slots=True)
class RecTrade:
    """One row of T.csv."""

    trade_id: str
    merchant_id: str
    buyer_name: str
    buyer_country: str
    amount: Decimal
    currency: str
    trade_date: date
    declaration_no: str
    order_no: str
    invoice_no: str
    waybill_no: str
    goods_description: str
    hs_code: str


@dataclass(frozen=True, slots=True)
class TruthRow:
    """One row of truth.csv: the allocation a perfect engine writes to M.csv."""

    payment_id: str
    trade_id: str  # "" for the part no trade can take
    allocated_amount: Decimal  # in the payment's currency; a payment's rows add up to its amount
    currency: str
    case: str


@dataclass(frozen=True, slots=True)
class Relation:
    """A known third-party payer of a buyer (KYC'd relation): one row of relations.csv."""

    buyer_name: str  # exactly as in T.csv
    payer_name: str  # exactly as in P.csv
    payer_account: str
    relation: str  # relative | trading_company | freight_forwarder | exchange_house


@dataclass(frozen=True)
class ReconcileChunk:
    """The records of one chunk; every merchant lives in exactly one chunk."""

    index: int
    payments: tuple[RecPayment, ...]  # by value date
    trades: tuple[RecTrade, ...]  # by trade date
    truth: tuple[TruthRow, ...]  # in payment order
    relations: tuple[Relation, ...]


@dataclass(frozen=True)
class ReconcileDataset:
    config: ReconcileConfig
    payments: tuple[RecPayment, ...]
    trades: tuple[RecTrade, ...]
    truth: tuple[TruthRow, ...]
    relations: tuple[Relation, ...]
    rates: tuple[SimRate, ...]
