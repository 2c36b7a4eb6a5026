"""Trade typologies 1, 2, 3, 5 and 7: money that no genuine trade of that shop explains.

- no_trade (1): a collection with no trade, or one naming a trade id that does not exist.
- over_balance (1): a trade is paid, then paid again in part or in full within days; the
  collections beyond the trade's amount are labelled.
- trade_reuse (2): a trade already paid is presented again weeks later by someone else, or a
  new trade at another shop carries an existing declaration number; the new collection is
  labelled.
- third_party_foreign (3): a company in another country, with no history with the buyer,
  pays the buyer's trade in full (half of them from the trade hubs where honest third
  parties also sit).
- price_anomaly (5): unit prices 3.5-12 times the top of their heading's usual band, or a
  declared value 4-10 times the goods lines; the collections paying the trade are labelled.
- goods_mismatch (7): the remittance names other goods (phones, gold, car parts … or another
  chapter's Yiwu goods) than the trade's lines, in English or the payer's language.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from yipay.simulate.aml.cases import Context, Trade
from yipay.simulate.aml.catalogue import COVER_GOODS, LANGUAGES
from yipay.simulate.aml.currencies import USD
from yipay.simulate.aml.frame import COLLECTION, K1039, NO_TRADE
from yipay.simulate.aml.market import Market
from yipay.simulate.aml.market_clock import DAY
from yipay.simulate.aml.market_trades import invoice_texts
from yipay.simulate.aml.parties import HUBS, buyer_countries

I64 = npt.NDArray[np.int64]


def _fee(ctx: Context, amount: int, currency: int) -> int:
    """What intermediary banks deduct on the way (USD 0-50)."""
    return amount - min(amount // 2, ctx.minor(5 * ctx.draw.between(0, 10), currency))


def _buyer_trade(ctx: Context, m: int, b: int, usd: float, day: int, **options: object) -> Trade:
    buyers = ctx.market.buyers
    trade_day = day - ctx.draw.between(5, 40)
    export = trade_day + ctx.draw.between(5, 30)
    return ctx.trade(
        ctx.account_of(m),
        ctx.merchant_category(m),
        int(buyers.account[b]),
        usd,
        int(buyers.currency[b]) if ctx.draw.chance(0.7) else USD,
        trade_day,
        export_day=export if export <= ctx.last_day else None,
        **options,  # type: ignore[arg-type]
    )


def no_trade(ctx: Context, _remaining: int) -> None:
    m = ctx.merchant()
    roll = ctx.draw.uniform()
    if roll < 0.5:
        payer = int(ctx.market.buyers.account[ctx.buyer()])
    else:
        payer = ctx.payer_abroad("P" if roll < 0.8 else "B")
    usd = min(80_000.0, max(2_000.0, ctx.draw.lognormal(9_000, 0.8)))
    if ctx.draw.chance(0.5):
        usd = round(usd, -3 if usd > 10_000 else -2)
    currency = ctx.currency()
    phantom = None
    if ctx.variant(3) == 1:
        phantom = ctx.trade(
            ctx.account_of(m),
            ctx.merchant_category(m),
            payer,
            usd,
            currency,
            ctx.first_day,
            written=False,
        )
    day = ctx.day()
    purpose = ctx.purpose(phantom) if phantom else ctx.purpose(None)
    ctx.collect(
        ctx.foreign_ts(day),
        payer,
        ctx.account_of(m),
        ctx.minor(usd, currency),
        currency,
        purpose,
        None if phantom is None else phantom.key,
    )
    ctx.label_account(payer, "payer")
    ctx.label_account(ctx.account_of(m), "merchant")


def over_balance(ctx: Context, remaining: int) -> None:
    m, b = ctx.merchant(), ctx.buyer()
    day = ctx.day(before_end=12, after_start=2)
    trade = _buyer_trade(ctx, m, b, 3_000 + ctx.draw.uniform() * 37_000, day)
    payer = int(ctx.market.buyers.account[b])
    first = ctx.foreign_ts(day)
    ctx.collect(
        first,
        payer,
        ctx.account_of(m),
        _fee(ctx, trade.amount, trade.currency),
        trade.currency,
        ctx.purpose(trade),
        trade.key,
        labelled=False,
    )
    ts = first
    for _ in range(1 if remaining < 2 or ctx.draw.chance(0.6) else 2):
        ts = ctx.later(ts, 24 * 60, 10 * 24 * 60)
        again = payer if ctx.draw.chance(0.6) else ctx.payer_abroad("P")
        amount = max(1, round(trade.amount * (0.4 + 0.8 * ctx.draw.uniform())))
        ctx.collect(
            ts, again, ctx.account_of(m), amount, trade.currency, ctx.purpose(trade), trade.key
        )
        ctx.label_account(again, "payer")
    ctx.label_account(ctx.account_of(m), "merchant")


def _paid_trades(market: Market) -> tuple[I64, I64, I64]:
    """Normal trades paid in full inside the window: (trade index, last payment ts, payer)."""
    txns = market.txns
    block = market.trades.block
    rows = np.flatnonzero((txns.channel == COLLECTION) & (txns.trade != NO_TRADE))
    order = np.argsort(block.key)
    position = np.searchsorted(block.key, txns.trade[rows], sorter=order)
    trade = order[np.minimum(position, len(order) - 1)]
    paid = np.zeros(len(block), dtype=np.int64)
    np.add.at(paid, trade, txns.amount[rows])
    last = np.zeros(len(block), dtype=np.int64)
    np.maximum.at(last, trade, txns.ts[rows])
    payer = np.full(len(block), -1, dtype=np.int64)
    payer[trade] = txns.payer[rows]
    full = np.flatnonzero((paid >= block.amount * 0.97) & (last < market.end_ts - 30 * DAY))
    return full, last[full], payer[full]


def trade_reuse(ctx: Context, _remaining: int) -> None:
    market = ctx.market
    if "paid" not in ctx.memo:
        ctx.memo["paid"] = _paid_trades(market)
    candidates, last_paid, first_payer = ctx.memo["paid"]
    block = market.trades.block
    if ctx.variant(2) == 0 and len(candidates):
        pick = ctx.draw.below(len(candidates))
        t = int(candidates[pick])
        m = int(market.trades.merchant[t])
        payer = (
            ctx.payer_abroad("P")
            if ctx.draw.chance(0.6)
            else int(market.buyers.account[ctx.buyer()])
        )
        ts = ctx.later(int(last_paid[pick]), 5 * 24 * 60, 30 * 24 * 60)
        invoice = invoice_texts(market.merchants, market.trades, np.array([t]))[0]
        again = Trade(
            int(block.key[t]),
            int(block.amount[t]),
            int(block.currency[t]),
            invoice,
            int(market.trades.goods_item[t]),
        )
        ctx.collect(
            ts,
            payer,
            ctx.account_of(m),
            _fee(ctx, again.amount, again.currency),
            again.currency,
            ctx.purpose(again),
            again.key,
        )
        ctx.label_account(payer, "payer")
        ctx.label_account(int(first_payer[pick]), "first_payer")
        ctx.label_account(ctx.account_of(m), "merchant")
        return
    written = (block.trade_day >= market.first_day) & (block.export_day <= market.last_day)
    declared = np.flatnonzero((block.kind == K1039) & (block.declaration >= 0) & written)
    original = int(declared[ctx.draw.below(len(declared))])
    m = ctx.merchant()
    day = min(
        ctx.last_day, max(ctx.first_day, int(block.export_day[original]) + ctx.draw.between(1, 20))
    )
    b = ctx.buyer()
    trade = ctx.trade(
        ctx.account_of(m),
        ctx.merchant_category(m),
        int(market.buyers.account[b]),
        float(market.trades.usd_cents[original]) / 100,
        int(block.currency[original]),
        int(block.trade_day[original]),
        export_day=int(block.export_day[original]),
        declaration=int(block.declaration[original]),
    )
    payer = int(market.buyers.account[b])
    ctx.collect(
        ctx.foreign_ts(day),
        payer,
        ctx.account_of(m),
        _fee(ctx, trade.amount, trade.currency),
        trade.currency,
        ctx.purpose(trade),
        trade.key,
    )
    ctx.label_account(ctx.account_of(m), "merchant")
    ctx.label_account(int(market.trades.block.merchant[original]), "declaration_owner")


def third_party_foreign(ctx: Context, _remaining: int) -> None:
    m, b = ctx.merchant(small=False), ctx.buyer()
    buyers = ctx.market.buyers
    home = buyers.country[b]
    if ctx.draw.chance(0.5):
        country = ctx.draw.pick([h for h in HUBS if h != home])
    else:
        countries, _shares = buyer_countries()
        country = ctx.draw.pick([c for c in countries if c != home])
    payer = ctx.new_account("P", country, natural=False)
    day = ctx.day(after_start=1)
    trade = _buyer_trade(ctx, m, b, 10_000 + ctx.draw.uniform() * 90_000, day)
    ctx.collect(
        ctx.foreign_ts(day),
        payer,
        ctx.account_of(m),
        _fee(ctx, trade.amount, trade.currency),
        trade.currency,
        ctx.purpose(trade, ctx.language(country)),
        trade.key,
    )
    ctx.label_account(payer, "third_party")
    ctx.label_account(int(buyers.account[b]), "buyer")


def price_anomaly(ctx: Context, remaining: int) -> None:
    m, b = ctx.merchant(), ctx.buyer()
    day = ctx.day(before_end=10, after_start=1)
    usd = 8_000 + ctx.draw.uniform() * 60_000
    if ctx.variant(3) != 1:
        trade = _buyer_trade(ctx, m, b, usd, day, price_factor=3.5 + 8.5 * ctx.draw.uniform())
    else:
        trade = _buyer_trade(ctx, m, b, usd / 6, day, amount_factor=4 + 6 * ctx.draw.uniform())
    payer = int(ctx.market.buyers.account[b])
    if remaining >= 2 and ctx.draw.chance(0.3):
        deposit = trade.amount * 3 // 10
        ctx.collect(
            ctx.foreign_ts(day),
            payer,
            ctx.account_of(m),
            deposit,
            trade.currency,
            ctx.purpose(trade),
            trade.key,
        )
        later = min(ctx.last_day, day + ctx.draw.between(5, 20))
        ctx.collect(
            ctx.foreign_ts(later),
            payer,
            ctx.account_of(m),
            _fee(ctx, trade.amount - deposit, trade.currency),
            trade.currency,
            ctx.purpose(trade),
            trade.key,
        )
    else:
        ctx.collect(
            ctx.foreign_ts(day),
            payer,
            ctx.account_of(m),
            _fee(ctx, trade.amount, trade.currency),
            trade.currency,
            ctx.purpose(trade),
            trade.key,
        )
    ctx.label_account(ctx.account_of(m), "merchant")
    ctx.label_account(payer, "buyer")


def goods_mismatch(ctx: Context, _remaining: int) -> None:
    m, b = ctx.merchant(), ctx.buyer()
    buyers = ctx.market.buyers
    day = ctx.day(after_start=1)
    trade = _buyer_trade(ctx, m, b, 4_000 + ctx.draw.uniform() * 40_000, day)
    language = buyers.language[b] if ctx.draw.chance(0.4) else "en"
    catalogue = ctx.market.catalogue
    chapter = catalogue.chapter(trade.item)
    words: tuple[str, ...]
    if ctx.draw.chance(0.6):
        words = ctx.draw.pick(COVER_GOODS)[1]
    else:
        others = [i for i in range(len(catalogue.items)) if catalogue.chapter(i) != chapter]
        words = catalogue.words[ctx.draw.pick(others)]
    goods = words[LANGUAGES.index(language)]
    template = ctx.draw.pick(
        (
            "PAYMENT FOR {inv} {goods}",
            "{goods}",
            "PURCHASE OF {goods}",
            "INV {inv} {goods}",
            "{goods} ORDER {inv}",
        )
    )
    purpose = template.format(inv=trade.invoice, goods=goods)
    payer = int(buyers.account[b])
    ctx.collect(
        ctx.foreign_ts(day),
        payer,
        ctx.account_of(m),
        _fee(ctx, trade.amount, trade.currency),
        trade.currency,
        purpose,
        trade.key,
    )
    ctx.label_account(ctx.account_of(m), "merchant")
    ctx.label_account(payer, "buyer")
