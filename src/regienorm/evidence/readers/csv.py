"""CSV evidence: the sheets of the spreadsheet layout in one file, read a line at a time.

Two layouts. The sheets one after another, as ``regienorm template --format csv`` writes them: a
row ``[Findings]`` names the sheet, the next row is its header, then its records. Or one table:
the first row is the header, a column ``sheet`` and the keys of the spreadsheet layout
(:mod:`.xlsx`; docs/evidence.md, "CSV"): ``entity``, ``target``, ``verdict``, ``id``, ``role``,
``inputs.AV``, ``source.page``, ``key``, ``value``, …, in any order. Each other row is one record
of the sheet its ``sheet`` cell names (``Assessment``, ``Entities``, ``Findings``, ``Sources``,
``Measures``, ``Recorded``, ``Overrides``), its other cells read as that sheet's row would be, by
the same mapping (:mod:`.table`): an empty cell is a key not given. A cell is text; ``true`` and
``false`` (any case, as spreadsheets export them) are truths; numbers are read as a YAML text would
be, so ``number_format: nl`` reads ``6,6``. Fields are separated by commas, or by semicolons when
the header has more of those (a spreadsheet set to Dutch writes them so). A cell's position is
``file.csv, sheet Findings, row 12, column C``: the row is the file's line where the record starts.
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterable, Iterator
from typing import Any

from ...source import Span
from .nodes import Node
from .registry import register
from .table import SHEETS, Assessment, Header, cell_value, fail, record, root, span, text_value

#: A cell may be as long as a line may be (readers.MAX_LINE_BYTES); the csv module's own limit is 128 KiB.
_CELL_LIMIT = 64 * 1024 * 1024

_TRUTHS = {"true": True, "false": False}
_KNOWN = {name.casefold(): name for name in SHEETS}


def text_cell(value: Any, where: Span) -> Node:
    """A CSV cell as a reader gives it: text, or a truth written as spreadsheets export one."""
    if value.__class__ is str:  # every CSV cell, and a Parquet text cell (its other cells keep their types)
        truth = _TRUTHS.get(value.strip().casefold())
        if truth is not None:
            return Node(truth, where, raw=value.strip())
        return text_value(value, where)
    return cell_value(value, where)


def read_csv(lines: Iterable[str], path: str) -> Node:
    """The evidence in ``lines`` (a CSV file's) as nodes, or ReadError."""
    before = csv.field_size_limit(_CELL_LIMIT)  # process-wide in the csv module: put back when done
    try:
        return _read(lines, path)
    finally:
        csv.field_size_limit(before)


def _read(lines: Iterable[str], path: str) -> Node:
    rows = _rows(iter(lines), path)
    first = next(rows, None)
    if first is None:
        raise fail("the file is empty", Span.point(path, 1), "the file needs a header row and a row per record", code="RN602")
    if _section(first[1]) is not None:
        return _sections(first, rows, path)
    return one_table(path, first, rows, text_cell, "the CSV")


def one_table(path: str, first: tuple[int, list[tuple[int, Any]]], rows: Iterator[tuple[int, list[tuple[int, Any]]]],
              cell: Any, what: str) -> Node:
    """The one-table layout (a ``sheet`` column, then the layout's keys; ``first`` the header row,
    ``rows`` the records), as CSV and Parquet (:mod:`.parquet`) both give it."""
    row, filled = first
    names = {column: str(value).strip() for column, value in filled}
    kind_column = next((c for c, name in names.items() if name.casefold() == "sheet"), None)
    if kind_column is None:
        raise fail(f"{what} has no `sheet` column", span(path, "", row),
                   "name the first column `sheet` and say in it which sheet each row belongs to "
                   "(Assessment, Entities, Findings, …), or write the sheets one after another, each after a row `[Sheet]`",
                   code="RN683")
    header = Header(path, "", filled, skip=(kind_column,))
    top: dict[str, Node] = {}
    tables: dict[str, list[Node]] = {}
    at: dict[str, Span] = {}
    assessment: Assessment | None = None
    for row, filled in rows:
        cells = dict(filled)
        kind = cells.pop(kind_column, None)
        name = _KNOWN.get(str(kind).strip().casefold()) if kind is not None else None
        if name is None:
            raise fail("this row does not say its sheet" if kind is None else f"unknown sheet `{str(kind).strip()}`",
                       span(path, "", row, kind_column),
                       "write one of " + ", ".join(f"`{s}`" for s in SHEETS) + " in the `sheet` column", code="RN684")
        rest = [(c, v) for c, v in filled if c != kind_column]
        key = SHEETS[name]
        if key == "assessment":
            if assessment is None:
                assessment = Assessment(header, name, top)
            assessment.row(row, rest, cell)
        else:
            at.setdefault(key, span(path, name, row))
            tables.setdefault(key, []).append(record(header, key, name, row, rest, cell))
    return root(path, top, tables, at)


def _section(filled: list[tuple[int, Any]]) -> str | None:
    """The sheet a row ``[Findings]`` (one cell, in brackets) starts, else None."""
    if len(filled) == 1 and filled[0][0] == 1:
        text = str(filled[0][1]).strip()
        if text.startswith("[") and text.endswith("]"):
            return text[1:-1].strip()
    return None


def _sections(first: tuple[int, list[tuple[int, Any]]], rows: Iterator[tuple[int, list[tuple[int, Any]]]], path: str) -> Node:
    """The layout ``regienorm template --format csv`` writes: the sheets one after another, each a
    row ``[Sheet]``, its header row, then its records."""
    top: dict[str, Node] = {}
    tables: dict[str, list[Node]] = {}
    at: dict[str, Span] = {}
    current: tuple[str, str, Header | None, Any] | None = None  # (sheet, key, header, the Assessment's rows)
    for row, filled in itertools.chain([first], rows):
        sheet = _section(filled)
        if sheet is not None:
            name = _KNOWN.get(sheet.casefold())
            if name is None:
                raise fail(f"unknown sheet `{sheet}`", span(path, "", row, 1),
                           "the sheets are " + ", ".join(f"`[{s}]`" for s in SHEETS), code="RN684")
            current = (name, SHEETS[name], None, None)
            continue
        if current is None:
            raise fail("this row comes before the first sheet's `[Sheet]` row", span(path, "", row, 1),
                       "start the file with `[Assessment]`, or give every row its sheet in a `sheet` column", code="RN683")
        name, key, header, gathered = current
        if header is None:
            header = Header(path, name, filled)
            current = (name, key, header, Assessment(header, name, top) if key == "assessment" else None)
            if key != "assessment":
                at.setdefault(key, span(path, name, row))
                tables.setdefault(key, [])
            continue
        if gathered is not None:
            gathered.row(row, filled, text_cell)
        else:
            tables[key].append(record(header, key, name, row, filled, text_cell))
    return root(path, top, tables, at)


def _rows(lines: Iterator[str], path: str) -> Iterator[tuple[int, list[tuple[int, Any]]]]:
    """(the line a row starts on, [(column, text), …] of its cells that are not empty), per row that has one."""
    first = next(lines, None)
    if first is None:
        return
    delimiter = ";" if first.count(";") > first.count(",") else ","

    def again() -> Iterator[str]:
        yield first
        yield from lines

    reader = csv.reader(again(), delimiter=delimiter, strict=True)
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader, None)
        except csv.Error as exc:
            raise fail(f"the CSV is malformed: {exc}", Span.point(path, reader.line_num), "fix the quoting at this line") from None
        if cells is None:
            return
        # a cell is text; empty when only whitespace (what `empty` says of text, without a call per cell)
        filled = [(column, value) for column, value in enumerate(cells, start=1) if value and not value.isspace()]
        if filled:
            yield start, filled


register((".csv",), read_csv, lines=True)
