"""The simulated market's payments as the partner bank delivers them: pacs.008 and MT103 files
during the day and a camt.053 statement of each nostro account at night.

The simulator itself stays pure (records only); this job turns its payments into real bank
messages with our writers, so the demo and the benchmarks take money in through the same parsers
a production inbox uses. A payment names its beneficiary only by the merchant's virtual account.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time
from decimal import Decimal

from yipay.intake.messages.record import BankRecord, Charge
from yipay.intake.messages.write_camt053 import Statement, write_camt053
from yipay.intake.messages.write_mt103 import write_mt103, write_rje
from yipay.intake.messages.write_pacs008 import write_pacs008
from yipay.simulate import SimPayment

PARTNER_BIC = "PRTNCNSHXXX"
CORRESPONDENT_BIC = "HSBCHKHHXXX"
# A virtual account whose check digits are right but which no merchant was ever given.
UNASSIGNED = "8884099999999903"

AccountOf = Callable[[str, str], str | None]  # (platform merchant id, currency) → number


@dataclass(frozen=True, slots=True)
class BankFile:
    name: str
    data: bytes
    kind: str  # "pacs.008" | "mt103" | "camt.053"
    arrives_at: datetime


def record_of(p: SimPayment, creditor_account: str) -> BankRecord:
    """The payment as a credit record: what the bank says, nothing of the simulator's truth."""
    code = "CNH" if p.offshore else p.amount.currency.code
    charges: tuple[Charge, ...] = ()
    if p.charges is not None:
        charges = (Charge(p.charges.amount, code, CORRESPONDENT_BIC),)
    instructed = p.instructed_amount
    return BankRecord(
        source_format="pacs.008",
        message_id=None,
        amount=p.amount.amount,
        currency=code,
        end_to_end_id=p.end_to_end_id,
        uetr=p.uetr,
        instruction_id=p.reference,
        value_date=p.value_date,
        debtor_name=p.payer_name,
        debtor_account=p.payer_account,
        debtor_agent_bic=p.debtor_agent_bic,
        debtor_country=p.payer_country,
        creditor_account=creditor_account,
        creditor_agent_bic=PARTNER_BIC,
        remittance_info=p.remittance_info or None,
        charge_bearer=p.charge_bearer,
        charges=charges,
        instructed_amount=instructed.amount,
        instructed_currency="CNH"
        if p.offshore and instructed.currency.code == "CNY"
        else (instructed.currency.code),
    )


def _as_mt103(p: SimPayment) -> bool:
    """Some correspondents still send MT103; only where the payer's country is its bank's (an
    MT103 :50K: carries no country, so the country is read from the BIC)."""
    return p.payer_country == p.debtor_agent_bic[4:6] and int(p.reference[-1:], 36) % 3 == 0


def day_files(day: date, payments: Sequence[SimPayment], account_of: AccountOf) -> list[BankFile]:
    """One pacs.008 and one MT103 (RJE) file per hour that had payments, in arrival order."""
    by_hour: dict[tuple[int, bool], list[SimPayment]] = defaultdict(list)
    for p in sorted(payments, key=lambda p: (p.received_at, p.reference)):
        by_hour[(p.received_at.astimezone(UTC).hour, _as_mt103(p))].append(p)
    files = []
    for (hour, mt), batch in sorted(by_hour.items()):
        records = [
            record_of(
                p, account_of(p.beneficiary_platform_id, p.amount.currency.code) or UNASSIGNED
            )
            for p in batch
        ]
        arrives = max(p.received_at for p in batch)
        stamp = f"{day:%Y%m%d}-{hour:02d}"
        if mt:
            data = write_rje(
                [
                    write_mt103(
                        r,
                        sender_bic=CORRESPONDENT_BIC,
                        receiver_bic=PARTNER_BIC,
                        sequence=i + 1,
                        sent_at=p.received_at,
                    )
                    for i, (r, p) in enumerate(zip(records, batch, strict=True))
                ]
            )
            files.append(BankFile(f"MT103-{stamp}.rje", data, "mt103", arrives))
        else:
            data = write_pacs008(
                records,
                message_id=f"PRTN{stamp.replace('-', '')}{_salt(stamp)}",
                created_at=arrives,
                instructing_agent_bic=CORRESPONDENT_BIC,
                instructed_agent_bic=PARTNER_BIC,
            )
            files.append(BankFile(f"pacs008-{stamp}.xml", data, "pacs.008", arrives))
    return files


def statements(
    day: date,
    payments: Iterable[SimPayment],
    nostro_accounts: dict[str, str],
    opening: dict[str, Decimal],
    account_of: AccountOf,
    created_at: datetime,
) -> list[BankFile]:
    """The night's camt.053 of each nostro account that moved: one credit line per receipt.

    `opening` is updated to the closing balances, so consecutive days chain like a bank's."""
    lines: dict[str, list[BankRecord]] = defaultdict(list)
    for p in sorted(payments, key=lambda p: (p.received_at, p.reference)):
        record = record_of(p, account_of(p.beneficiary_platform_id, p.amount.currency.code) or "")
        lines[p.amount.currency.code].append(
            replace(
                record,
                source_format="camt.053",
                currency=p.amount.currency.code,  # the CNY account books CNH as CNY
                instructed_amount=None,
                instructed_currency=None,
                charges=(),
                entry_reference=f"PRTN-{p.reference}"[:35],
                booking_date=day,
            )
        )
    files = []
    for code, entries in sorted(lines.items()):
        account = nostro_accounts.get(code)
        if account is None:
            continue
        start = opening.get(code, Decimal(0))
        statement = Statement(
            account=account,
            currency=code,
            statement_id=f"{account}-{day:%Y%m%d}",
            created_at=created_at,
            from_date=day,
            to_date=day,
            opening_balance=start,
            entries=tuple(entries),
            servicer_bic=PARTNER_BIC,
        )
        opening[code] = start + sum((e.amount or Decimal(0)) for e in entries)
        data = write_camt053(statement, message_id=f"STMT{day:%Y%m%d}{code}")
        files.append(BankFile(f"camt053-{code}-{day:%Y%m%d}.xml", data, "camt.053", created_at))
    return files


def _salt(stamp: str) -> str:
    return uuid.uuid5(uuid.NAMESPACE_OID, stamp).hex[:8]


def end_of(day: date) -> datetime:
    return datetime.combine(day, time(23, 0), tzinfo=UTC)
