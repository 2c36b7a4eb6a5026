"""Bank-message intake: parse and import a simulator-like set of messages.

python -m bench.intake [--messages N] [--no-postgres]

Half the credit transfers arrive as pacs.008 files, half as MT103s in RJE files (100 per file),
each to one of 200 merchants' virtual accounts. "Parse" is the parsers alone over the bytes;
"import" is `yipay intake import`'s path (one unit of work per file, durable commits) up to the
receipt in suspense, without the spine's later steps.
"""

from __future__ import annotations

import argparse
import random
import time
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from yipay.bootstrap import Container
from yipay.intake.messages.parse import parse_bank_file
from yipay.intake.messages.record import BankRecord, Charge
from yipay.intake.messages.write_mt103 import write_mt103, write_rje
from yipay.intake.messages.write_pacs008 import write_pacs008

PER_FILE = 100
MERCHANTS = 200
PAYERS = ["Ahmed Al Mansouri", "Gulf Trading LLC", "Lagos Home Goods Ltd", "Olga Petrova"]


def _record(rng: random.Random, account: str, n: int) -> BankRecord:
    amount = Decimal(rng.randint(10_000, 5_000_000)) / 100
    return BankRecord(
        source_format="pacs.008",
        message_id=None,
        amount=amount,
        currency="USD",
        end_to_end_id=f"E2E{n:09d}",
        uetr=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        instruction_id=f"REF{n:012d}",
        value_date=date(2026, 11, 3),
        debtor_name=rng.choice(PAYERS),
        debtor_account=f"AE07033{n:016d}",
        debtor_agent_bic="EBILAEADXXX",
        debtor_country="AE",
        creditor_account=account,
        remittance_info=f"INV-2026-{n:06d} GOODS",
        charge_bearer="SHA",
        charges=(Charge(Decimal(15), "USD", "HSBCHKHHXXX"),),
        instructed_amount=amount + 15,
        instructed_currency="USD",
    )


def make_files(messages: int, accounts: list[str], seed: int = 7) -> list[tuple[str, bytes]]:
    rng = random.Random(seed)
    files = []
    created = datetime(2026, 11, 3, 2, 0, tzinfo=UTC)
    for start in range(0, messages, PER_FILE):
        records = [
            _record(rng, rng.choice(accounts), n)
            for n in range(start, min(messages, start + PER_FILE))
        ]
        index = start // PER_FILE
        if index % 2 == 0:
            data = write_pacs008(
                records,
                message_id=f"BENCH{index:08d}",
                created_at=created,
                instructing_agent_bic="HSBCHKHHXXX",
                instructed_agent_bic="PRTNCNSHXXX",
            )
            files.append((f"pacs008-{index:05d}.xml", data))
        else:
            data = write_rje(
                [
                    write_mt103(r, sender_bic="HSBCHKHHXXX", receiver_bic="PRTNCNSHXXX")
                    for r in records
                ]
            )
            files.append((f"mt103-{index:05d}.rje", data))
    return files


def parse_rate(files: list[tuple[str, bytes]]) -> float:
    started = time.perf_counter()
    count = sum(len(parse_bank_file(data, name=name)) for name, data in files)
    return count / (time.perf_counter() - started)


def merchants_with_accounts(c: Container, count: int) -> list[str]:
    from yipay.parties.forms import merchant_form

    with c.uow() as uow:
        for n in range(count):
            name = f"义乌市第{n}号商行"
            c.parties.register_merchant(
                uow,
                merchant_form(
                    {
                        "legal_name": name,
                        "business_form": "individual_business",
                        "id_number": f"92330782MA2B{n:06d}",
                        "shop_no": f"A-{n}",
                        "kyc_status": "approved",
                        "kyc_expires_on": "2028-12-31",
                        "settlement_account": {
                            "bank_name": "ABC Yiwu",
                            "account_no": f"62284800{n:06d}",
                            "account_name": name,
                        },
                    }
                ),
            )
        uow.commit()
    c.process()
    with c.uow() as uow:
        return [
            a.number
            for m in c.parties.merchants(uow, limit=count)
            for a in c.intake.virtual_accounts(uow, m.id)
            if a.currency == "USD"
        ]


def import_rate(c: Container, files: list[tuple[str, bytes]]) -> float:
    from yipay.jobs.bank_intake import import_bank_file

    started = time.perf_counter()
    received = 0
    for name, data in files:
        received += import_bank_file(c, data, name=name, actor="bench").received
    elapsed = time.perf_counter() - started
    return received / elapsed


def run(messages: int, *, postgres: bool) -> list[tuple[str, str, str, str]]:
    """The rows `python -m bench` prints for intake: parse, then import per engine."""
    from tempfile import TemporaryDirectory

    from sqlalchemy import create_engine, text

    from bench.__main__ import _container

    rows = []
    with TemporaryDirectory(prefix="yipay-bench-") as tmp:
        engines = [("sqlite (WAL, synchronous=FULL)", f"sqlite:///{Path(tmp) / 'intake.sqlite3'}")]
        server = None
        if postgres:
            from tests.support import postgres as pg

            server = pg.start(durable=True)
            admin = create_engine(server.admin_url, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text("CREATE DATABASE intake"))
            admin.dispose()
            engines.append(("postgresql 15 (fsync on)", server.url("intake")))
        try:
            files: list[tuple[str, bytes]] = []
            first: set[str] = set()
            for label, url in engines:
                c = _container(url, Path(tmp))
                accounts = merchants_with_accounts(c, MERCHANTS)
                if not files:
                    files = make_files(messages, accounts)
                    rate = parse_rate(files)
                    rows.append(
                        (
                            "intake: parse bank messages",
                            "-",
                            f"{rate:,.0f} messages/s",
                            (
                                f"{messages:,} credit transfers: half pacs.008, half MT103 (RJE),"
                                f" {PER_FILE} per file"
                            ),
                        )
                    )
                    first = set(accounts)
                else:  # same serials, same numbers: the files fit this database too
                    assert set(accounts) == first
                rate = import_rate(c, files)
                rows.append(
                    (
                        "intake: import into suspense",
                        label,
                        f"{rate:,.0f} receipts/s",
                        (
                            "one unit of work per file: digest, parse, virtual accounts, dedupe,"
                            " payers, payments, receipt entries, events"
                        ),
                    )
                )
                c.dispose()
        finally:
            if server is not None:
                server.stop()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    for row in run(args.messages, postgres=not args.no_postgres):
        print(" | ".join(row))


if __name__ == "__main__":
    main()
