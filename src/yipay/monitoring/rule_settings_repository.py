"""All SQL of rule settings and their change log."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Row, delete, insert, select

from yipay.monitoring.domain import RuleMode
from yipay.monitoring.rule_settings import RuleChange, RuleSetting
from yipay.monitoring.tables import rule_changes, rule_settings


def settings(conn: Connection) -> dict[str, RuleSetting]:
    return {
        row.rule_id: RuleSetting(
            rule_id=row.rule_id,
            mode=RuleMode(row.mode),
            overrides={k: Decimal(v) for k, v in row.overrides.items()},
            revision=row.revision,
            updated_by=row.updated_by,
            updated_at=row.updated_at,
        )
        for row in conn.execute(select(rule_settings))
    }


def save(conn: Connection, setting: RuleSetting, log: RuleChange) -> None:
    conn.execute(delete(rule_settings).where(rule_settings.c.rule_id == setting.rule_id))
    conn.execute(
        insert(rule_settings).values(
            rule_id=setting.rule_id,
            mode=setting.mode.value,
            overrides={k: str(v) for k, v in setting.overrides.items()},
            revision=setting.revision,
            updated_by=setting.updated_by,
            updated_at=setting.updated_at,
        )
    )
    conn.execute(
        insert(rule_changes).values(
            id=log.id,
            rule_id=log.rule_id,
            revision=log.revision,
            changed_by=log.changed_by,
            changed_at=log.changed_at,
            reason=log.reason,
            mode_before=log.mode_before.value,
            mode_after=log.mode_after.value,
            parameters_before=log.parameters_before,
            parameters_after=log.parameters_after,
        )
    )


def _change(row: Row[Any]) -> RuleChange:
    return RuleChange(
        id=row.id,
        rule_id=row.rule_id,
        revision=row.revision,
        changed_by=row.changed_by,
        changed_at=row.changed_at,
        reason=row.reason,
        mode_before=RuleMode(row.mode_before),
        mode_after=RuleMode(row.mode_after),
        parameters_before=dict(row.parameters_before),
        parameters_after=dict(row.parameters_after),
    )


def changes(conn: Connection, rule_id: str | None = None) -> list[RuleChange]:
    query = select(rule_changes).order_by(rule_changes.c.changed_at, rule_changes.c.id)
    if rule_id is not None:
        query = query.where(rule_changes.c.rule_id == rule_id)
    return [_change(row) for row in conn.execute(query)]
