"""Matching one payment in the API path: `MatchingService.match_payment` alone, timed.

python -m bench.matching_online [--trades 200] [--payments 500] [--database-url URL]

One merchant with `--trades` open platform trades (20 buyers, references INV-2026-NNNNNN, large
amounts so that they stay open), then `--payments` payments received one at a time through
`c.intake.receive` and `c.process()` (screening, matching, credit …, as the API does). Only the
matcher's own time is measured (the dispatcher's call of `match_payment`), p50 and p99 in ms. The
payments: 60 % name an open trade and pay part of it, 20 % come from a buyer with no reference,
20 % from a stranger with an unrelated text (they stay in suspense).
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from yipay.bootstrap import Container, build
from yipay.core.clock import FixedClock
from yipay.fx.rates_csv import parse_rates_csv
from yipay.intake.json_payment import parse_payment
from yipay.parties.forms import buyer_form, merchant_form
from yipay.settings import Settings
from yipay.trades.domain import Provenance
from yipay.trades.forms import trade_form

AT = datetime(2026, 11, 3, 2, 0, tzinfo=UTC)
BUYERS = 20
NAMES = ["Ahmed Al Mansouri", "Olga Petrova", "Lagos Home Goods Ltd", "Carlos Mendes", "Li Wei"]


def seed(c: Container, trades: int, rng: random.Random) -> tuple[str, list[tuple[str, str]]]:
    """The merchant's id and its trades as (reference, buyer name)."""
    with c.uow() as uow:
        name = "义乌市基准日用品商行"
        merchant = c.parties.register_merchant(
            uow,
            merchant_form(
                {
                    "legal_name": name,
                    "business_form": "individual_business",
                    "id_number": "92330782MA2BENCH01",
                    "shop_no": "B-1",
                    "kyc_status": "approved",
                    "kyc_expires_on": "2028-12-31",
                    "settlement_account": {
                        "bank_name": "ABC Yiwu",
                        "account_no": "6228480000001",
                        "account_name": name,
                    },
                }
            ),
        )
        buyers = []
        for n in range(BUYERS):
            buyer_name = f"{NAMES[n % len(NAMES)]} {n}"
            b = c.parties.register_buyer(
                uow,
                buyer_form(
                    {
                        "name": buyer_name,
                        "country": "AE",
                        "party_type": "natural_person",
                        "id_type": "passport",
                        "id_number": f"P{n:08d}",
                    }
                ),
            )
            buyers.append((b.id, buyer_name))
        as_of = (AT - timedelta(hours=1)).isoformat()
        csv = f"base,quote,bid,ask,source,as_of\nUSD,CNY,7.1500,7.1800,BANK,{as_of}\n"
        c.fx.import_rates(uow, parse_rates_csv(csv))
        uow.commit()
    made = []
    with c.uow() as uow:
        for n in range(trades):
            buyer_id, buyer_name = buyers[n % BUYERS]
            reference = f"INV-2026-{n + 1:06d}"
            c.trades.register(
                uow,
                trade_form(
                    {
                        "merchant_id": merchant.id,
                        "buyer_id": buyer_id,
                        "kind": "0110",
                        "reference": reference,
                        "amount": f"{rng.randint(500_000, 1_000_000)}.00",
                        "currency": "USD",
                        "trade_date": (AT.date() - timedelta(days=rng.randint(0, 90))).isoformat(),
                    },
                    provenance=Provenance.PLATFORM,
                ),
            )
            made.append((reference, buyer_name))
        uow.commit()
    c.process()
    return merchant.id, made


def body(rng: random.Random, merchant_id: str, trades: list[tuple[str, str]]) -> dict[str, Any]:
    reference, buyer_name = rng.choice(trades)
    kind = rng.random()
    if kind < 0.6:
        payer, info = buyer_name, f"PART PAYMENT {reference} GOODS"
    elif kind < 0.8:
        payer, info = buyer_name, "GOODS"
    else:
        payer, info = "Unrelated Trading FZE", "SERVICES"
    return {
        "amount": f"{rng.randint(1_000, 20_000)}.00",
        "currency": "USD",
        "value_date": AT.date().isoformat(),
        "payer": {"name": payer, "account": "AE070331234567890123456", "bic": "EBILAEAD"}
        | {"country": "AE"},
        "remittance_info": info,
        "charge_bearer": "SHA",
        "uetr": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "merchant_id": merchant_id,
    }


def run(trades: int, payments: int, database_url: str | None) -> list[float]:
    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as tmp:
        url = database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        settings = Settings(database_url=url, data_dir=Path(tmp), sqlite_synchronous="OFF")
        c = build(settings, clock=FixedClock(AT))
        try:
            merchant_id, made = seed(c, trades, rng)
            timings: list[float] = []
            matcher = c.matching
            original = matcher.match_payment

            def timed(uow: Any, payment_id: str) -> Any:
                started = time.perf_counter()
                try:
                    return original(uow, payment_id)
                finally:
                    timings.append((time.perf_counter() - started) * 1000)

            matcher.match_payment = timed  # type: ignore[method-assign]
            for _ in range(payments):
                with c.uow() as uow:
                    c.intake.receive(
                        uow, parse_payment(body(rng, merchant_id, made)), channel="bench"
                    )
                    uow.commit()
                c.process()
            with c.uow() as uow:
                counts = {row[0]: row[2] for row in c.payments.summary(uow)}
                print("payments by state:", counts)
            return timings
        finally:
            c.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--trades", type=int, default=200)
    parser.add_argument("--payments", type=int, default=500)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    timings = run(args.trades, args.payments, args.database_url)
    ordered = sorted(timings)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    print(
        f"match_payment: {len(timings)} calls, p50 {statistics.median(ordered):.2f} ms,"
        f" p99 {p99:.2f} ms, max {ordered[-1]:.2f} ms (goal p99 < 50 ms)"
    )


if __name__ == "__main__":
    main()
