"""Facts about monitoring's model: a rule's settings changed."""

from __future__ import annotations

from dataclasses import dataclass

from yipay.core.events import DomainEvent


@dataclass(frozen=True, kw_only=True)
class RuleConfigured(DomainEvent):
    """A rule's mode or parameters changed (subject: the rule id); the log row has the values."""

    name = "monitoring.rule_configured"
    revision: int
    mode: str
    changed_by: str
    change_id: str
