"""The database itself keeps the ledger's invariants, whatever code writes to it.

Plain SQL on a migrated database (no services): balanced entries only, postings before their entry
and never after, posted rows immutable, sealing columns filled once, guarded balances never
negative, compliance holds never expire. Each refusal is paired with the nearest accepted write, so
a test cannot pass because the write was malformed for another reason.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Connection, Engine, insert, text
from sqlalchemy.exc import IntegrityError

from yipay.adapters.db.engine import build_engine
from yipay.adapters.db.migrations_support import SEALABLE_CONTENT
from yipay.audit.tables import audit_log
from yipay.ledger.tables import holds, journal_entries, ledger_accounts, postings

AT = datetime(2026, 11, 3, 1, 0, tzinfo=UTC)

ACCOUNTS = {
    # code: (type, class, currency, normal side, allow negative)
    "nostro:PARTNER:USD": ("nostro", "asset", "USD", "debit", False),
    "suspense:USD": ("suspense", "client", "USD", "credit", False),
    "wallet:mer_1:USD": ("wallet", "client", "USD", "credit", False),
    "suspense:EUR": ("suspense", "client", "EUR", "credit", False),
    "nostro:PARTNER:EUR": ("nostro", "asset", "EUR", "debit", False),
    "fx_position:USD": ("fx_position", "trading", "USD", "debit", True),
}


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    eng = build_engine(database_url, sqlite_synchronous="OFF")
    with eng.begin() as conn:
        for code, (kind, cls, cur, side, negative) in ACCOUNTS.items():
            conn.execute(
                insert(ledger_accounts).values(
                    code=code,
                    type=kind,
                    account_class=cls,
                    currency=cur,
                    owner_id="mer_1" if kind == "wallet" else None,
                    normal_side=side,
                    allow_negative=negative,
                    balance_minor=0,
                    created_at=AT,
                )
            )
    yield eng
    eng.dispose()


def _ids(conn: Connection) -> dict[str, int]:
    return dict(conn.execute(text("SELECT code, id FROM ledger_accounts")).all())


def _postings(conn: Connection, entry_id: str, lines: list[tuple[str, int]]) -> None:
    ids = _ids(conn)
    for code, amount in lines:
        conn.execute(
            insert(postings).values(
                entry_id=entry_id,
                account_id=ids[code],
                amount_minor=amount,
                currency=code.rsplit(":", 1)[1],
                booked_at=AT,
            )
        )


def _entry(conn: Connection, entry_id: str) -> None:
    conn.execute(
        insert(journal_entries).values(
            id=entry_id,
            external_key=f"key:{entry_id}",
            kind="test",
            description="",
            references={"test": entry_id},
            body_hash="0" * 64,
            occurred_at=AT,
            booked_at=AT,
            actor="sql",
        )
    )


RECEIPT = [("nostro:PARTNER:USD", 298_500), ("suspense:USD", -298_500)]


def _post(engine: Engine, entry_id: str, lines: list[tuple[str, int]]) -> None:
    with engine.begin() as conn:
        _postings(conn, entry_id, lines)
        _entry(conn, entry_id)


def _refused(engine: Engine, write: Callable[[Connection], object], match: str) -> None:
    """`write` (in one transaction, then commit) is refused with `match`; nothing stays."""
    before = _counts(engine)
    with engine.connect() as conn, pytest.raises(IntegrityError, match=match):  # noqa: PT012
        conn.begin()
        write(conn)
        conn.commit()
    assert _counts(engine) == before


def _counts(engine: Engine) -> tuple[object, ...]:
    with engine.connect() as conn:
        return tuple(
            conn.execute(text(sql)).scalar_one()
            for sql in (
                "SELECT COUNT(*) FROM journal_entries",
                "SELECT COUNT(*) FROM postings",
                "SELECT COALESCE(SUM(amount_minor * id), 0) FROM postings",
                "SELECT COUNT(*) FROM holds",
                "SELECT COALESCE(SUM(balance_minor * id), 0) FROM ledger_accounts",
            )
        )


def _count(engine: Engine, sql: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text(sql)).scalar_one())


# -- balance ------------------------------------------------------------------------------------
def test_a_balanced_entry_is_accepted(engine):
    _post(engine, "e1", RECEIPT)
    _post(
        engine,
        "e2",
        [
            ("suspense:USD", 100),
            ("wallet:mer_1:USD", -60),
            ("fx_position:USD", -40),
            ("nostro:PARTNER:EUR", 7),
            ("suspense:EUR", -7),
        ],
    )
    assert _count(engine, "SELECT COUNT(*) FROM journal_entries") == 2
    assert _count(engine, "SELECT COUNT(*) FROM postings") == 7


@pytest.mark.parametrize(
    "lines",
    [
        pytest.param([("nostro:PARTNER:USD", 298_500), ("suspense:USD", -298_499)], id="off-by-1"),
        pytest.param([("nostro:PARTNER:USD", 100), ("suspense:USD", 100)], id="two-debits"),
        pytest.param(
            [("nostro:PARTNER:USD", 100), ("suspense:EUR", -100)], id="zero-sum-across-currencies"
        ),
        pytest.param(
            [*RECEIPT, ("nostro:PARTNER:EUR", 5), ("suspense:EUR", -4)], id="one-currency-off"
        ),
    ],
)
def test_an_entry_whose_postings_do_not_balance_is_refused(engine, lines):
    _refused(
        engine, lambda conn: (_postings(conn, "bad", lines), _entry(conn, "bad")), "unbalanced"
    )


@pytest.mark.parametrize(
    "lines",
    [
        pytest.param([], id="no-postings"),
        pytest.param([("nostro:PARTNER:USD", 100)], id="one-posting"),
    ],
)
def test_an_entry_with_fewer_than_two_postings_is_refused(engine, lines):
    _refused(
        engine, lambda conn: (_postings(conn, "bad", lines), _entry(conn, "bad")), "unbalanced"
    )


def test_a_zero_posting_is_refused(engine):
    lines = [*RECEIPT, ("wallet:mer_1:USD", 0)]
    _refused(
        engine, lambda conn: (_postings(conn, "z", lines), _entry(conn, "z")), "not_zero|CHECK"
    )


def test_postings_cannot_be_added_to_a_posted_entry(engine):
    _post(engine, "e1", RECEIPT)
    for lines in (
        [("suspense:USD", 100), ("wallet:mer_1:USD", -100)],  # balanced on its own
        [("suspense:USD", 1)],
    ):
        _refused(engine, lambda conn, lines=lines: _postings(conn, "e1", lines), "posted entry")
    assert _count(engine, "SELECT COUNT(*) FROM postings WHERE entry_id = 'e1'") == 2


def test_postings_without_their_entry_fail_at_commit(engine):
    with engine.connect() as conn:
        conn.begin()
        _postings(conn, "never", RECEIPT)  # accepted for now: the entry may still come
        assert conn.execute(text("SELECT COUNT(*) FROM postings")).scalar_one() == 2
        with pytest.raises(IntegrityError, match=r"(?i)foreign key"):
            conn.commit()
        # SQLite keeps the transaction open after a refused COMMIT while SQLAlchemy considers it
        # over; drop this connection rather than hand it back to the pool mid-transaction.
        conn.invalidate()
    assert _count(engine, "SELECT COUNT(*) FROM postings") == 0


def test_entries_posted_in_one_batch_are_each_checked(engine):
    """Several entries in one statement: one unbalanced entry among balanced ones sinks them all."""

    def batch(conn: Connection) -> None:
        _postings(conn, "b1", RECEIPT)
        _postings(conn, "b2", [("nostro:PARTNER:USD", 5), ("suspense:USD", -4)])
        rows = [
            {
                "id": entry_id,
                "external_key": f"key:{entry_id}",
                "kind": "test",
                "description": "",
                "references": {},
                "body_hash": "0" * 64,
                "occurred_at": AT,
                "booked_at": AT,
                "actor": "sql",
            }
            for entry_id in ("b1", "b2")
        ]
        conn.execute(journal_entries.insert().values(rows))  # one multi-row INSERT

    _refused(engine, batch, "unbalanced")


# -- immutability -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE postings SET amount_minor = amount_minor WHERE entry_id = 'e1'",  # even a no-op
        (
            "UPDATE postings SET account_id = (SELECT id FROM ledger_accounts"
            " WHERE code = 'wallet:mer_1:USD') WHERE amount_minor < 0"
        ),
        "UPDATE postings SET entry_id = 'e2' WHERE amount_minor < 0",
        "UPDATE postings SET booked_at = booked_at",
        "DELETE FROM postings WHERE amount_minor < 0",
        "DELETE FROM journal_entries WHERE id = 'e2'",
        *(
            f'UPDATE journal_entries SET "{column}" = '
            + ("'other'" if column not in {"occurred_at", "booked_at"} else "booked_at")
            + " WHERE id = 'e1'"
            for column in SEALABLE_CONTENT["journal_entries"] or ()
            if column not in {"occurred_at", "booked_at"}
        ),
    ],
)
def test_posted_rows_cannot_change(engine, statement):
    _post(engine, "e1", RECEIPT)
    _post(engine, "e2", [("suspense:USD", 100), ("wallet:mer_1:USD", -100)])
    _refused(engine, lambda conn: conn.execute(text(statement)), "immutable|append-only")


def test_booking_times_cannot_be_moved(engine):
    _post(engine, "e1", RECEIPT)
    later = AT + timedelta(days=1)
    for column in ("occurred_at", "booked_at"):
        _refused(
            engine,
            lambda conn, column=column: conn.execute(
                journal_entries.update().where(journal_entries.c.id == "e1").values({column: later})
            ),
            "immutable",
        )


def test_sealing_columns_are_filled_once_and_never_changed(engine):
    _post(engine, "e1", RECEIPT)
    seal = {"seal_seq": 1, "prev_hash": "0" * 64, "hash": "a" * 64}
    with engine.begin() as conn:  # the sealer's one write: accepted
        conn.execute(journal_entries.update().where(journal_entries.c.id == "e1").values(seal))
    for change in (
        {"hash": "b" * 64},
        {"prev_hash": "c" * 64},
        {"seal_seq": 2},
        {"seal_seq": None, "prev_hash": None, "hash": None},
        {"description": "tampered"},
    ):
        _refused(
            engine,
            lambda conn, change=change: conn.execute(
                journal_entries.update().where(journal_entries.c.id == "e1").values(change)
            ),
            "immutable",
        )
    with engine.connect() as conn:
        row = conn.execute(text("SELECT seal_seq, prev_hash, hash FROM journal_entries")).one()
    assert tuple(row) == (1, "0" * 64, "a" * 64)


def test_sealing_cannot_smuggle_in_a_content_change(engine):
    _post(engine, "e1", RECEIPT)
    _refused(
        engine,
        lambda conn: conn.execute(
            journal_entries.update()
            .where(journal_entries.c.id == "e1")
            .values(seal_seq=1, prev_hash="0" * 64, hash="a" * 64, actor="someone else")
        ),
        "immutable",
    )


def test_audit_rows_are_sealed_once_too(engine):
    with engine.begin() as conn:
        conn.execute(
            insert(audit_log).values(
                event_id="evt_1",
                kind="test.happened",
                subject="s",
                actor="sql",
                payload={"a": 1},
                recorded_at=AT,
            )
        )
        conn.execute(audit_log.update().values(seal_seq=1, prev_hash="0" * 64, hash="a" * 64))
    for change in ({"hash": "b" * 64}, {"payload": {"a": 2}}):
        _refused(
            engine,
            lambda conn, change=change: conn.execute(audit_log.update().values(change)),
            "immutable",
        )
    _refused(engine, lambda conn: conn.execute(audit_log.delete()), "append-only|immutable")


# -- guarded balances and holds -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("code", "refused", "accepted"),
    [
        ("wallet:mer_1:USD", 1, -1),  # credit-normal: a positive stored balance is a debt to us
        ("suspense:USD", 1, -1),
        ("nostro:PARTNER:USD", -1, 1),  # debit-normal
    ],
)
def test_a_guarded_balance_cannot_be_stored_negative(engine, code, refused, accepted):
    def set_balance(value: int) -> Callable[[Connection], object]:
        return lambda conn: conn.execute(
            ledger_accounts.update()
            .where(ledger_accounts.c.code == code)
            .values(balance_minor=value)
        )

    _refused(engine, set_balance(refused), "no_negative_balance|CHECK")
    with engine.begin() as conn:
        set_balance(accepted)(conn)
    with engine.connect() as conn:
        stored = conn.execute(
            text("SELECT balance_minor FROM ledger_accounts WHERE code = :c"), {"c": code}
        ).scalar_one()
    assert stored == accepted


def test_an_account_that_may_go_negative_can(engine):
    with engine.begin() as conn:
        for value in (-5, 5):
            conn.execute(
                ledger_accounts.update()
                .where(ledger_accounts.c.code == "fx_position:USD")
                .values(balance_minor=value)
            )


def test_a_guarded_account_cannot_be_created_negative(engine):
    _refused(
        engine,
        lambda conn: conn.execute(
            insert(ledger_accounts).values(
                code="wallet:mer_2:USD",
                type="wallet",
                account_class="client",
                currency="USD",
                owner_id="mer_2",
                normal_side="credit",
                allow_negative=False,
                balance_minor=1,
                created_at=AT,
            )
        ),
        "no_negative_balance|CHECK",
    )


def _hold(
    kind: str, expires_at: datetime | None, amount: int = 100
) -> Callable[[Connection], None]:
    def write(conn: Connection) -> None:
        conn.execute(
            insert(holds).values(
                id=f"hld_{kind}_{amount}_{expires_at is not None}",
                account_id=_ids(conn)["suspense:USD"],
                amount_minor=amount,
                currency="USD",
                kind=kind,
                status="active",
                reference="pay_1",
                reason="test",
                created_at=AT,
                expires_at=expires_at,
            )
        )

    return write


def test_a_compliance_hold_with_an_expiry_is_refused(engine):
    _refused(engine, _hold("compliance", AT + timedelta(hours=1)), "compliance_never_expires|CHECK")
    with engine.begin() as conn:  # the same hold without an expiry, and a pending one with one
        _hold("compliance", None)(conn)
        _hold("pending", AT + timedelta(hours=1))(conn)
    assert _count(engine, "SELECT COUNT(*) FROM holds") == 2


def test_a_hold_must_be_for_a_positive_amount(engine):
    for amount in (0, -100):
        _refused(engine, _hold("pending", None, amount), "amount_positive|CHECK")
