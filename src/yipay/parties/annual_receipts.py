"""Annual receipts per merchant in USD equivalent, and SAFE's trade-FX directory rule.

A merchant whose receipts exceed USD 200,000 equivalent in a calendar year must be registered in
SAFE's trade-FX directory (贸易外汇收支企业名录); the institution warns from USD 180,000. Both
amounts are configuration.

What counts: money that reached the merchant, i.e. a payment credited to its wallet (money in
suspense is not yet the merchant's and may still go back to the payer). Each payment counts once,
in the calendar year (Asia/Shanghai, configurable) of the day it was received, at the FX
capability's reference (mid) rate in force when it was received; CNY/CNH receipts count too,
converted to USD. Money taken back out of a wallet (a return or reversal of credited money) is
taken off the same year with the same amount it added. Amounts are integer US cents.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from yipay.core.money import Money
from yipay.parties.errors import InvalidParty

USD = "USD"


@dataclass(frozen=True, slots=True)
class AnnualReceiptsPolicy:
    """Thresholds in US cents: warn when a year's total reaches `warn`; above `block` the
    merchant's money is not settled until it is registered in the FX directory."""

    warn_usd_minor: int = 18_000_000
    block_usd_minor: int = 20_000_000

    def __post_init__(self) -> None:
        if not 0 < self.warn_usd_minor <= self.block_usd_minor:
            raise InvalidParty("annual receipts: 0 < warning threshold <= blocking threshold")

    @classmethod
    def of(cls, warn_usd: Decimal, block_usd: Decimal) -> AnnualReceiptsPolicy:
        return cls(Money.of(warn_usd, USD).minor, Money.of(block_usd, USD).minor)

    def crossed_warning(self, before: int, after: int) -> bool:
        """This receipt took the year's total to the warning threshold (or past it)."""
        return before < self.warn_usd_minor <= after

    def blocks(self, total_usd_minor: int) -> bool:
        return total_usd_minor > self.block_usd_minor

    @property
    def warn(self) -> Money:
        return Money.from_minor(self.warn_usd_minor, USD)

    @property
    def block(self) -> Money:
        return Money.from_minor(self.block_usd_minor, USD)


@dataclass(frozen=True, slots=True)
class YearTotal:
    merchant_id: str
    year: int
    usd_minor: int
    receipts: int  # payments counted, net of those taken back

    @property
    def usd(self) -> Money:
        return Money.from_minor(self.usd_minor, USD)


@dataclass(frozen=True, slots=True)
class CountedReceipt:
    """One payment's contribution, kept so that it counts once and comes off exactly."""

    payment_id: str
    merchant_id: str
    year: int
    amount: Money
    usd: Money
    rated_at: datetime  # the instant whose reference rates converted it (normally receipt)
    counted_at: datetime
    taken_back_at: datetime | None = None


def usd_text(money: Money) -> str:
    return f"USD {money.amount:,.2f}"


def settlement_refusal(total: YearTotal, policy: AnnualReceiptsPolicy) -> str:
    """What anyone asking to settle, the merchant's own users included, is told. It names the
    merchant's own receipts and a published rule; nothing about alerts or screening."""
    return (
        f"merchant {total.merchant_id} received {usd_text(total.usd)} equivalent in"
        f" {total.year}, above {usd_text(policy.block)}: settlement resumes once its registration"
        " in SAFE's trade-FX directory is recorded"
    )
