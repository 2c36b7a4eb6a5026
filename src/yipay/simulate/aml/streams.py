"""Named random streams of the monitoring simulator, one numpy Generator per component.

`AML_STREAMS` is append-only (children of `SeedSequence.spawn` are keyed by position): a new
pattern appends its name at the end. Every laundering pattern has a stream of its own, so
changing one pattern's rate leaves the normal market and every other pattern's draws as they
were. The seed sequence is keyed apart from the market simulator's (`spawn_key=(7,)`, issue 7),
so the same seed in both simulators gives unrelated draws.
"""

from __future__ import annotations

import numpy as np

from yipay.simulate.streams import Draw

#: Append only. Reordering or inserting shifts every stream after the change.
AML_STREAMS: tuple[str, ...] = (
    "ids",
    "merchants",
    "buyers",
    "payers",
    "suppliers",
    "trades",
    "payments",
    "flows",
    "rates",
    "purposes",
    "names",
    "no_trade",
    "over_balance",
    "trade_reuse",
    "third_party_foreign",
    "structuring",
    "fan_out",
    "fan_in",
    "gather_scatter",
    "scatter_gather",
    "bipartite",
    "stack",
    "price_anomaly",
    "early_payment",
    "late_payment",
    "rapid_in_out",
    "random",
    "goods_mismatch",
    "high_risk_jurisdiction",
    "offshore_shell",
    "dormant_awakening",
    "new_account_burst",
    "profile_drift",
    "cycle",
    "cash_inflow",
    "split_declaration",
)
ISSUE_KEY = 7


class AmlStreams:
    """The generators of one dataset, by component name."""

    def __init__(self, seed: int) -> None:
        root = np.random.SeedSequence(seed, spawn_key=(ISSUE_KEY,))
        children = root.spawn(len(AML_STREAMS))
        self._rngs = {
            name: np.random.default_rng(child)
            for name, child in zip(AML_STREAMS, children, strict=True)
        }
        self._draws: dict[str, Draw] = {}

    def rng(self, name: str) -> np.random.Generator:
        return self._rngs[name]

    def draw(self, name: str) -> Draw:
        """A scalar-friendly view of the same stream (for the few-per-case injector draws)."""
        if name not in self._draws:
            self._draws[name] = Draw(name, self._rngs[name])
        return self._draws[name]


FIRST_PATTERN = AML_STREAMS.index("no_trade")


def component_no(pattern: str) -> int:
    """The block of identifiers a pattern numbers its entities in (0 is the normal market)."""
    return 1 + AML_STREAMS.index(pattern) - FIRST_PATTERN
