"""`yipay buyers add-payer` and the suspense review commands, end to end on SQLite."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.support.cli import ok


def _world(cli: Any) -> dict[str, Any]:
    name = "义乌市小商品有限公司"
    merchant = ok(
        cli(
            "merchants",
            "create",
            json.dumps(
                {
                    "legal_name": name,
                    "business_form": "company",
                    "id_number": "91330782MA2ABCDE1X",
                    "shop_no": "F1-001",
                    "kyc_status": "approved",
                    "settlement_account": {
                        "bank_name": "ICBC Yiwu",
                        "account_no": "6222000011112222",
                        "account_name": name,
                    },
                }
            ),
        )
    )
    buyers = [
        ok(
            cli(
                "buyers",
                "create",
                json.dumps(
                    {
                        "name": f"Gulf Trading {n} LLC",
                        "country": "AE",
                        "party_type": "non_natural",
                        "id_type": "foreign_registration",
                        "id_number": f"DXB-1234{n}",
                    }
                ),
            )
        )
        for n in (1, 2)
    ]
    trade_day = (datetime.now(UTC) - timedelta(days=3)).date().isoformat()
    trades = [
        ok(
            cli(
                "trades",
                "create",
                json.dumps(
                    {
                        "merchant_id": merchant["id"],
                        "buyer_id": buyer["id"],
                        "reference": f"INV-2026-00{n}",
                        "amount": amount,
                        "currency": "USD",
                        "trade_date": trade_day,
                    }
                ),
            )
        )
        for n, (buyer, amount) in enumerate(zip(buyers, ("3000.00", "5000.00"), strict=True))
    ]
    return {"merchant": merchant, "buyers": buyers, "trades": trades}


def _payment(cli: Any, merchant_id: str, n: int, amount: str) -> dict[str, Any]:
    return ok(
        cli(
            "payments",
            "create",
            json.dumps(
                {
                    "amount": amount,
                    "currency": "USD",
                    "value_date": datetime.now(UTC).date().isoformat(),
                    "merchant_id": merchant_id,
                    "payer": {
                        "name": "Hassan Rashid Exchange",
                        "account": "AE070331999988887777666",
                        "bic": "EBILAEAD",
                        "country": "AE",
                    },
                    "charges": "15.00",
                    "charge_bearer": "SHA",
                    "remittance_info": "goods",
                    "end_to_end_id": f"E2E-{n}",
                }
            ),
        )
    )


def test_a_declared_payer_suggestions_match_claims_and_suspense(cli):
    world = _world(cli)
    merchant_id = world["merchant"]["id"]
    first = world["buyers"][0]
    declared = ok(
        cli(
            "buyers",
            "add-payer",
            first["id"],
            "--name",
            "Hassan Rashid Exchange",
            "--account",
            "AE070331999988887777666",
            "--relation",
            "agent",
            "--by",
            "alice",
        )
    )
    assert (declared["relation"], declared["source"]) == ("agent", "buyer_declaration")
    bad = cli("buyers", "add-payer", first["id"], "--name", "X", "--relation", "cousin", catch=True)
    assert bad.exit_code != 0

    matched = _payment(cli, merchant_id, 1, "2985.00")
    assert matched["status"] == "credited"  # the relation makes the engine sure

    waiting = _payment(cli, merchant_id, 2, "4985.00")  # for buyer 2, who declared nobody
    assert waiting["status"] == "suspense"
    suggested = ok(cli("payments", "suggestions", waiting["id"]))
    assert suggested[0]["trade_ids"] == [world["trades"][1]["id"]]
    aged = ok(cli("payments", "suspense", "--older-than", "0"))
    assert [(r["payment_id"], r["age_days"], r["has_suggestion"]) for r in aged] == [
        (waiting["id"], 0, True)
    ]
    assert ok(cli("payments", "suspense", "--older-than", "1")) == []

    claim = ok(
        cli(
            "payments",
            "claim",
            waiting["id"],
            "--trade",
            world["trades"][1]["id"],
            "--evidence",
            "order chat",
            "--by",
            "shop",
        )
    )
    assert [c["id"] for c in ok(cli("payments", "claims", "--status", "open"))] == [claim["id"]]
    own = cli(
        "payments",
        "decide-claim",
        claim["id"],
        "--by",
        "shop",
        "--approve",
        "--reason",
        "mine",
        catch=True,
    )
    assert own.exit_code != 0
    rejected = ok(
        cli(
            "payments",
            "decide-claim",
            claim["id"],
            "--by",
            "bob",
            "--reject",
            "--reason",
            "no proof",
        )
    )
    assert rejected["status"] == "rejected"
    assert ok(cli("payments", "claims", "--status", "open")) == []

    done = ok(
        cli(
            "payments",
            "match",
            waiting["id"],
            "--trade",
            world["trades"][1]["id"],
            "--by",
            "bob",
            "--reason",
            "buyer confirmed",
        )
    )
    assert done["status"] == "credited"
    assert ok(cli("payments", "suspense")) == []
    assert ok(cli("payments", "suggestions", waiting["id"])) == []
