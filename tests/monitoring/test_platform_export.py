"""The platform's history as the canonical tables: trades and goods lines too, so the trade
rules run over the platform as over files."""

from __future__ import annotations

from decimal import Decimal

import duckdb

from tests.integration import market
from tests.trades.support import goods
from yipay.trades.domain import Provenance
from yipay.trades.forms import trade_form


def _trade_with_goods(c, merchant_id, buyer_id, reference, amount, currency, hs="630231"):
    with c.uow() as uow:
        trade = c.trades.register(
            uow,
            trade_form(
                {
                    "merchant_id": merchant_id,
                    "buyer_id": buyer_id,
                    "kind": "0110",
                    "reference": reference,
                    "amount": amount,
                    "currency": currency,
                    "trade_date": "2026-10-20",
                    "goods": [goods(amount, hs=hs) | {"currency": currency}],
                },
                provenance=Provenance.PLATFORM,
            ),
        )
        uow.commit()
    c.process()
    return trade


def test_trades_and_goods_lines_are_exported_and_the_trade_rules_run(container, tmp_path):
    c = container
    market.rates(c)
    m, b = market.merchant(c), market.buyer(c)
    eur = _trade_with_goods(c, m, b, "INV-2026-000901", "2800.00", "EUR")
    usd = _trade_with_goods(c, m, b, "INV-2026-000902", "3000.00", "USD")
    market.pay(
        c, m, amount="3000.00", charges=None, info="PAYMENT INV 2026 000901",
        instructed_amount="2800.00", instructed_currency="EUR",
    )  # fmt: skip
    odd = market.pay(c, m, amount="3000.00", charges=None, info="INV 2026 000902 MOBILE PHONES")
    with c.uow() as uow:
        tables, count = c.monitoring.export_tables(uow, tmp_path)
        result = c.monitoring.run_batch(uow, tmp_path / "run", raise_alerts=False)
    assert count == 2
    con = duckdb.connect()
    rows = con.execute(
        f"SELECT trade_id, currency, amount_minor, amount_usd_minor, buyer_country"
        f" FROM '{tables['trades']}' ORDER BY trade_id"
    ).fetchall()
    by_id = {r[0]: r[1:] for r in rows}
    # EUR 2,800 at the mid rates (EUR 7.72, USD 7.165 in CNY): USD 3,016.96
    expected = (Decimal("2800.00") * Decimal("7.72") / Decimal("7.165")).quantize(Decimal("0.01"))
    assert by_id[eur.id] == ("EUR", 280000, int(expected * 100), "AE")
    assert by_id[usd.id] == ("USD", 300000, 300000, "AE")
    lines = con.execute(
        f"SELECT trade_id, hs_code, quantity, unit_price_usd_micro, value_usd_minor"
        f" FROM '{tables['goods_lines']}' WHERE trade_id = ?",
        [usd.id],
    ).fetchall()
    assert lines == [(usd.id, "630231", 100, 30_000_000, 300000)]
    refs = dict(con.execute(f"SELECT txn_id, trade_ref FROM '{tables['transactions']}'").fetchall())
    assert refs[odd.id] == usd.id
    skipped = dict(result.skipped)
    assert "TBML-07-GOODS-MISMATCH" not in skipped
    assert "TBML-05-UNIT-PRICE" not in skipped
    mismatch = [a for a in result.alerts if a.rule_id == "TBML-07-GOODS-MISMATCH"]
    assert [a.evidence for a in mismatch] == [(odd.id,)]
