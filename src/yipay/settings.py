"""One settings object, read from YIPAY_* environment variables (and .env), built once in bootstrap.

Thresholds, codes and deadlines the regulations set are configuration, not constants: the
defaults below are the values in docs/domain references, and an operator changes them here.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from pydantic import BaseModel, Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from yipay.core.money import Rounding

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _default_data_dir() -> Path:
    """`data/` at the repository root for a source checkout, else the working directory."""
    if (PROJECT_ROOT / "pyproject.toml").exists():
        return PROJECT_ROOT / "data"
    return Path.cwd() / "yipay-data"


class LargeValueThresholds(BaseModel):
    """PBoC Order 2016 No.3 large-value report thresholds (RMB and USD), per party group.

    Set one with e.g. YIPAY_LARGE_VALUE__NON_NATURAL_TRANSFER_USD=150000.
    """

    non_natural_transfer_cny: Decimal = Decimal(2_000_000)
    non_natural_transfer_usd: Decimal = Decimal(200_000)
    natural_domestic_transfer_cny: Decimal = Decimal(500_000)
    natural_domestic_transfer_usd: Decimal = Decimal(100_000)
    natural_cross_border_transfer_cny: Decimal = Decimal(200_000)
    natural_cross_border_transfer_usd: Decimal = Decimal(10_000)
    cash_cny: Decimal = Decimal(50_000)
    cash_usd: Decimal = Decimal(10_000)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="YIPAY_", env_file=".env", extra="ignore", env_nested_delimiter="__"
    )

    data_dir: Path = Field(default_factory=_default_data_dir)
    database_url: str = ""
    sqlite_synchronous: str = "FULL"
    regulatory_timezone: str = "Asia/Shanghai"
    log_level: str = "WARNING"

    # Money movement
    nostro_bank: str = "PARTNER"
    settlement_currency: str = "CNY"
    fx_spread_bps: Decimal = Decimal(30)
    fx_rounding: Rounding = Rounding.HALF_EVEN
    fx_spread_bps_by_grade: dict[str, Decimal] = Field(
        default_factory=lambda: {"low": Decimal(20), "medium": Decimal(30), "high": Decimal(50)}
    )
    fx_max_rate_age_hours: int = 36
    fx_quote_ttl_seconds: int = 300
    charges_inference_cap_usd: Decimal = Decimal(50)

    # Payouts: above these amounts a second user must approve (a currency not listed: always)
    payout_approval_thresholds: dict[str, Decimal] = Field(
        default_factory=lambda: {"CNY": Decimal(500_000), "USD": Decimal(70_000)}
    )
    institution_name: str = "Yi Pay"
    nostro_bic: str = "PRTNCNSHXXX"
    nostro_accounts: dict[str, str] = Field(
        default_factory=lambda: {
            code: f"6200{n:08d}"
            for n, code in enumerate(
                ["CNY", "USD", "EUR", "GBP", "HKD", "AED", "SAR", "BRL", "JPY"], start=1
            )
        }
    )

    # Intake: every merchant gets a virtual collection account in each of these currencies
    virtual_account_currencies: list[str] = Field(
        default_factory=lambda: ["CNY", "USD", "EUR", "GBP", "HKD", "AED", "SAR", "BRL", "JPY"]
    )

    # Screening: payments from or through these countries stop in the payment path
    embargoed_countries: list[str] = Field(default_factory=lambda: ["KP", "IR", "SY", "CU"])
    # Name-match score at or above which a hit holds the money; None = the matcher's default,
    # chosen by evaluation (docs/benchmarks.md)
    screening_threshold: float | None = Field(default=None, ge=0.5, le=1.0)

    # Monitoring: third-party payer from another country than the registered buyer
    third_party_country_threshold_usd: Decimal = Decimal(5_000)
    # Monitoring: any rule's parameters by rule id over its defaults (docs/rules.md), as JSON in
    # YIPAY_MONITORING_PARAMETERS, such as {"TBML-04-FAN-IN": {"min_counterparties": 12}}
    monitoring_parameters: dict[str, dict[str, Decimal]] = Field(default_factory=dict)
    # Monitoring: where `--engine spark` runs (a cluster's master URL, or local mode)
    monitoring_spark_master: str = "local[2]"

    # Reporting
    large_value: LargeValueThresholds = Field(default_factory=LargeValueThresholds)

    # Annual receipts per merchant (USD equivalent, calendar year): warn from the first; above
    # the second no settlement until the merchant's SAFE trade-FX directory registration is
    # recorded
    annual_receipts_warn_usd: Decimal = Field(default=Decimal(180_000), gt=0, decimal_places=2)
    annual_receipts_block_usd: Decimal = Field(default=Decimal(200_000), gt=0, decimal_places=2)

    # API
    api_host: str = "127.0.0.1"
    api_port: int = 8000

    @property
    def screening_index_dir(self) -> Path:
        """Where the name index of the lists in force is kept between runs."""
        return self.data_dir / "screening"

    @field_validator("sqlite_synchronous")
    @classmethod
    def _synchronous(cls, value: str) -> str:
        value = value.upper()
        if value not in {"OFF", "NORMAL", "FULL", "EXTRA"}:
            raise ValueError("sqlite_synchronous must be OFF, NORMAL, FULL or EXTRA")
        return value

    @field_validator("embargoed_countries")
    @classmethod
    def _countries(cls, value: list[str]) -> list[str]:
        return sorted({c.strip().upper() for c in value if c.strip()})

    @model_validator(mode="after")
    def _annual_receipts(self) -> Settings:
        if self.annual_receipts_warn_usd > self.annual_receipts_block_usd:
            raise ValueError("annual_receipts_warn_usd must not exceed annual_receipts_block_usd")
        return self

    @property
    def monitoring_overrides(self) -> dict[str, dict[str, Decimal]]:
        """Rule parameters in force over the defaults: the named settings, then any others."""
        third_party = {"threshold_usd_minor": self.third_party_country_threshold_usd * 100}
        overrides = {"TBML-03-THIRD-PARTY-COUNTRY": third_party}
        for rule_id, values in self.monitoring_parameters.items():
            overrides[rule_id] = {**overrides.get(rule_id, {}), **values}
        return overrides

    @property
    def resolved_database_url(self) -> str:
        """The configured URL, or an SQLite file in the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'yipay.sqlite3'}"
