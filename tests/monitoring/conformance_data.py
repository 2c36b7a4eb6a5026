"""One seeded dataset of the canonical tables on which every rule of the catalogue fires.

The DuckDB ↔ Spark conformance test runs each rule over it on both engines. A comparison over
rows where nothing fires proves nothing, so besides the market's ordinary traffic (collections
for trades with deposits and balances, third parties paying for buyers, charges deducted,
settlements and payouts) it plants every pattern of DOMAIN.md's typologies and the network
patterns of IBM AMLworld, generously above any sensible default threshold, plus the edge cases
where engines tend to differ: ties in time and amount, timestamps either side of Shanghai
midnight, NULL USD equivalents and countries, self-transfers, negative-free integer windows.

Under 50k rows in all (about 17k transactions, 5k trades, 10k goods lines). Deterministic:
one seed, a separate numpy stream per component.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from tests.monitoring.canonical import write_goods_lines, write_trades, write_transactions
from yipay.monitoring.rules.lookups import write_lookup_tables

SEED = 20261127
START = datetime(2025, 1, 1, tzinfo=UTC)
SPAN_DAYS = 540
MERCHANTS = 300
BUYERS = 2000
TRADES = 5000

# USD cents per 100 minor units of the currency (integer reference rates); XOF has none.
USD_PER_100_MINOR = {"USD": 100, "CNY": 14, "EUR": 108}
COUNTRIES = ["US", "RU", "AE", "NG", "BR", "IN", "KZ", "TR", "ES", "MX", "EG", "SA", "PK", "GB"]
# (HS code, description, words a buyer writes in the remittance, base unit price in USD)
GOODS = [
    ("950300", "plastic toys", ("toys", "juguetes", "игрушки"), 2.0),
    ("950590", "christmas decorations", ("christmas decorations", "adornos navidad"), 0.8),
    ("670290", "artificial flowers", ("artificial flowers", "flores artificiales"), 0.5),
    ("611020", "knitted sweaters", ("sweaters", "свитера"), 6.0),
    ("420222", "handbags", ("handbags", "bolsos"), 4.5),
    ("392410", "plastic tableware", ("plastic tableware", "vajilla plastico"), 0.6),
    ("691200", "ceramic tableware", ("ceramic cups", "посуда"), 1.2),
    ("711719", "imitation jewellery", ("jewellery", "bisuteria"), 0.3),
    ("732393", "stainless kitchenware", ("kitchenware", "utensilios cocina"), 2.5),
    ("940540", "led lamps", ("lamps", "lamparas"), 8.0),
    ("960321", "toothbrushes", ("toothbrushes", "cepillos"), 0.2),
    ("650500", "knitted hats", ("hats", "шапки"), 1.5),
]


# Lookup tables that rules read besides the canonical three (keyword lists, country lists…):
# functions that write some as Parquet into the given directory and return table name → file.
# A rule reading a table that neither the canonical writers nor these provide fails the
# conformance test.
LOOKUP_WRITERS: tuple[Callable[[Path], dict[str, Path]], ...] = (write_lookup_tables,)


@dataclass
class Tables:
    """Rows of the three canonical tables, and a counter per id prefix."""

    transactions: list[dict[str, Any]] = field(default_factory=list)
    trades: list[dict[str, Any]] = field(default_factory=list)
    goods_lines: list[dict[str, Any]] = field(default_factory=list)
    _counters: dict[str, int] = field(default_factory=dict)

    def next_id(self, prefix: str) -> str:
        self._counters[prefix] = self._counters.get(prefix, 0) + 1
        return f"{prefix}{self._counters[prefix]:06d}"

    def pay(
        self,
        at: datetime,
        payer: str,
        payee: str,
        amount_minor: int,
        currency: str = "USD",
        prefix: str = "T",
        **facts: Any,
    ) -> str:
        txn_id = self.next_id(prefix)
        rate = USD_PER_100_MINOR.get(currency)
        self.transactions.append(
            {
                "txn_id": txn_id,
                "ts": at,
                "payer_id": payer,
                "payee_id": payee,
                "amount_minor": amount_minor,
                "currency": currency,
                "amount_usd_minor": None if rate is None else amount_minor * rate // 100,
                "payer_name": facts.pop("payer_name", f"{payer} Trading"),
                "payee_name": facts.pop("payee_name", f"{payee} Co"),
                "channel": facts.pop("channel", "transfer"),
                **facts,
            }
        )
        return txn_id

    def trade(
        self, day: int, merchant: str, buyer: str, buyer_country: str, usd_minor: int, **facts: Any
    ) -> str:
        trade_id = facts.pop("trade_id", None) or self.next_id("TR")
        self.trades.append(
            {
                "trade_id": trade_id,
                "merchant_id": merchant,
                "buyer_id": buyer,
                "buyer_name": f"{buyer} Trading",
                "buyer_country": buyer_country,
                "kind": facts.pop("kind", "1039"),
                "declaration_no": facts.pop("declaration_no", f"DEC{trade_id}"),
                "agent_id": facts.pop("agent_id", f"AG{int(merchant[1:]) % 40:03d}"),
                "trade_day_no": _day_no(day),
                "export_day_no": _day_no(facts.pop("export_day", day + 10)),
                "amount_minor": usd_minor,
                "currency": "USD",
                "amount_usd_minor": usd_minor,
                "prepayment": facts.pop("prepayment", False),
                "prepayment_deadline_day_no": facts.pop("prepayment_deadline_day_no", None),
                **facts,
            }
        )
        return trade_id

    def line(self, trade_id: str, goods: int, quantity: int, unit_price_usd: float) -> None:
        hs_code, description, _, _ = GOODS[goods]
        micro = round(unit_price_usd * 1_000_000)
        line_no = self._counters[trade_id] = self._counters.get(trade_id, 0) + 1
        self.goods_lines.append(
            {
                "trade_id": trade_id,
                "line_no": line_no,
                "hs_code": hs_code,
                "description": description,
                "quantity": quantity,
                "unit_price_usd_micro": micro,
                "value_usd_minor": quantity * micro // 10_000,
            }
        )


def _day_no(day: int | None) -> int | None:
    """Days since 1970-01-01 of the dataset's day `day` (counted from START)."""
    return None if day is None else (START.date() - datetime(1970, 1, 1).date()).days + day


def at(day: float, hour: float = 0.0) -> datetime:
    """A moment `day` days and `hour` hours after START (UTC), to the second."""
    return START + timedelta(seconds=round((day * 24 + hour) * 3600))


def _normal_market(t: Tables, rng: np.random.Generator) -> None:
    """Trades with goods lines, paid by their buyers or third parties; settlements, payouts."""
    size = rng.pareto(1.2, MERCHANTS) + 1
    merchant_of = rng.choice(MERCHANTS, TRADES, p=size / size.sum())
    buyer_of = rng.integers(0, BUYERS, TRADES)
    buyer_country = rng.choice(COUNTRIES, BUYERS)
    third_party = rng.random(TRADES) < 0.3
    trade_day = np.sort(rng.integers(0, SPAN_DAYS - 60, TRADES))
    usd = np.round(rng.lognormal(np.log(5_000), 0.9, TRADES), 2).clip(50, 140_000)
    currency = rng.choice(["USD", "CNY", "EUR"], TRADES, p=[0.75, 0.15, 0.10])
    for i in range(TRADES):
        merchant, buyer = f"M{merchant_of[i]:04d}", f"B{buyer_of[i]:04d}"
        country = str(buyer_country[buyer_of[i]])
        day = int(trade_day[i])
        usd_minor = int(usd[i] * 100)
        trade_id = t.trade(
            day,
            merchant,
            buyer,
            country,
            usd_minor,
            export_day=day + int(rng.integers(5, 40)),
            **_prepayment(day, bool(rng.random() < 0.2)),
        )
        kinds = rng.choice(len(GOODS), int(rng.integers(1, 4)), replace=False)
        for k in kinds:
            _, _, _, base = GOODS[int(k)]
            price = round(base * float(rng.lognormal(0, 0.25)), 6)
            quantity = max(1, int(usd_minor / 100 / len(kinds) / price))
            t.line(trade_id, int(k), quantity, price)
        words = GOODS[int(kinds[0])][2]
        purpose = f"INV {trade_id} {words[int(rng.integers(0, len(words)))]}"
        payer, payer_country = buyer, country
        if third_party[i]:
            payer = f"P{rng.integers(0, 600):04d}"
            payer_country = country if rng.random() < 0.5 else str(rng.choice(COUNTRIES))
        cur = str(currency[i])
        minor = usd_minor * 100 // USD_PER_100_MINOR[cur]
        parts = [minor] if rng.random() < 0.4 else [minor * 3 // 10, minor - minor * 3 // 10]
        for n, part in enumerate(parts):
            when = day + (int(rng.integers(-5, 40)) if len(parts) == 1 else (n * 20) - 10)
            charges = int(rng.integers(1_000, 5_000)) if rng.random() < 0.2 else 0
            t.pay(
                at(when, float(rng.uniform(0, 24))),
                payer,
                merchant,
                max(1, part - charges),
                cur,
                channel="collection",
                purpose=purpose,
                trade_ref=trade_id,
                payer_country=payer_country,
                payee_country="CN",
                buyer_id=buyer,
                buyer_country=country,
            )
            if rng.random() < 0.5:
                _settle(t, rng, merchant, when, part, cur)


def _prepayment(day: int, prepaid: bool) -> dict[str, Any]:
    """A prepaid trade may be paid up to 60 days before it is concluded."""
    return {
        "prepayment": prepaid,
        "prepayment_deadline_day_no": _day_no(day - 60) if prepaid else None,
    }


def _settle(
    t: Tables, rng: np.random.Generator, merchant: str, day: int, minor: int, cur: str
) -> None:
    """The merchant sells the currency into its CNY wallet; the wallet pays out to its bank."""
    later = day + int(rng.integers(1, 6))
    t.pay(at(later, 3), merchant, f"W{merchant}", minor, cur, channel="settlement")
    cny = minor * USD_PER_100_MINOR[cur] * 100 // USD_PER_100_MINOR["CNY"] // 100
    t.pay(at(later + 1, 2), f"W{merchant}", f"K{merchant}", cny, "CNY", channel="payout")


def _network_patterns(t: Tables, rng: np.random.Generator) -> None:
    """Typologies 4, 6, 9, 10 and AMLworld's eight, on accounts that only these use."""

    def usd(low: float, high: float) -> int:
        return int(rng.uniform(low, high)) * 100

    # structuring: one payer, five payments just under USD 10k within two days
    for n in range(5):
        t.pay(at(200 + n * 0.4, 9), "XS-PAYER", f"M{n:04d}", usd(9_200, 9_990), prefix="XS")
    # structuring: one payee receives from six payers just under USD 10k within two days
    for n in range(6):
        t.pay(at(220 + n / 3, 11), f"XS-SRC{n}", "XS-PAYEE", usd(9_100, 9_990), prefix="XS")
    # fan-out: one payer to ten payees the same day, split-sized
    for n in range(10):
        t.pay(at(250, 1 + n), "XF-OUT", f"XF-DST{n}", usd(2_000, 8_000), prefix="XF")
    # fan-in: fifteen payers into one payee the same day
    for n in range(15):
        t.pay(at(260, 1 + n), f"XF-SRC{n}", "XF-IN", usd(1_500, 9_000), prefix="XF")
    # cycles of 2, 3 and 4 hops within two days, amounts shrinking by fees
    for hops in (2, 3, 4):
        ring = [f"XC{hops}-{n}" for n in range(hops)]
        amount = usd(40_000, 60_000)
        for n in range(hops):
            t.pay(at(300 + hops, 2 + n * 6), ring[n], ring[(n + 1) % hops], amount, prefix="XC")
            amount -= 10_000
    # scatter-gather: one source, five mules, one sink, within a day
    for n in range(5):
        t.pay(at(320, 1), "XSG-SRC", f"XSG-MULE{n}", 1_900_000, prefix="XG")
        t.pay(at(320, 6 + n), f"XSG-MULE{n}", "XSG-SINK", 1_880_000, prefix="XG")
    # gather-scatter: five sources into one hub, the hub out to five sinks
    for n in range(5):
        t.pay(at(330, 1 + n), f"XGS-SRC{n}", "XGS-HUB", 2_500_000, prefix="XG")
        t.pay(at(330, 12 + n), "XGS-HUB", f"XGS-SINK{n}", 2_450_000, prefix="XG")
    # bipartite and stack: four sources pay four sinks, which pay four more
    for a in range(4):
        for b in range(4):
            t.pay(at(340, 1 + a), f"XB-SRC{a}", f"XB-MID{b}", usd(3_000, 6_000), prefix="XB")
            t.pay(at(341, 1 + b), f"XB-MID{b}", f"XB-END{a}", usd(3_000, 6_000), prefix="XB")
    # random: a chain through mules over a week
    chain = [f"XR-{n}" for n in range(6)]
    for n in range(5):
        t.pay(at(350 + n, 5), chain[n], chain[n + 1], usd(20_000, 30_000), prefix="XR")
    # rapid in-out: in, then nearly all of it out, two hours later
    t.pay(at(360, 3), "XIO-SRC", "XIO-ACC", 8_000_000, prefix="XI")
    t.pay(at(360, 5), "XIO-ACC", "XIO-DST", 7_900_000, prefix="XI")
    # rapid in-out through a merchant: collection, settlement and payout on one day
    t.pay(at(361, 1), "XIO-BUYER", "M0007", 4_000_000, channel="collection", prefix="XI")
    t.pay(at(361, 4), "M0007", "WM0007", 4_000_000, channel="settlement", prefix="XI")
    t.pay(at(361, 7), "WM0007", "XIO-BANK", 28_400_000, "CNY", channel="payout", prefix="XI")
    # velocity: eighty small payments within one Shanghai day (from 00:30 there)
    for n in range(80):
        t.pay(at(370, 16.5 + n / 6), "XV-PAYER", f"XV-DST{n % 7}", usd(300, 900), prefix="XV")
    # dormancy: small activity, 220 silent days, then large sums from new payers
    for n in range(4):
        t.pay(at(10 + n * 7, 10), "XD-BUYER", "XD-ACC", usd(100, 300), prefix="XD")
    for n in range(3):
        t.pay(at(260 + n, 10), f"XD-SRC{n}", "XD-ACC", usd(60_000, 90_000), prefix="XD")
    # new account with large immediate volume
    for n in range(15):
        t.pay(at(400 + n / 3, 8), f"XN-SRC{n}", "XN-NEW", usd(20_000, 40_000), prefix="XN")
    # profile drift: a year of small receipts, then a month of large ones
    for n in range(104):
        t.pay(at(n * 3.5, 9), f"XP-BUYER{n % 9}", "XP-SHOP", usd(1_500, 2_500), prefix="XP")
    for n in range(60):
        t.pay(at(380 + n / 2, 9), f"XP-NEWBUYER{n}", "XP-SHOP", usd(8_000, 9_500), prefix="XP")
    # cash and cash-like inflows presented as trade
    for n in range(3):
        t.pay(at(410, 2 + n), f"XK-CASH{n}", "M0009", 3_000_000, channel="cash", prefix="XK")


def _trade_patterns(t: Tables) -> None:
    """Typologies 1, 2, 3, 5, 6, 7, 8, 11: collections and trades that betray themselves."""

    def trade(day: int, merchant: str, buyer: str, country: str, usd: int, **facts: Any) -> str:
        trade_id = t.trade(day, merchant, buyer, country, usd, **facts)
        t.line(trade_id, 0, max(1, usd // 200), 2.0)  # toys at the heading's usual price
        return trade_id

    def collect(day: int, payer: str, trade_id: str, usd_minor: int, **facts: Any) -> str:
        """A collection paying `trade_id`, from the buyer's country unless said otherwise."""
        row = next(r for r in reversed(t.trades) if r["trade_id"] == trade_id)
        facts.setdefault("payer_country", row["buyer_country"])
        facts.setdefault("purpose", f"INV {trade_id} toys")
        return t.pay(
            at(day, 10),
            payer,
            row["merchant_id"],
            usd_minor,
            channel="collection",
            prefix="Y",
            trade_ref=trade_id,
            payee_country="CN",
            buyer_id=row["buyer_id"],
            buyer_country=row["buyer_country"],
            **facts,
        )

    # 1: no trade at all, a trade that does not exist, more than the trade's balance
    t.pay(
        at(420, 10),
        "YA-PAYER",
        "M0011",
        2_000_000,
        channel="collection",
        prefix="Y",
        payer_country="AE",
        purpose="payment",
    )
    t.pay(
        at(421, 10),
        "YA-PAYER",
        "M0011",
        1_500_000,
        channel="collection",
        prefix="Y",
        payer_country="AE",
        trade_ref="TR-NOWHERE",
        purpose="INV TR-NOWHERE toys",
    )
    over = trade(430, "M0012", "YB-BUYER", "AE", 1_000_000)
    collect(431, "YB-BUYER", over, 600_000)
    collect(440, "YB-BUYER", over, 700_000)
    # 2: a trade used up, then presented again; one declaration under two merchants' trades
    used = trade(450, "M0013", "YC-BUYER", "NG", 800_000)
    collect(451, "YC-BUYER", used, 800_000)
    collect(470, "YC-OTHER", used, 800_000)
    for merchant in ("M0014", "M0015"):
        twin = trade(455, merchant, "YD-BUYER", "KZ", 2_000_000, declaration_no="DEC-TWIN")
        collect(456, "YD-BUYER", twin, 2_000_000)
    # 3: a third party in another country than the registered buyer
    third = trade(460, "M0016", "YE-BUYER", "AE", 2_500_000)
    collect(461, "YE-PAYER", third, 2_500_000, payer_country="RU")
    # 5: a unit price forty times its heading's band; a collection far above the goods' value
    priced = t.trade(465, "M0017", "YF-BUYER", "BR", 4_000_000)
    t.line(priced, 0, 500, 80.0)
    collect(466, "YF-BUYER", priced, 4_000_000)
    thin = t.trade(467, "M0018", "YG-BUYER", "MX", 6_000_000)
    t.line(thin, 0, 500, 2.0)
    collect(468, "YG-BUYER", thin, 6_000_000)
    # 6: paid 150 days before the trade without a prepayment flag; 300 days after export
    early = trade(500, "M0019", "YH-BUYER", "EG", 3_000_000, export_day=510)
    collect(350, "YH-BUYER", early, 3_000_000)
    late = trade(100, "M0020", "YI-BUYER", "SA", 3_000_000, export_day=110)
    collect(410, "YI-BUYER", late, 3_000_000)
    # 7: the remittance names other goods than the trade's lines, in two languages
    for n, words in enumerate(("mobile phones", "телефоны мобильные")):
        odd = trade(470 + n, "M0021", "YJ-BUYER", "RU", 2_000_000)
        collect(471 + n, "YJ-BUYER", odd, 2_000_000, purpose=f"INV {odd} {words}")
    # 8: payers in sanctioned and high-risk jurisdictions; an offshore shell
    for n, country in enumerate(("IR", "KP", "SY")):
        risky = trade(480 + n, "M0022", f"YK-BUYER{n}", "AE", 1_500_000)
        collect(481 + n, f"YK-PAYER{n}", risky, 1_500_000, payer_country=country)
    shell = trade(490, "M0023", "YL-BUYER", "GB", 3_500_000)
    collect(
        491, "YL-SHELL", shell, 3_500_000, payer_country="VG", payer_name="OCEANIC HOLDINGS LTD"
    )
    # 11: one shipment declared as three 1039 declarations under the USD 150,000 cap
    for n in range(3):
        split = trade(495 + n, "M0024", "YM-BUYER", "NG", 6_000_000, agent_id="AG-SPLIT")
        collect(497 + n, "YM-BUYER", split, 6_000_000)


def _edge_cases(t: Tables) -> None:
    """Where engines tend to differ: ties, Shanghai midnight, NULLs, self-transfers."""
    for _ in range(2):  # identical time, parties and amount
        t.pay(at(430, 4), "ZT-PAYER", "ZT-PAYEE", 950_000, prefix="Z")
    # 15:59:59 and 16:00:00 UTC fall on two Shanghai days
    t.pay(at(431, 15 + 3599 / 3600), "ZM-PAYER", "ZM-PAYEE", 960_000, prefix="Z")
    t.pay(at(431, 16), "ZM-PAYER", "ZM-PAYEE", 970_000, prefix="Z")
    t.pay(at(432, 9), "ZN-PAYER", "ZN-PAYEE", 5_000_000, "XOF", prefix="Z")  # no USD equivalent
    t.pay(at(432, 10), "ZN-PAYER", "ZN-PAYEE", 990_000, payer_country=None, prefix="Z")
    t.pay(at(433, 10), "ZS-SELF", "ZS-SELF", 990_000, prefix="Z")


def build(directory: Path, seed: int = SEED) -> dict[str, Path]:
    """Write the dataset's tables as Parquet under `directory`; returns table name → file."""
    normal, network = (np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(2))
    t = Tables()
    _normal_market(t, normal)
    _network_patterns(t, network)
    _trade_patterns(t)
    _edge_cases(t)
    writers: dict[str, tuple[Callable[..., Path], list[dict[str, Any]]]] = {
        "transactions": (write_transactions, t.transactions),
        "trades": (write_trades, t.trades),
        "goods_lines": (write_goods_lines, t.goods_lines),
    }
    paths = {
        name: write(directory / f"{name}.parquet", rows) for name, (write, rows) in writers.items()
    }
    for write_lookups in LOOKUP_WRITERS:
        paths |= write_lookups(directory)
    return paths
