"""The real-time path replayed against the batch SQL, through the real payment spine.

A week of a small market goes through intake, matching and the outbox, so every payment is
evaluated by `monitoring.evaluate_payment` when it is matched; the alerts raised then must be
the batch SQL's alerts over the exported history, for every rule both paths evaluate. Two
weeks: the windowed rules (structuring, fans, velocity), and the per-payment and trade rules
(jurisdictions, third parties, collections beyond the trade).
"""

from datetime import timedelta
from decimal import Decimal

from tests.conftest import START
from tests.integration import market
from yipay.monitoring import profiles_repository
from yipay.monitoring.domain import RuleMode
from yipay.monitoring.rules import (
    activity,
    fans,
    jurisdiction,
    over_balance,
    structuring,
    third_party_country,
    third_party_trade,
)
from yipay.monitoring.service import TWINS

TWINNED = set(TWINS)
# Thursday 5 November 2026, 09:00 in Shanghai: the first day of a 7-day tumbling window
# (day_no 20762 = 7 × 2966), so the whole week below is one structuring window.
WEEK_START = START + timedelta(days=2)

SETTINGS = {  # small triggers so a few payments make each pattern
    activity.VELOCITY.id: {"min_count": "4", "min_total_usd_minor": "5000000"},
    fans.FAN_IN.id: {"min_counterparties": "3"},
    fans.FAN_OUT.id: {"min_counterparties": "3"},
    structuring.BY_PAYER.id: {"min_count": "2", "window_days": "7"},
    structuring.TO_PAYEE.id: {"min_count": "2", "window_days": "7"},
}
MONITORED = fans.FAN_OUT.id  # in monitor mode by default: profiled in real time, never raised
# in monitor mode by default; switched on here so that both paths raise their alerts
ACTIVATED = (fans.FAN_IN.id, activity.VELOCITY.id)


def _configure(c) -> None:
    with c.uow(actor="sup") as uow:
        for rule_id, parameters in SETTINGS.items():
            c.rule_settings.configure(
                uow, rule_id, by="sup", reason="replay test", parameters=parameters
            )
        for rule_id in ACTIVATED:
            c.rule_settings.configure(
                uow, rule_id, by="sup", reason="replay test", mode=RuleMode.ACTIVE
            )
        uow.commit()


def _history(c) -> dict[str, str]:
    """The week's payments; returns each payment's id by its label."""
    market.rates(c)
    m1, m2, m3 = (market.merchant(c, suffix=s) for s in "123")
    buyer = market.buyer(c)
    merchants = {"m1": m1, "m2": m2, "m3": m3}
    week = [
        # structuring by one payer: just under USD 10,000 to two shops in the week (one in EUR)
        ("s1", "m1", "Karim Haddad", 0, "9000.00", "USD"),
        ("s2", "m2", "Karim Haddad", 1, "9500.00", "USD"),
        ("s3", "m1", "Karim Haddad", 2, "8500.00", "EUR"),
        # … a look-alike: two just under to one shop and one above; m1 now has two payers
        ("b1", "m1", "Omar Saleh", 0, "9000.00", "USD"),
        ("b2", "m1", "Omar Saleh", 1, "9000.00", "USD"),
        ("b3", "m2", "Omar Saleh", 2, "12000.00", "USD"),
        # velocity by count and fan-in: four payers into m3 on one day
        ("v1", "m3", "Ali Rahimi", 3, "2000.00", "USD"),
        ("v2", "m3", "Sara Nouri", 3, "2100.00", "USD"),
        ("v3", "m3", "Hamid Karimi", 3, "2200.00", "USD"),
        ("v4", "m3", "Reza Ahmadi", 3, "2300.00", "USD"),
        # velocity by total: one large payment (its payer and m2 both move USD 60,000)
        ("L1", "m2", "Yusuf Demir", 4, "60000.00", "USD"),
        # look-alike: three receipts for m2 from two payers, another day
        ("q1", "m2", "Ali Rahimi", 5, "3000.00", "USD"),
        ("q2", "m2", "Sara Nouri", 5, "3100.00", "USD"),
        ("q3", "m2", "Ali Rahimi", 5, "3200.00", "USD"),
        # fan-out from one payer to three shops on one day (the rule is in monitor mode)
        ("f1", "m1", "Leila Farahani", 6, "3000.00", "USD"),
        ("f2", "m2", "Leila Farahani", 6, "3000.00", "USD"),
        ("f3", "m3", "Leila Farahani", 6, "3000.00", "USD"),
    ]
    ids = {}
    for i, (label, merchant, payer, day, amount, currency) in enumerate(week):
        ref = f"INV-2026-{i:06d}"
        market.trade(c, merchants[merchant], buyer, reference=ref, amount=amount, currency=currency)
        at = WEEK_START + timedelta(days=day, hours=i % 5)
        payment = market.pay(
            c,
            merchants[merchant],
            amount=amount,
            currency=currency,
            charges=None,
            info=f"PAYMENT {ref}",
            payer=payer,
            received_at=at.isoformat(),
        )
        ids[label] = payment.id
    return ids


def _seen(alert):
    """Everything an analyst and the regulator read of an alert (not when it was written)."""
    return (
        alert.rule_id,
        alert.rule_version,
        alert.parameters,
        alert.subject_type,
        alert.subject_id,
        alert.window_start,
        alert.window_end,
        alert.evidence,
        alert.score,
        alert.explanation,
        alert.details,
    )


def test_real_time_alerts_equal_the_batch_sql_for_every_twinned_rule(container, tmp_path):
    c = container
    _configure(c)
    ids = _history(c)
    label = {payment_id: name for name, payment_id in ids.items()}
    with c.uow() as uow:
        realtime = {a.id: _seen(a) for a in c.alerts.find(uow) if a.rule_id in TWINNED}
        batch = c.monitoring.run_batch(uow, tmp_path, raise_alerts=False)
    assert batch.transactions == len(ids)
    batched = {a.id: _seen(a) for a in batch.alerts if a.rule_id in TWINNED}
    raised = {k: v for k, v in batched.items() if v[0] != MONITORED}
    assert realtime == raised

    fired = sorted((v[0], sorted(label[t] for t in v[7])) for v in batched.values())
    assert fired == sorted(
        [
            (structuring.BY_PAYER.id, ["s1", "s2", "s3"]),
            (structuring.TO_PAYEE.id, ["b1", "b2", "s1", "s3"]),
            (fans.FAN_IN.id, ["v1", "v2", "v3", "v4"]),
            (fans.FAN_OUT.id, ["f1", "f2", "f3"]),  # batch only: the rule is in monitor mode
            (activity.VELOCITY.id, ["L1"]),  # the payer: USD 60,000 in a day
            (activity.VELOCITY.id, ["L1"]),  # m2 the same day
            (activity.VELOCITY.id, ["v1", "v2", "v3", "v4"]),
        ]
    )


def test_replaying_a_payment_changes_nothing_and_monitor_mode_only_profiles(container):
    c = container
    _configure(c)
    ids = _history(c)
    with c.uow() as uow:
        alerts_before = [(a, a.updated_at) for a in c.alerts.find(uow)]
        profiles_before = profiles_repository.all_profiles(uow.connection)
    c.clock.advance(timedelta(hours=1))
    with c.uow() as uow:
        for payment_id in ids.values():
            c.monitoring.evaluate_payment(uow, payment_id)
        uow.commit()
    with c.uow() as uow:
        assert [(a, a.updated_at) for a in c.alerts.find(uow)] == alerts_before
        assert profiles_repository.all_profiles(uow.connection) == profiles_before

    fan_out = [p for p in profiles_before if p.rule_id == MONITORED]
    assert len(fan_out) > 3  # every split-sized payment is counted …
    assert [(p.count, p.counterparties) for p in fan_out if p.counterparties >= 3] == [(3, 3)]
    assert {a.rule_id for a, _ in alerts_before}.isdisjoint({MONITORED})  # … none raised
    m3_velocity = [p for p in profiles_before if p.rule_id == activity.VELOCITY.id and p.count == 4]
    assert [p.total_usd_minor for p in m3_velocity] == [860_000]


# -- the per-payment and trade rules ---------------------------------------------------------------
TRADE_TWINS = {
    jurisdiction.RULE.id,
    over_balance.RULE.id,
    third_party_trade.RULE.id,
    third_party_country.RULE.id,
}
TRADE_SETTINGS = {  # stated here, so the cases below stay on the same side of each threshold
    jurisdiction.RULE.id: {
        "sanctioned_floor_usd_minor": "0",
        "high_risk_floor_usd_minor": "5000000",
    },
    over_balance.RULE.id: {"tolerance_bp": "200", "tolerance_usd_minor": "20000"},
    third_party_trade.RULE.id: {
        "threshold_usd_minor": "500000",
        "hub_threshold_usd_minor": "1000000",
    },
    third_party_country.RULE.id: {"threshold_usd_minor": "500000"},
}


def _configure_trade_twins(c) -> None:
    """Active, with TRADE_SETTINGS: whatever the catalogue's defaults are now."""
    with c.uow(actor="sup") as uow:
        rules, values = c.monitoring.in_force(uow)
        modes = {r.id: r.mode for r in rules}
        for rule_id, wanted in TRADE_SETTINGS.items():
            changed = {k: v for k, v in wanted.items() if values[rule_id][k] != Decimal(v)}
            mode = None if modes[rule_id] is RuleMode.ACTIVE else RuleMode.ACTIVE
            if changed or mode:
                c.rule_settings.configure(
                    uow, rule_id, by="sup", reason="replay test", parameters=changed, mode=mode
                )
        uow.commit()


def _trade_history(c) -> dict[str, str]:
    """Payments for the trade twins, each for its own trade(s) unless said; their ids by label.

    m1 (buyer in AE): o1 and o2 each pay two trades the text names, split over them by the
    matching; the export knows a payment's first trade only, so each is more than that trade
    (collections beyond the trade's amount, one alert for the day); d1 is a deposit, x1 pays an
    EUR trade in USD (consumed through the USD equivalents). m2 (buyer in AE): k1 from a
    non-hub country and h1, the first payment of a payer in a trade hub, are third parties;
    h2 is that payer's second (third-party country only), h3 a hub payer's first below the hub
    threshold, a1 from the buyer's country. m3 (buyers in the payers' countries): v1 and v2 from
    a high-risk country above the floor but paying the buyer's own registered trades (not
    reported since jurisdiction v2), e1 one below the floor, y1 an offshore centre (not listed
    as a risk), i1 and i2 from a sanctioned country: held by screening, released by an analyst,
    then matched.
    """
    market.rates(c)
    m1, m2, m3 = (market.merchant(c, suffix=s) for s in "456")
    gulf = market.buyer(c)
    local = {
        country: market.buyer(c, country=country, name=name)
        for country, name in (
            ("VN", "Nguyen Van An"),
            ("KE", "Wanjiru Kamau"),
            ("KY", "Island Traders"),
            ("IR", "Hassan Tehrani"),
        )
    }
    usd = "USD"
    payments = [  # label, merchant, buyer, payer, its country, day, amount, currency, trades
        ("o1", m1, gulf, "Ahmed Al Mansouri", "AE", 0, "6000.00", usd, ["3000.00", "3000.00"]),
        ("o2", m1, gulf, "Ahmed Al Mansouri", "AE", 0, "5500.00", usd, ["4000.00", "1500.00"]),
        ("d1", m1, gulf, "Ahmed Al Mansouri", "AE", 1, "1000.00", usd, ["3000.00"]),
        ("x1", m1, gulf, "Ahmed Al Mansouri", "AE", 1, "2154.92", usd, ["EUR 2000.00"]),
        ("k1", m2, gulf, "Nursultan Abenov", "KZ", 0, "6000.00", usd, ["6000.00"]),
        ("h1", m2, gulf, "Mehmet Yilmaz", "TR", 0, "12000.00", usd, ["12000.00"]),
        ("h2", m2, gulf, "Mehmet Yilmaz", "TR", 1, "12000.00", usd, ["12000.00"]),
        ("h3", m2, gulf, "Emre Kaya", "TR", 1, "8000.00", usd, ["8000.00"]),
        ("a1", m2, gulf, "Khalid Rashed", "AE", 1, "7000.00", usd, ["7000.00"]),
        ("v1", m3, local["VN"], "Nguyen Van An", "VN", 2, "60000.00", usd, ["60000.00"]),
        ("v2", m3, local["VN"], "Nguyen Van An", "VN", 2, "70000.00", usd, ["70000.00"]),
        ("e1", m3, local["KE"], "Wanjiru Kamau", "KE", 2, "40000.00", usd, ["40000.00"]),
        ("y1", m3, local["KY"], "Island Traders", "KY", 2, "60000.00", usd, ["60000.00"]),
        ("i1", m3, local["IR"], "Hassan Tehrani", "IR", 3, "1200.00", usd, ["1200.00"]),
        ("i2", m3, local["IR"], "Hassan Tehrani", "IR", 3, "800.00", usd, ["800.00"]),
    ]
    ids = {}
    number = 100
    for i, (label, merchant, buyer, payer, country, day, amount, code, trades) in enumerate(
        payments
    ):
        refs = []
        for trade in trades:
            number += 1
            ref = f"INV-2026-{number:06d}"
            trade_currency, _, trade_amount = trade.rpartition(" ")
            market.trade(
                c,
                merchant,
                buyer,
                reference=ref,
                amount=trade_amount,
                currency=trade_currency or code,
            )
            refs.append(ref)
        payment = market.pay(
            c,
            merchant,
            amount=amount,
            currency=code,
            charges=None,
            info=f"PAYMENT {' '.join(refs)}",
            payer=payer,
            country=country,
            received_at=(WEEK_START + timedelta(days=day, hours=i % 5)).isoformat(),
        )
        if country == "IR":
            with c.uow(actor="analyst-li") as uow:
                c.payments.release(uow, payment.id, by="analyst-li", reason="verified resident")
                uow.commit()
            c.process()
        ids[label] = payment.id
    return ids


def test_trade_twins_raise_the_batch_sql_alerts_and_a_replay_changes_nothing(container, tmp_path):
    c = container
    _configure_trade_twins(c)
    ids = _trade_history(c)
    label = {payment_id: name for name, payment_id in ids.items()}
    with c.uow() as uow:
        rules, _values = c.monitoring.in_force(uow)
        active = {r.id for r in rules if r.mode is RuleMode.ACTIVE} & TWINNED
        realtime = {a.id: _seen(a) for a in c.alerts.find(uow) if a.rule_id in active}
        batch = c.monitoring.run_batch(uow, tmp_path, raise_alerts=False)
        profiles_before = profiles_repository.all_profiles(uow.connection)
    assert batch.transactions == len(ids)
    assert active >= TRADE_TWINS
    assert realtime == {a.id: _seen(a) for a in batch.alerts if a.rule_id in active}

    fired = sorted(
        (v[0], sorted(label[t] for t in v[7])) for v in realtime.values() if v[0] in TRADE_TWINS
    )
    assert fired == sorted(
        [
            (over_balance.RULE.id, ["o1", "o2"]),  # m1's day: two trades, one alert
            (third_party_trade.RULE.id, ["h1", "k1"]),
            (third_party_country.RULE.id, ["h1", "k1"]),
            (third_party_country.RULE.id, ["h2", "h3"]),  # no hub exemption here
            (jurisdiction.RULE.id, ["i1", "i2"]),  # sanctioned: any amount
        ]
    )
    scores = {
        v[0]: v[8] for v in realtime.values() if sorted(label[t] for t in v[7]) == ["i1", "i2"]
    }
    assert scores[jurisdiction.RULE.id] == 1  # 0.95, more with the second payment that day

    c.clock.advance(timedelta(hours=1))
    with c.uow() as uow:
        for payment_id in ids.values():
            c.monitoring.evaluate_payment(uow, payment_id)
        uow.commit()
    with c.uow() as uow:
        again = {a.id: _seen(a) for a in c.alerts.find(uow) if a.rule_id in active}
        assert again == realtime
        assert profiles_repository.all_profiles(uow.connection) == profiles_before
