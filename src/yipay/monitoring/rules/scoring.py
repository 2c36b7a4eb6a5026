"""Scores in [0, 1] from a rule's measure: shared shapes so that rules rank alike.

`towards_one(value, threshold)` is 0.5 when the measure just reaches the rule's threshold and
approaches 1 as it grows (1 − threshold / 2·value), the shape TBML-03 has always used; more
evidencing transactions in one alert add a little. Scores are quantized to 4 decimals.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal

_QUANTUM = Decimal("0.0001")


def clamp(value: Decimal) -> Decimal:
    return max(Decimal(0), min(Decimal(1), value)).quantize(_QUANTUM, ROUND_HALF_EVEN)


def towards_one(value: int | Decimal, threshold: int | Decimal) -> Decimal:
    """0.5 at the threshold, 0.75 at twice it, → 1; a threshold of 0 or less scores 1."""
    if Decimal(threshold) <= 0:
        return Decimal(1)
    if Decimal(value) <= 0:
        return Decimal(0)
    return clamp(1 - Decimal(threshold) / (2 * Decimal(value)))


def with_count(score: Decimal, count: int, step: Decimal = Decimal("0.05")) -> Decimal:
    """Each evidencing transaction beyond the first adds `step`, up to 1."""
    return clamp(score + step * max(0, count - 1))
