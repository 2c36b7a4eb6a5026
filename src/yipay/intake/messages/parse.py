"""Which parser reads a file: decided by its content, never by its name.

XML (after an optional byte-order mark and whitespace) goes to the ISO 20022 reader; anything
else to the SWIFT MT reader, which knows FIN envelopes, RJE files and bare MT940 exports.
"""

from __future__ import annotations

from yipay.adapters.iso20022.xml import MessageError
from yipay.intake.messages.record import BankRecord

_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def is_xml(data: bytes) -> bool:
    head = data[:64]
    for bom in _BOMS:
        if head.startswith(bom):
            return True
    return head.lstrip().startswith(b"<")


def parse_bank_file(data: bytes, *, name: str) -> list[BankRecord]:
    """Every record of a bank file, or a `MessageError` naming the file and the reason."""
    if not data.strip():
        raise MessageError(f"{name}: empty file")
    if is_xml(data):
        from yipay.intake.messages.iso20022 import parse_iso20022

        return parse_iso20022(data, name=name)
    from yipay.intake.messages.swift_mt import parse_swift

    return parse_swift(data, name=name)
