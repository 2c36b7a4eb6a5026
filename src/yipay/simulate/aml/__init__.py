"""Monitoring datasets: the market's normal money flows with laundering patterns laid over them.

`generate(AmlConfig(...))` simulates the shops, buyers, third-party payers, trades with goods
lines, collections, FX settlements, payouts and supplier payments of a window (vectorised with
numpy), then lays every pattern of `patterns.PATTERNS` over it (typologies 1-11 of DOMAIN.md
and IBM AMLworld's eight network shapes), each injector on its own random stream and id block.
`render.tables` turns the dataset into the text of the files `yipay monitor run` reads, with
ground-truth labels per transaction and per account; `render.manifest` says what was made.
Pure: numpy and the standard library only; the columnar adapter writes the files
(`yipay.jobs.monitoring_dataset`). See docs/monitoring-simulator.md.
"""

from yipay.simulate.aml.config import AmlConfig, with_rates
from yipay.simulate.aml.dataset import AmlDataset, generate
from yipay.simulate.aml.patterns import PATTERNS, Pattern

__all__ = ["PATTERNS", "AmlConfig", "AmlDataset", "Pattern", "generate", "with_rates"]
