"""Whatever bytes arrive, parse_iso20022 answers with records or a one-line MessageError."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import SHARED_DATA
from yipay.adapters.iso20022.xml import MessageError
from yipay.intake.messages.iso20022 import parse_iso20022

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "bank_messages"
SEED_PATHS = sorted(
    [
        *FIXTURES.glob("pacs.*.xml"),
        *(SHARED_DATA / "bank-messages" / "camt.053").glob("*.xml"),
        *(SHARED_DATA / "bank-messages" / "camt.054").glob("*.xml"),
    ]
)
SEEDS = [path.read_bytes() for path in SEED_PATHS]
# The active profile ("ci": 40 examples) decides how many; never more than 200 here.
FUZZ = settings(deadline=None)


def only_message_errors(data: bytes) -> None:
    try:
        parse_iso20022(data, name="fuzz.xml")
    except MessageError as exc:
        message = str(exc)
        assert message.startswith("fuzz.xml: ")
        assert "\n" not in message


def test_there_are_seeds() -> None:
    # 12 pacs fixtures and 22 camt samples; a missing shared folder must fail, not shrink this.
    assert len(SEEDS) >= 33


@FUZZ
@given(st.binary(max_size=4096))
def test_random_bytes(data: bytes) -> None:
    only_message_errors(data)


@FUZZ
@given(st.binary(max_size=300).map(lambda tail: b"<?xml version='1.0'?><Document " + tail))
def test_random_bytes_after_an_xml_prologue(data: bytes) -> None:
    only_message_errors(data)


@st.composite
def byte_mutations(draw: st.DrawFn) -> bytes:
    """Byte flips, overwrites, deletions, insertions and truncation at random points."""
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(min_value=1, max_value=8))):
        if not data:
            break
        position = draw(st.integers(min_value=0, max_value=len(data) - 1))
        action = draw(st.sampled_from(["flip", "set", "delete", "insert", "truncate"]))
        if action == "flip":
            data[position] ^= 1 << draw(st.integers(min_value=0, max_value=7))
        elif action == "set":
            data[position] = draw(st.sampled_from(b"<>/&;=\"'x0.9-\x00\xff "))
        elif action == "delete":
            del data[position : position + draw(st.integers(min_value=1, max_value=40))]
        elif action == "insert":
            data[position:position] = draw(st.binary(min_size=1, max_size=20))
        else:
            del data[position:]
    return bytes(data)


@FUZZ
@given(byte_mutations())
def test_mutated_bytes(data: bytes) -> None:
    only_message_errors(data)


def _elements(seed: str) -> list[tuple[int, int]]:
    """(start, end) of every element with simple content: `<X …>text</X>`."""
    spans = []
    for end in (i for i in range(len(seed)) if seed.startswith("</", i)):
        start = seed.rfind("<", 0, end)
        if seed[start + 1] not in "/!?":
            spans.append((start, seed.index(">", end) + 1))
    return spans


@st.composite
def element_deletions(draw: st.DrawFn) -> bytes:
    """Well-formed XML with leaf elements removed: exercises the mandatory-element checks."""
    seed = draw(st.sampled_from(SEEDS)).decode()
    spans = _elements(seed)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        start, end = draw(st.sampled_from(spans))
        seed = seed[:start] + seed[end:]
        spans = _elements(seed)
        if not spans:
            break
    return seed.encode()


@FUZZ
@given(element_deletions())
def test_deleted_elements(data: bytes) -> None:
    only_message_errors(data)


VALUES = [
    "", "NOTPROVIDED", "-1", "1e9", "9" * 30, "0.000001", "1.123456", "2026-02-30", "2026-13-01",
    "2026-11-04T25:00:00", "XAU", "CNH", "crdt", "BOOK", "PDNG", "true", "yes", "\u00e9\u4e2d",
    "ACSC", "RJCT",
]  # fmt: skip


@st.composite
def text_replacements(draw: st.DrawFn) -> bytes:
    """Well-formed XML with one text or Ccy value replaced: exercises the value readers."""
    seed = draw(st.sampled_from(SEEDS)).decode()
    replacement = draw(
        st.one_of(
            st.sampled_from(VALUES),
            st.text(alphabet=st.characters(codec="utf-8", exclude_characters='<&"'), max_size=30),
        )
    )
    if draw(st.booleans()) and 'Ccy="' in seed:
        starts = [i for i in range(len(seed)) if seed.startswith('Ccy="', i)]
        start = draw(st.sampled_from(starts)) + len('Ccy="')
        end = seed.index('"', start)
    else:
        closers = [i for i in range(len(seed)) if seed.startswith("</", i)]
        end = draw(st.sampled_from(closers))
        start = seed.rfind(">", 0, end) + 1
    return (seed[:start] + replacement + seed[end:]).encode()


@FUZZ
@given(text_replacements())
def test_replaced_values(data: bytes) -> None:
    only_message_errors(data)
