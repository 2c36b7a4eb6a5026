"""All SQL of the real-time path's profile aggregates."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, insert, select, tuple_, update

from yipay.monitoring.profiles import Member, Profile
from yipay.monitoring.tables import monitoring_profiles as profiles

Key = tuple[str, str, int]  # (rule id, subject id, window_no)


def get_many(conn: Connection, keys: Sequence[Key]) -> dict[Key, Profile]:
    """The stored profiles of these keys, in one query, locked for update where the database
    can (PostgreSQL): two payments of one subject evaluated at once must not both count from
    the same members."""
    if not keys:
        return {}
    rows = conn.execute(
        select(profiles)
        .where(tuple_(profiles.c.rule_id, profiles.c.subject_id, profiles.c.window_no).in_(keys))
        .with_for_update()
    )
    found = (_profile(row) for row in rows)
    return {(p.rule_id, p.subject_id, p.window_no): p for p in found}


def _profile(row: Row[Any]) -> Profile:
    return Profile(
        rule_id=row.rule_id,
        subject_id=row.subject_id,
        window_no=row.window_no,
        basis=row.basis,
        members=tuple(Member(*member) for member in row.members),
    )


def _member(m: Member) -> list[Any]:
    """[payment id, counterparty, usd or null] and, for members that carry one, the measure."""
    kept: list[Any] = [m.payment_id, m.counterparty_id, m.amount_usd_minor]
    return kept if m.measure is None else [*kept, m.measure]


def _values(profile: Profile, at: datetime) -> dict[str, Any]:
    return {
        "basis": profile.basis,
        "payment_count": profile.count,
        "total_usd_minor": profile.total_usd_minor,
        "members": [_member(m) for m in profile.members],
        "updated_at": at,
    }


def save(conn: Connection, profile: Profile, *, existed: bool, at: datetime) -> None:
    if existed:
        conn.execute(
            update(profiles)
            .where(profiles.c.rule_id == profile.rule_id)
            .where(profiles.c.subject_id == profile.subject_id)
            .where(profiles.c.window_no == profile.window_no)
            .values(**_values(profile, at))
        )
        return
    conn.execute(
        insert(profiles).values(
            rule_id=profile.rule_id,
            subject_id=profile.subject_id,
            window_no=profile.window_no,
            **_values(profile, at),
        )
    )


def all_profiles(conn: Connection) -> list[Profile]:
    """Every profile, in key order (tests and inspection)."""
    order = (profiles.c.rule_id, profiles.c.subject_id, profiles.c.window_no)
    return [_profile(row) for row in conn.execute(select(profiles).order_by(*order))]
