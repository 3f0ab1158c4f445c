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

import datetime
import io
import unicodedata
import zipfile
from collections.abc import Iterator
from typing import Any

from ...diagnostics import Diagnostic, error
from ...source import Span
from .nodes import SURROGATE, Node, RawNumber, ReadError, surrogate_error
from .registry import register

#: The sheets read, in the order of the YAML keys they stand for.
SHEETS = {"Assessment": "assessment", "Entities": "entities", "Findings": "findings", "Sources": "sources",
          "Measures": "measures", "Recorded": "recorded", "Overrides": "overrides"}
#: Columns that hold comma-separated lists of ids.
LIST_COLUMNS = {"entities": ("members", "normenkaders")}
#: Keys of the Assessment sheet that stand at the top of the file, not under `assessment:`.
TOP_KEYS = ("format", "number_format")

MAX_UNPACKED_BYTES = 256 * 1024 * 1024
MAX_CELLS = 4_000_000


def _span(path: str, sheet: str, row: int, column: int = 1) -> Span:
    return Span(path, row, column, row, column + 1, sheet=sheet)


def _fail(message: str, span: Span, help_text: str, code: str = "RN601") -> ReadError:
    return ReadError(error(code, message, span, help_text))


def read_xlsx(data: bytes, path: str) -> Node:
    """The evidence in an XLSX file's bytes as a :class:`Node` tree, or :class:`ReadError`."""
    try:
        import openpyxl
    except ImportError:
        raise _fail("reading spreadsheets needs openpyxl, which is not installed", Span.point(path, 1),
                    "install it with `pip install 'regienorm[spreadsheets]'`, or give the evidence as YAML") from None
    formulas = _formulas(openpyxl, data, path) if _check_zip(data, path) else {}
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file; none may become a traceback
        raise _fail(f"the spreadsheet cannot be opened: {_reason(exc)}", Span.point(path, 1),
                    "open it in Excel or LibreOffice and save it again as .xlsx") from None
    try:
        return _read_book(book, path, formulas)
    except ReadError:
        raise
    except Exception as exc:  # a damaged sheet inside a file that opened
        raise _fail(f"the spreadsheet cannot be read: {_reason(exc)}", Span.point(path, 1),
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
        raise _fail("the file is not an XLSX spreadsheet (not a zip archive)", Span.point(path, 1),
                    "save it from the spreadsheet program as Excel workbook (.xlsx); an old .xls or a CSV renamed .xlsx will not do") from None
    raise _fail(f"the spreadsheet unpacks to {unpacked:,} bytes", Span.point(path, 1),
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
                raise _fail(f"the spreadsheet has more than {MAX_CELLS:,} cells", _span(self.path, sheet.title, 1),
                            "split the assessment, or remove formatting that spreads over empty rows and columns", code="RN607")
            if self.formulas:
                self._unsaved(sheet.title, cells)
            filled = [(c.column, c.value) for c in cells if getattr(c, "row", None) is not None and not _empty(c.value)]
            if filled:
                yield cells[0].row if getattr(cells[0], "row", None) else next(c.row for c in cells if getattr(c, "row", None)), filled


    def _unsaved(self, title: str, cells: Any) -> None:
        for c in cells:
            if getattr(c, "row", None) is None or c.value is not None:
                continue
            formula = self.formulas.get((title, c.row, c.column))
            if formula is not None:
                shown = formula if len(formula) <= 60 else formula[:57] + "..."
                raise _fail(f"this cell holds the formula `{shown}` with no saved value", _span(self.path, title, c.row, c.column),
                            "open the file in Excel or LibreOffice and save it, so that the value of each formula is saved "
                            "with it, or type the value in; it is not read as an empty cell", code="RN690")


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _read_book(book: Any, path: str, formulas: dict[tuple[str, int, int], str] | None = None) -> Node:
    root_span = Span.point(path, 1)
    known = {name.casefold(): name for name in SHEETS}
    cells = _Cells(path, formulas)
    top: dict[str, Node] = {}
    tables: dict[str, Node] = {}
    problems: list[Diagnostic] = []
    for sheet in book.worksheets:
        title = sheet.title
        if title.startswith("#"):
            continue  # a sheet for people (the template's explanations)
        name = known.get(title.casefold())
        if name is None:
            raise _fail(f"unknown sheet `{title}`", _span(path, title, 1),
                        "sheets are " + ", ".join(f"`{s}`" for s in SHEETS) + "; a sheet whose name starts with `#` is not read")
        key = SHEETS[name]
        if key == "assessment":
            _assessment(cells, sheet, path, top)
        else:
            tables[key] = _table(cells, sheet, path, key)
    if "sources" in tables:
        problems += _join_sources(tables.pop("sources"), tables.get("findings"))
    if problems:
        raise ReadError(problems[0], *problems[1:])
    for key in ("entities", "findings", "measures", "recorded", "overrides"):
        if key in tables:
            top[key] = tables[key]
    return Node(top, root_span)


def _value(value: Any, span: Span) -> Node:
    """A cell's value as a reader gives it: text, a number as written, true/false, a date."""
    if isinstance(value, bool):
        return Node(value, span, raw="true" if value else "false")
    if isinstance(value, int):
        return Node(RawNumber(str(value), "cell"), span, raw=str(value))
    if isinstance(value, float):
        text = repr(value)
        if text.endswith(".0"):
            text = text[:-2]
        return Node(RawNumber(text, "cell"), span, raw=text)
    if isinstance(value, datetime.datetime):
        text = value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
        return Node(text, span, raw=text)
    if isinstance(value, (datetime.date, datetime.time, datetime.timedelta)):
        text = str(value)
        return Node(text, span, raw=text)
    text = unicodedata.normalize("NFC", str(value).replace("\r\n", "\n").replace("\r", "\n"))
    if SURROGATE.search(text):
        raise surrogate_error(span)
    return Node(text, span, raw=text)


_Rows = Iterator[tuple[int, list[tuple[int, Any]]]]


def _header(cells: _Cells, sheet: Any, path: str) -> tuple[dict[int, str], set[int], _Rows]:
    """The keys of the columns, the columns for people (`#…`), and the rows below."""
    rows = cells.rows(sheet)
    first = next(rows, None)
    if first is None:
        return {}, set(), iter(())
    row, filled = first
    if row != 1:
        raise _fail(f"sheet `{sheet.title}` has no header row", _span(path, sheet.title, 1),
                    "row 1 names the key of each column (`entity`, `target`, `verdict`, …)")
    header: dict[int, str] = {}
    comments: set[int] = set()
    seen: dict[str, int] = {}
    for column, value in filled:
        name = unicodedata.normalize("NFC", str(value).strip())
        if name.startswith("#"):
            comments.add(column)
            continue
        if name in seen:
            raise _fail(f"the column `{name}` is given twice", _span(path, sheet.title, 1, column),
                        "remove or rename one; only one value per key is kept", code="RN606")
        seen[name] = column
        header[column] = name
    return header, comments, rows


def _assessment(cells: _Cells, sheet: Any, path: str, top: dict[str, Node]) -> None:
    header, comments, rows = _header(cells, sheet, path)
    columns = {name: column for column, name in header.items()}
    if set(columns) != {"key", "value"}:
        raise _fail("the Assessment sheet has the columns `key` and `value`", _span(path, sheet.title, 1),
                    "write `key` in A1 and `value` in B1, then one row per key (format, framework, version, …)")
    inner: dict[str, Node] = {}
    for row, filled in rows:
        values = dict(filled)
        key_cell = values.get(columns["key"])
        if key_cell is None and set(values) <= comments:
            continue
        if key_cell is None:
            first = min(values)
            raise _fail("this row has a value but no key", _span(path, sheet.title, row, first),
                        "write the key (`framework`, `version`, …) in the `key` column")
        key = str(key_cell).strip()
        span = _span(path, sheet.title, row, columns["value"])
        value = _value(values[columns["value"]], span) if columns["value"] in values else Node(None, span)
        for column in values:
            if column not in (columns["key"], columns["value"]) and column not in comments:
                raise _fail("this cell has no column header", _span(path, sheet.title, row, column),
                            "the Assessment sheet has a `key` and a `value` column; empty this cell")
        into = top if key in TOP_KEYS else inner
        if key in into:
            raise _fail(f"the key `{key}` is given twice", _span(path, sheet.title, row, columns["key"]),
                        "remove or rename one; only one value per key is kept", code="RN606")
        into[key] = value
    top["assessment"] = Node(inner, Span(path, 1, 1, 1, 3, sheet=sheet.title))


def _table(cells: _Cells, sheet: Any, path: str, key: str) -> Node:
    header, comments, rows = _header(cells, sheet, path)
    lists = LIST_COLUMNS.get(key, ())
    width = max([*header, *comments, 2])
    records: list[Node] = []
    for row, filled in rows:
        record: dict[str, Node] = {}
        for column, value in filled:
            name = header.get(column)
            span = _span(path, sheet.title, row, column)
            if column in comments:
                continue
            if name is None:
                raise _fail("this cell has no column header", span,
                            "write the key of this column in row 1, or empty the cell")
            node = _value(value, span)
            if name in lists and isinstance(node.value, str):
                node = Node([_value(part.strip(), span) if part.strip() else Node(None, span) for part in node.value.split(",")],
                            span)
            outer, _, inner = name.partition(".")
            if inner:
                holder = record.setdefault(outer, Node({}, span))
                if not isinstance(holder.value, dict):
                    raise _fail(f"the columns `{outer}` and `{name}` cannot both be given", span,
                                f"give `{outer}` as one value or as `{outer}.…` columns, not both")
                holder.value[inner] = node
            else:
                if name in record:
                    raise _fail(f"the columns `{name}` and `{name}.…` cannot both be given", span,
                                f"give `{name}` as one value or as `{name}.…` columns, not both")
                record[name] = node
        records.append(Node(record, Span(path, row, 1, row, width + 1, sheet=sheet.title)))  # the row
    return Node(records, _span(path, sheet.title, 1))


def _join_sources(sources: Node, findings: Node | None) -> list[Diagnostic]:
    """Each row of the Sources sheet under `sources:` of the finding with its entity and target, in
    the order of the rows; a source for no finding is an error (it would otherwise be lost)."""
    by_key: dict[tuple[str, str], Node] = {}
    for finding in findings.value if findings is not None else []:
        entity, target = finding.get("entity"), finding.get("target")
        if entity is not None and target is not None:
            by_key.setdefault((str(entity.value).strip(), str(target.value).strip()), finding)
    problems: list[Diagnostic] = []
    for source in sources.value:
        entity, target = source.value.pop("entity", None), source.value.pop("target", None)
        if entity is None or target is None:
            problems.append(error("RN612", f"a source has no `{'entity' if entity is None else 'target'}`", source.span,
                                  "give the entity and target of the finding this source belongs to"))
            continue
        finding = by_key.get((str(entity.value).strip(), str(target.value).strip()))
        if finding is None:
            problems.append(error("RN630", f"a source for `{entity.value}` `{target.value}`, which has no finding", source.span,
                                  "add the finding on the Findings sheet, or correct the entity and target of this source"))
            continue
        listed = finding.value.setdefault("sources", Node([], source.span))
        if not isinstance(listed.value, list):
            problems.append(error("RN610", "a finding's sources are given on the Sources sheet, not in a `sources` column",
                                  listed.span, "move them to the Sources sheet, one row each"))
            continue
        listed.value.append(source)
    return problems


register((".xlsx", ".xlsm"), read_xlsx, binary=True)  # type: ignore[arg-type]
