"""The parameters and mode in force for each rule, and the log of every change to them.

The regulator inspects the model, not just its output: a rule's defaults live in the catalogue
(code, versioned), and what differs in production is a setting changed by a named person for a
stated reason, each change logged with the values before and after. A rule is first run in
`monitor` mode (evaluated and recorded, no alerts) and switched to `active` when its backtest
satisfies the analysts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation

from yipay.monitoring.domain import Rule, RuleMode
from yipay.monitoring.errors import InvalidRuleChange


@dataclass(frozen=True, slots=True)
class RuleSetting:
    """What differs from the catalogue for one rule (no row: the catalogue's defaults)."""

    rule_id: str
    mode: RuleMode
    overrides: dict[str, Decimal] = field(default_factory=dict)
    revision: int = 0
    updated_by: str = ""
    updated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class RuleChange:
    id: str
    rule_id: str
    revision: int
    changed_by: str
    changed_at: datetime
    reason: str
    mode_before: RuleMode
    mode_after: RuleMode
    parameters_before: dict[str, str]
    parameters_after: dict[str, str]


def in_force(
    rule: Rule, setting: RuleSetting | None, base: Mapping[str, Decimal] | None = None
) -> tuple[RuleMode, dict[str, Decimal]]:
    """The mode and the full parameter values a rule runs with: the catalogue's defaults, then
    the deployment's overrides (`base`, from configuration), then the logged settings."""
    if setting is None:
        return rule.mode, rule.values(base)
    return setting.mode, rule.values({**(base or {}), **setting.overrides})


def parse_value(rule: Rule, name: str, text: str) -> Decimal:
    known = {p.name for p in rule.parameters}
    if name not in known:
        raise InvalidRuleChange(
            f"rule {rule.id} has no parameter {name!r} (it has: {', '.join(sorted(known))})"
        )
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise InvalidRuleChange(f"{name}={text!r} is not a number") from None
    if not value.is_finite() or value < 0:
        raise InvalidRuleChange(f"{name}={text!r} must be a finite number ≥ 0")
    return value


def change(
    rule: Rule,
    current: RuleSetting | None,
    *,
    mode: RuleMode | None,
    parameters: dict[str, str],
    by: str,
    reason: str,
    at: datetime,
    change_id: str,
    base: Mapping[str, Decimal] | None = None,
) -> tuple[RuleSetting, RuleChange]:
    """The new setting and its log line; refuses an empty reason, an unknown parameter, a
    value that is not a number ≥ 0, and a change that changes nothing."""
    if not by.strip():
        raise InvalidRuleChange("a rule change needs the name of who makes it")
    if not reason.strip():
        raise InvalidRuleChange("a rule change needs a reason")
    mode_before, before = in_force(rule, current, base)
    defaults = rule.values(base)
    overrides = dict(current.overrides) if current else {}
    for name, text in parameters.items():
        value = parse_value(rule, name, text)
        if value == defaults[name]:
            overrides.pop(name, None)  # back to the catalogue's default
        else:
            overrides[name] = value
    mode_after = mode or mode_before
    after = rule.values({**(base or {}), **overrides})
    if mode_after == mode_before and after == before:
        raise InvalidRuleChange(f"nothing to change: rule {rule.id} already runs so")
    revision = (current.revision if current else 0) + 1
    setting = RuleSetting(rule.id, mode_after, overrides, revision, by, at)
    log = RuleChange(
        id=change_id,
        rule_id=rule.id,
        revision=revision,
        changed_by=by,
        changed_at=at,
        reason=reason.strip(),
        mode_before=mode_before,
        mode_after=mode_after,
        parameters_before={k: str(v) for k, v in before.items()},
        parameters_after={k: str(v) for k, v in after.items()},
    )
    return setting, log
