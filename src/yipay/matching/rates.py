"""Matching's reference rates: they live in fx, where monitoring's USD equivalents use them too."""

from __future__ import annotations

from yipay.fx.reference import BUILTIN_CNY_PER_UNIT, BUILTIN_TOLERANCE, FILE_TOLERANCE, PIVOT
from yipay.fx.reference import ReferenceRates as RateTable

__all__ = ["BUILTIN_CNY_PER_UNIT", "BUILTIN_TOLERANCE", "FILE_TOLERANCE", "PIVOT", "RateTable"]
