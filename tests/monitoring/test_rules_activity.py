"""Typology 9 on the generic layout: velocity, dormant accounts, profile drift and new accounts,
and TBML-03 where the buyer's country is known. Each fires, and its look-alike does not."""

from tests.monitoring.rule_support import START_DAY, alerts, at, evidence, pay
from yipay.monitoring.rules import activity, profile, third_party_country


def test_velocity_by_count_evidences_every_payment_of_the_account(tmp_path):
    rows = [pay(f"V{i:02d}", f"P{i}", "X", 100, at(0, i / 10)) for i in range(40)]
    rows += [pay(f"W{i:02d}", "X", f"Q{i}", 100, at(0, 5 + i / 10)) for i in range(10)]
    found = evidence(tmp_path, activity.VELOCITY, rows)
    assert alerts(found) == {("X", START_DAY): sorted(r["txn_id"] for r in rows)}
    assert {e.measure for e in found} == {1000}
    assert evidence(tmp_path, activity.VELOCITY, rows[:-1]) == []  # 49


def test_velocity_by_total_and_its_look_alike(tmp_path):
    big = [pay("B1", "P", "X", 600_000, at(0)), pay("B2", "Q", "X", 500_000, at(0, 3))]
    found = evidence(tmp_path, activity.VELOCITY, big)
    assert alerts(found)[("X", START_DAY)] == ["B1", "B2"]
    assert {e.measure for e in found} == {1100}
    # the same total over two days stays under the daily trigger
    spread = [pay("B1", "P", "X", 600_000, at(0)), pay("B2", "Q", "X", 500_000, at(1))]
    assert ("X", START_DAY) not in alerts(evidence(tmp_path, activity.VELOCITY, spread))


def test_a_dormant_account_waking_with_large_amounts_fires_on_the_wake_window(tmp_path):
    rows = [
        pay("OLD", "D", "M", 500, at(0)),
        pay("W1", "P1", "D", 15_000, at(100)),
        pay("W2", "D", "M2", 14_000, at(103)),
        pay("W3", "D", "M3", 14_000, at(108)),  # after the seven days
    ]
    found = evidence(tmp_path, activity.DORMANT_AWAKENING, rows)
    assert alerts(found) == {("D", START_DAY + 100): ["W1", "W2"]}
    assert {e.measure for e in found} == {2_900_000}


def test_dormancy_look_alikes_do_not_fire(tmp_path):
    short_gap = [pay("OLD", "D", "M", 500, at(0)), pay("W1", "P1", "D", 40_000, at(80))]
    small = [pay("OLD", "D", "M", 500, at(0)), pay("W1", "P1", "D", 2_000, at(100))]
    never_seen = [pay("W1", "P1", "D", 40_000, at(100))]  # first seen, not woken
    assert evidence(tmp_path, activity.DORMANT_AWAKENING, short_gap) == []
    assert evidence(tmp_path, activity.DORMANT_AWAKENING, small) == []
    found = evidence(tmp_path, activity.DORMANT_AWAKENING, never_seen)
    assert found == []


def _weeks(payee, weekly_usd, *, weeks=8, prefix="H"):
    return [pay(f"{prefix}{w}", f"B{w}", payee, weekly_usd, at(7 * w + 1)) for w in range(weeks)]


def test_volume_drift_fires_far_above_the_payees_own_median(tmp_path):
    rows = _weeks("M", 10_000)
    rows += [pay("N1", "X1", "M", 30_000, at(57)), pay("N2", "X2", "M", 30_000, at(59))]
    found = evidence(tmp_path, profile.VOLUME_DRIFT, rows)
    assert alerts(found) == {("M", START_DAY // 7 + 8): ["N1", "N2"]}
    assert {e.measure for e in found} == {600}


def test_volume_drift_trigger_is_inclusive(tmp_path):
    rows = [*_weeks("M", 10_000), pay("N1", "X1", "M", 50_000, at(57))]  # exactly five times
    assert {e.measure for e in evidence(tmp_path, profile.VOLUME_DRIFT, rows)} == {500}


def test_volume_drift_look_alikes_growth_and_a_thin_history(tmp_path):
    growth = [*_weeks("M", 10_000), pay("N1", "X1", "M", 45_000, at(57))]  # a good season
    assert evidence(tmp_path, profile.VOLUME_DRIFT, growth) == []
    thin = [*_weeks("M", 10_000, weeks=3), pay("N1", "X1", "M", 90_000, at(57))]
    assert evidence(tmp_path, profile.VOLUME_DRIFT, thin) == []  # three weeks: no baseline


def test_a_new_account_with_large_volume_at_once_fires(tmp_path):
    rows = [
        pay("EARLY", "B0", "OLD", 100, at(0)),  # the data begins here
        pay("N1", "B1", "NEW", 60_000, at(40)),
        pay("N2", "B2", "NEW", 50_000, at(60)),
        pay("N3", "B3", "NEW", 50_000, at(75)),  # after its first thirty days
    ]
    found = evidence(tmp_path, profile.NEW_ACCOUNT_VOLUME, rows)
    assert alerts(found) == {("NEW", START_DAY + 40): ["N1", "N2"]}


def test_new_account_look_alikes_present_from_the_start_or_small(tmp_path):
    from_start = [
        pay("EARLY", "B0", "OLD", 100, at(0)),
        pay("N1", "B1", "SHOP", 60_000, at(5)),  # first seen in the warm-up: not new
        pay("N2", "B2", "SHOP", 50_000, at(20)),
    ]
    small = [pay("EARLY", "B0", "OLD", 100, at(0)), pay("N1", "B1", "NEW", 6_000, at(40))]
    assert evidence(tmp_path, profile.NEW_ACCOUNT_VOLUME, from_start) == []
    assert evidence(tmp_path, profile.NEW_ACCOUNT_VOLUME, small) == []


def test_third_party_country_in_batch_needs_the_buyers_country(tmp_path):
    rows = [
        pay("F1", "P1", "M", 9_000, at(0), payer_country="TR", buyer_country="AE"),
        pay("F2", "P2", "M", 6_000, at(0, 2), payer_country="HK", buyer_country="AE"),
        pay("OWN", "P3", "M", 9_000, at(0, 3), payer_country="AE", buyer_country="AE"),
        pay("LOW", "P4", "M", 4_000, at(0, 4), payer_country="KZ", buyer_country="RU"),
        pay("NONE", "P5", "M", 9_000, at(0, 5), payer_country="KZ"),  # no trade, no buyer
    ]
    found = evidence(tmp_path, third_party_country.RULE, rows)
    assert alerts(found) == {("M", START_DAY): ["F1", "F2"]}
    assert max(e.measure for e in found) == 900_000


def test_an_own_settlement_or_payout_is_not_a_receipt_where_channels_are_named(tmp_path):
    # the merchant's wallet receives its own settled takings at once, far above its history
    rows = [*_weeks("W", 10_000)]
    rows += [
        pay("S1", "M", "W", 30_000, at(57), channel="settlement"),
        pay("S2", "M", "W", 30_000, at(59), channel="payout"),
    ]
    assert evidence(tmp_path, profile.VOLUME_DRIFT, rows) == []
    # the same rows as collections do drift
    collected = [{**r, "channel": "collection"} if r["txn_id"] in {"S1", "S2"} else r for r in rows]
    assert alerts(evidence(tmp_path, profile.VOLUME_DRIFT, collected)) == {
        ("W", START_DAY // 7 + 8): ["S1", "S2"]
    }
    # a brand-new wallet filled by settlements is not a new account with volume
    fresh = [
        pay("EARLY", "B0", "OLD", 100, at(0)),
        pay("S3", "NEWSHOP", "NEWSHOP-CNY", 60_000, at(40), channel="settlement"),
        pay("S4", "NEWSHOP", "NEWSHOP-CNY", 50_000, at(45), channel="settlement"),
    ]
    assert evidence(tmp_path, profile.NEW_ACCOUNT_VOLUME, fresh) == []
    as_receipts = [{**r, "channel": "collection"} for r in fresh]
    assert alerts(evidence(tmp_path, profile.NEW_ACCOUNT_VOLUME, as_receipts)) == {
        ("NEWSHOP-CNY", START_DAY + 40): ["S3", "S4"]
    }
