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
        pay("OLD", "B0", "D", 500, at(0)),
        pay("W1", "P1", "D", 15_000, at(100)),
        pay("W2", "P2", "D", 14_000, at(103)),
        pay("W3", "P3", "D", 14_000, at(103, 2)),
        pay("OUT", "D", "M2", 14_000, at(104)),  # what it pays is not what it receives
        pay("W4", "P4", "D", 14_000, at(108)),  # after the seven days
    ]
    found = evidence(tmp_path, activity.DORMANT_AWAKENING, rows)
    assert alerts(found) == {("D", START_DAY + 100): ["W1", "W2", "W3"]}
    assert {e.measure for e in found} == {4_300_000}


def test_dormancy_look_alikes_do_not_fire(tmp_path):
    def woken(*wake):
        return [pay("OLD", "B0", "D", 500, at(0)), *wake]

    three = [pay(f"W{i}", f"P{i}", "D", 14_000, at(100 + i)) for i in range(3)]
    short_gap = [pay("OLD", "B0", "D", 500, at(0))]
    short_gap += [pay(f"W{i}", f"P{i}", "D", 14_000, at(80 + i)) for i in range(3)]
    small = woken(*(pay(f"W{i}", f"P{i}", "D", 500, at(100 + i)) for i in range(3)))
    two = woken(*three[:2])
    buyer_back = [pay("OLD", "D", "M", 500, at(0))]  # a buyer back for the season's order
    buyer_back += [pay(f"W{i}", "D", f"M{i}", 14_000, at(100 + i)) for i in range(3)]
    usual_buyers = [pay(f"OLD{i}", f"P{i}", "D", 500, at(i)) for i in range(3)]
    usual_buyers += [pay(f"W{i}", f"P{i}", "D", 14_000, at(100 + i)) for i in range(3)]
    # 30k a week while active; 42k in the week it wakes up
    usual_size = [pay(f"H{w}", f"B{w}", "D", 30_000, at(w * 7)) for w in range(4)]
    usual_size += [pay(f"W{i}", f"P{i}", "D", 14_000, at(120 + i)) for i in range(3)]
    never_seen = three  # first seen, not woken
    for rows in (short_gap, small, two, buyer_back, usual_buyers, usual_size, never_seen):
        assert evidence(tmp_path, activity.DORMANT_AWAKENING, rows) == []
    # it takes twice its usual week: 60k, not 59,999
    usual_size[-1] = pay("W2", "P2", "D", 31_999.99, at(122))
    assert evidence(tmp_path, activity.DORMANT_AWAKENING, usual_size) == []
    usual_size[-1] = pay("W2", "P2", "D", 32_000, at(122))
    assert len(evidence(tmp_path, activity.DORMANT_AWAKENING, usual_size)) == 3


def _weeks(payee, weekly_usd, *, weeks=8, prefix="H"):
    return [pay(f"{prefix}{w}", f"B{w}", payee, weekly_usd, at(7 * w + 1)) for w in range(weeks)]


WEEKS = (2_000, 3_000, 10_000, 10_000)


def _burst(payee, usd, *, count=5, prefix="N", day=57):
    return [pay(f"{prefix}{i}", f"X{i}", payee, usd, at(day + i / 2)) for i in range(count)]


def test_volume_drift_fires_far_above_the_payees_own_median(tmp_path):
    rows = [*_weeks("M", 10_000), *_burst("M", 24_000)]  # 12 times the volume, 5 times the count
    found = evidence(tmp_path, profile.VOLUME_DRIFT, rows)
    assert alerts(found) == {("M", START_DAY // 7 + 8): ["N0", "N1", "N2", "N3", "N4"]}
    assert {e.measure for e in found} == {1200}


def test_volume_drift_trigger_is_inclusive(tmp_path):
    rows = [*_weeks("M", 10_000), *_burst("M", 20_000)]  # exactly ten times
    assert {e.measure for e in evidence(tmp_path, profile.VOLUME_DRIFT, rows)} == {1000}


def test_volume_drift_look_alikes_growth_one_big_order_and_a_thin_history(tmp_path):
    growth = [*_weeks("M", 10_000), *_burst("M", 18_000)]  # a good season: nine times
    assert evidence(tmp_path, profile.VOLUME_DRIFT, growth) == []
    big_order = [*_weeks("M", 10_000), pay("N1", "X1", "M", 200_000, at(57))]  # one order
    assert evidence(tmp_path, profile.VOLUME_DRIFT, big_order) == []
    more_orders = [*_weeks("M", 10_000), *_burst("M", 30_000, count=4)]  # 12 times, 4 orders
    assert evidence(tmp_path, profile.VOLUME_DRIFT, more_orders) == []
    # its usual customers buying far more is trade
    usual = [{**r, "payer_id": f"B{i}"} for i, r in enumerate(_burst("M", 24_000, count=6))]
    assert evidence(tmp_path, profile.VOLUME_DRIFT, [*_weeks("M", 10_000), *usual]) == []
    thin = [*_weeks("M", 10_000, weeks=3), *_burst("M", 40_000)]
    assert evidence(tmp_path, profile.VOLUME_DRIFT, thin) == []  # three weeks: no baseline


def test_volume_drift_is_measured_against_the_markets_own_season(tmp_path):
    """The whole market climbing out of a trough is no one payee's drift."""
    trough = [*_weeks("M", 10_000), *_weeks("OTHER", 10_000, prefix="O")]
    season = [*_burst("M", 20_000), *_burst("OTHER", 20_000, prefix="S")]
    assert evidence(tmp_path, profile.VOLUME_DRIFT, trough + season) == []
    # the same payee against a market that stayed where it was does drift
    steady = pay("Q", "Y", "OTHER", 10_000, at(57))
    found = evidence(tmp_path, profile.VOLUME_DRIFT, [*trough, *_burst("M", 20_000), steady])
    assert alerts(found) == {("M", START_DAY // 7 + 8): ["N0", "N1", "N2", "N3", "N4"]}


def test_volume_drift_ignores_the_weeks_before_the_data_begins(tmp_path):
    """Four weeks of history are a baseline of four weeks, not of eight with four quiet ones."""
    history = [pay(f"H{w}", f"B{w}", "M", usd, at(7 * w + 1)) for w, usd in enumerate(WEEKS)]
    rows = [*history, *_burst("M", 12_000, day=29)]  # six times the upper median of 4 weeks
    assert evidence(tmp_path, profile.VOLUME_DRIFT, rows) == []
    # had the four weeks before the data been quiet ones, the baseline would be the 2,000 week
    longer = [pay("EARLY", "B", "OTHER", 1, at(-28)), *rows]
    assert {e.measure for e in evidence(tmp_path, profile.VOLUME_DRIFT, longer)} == {3000}


def test_a_new_account_with_large_volume_at_once_fires(tmp_path):
    rows = [
        pay("EARLY", "B0", "OLD", 100, at(0)),  # the data begins here
        pay("N1", "B1", "NEW", 40_000, at(40)),
        pay("N2", "B2", "NEW", 30_000, at(45)),
        pay("N3", "B3", "NEW", 30_000, at(53)),
        pay("SMALL", "B4", "NEW", 9_999.99, at(53)),  # an ordinary order: not evidence
        pay("N4", "B5", "NEW", 50_000, at(54)),  # after its first fourteen days
    ]
    found = evidence(tmp_path, profile.NEW_ACCOUNT_VOLUME, rows)
    assert alerts(found) == {("NEW", START_DAY + 40): ["N1", "N2", "N3"]}
    assert {e.measure for e in found} == {10_000_000}


def test_new_account_look_alikes_present_from_the_start_small_or_busy_with_orders(tmp_path):
    from_start = [
        pay("EARLY", "B0", "OLD", 100, at(0)),
        *(pay(f"N{i}", f"B{i}", "SHOP", 40_000, at(5 + i)) for i in range(3)),  # warm-up
    ]
    small = [pay("EARLY", "B0", "OLD", 100, at(0)), pay("N1", "B1", "NEW", 6_000, at(40))]
    busy = [pay("EARLY", "B0", "OLD", 100, at(0))]
    busy += [pay(f"O{i}", f"B{i}", "NEW", 8_000, at(40 + i / 2)) for i in range(30)]  # 240k
    two_large = [pay("EARLY", "B0", "OLD", 100, at(0))]
    two_large += [pay(f"L{i}", f"B{i}", "NEW", 60_000, at(40 + i)) for i in range(2)]
    for rows in (from_start, small, busy, two_large):
        assert evidence(tmp_path, profile.NEW_ACCOUNT_VOLUME, rows) == []


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
        pay(f"S{i}", "M", "W", 30_000, at(57 + i / 2), channel=("settlement", "payout")[i % 2])
        for i in range(5)
    ]
    assert evidence(tmp_path, profile.VOLUME_DRIFT, rows) == []
    # the same rows as collections do drift
    collected = [
        {**r, "channel": "collection", "payer_id": f"B-{r['txn_id']}"}
        if r["txn_id"][0] == "S"
        else r
        for r in rows
    ]
    assert alerts(evidence(tmp_path, profile.VOLUME_DRIFT, collected)) == {
        ("W", START_DAY // 7 + 8): ["S0", "S1", "S2", "S3", "S4"]
    }
    # a brand-new wallet filled by settlements is not a new account with volume
    fresh = [
        pay("EARLY", "B0", "OLD", 100, at(0)),
        pay("S3", "NEWSHOP", "NEWSHOP-CNY", 60_000, at(40), channel="settlement"),
        pay("S4", "NEWSHOP", "NEWSHOP-CNY", 50_000, at(45), channel="settlement"),
        pay("S5", "NEWSHOP", "NEWSHOP-CNY", 50_000, at(46), channel="settlement"),
    ]
    assert evidence(tmp_path, profile.NEW_ACCOUNT_VOLUME, fresh) == []
    as_receipts = [{**r, "channel": "collection"} for r in fresh]
    assert alerts(evidence(tmp_path, profile.NEW_ACCOUNT_VOLUME, as_receipts)) == {
        ("NEWSHOP-CNY", START_DAY + 40): ["S3", "S4", "S5"]
    }
