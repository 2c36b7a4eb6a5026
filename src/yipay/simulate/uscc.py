"""Unified social credit codes (统一社会信用代码, GB 32100-2015) with real check characters.

Layout: registration authority (9 = market regulation) · entity type (1 enterprise, 2 individual
business) · 6-digit administrative division (330782 = Yiwu) · 9-character organisation code whose
last character is its own GB 11714 check · 1 check character over the first 17.
"""

from __future__ import annotations

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, S, V, Z
_USCC_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

YIWU_DIVISION = "330782"
ENTERPRISE = "91"
INDIVIDUAL_BUSINESS = "92"


def uscc_check_char(first17: str) -> str:
    """The GB 32100-2015 check character for the first 17 characters of a code."""
    if len(first17) != 17 or any(c not in USCC_CHARSET for c in first17):
        raise ValueError(f"need 17 characters from the USCC character set, got {first17!r}")
    total = sum(USCC_CHARSET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_CHARSET[(31 - total % 31) % 31]


def organisation_check_char(body8: str) -> str:
    """The GB 11714 check character of an 8-character organisation code body."""
    if len(body8) != 8 or not body8.isascii() or not body8.isalnum():
        raise ValueError(f"need 8 letters or digits, got {body8!r}")
    total = sum(_char_value(c) * w for c, w in zip(body8.upper(), _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def is_valid_uscc(code: str) -> bool:
    """True if `code` has 18 valid characters and a correct GB 32100 check character."""
    if len(code) != 18 or any(c not in USCC_CHARSET for c in code):
        return False
    return uscc_check_char(code[:17]) == code[17]


def make_uscc(prefix: str, division: str, organisation_body: str) -> str:
    """A complete code from its parts; `organisation_body` is the 8-character body."""
    organisation = organisation_body + organisation_check_char(organisation_body)
    first17 = prefix + division + organisation
    return first17 + uscc_check_char(first17)


def _char_value(char: str) -> int:
    return int(char) if char.isdigit() else ord(char) - ord("A") + 10
