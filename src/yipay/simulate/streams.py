"""Named random streams: one numpy Generator per simulator component, spawned in a fixed order.

Every component draws only from its own stream, so the draws of one component never depend on how
many numbers another one consumed. `STREAM_NAMES` is append-only: a new typology injector gets a
new name at the end, which spawns one more child seed and leaves every existing child untouched
(`SeedSequence.spawn` keys children by their index).
"""

from __future__ import annotations

import bisect
import math
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

T = TypeVar("T")

#: Append only. Reordering or inserting shifts every stream after the change.
STREAM_NAMES: tuple[str, ...] = (
    "merchants",
    "buyers",
    "catalogue",
    "trades",
    "payments",
    "payers",
    "charges",
    "rates",
    "no_trade",
    "third_party_foreign",
    "large_value_day",
    "embargoed_payer",
)

_BLOCK = 1024


class Draw:
    """A named stream with cheap scalar draws (numbers are fetched from numpy in blocks).

    Block fetching keeps the sequence deterministic: the same calls in the same order always
    return the same values, and Python-level scalar calls avoid numpy's per-call overhead.
    """

    def __init__(self, name: str, rng: np.random.Generator) -> None:
        self.name = name
        self.rng = rng
        self._uniforms: list[float] = []
        self._u_next = 0
        self._normals: list[float] = []
        self._n_next = 0

    def uniform(self) -> float:
        """A float in [0, 1)."""
        if self._u_next >= len(self._uniforms):
            self._uniforms = self.rng.random(_BLOCK).tolist()
            self._u_next = 0
        value = self._uniforms[self._u_next]
        self._u_next += 1
        return value

    def normal(self) -> float:
        if self._n_next >= len(self._normals):
            self._normals = self.rng.standard_normal(_BLOCK).tolist()
            self._n_next = 0
        value = self._normals[self._n_next]
        self._n_next += 1
        return value

    def chance(self, probability: float) -> bool:
        return self.uniform() < probability

    def below(self, n: int) -> int:
        """An int in [0, n)."""
        return min(n - 1, int(self.uniform() * n))

    def between(self, low: int, high: int) -> int:
        """An int in [low, high], both ends included."""
        return low + self.below(high - low + 1)

    def pick(self, items: Sequence[T]) -> T:
        return items[self.below(len(items))]

    def pick_weighted(self, items: Sequence[T], cumulative: Sequence[float]) -> T:
        """An item drawn with the weights whose running sums are `cumulative`."""
        point = self.uniform() * cumulative[-1]
        return items[min(len(items) - 1, bisect.bisect_right(cumulative, point))]

    def lognormal(self, median: float, sigma: float) -> float:
        return median * math.exp(sigma * self.normal())

    def exponential(self, mean: float) -> float:
        return -mean * math.log(1.0 - self.uniform())

    def poisson(self, lam: float) -> int:
        return int(self.rng.poisson(lam)) if lam > 0 else 0

    def digits(self, count: int) -> str:
        return "".join(str(self.below(10)) for _ in range(count))

    def chars(self, alphabet: str, count: int) -> str:
        return "".join(alphabet[self.below(len(alphabet))] for _ in range(count))

    def uuid4(self) -> str:
        """A version-4 UUID made from this stream (reproducible, unlike `uuid.uuid4()`)."""
        return str(uuid.UUID(bytes=self.rng.bytes(16), version=4))


def cumulative(weights: Sequence[float]) -> list[float]:
    """Running sums of `weights`, for `Draw.pick_weighted`."""
    total = 0.0
    sums = []
    for weight in weights:
        total += weight
        sums.append(total)
    return sums


@dataclass(frozen=True)
class Streams:
    """All named streams of one simulation run."""

    draws: dict[str, Draw]

    @classmethod
    def from_seed(cls, seed: int) -> Streams:
        children = np.random.SeedSequence(seed).spawn(len(STREAM_NAMES))
        return cls(
            {
                name: Draw(name, np.random.default_rng(child))
                for name, child in zip(STREAM_NAMES, children, strict=True)
            }
        )

    def __getitem__(self, name: str) -> Draw:
        return self.draws[name]
