"""Whatever bytes arrive, parse_status answers with events or a MessageError, and quickly."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yipay.adapters.iso20022 import MessageError, parse_status

FIXTURES = sorted((Path(__file__).parent / "fixtures").glob("*.xml"))
SEEDS = [path.read_bytes() for path in FIXTURES]
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def only_message_errors(data: bytes) -> None:
    """Events, or a one-line MessageError naming the input; any other exception fails the test."""
    message = None
    try:
        parse_status(data, name="fuzz.xml")
    except MessageError as exc:
        message = str(exc)
    if message is not None:
        assert message.startswith("fuzz.xml: ")
        assert "\n" not in message


def test_there_are_seeds() -> None:
    assert len(SEEDS) == 5


@FUZZ
@given(st.binary(max_size=4096))
def test_random_bytes_raise_only_message_error(data: bytes) -> None:
    only_message_errors(data)


@st.composite
def mutated_fixture(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(min_value=1, max_value=8))):
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
        if not data:
            break
    return bytes(data)


@FUZZ
@given(mutated_fixture())
def test_mutated_fixtures_raise_only_message_error(data: bytes) -> None:
    only_message_errors(data)


@st.composite
def mutated_text(draw: st.DrawFn) -> bytes:
    """Keep the XML well-formed and change one element's text: exercises the readers, not lxml."""
    seed = draw(st.sampled_from(SEEDS)).decode()
    closers = [i for i in range(len(seed)) if seed.startswith("</", i)]
    end = draw(st.sampled_from(closers))
    start = seed.rfind(">", 0, end) + 1
    replacement = draw(
        st.one_of(
            st.sampled_from(["", "NOTPROVIDED", "-1", "1e9", "9" * 30, "2026-02-30", "0.000001"]),
            st.text(alphabet=st.characters(codec="utf-8", exclude_characters="<&"), max_size=30),
        )
    )
    return (seed[:start] + replacement + seed[end:]).encode()


@FUZZ
@given(mutated_text())
def test_mutated_values_raise_only_message_error(data: bytes) -> None:
    only_message_errors(data)
