"""The real-time monitoring path: `MonitoringService.evaluate_payment` alone, timed.

python -m bench.monitoring_realtime [--payments 3000] [--merchants 20] [--payers 300]
                                    [--days 10] [--database-url URL]

`--merchants` merchants, one open platform trade per payment (registered up front), then
`--payments` payments received one at a time through `c.intake.receive` and `c.process()`
(screening, matching, credit … as in production), spread over `--days` regulatory days. A
third of them go to one busy merchant (so its velocity window holds ~100 payments a day and
alerts, the worst case: every evaluation rewrites its evidence); a fifth are just under the
USD 10,000 reporting threshold. Only the monitoring handler's own time is measured (the outbox
dispatcher's call of `evaluate_payment`: every rule in force, the profile updates and any
alerts raised), p50/p99/max in ms; goal p99 < 20 ms. SQLite by default (synchronous=OFF, as
in the tests; the commit is not in the measured time either way); PostgreSQL with
`--database-url`, which must name an empty database.
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

from rich.console import Console
from rich.table import Table

from yipay.bootstrap import Container, build
from yipay.core.clock import FixedClock
from yipay.fx.rates_csv import parse_rates_csv
from yipay.intake.json_payment import parse_payment
from yipay.parties.forms import buyer_form, merchant_form
from yipay.settings import Settings
from yipay.trades.domain import Provenance
from yipay.trades.forms import trade_form

AT = datetime(2026, 11, 3, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai


def _merchant(c: Container, uow: Any, n: int) -> str:
    name = f"义乌市基准日用品商行{n:03d}"
    return c.parties.register_merchant(
        uow,
        merchant_form(
            {
                "legal_name": name,
                "business_form": "individual_business",
                "id_number": f"92330782MA2BEN{n:04d}",
                "shop_no": f"B-{n}",
                "kyc_status": "approved",
                "kyc_expires_on": "2028-12-31",
                "settlement_account": {
                    "bank_name": "ABC Yiwu",
                    "account_no": f"62284800{n:05d}",
                    "account_name": name,
                },
            }
        ),
    ).id


def _amount(rng: random.Random) -> int:
    """USD dollars: a fifth just under the threshold, the rest ordinary collections."""
    if rng.random() < 0.2:
        return rng.randint(8_500, 9_999)
    return rng.randint(500, 30_000)


def seed(c: Container, args: argparse.Namespace, rng: random.Random) -> list[dict[str, Any]]:
    """Merchants, a buyer, the reference rate and one trade per payment; the payments' bodies."""
    with c.uow() as uow:
        merchants = [_merchant(c, uow, n) for n in range(args.merchants)]
        buyer = c.parties.register_buyer(
            uow,
            buyer_form(
                {
                    "name": "Ahmed Al Mansouri",
                    "country": "AE",
                    "party_type": "natural_person",
                    "id_type": "passport",
                    "id_number": "P00000001",
                }
            ),
        )
        as_of = (AT - timedelta(hours=1)).isoformat()
        csv = f"base,quote,bid,ask,source,as_of\nUSD,CNY,7.1500,7.1800,BANK,{as_of}\n"
        c.fx.import_rates(uow, parse_rates_csv(csv))
        uow.commit()
    bodies = []
    with c.uow() as uow:
        for n in range(args.payments):
            merchant = merchants[0] if rng.random() < 1 / 3 else rng.choice(merchants)
            reference, amount = f"INV-2026-{n + 1:06d}", f"{_amount(rng)}.00"
            trade = {
                "merchant_id": merchant,
                "buyer_id": buyer.id,
                "kind": "0110",
                "reference": reference,
                "amount": amount,
                "currency": "USD",
                "trade_date": AT.date().isoformat(),
            }
            c.trades.register(uow, trade_form(trade, provenance=Provenance.PLATFORM))
            received = AT + timedelta(days=n * args.days // args.payments, seconds=n)
            payer = f"Payer {rng.randrange(args.payers)}"
            bodies.append(
                {
                    "amount": amount,
                    "currency": "USD",
                    "value_date": received.date().isoformat(),
                    "received_at": received.isoformat(),
                    "payer": {"name": payer, "account": f"AE07033{n % args.payers:016d}"}
                    | {"bic": "EBILAEAD", "country": "AE"},
                    "remittance_info": f"PAYMENT {reference}",
                    "charge_bearer": "SHA",
                    "uetr": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                    "merchant_id": merchant,
                }
            )
        uow.commit()
    c.process()
    return bodies


def run(args: argparse.Namespace) -> tuple[list[float], dict[str, int], int]:
    """The timings (ms), the payments by state, and the alerts raised."""
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        settings = Settings(database_url=url, data_dir=Path(tmp), sqlite_synchronous="OFF")
        c = build(settings, clock=FixedClock(AT))
        try:
            bodies = seed(c, args, rng)
            timings: list[float] = []
            monitoring = c.monitoring
            original = monitoring.evaluate_payment

            def timed(uow: Any, payment_id: str) -> Any:
                started = time.perf_counter()
                try:
                    return original(uow, payment_id)
                finally:
                    timings.append((time.perf_counter() - started) * 1000)

            monitoring.evaluate_payment = timed  # type: ignore[method-assign]
            for item in bodies:
                with c.uow() as uow:
                    c.intake.receive(uow, parse_payment(item), channel="bench")
                    uow.commit()
                c.process()
            with c.uow() as uow:
                states = {row[0]: row[2] for row in c.payments.summary(uow)}
                alerts = sum(n for _rule, _version, n in c.alerts.counts_by_rule(uow))
            return timings, states, alerts
        finally:
            c.dispose()


def percentile(ordered: list[float], q: float) -> float:
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--payments", type=int, default=3000)
    parser.add_argument("--merchants", type=int, default=20)
    parser.add_argument("--payers", type=int, default=300)
    parser.add_argument("--days", type=int, default=10)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    if min(args.payments, args.merchants, args.payers, args.days) < 1:
        parser.error("--payments, --merchants, --payers and --days must be at least 1")
    timings, states, alerts = run(args)
    if not timings:
        parser.exit(1, "no payment was matched, so none was monitored\n")
    ordered = sorted(timings)
    table = Table(title="evaluate_payment (monitoring's real-time path), ms")
    for column in ("database", "calls", "p50", "p99", "max", "goal p99", "alerts"):
        table.add_column(column, justify="right")
    table.add_row(
        "postgresql" if args.database_url else "sqlite",
        str(len(ordered)),
        f"{statistics.median(ordered):.2f}",
        f"{percentile(ordered, 0.99):.2f}",
        f"{ordered[-1]:.2f}",
        "< 20",
        str(alerts),
    )
    console = Console()
    console.print(f"payments by state: {states}")
    console.print(table)


if __name__ == "__main__":
    main()
