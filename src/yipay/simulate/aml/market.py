"""The normal market of one dataset: parties, trades and money flows, cut to exactly N rows.

The market is simulated over the window and 100 days of history (so balances, settlements and
late payments of older trades show up in the window), then the transactions inside the window
are ordered by time and the first `config.transactions` kept: the dataset ends where the N-th
normal transaction falls, a little before the window's last day. Injectors lay their patterns
inside [start, end).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from yipay.simulate.aml.catalogue import Catalogue, build_catalogue
from yipay.simulate.aml.config import AmlConfig
from yipay.simulate.aml.currencies import daily_rates
from yipay.simulate.aml.frame import Accounts, TxnBlock
from yipay.simulate.aml.ids import IdKeys
from yipay.simulate.aml.market_clock import DAY, SHANGHAI, rate_first_day
from yipay.simulate.aml.market_flows import make_flows
from yipay.simulate.aml.market_trades import (
    EPOCH,
    HISTORY_DAYS,
    NormalTrades,
    day_date,
    make_trades,
)
from yipay.simulate.aml.names import NamePools
from yipay.simulate.aml.parties import (
    Buyers,
    Merchants,
    make_buyers,
    make_merchants,
    make_suppliers,
)
from yipay.simulate.aml.streams import AmlStreams
from yipay.simulate.calendar import market_activity

I64 = npt.NDArray[np.int64]

#: Normal transactions in the window per buyer visit (measured; the generator checks it).
ROWS_PER_VISIT = 4.9
HEADROOM = 1.06


@dataclass
class Market:
    config: AmlConfig
    keys: IdKeys
    catalogue: Catalogue
    accounts: Accounts
    merchants: Merchants
    buyers: Buyers
    suppliers: I64
    agents: int
    trades: NormalTrades
    txns: TxnBlock  # the normal transactions of the window, in time order
    first_day: int  # Shanghai day number of the window's first day
    start_ts: int
    end_ts: int  # the dataset ends here (exclusive)
    rates: I64
    rate_first: int

    @property
    def last_day(self) -> int:
        return int((self.end_ts - 1 + SHANGHAI) // DAY)


def sizes(transactions: int) -> tuple[int, int, int, int]:
    """(merchants, buyers, suppliers, agents) for a market of about `transactions` rows."""
    merchants = int(np.clip(transactions // 200, 30, 200_000))
    buyers = max(100, transactions // 12)
    return merchants, buyers, max(20, merchants * 6 // 5), max(3, merchants // 40)


def build_market(config: AmlConfig) -> Market:
    factor = HEADROOM
    for _attempt in range(4):
        market = _attempt_market(config, factor)
        if market is not None:
            return market
        factor *= 1.25
    raise RuntimeError("the market did not reach the requested number of transactions")


def _attempt_market(config: AmlConfig, factor: float) -> Market | None:
    streams = AmlStreams(config.seed)
    keys = IdKeys.draw(streams.rng("ids"))
    catalogue = build_catalogue()
    first_day = (config.start - EPOCH).days
    n_merchants, n_buyers, n_suppliers, n_agents = sizes(config.transactions)
    accounts = Accounts()
    sequence = [0]
    suppliers = make_suppliers(streams.draw("suppliers"), n_suppliers, accounts, keys, sequence)
    merchants = make_merchants(
        streams.rng("merchants"),
        streams.draw("names"),
        n_merchants,
        first_day,
        config.days,
        accounts,
        keys,
        suppliers,
        n_agents,
    )
    pools = NamePools(streams.draw("payers"))
    buyers = make_buyers(streams.rng("buyers"), pools, n_buyers, accounts, keys, sequence)
    window_activity = sum(market_activity(day_date(first_day + d)) for d in range(config.days))
    visits_per_day = config.transactions * factor / (window_activity * ROWS_PER_VISIT)
    trades = make_trades(
        streams.rng("trades"),
        merchants,
        buyers,
        catalogue,
        keys,
        first_day,
        config.days,
        visits_per_day,
    )
    rates = daily_rates(streams.rng("rates"), config.days + HISTORY_DAYS + 400)
    rate_first = rate_first_day(first_day)
    txns, texts = make_flows(
        streams.rng("payments"),
        streams.rng("flows"),
        rates,
        merchants,
        buyers,
        trades,
        accounts,
        first_day,
    )
    start_ts = first_day * DAY - SHANGHAI
    window_end = (first_day + config.days) * DAY - SHANGHAI
    inside = np.flatnonzero((txns.ts >= start_ts) & (txns.ts < window_end))
    if len(inside) < config.transactions + 1:
        return None
    order = inside[np.lexsort((txns.key[inside], txns.ts[inside]))]
    kept = order[: config.transactions]
    end_ts = int(txns.ts[order[config.transactions]])
    if end_ts == int(txns.ts[kept[-1]]):
        end_ts += 1
    window = txns.take(kept)
    filled = np.flatnonzero(window.source >= 0)
    window.purpose[filled] = texts.purposes(
        streams.rng("purposes"),
        window.source[filled],
        merchants,
        buyers,
        trades,
        accounts,
        catalogue,
    )
    return Market(
        config,
        keys,
        catalogue,
        accounts,
        merchants,
        buyers,
        suppliers,
        n_agents,
        trades,
        window,
        first_day,
        start_ts,
        end_ts,
        rates,
        rate_first,
    )
