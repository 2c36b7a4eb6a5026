"""How well the catalogue finds labelled laundering: precision, recall and F1 at transaction level.

A transaction is *flagged* when it is evidence of at least one alert; it is *laundering* when the
simulator's labels say so. Counts are added up over every dataset before any ratio is taken
(micro-averaging), so a small set cannot swing the result.

- Overall: precision = flagged laundering / flagged; recall = flagged laundering / laundering.
- Per typology T (DOMAIN.md 1–11): recall = T's laundering transactions flagged by *any* rule /
  T's laundering transactions (what the system catches, whichever rule caught it); precision =
  transactions flagged by T's rules that are laundering of any typology / flagged by T's rules
  (what an analyst reviewing T's alerts finds); flagged per 1,000 = T's rules' flagged
  transactions per 1,000 transactions.
- Overall and per typology count only *active* rules: a rule in monitor mode raises no alert,
  so nothing it flags reaches an analyst or catches anything.
- Per rule (monitor-mode rules too: an evaluation is how a rule earns its way to active): the
  same precision and flagged per 1,000, and the laundering of its own typology it
  catches — so each rule gets its own line.
- Per pattern (the simulator's finer names): recall only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Labels:
    """One dataset's ground truth: each laundering transaction's typology and pattern."""

    transactions: int  # all transactions in the dataset
    typology: Mapping[str, int]  # txn_id → typology, laundering only
    pattern: Mapping[str, str]  # txn_id → pattern name


@dataclass(frozen=True, slots=True)
class RuleFlags:
    """What one rule flagged in one dataset."""

    rule_id: str
    typology: int
    txn_ids: frozenset[str]
    alerts: int
    active: bool = True  # False: monitor mode, scored on its own line only


@dataclass(slots=True)
class Tally:
    """Counts behind one line of the report."""

    name: str
    positives: int = 0  # laundering transactions this line is about (0: not a recall line)
    caught: int = 0  # … of them flagged
    flagged: int = 0  # transactions flagged by this line's rules
    flagged_laundering: int = 0  # … of them laundering (any typology)
    alerts: int = 0
    transactions: int = 0

    @property
    def recall(self) -> float | None:
        return self.caught / self.positives if self.positives else None

    @property
    def precision(self) -> float | None:
        return self.flagged_laundering / self.flagged if self.flagged else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None or p + r == 0:
            return None if p is None or r is None else 0.0
        return 2 * p * r / (p + r)

    @property
    def per_1000(self) -> float:
        return 1000 * self.flagged / self.transactions if self.transactions else 0.0


@dataclass(slots=True)
class Report:
    datasets: int = 0
    transactions: int = 0
    overall: Tally = field(default_factory=lambda: Tally("overall"))
    typologies: dict[int, Tally] = field(default_factory=dict)
    rules: dict[str, Tally] = field(default_factory=dict)
    patterns: dict[str, Tally] = field(default_factory=dict)


def add(report: Report, labels: Labels, flags: Iterable[RuleFlags]) -> Report:
    """Add one dataset's labels and rule flags to `report` (returned for chaining)."""
    flags = list(flags)
    report.datasets += 1
    report.transactions += labels.transactions
    laundering = labels.typology
    everything: set[str] = set()
    by_typology: dict[int, set[str]] = defaultdict(set)
    alerts_by_typology: dict[int, int] = defaultdict(int)
    for f in flags:
        if f.active:
            everything |= f.txn_ids
            by_typology[f.typology] |= f.txn_ids
            alerts_by_typology[f.typology] += f.alerts
        line = report.rules.setdefault(f.rule_id, Tally(f.rule_id))
        own = {t for t, ty in laundering.items() if ty == f.typology}
        _count(line, f.txn_ids, laundering, own, labels.transactions, f.alerts)
    positives_by_typology: dict[int, set[str]] = defaultdict(set)
    for txn, typology in laundering.items():
        positives_by_typology[typology].add(txn)
    for typology in sorted(set(positives_by_typology) | set(by_typology)):
        line = report.typologies.setdefault(typology, Tally(f"typology {typology}"))
        flagged = by_typology.get(typology, set())
        _count(line, flagged, laundering, set(), labels.transactions, alerts_by_typology[typology])
        positives = positives_by_typology.get(typology, set())
        line.positives += len(positives)
        line.caught += len(positives & everything)  # whichever rule caught it
    for pattern in sorted(set(labels.pattern.values())):
        line = report.patterns.setdefault(pattern, Tally(pattern))
        positives = {t for t, p in labels.pattern.items() if p == pattern}
        line.positives += len(positives)
        line.caught += len(positives & everything)
    _count(
        report.overall,
        everything,
        laundering,
        set(laundering),
        labels.transactions,
        sum(f.alerts for f in flags if f.active),
    )
    return report


def _count(
    line: Tally,
    flagged: set[str] | frozenset[str],
    laundering: Mapping[str, int],
    positives: set[str],
    transactions: int,
    alerts: int,
) -> None:
    line.positives += len(positives)
    line.caught += len(positives & flagged)
    line.flagged += len(flagged)
    line.flagged_laundering += sum(1 for t in flagged if t in laundering)
    line.alerts += alerts
    line.transactions += transactions
