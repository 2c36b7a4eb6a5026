import pytest

from yipay.matching.references import reference_keys, reference_match, text_keys


@pytest.mark.parametrize(
    "text",
    [
        "PAYMENT FOR INV-2026-000124 BED SHEETS",
        "inv-2026-000124",
        "INV2026000124",
        "INV 2026 000124",
        "INV/2026/000124.",
        "INV-2026-124",
        "INV 2026 124",
        "INVOICE NO 2026-000124",
    ],
)
def test_separators_case_and_leading_zeros(text):
    assert reference_match("INV-2026-000124", text) == "exact"


@pytest.mark.parametrize(
    "text", ["INV-2026-000142", "INV2026001024", "INV-2026-000214", "INV-2062-000124"]
)
def test_adjacent_transposition_is_near(text):
    assert reference_match("INV-2026-000124", text) == "transposed"


@pytest.mark.parametrize(
    "text",
    [
        "INV-2026-000125",  # the next invoice of the shop
        "INV-2026-000123",  # the previous one
        "INV-2026-000134",
        "INV-2026-001124",
        "INV-2026-00124X",
        "INV-2027-000124",
        "INV-2026-0001240",
        "GOODS",
        "",
    ],
)
def test_a_different_digit_never_matches(text):
    assert reference_match("INV-2026-000124", text) is None


def test_neighbouring_short_invoice_does_not_match():
    assert reference_match("INV-2026-0124", "PAYMENT INV-2026-0125") is None
    assert reference_match("LJ-260123", "LJ260124 TOYS") is None
    assert reference_match("LJ-260123", "LJ260123 TOYS") == "exact"


def test_other_document_numbers():
    assert reference_match("YWO2026031500012", "ORDER YWO 20260315 00012") == "exact"
    assert reference_match("293320260123456789", "DECL 2933 2026 0123 456789") == "exact"
    assert reference_match("MEDUAB123456", "B/L MEDU AB 123456 TOYS") == "exact"
    assert reference_match("PO-1234", "DEPOSIT PO PO-1234") == "exact"


def test_a_reference_is_not_found_inside_a_longer_number():
    assert reference_match("INV-2026-000124", "INV20260001245") is None
    assert not reference_keys("")
    assert not text_keys("PAYMENT FOR GOODS")


def test_every_single_digit_change_is_refused():
    ref = "INV-2026-004817"
    compact = "INV2026004817"
    for pos, ch in enumerate(compact):
        if not ch.isdigit():
            continue
        for digit in "0123456789":
            if digit != ch:
                changed = compact[:pos] + digit + compact[pos + 1 :]
                assert reference_match(ref, changed) is None, changed
