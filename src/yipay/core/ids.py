"""Typed identifiers: a short prefix that says what the id names, then a sortable random part.

Ids are ULID-like (48-bit millisecond time + 80 random bits, Crockford base32) so they sort by
creation time in indexes and logs without revealing anything about the party.
"""

from __future__ import annotations

import base64
import hashlib
import os
import time
from typing import NewType

MerchantId = NewType("MerchantId", str)
BuyerId = NewType("BuyerId", str)
PayerId = NewType("PayerId", str)
TradeId = NewType("TradeId", str)
PaymentId = NewType("PaymentId", str)
AllocationId = NewType("AllocationId", str)
EntryId = NewType("EntryId", str)
AlertId = NewType("AlertId", str)
UserId = NewType("UserId", str)
PayoutId = NewType("PayoutId", str)
SettlementId = NewType("SettlementId", str)

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

PREFIXES = {
    "merchant": "mer",
    "buyer": "buy",
    "payer": "pyr",
    "trade": "trd",
    "payment": "pay",
    "allocation": "alc",
    "entry": "jen",
    "alert": "alr",
    "user": "usr",
    "payout": "pot",
    "settlement": "stl",
    "hold": "hld",
    "candidate": "lvc",
    "event": "evt",
    "quote": "fxq",
    "change": "chg",
    "bank_file": "bkf",
    "statement_line": "sln",
    "decision": "dec",
    "relation": "rel",
    "claim": "clm",
    "rulechange": "rch",
}


_FROM_RFC4648 = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", _ALPHABET)


def _encode(number: int, length: int) -> str:
    """`number` in Crockford base32, `length` characters (value order = sort order)."""
    text = base64.b32encode(number.to_bytes(20, "big")).decode().translate(_FROM_RFC4648)
    return text[-length:]


def new_id(kind: str, *, now_ms: int | None = None) -> str:
    """A fresh time-sortable id such as `pay_01J9Z3...`."""
    prefix = PREFIXES[kind]
    millis = int(time.time() * 1000) if now_ms is None else now_ms
    rand = int.from_bytes(os.urandom(10), "big")
    return f"{prefix}_{_encode(((millis % 2**48) << 80) | rand, 26)}"


def stable_id(kind: str, *parts: str) -> str:
    """A deterministic id for a natural key (e.g. one alert per rule, subject and window)."""
    digest = hashlib.sha256("\x1f".join(parts).encode()).digest()
    return f"{PREFIXES[kind]}_{_encode(int.from_bytes(digest[:16], 'big'), 26)}"
