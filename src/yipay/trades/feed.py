"""The platform feed's file layouts → records (pure: text in, FeedLines out).

Three layouts, documented in docs/operations.md ("Trade registry: the platform feed"):

* JSON Lines (default): one record per line — `"record": "trade" | "declaration" | "document"`
  (trade when absent), goods lines and documents nested; blank lines and lines starting with
  `#` are skipped. Problems name the line.
* JSON: a top-level array of the same records; problems name the record's position (1-based).
* CSV ("standing for the networked information platform"): one row per goods line, the trade's
  (and its declaration's) fields repeated on every row of it. Rows with the same `platform_id`
  form one trade; trades with a `declaration_no` and `export_agent` form one 1039 declaration
  per declaration number. Problems name the CSV line of the row at fault (the trade's first
  row for trade-level fields).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping
from typing import Any

from yipay.trades.domain import ImportProblem
from yipay.trades.forms import Problems, feed_record
from yipay.trades.registry import FeedLine

TRADE_COLUMNS = (
    "platform_id",
    "kind",
    "merchant_id",
    "buyer_id",
    "reference",
    "order_no",
    "amount",
    "currency",
    "trade_date",
    "export_date",
    "prepayment",
    "documents_due_by",
    "payer_name",
    "waybill_no",
)
DECLARATION_COLUMNS = (
    "declaration_no",
    "declaration_platform_id",
    "export_agent",
    "container_no",
    "port",
    "declaration_amount",
    "declaration_usd_value",
    "declaration_export_date",
)
LINE_COLUMNS = (
    "line_name",
    "line_hs_code",
    "line_quantity",
    "line_unit",
    "line_unit_price",
    "line_amount",
)
DOCUMENT_COLUMNS = (
    "doc_kind",
    "doc_number",
    "doc_export_date",
    "doc_consignee_name",
    "doc_consignee_country",
    "doc_carrier",
)
CSV_COLUMNS = TRADE_COLUMNS + DECLARATION_COLUMNS + LINE_COLUMNS + DOCUMENT_COLUMNS
REQUIRED_CSV_COLUMNS = {"platform_id", "merchant_id", "buyer_id", "reference", "amount"}


def read_feed(text: str, layout: str) -> list[FeedLine]:
    """`layout` is jsonl, json or csv."""
    if layout == "csv":
        return read_csv(text)
    if layout == "json":
        return read_json_array(text)
    return read_json_lines(text)


def layout_of(name: str, text: str) -> str:
    lowered = name.lower()
    if lowered.endswith(".csv"):
        return "csv"
    if lowered.endswith(".json") and text.lstrip().startswith("["):
        return "json"
    return "jsonl"


def _line(number: int, data: object) -> FeedLine:
    problems = Problems()
    record = feed_record(data, problems)
    found = tuple(ImportProblem(number, f, r) for f, r in problems.items)
    return FeedLine(number, None if found else record, found)


def read_json_lines(text: str) -> list[FeedLine]:
    lines: list[FeedLine] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            problem = ImportProblem(number, "record", f"malformed JSON: {exc.msg} at {exc.colno}")
            lines.append(FeedLine(number, None, (problem,)))
            continue
        lines.append(_line(number, data))
    return lines


def read_json_array(text: str) -> list[FeedLine]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        problem = ImportProblem(exc.lineno, "record", f"malformed JSON: {exc.msg}")
        return [FeedLine(exc.lineno, None, (problem,))]
    if not isinstance(data, list):
        return [FeedLine(1, None, (ImportProblem(1, "record", "a JSON feed is an array"),))]
    return [_line(i, item) for i, item in enumerate(data, start=1)]


# -- CSV -----------------------------------------------------------------------------------------

_GOODS_AT = re.compile(r"(?:^|\.)goods\[(\d+)\]")
_SLICE_AT = re.compile(r"^slices\[(\d+)\]\.")


def read_csv(text: str) -> list[FeedLine]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip() for h in reader.fieldnames or []]
    unknown = sorted(set(header) - set(CSV_COLUMNS))
    missing = sorted(REQUIRED_CSV_COLUMNS - set(header))
    if unknown or missing:
        problems = [ImportProblem(1, c, "unknown column") for c in unknown]
        problems += [ImportProblem(1, c, "missing column") for c in missing]
        return [FeedLine(1, None, tuple(problems))]
    trades: dict[str, _CsvTrade] = {}
    order: list[str] = []
    for row in reader:
        number = reader.line_num
        cells = {(k or "").strip(): (v or "").strip() for k, v in row.items() if k}
        key = cells.get("platform_id", "")
        if not any(cells.values()):
            continue
        if key not in trades:
            trades[key] = _CsvTrade(number, cells)
            order.append(key)
        trades[key].add(number, cells)
    declarations: dict[str, list[_CsvTrade]] = {}
    lines: list[FeedLine] = []
    for key in order:
        t = trades[key]
        declaration_no = t.fields.get("declaration_no", "")
        if declaration_no and t.fields.get("export_agent"):
            if declaration_no not in declarations:
                declarations[declaration_no] = []
                lines.append(FeedLine(t.first, None, ()))  # a place, filled below
            declarations[declaration_no].append(t)
        else:
            lines.append(t.feed_line())
    filled: list[FeedLine] = []
    for fed in lines:
        if fed.record is None and not fed.problems:
            group = next(g for g in declarations.values() if g[0].first == fed.line)
            filled.append(_declaration_line(group))
        else:
            filled.append(fed)
    return filled


class _CsvTrade:
    """The rows of one trade: its fields (agreeing on every row), goods lines, documents."""

    def __init__(self, first: int, cells: Mapping[str, str]) -> None:
        self.first = first
        self.fields = {c: cells.get(c, "") for c in TRADE_COLUMNS + DECLARATION_COLUMNS}
        self.goods: list[dict[str, str]] = []
        self.goods_rows: list[int] = []
        self.documents: list[dict[str, str]] = []
        self.problems: list[ImportProblem] = []

    def add(self, number: int, cells: Mapping[str, str]) -> None:
        for column, value in self.fields.items():
            if cells.get(column, "") != value:
                self.problems.append(
                    ImportProblem(number, column, f"differs from line {self.first} of this trade")
                )
        if any(cells.get(c) for c in LINE_COLUMNS):
            self.goods.append(
                {
                    "name": cells.get("line_name", ""),
                    "hs_code": cells.get("line_hs_code", ""),
                    "quantity": cells.get("line_quantity", ""),
                    "unit": cells.get("line_unit", ""),
                    "unit_price": cells.get("line_unit_price", ""),
                    "amount": cells.get("line_amount", ""),
                }
            )
            self.goods_rows.append(number)
        if any(cells.get(c) for c in DOCUMENT_COLUMNS):
            doc = {
                "kind": cells.get("doc_kind", ""),
                "number": cells.get("doc_number", ""),
                "export_date": cells.get("doc_export_date", ""),
                "consignee_name": cells.get("doc_consignee_name", ""),
                "consignee_country": cells.get("doc_consignee_country", ""),
                "carrier": cells.get("doc_carrier", ""),
            }
            doc = {k: v for k, v in doc.items() if v}
            if doc not in self.documents:
                self.documents.append(doc)

    def body(self, *, in_declaration: bool) -> dict[str, Any]:
        data: dict[str, Any] = {c: v for c, v in self.fields.items() if c in TRADE_COLUMNS and v}
        if not in_declaration and self.fields.get("declaration_no"):
            data["declaration_no"] = self.fields["declaration_no"]
        if in_declaration:
            for column in ("kind", "currency"):
                data.pop(column, None)
        if self.goods:
            data["goods"] = self.goods
        if self.documents:
            data["documents"] = self.documents
        return data

    def row_of(self, field: str) -> int:
        found = _GOODS_AT.search(field)
        if found and int(found.group(1)) < len(self.goods_rows):
            return self.goods_rows[int(found.group(1))]
        return self.first

    def feed_line(self) -> FeedLine:
        problems = Problems()
        record = feed_record(self.body(in_declaration=False), problems)
        found = self.problems + [ImportProblem(self.row_of(f), f, r) for f, r in problems.items]
        return FeedLine(self.first, None if found else record, tuple(found))


def _declaration_line(group: list[_CsvTrade]) -> FeedLine:
    head = group[0]
    f = head.fields
    data: dict[str, Any] = {
        "record": "declaration",
        "declaration_no": f["declaration_no"],
        "export_agent": f["export_agent"],
        "amount": f["declaration_amount"],
        "currency": f["currency"],
        "slices": [t.body(in_declaration=True) for t in group],
    }
    optional = {
        "platform_id": f["declaration_platform_id"],
        "container_no": f["container_no"],
        "port": f["port"],
        "usd_value": f["declaration_usd_value"],
        "export_date": f["declaration_export_date"],
    }
    data |= {k: v for k, v in optional.items() if v}
    found: list[ImportProblem] = []
    for t in group:
        found += t.problems
        for column in (*DECLARATION_COLUMNS, "currency"):
            if t.fields.get(column, "") != f.get(column, ""):
                found.append(
                    ImportProblem(
                        t.first, column, f"differs from line {head.first} (same declaration)"
                    )
                )
    problems = Problems()
    record = feed_record(data, problems)
    for field, reason in problems.items:
        at = _SLICE_AT.match(field)
        trade = group[int(at.group(1))] if at and int(at.group(1)) < len(group) else head
        found.append(ImportProblem(trade.row_of(field), field, reason))
    return FeedLine(head.first, None if found else record, tuple(found))
