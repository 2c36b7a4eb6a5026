"""Use cases of rule settings: what runs, and changing it with a logged reason."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from yipay.adapters.db.uow import UnitOfWork
from yipay.core.clock import Clock
from yipay.core.ids import new_id
from yipay.monitoring import rule_settings_repository as repo
from yipay.monitoring.domain import Rule, RuleMode
from yipay.monitoring.errors import RuleNotFound
from yipay.monitoring.events import RuleConfigured
from yipay.monitoring.rule_settings import RuleChange, change, in_force


@dataclass(frozen=True, slots=True)
class RuleInForce:
    rule: Rule
    mode: RuleMode
    parameters: dict[str, Decimal]
    revision: int  # 0: the catalogue's defaults, never changed


class RuleSettingsService:
    def __init__(
        self,
        clock: Clock,
        catalogue: Mapping[str, Rule],
        base: Mapping[str, Mapping[str, Decimal]] | None = None,
    ) -> None:
        self.clock = clock
        self.catalogue = catalogue
        self.base = base or {}  # the deployment's overrides (configuration), under the settings

    def rule(self, rule_id: str) -> Rule:
        found = self.catalogue.get(rule_id)
        if found is None:
            raise RuleNotFound(f"no rule {rule_id} in the catalogue")
        return found

    def in_force(self, uow: UnitOfWork) -> dict[str, RuleInForce]:
        """Every catalogue rule with the mode and parameters it runs with now."""
        stored = repo.settings(uow.connection)
        result = {}
        for rule_id, rule in self.catalogue.items():
            setting = stored.get(rule_id)
            mode, values = in_force(rule, setting, self.base.get(rule_id))
            result[rule_id] = RuleInForce(rule, mode, values, setting.revision if setting else 0)
        return result

    def configure(
        self,
        uow: UnitOfWork,
        rule_id: str,
        *,
        by: str,
        reason: str,
        mode: RuleMode | None = None,
        parameters: Mapping[str, str] | None = None,
    ) -> RuleChange:
        rule = self.rule(rule_id)
        current = repo.settings(uow.connection).get(rule_id)
        setting, log = change(
            rule,
            current,
            mode=mode,
            parameters=dict(parameters or {}),
            by=by,
            reason=reason,
            at=self.clock.now(),
            change_id=new_id("rulechange"),
            base=self.base.get(rule_id),
        )
        repo.save(uow.connection, setting, log)
        uow.publish(
            RuleConfigured(
                subject=rule_id,
                revision=log.revision,
                mode=log.mode_after.value,
                changed_by=by,
                change_id=log.id,
            )
        )
        return log

    def changes(self, uow: UnitOfWork, rule_id: str | None = None) -> list[RuleChange]:
        if rule_id is not None:
            self.rule(rule_id)
        return repo.changes(uow.connection, rule_id)
