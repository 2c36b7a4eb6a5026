"""Profile aggregates: what the windowed rules keep per subject and window between payments.

The batch SQL of a windowed rule (structuring, fan-in/out, velocity) groups the whole history
by (subject, tumbling window). Its real-time twin cannot rescan history inside a request, so
each monitored payment is counted once into the profile of every (rule, subject, window) it
enters; the twin then reads that profile and returns the evidence rows the batch SQL would
return for the history seen so far. Tumbling windows make this order-free: a profile holds the
same members whatever order the payments were evaluated in.

The same profiles keep the evidence of the per-payment rules (third-party payers, jurisdictions)
and of the trade rules (collections beyond a trade's amount): an alert is one per subject and
window, and its score and explanation name every evidencing payment of that window, so a twin
must return them all, not only the payment at hand. Their members carry their own `measure`
(the row's measure in the SQL). A twin that needs more than the payment (the trade's other
collections, whether the payer has collected before) asks a `History`, which the service answers
from the database as the batch export would.

Pure: no storage here (`profiles_repository` keeps them), so the update rules are unit-tested.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import ROUND_FLOOR, Decimal
from typing import Protocol

from yipay.monitoring.domain import TradeFacts, Transaction
from yipay.monitoring.portable import Evidence


@dataclass(frozen=True, slots=True)
class Member:
    """One payment counted in a profile, with what the rules read of it."""

    payment_id: str
    counterparty_id: str  # the other side: the payee for a payer's profile, and vice versa
    amount_usd_minor: int | None  # None when no reference rate was known (counts, adds 0)
    measure: int | None = None  # the member's own evidence measure, for twins that keep one


@dataclass(frozen=True, slots=True)
class Entry:
    """Where one payment enters a rule's profiles: a subject, a window, as a member."""

    subject_id: str
    window_no: int
    member: Member

    @classmethod
    def found(
        cls, row: Evidence | None, counterparty_id: str, amount_usd_minor: int | None
    ) -> list[Entry]:
        """A per-payment rule's evidence row (or none) as the payment's entry, keeping the
        row's own measure."""
        if row is None:
            return []
        member = Member(row.txn_id, counterparty_id, amount_usd_minor, row.measure)
        return [cls(row.subject_id, row.window_no, member)]


@dataclass(frozen=True, slots=True)
class Profile:
    """One (rule, subject, window): its members, each payment once, sorted by payment id.

    `basis` names the parameter values that decided membership and windows; a profile kept
    under other values is not this rule's profile any more (see `record`).
    """

    rule_id: str
    subject_id: str
    window_no: int
    basis: str
    members: tuple[Member, ...] = ()

    @property
    def count(self) -> int:
        return len(self.members)

    @property
    def total_usd_minor(self) -> int:
        """The members' USD total; members without a rate add nothing (SQL's SUM skips NULL)."""
        return sum(m.amount_usd_minor for m in self.members if m.amount_usd_minor is not None)

    @property
    def counterparties(self) -> int:
        """Distinct counterparties among the members."""
        return len({m.counterparty_id for m in self.members})

    def payment_ids(self) -> tuple[str, ...]:
        return tuple(m.payment_id for m in self.members)

    def holds(self, payment_id: str) -> bool:
        return any(m.payment_id == payment_id for m in self.members)

    def evidence(self, measure: int) -> list[Evidence]:
        """Every member as an evidence row of this subject and window with `measure`."""
        return [
            Evidence(self.subject_id, self.window_no, m.payment_id, measure) for m in self.members
        ]

    def own_evidence(self) -> list[Evidence]:
        """Every member as an evidence row with its own measure (members that carry one)."""
        rows = []
        for m in self.members:
            if m.measure is None:
                raise ValueError(f"profile member {m.payment_id} of {self.rule_id} has no measure")
            rows.append(Evidence(self.subject_id, self.window_no, m.payment_id, m.measure))
        return rows


def basis(params: Mapping[str, Decimal], names: Sequence[str]) -> str:
    """The values of the parameters that decide membership, as `name=value,…` (normalised)."""
    return ",".join(f"{name}={params[name].normalize()}" for name in sorted(names))


def record(
    current: Profile | None, rule_id: str, entry: Entry, profile_basis: str
) -> Profile | None:
    """The profile with `entry` counted, or None when nothing changes.

    A payment evaluated twice (the outbox may deliver an event again) counts once, as first
    counted; only a member that carries its own measure is replaced when that has changed (a
    trade's collection is further over once an earlier one is matched after it). A profile kept
    under another basis (a window or membership parameter changed since) starts afresh: its
    members were chosen by other rules than the ones in force.
    """
    new = entry.member
    if current is None or current.basis != profile_basis:
        current = Profile(rule_id, entry.subject_id, entry.window_no, profile_basis)
    elif current.holds(new.payment_id) and (new.measure is None or new in current.members):
        return None
    kept = (m for m in current.members if m.payment_id != new.payment_id)
    members = sorted((*kept, new), key=lambda m: m.payment_id)
    return replace(current, members=tuple(members))


def tumbling_window(day_no: int, days: Decimal) -> int:
    """`CAST(FLOOR(day_no / :window_days) AS BIGINT)` exactly, for any positive `days`."""
    return int((Decimal(day_no) / days).to_integral_value(rounding=ROUND_FLOOR))


def per_mille(value: int, trigger: Decimal) -> int:
    """`FLOOR(value * 1000 / trigger)` in exact arithmetic."""
    return int((Decimal(value) * 1000 / trigger).to_integral_value(rounding=ROUND_FLOOR))


class History(Protocol):
    """What a twin may ask beyond the payment itself, about the payments monitored so far (the
    payment at hand included), answered as the batch export would answer over them."""

    def collected_before(self, payer_id: str, at: datetime) -> bool:
        """Whether the payer has a collection received before `at`."""

    def trade(self, trade_id: str) -> TradeFacts | None:
        """The trade as the export writes it (USD equivalent at the trade date's rate)."""

    def trade_collections(self, trade_id: str) -> Sequence[Transaction]:
        """Every collection whose (first) trade is `trade_id`, in any order."""


@dataclass(frozen=True, slots=True)
class WindowedTwin:
    """The real-time twin of a batch rule, over profiles per (subject, window).

    `entries` says which profiles a payment enters (none when the rule ignores it), asking the
    history where the payment alone does not say; `evidence` turns a profile into the rows the
    batch SQL returns for that subject and window (none below the trigger). `basis_parameters`
    are the parameters that decide either; `basis_extra` names anything else that does (the
    content of a lookup table).
    """

    rule_id: str
    basis_parameters: tuple[str, ...]
    entries: Callable[[Transaction, Mapping[str, Decimal], History], list[Entry]]
    evidence: Callable[[Profile, Mapping[str, Decimal]], list[Evidence]]
    basis_extra: str = ""

    def basis(self, params: Mapping[str, Decimal]) -> str:
        found = basis(params, self.basis_parameters)
        return f"{found},{self.basis_extra}" if self.basis_extra else found


def own_evidence(profile: Profile, _params: Mapping[str, Decimal]) -> list[Evidence]:
    """The evidence of a twin whose profiles hold only evidencing payments, each with its own
    measure: all of them."""
    return profile.own_evidence()
