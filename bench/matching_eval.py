"""Score payment↔trade matching on the frozen simulator sets; a naive baseline runs beside it.

    .venv/bin/python -m bench.matching_eval [--engine-cmd ".venv/bin/yipay reconcile"] [--big]
        [--sets s101,s202] [--keep DIR] [--reuse DIR]

Each set of `tests/fixtures/matching/eval_sets.json` (frozen before any engine tuning) is
generated into a temporary directory; the engine runs as
`<engine-cmd> --payments P.csv --trades T.csv --rates R.csv --output M.csv --suggestions S.csv`
(plus `--relations relations.csv` when its --help mentions that option) and M.csv is scored
against truth.csv. Without the command only the baseline is reported. `--reuse DIR` takes a set
from DIR/<name> when it holds its files (e.g. the big set, generated once with `yipay simulate
reconcile --seed 4040 --payments 1000000 --out DIR/big`) instead of generating it again. Engine
seconds are wall time; peak MB is the largest peak resident set (VmHWM, sampled) among the engine's
processes.

Scoring:
- pair: (payment_id, trade_id) with a non-empty trade id. A predicted pair in the truth is a true
  positive whatever its amount; "amount ok" is the share of true-positive pairs whose
  allocated_amount equals the truth's to the minor unit (reported, not part of F1).
- unmatched: a payment with no pair in M.csv (missing from M.csv counts as unmatched).
- over-allocated trade: the gross it consumes exceeds its amount. Gross = allocated + that
  allocation's pro-rata share of stated charges; in another currency it is valued at the
  instructed amount when that is in the trade's currency, else at the value date's mid rates
  with `fx_tolerance` (2%) of slack; one minor unit per allocation row is allowed for rounding.
- bad sums: payments whose M.csv rows do not add up to the amount received.
"""

from __future__ import annotations

import argparse
import csv
import json
import shlex
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from rich.console import Console
from rich.table import Table

from yipay.simulate.reconcile_records import CASES, ReconcileConfig
from yipay.simulate.reconcile_writer import write_reconcile

ROOT = Path(__file__).resolve().parent.parent
SETS = ROOT / "tests" / "fixtures" / "matching" / "eval_sets.json"
UNMATCHED_CASES = ("no_trade", "no_trade_decoy_ref")
FX_TOLERANCE = Decimal("0.02")
M_COLUMNS = ("payment_id", "trade_id", "allocated_amount", "currency", "score")

Row = dict[str, str]


def read_csv(path: Path) -> list[Row]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def normalise_name(name: str) -> str:
    folded = unicodedata.normalize("NFKC", name).casefold()
    return " ".join("".join(c if c.isalnum() else " " for c in folded).split())


# -- the naive baseline --------------------------------------------------------------------------
def baseline(directory: Path, output: Path) -> None:
    """Exact amount in the same currency + exact normalised payer name == buyer name, greedy:
    each payment, in file order, takes the first unused trade of its beneficiary that fits."""
    open_trades: dict[tuple[str, str, str, str], list[str]] = defaultdict(list)
    for trade in read_csv(directory / "T.csv"):
        key = (
            trade["merchant_id"],
            trade["currency"],
            str(Decimal(trade["amount"])),
            normalise_name(trade["buyer_name"]),
        )
        open_trades[key].append(trade["trade_id"])
    with output.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(M_COLUMNS)
        for p in read_csv(directory / "P.csv"):
            key = (
                p["beneficiary_id"],
                p["currency"],
                str(Decimal(p["amount"])),
                normalise_name(p["payer_name"]),
            )
            candidates = open_trades.get(key)
            trade_id = candidates.pop(0) if candidates else ""
            writer.writerow([p["payment_id"], trade_id, p["amount"], p["currency"], "1"])


# -- scoring -------------------------------------------------------------------------------------
_COUNTERS = (
    "payments",
    "right",
    "tp",
    "fp",
    "fn",
    "amount_ok",
    "unmatched_truth",
    "unmatched_found",
    "unmatched_predicted",
    "over_allocated",
    "bad_sums",
)


@dataclass
class Score:
    payments: int = 0
    right: int = 0  # payments whose set of trades is exactly the truth's
    tp: int = 0
    fp: int = 0
    fn: int = 0
    amount_ok: int = 0
    unmatched_truth: int = 0
    unmatched_found: int = 0
    unmatched_predicted: int = 0
    over_allocated: int = 0
    bad_sums: int = 0
    seconds: float = 0.0
    peak_mb: float = 0.0
    by_case: dict[str, Score] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def unmatched_recall(self) -> float:
        return self.unmatched_found / self.unmatched_truth if self.unmatched_truth else 1.0

    @property
    def unmatched_precision(self) -> float:
        pred = self.unmatched_predicted
        return self.unmatched_found / pred if pred else 1.0

    def case(self, name: str) -> Score:
        return self.by_case.setdefault(name, Score())

    def add(self, other: Score) -> None:
        for name in _COUNTERS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.seconds += other.seconds
        self.peak_mb = max(self.peak_mb, other.peak_mb)
        for case, score in other.by_case.items():
            self.case(case).add(score)


def _allocations(rows: Iterable[Row]) -> dict[str, dict[str, Decimal]]:
    result: dict[str, dict[str, Decimal]] = defaultdict(dict)
    for row in rows:
        trades = result[row["payment_id"]]
        trade_id = row.get("trade_id") or ""
        trades[trade_id] = trades.get(trade_id, Decimal(0)) + Decimal(row["allocated_amount"])
    return result


class Rates:
    def __init__(self, rows: Iterable[Row]) -> None:
        self.mid: dict[tuple[str, date], Decimal] = {}
        for row in rows:
            day = date.fromisoformat(row["as_of"][:10])
            self.mid[row["base"], day] = (Decimal(row["bid"]) + Decimal(row["ask"])) / 2

    def convert(self, amount: Decimal, source: str, target: str, day: date) -> Decimal:
        cny = amount if source == "CNY" else amount * self.mid[source, day]
        return cny if target == "CNY" else cny / self.mid[target, day]


def score(directory: Path, matches: Path) -> Score:
    payments = {p["payment_id"]: p for p in read_csv(directory / "P.csv")}
    trades = {t["trade_id"]: t for t in read_csv(directory / "T.csv")}
    rates = Rates(read_csv(directory / "R.csv"))
    truth_rows = read_csv(directory / "truth.csv")
    truth = _allocations(truth_rows)
    case_of = {row["payment_id"]: row["case"] for row in truth_rows}
    predicted = _allocations(read_csv(matches))
    result = Score()
    for payment_id, payment in payments.items():
        true_pairs = {t: a for t, a in truth[payment_id].items() if t}
        got = predicted.get(payment_id, {})
        got_pairs = {t: a for t, a in got.items() if t}
        hits = set(true_pairs) & set(got_pairs)
        amount_ok = sum(1 for t in hits if abs(true_pairs[t] - got_pairs[t]) < Decimal("0.01"))
        for tally in (result, result.case(case_of[payment_id])):
            tally.payments += 1
            tally.right += true_pairs.keys() == got_pairs.keys()
            tally.tp += len(hits)
            tally.fp += len(set(got_pairs) - hits)
            tally.fn += len(set(true_pairs) - hits)
            tally.amount_ok += amount_ok
            tally.bad_sums += bool(got) and sum(got.values()) != Decimal(payment["amount"])
            tally.unmatched_truth += not true_pairs
            tally.unmatched_found += not true_pairs and not got_pairs
            tally.unmatched_predicted += not got_pairs
    result.over_allocated = over_allocated(payments, trades, rates, predicted)
    return result


def over_allocated(
    payments: dict[str, Row],
    trades: dict[str, Row],
    rates: Rates,
    predicted: dict[str, dict[str, Decimal]],
) -> int:
    """Trades whose consumed gross exceeds their amount (see the module docstring)."""
    consumed: dict[str, Decimal] = defaultdict(Decimal)
    slack: dict[str, Decimal] = defaultdict(Decimal)
    for payment_id, allocations in predicted.items():
        payment = payments.get(payment_id)
        if payment is None:
            continue
        amount = Decimal(payment["amount"])
        charges = Decimal(payment["charges_amount"] or 0)
        for trade_id, allocated in allocations.items():
            trade = trades.get(trade_id)
            if not trade_id or trade is None or not amount:
                continue
            gross = allocated + charges * allocated / amount
            code, target = payment["currency"], trade["currency"]
            unit = Decimal("0.01")
            if code == target:
                value = gross
            elif payment["instructed_currency"] == target and payment["instructed_amount"]:
                value = Decimal(payment["instructed_amount"]) * allocated / amount
            else:
                day = date.fromisoformat(payment["value_date"])
                value = rates.convert(gross, code, target, day)
                unit += value * FX_TOLERANCE
            consumed[trade_id] += value
            slack[trade_id] += unit
    return sum(
        1
        for trade_id, value in consumed.items()
        if value > Decimal(trades[trade_id]["amount"]) + slack[trade_id]
    )


# -- running -------------------------------------------------------------------------------------
def engine_available(command: list[str]) -> tuple[bool, bool]:
    """(the command answers --help, it takes --relations)."""
    try:
        done = subprocess.run(
            [*command, "--help"], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return False, False
    return done.returncode == 0, "--relations" in done.stdout


def run_engine(command: list[str], directory: Path, relations: bool) -> tuple[float, float]:
    """(wall seconds, peak resident MB of the engine and its processes)."""
    args = [
        *command,
        *("--payments", str(directory / "P.csv"), "--trades", str(directory / "T.csv")),
        *("--rates", str(directory / "R.csv"), "--output", str(directory / "M.csv")),
        *("--suggestions", str(directory / "S.csv")),
    ]
    if relations:
        args += ["--relations", str(directory / "relations.csv")]
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8") as errors:
        started = time.perf_counter()
        process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=errors, text=True)
        peak = 0
        while process.poll() is None:
            peak = max(peak, _peak_kb(process.pid))
            time.sleep(0.1)
        seconds = time.perf_counter() - started
        if process.returncode != 0:
            errors.seek(0)
            message = errors.read().strip()[-500:]
            raise RuntimeError(f"engine failed ({process.returncode}): {message}")
    return seconds, peak / 1024


def _peak_kb(pid: int) -> int:
    """The largest peak resident set (VmHWM) of a process and its children, 0 when unknown."""
    peak = 0
    pids = [str(pid)]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text(encoding="ascii")
        pids += children.split()
    except OSError:
        pass
    for each in pids:
        try:
            status = Path(f"/proc/{each}/status").read_text(encoding="utf-8")
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                peak = max(peak, int(line.split()[1]))
    return peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--engine-cmd", default=str(ROOT / ".venv" / "bin" / "yipay") + " reconcile"
    )
    parser.add_argument("--big", action="store_true", help="include the sets marked big")
    parser.add_argument("--sets", default="", help="comma-separated set names (default: all)")
    parser.add_argument("--keep", type=Path, help="keep the generated sets under this directory")
    parser.add_argument(
        "--reuse", type=Path, help="take a set from DIR/<name> when it is there, else generate it"
    )
    args = parser.parse_args()
    frozen = json.loads(SETS.read_text(encoding="utf-8"))
    wanted = {s for s in args.sets.split(",") if s}
    chosen = [
        s
        for s in frozen["sets"]
        if (s["name"] in wanted) or (not wanted and (args.big or not s.get("big")))
    ]
    command = shlex.split(args.engine_cmd)
    available, relations = engine_available(command)
    console = Console(width=max(150, Console().width))
    if not available:
        console.print(f"engine not available ({args.engine_cmd}): reporting the baseline only")
    table = Table(title="payment↔trade matching on the frozen simulator sets")
    for column in ("set / case", "system", "payments", "right"):
        table.add_column(column, justify="left" if column == "set / case" else "right")
    for column in ("pairs P", "pairs R", "pairs F1", "amount ok", "unmatched R", "unmatched P"):
        table.add_column(column, justify="right")
    for column in ("over-alloc", "bad sums", "seconds", "peak MB"):
        table.add_column(column, justify="right")
    totals: dict[str, Score] = {}
    for spec in chosen:
        with tempfile.TemporaryDirectory(dir=args.keep) as tmp:
            reused = args.reuse / spec["name"] if args.reuse else None
            if reused is not None and all(
                (reused / name).is_file() for name in ("P.csv", "T.csv", "R.csv", "truth.csv")
            ):
                directory = Path(tmp) / spec["name"]
                directory.mkdir()
                for name in ("P.csv", "T.csv", "R.csv", "truth.csv", "relations.csv"):
                    if (reused / name).is_file():
                        (directory / name).symlink_to((reused / name).resolve())
                console.print(f"{spec['name']}: reused from {reused}")
            else:
                directory = Path(tmp) / spec["name"]
                config = ReconcileConfig(seed=spec["seed"], payments=spec["payments"])
                started = time.perf_counter()
                counts = write_reconcile(config, directory)
                generated = time.perf_counter() - started
                console.print(
                    f"{spec['name']}: {counts['P.csv']:,} payments, {counts['T.csv']:,} trades "
                    f"generated in {generated:.1f} s"
                )
            systems = [("baseline", None)] + ([("engine", command)] if available else [])
            for system, cmd in systems:
                output = directory / ("M.csv" if cmd else "baseline.csv")
                started = time.perf_counter()
                peak = 0.0
                if cmd is None:
                    baseline(directory, output)
                    seconds = time.perf_counter() - started
                else:
                    seconds, peak = run_engine(cmd, directory, relations)
                result = score(directory, output)
                result.seconds = seconds
                result.peak_mb = peak
                totals.setdefault(system, Score()).add(result)
                table.add_row(spec["name"], system, *_cells(result))
    table.add_section()
    for system, result in totals.items():
        table.add_row("all sets", system, *_cells(result))
    for case in CASES:
        table.add_section()
        for system, result in totals.items():
            if case in result.by_case:
                table.add_row(case, system, *_cells(result.by_case[case], per_case=True))
    console.print(table)
    sys.exit(0)


def _cells(result: Score, *, per_case: bool = False) -> list[str]:
    amount_ok = result.amount_ok / result.tp if result.tp else 1.0
    unmatched = result.unmatched_truth or not per_case
    return [
        f"{result.payments:,}",
        f"{result.right / result.payments:.4f}" if result.payments else "-",
        f"{result.precision:.4f}",
        f"{result.recall:.4f}",
        f"{result.f1:.4f}",
        f"{amount_ok:.4f}",
        f"{result.unmatched_recall:.4f}" if unmatched else "-",
        f"{result.unmatched_precision:.4f}" if not per_case else "-",
        "-" if per_case else str(result.over_allocated),
        str(result.bad_sums),
        "-" if per_case else f"{result.seconds:.1f}",
        "-" if per_case or not result.peak_mb else f"{result.peak_mb:,.0f}",
    ]


if __name__ == "__main__":
    main()
