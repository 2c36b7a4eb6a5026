"""Opaque identifiers: keyed bijections of (component, sequence number).

Each component (the normal market, each laundering pattern) numbers its own entities 0, 1, 2 …
in a block of the id space reserved for it, and a keyed bijection scrambles the block number
into the printed id. So ids never collide, never depend on another component's size (changing
one pattern's rate renames nothing elsewhere), and say nothing about who made them: a mule's id
looks like any supplier's, a laundering transaction's like any payment's. The key comes from
the seed's `ids` stream; rules must treat ids as opaque.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

U64 = np.uint64
_M64 = 0xFFFFFFFFFFFFFFFF
_FMIX = (0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53)


@dataclass(frozen=True)
class IdSpace:
    """Ids `prefix` + `digits` decimal digits over 2**bits numbers: the normal market owns the
    lower half, each laundering component (1, 2, …) a block of 2**block_bits in the upper half."""

    prefix: str
    bits: int
    block_bits: int
    digits: int
    key: int

    @property
    def normal_capacity(self) -> int:
        return 1 << (self.bits - 1)

    def numbers(self, component: int, seq: npt.NDArray[np.int64]) -> npt.NDArray[np.uint64]:
        """Scrambled numbers of entities `seq` of `component` (0 = normal market)."""
        seq = np.asarray(seq, dtype=np.int64)
        if component == 0:
            if seq.size and int(seq.max()) >= self.normal_capacity:
                raise ValueError(f"too many {self.prefix} ids for the normal market")
            plain = seq.astype(np.uint64)
        else:
            if seq.size and int(seq.max()) >= 1 << self.block_bits:
                raise ValueError(f"too many {self.prefix} ids for component {component}")
            base = self.normal_capacity + ((component - 1) << self.block_bits)
            plain = (seq + base).astype(np.uint64)
        return _permute(plain, self.bits, self.key)

    def ids(
        self, component: int, seq: npt.NDArray[np.int64], prefix: str | None = None
    ) -> list[str]:
        head = self.prefix if prefix is None else prefix
        numbers = self.numbers(component, seq).tolist()
        return [f"{head}{n:0{self.digits}d}" for n in numbers]

    def one(self, component: int, seq: int, prefix: str | None = None) -> str:
        return self.ids(component, np.array([seq]), prefix)[0]


def _permute(x: npt.NDArray[np.uint64], bits: int, key: int) -> npt.NDArray[np.uint64]:
    """A bijection of [0, 2**bits): key additions, odd multiplications and xor-shifts."""
    mask = U64((1 << bits) - 1)
    half = U64(bits // 2 + 1)
    y = x.copy()
    for round_no in range(3):
        round_key = U64((key >> (round_no * 16)) & ((1 << bits) - 1))
        y = (y + round_key) & mask
        y = (y * U64(0x9E3779B97F4A7C15 | 1)) & mask
        y ^= y >> half
    return y


def mix64(x: npt.NDArray[np.uint64], key: int) -> npt.NDArray[np.uint64]:
    """MurmurHash3's 64-bit finaliser of `x ^ key`: a bijection of the 64-bit integers."""
    with np.errstate(over="ignore"):
        y = x ^ U64(key & _M64)
        y ^= y >> U64(33)
        y *= U64(_FMIX[0])
        y ^= y >> U64(33)
        y *= U64(_FMIX[1])
        y ^= y >> U64(33)
    return y


def hex_keys(component: int, seq: npt.NDArray[np.int64]) -> npt.NDArray[np.uint64]:
    """Unscrambled 64-bit keys (component in the top 16 bits) for `mix64`."""
    return (np.uint64(component) << U64(48)) | np.asarray(seq, dtype=np.int64).astype(np.uint64)


@dataclass(frozen=True)
class IdKeys:
    """The keys of one dataset, drawn once from its `ids` stream."""

    merchant: IdSpace
    account: IdSpace
    declaration: IdSpace
    agent: IdSpace
    txn_key: int
    trade_key: int

    @classmethod
    def draw(cls, rng: np.random.Generator) -> IdKeys:
        keys = [int(k) for k in rng.integers(0, 2**63 - 1, size=6, dtype=np.int64)]
        return cls(
            merchant=IdSpace("M", 19, 12, 6, keys[0]),
            account=IdSpace("A", 23, 16, 7, keys[1]),
            declaration=IdSpace("", 29, 22, 9, keys[2]),
            agent=IdSpace("G", 13, 6, 4, keys[3]),
            txn_key=keys[4],
            trade_key=keys[5],
        )
