"""Whatever bytes arrive, parse_swift answers with records or a one-line MessageError, quickly.

The parser has a last-resort net that turns a stray ValueError/LookupError into a MessageError;
these tests also assert the net never fires, so a parser bug still fails here.
"""

from __future__ import annotations

import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import SHARED_DATA
from yipay.adapters.iso20022.xml import MessageError
from yipay.intake.messages.swift_mt import INTERNAL_FAILURE, parse_swift

SAMPLE_DIRS = [SHARED_DATA / "bank-messages" / "mt103", SHARED_DATA / "bank-messages" / "mt940"]
OWN = Path(__file__).resolve().parents[1] / "fixtures" / "bank_messages"
SEED_PATHS = sorted(
    [
        p
        for d in SAMPLE_DIRS
        if d.is_dir()
        for p in d.iterdir()
        if p.suffix in {".fin", ".rje", ".sta"}
    ]
    + list(OWN.glob("mt*.fin"))
)
SEEDS = [path.read_bytes() for path in SEED_PATHS]
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MT_ALPHABET = st.sampled_from(
    [":20:", ":25:", ":28C:", ":60F:", ":61:", ":86:", ":32A:", ":50K:", ":59:", ":71F:", ":NS:",
     "{1:", "{2:", "{3:", "{4:", "{5:", "{121:", "}", "-}", "$", "\r\n", "\n", "/", "//", "?20",
     "?32", "EREF+", "SVWZ+", "C", "D", "RC", "RD", "CR", "EUR", "XAU", "USD", ",", ".", "0",
     "9", "230230", "991231", "I103", "O103", "F01", "F21", "BANKDEFFAXXX", "NONREF", "\t",
     "\xad", "-", " ", "/RETN/", "/AC04/", "/MREF/"]
)  # fmt: skip


def only_message_errors(data: bytes) -> None:
    """Records, or a one-line MessageError naming the input; anything else fails the test."""
    started = time.monotonic()
    message = None
    try:
        parse_swift(data, name="fuzz.fin")
    except MessageError as exc:
        message = str(exc)
    assert time.monotonic() - started < 2.0
    if message is not None:
        assert message.startswith("fuzz.fin")
        assert "\n" not in message
        assert INTERNAL_FAILURE not in message, message


def test_there_are_seeds() -> None:
    assert len(SEEDS) == 15  # 4 MT103 + 8 MT940 samples + 3 own fixtures
    for seed in SEEDS:
        parse_swift(seed, name="seed")


@FUZZ
@given(st.binary(max_size=4096))
def test_random_bytes(data: bytes) -> None:
    only_message_errors(data)


@FUZZ
@given(st.lists(MT_ALPHABET, max_size=120))
def test_mt_shaped_text(tokens: list[str]) -> None:
    only_message_errors("".join(tokens).encode())


@st.composite
def mutated_seed(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(min_value=1, max_value=8))):
        if not data:
            break
        position = draw(st.integers(min_value=0, max_value=len(data) - 1))
        action = draw(st.sampled_from(["flip", "set", "delete", "line", "insert", "truncate"]))
        if action == "flip":
            data[position] ^= 1 << draw(st.integers(min_value=0, max_value=7))
        elif action == "set":
            data[position] = draw(st.sampled_from(b"{}:-$/,.?+\r\n\t\xad\xff09CDRX "))
        elif action == "delete":
            del data[position : position + draw(st.integers(min_value=1, max_value=40))]
        elif action == "line":  # drop one whole line
            start = data.rfind(b"\n", 0, position) + 1
            end = data.find(b"\n", position)
            del data[start : len(data) if end < 0 else end + 1]
        elif action == "insert":
            data[position:position] = draw(MT_ALPHABET).encode()
        else:
            del data[position:]
    return bytes(data)


@FUZZ
@given(mutated_seed())
def test_mutated_samples(data: bytes) -> None:
    only_message_errors(data)


@FUZZ
@given(st.sampled_from(SEEDS), st.integers(min_value=0, max_value=6000))
def test_truncated_samples(seed: bytes, cut: int) -> None:
    only_message_errors(seed[:cut])


def test_large_input_is_fast() -> None:
    seed = (SHARED_DATA / "bank-messages" / "mt103" / "prowide-MT103-out-ack.rje").read_bytes()
    started = time.monotonic()
    records = parse_swift(seed * 200, name="big.rje")
    assert len(records) == 13 * 200
    assert time.monotonic() - started < 5.0
    only_message_errors(b"{1:" * 100_000)
    only_message_errors(b"{" * 200_000)
    only_message_errors(b":20:X\n:25:Y\n" + b":86:?20" * 50_000)
