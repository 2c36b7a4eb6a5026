"""Helpers for the ledger suites: fresh databases, whole-book checks and snapshots, bank messages.

The checks here recompute what they compare from the tables with plain SQL, so they do not lean
on the ledger code they check (`verify_all` is asked as well, not instead).
"""

from __future__ import annotations

import shutil
import uuid
from collections import defaultdict
from datetime import datetime
from pathlib import Path

from lxml import etree
from sqlalchemy import Connection, text

from yipay.adapters.iso20022 import format_amount
from yipay.bootstrap import Container
from yipay.core.money import Money
from yipay.ledger.domain import RULES, AccountClass, AccountType, Side

CLIENT_TYPES = {"suspense", "wallet", "payouts_in_transit"}


# -- databases ----------------------------------------------------------------------------------
def fresh_sqlite(template: Path, directory: Path) -> tuple[str, Path]:
    """A copy of the migrated session template: (URL, file)."""
    target = directory / f"ledger-{uuid.uuid4().hex[:12]}.sqlite3"
    shutil.copyfile(template, target)
    return f"sqlite:///{target}", target


def remove_sqlite(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


# -- reading the books --------------------------------------------------------------------------
def stored_balances(conn: Connection) -> dict[str, int]:
    """account code → stored debit-positive balance."""
    rows = conn.execute(text("SELECT code, balance_minor FROM ledger_accounts"))
    return {code: int(balance) for code, balance in rows}


def posted_sums(conn: Connection) -> dict[str, int]:
    """account code → sum of its postings (debit-positive), recomputed from the postings."""
    rows = conn.execute(
        text(
            "SELECT a.code, COALESCE(SUM(p.amount_minor), 0) FROM ledger_accounts a"
            " LEFT JOIN postings p ON p.account_id = a.id GROUP BY a.code"
        )
    )
    return {code: int(total) for code, total in rows}


def natural_minor(code: str, debit_positive: int) -> int:
    """A stored balance seen from the account's normal side (what a wallet holder is owed)."""
    rules = RULES[AccountType(code.split(":", maxsplit=1)[0])]
    return debit_positive if rules.normal_side is Side.DEBIT else -debit_positive


def natural_balances(c: Container) -> dict[str, Money]:
    with c.uow() as uow:
        return {a.ref.code: a.natural_balance for a in c.ledger.accounts(uow)}


def snapshot(c: Container) -> dict[str, object]:
    """Everything a replayed command could change by mistake: balances, entries, postings, holds,
    payouts, quotes and settlements."""
    queries = {
        "balances": "SELECT code, balance_minor FROM ledger_accounts ORDER BY code",
        "entries": "SELECT id, external_key FROM journal_entries ORDER BY id",
        "postings": "SELECT COUNT(*), COALESCE(SUM(ABS(amount_minor)), 0) FROM postings",
        "holds": "SELECT id, status, amount_minor, posted_minor FROM holds ORDER BY id",
        "payouts": "SELECT id, status, version, reason FROM payouts ORDER BY id",
        "quotes": "SELECT id, status, settlement_id FROM fx_quotes ORDER BY id",
        "settlements": "SELECT id FROM settlements ORDER BY id",
    }
    with c.engine.connect() as conn:
        return {name: [tuple(r) for r in conn.execute(text(sql))] for name, sql in queries.items()}


# -- the whole-book check -----------------------------------------------------------------------
def book_problems(c: Container, *, seal: bool = True, backing: bool = True) -> list[str]:
    """Every way the books are wrong (empty when sound): trial balance per currency, balances
    against postings, guarded accounts below zero, client money not backed by the nostros (unless
    `backing` is False: random movements between accounts need not keep it), and `verify_all`
    after sealing the journal."""
    if seal:
        c.ledger.seal(c.uow)
    problems: list[str] = []
    with c.uow() as uow:
        conn = uow.connection
        stored = stored_balances(conn)
        posted = posted_sums(conn)
        per_currency: dict[str, int] = defaultdict(int)
        for cur, total in conn.execute(
            text("SELECT currency, SUM(amount_minor) FROM postings GROUP BY currency")
        ):
            per_currency[cur] += int(total)
        problems += [f"{cur}: postings sum to {s}" for cur, s in per_currency.items() if s]
        stored_per_currency: dict[str, int] = defaultdict(int)
        for code, balance in stored.items():
            stored_per_currency[code.rsplit(":", 1)[1]] += balance
        problems += [f"{cur}: balances sum to {s}" for cur, s in stored_per_currency.items() if s]
        problems += [
            f"{code}: stored {stored[code]} != postings {posted.get(code, 0)}"
            for code in stored
            if stored[code] != posted.get(code, 0)
        ]
        client: dict[str, int] = defaultdict(int)
        nostro: dict[str, int] = defaultdict(int)
        for code, balance in stored.items():
            kind, cur = code.split(":")[0], code.rsplit(":", 1)[1]
            natural = natural_minor(code, balance)
            if not RULES[AccountType(kind)].allow_negative and natural < 0:
                problems.append(f"{code} is negative: {natural}")
            if RULES[AccountType(kind)].account_class is AccountClass.CLIENT:
                client[cur] += natural
            elif kind == "nostro":
                nostro[cur] += natural
        problems += [
            f"{cur}: client money {client[cur]} > nostro {nostro[cur]}"
            for cur in client
            if backing and client[cur] > nostro[cur]
        ]
        backing = {b.currency: b for b in c.ledger.backing(uow)}
        for cur, b in backing.items():
            if (b.client_money.minor, b.nostro.minor) != (client[cur], nostro[cur]):
                problems.append(f"{cur}: backing() disagrees with the accounts")
        report = c.ledger.verify_all(uow)
        problems += list(report.problems)
        if not report.chain.ok:
            problems.append(f"chain: {report.chain}")
        entries = conn.execute(text("SELECT COUNT(*) FROM journal_entries")).scalar_one()
        if report.entries != entries:
            problems.append(f"verify_all saw {report.entries} of {entries} entries")
        if seal and report.chain.unsealed:
            problems.append(f"{report.chain.unsealed} entries unsealed after sealing")
    return problems


def assert_books_sound(c: Container, *, seal: bool = True, backing: bool = True) -> None:
    problems = book_problems(c, seal=seal, backing=backing)
    assert problems == [], problems


# -- bank messages ------------------------------------------------------------------------------
PAIN002 = "urn:iso:std:iso:20022:tech:xsd:pain.002.001.10"
PACS004 = "urn:iso:std:iso:20022:tech:xsd:pacs.004.001.09"


def _leaf(parent: etree._Element, ns: str, path: str, value: str, **attrs: str) -> None:
    node = parent
    for tag in path.split("/"):
        node = etree.SubElement(node, f"{{{ns}}}{tag}")
    node.text = value
    for key, val in attrs.items():
        node.set(key, val)


def pacs004(
    returns: dict[str, Money],
    *,
    at: datetime,
    message_id: str | None = None,
    original_message_id: str = "YP-ORIGINAL",
    reason: str = "AC03",
) -> bytes:
    """A pacs.004 returning each payout (end-to-end id → the amount that came back)."""
    root = etree.Element(f"{{{PACS004}}}Document", nsmap={None: PACS004})
    message = etree.SubElement(root, f"{{{PACS004}}}PmtRtr")
    header = etree.SubElement(message, f"{{{PACS004}}}GrpHdr")
    _leaf(header, PACS004, "MsgId", message_id or f"RTN-{uuid.uuid4().hex[:20]}")
    _leaf(header, PACS004, "CreDtTm", at.isoformat(timespec="seconds"))
    _leaf(header, PACS004, "NbOfTxs", str(len(returns)))
    _leaf(header, PACS004, "SttlmInf/SttlmMtd", "CLRG")
    group = etree.SubElement(message, f"{{{PACS004}}}OrgnlGrpInf")
    _leaf(group, PACS004, "OrgnlMsgId", original_message_id)
    _leaf(group, PACS004, "OrgnlMsgNmId", "pain.001.001.09")
    for n, (end_to_end, amount) in enumerate(returns.items()):
        tx = etree.SubElement(message, f"{{{PACS004}}}TxInf")
        _leaf(tx, PACS004, "RtrId", f"RTR-{n}-{end_to_end[-12:]}")
        _leaf(tx, PACS004, "OrgnlEndToEndId", end_to_end)
        _leaf(
            tx,
            PACS004,
            "RtrdIntrBkSttlmAmt",
            format_amount(amount),
            Ccy=amount.currency.code,
        )
        _leaf(tx, PACS004, "IntrBkSttlmDt", at.date().isoformat())
        _leaf(tx, PACS004, "RtrRsnInf/Rsn/Cd", reason)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def pain002(
    statuses: dict[str, str],
    *,
    at: datetime,
    original_message_id: str = "YP-ORIGINAL",
    amounts: dict[str, Money] | None = None,
) -> bytes:
    """A pain.002 with one TxSts per payout (end-to-end id → ISO status code, e.g. ACSP), with
    the original instructed amount where `amounts` names one."""
    amounts = amounts or {}
    root = etree.Element(f"{{{PAIN002}}}Document", nsmap={None: PAIN002})
    report = etree.SubElement(root, f"{{{PAIN002}}}CstmrPmtStsRpt")
    header = etree.SubElement(report, f"{{{PAIN002}}}GrpHdr")
    _leaf(header, PAIN002, "MsgId", f"STS-{uuid.uuid4().hex[:20]}")
    _leaf(header, PAIN002, "CreDtTm", at.isoformat(timespec="seconds"))
    original = etree.SubElement(report, f"{{{PAIN002}}}OrgnlGrpInfAndSts")
    _leaf(original, PAIN002, "OrgnlMsgId", original_message_id)
    _leaf(original, PAIN002, "OrgnlMsgNmId", "pain.001.001.09")
    block = etree.SubElement(report, f"{{{PAIN002}}}OrgnlPmtInfAndSts")
    _leaf(block, PAIN002, "OrgnlPmtInfId", f"{original_message_id}-1")
    for end_to_end, status in statuses.items():
        line = etree.SubElement(block, f"{{{PAIN002}}}TxInfAndSts")
        _leaf(line, PAIN002, "OrgnlEndToEndId", end_to_end)
        _leaf(line, PAIN002, "TxSts", status)
        if end_to_end in amounts:
            money = amounts[end_to_end]
            _leaf(
                line,
                PAIN002,
                "OrgnlTxRef/Amt/InstdAmt",
                format_amount(money),
                Ccy=money.currency.code,
            )
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
