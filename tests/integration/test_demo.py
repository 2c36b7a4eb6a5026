"""The demo job: the whole main job over a simulated market, checked against its labels."""

import sqlite3

from yipay.jobs.demo import run_demo
from yipay.settings import Settings
from yipay.simulate import SimulationConfig


def test_the_demo_runs_the_main_job_and_keeps_every_invariant(tmp_path):
    config = SimulationConfig(days=4, merchants=40, seed=7)
    summary = run_demo(Settings(data_dir=tmp_path, sqlite_synchronous="OFF"), config)
    assert summary.payments > 50
    assert summary.ledger_problems == []
    assert summary.backed
    assert summary.audit_ok
    assert summary.audit_sealed > summary.payments
    assert summary.batch_matches_realtime
    states = {state for state, _cur, _n, _t in summary.by_state}
    assert {"settled", "suspense"} <= states
    truth = summary.ground_truth
    assert truth["embargoed_payer"] == {"held": 1, "alerted": 1}
    assert set(truth["no_trade"]) <= {"suspense", "alerted"}  # never credited or settled
    assert truth["third_party_foreign"]["alerted"] >= 1
    assert truth["normal"]["alerted"] == 0
    # the demo list names two simulated third-party payers (respelt): caught, confirmed, frozen
    assert summary.watchlist == ("csv:demo-fictional", 1, 7)
    assert summary.frozen >= 1
    assert truth["third_party_foreign"]["frozen"] == summary.frozen
    assert "frozen" not in truth["normal"]  # no honest payer was caught
    assert summary.report_candidates  # the injected large-value day is a candidate
    payout_states = {state for state, _cur, _n, _t in summary.payouts}
    assert "confirmed" in payout_states  # the stand-in bank settled them (pain.002 ACSC)
    assert summary.bank_files_sent >= 1
    assert summary.bank_answers_applied == summary.bank_files_sent
    assert summary.accounts_changed == 1  # one payout rejected (AC04), account fixed, repaid
    assert summary.keys_file is not None
    assert oct(summary.keys_file.stat().st_mode & 0o777) == "0o600"
    with sqlite3.connect(tmp_path / "demo.sqlite3") as db:
        assert db.execute("SELECT COUNT(*) FROM users").fetchone()[0] == 6
        sent = db.execute("SELECT COUNT(*) FROM payouts WHERE status IN ('sent', 'approved')")
        assert sent.fetchone()[0] == 0  # every payout went out and was answered


def test_the_demo_starts_from_a_fresh_database_each_time(tmp_path):
    config = SimulationConfig(days=1, merchants=10, seed=3)
    settings = Settings(data_dir=tmp_path, sqlite_synchronous="OFF")
    first = run_demo(settings, config)
    second = run_demo(settings, config)
    assert first.by_state == second.by_state
    assert first.payments == second.payments
