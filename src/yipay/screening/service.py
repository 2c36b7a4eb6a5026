"""Screening use cases: every payer before money leaves suspense, merchants and buyers when they
register and whenever a list changes; analysts' decisions remembered.

A hit on a payer puts a compliance hold on the money and raises a screening alert (the one alerts
model); the merchant sees only "under review". An analyst clears a hit (the pair is remembered
and re-opened if either side changes) or confirms it (the money stays frozen, the alert is
escalated).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from yipay.adapters.db.uow import UnitOfWork
from yipay.alerts.domain import Alert, AlertSource, AlertStatus, alert_id
from yipay.alerts.service import AlertService
from yipay.core.clock import Clock, RegulatoryCalendar
from yipay.payments.domain import Payment, PaymentStatus
from yipay.payments.service import PaymentService
from yipay.screening import decisions_repository as decisions
from yipay.screening.domain import (
    NAME_RULE_ID,
    NAME_RULE_VERSION,
    RULE_ID,
    RULE_VERSION,
    Decision,
    JurisdictionList,
    NameHit,
    jurisdiction_hits,
    still_open,
    subject_hash,
)

if TYPE_CHECKING:
    from yipay.parties.service import PartyService
    from yipay.screening.index import Hit, NameIndex
    from yipay.screening.index_store import IndexStore
    from yipay.screening.lists import ListEntry
    from yipay.screening.lists_service import WatchlistService

HOLD_REASON = "compliance review"
RESCREEN_OWN_INDEX = 500  # changed entries up to which a re-screen builds its own small index


def _refs(hits: Sequence[NameHit]) -> tuple[str, ...]:
    """A party alert's evidence when no payment is involved: the list entries it hit."""
    return tuple(sorted(f"{h.source}:{h.entry_id}" for h in hits))


@dataclass(frozen=True, slots=True)
class Query:
    """A name to screen, with what else is known about it (all optional)."""

    name: str
    kind: str | None = None
    country: str | None = None
    birth_date: str | None = None


class ScreeningService:
    def __init__(
        self,
        clock: Clock,
        calendar: RegulatoryCalendar,
        payments: PaymentService,
        alerts: AlertService,
        embargoed: JurisdictionList,
        *,
        parties: PartyService | None = None,
        watchlists: WatchlistService | None = None,
        index_store: IndexStore | None = None,
        threshold: float | None = None,
    ) -> None:
        self.clock = clock
        self.calendar = calendar
        self.payments = payments
        self.alerts = alerts
        self.embargoed = embargoed
        self.parties = parties
        self.watchlists = watchlists
        self.index_store = index_store
        self.threshold = threshold

    # -- names ------------------------------------------------------------------------------
    def index(self, uow: UnitOfWork) -> NameIndex | None:
        return self.index_store.current(uow) if self.index_store is not None else None

    def search(
        self, uow: UnitOfWork, query: Query, *, index: NameIndex | None = None, limit: int = 5
    ) -> list[NameHit]:
        """Every list entry the name matches at the threshold, best first."""
        index = index or self.index(uow)
        if index is None or not query.name.strip():
            return []
        found = index.search(
            query.name,
            kind=query.kind,
            country=query.country,
            birth_date=query.birth_date,
            threshold=self.threshold,
            limit=limit,
        )
        return self._hits(uow, found)

    def _hits(self, uow: UnitOfWork, found: Sequence[Hit]) -> list[NameHit]:
        keys = [(h.source, h.entry_id) for h in found]
        hashes = self.watchlists.content_hashes(uow, keys) if self.watchlists else {}
        return [
            NameHit(
                source=h.source,
                entry_id=h.entry_id,
                entry_name=h.entry_name,
                matched_name=h.matched_name,
                score=h.score,
                explanation=h.explanation,
                entry_hash=hashes.get((h.source, h.entry_id), ""),
            )
            for h in found
        ]

    def listed_banks(self, uow: UnitOfWork, bics: Sequence[str | None]) -> list[NameHit]:
        """List entries of banks the payment was routed through (BIC in the list's remarks)."""
        index = self.index(uow)
        if index is None:
            return []
        found = [index.bank(bic) for bic in dict.fromkeys(bics)]
        return self._hits(uow, [h for h in found if h is not None])

    def open_hits(
        self, uow: UnitOfWork, subject_type: str, subject_id: str, query: Query
    ) -> list[NameHit]:
        """Hits that no standing analyst decision covers."""
        hits = self.search(uow, query)
        if not hits:
            return []
        known = decisions.decisions_for(uow.connection, subject_type, subject_id)
        return still_open(hits, query.name, known)

    # -- the payment path -------------------------------------------------------------------
    def screen_payment(self, uow: UnitOfWork, payment_id: str) -> list[str]:
        """Hold the money and raise a screening alert on a hit; otherwise pass it to suspense."""
        payment = self.payments.get(uow, payment_id, lock=True)
        if payment.status is not PaymentStatus.RECEIVED:
            return []
        places = jurisdiction_hits(
            self.embargoed, payment.payer.country, [payment.payer.bic, payment.debtor_agent_bic]
        )
        names = self.open_hits(
            uow, "payer", payment.payer_id, Query(payment.payer.name, None, payment.payer.country)
        )
        banks = self.listed_banks(uow, [payment.payer.bic, payment.debtor_agent_bic])
        places += [f"bank {h.matched_name} is listed: {h.source} {h.entry_id} {h.entry_name!r}"
                   for h in banks]  # fmt: skip
        reasons = places + [h.describe() for h in names]
        if not reasons:
            self.payments.clear_screening(uow, payment_id)
            return []
        self.payments.hold(uow, payment_id, f"{HOLD_REASON}: " + "; ".join(reasons))
        if places:
            self._jurisdiction_alert(uow, payment, places)
        if names:
            self._name_alert(uow, "payer", payment.payer_id, names, (payment.id,))
        return reasons

    def clear_payment(self, uow: UnitOfWork, payment_id: str, *, by: str, reason: str) -> Payment:
        """The analyst judges the hits false: remember each pair, release the money."""
        payment = self.payments.get(uow, payment_id, lock=True)
        self._decide(uow, payment, "cleared", by=by, reason=reason)
        return self.payments.release(uow, payment_id, by=by, reason=reason)

    def confirm_payment(self, uow: UnitOfWork, payment_id: str, *, by: str, reason: str) -> Payment:
        """The analyst confirms a hit: the money stays frozen and the alert is escalated."""
        payment = self.payments.get(uow, payment_id, lock=True)
        self._decide(uow, payment, "confirmed", by=by, reason=reason)
        return self.payments.freeze(uow, payment_id, by=by, reason=reason)

    def _decide(
        self, uow: UnitOfWork, payment: Payment, decision: str, *, by: str, reason: str
    ) -> None:
        if payment.status is not PaymentStatus.HELD:
            return  # the payments service names the illegal move
        query = Query(payment.payer.name, None, payment.payer.country)
        hits = self.open_hits(uow, "payer", payment.payer_id, query)
        mine = subject_hash(query.name)
        decisions.record(
            uow.connection,
            subject_type="payer",
            subject_id=payment.payer_id,
            decisions=[Decision(h.source, h.entry_id, mine, h.entry_hash, decision) for h in hits],
            reason=reason,
            by=by,
            at=self.clock.now(),
        )
        status = AlertStatus.CLOSED if decision == "cleared" else AlertStatus.ESCALATED
        for found in self.alerts.find(uow, subject_id=payment.payer_id, limit=50):
            if found.source is AlertSource.SCREENING and payment.id in found.evidence:
                self.alerts.set_status(uow, found.id, status)

    # -- parties ----------------------------------------------------------------------------
    def screen_party(
        self,
        uow: UnitOfWork,
        subject_type: str,
        subject_id: str,
        names: Sequence[str],
        *,
        kind: str | None = None,
        country: str | None = None,
        index: NameIndex | None = None,
        alert: bool = True,
    ) -> list[NameHit]:
        """Screen a merchant, buyer or payer by each of its names; raise one alert on a hit,
        evidenced by the list entries hit (a party screened outside a payment has no
        transaction to show)."""
        hits: dict[tuple[str, str], NameHit] = {}
        known = decisions.decisions_for(uow.connection, subject_type, subject_id)
        for name in dict.fromkeys(n for n in names if n and n.strip()):
            found = self.search(uow, Query(name, kind, country), index=index)
            for hit in still_open(found, name, known):
                if hit.key not in hits or hits[hit.key].score < hit.score:
                    hits[hit.key] = hit
        found_hits = list(hits.values())
        if found_hits and alert:
            self._name_alert(uow, subject_type, subject_id, found_hits, _refs(found_hits))
        return found_hits

    def screen_merchant(self, uow: UnitOfWork, merchant_id: str) -> list[NameHit]:
        assert self.parties is not None
        m = self.parties.merchant(uow, merchant_id)
        kind = "person" if m.identity.party_type.value == "natural_person" else "organization"
        return self.screen_party(
            uow, "merchant", m.id, [m.legal_name, m.name_latin], kind=kind, country="CN"
        )

    def screen_buyer(self, uow: UnitOfWork, buyer_id: str) -> list[NameHit]:
        assert self.parties is not None
        b = self.parties.buyer(uow, buyer_id)
        kind = "person" if b.identity.party_type.value == "natural_person" else "organization"
        return self.screen_party(
            uow, "buyer", b.id, [b.name, b.name_latin], kind=kind, country=b.country
        )

    def rescreen(self, uow: UnitOfWork, entries: Sequence[ListEntry]) -> int:
        """After a list import: every party against the entries that were added or changed only
        (a small index of them), payers' money still in suspense held on a hit. Returns hits."""
        if not entries or self.parties is None:
            return 0
        from yipay.screening.index import NameIndex

        # a few changed entries get an index of their own; a whole new list is the full index
        index = (
            NameIndex.build(list(entries))
            if len(entries) <= RESCREEN_OWN_INDEX
            else self.index(uow)
        )
        total = 0
        for m in self.parties.merchants(uow, limit=1_000_000):
            total += len(
                self.screen_party(uow, "merchant", m.id, [m.legal_name, m.name_latin], index=index)
            )
        for b in self.parties.buyers(uow, limit=1_000_000):
            total += len(
                self.screen_party(
                    uow, "buyer", b.id, [b.name, b.name_latin], country=b.country, index=index
                )
            )
        for p in self.parties.payers(uow):
            hits = self.screen_party(
                uow, "payer", p.id, [p.name], country=p.country, index=index, alert=False
            )
            if hits:
                total += len(hits)
                held = self._hold_waiting_money(uow, p.id, hits)
                self._name_alert(uow, "payer", p.id, hits, held or _refs(hits))
        return total

    def _hold_waiting_money(
        self, uow: UnitOfWork, payer_id: str, hits: list[NameHit]
    ) -> tuple[str, ...]:
        """Hold the payer's money still in suspense (not yet matched); the ids held."""
        waiting = self.payments.find(
            uow, statuses=[PaymentStatus.SUSPENSE], payer_id=payer_id, limit=None
        )
        reason = f"{HOLD_REASON}: " + "; ".join(h.describe() for h in hits)
        for payment in waiting:
            self.payments.hold(uow, payment.id, reason)
        return tuple(p.id for p in waiting)

    # -- alerts -----------------------------------------------------------------------------
    def _window(self, at: datetime) -> tuple[datetime, datetime]:
        return self.calendar.day_bounds(self.calendar.day_of(at))

    def _jurisdiction_alert(self, uow: UnitOfWork, payment: Payment, places: list[str]) -> None:
        start, end = self._window(payment.received_at)
        now = self.clock.now()
        self.alerts.raise_alert(
            uow,
            Alert(
                id=alert_id(AlertSource.SCREENING, RULE_ID, payment.payer_id, start),
                source=AlertSource.SCREENING,
                rule_id=RULE_ID,
                rule_version=RULE_VERSION,
                parameters={
                    "list_version": self.embargoed.version,
                    "countries": ",".join(sorted(self.embargoed.countries)),
                },
                subject_type="payer",
                subject_id=payment.payer_id,
                window_start=start,
                window_end=end,
                evidence=(payment.id,),
                score=Decimal(1),
                explanation="; ".join(places),
                status=AlertStatus.OPEN,
                created_at=now,
                updated_at=now,
            ),
        )

    def _name_alert(
        self,
        uow: UnitOfWork,
        subject_type: str,
        subject_id: str,
        hits: list[NameHit],
        evidence: tuple[str, ...],
    ) -> None:
        from yipay.screening.matcher import MATCHER_VERSION

        now = self.clock.now()
        start, end = self._window(now)
        best = max(hits, key=lambda h: h.score)
        versions = self.watchlists.latest_versions(uow) if self.watchlists is not None else {}
        self.alerts.raise_alert(
            uow,
            Alert(
                id=alert_id(AlertSource.SCREENING, NAME_RULE_ID, subject_id, start),
                source=AlertSource.SCREENING,
                rule_id=NAME_RULE_ID,
                rule_version=NAME_RULE_VERSION,
                parameters={
                    "matcher_version": MATCHER_VERSION,
                    "threshold": str(self.threshold) if self.threshold is not None else "default",
                    "list_versions": ",".join(f"{s}={v}" for s, v in sorted(versions.items())),
                },
                subject_type=subject_type,
                subject_id=subject_id,
                window_start=start,
                window_end=end,
                evidence=evidence,
                score=Decimal(str(round(best.score, 4))),
                explanation="; ".join(h.describe() for h in hits)[:2000],
                status=AlertStatus.OPEN,
                created_at=now,
                updated_at=now,
                details={
                    "hits": ";".join(f"{h.source}:{h.entry_id}" for h in hits),
                    "explanations": " | ".join(h.explanation for h in hits)[:2000],
                },
            ),
        )
