"""`yipay merchants fx-directory` and `yipay merchants annual-receipts`: output and bad input."""

from __future__ import annotations

import json

import pytest

from tests.cli.test_errors import assert_one_error_line, env, yipay  # noqa: F401 (fixtures)

NAME = "义乌市王芳饰品商行"
MERCHANT = {
    "legal_name": NAME,
    "business_form": "individual_business",
    "id_number": "92330782MA2FXDIR01",
    "shop_no": "B3-07-4521",
    "kyc_status": "approved",
    "settlement_account": {
        "bank_name": "ABC Yiwu",
        "account_no": "6228480077",
        "account_name": NAME,
    },
}


@pytest.fixture
def merchant_id(yipay) -> str:  # noqa: F811
    created = yipay("merchants", "create", json.dumps(MERCHANT))
    assert created.code == 0, created
    return str(json.loads(created.out)["id"])


def test_record_the_registration_and_read_the_counter(yipay, merchant_id):  # noqa: F811
    marked = yipay(
        "merchants", "fx-directory", merchant_id, "--registered", "--on", "2025-03-01", "--by", "li"
    )
    assert marked.code == 0, marked
    directory = json.loads(marked.out)["fx_directory"]
    assert (directory["registered"], directory["registered_on"], directory["marked_by"]) == (
        True,
        "2025-03-01",
        "li",
    )
    shown = yipay("merchants", "annual-receipts", merchant_id, "--year", "2025")
    assert shown.code == 0, shown
    view = json.loads(shown.out)
    assert (view["year"], view["total"], view["settlement_blocked"]) == (
        2025,
        {"amount": "0.00", "currency": "USD"},
        False,
    )
    assert view["fx_directory"]["registered"] is True
    every = yipay("merchants", "annual-receipts", merchant_id, "--all")
    assert (every.code, json.loads(every.out)) == (0, [])
    show = json.loads(yipay("merchants", "show", merchant_id).out)
    assert show["annual_receipts"]["total"] == {"amount": "0.00", "currency": "USD"}
    assert show["fx_directory"]["registered"] is True

    unmarked = yipay("merchants", "fx-directory", merchant_id, "--unregistered", "--by", "wang")
    assert unmarked.code == 0, unmarked
    assert json.loads(unmarked.out)["fx_directory"]["registered"] is False


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("--registered", "--by", "li"), "--on"),
        (("--registered", "--on", "2025-02-30", "--by", "li"), "2025-02-30"),
        (("--registered", "--on", "2999-01-01", "--by", "li"), "in the future"),
        (("--unregistered", "--on", "2025-03-01", "--by", "li"), "no --on"),
        (("--registered", "--on", "2025-03-01", "--by", " "), "who records"),
    ],
)
def test_bad_fx_directory_input_is_one_error_line(yipay, merchant_id, args, fragment):  # noqa: F811
    outcome = yipay("merchants", "fx-directory", merchant_id, *args)
    assert_one_error_line(outcome, fragment)
    shown = json.loads(yipay("merchants", "show", merchant_id).out)
    assert shown["fx_directory"]["registered"] is False


def test_an_unknown_merchant_is_one_error_line(yipay):  # noqa: F811
    outcome = yipay(
        "merchants",
        "fx-directory",
        "mer_nobody",
        "--registered",
        "--on",
        "2025-03-01",
        "--by",
        "li",
    )
    assert_one_error_line(outcome, "mer_nobody")
    assert_one_error_line(yipay("merchants", "annual-receipts", "mer_nobody"), "mer_nobody")
