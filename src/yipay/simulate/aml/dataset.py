"""One monitoring dataset: the normal market with every pattern laid over it, and the labels.

Injectors run in the fixed order of `PATTERNS`, each with its own stream and id block, after
the market; their records are merged with the market's and everything is ordered by time (ties
by the printed id, which no component controls).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from yipay.simulate.aml import (
    inject_flow,
    inject_jurisdiction,
    inject_network,
    inject_profile,
    inject_timing,
    inject_trade,
)
from yipay.simulate.aml.cases import Context, Injected
from yipay.simulate.aml.config import AmlConfig
from yipay.simulate.aml.frame import NO_TRADE, LineBlock, TradeBlock, TxnBlock
from yipay.simulate.aml.ids import mix64
from yipay.simulate.aml.market import Market, build_market
from yipay.simulate.aml.patterns import PATTERNS
from yipay.simulate.aml.streams import AmlStreams

I64 = npt.NDArray[np.int64]

INJECTORS: dict[str, Callable[[Context, int], None]] = {
    "no_trade": inject_trade.no_trade,
    "over_balance": inject_trade.over_balance,
    "trade_reuse": inject_trade.trade_reuse,
    "third_party_foreign": inject_trade.third_party_foreign,
    "structuring": inject_network.structuring,
    "fan_out": inject_network.fan_out,
    "fan_in": inject_network.fan_in,
    "gather_scatter": inject_network.gather_scatter,
    "scatter_gather": inject_network.scatter_gather,
    "bipartite": inject_network.bipartite,
    "stack": inject_network.stack,
    "price_anomaly": inject_trade.price_anomaly,
    "early_payment": inject_timing.early_payment,
    "late_payment": inject_timing.late_payment,
    "rapid_in_out": inject_flow.rapid_in_out,
    "random": inject_flow.random_walk,
    "goods_mismatch": inject_trade.goods_mismatch,
    "high_risk_jurisdiction": inject_jurisdiction.high_risk_jurisdiction,
    "offshore_shell": inject_jurisdiction.offshore_shell,
    "dormant_awakening": inject_profile.dormant_awakening,
    "new_account_burst": inject_profile.new_account_burst,
    "profile_drift": inject_profile.profile_drift,
    "cycle": inject_flow.cycle,
    "cash_inflow": inject_flow.cash_inflow,
    "split_declaration": inject_timing.split_declaration,
}


@dataclass
class TxnLabel:
    txn: int  # row in AmlDataset.txns
    typology: int
    pattern: str
    pattern_id: str


@dataclass
class AccountLabel:
    account: int  # index into market.accounts
    typology: int
    pattern: str
    pattern_id: str
    role: str


@dataclass
class AmlDataset:
    config: AmlConfig
    market: Market
    txns: TxnBlock  # every transaction, in time order
    txn_ids: npt.NDArray[np.uint64]  # the scrambled number printed as the txn id, per row
    trades: TradeBlock  # the trades written to trades.csv
    lines: LineBlock
    txn_labels: list[TxnLabel]
    account_labels: list[AccountLabel]
    cases: dict[str, int]  # pattern → cases injected
    normal_transactions: int


def generate(config: AmlConfig) -> AmlDataset:
    market = build_market(config)
    streams = AmlStreams(config.seed)
    injected = [Context(market, streams, p.name).run(INJECTORS[p.name]) for p in PATTERNS]
    return assemble(config, market, injected)


def assemble(config: AmlConfig, market: Market, injected: list[Injected]) -> AmlDataset:
    txns = TxnBlock.concat([market.txns] + [i.txns for i in injected])
    printed = mix64(txns.key, market.keys.txn_key)
    order = np.lexsort((printed, txns.ts))
    txns, printed = txns.take(order), printed[order]
    labelled = [(i, key, pattern_id) for i in injected for key, pattern_id in i.txn_labels]
    by_key = np.argsort(txns.key)
    wanted = np.array([key for _i, key, _p in labelled], dtype=np.uint64)
    rows = by_key[np.searchsorted(txns.key, wanted, sorter=by_key)].tolist()
    txn_labels = [
        TxnLabel(row, i.pattern.typology, i.pattern.name, pattern_id)
        for row, (i, _key, pattern_id) in zip(rows, labelled, strict=True)
    ]
    txn_labels.sort(key=lambda label: label.txn)
    account_labels = [
        AccountLabel(account, i.pattern.typology, i.pattern.name, pattern_id, role)
        for i in injected
        for account, pattern_id, role in i.account_labels
    ]
    normal = market.trades.block
    # money for a trade the shop registers only after the dataset ends is not matched yet
    future = normal.key[normal.trade_day > market.last_day]
    txns.trade[np.isin(txns.trade, future)] = NO_TRADE
    referenced = np.isin(normal.key, txns.trade)
    in_window = (normal.trade_day >= market.first_day) & (normal.trade_day <= market.last_day)
    keep = np.flatnonzero(referenced | in_window)
    trades = TradeBlock.concat([_take_trades(normal, keep)] + [i.trades for i in injected])
    kept_keys = normal.key[keep]
    normal_lines = market.trades.lines
    line_rows = np.flatnonzero(np.isin(normal_lines.trade, kept_keys))
    lines = LineBlock.concat([_take_lines(normal_lines, line_rows)] + [i.lines for i in injected])
    # trades by registration day (ties by printed id), lines after their trade: a row's place
    # in the files says nothing about who made it
    trade_order = np.lexsort((mix64(trades.key, market.keys.trade_key), trades.trade_day))
    trades = _take_trades(trades, trade_order)
    by_key = np.argsort(trades.key)
    line_trade = by_key[np.searchsorted(trades.key, lines.trade, sorter=by_key)]
    lines = _take_lines(lines, np.lexsort((lines.line_no, line_trade)))
    return AmlDataset(
        config=config,
        market=market,
        txns=txns,
        txn_ids=printed,
        trades=trades,
        lines=lines,
        txn_labels=txn_labels,
        account_labels=account_labels,
        cases={i.pattern.name: i.cases for i in injected},
        normal_transactions=len(market.txns),
    )


def _take_trades(block: TradeBlock, rows: I64) -> TradeBlock:
    return TradeBlock(*(getattr(block, f)[rows] for f in TradeBlock.__dataclass_fields__))


def _take_lines(block: LineBlock, rows: I64) -> LineBlock:
    return LineBlock(*(getattr(block, f)[rows] for f in LineBlock.__dataclass_fields__))
