"""Matching use cases: match a payment in suspense; re-match when trades arrive or are verified.

One payment is matched online the way the batch engine (`reconcile.solve_block`, "reconcile-1")
would match it: the engine is given this payment and its merchant's open trades in its currency
dated within the engine's window, verified ones only (a merchant-entered trade never unlocks
money), with reference rates from the FX capability for the charges cap. The money is allocated
only when the engine decides automatically (score ≥ `auto_score`, `auto_margin` ahead of the
runner-up); otherwise it stays in suspense with a reason naming the best suggestion. The engine
knows the payers recorded as paying for the merchant's buyers (parties' payer relations).

People decide the rest: an operator confirms a match for money in suspense (`confirm_match`), a
merchant claims a payment for one of its trades with evidence (`file_claim`) and another user
reviews the claim (`decide_claim`); `suspense` lists the money still waiting, with its age.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from yipay.adapters.db.uow import UnitOfWork
from yipay.core.clock import Clock, RegulatoryCalendar
from yipay.core.money import Money
from yipay.fx.errors import RateUnavailable
from yipay.fx.service import FxService
from yipay.matching.domain import (
    UNMATCHED,
    MatchDecision,
    MatchRecord,
)
from yipay.matching.people import MatchingByPeople
from yipay.matching.rates import FILE_TOLERANCE, RateTable
from yipay.matching.reconcile import (
    ENGINE_VERSION,
    Context,
    PaymentRow,
    Policy,
    Relation,
    RowResult,
    Suggestion,
    TradeRow,
    solve_block_explained,
)
from yipay.matching.repository import ClaimStore, MatchRecordStore, SuggestionStore
from yipay.parties.service import PartyService
from yipay.payments.domain import Payment, PaymentStatus
from yipay.payments.service import PaymentService
from yipay.trades.domain import Allocation, OpenTrade, Verification
from yipay.trades.service import TradeService


@dataclass(frozen=True, slots=True)
class MatchingPolicy:
    charges_inference_cap_usd: Decimal = Decimal(50)


@dataclass(frozen=True, slots=True)
class _Outcome:
    """What the engine said about one payment: allocation rows (empty: none), suggestions, and
    the explanation of an automatic match."""

    rows: list[RowResult]
    suggestions: list[Suggestion]
    explanation: str = ""


class MatchingService(MatchingByPeople):
    def __init__(
        self,
        clock: Clock,
        payments: PaymentService,
        trades: TradeService,
        parties: PartyService,
        fx: FxService,
        policy: MatchingPolicy,
        suggestions: SuggestionStore | None = None,
        claims: ClaimStore | None = None,
        calendar: RegulatoryCalendar | None = None,
        records: MatchRecordStore | None = None,
    ) -> None:
        self.clock = clock
        self.payments = payments
        self.trades = trades
        self.parties = parties
        self.fx = fx
        self.policy = policy
        self.suggestions = suggestions or SuggestionStore()
        self.claims = claims or ClaimStore()
        self.records = records or MatchRecordStore()
        self.calendar = calendar or RegulatoryCalendar()
        self.engine_policy = Policy(charges_cap_usd=policy.charges_inference_cap_usd)

    def match_payment(self, uow: UnitOfWork, payment_id: str) -> MatchDecision | None:
        """Allocate a payment in suspense, or record why it stays there. Idempotent."""
        payment = self.payments.get(uow, payment_id, lock=True)
        if payment.status is not PaymentStatus.SUSPENSE:
            return None
        undone = self.records.get(uow, payment.id)
        if undone is not None and undone.engine == UNMATCHED:
            reason = f"{undone.explanation}; an operator decides"
            self.payments.leave_in_suspense(uow, payment.id, reason)
            return MatchDecision(None, reason=reason)
        if payment.merchant_id is None:
            reason = payment.status_reason
            if not reason.startswith("unknown beneficiary"):
                reason = "no beneficiary merchant identified"
            self.payments.leave_in_suspense(uow, payment.id, reason)
            return MatchDecision(None, reason=reason)
        window = self.engine_policy
        # Trades the text names that are used up go to the engine too (with nothing open): the
        # text then counts against every other trade, so money quoting a paid invoice waits.
        used_up = self.used_up_named(uow, payment)
        open_trades = self.trades.open_for_matching(
            uow,
            payment.merchant_id,
            None,  # other currencies too: the instructed amount or the reference rate converts
            payment.value_date - timedelta(days=window.days_after),
            payment.value_date + timedelta(days=window.days_before),
            also=used_up,
        )
        verified = [t for t in open_trades if t.verification is Verification.VERIFIED]
        pending = [t for t in open_trades if t.verification is Verification.PENDING_REVIEW]
        buyers = self.buyers(uow, {t.buyer_id for t in open_trades})
        context = Context(self.engine_policy, self.rates(uow, payment), self.relations(uow, buyers))
        row = payment_row(payment)
        outcome = self._solve(context, row, verified, buyers)
        booked = self._allocate(uow, payment, outcome)
        if isinstance(booked, MatchDecision):
            self.suggestions.clear(uow, payment.id)
            return booked
        reason = booked
        if pending and not reason:
            waiting = self._solve(context, row, pending, buyers)
            if waiting.rows:
                reason = (
                    f"trade {waiting.rows[0][0]} awaits the platform record or an operator review"
                )
        if not reason and not outcome.rows and used_up:
            reason = f"re-use: trade {', '.join(used_up)} is already fully paid"
        suggested = _suggested(outcome)
        if suggested:
            reason = f"{reason}; {suggested}" if reason else suggested
        if not reason:
            reason = (
                "no open trade of this merchant in this currency"
                if not any(t.currency == payment.amount.currency.code for t in verified)
                else f"no trade fits ({ENGINE_VERSION})"
            )
        self.suggestions.replace(uow, payment.id, outcome.suggestions, self.clock.now())
        self.payments.leave_in_suspense(uow, payment.id, reason)
        return MatchDecision(None, rule=ENGINE_VERSION, reason=reason)

    def rematch_merchant(self, uow: UnitOfWork, merchant_id: str) -> int:
        """Retry every payment of `merchant_id` waiting in suspense; returns how many matched."""
        matched = 0
        waiting = self.payments.find(
            uow, merchant_id=merchant_id, statuses=[PaymentStatus.SUSPENSE], limit=None
        )
        for payment in waiting:
            decision = self.match_payment(uow, payment.id)
            matched += bool(decision and decision.matched)
        return matched

    # -- the engine ------------------------------------------------------------------------------
    def _solve(
        self,
        context: Context,
        row: PaymentRow,
        trades: list[OpenTrade],
        buyers: dict[str, tuple[str, str]],
    ) -> _Outcome:
        if not trades:
            return _Outcome([], [])
        rows = [trade_row(t, buyers.get(t.buyer_id, ("", ""))) for t in trades]
        [result], suggested, explained = solve_block_explained(context, [row], rows)
        allocated = [r for r in result if r[0] is not None]
        return _Outcome(allocated, [s for _p, s in suggested], explained.get(row[0], ""))

    def _allocate(
        self, uow: UnitOfWork, payment: Payment, outcome: _Outcome
    ) -> MatchDecision | str:
        """Allocate what the engine decided, through trades.allocate; else why not ("" when the
        engine decided nothing; a reason when the allocation path cannot book its decision)."""
        rows = outcome.rows
        if not rows:
            return ""
        booked = self.book(uow, payment, rows)
        if isinstance(booked, str):
            return booked
        self.payments.mark_matched(uow, payment.id, booked)
        self.record(uow, payment.id, rows[0][5], outcome.explanation)
        code = payment.amount.currency.code
        charges_total = Money.from_minor(sum(a.charges.minor for a in booked), code)
        return MatchDecision(
            booked[0].trade_id,
            payment.amount,
            charges_total,
            rule=ENGINE_VERSION,
            reason=f"score {rows[0][5]:.2f}",
            trade_ids=tuple(a.trade_id for a in booked),
            score=rows[0][5],
        )

    def book(
        self, uow: UnitOfWork, payment: Payment, rows: list[RowResult]
    ) -> list[Allocation] | str:
        """The engine's allocation rows of a payment booked on its trades; or why they cannot be
        (the payment's rows must add up to what was received)."""
        code = payment.amount.currency.code
        best = f"trade {', '.join(str(r[0]) for r in rows)} (score {rows[0][5]:.2f})"
        if sum(r[1] for r in rows) != payment.amount.minor:
            return f"more than the open balance of {best}; review"
        parts: list[tuple[str, Money, Money, Money | None]] = []
        for trade_id, received, consumed, _charges, trade_code, _score in rows:
            assert trade_id is not None
            assert consumed is not None
            assert trade_code is not None
            if trade_code != code:  # converted: the trade gives `consumed` of its currency
                parts.append(
                    (
                        trade_id,
                        Money.from_minor(received, code),
                        Money.zero(code),
                        Money.from_minor(consumed, trade_code),
                    )
                )
                continue
            charges = consumed - received  # gross = received + charges, exactly what is consumed
            if charges < 0:
                return f"{best}: charges cannot be negative; review"
            parts.append(
                (trade_id, Money.from_minor(received, code), Money.from_minor(charges, code), None)
            )
        return [
            self.trades.allocate(
                uow,
                trade_id=trade_id,
                payment_id=payment.id,
                received=received,
                charges=charges,
                consumed=consumed,
            )
            for trade_id, received, charges, consumed in parts
        ]

    def used_up_named(self, uow: UnitOfWork, payment: Payment) -> list[str]:
        """The merchant's trades this payment's text names that have nothing open."""
        if payment.merchant_id is None:
            return []
        return [
            t.id
            for t in self.trades.named_in(uow, payment.merchant_id, payment.remittance_info)
            if not t.open_balance.is_positive
        ]

    def record(self, uow: UnitOfWork, payment_id: str, score: float, explanation: str) -> None:
        self.records.save(
            uow,
            MatchRecord(
                payment_id=payment_id,
                engine=ENGINE_VERSION,
                score=score,
                explanation=explanation or f"{ENGINE_VERSION}: score {score:.4f}",
                decided_by="engine",
                confirmed=False,
                decided_at=self.clock.now(),
            ),
        )

    def match_record(self, uow: UnitOfWork, payment_id: str) -> MatchRecord | None:
        """How this payment was matched (None: not matched, or matched before records)."""
        self.payments.get(uow, payment_id)
        return self.records.get(uow, payment_id)

    def buyers(self, uow: UnitOfWork, buyer_ids: set[str]) -> dict[str, tuple[str, str]]:
        """Buyer id → (name the engine compares with the payer, country)."""
        if not buyer_ids:
            return {}
        buyers = self.parties.buyers(uow, ids=sorted(buyer_ids), limit=len(buyer_ids))
        return {b.id: (b.name_latin or b.name, b.country) for b in buyers}

    def relations(self, uow: UnitOfWork, buyers: dict[str, tuple[str, str]]) -> list[Relation]:
        """The payers recorded as paying for these buyers, as the engine takes them (the buyer by
        the name the engine compares)."""
        if not buyers:
            return []
        return [
            Relation(buyers[r.buyer_id][0], r.payer_name, r.payer_account)
            for r in self.parties.payer_relations(uow, sorted(buyers))
            if r.buyer_id in buyers
        ]

    def rates(self, uow: UnitOfWork, payment: Payment) -> RateTable:
        """The reference mid rates in force at receipt; none known, no conversion (so no charges
        are inferred in another currency than USD: better in suspense than guessed)."""
        try:
            table = self.fx.rate_table(uow, payment.received_at)
        except RateUnavailable:
            return RateTable({}, FILE_TOLERANCE, "none")
        return RateTable.from_rates(table.rates.values())


def payment_row(payment: Payment) -> PaymentRow:
    charges, instructed = payment.charges, payment.instructed
    return (
        payment.id,
        payment.value_date.toordinal(),
        payment.amount.minor,
        payment.amount.currency.code,
        payment.payer.name,
        payment.payer.country,
        payment.payer.account,
        payment.remittance_info,
        payment.merchant_id or "",
        None if charges is None else charges.minor,
        None if charges is None else charges.currency.code,
        payment.charge_bearer.value if payment.charge_bearer else None,
        None if instructed is None else instructed.minor,
        None if instructed is None else instructed.currency.code,
    )


def trade_row(trade: OpenTrade, buyer: tuple[str, str]) -> TradeRow:
    """The engine sees the open balance as the trade's amount."""
    return (
        trade.id,
        "",
        buyer[0],
        buyer[1],
        trade.open_minor,
        trade.currency,
        trade.trade_date.toordinal(),
        trade.reference,
        trade.order_no or trade.platform_id,
        trade.declaration_no,
        trade.waybill_no,
    )


def _suggested(outcome: _Outcome) -> str:
    """'suggested: trade X (score 0.62, runner-up 0.58)', from the engine's best suggestion."""
    if not outcome.suggestions:
        return ""
    ranked = sorted(outcome.suggestions, key=lambda s: s.rank)
    best = ranked[0]
    runner = f", runner-up {ranked[1].score:.2f}" if len(ranked) > 1 else ""
    label = "trade" if len(best.trade_ids) == 1 else "trades"
    return (
        f"suggested: {label} {', '.join(best.trade_ids)} (score {best.score:.2f}{runner});"
        f" {best.reason}"
    )
