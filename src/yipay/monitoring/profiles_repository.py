"""All SQL of the real-time path's profile aggregates."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, insert, select, update

from yipay.monitoring.profiles import Member, Profile
from yipay.monitoring.tables import monitoring_profiles as profiles


def get(conn: Connection, rule_id: str, subject_id: str, window_no: int) -> Profile | None:
    """The profile, locked for update where the database can (PostgreSQL): two payments of
    one subject evaluated at once must not both count from the same members."""
    row = conn.execute(
        select(profiles)
        .where(profiles.c.rule_id == rule_id)
        .where(profiles.c.subject_id == subject_id)
        .where(profiles.c.window_no == window_no)
        .with_for_update()
    ).first()
    return None if row is None else _profile(row)


def _profile(row: Row[Any]) -> Profile:
    return Profile(
        rule_id=row.rule_id,
        subject_id=row.subject_id,
        window_no=row.window_no,
        basis=row.basis,
        members=tuple(Member(p, c, usd) for p, c, usd in row.members),
    )


def _values(profile: Profile, at: datetime) -> dict[str, Any]:
    return {
        "basis": profile.basis,
        "payment_count": profile.count,
        "total_usd_minor": profile.total_usd_minor,
        "members": [[m.payment_id, m.counterparty_id, m.amount_usd_minor] for m in profile.members],
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
