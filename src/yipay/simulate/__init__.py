"""Market simulator: a deterministic week (or more) of Yiwu's cross-border collections.

`simulate(SimulationConfig(...))` returns a `MarketDataset` of plain frozen records (merchants,
buyers, trades, payments, partner-bank rates) plus ground-truth labels for the injected
typologies; `write_dataset` writes it as CSV. Imports only the standard library, numpy and
`yipay.core`.

Determinism and random streams
------------------------------
Everything is drawn from `numpy.random.SeedSequence(config.seed).spawn(n)`: one child seed, and
one Generator, per named component, in the fixed order of `streams.STREAM_NAMES`:

    merchants, buyers, catalogue, trades, payments, payers, charges, rates,
    no_trade, third_party_foreign, large_value_day, embargoed_payer

A component draws only from its own stream, so the same config always gives the same dataset
(UUIDs included: they are made from the stream, never `uuid.uuid4()`), and the draws of one
component do not depend on how much another consumed. Typology injectors run after the normal
market, only add records, and each uses its own stream: changing the number of cases of one
typology (e.g. `large_value_merchant_days`) leaves every normal payment identical. A new typology
appends a new name to `STREAM_NAMES` (never insert or reorder: spawned children are keyed by
position), so adding it does not shift any existing draw.
"""

from yipay.simulate.config import SimulationConfig
from yipay.simulate.market import simulate
from yipay.simulate.rates import RateBook
from yipay.simulate.records import (
    GoodsLine,
    Label,
    MarketDataset,
    SimBuyer,
    SimMerchant,
    SimPayment,
    SimRate,
    SimTrade,
)
from yipay.simulate.uscc import is_valid_uscc
from yipay.simulate.writer import write_dataset

__all__ = [
    "GoodsLine",
    "Label",
    "MarketDataset",
    "RateBook",
    "SimBuyer",
    "SimMerchant",
    "SimPayment",
    "SimRate",
    "SimTrade",
    "SimulationConfig",
    "is_valid_uscc",
    "simulate",
    "write_dataset",
]
