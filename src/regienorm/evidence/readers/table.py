"""Rows of cells to the records of evidence: the one row → record mapping that every table format
reads with (:mod:`.xlsx`: a sheet per record kind; :mod:`.csv`: the sheets stacked in one file).

A table's first row names the key of each column; ``source.document`` (or ``inputs.AV``) puts the
cell under a mapping in the record (``source: {document: …}``); ``members`` and ``normenkaders``
are comma-separated lists; an empty cell is a key not given; a column whose header starts with
``#`` is for people and not read. The Assessment rows are ``key | value``. A row of the Sources
table joins the finding with its entity and target (:func:`root`). A cell's position is its
sheet, row and column (``Span.sheet``). Everything else the check sees as it would in YAML.
"""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Callable
from typing import Any

from ...diagnostics import Diagnostic, error
from ...source import Span
from .nodes import SURROGATE, Node, RawNumber, ReadError, surrogate_error

#: The sheets read, in the order of the YAML keys they stand for.
SHEETS = {"Assessment": "assessment", "Entities": "entities", "Findings": "findings", "Sources": "sources",
          "Measures": "measures", "Recorded": "recorded", "Overrides": "overrides"}
#: Columns that hold comma-separated lists of ids.
LIST_COLUMNS = {"entities": ("members", "normenkaders")}
#: Keys of the Assessment sheet that stand at the top of the file, not under `assessment:`.
TOP_KEYS = ("format", "number_format")

#: A cell's value and position to a Node (each format types its cells in its own way).
Cell = Callable[[Any, Span], Node]


def span(path: str, sheet: str, row: int, column: int = 1) -> Span:
    return Span(path, row, column, row, column + 1, sheet=sheet)


def fail(message: str, where: Span, help_text: str, code: str = "RN601") -> ReadError:
    return ReadError(error(code, message, where, help_text))


def empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def cell_value(value: Any, where: Span) -> Node:
    """A spreadsheet cell's value as a reader gives it: text, a number as written, true/false, a date."""
    if isinstance(value, bool):
        return Node(value, where, raw="true" if value else "false")
    if isinstance(value, int):
        return Node(RawNumber(str(value), "cell"), where, raw=str(value))
    if isinstance(value, float):
        text = repr(value)
        if text.endswith(".0"):
            text = text[:-2]
        return Node(RawNumber(text, "cell"), where, raw=text)
    if isinstance(value, datetime.datetime):
        text = value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
        return Node(text, where, raw=text)
    if isinstance(value, (datetime.date, datetime.time, datetime.timedelta)):
        text = str(value)
        return Node(text, where, raw=text)
    return text_value(str(value), where)


def text_value(value: str, where: Span) -> Node:
    """A cell's text as a reader gives it: line ends as ``\\n``, NFC, no lone surrogate."""
    text = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    if SURROGATE.search(text):
        raise surrogate_error(where)
    return Node(text, where, raw=text)


class Header:
    """A table's header row: the key of each column, and the columns for people (``#…``)."""

    def __init__(self, path: str, sheet: str, filled: list[tuple[int, Any]], skip: tuple[int, ...] = ()) -> None:
        self.path, self.sheet = path, sheet
        self.keys: dict[int, str] = {}
        self.comments: set[int] = set()
        seen: dict[str, int] = {}
        for column, value in filled:
            if column in skip:
                continue
            name = unicodedata.normalize("NFC", str(value).strip())
            if name.startswith("#"):
                self.comments.add(column)
                continue
            if name in seen:
                raise fail(f"the column `{name}` is given twice", span(path, sheet, 1, column),
                           "remove or rename one; only one value per key is kept", code="RN606")
            seen[name] = column
            self.keys[column] = name
        self.columns = {name: column for column, name in self.keys.items()}
        self.width = max([*self.keys, *self.comments, 2])


def record(header: Header, key: str, sheet: str, row: int, filled: list[tuple[int, Any]], cell: Cell = cell_value) -> Node:
    """One row of a table of records (``key``: ``findings``, …) as the record's Node."""
    path = header.path
    lists = LIST_COLUMNS.get(key, ())
    out: dict[str, Node] = {}
    for column, value in filled:
        if column in header.comments:
            continue
        name = header.keys.get(column)
        where = span(path, sheet, row, column)
        if name is None:
            raise fail("this cell has no column header", where, "write the key of this column in row 1, or empty the cell")
        node = cell(value, where)
        if name in lists and isinstance(node.value, str):
            node = Node([cell(part.strip(), where) if part.strip() else Node(None, where) for part in node.value.split(",")],
                        where)
        outer, _, inner = name.partition(".")
        if inner:
            holder = out.setdefault(outer, Node({}, where))
            if not isinstance(holder.value, dict):
                raise fail(f"the columns `{outer}` and `{name}` cannot both be given", where,
                           f"give `{outer}` as one value or as `{outer}.…` columns, not both")
            holder.value[inner] = node
        else:
            if name in out:
                raise fail(f"the columns `{name}` and `{name}.…` cannot both be given", where,
                           f"give `{name}` as one value or as `{name}.…` columns, not both")
            out[name] = node
    return Node(out, Span(path, row, 1, row, header.width + 1, sheet=sheet))  # the row


class Assessment:
    """The ``key | value`` rows of the Assessment sheet, gathered into the file's top keys and
    the mapping under ``assessment:``."""

    def __init__(self, header: Header, sheet: str, top: dict[str, Node]) -> None:
        if "key" not in header.columns or "value" not in header.columns:
            raise fail("the Assessment sheet has the columns `key` and `value`", span(header.path, sheet, 1),
                       "write `key` in A1 and `value` in B1, then one row per key (format, framework, version, …)")
        self.header, self.sheet, self.top = header, sheet, top
        self.inner: dict[str, Node] = {}
        top["assessment"] = Node(self.inner, Span(header.path, 1, 1, 1, 3, sheet=sheet))

    def row(self, row: int, filled: list[tuple[int, Any]], cell: Cell = cell_value) -> None:
        header, path, sheet = self.header, self.header.path, self.sheet
        key_column, value_column = header.columns["key"], header.columns["value"]
        values = dict(filled)
        key_cell = values.get(key_column)
        if key_cell is None and set(values) <= header.comments:
            return
        if key_cell is None:
            raise fail("this row has a value but no key", span(path, sheet, row, min(values)),
                       "write the key (`framework`, `version`, …) in the `key` column")
        key = str(key_cell).strip()
        where = span(path, sheet, row, value_column)
        value = cell(values[value_column], where) if value_column in values else Node(None, where)
        for column in values:
            if column not in (key_column, value_column) and column not in header.comments:
                raise fail("this cell has no column header" if column not in header.keys
                           else f"an Assessment row has a `key` and a `value`, not a `{header.keys[column]}`",
                           span(path, sheet, row, column),
                           "the Assessment sheet has a `key` and a `value` column; empty this cell")
        into = self.top if key in TOP_KEYS else self.inner
        if key in into:
            raise fail(f"the key `{key}` is given twice", span(path, sheet, row, key_column),
                       "remove or rename one; only one value per key is kept", code="RN606")
        into[key] = value


def root(path: str, top: dict[str, Node], tables: dict[str, list[Node]], at: dict[str, Span]) -> Node:
    """The file's tree: the top keys, then each table's records under its key (``at``: where each
    table starts), the Sources rows joined to their findings."""
    if "sources" in tables:
        findings = tables.get("findings")
        problems = _join_sources(tables.pop("sources"), findings or [])
        if problems:
            raise ReadError(problems[0], *problems[1:])
    for key in ("entities", "findings", "measures", "recorded", "overrides"):
        if key in tables:
            top[key] = Node(tables[key], at[key])
    return Node(top, Span.point(path, 1))


def _join_sources(sources: list[Node], findings: list[Node]) -> list[Diagnostic]:
    """Each row of the Sources sheet under `sources:` of the finding with its entity and target, in
    the order of the rows; a source for no finding is an error (it would otherwise be lost)."""
    by_key: dict[tuple[str, str], Node] = {}
    for finding in findings:
        entity, target = finding.get("entity"), finding.get("target")
        if entity is not None and target is not None:
            by_key.setdefault((str(entity.value).strip(), str(target.value).strip()), finding)
    problems: list[Diagnostic] = []
    for source in sources:
        entity, target = source.value.pop("entity", None), source.value.pop("target", None)
        if entity is None or target is None:
            problems.append(error("RN612", f"a source has no `{'entity' if entity is None else 'target'}`", source.span,
                                  "give the entity and target of the finding this source belongs to"))
            continue
        found = by_key.get((str(entity.value).strip(), str(target.value).strip()))
        if found is None:
            problems.append(error("RN630", f"a source for `{entity.value}` `{target.value}`, which has no finding", source.span,
                                  "add the finding on the Findings sheet, or correct the entity and target of this source"))
            continue
        listed = found.value.setdefault("sources", Node([], source.span))
        if not isinstance(listed.value, list):
            problems.append(error("RN610", "a finding's sources are given on the Sources sheet, not in a `sources` column",
                                  listed.span, "move them to the Sources sheet, one row each"))
            continue
        listed.value.append(source)
    return problems
