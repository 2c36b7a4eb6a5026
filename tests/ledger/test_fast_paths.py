"""The batch posting path's shortcuts keep their meaning.

- the body hash spelled out directly is byte for byte the canonical JSON's hash;
- entry ids made in one go look like `new_id("entry")`'s, and sort by time the same way;
- the database refuses an unbalanced entry written through the batch path itself (multi-row
  statements on SQLite, comma-joined and shared columns on PostgreSQL), however large the batch;
- 0002's cheaper balance check refuses what 0001's did, and its downgrade restores 0001's.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError

from yipay.adapters.db.engine import build_engine
from yipay.adapters.db.migrate import downgrade, heads, upgrade
from yipay.core.ids import new_id
from yipay.core.money import Money
from yipay.core.types_json import canonical
from yipay.ledger import repository as repo
from yipay.ledger import service as ledger_service
from yipay.ledger.domain import AccountRef, AccountType, Posting, body_hash, nostro, suspense
from yipay.ledger.service import entry_ids

AT = datetime(2026, 11, 3, 1, 0, tzinfo=UTC)


# -- body hash ----------------------------------------------------------------------------------
def _reference_hash(kind: str, postings: list[Posting], references: dict[str, str]) -> str:
    body = {
        "kind": kind,
        "postings": sorted(
            [p.account.code, p.amount.minor, p.amount.currency.code] for p in postings
        ),
        "references": references,
    }
    return hashlib.sha256(canonical(body).encode()).hexdigest()


_text = st.text(min_size=0, max_size=12)  # quotes, backslashes, control and non-ASCII characters
_postings = st.lists(
    st.builds(
        lambda kind, owner, cur, minor: Posting(
            AccountRef(kind, cur, owner), Money.from_minor(minor, cur)
        ),
        st.sampled_from(list(AccountType)),
        _text,
        st.sampled_from(["USD", "EUR", "CNY", "JPY"]),
        st.integers(min_value=-(2**62), max_value=2**62),
    ),
    max_size=8,
)


@given(_text, _postings, st.dictionaries(_text, _text, max_size=4))
def test_the_direct_body_hash_is_the_canonical_one(kind, postings, references):
    assert body_hash(kind, postings, references) == _reference_hash(kind, postings, references)


# -- entry ids ----------------------------------------------------------------------------------
def test_entry_ids_made_in_one_go_look_like_new_ids(monkeypatch):
    millis = 1_795_000_000_123
    monkeypatch.setattr(ledger_service.time, "time", lambda: millis / 1000)
    made = entry_ids(300)
    single = new_id("entry", now_ms=millis)
    assert len(set(made)) == 300
    for entry_id in made:
        assert re.fullmatch(r"jen_[0-9A-HJKMNP-TV-Z]{26}", entry_id)
        assert len(entry_id) == len(single)
        assert entry_id[:14] == single[:14]  # prefix and the 48-bit time: same instant, same sort
    assert entry_ids(0) == []


# -- the database refuses unbalanced batches ---------------------------------------------------
@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    eng = build_engine(database_url, sqlite_synchronous="OFF")
    yield eng
    eng.dispose()


def _batch(engine: Engine, count: int, bad: int | None) -> repo.NewEntries:
    """`count` receipts (nostro 100 / suspense −100); entry `bad` is one minor unit off."""
    with engine.begin() as conn:
        accounts = repo.ensure_accounts(conn, [nostro("B", "USD"), suspense("USD")], AT)
    debit, credit = accounts[nostro("B", "USD").code].id, accounts[suspense("USD").code].id
    batch = repo.NewEntries(booked_at=AT, actor="sql", ids=[f"e{n}" for n in range(count)])
    for n in range(count):
        batch.external_keys.append(f"k{n}")
        batch.kinds.append("test")
        batch.descriptions.append("")
        batch.references.append("{}")
        batch.body_hashes.append("0" * 64)
        batch.occurred_at.append(AT)
        batch.reverses.append(None)
        for account, minor in ((debit, 100), (credit, -99 if n == bad else -100)):
            batch.posting_entry.append(n)
            batch.posting_account.append(account)
            batch.posting_minor.append(minor)
            batch.posting_currency.append("USD")
    return batch


def _count(engine: Engine, table: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one())


@pytest.mark.parametrize("bad", [0, 257, 599])
def test_one_unbalanced_entry_sinks_a_large_raw_batch(engine, bad):
    unbalanced, balanced = _batch(engine, 600, bad), _batch(engine, 600, None)
    with pytest.raises(IntegrityError, match="unbalanced"), engine.begin() as conn:
        repo.insert_entries(conn, unbalanced)
    assert (_count(engine, "journal_entries"), _count(engine, "postings")) == (0, 0)
    with engine.begin() as conn:  # the same batch, balanced: accepted
        repo.insert_entries(conn, balanced)
    assert (_count(engine, "journal_entries"), _count(engine, "postings")) == (600, 1200)


# -- 0002 against 0001 ---------------------------------------------------------------------------
_UNBALANCED = [
    [("nostro", 100), ("suspense", -99)],
    [("nostro", 100)],
    [],
    [("nostro", 100), ("suspense", -100), ("nostro_eur", 5)],
]


def _write(engine: Engine, entry_id: str, lines: list[tuple[str, int]]) -> None:
    with engine.begin() as conn:
        ids = dict(conn.execute(text("SELECT code, id FROM ledger_accounts")).all())
        codes = {"nostro": "nostro:B:USD", "suspense": "suspense:USD", "nostro_eur": "nostro:B:EUR"}
        for name, minor in lines:
            conn.execute(
                text(
                    "INSERT INTO postings (entry_id, account_id, amount_minor, currency, booked_at)"
                    " VALUES (:e, :a, :m, :c, :b)"
                ),
                {"e": entry_id, "a": ids[codes[name]], "m": minor, "c": codes[name][-3:], "b": AT},
            )
        conn.execute(
            text(
                'INSERT INTO journal_entries (id, external_key, kind, description, "references",'
                " body_hash, occurred_at, booked_at, actor)"
                " VALUES (:i, :k, 'test', '', '{}', :h, :o, :o, 'sql')"
            ),
            {"i": entry_id, "k": f"key:{entry_id}", "h": "0" * 64, "o": AT},
        )


def test_both_revisions_of_the_balance_check_refuse_the_same(engine):
    with engine.begin() as conn:
        repo.ensure_accounts(
            conn, [nostro("B", "USD"), suspense("USD"), nostro("B", "EUR")], AT, lock=False
        )
    for step, revision in enumerate(["0001", heads()[0]]):
        (downgrade if revision == "0001" else upgrade)(engine, revision)
        for n, lines in enumerate(_UNBALANCED):
            with pytest.raises(IntegrityError, match="unbalanced"):
                _write(engine, f"bad{step}{n}", lines)
        _write(engine, f"good{step}", [("nostro", 100), ("suspense", -100)])
    assert _count(engine, "journal_entries") == 2
