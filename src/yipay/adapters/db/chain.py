"""Sealing and reading hash-chained tables (audit log, journal entries) with one sealer at a time.

A table in a chain has nullable `seal_seq` (unique), `prev_hash` and `hash` columns, filled once
by the sealer after the row's own transaction committed; triggers forbid any other change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, Connection, Row, Table, func, select, text, update

from yipay.adapters.db.uow import UnitOfWork
from yipay.core.chain import GENESIS, Link, link_hash


@dataclass(frozen=True)
class ChainTable:
    table: Table
    order_by: Column[Any]  # insertion order, for picking up unsealed rows
    lock_key: int  # PostgreSQL advisory lock: one sealer per chain
    content: Callable[[Row[Any]], str]
    label: Callable[[Row[Any]], str]


def _try_lock(conn: Connection, key: int) -> bool:
    """SQLite's write lock (BEGIN IMMEDIATE) already serialises sealers."""
    if conn.dialect.name != "postgresql":
        return True
    return bool(conn.execute(text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": key}).scalar())


def seal(conn: Connection, chain: ChainTable, batch: int) -> int | None:
    """Seal up to `batch` committed rows; None when another sealer holds the lock."""
    t = chain.table
    if not _try_lock(conn, chain.lock_key):
        return None
    last = conn.execute(
        select(t.c.seal_seq, t.c.hash)
        .where(t.c.seal_seq.is_not(None))
        .order_by(t.c.seal_seq.desc())
        .limit(1)
    ).first()
    seq, prev = (int(last.seal_seq), str(last.hash)) if last else (0, GENESIS)
    rows = conn.execute(
        select(t).where(t.c.seal_seq.is_(None)).order_by(chain.order_by).limit(batch)
    ).all()
    key = next(iter(t.primary_key.columns))
    for row in rows:
        seq += 1
        digest = link_hash(prev, seq, chain.content(row))
        conn.execute(
            update(t)
            .where(key == getattr(row, key.name), t.c.seal_seq.is_(None))
            .values(seal_seq=seq, prev_hash=prev, hash=digest)
        )
        prev = digest
    return len(rows)


def links(conn: Connection, chain: ChainTable, batch: int = 5000) -> Iterator[Link]:
    t = chain.table
    last = 0
    while True:
        rows = conn.execute(
            select(t).where(t.c.seal_seq > last).order_by(t.c.seal_seq).limit(batch)
        ).all()
        if not rows:
            return
        for row in rows:
            yield Link(
                int(row.seal_seq), chain.label(row), chain.content(row), row.prev_hash, row.hash
            )
        last = int(rows[-1].seal_seq)


def unsealed(conn: Connection, chain: ChainTable) -> int:
    t = chain.table
    query = select(func.count()).select_from(t).where(t.c.seal_seq.is_(None))
    return int(conn.execute(query).scalar_one())


def seal_all(uow_factory: Callable[[], UnitOfWork], table: ChainTable, batch: int = 2000) -> int:
    """Seal committed, unsealed rows of a chain in batches; returns how many were sealed."""
    total = 0
    while True:
        with uow_factory() as uow:
            sealed = seal(uow.connection, table, batch)
            if sealed is None:  # another sealer is at work
                return total
            uow.commit()
        total += sealed
        if sealed < batch:
            return total
