"""Shipping and customs document numbers in the shapes they have in real life.

Customs declaration numbers are 18 digits: customs code (2933 Yiwu) + year + 0 for export + a
9-digit sequence. Bills of lading carry the carrier's prefix; air waybills and UPU S10 parcel
numbers have their own check digits; CIS-bound goods often travel by rail (SMGS) or under TIR.
"""

from __future__ import annotations

from datetime import date

from yipay.simulate.streams import Draw

YIWU_CUSTOMS = "2933"
_S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)
_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"


class DeclarationNumbers:
    """Issues customs declaration numbers; ours are interleaved with other exporters'."""

    def __init__(self, draw: Draw) -> None:
        self._next = draw.between(10_000_000, 90_000_000)

    def issue(self, draw: Draw, day: date) -> str:
        self._next += draw.between(1, 40)
        return f"{YIWU_CUSTOMS}{day.year}0{self._next % 1_000_000_000:09d}"


def bill_of_lading(draw: Draw) -> str:
    carrier = draw.below(4)
    if carrier == 0:
        return "COSU" + draw.digits(10)
    if carrier == 1:
        return "MEDU" + draw.chars(_LETTERS, 2) + draw.digits(6)
    if carrier == 2:
        return "MAEU" + draw.digits(9)
    return "EGLV" + draw.digits(12)


def air_waybill(draw: Draw) -> str:
    """IATA air waybill: airline prefix, 7-digit serial and its check digit (serial mod 7)."""
    serial = draw.between(1_000_000, 9_999_999)
    return f"{draw.pick(('784', '999', '112', '160'))}-{serial}{serial % 7}"


def overland_waybill(draw: Draw) -> str:
    """Rail consignment note (SMGS) or TIR carnet, for goods to Russia and Central Asia."""
    if draw.chance(0.5):
        return "SMGS" + draw.digits(8)
    return "XC" + draw.digits(8)


def parcel_waybill(draw: Draw) -> str:
    """Express or postal tracking number for a cross-border e-commerce parcel (9610)."""
    kind = draw.below(4)
    if kind == 0:
        return "SF" + draw.digits(12)
    if kind == 1:
        return "YT" + draw.digits(13)
    if kind == 2:
        return "LP00" + draw.digits(12)
    serial = draw.digits(8)
    return f"L{draw.pick(_LETTERS)}{serial}{s10_check(serial)}CN"


def s10_check(serial: str) -> int:
    """UPU S10 check digit of an 8-digit serial."""
    check = 11 - sum(int(d) * w for d, w in zip(serial, _S10_WEIGHTS, strict=True)) % 11
    return {10: 0, 11: 5}.get(check, check)


def waybill_for(draw: Draw, kind: str, region: str) -> str:
    if kind == "9610":
        return parcel_waybill(draw)
    if region == "cis" and draw.chance(0.45):
        return overland_waybill(draw)
    if kind == "0110" and draw.chance(0.08):
        return air_waybill(draw)
    return bill_of_lading(draw)
