"""Backtesting: a candidate version of a rule (other parameter values) run over the same history
as the version in force, in monitor mode, and the two compared before anyone switches.

Alerts are compared by id (one per rule, subject and window), evidence by transaction id; a
candidate that changes a window length changes its alert ids, so the transaction overlap is
the comparison that always means something.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from yipay.alerts.domain import Alert


@dataclass(frozen=True, slots=True)
class Side:
    parameters: dict[str, str]
    alerts: int
    transactions: int


@dataclass(frozen=True, slots=True)
class Comparison:
    rule_id: str
    in_force: Side
    candidate: Side
    alerts_in_both: int
    alerts_only_in_force: int
    alerts_only_candidate: int
    transactions_in_both: int
    transactions_only_in_force: int
    transactions_only_candidate: int

    @property
    def transaction_overlap(self) -> float | None:
        """Jaccard overlap of the two versions' evidencing transactions (None: neither flags)."""
        union = (
            self.transactions_in_both
            + self.transactions_only_in_force
            + self.transactions_only_candidate
        )
        return self.transactions_in_both / union if union else None


def compare(
    rule_id: str,
    in_force: tuple[Mapping[str, Decimal], Iterable[Alert]],
    candidate: tuple[Mapping[str, Decimal], Iterable[Alert]],
) -> Comparison:
    (now_params, now_alerts), (new_params, new_alerts) = in_force, candidate
    now = {a.id: a for a in now_alerts}
    new = {a.id: a for a in new_alerts}
    now_txns = {t for a in now.values() for t in a.evidence}
    new_txns = {t for a in new.values() for t in a.evidence}
    return Comparison(
        rule_id=rule_id,
        in_force=Side({k: str(v) for k, v in now_params.items()}, len(now), len(now_txns)),
        candidate=Side({k: str(v) for k, v in new_params.items()}, len(new), len(new_txns)),
        alerts_in_both=len(now.keys() & new.keys()),
        alerts_only_in_force=len(now.keys() - new.keys()),
        alerts_only_candidate=len(new.keys() - now.keys()),
        transactions_in_both=len(now_txns & new_txns),
        transactions_only_in_force=len(now_txns - new_txns),
        transactions_only_candidate=len(new_txns - now_txns),
    )
