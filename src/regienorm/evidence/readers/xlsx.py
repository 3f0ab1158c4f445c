"""XLSX spreadsheets to the same position-carrying nodes as YAML, a cell's position being its
sheet, row and column (``Span.sheet``; shown ``file.xlsx, sheet Findings, row 12, column C``).

The layout (docs/evidence.md, "Spreadsheets") is a sheet per record kind, named as the YAML key,
one record per row under a header row of keys:

- ``Assessment``: rows of ``key | value`` (``format``, ``number_format`` and the assessment's keys);
- ``Entities``, ``Findings``, ``Measures``, ``Recorded``, ``Overrides``: one record per row;
- ``Sources``: one source of a finding per row, joined to its finding by ``entity`` and ``target``.

A header ``source.document`` (or ``inputs.AV``) puts the cell under a mapping in the record
(``source: {document: …}``); ``members`` and ``normenkaders`` are comma-separated lists; an empty
cell is a key not given; a column whose header starts with ``#`` is for people and not read (the
template's titles); a wholly empty row is no record. Anything else the check sees as it would in
YAML, so every check and every position works alike. A number cell is the number it holds
(``RawNumber`` syntax ``cell``: a spreadsheet's number is typed, whatever ``number_format`` says);
a date cell is the date as ``YYYY-MM-DD``.

openpyxl (the ``spreadsheets`` extra) is imported only when a spreadsheet is read, in read-only
mode (rows are streamed). Bounded: the file's bytes (as every evidence file), the bytes its parts
unpack to (:data:`MAX_UNPACKED_BYTES`, against zip bombs) and the cells read (:data:`MAX_CELLS`).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

from ...source import Span
from .nodes import Node, ReadError
from .registry import register
from .table import SHEETS, Assessment, Header, empty, fail, record, root, span

MAX_UNPACKED_BYTES = 256 * 1024 * 1024
MAX_CELLS = 4_000_000


def read_xlsx(data: bytes, path: str) -> Node:
    """The evidence in an XLSX file's bytes as a :class:`Node` tree, or :class:`ReadError`."""
    try:
        import openpyxl
    except ImportError:
        raise fail("reading spreadsheets needs openpyxl, which is not installed", Span.point(path, 1),
                   "install it with `pip install 'regienorm[spreadsheets]'`, or give the evidence as YAML") from None
    formulas = _formulas(openpyxl, data, path) if _check_zip(data, path) else {}
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file; none may become a traceback
        raise fail(f"the spreadsheet cannot be opened: {_reason(exc)}", Span.point(path, 1),
                   "open it in Excel or LibreOffice and save it again as .xlsx") from None
    try:
        return _read_book(book, path, formulas)
    except ReadError:
        raise
    except Exception as exc:  # a damaged sheet inside a file that opened
        raise fail(f"the spreadsheet cannot be read: {_reason(exc)}", Span.point(path, 1),
                   "open it in Excel or LibreOffice and save it again as .xlsx") from None
    finally:
        book.close()


def _reason(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}"[:200] if text else type(exc).__name__


def _check_zip(data: bytes, path: str) -> bool:
    """Refuse a file that is no zip, or whose parts would unpack to more than MAX_UNPACKED_BYTES,
    before openpyxl unpacks anything. True when a sheet holds a formula (``<f``), read apart."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            if unpacked <= MAX_UNPACKED_BYTES:
                try:
                    return any(b"<f" in archive.read(info) for info in archive.infolist()
                               if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"))
                except Exception:  # a damaged part: openpyxl says what is wrong with it
                    return True
    except zipfile.BadZipFile:
        raise fail("the file is not an XLSX spreadsheet (not a zip archive)", Span.point(path, 1),
                   "save it from the spreadsheet program as Excel workbook (.xlsx); an old .xls or a CSV renamed .xlsx will not do") from None
    raise fail(f"the spreadsheet unpacks to {unpacked:,} bytes", Span.point(path, 1),
               f"a spreadsheet of evidence unpacks to at most {MAX_UNPACKED_BYTES:,} bytes; split the assessment",
               code="RN607")


def _formulas(openpyxl: Any, data: bytes, path: str) -> dict[tuple[str, int, int], str]:
    """Every formula cell by (sheet, row, column), with its formula. The values are read with the
    values a spreadsheet program saved (``data_only``); a formula saved without one (a file written
    by a script, never opened and saved in Excel or LibreOffice) would read as an empty cell, a
    record silently lost: these positions let the reader refuse it (RN690) instead."""
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # the values pass says what is wrong with the file
        return {}
    out: dict[tuple[str, int, int], str] = {}
    count = 0
    try:
        for sheet in book.worksheets:
            sheet.reset_dimensions()
            for cells in sheet.iter_rows():
                count += len(cells)
                if count > MAX_CELLS:
                    return out  # the values pass refuses the file (RN607)
                for cell in cells:
                    value = getattr(cell, "value", None)
                    if getattr(cell, "data_type", None) == "f":
                        out[(sheet.title, cell.row, cell.column)] = str(value)
    except Exception:
        return out
    finally:
        book.close()
    return out


class _Cells:
    """Counts the cells read across the book (MAX_CELLS); refuses a formula with no saved value."""

    def __init__(self, path: str, formulas: dict[tuple[str, int, int], str] | None = None) -> None:
        self.path = path
        self.count = 0
        self.formulas = formulas or {}

    def rows(self, sheet: Any) -> Iterator[tuple[int, list[tuple[int, Any]]]]:
        """(row number, [(column, value), …] of the non-empty cells) for each row that has one."""
        sheet.reset_dimensions()  # the file's own claim about its size is not trusted
        for cells in sheet.iter_rows():
            self.count += len(cells)
            if self.count > MAX_CELLS:
                raise fail(f"the spreadsheet has more than {MAX_CELLS:,} cells", span(self.path, sheet.title, 1),
                           "split the assessment, or remove formatting that spreads over empty rows and columns", code="RN607")
            if self.formulas:
                self._unsaved(sheet.title, cells)
            filled = [(c.column, c.value) for c in cells if getattr(c, "row", None) is not None and not empty(c.value)]
            if filled:
                yield cells[0].row if getattr(cells[0], "row", None) else next(c.row for c in cells if getattr(c, "row", None)), filled


    def _unsaved(self, title: str, cells: Any) -> None:
        for c in cells:
            if getattr(c, "row", None) is None or c.value is not None:
                continue
            formula = self.formulas.get((title, c.row, c.column))
            if formula is not None:
                shown = formula if len(formula) <= 60 else formula[:57] + "..."
                raise fail(f"this cell holds the formula `{shown}` with no saved value", span(self.path, title, c.row, c.column),
                           "open the file in Excel or LibreOffice and save it, so that the value of each formula is saved "
                           "with it, or type the value in; it is not read as an empty cell", code="RN690")


def _read_book(book: Any, path: str, formulas: dict[tuple[str, int, int], str] | None = None) -> Node:
    known = {name.casefold(): name for name in SHEETS}
    cells = _Cells(path, formulas)
    top: dict[str, Node] = {}
    tables: dict[str, list[Node]] = {}
    at: dict[str, Span] = {}
    for sheet in book.worksheets:
        title = sheet.title
        if title.startswith("#"):
            continue  # a sheet for people (the template's explanations)
        name = known.get(title.casefold())
        if name is None:
            raise fail(f"unknown sheet `{title}`", span(path, title, 1),
                       "sheets are " + ", ".join(f"`{s}`" for s in SHEETS) + "; a sheet whose name starts with `#` is not read")
        key = SHEETS[name]
        rows = cells.rows(sheet)
        first = next(rows, None)
        if first is None:
            header = Header(path, title, [])
        elif first[0] != 1:
            raise fail(f"sheet `{title}` has no header row", span(path, title, 1),
                       "row 1 names the key of each column (`entity`, `target`, `verdict`, …)")
        else:
            header = Header(path, title, first[1])
        if key == "assessment":
            if set(header.columns) != {"key", "value"}:
                raise fail("the Assessment sheet has the columns `key` and `value`", span(path, title, 1),
                           "write `key` in A1 and `value` in B1, then one row per key (format, framework, version, …)")
            gathered = Assessment(header, title, top)
            for row, filled in rows:
                gathered.row(row, filled)
        else:
            tables[key] = [record(header, key, title, row, filled) for row, filled in rows]
            at[key] = span(path, title, 1)
    return root(path, top, tables, at)


register((".xlsx", ".xlsm"), read_xlsx, binary=True)  # type: ignore[arg-type]
