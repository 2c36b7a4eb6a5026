"""Market shops: ~80% individual businesses, ~20% small companies, each with a valid USCC.

Besides the registered record, each shop gets a trading profile the registry does not hold: how
busy it is (lognormal, so a few shops carry much of the volume), its typical order slice (median
USD 2–5k) and how it numbers its invoices.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from yipay.simulate.banks import SETTLEMENT_BANKS
from yipay.simulate.goods import CATEGORIES, CATEGORY_WEIGHTS, Category
from yipay.simulate.names_cn import company_name, individual_business_name
from yipay.simulate.records import SimMerchant
from yipay.simulate.streams import Draw, cumulative
from yipay.simulate.uscc import (
    ENTERPRISE,
    INDIVIDUAL_BUSINESS,
    USCC_CHARSET,
    YIWU_DIVISION,
    make_uscc,
)

_CATEGORY_CUM = cumulative([CATEGORY_WEIGHTS[c.key] for c in CATEGORIES])
_BANK_CUM = cumulative([bank[3] for bank in SETTLEMENT_BANKS])
_ORG_LETTERS = "".join(c for c in USCC_CHARSET if c.isalpha())


@dataclass(frozen=True, eq=False)
class MerchantProfile:
    """A shop and how it trades."""

    merchant: SimMerchant
    activity: float  # relative weight in the market's trades
    median_slice_cents: int  # median value of one order slice, USD cents
    invoice_style: str  # "INV" → INV-2026-000123, else the shop's initials → LJ-260123

    def invoice_no(self, year: int, number: int) -> str:
        if self.invoice_style == "INV":
            return f"INV-{year}-{number:06d}"
        return f"{self.invoice_style}-{year % 100:02d}{number:04d}"


def generate_merchants(draw: Draw, count: int, start: date) -> list[MerchantProfile]:
    legal_names: set[str] = set()
    codes: set[str] = set()
    shops: set[str] = set()
    return [
        _merchant(draw, index, start, legal_names, codes, shops) for index in range(1, count + 1)
    ]


def _merchant(
    draw: Draw, index: int, start: date, legal_names: set[str], codes: set[str], shops: set[str]
) -> MerchantProfile:
    is_company = draw.chance(0.2)
    category = draw.pick_weighted(CATEGORIES, _CATEGORY_CUM)
    legal, latin = _unique_name(draw, category, is_company=is_company, taken=legal_names)
    bank, prefix, length, _share = draw.pick_weighted(SETTLEMENT_BANKS, _BANK_CUM)
    merchant = SimMerchant(
        platform_id=f"YW-M-{index:06d}",
        legal_name=legal,
        name_latin=latin,
        business_form="company" if is_company else "individual_business",
        party_type="non_natural",
        id_type="uscc",
        id_number=_unique_uscc(draw, is_company=is_company, taken=codes),
        shop_no=_unique_shop(draw, category, shops),
        nationality="CN",
        goods_category=category.key,
        settlement_bank=bank,
        settlement_account_no=prefix + draw.digits(length - len(prefix)),
        settlement_account_name=legal,
        kyc_status="pending" if draw.chance(0.03) else "approved",
        kyc_expires_on=start
        + timedelta(days=draw.between(10, 60) if draw.chance(0.02) else draw.between(365, 1095)),
        risk_grade=draw.pick_weighted(("low", "medium", "high"), (0.7, 0.95, 1.0)),
    )
    scale = 1.5 if is_company else 1.0
    median_usd = math.exp(draw.uniform() * math.log(2) + math.log(2500)) * scale
    initials = "".join(word[0] for word in latin.split()[1:3]).upper()
    return MerchantProfile(
        merchant=merchant,
        activity=draw.lognormal(1.0, 0.8) * scale,
        median_slice_cents=round(median_usd * 100),
        invoice_style="INV" if draw.chance(0.7) else initials,
    )


def _unique_name(
    draw: Draw, category: Category, *, is_company: bool, taken: set[str]
) -> tuple[str, str]:
    attempt = 0
    while True:
        make = company_name if is_company else individual_business_name
        legal, latin = make(draw, category, attempt)
        if legal not in taken:
            taken.add(legal)
            return legal, latin
        attempt += 1


def _unique_uscc(draw: Draw, *, is_company: bool, taken: set[str]) -> str:
    prefix = ENTERPRISE if is_company else INDIVIDUAL_BUSINESS
    while True:
        if draw.chance(0.7):  # codes issued since 2015: "MA" + six characters
            body = "MA" + "".join(
                draw.pick(_ORG_LETTERS) if draw.chance(0.3) else str(draw.below(10))
                for _ in range(6)
            )
        else:  # re-issued organisation codes of older firms: eight digits
            body = draw.digits(8)
        code = make_uscc(prefix, YIWU_DIVISION, body)
        if code not in taken:
            taken.add(code)
            return code


def _unique_shop(draw: Draw, category: Category, taken: set[str]) -> str:
    while True:
        shop = (
            f"District {category.district} / Street {draw.between(1, 40)} / "
            f"Booth {draw.between(1, 4)}{draw.digits(4)}"
        )
        if shop not in taken:
            taken.add(shop)
            return shop
