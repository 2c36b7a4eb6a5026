"""The market's parties as arrays: shops, overseas buyers, their third-party payers, the shops'
suppliers and export agents.

Shops are heavy-tailed (a few big ones carry much of the volume), some join during the window,
some leave, a few pause for months and come back, a few grow fast, and each trades with its own
seasonality. Buyers come from the regions that buy in Yiwu (plus Panama's Colón Free Zone
traders, companies named "… S.A." that are not shells); a buyer may have relatives, trading
companies, forwarders or exchange houses who pay for him, at home or in a trade hub (Hong Kong,
Dubai, Istanbul). Names come from the simulator's naming cultures, as banks print them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from yipay.simulate.aml.catalogue import CATEGORY_SHARES, LANGUAGE_OF
from yipay.simulate.aml.currencies import CODE, CURRENCY_MIX, USD
from yipay.simulate.aml.frame import Accounts
from yipay.simulate.aml.ids import IdKeys
from yipay.simulate.aml.names import NamePools
from yipay.simulate.geography import REGIONS
from yipay.simulate.goods import CATEGORIES
from yipay.simulate.names_cn import company_name, individual_business_name, person_name
from yipay.simulate.streams import Draw

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]

HUBS = ("HK", "AE", "TR")


def buyer_countries() -> tuple[tuple[str, ...], F64]:
    """Buyer countries and their shares (REGIONS, with Panama among Latin America)."""
    countries, shares = [], []
    for region, (share, within) in REGIONS.items():
        extra = {"PA": 0.08} if region == "latin_america" else {}
        total = sum(within.values()) + sum(extra.values())
        for country, part in {**within, **extra}.items():
            countries.append(country)
            shares.append(share * part / total)
    weights = np.array(shares)
    return tuple(countries), weights / weights.sum()


@dataclass
class Merchants:
    account: I64  # index of the shop's collection account (M…)
    wallet: I64  # its CNY wallet (M…-CNY)
    bank: I64  # its settlement bank account (M…-BANK)
    ids: list[str]
    names: list[str]
    category: I64
    company: npt.NDArray[np.bool_]
    activity: F64
    slice_usd: F64  # median order slice
    onboard_day: I64
    leave_day: I64
    gap_start: I64  # dormancy [gap_start, gap_end), or both 0
    gap_end: I64
    growth: F64  # volume multiplier reached at the window's end (1 = flat)
    settle_every: I64  # days between FX settlements
    settle_phase: I64
    settle_lag: I64
    payout_lag: I64
    suppliers: I64  # (M, 4) account indices of suppliers, -1 where none
    agents: I64  # (M, 2) export agent numbers
    invoice_style: list[str]  # "INV" or two initials
    invoice_base: I64

    def __len__(self) -> int:
        return len(self.ids)


def make_merchants(
    rng: np.random.Generator,
    draw: Draw,
    count: int,
    first_day: int,
    days: int,
    accounts: Accounts,
    keys: IdKeys,
    suppliers: I64,
    agents: int,
) -> Merchants:
    category = rng.choice(len(CATEGORIES), size=count, p=CATEGORY_SHARES)
    is_company = rng.random(count) < 0.2
    scale = np.where(is_company, 1.5, 1.0)
    activity = rng.lognormal(0.0, 1.1, count) * scale
    slice_usd = np.exp(rng.uniform(np.log(2500), np.log(6500), count)) * scale
    new = rng.random(count) < 0.12
    onboard = np.where(
        new,
        first_day + rng.integers(5, max(6, days - 10), count),
        first_day - rng.integers(30, 2000, count),
    )
    leaves = rng.random(count) < 0.04
    leave = np.where(leaves, first_day + rng.integers(20, days, count), first_day + 10 * days)
    gap_start = np.zeros(count, dtype=np.int64)
    gap_end = np.zeros(count, dtype=np.int64)
    if days >= 150:
        length = rng.integers(105, 141, count)
        start = (
            first_day
            + 10
            + (rng.random(count) * np.maximum(0, days - 25 - length)).astype(np.int64)
        )
        paused = (rng.random(count) < 0.03) & ~new & ~leaves
        gap_start = np.where(paused, start, 0)
        gap_end = np.where(paused, start + length, 0)
    growth = np.where(rng.random(count) < 0.03, rng.uniform(3.0, 6.0, count), 1.0)
    big = activity > np.quantile(activity, 0.8)
    settle_every = np.where(
        big, rng.choice([1, 1, 2], count), rng.choice([1, 2, 3, 5, 7], count)
    ).astype(np.int64)
    settle_phase = rng.integers(0, 7, count) % settle_every
    settle_lag = rng.choice([0, 1, 1, 1, 2], count).astype(np.int64)
    payout_lag = (rng.random(count) < 0.4).astype(np.int64)
    has_suppliers = rng.random(count) < 0.4
    n_suppliers = rng.integers(1, 5, count)
    chosen = rng.choice(suppliers, size=(count, 4))
    slots = np.arange(4)[None, :] < n_suppliers[:, None]
    supplier_table = np.where(has_suppliers[:, None] & slots, chosen, -1)
    agent_table = rng.integers(0, agents, size=(count, 2))
    invoice_base = rng.integers(10, 900, count)

    ids = keys.merchant.ids(0, np.arange(count))
    legal: list[str] = []
    styles: list[str] = []
    taken: set[str] = set()
    for m in range(count):
        make = company_name if is_company[m] else individual_business_name
        attempt = 0
        latin = make(draw, CATEGORIES[category[m]], attempt)[1]
        while latin in taken:
            attempt += 1
            latin = make(draw, CATEGORIES[category[m]], attempt)[1]
        taken.add(latin)
        legal.append(latin)
        words = latin.split()
        styles.append("INV" if draw.chance(0.7) else (words[1][:1] + words[2][:1]).upper())
    account = accounts.extend(ids, legal, ["CN"] * count)
    wallet = accounts.extend([f"{i}-CNY" for i in ids], legal, ["CN"] * count)
    bank = accounts.extend([f"{i}-BANK" for i in ids], legal, ["CN"] * count)
    return Merchants(
        account,
        wallet,
        bank,
        ids,
        legal,
        category,
        is_company,
        activity,
        slice_usd,
        onboard,
        leave,
        gap_start,
        gap_end,
        growth,
        settle_every,
        settle_phase,
        settle_lag,
        payout_lag,
        supplier_table,
        agent_table,
        styles,
        invoice_base,
    )


def make_suppliers(
    draw: Draw, count: int, accounts: Accounts, keys: IdKeys, sequence: list[int]
) -> I64:
    """Factories, wholesalers and family workshops the shops buy from (domestic CNY
    accounts)."""
    ids = keys.account.ids(0, take(sequence, count), prefix="A")
    names: list[str] = []
    for _ in range(count):
        if draw.chance(0.3):  # a family workshop paid in its owner's name
            names.append(person_name(draw)[1])
            continue
        place = draw.pick(("Yiwu", "Jinhua", "Pujiang", "Dongyang", "Wenzhou", "Ningbo"))
        latin = company_name(draw, draw.pick(CATEGORIES), draw.below(4))[1]
        names.append(latin.replace("Yiwu", place).replace("Zhejiang", place))
    return accounts.extend(ids, names, ["CN"] * count)


@dataclass
class Buyers:
    account: I64  # the buyer's own paying account (id B…, the buyer id of trades.csv)
    country: list[str]
    natural: npt.NDArray[np.bool_]
    activity: F64
    currency: I64  # preferred currency
    language: list[str]
    relations: I64  # (B, 2) payer account indices of third parties who pay for him, -1 none

    def __len__(self) -> int:
        return len(self.country)


def make_buyers(
    rng: np.random.Generator,
    pools: NamePools,
    count: int,
    accounts: Accounts,
    keys: IdKeys,
    sequence: list[int],
) -> Buyers:
    """Buyers and their third-party payers; `sequence` numbers the normal market's accounts."""
    countries, shares = buyer_countries()
    country = [countries[i] for i in rng.choice(len(countries), size=count, p=shares)]
    natural = rng.random(count) < 0.6
    activity = rng.lognormal(0.0, 1.0, count)
    currency = np.full(count, USD, dtype=np.int64)
    u = rng.random(count)
    codes, country_no = np.unique(np.array(country), return_inverse=True)
    for number, code in enumerate(codes.tolist()):
        mix = CURRENCY_MIX.get(code, {"CNY": 0.08, "USD": 0.92})
        members = np.flatnonzero(country_no == number)
        edges = np.cumsum(list(mix.values()))
        choice = np.minimum(np.searchsorted(edges, u[members], side="right"), len(edges) - 1)
        currency[members] = np.array([CODE[c] for c in mix])[choice]
    names = pools.names(rng, country, natural)
    ids = keys.account.ids(0, take(sequence, count), prefix="B")
    account = accounts.extend(ids, names, country)
    return Buyers(
        account=account,
        country=country,
        natural=natural,
        activity=activity,
        currency=currency,
        language=[LANGUAGE_OF.get(c, "en") for c in country],
        relations=_relations(rng, pools, country, accounts, keys, sequence),
    )


def _relations(
    rng: np.random.Generator,
    pools: NamePools,
    country: list[str],
    accounts: Accounts,
    keys: IdKeys,
    sequence: list[int],
) -> I64:
    """Up to two third parties per buyer: 80 % at home, 20 % in a trade hub; a third of them
    are exchange houses, forwarders or hub companies that pay for about twenty buyers each."""
    count = len(country)
    n = rng.choice([0, 1, 2], size=count, p=[0.4, 0.45, 0.15])
    buyer = np.repeat(np.arange(count), n)
    slot = np.arange(len(buyer)) - np.repeat(np.cumsum(n) - n, n)
    total = len(buyer)
    abroad = rng.random(total) < 0.2
    hub_pick = rng.integers(0, len(HUBS), total)
    where = []
    for k in range(total):
        home = country[buyer[k]]
        hub = HUBS[hub_pick[k]] if HUBS[hub_pick[k]] != home else HUBS[(hub_pick[k] + 1) % 3]
        where.append(hub if abroad[k] else home)
    shared = rng.random(total) < 0.33
    natural = rng.random(total) < 0.45
    payer = np.empty(total, dtype=np.int64)
    own = np.flatnonzero(~shared)
    own_where = [where[k] for k in own]
    payer[own] = _new_payers(rng, pools, own_where, natural[own], accounts, keys, sequence)
    firms: dict[str, list[int]] = {}
    for k in np.flatnonzero(shared).tolist():
        firms.setdefault(where[k], []).append(k)
    for place, members in sorted(firms.items()):
        n_firms = max(1, len(members) // 20)
        made = _new_payers(
            rng, pools, [place] * n_firms, np.zeros(n_firms, dtype=bool), accounts, keys, sequence
        )
        payer[members] = made[rng.integers(0, n_firms, len(members))]
    table = np.full((count, 2), -1, dtype=np.int64)
    table[buyer, slot] = payer
    return table


def _new_payers(
    rng: np.random.Generator,
    pools: NamePools,
    countries: list[str],
    natural: npt.NDArray[np.bool_],
    accounts: Accounts,
    keys: IdKeys,
    sequence: list[int],
) -> I64:
    names = pools.names(rng, countries, natural)
    ids = keys.account.ids(0, take(sequence, len(countries)), prefix="P")
    return accounts.extend(ids, names, countries)


def take(sequence: list[int], count: int) -> I64:
    """The next `count` numbers of the normal market's account sequence."""
    first = sequence[0]
    sequence[0] += count
    return np.arange(first, first + count, dtype=np.int64)
