"""XLSX view: a workbook an auditor hands over or filters.

* per evidence file and normenkader a sheet with the matrix as the report's table (target id,
  title, one column per entity headed by its name, the total last), verdicts coloured as in the
  HTML (best green, lowest red, between yellow), the decisions (and a tree's scores) on a sheet of their own;
* ``Judgements``: every judgement, one a row (:data:`.rows.COLUMNS`), with its reasons and sources;
* ``Reconciliation``: every printed verdict (or value) beside the computed one, and the summary;
* ``Waivers``: every waiver applied (one row per judgement it set, with the verdict it replaced)
  and every one not applied, with scope, risk, author, approver, dates, justification and where it
  is written (only when the evidence has waivers; :mod:`.waivers`);
* ``Left out``: every record of evidence made for a profile's base that the profile has no place
  for, with why and where it is written (only when there are any);
* ``Provenance``: the regienorm version, the time of the run, the sha256 of every file read.

Every sheet has its header row frozen and a filter on its table. Text is written as string cells,
one that a spreadsheet could take for a formula with the quote prefix set (:mod:`.rows`): nothing
in the workbook is a formula. The workbook's own dates and its zip entries' times are the run's
(1980-01-01 under ``--reproducible``): the same files give the same bytes.

openpyxl (the ``spreadsheets`` extra) is imported here, on use only.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from fractions import Fraction
from typing import Any

from .._gc import pausing
from ..i18n import translate
from ..judgement import VALUE_LEVELS, Assessment
from ..provenance import Run
from ..source import column_letters
from .matrix import colour, matrices, points_range
from .rows import COLUMNS, FORMULA_STARTS, judgement_rows
from .text import cell, reconciliation_summary, value_cell
from .titles import titles_of
from .waivers import LEFT_OUT_COLUMNS, WAIVER_COLUMNS, left_out_rows, waiver_rows

#: The fills of verdict cells, as the HTML colours them.
FILLS = {"best": "D8F0D8", "lowest": "F6D5D5", "between": "FBEFC6"}
#: Characters XLSX cannot hold (openpyxl refuses them): shown as escapes.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
#: Characters a sheet's name may not hold, and its longest length.
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_SHEET_MAX = 31

RECONCILIATION_COLUMNS = ("evidence", "entity", "entity_name", "target", "title", "printed", "printed_verdict", "computed",
                          "agrees", "kind", "provenance", "source", "note", "record")


def put(sheet: Any, row: int, column: int, value: Any) -> Any:
    """``value`` into a cell as what it is: text as a string cell (quote prefix when it looks like a
    formula), a truth as a truth, a whole number as a number, another fraction as the nearest float."""
    target = sheet.cell(row=row, column=column)
    if value is None:
        return target
    if isinstance(value, Fraction):
        value = int(value) if value.denominator == 1 else float(value)
    if isinstance(value, str):
        value = _ILLEGAL.sub(lambda m: f"\\x{ord(m.group()):02x}", value)
        target.value = value
        target.data_type = "s"  # never a formula, whatever it starts with
        if value.startswith(FORMULA_STARTS):
            target.quotePrefix = True
        return target
    target.value = value
    return target


@pausing  # the collector's passes over a large assessment only cost time (regienorm._gc)
def render(assessments: Sequence[tuple[str | None, Assessment]], titles: dict[str, str] | None = None,
           provenance: Run | None = None, language: str = "en") -> bytes:
    """The workbook for ``assessments`` (pairs of evidence path and assessment), as XLSX bytes;
    ``language`` ``nl``: the reasons and the reconciliation's summary in Dutch (the sheets' and
    columns' names stay the keys programs read)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    fills = {k: PatternFill("solid", start_color=v, end_color=v) for k, v in FILLS.items()}
    names: set[str] = set()
    for path, a in assessments:
        best, lowest = points_range(a)
        for m in matrices(a, titles):
            label = m.target or "decisions"
            sheet = book.create_sheet(_sheet_name(label if len(assessments) == 1 else f"{_stem(path)} {label}", names))
            put(sheet, 1, 1, f"{m.target}: {m.title}" if m.title else label).font = bold
            put(sheet, 1, 3, a.subject or path or "")
            heads = ["decision" if not m.target else "target", "title", *m.names]
            for n, head in enumerate(heads, 1):
                put(sheet, 2, n, head).font = bold
            for r, row in enumerate(m.rows, 3):
                put(sheet, r, 1, row.target).font = bold if row.level == "normenkader" else Font()
                put(sheet, r, 2, row.title)
                for c, j in enumerate(row.cells, 3):
                    valued = row.level in VALUE_LEVELS
                    shown = put(sheet, r, c, value_cell(j) if valued else cell(j))
                    kind = "none" if valued else colour(j, best, lowest)
                    if kind in fills:
                        shown.fill = fills[kind]
            _finish(sheet, 2, len(heads), len(m.rows) + 2, widths={1: 14, 2: 48})
    say = (lambda text: text) if language == "en" else (lambda text: translate(text, language))
    _judgements(book.create_sheet("Judgements"), assessments, titles, bold, say)
    _reconciliation(book.create_sheet("Reconciliation"), assessments, titles, bold, say)
    for name, columns, rows in (("Waivers", WAIVER_COLUMNS, list(waiver_rows(assessments))),
                                ("Left out", LEFT_OUT_COLUMNS, list(left_out_rows(assessments)))):
        if rows:
            _table(book.create_sheet(name), columns, rows, bold)
    _provenance(book.create_sheet("Provenance"), provenance, bold)
    out = io.BytesIO()
    book.save(out)
    return _dated(out.getvalue(), provenance.time if provenance is not None else None)


def _judgements(sheet: Any, assessments: Sequence[tuple[str | None, Assessment]], titles: dict[str, str] | None, bold: Any,
                say: Callable[[str], str]) -> None:
    rows = judgement_rows(list(assessments), titles)
    said = ({**row, "reasons": "\n".join(say(line) for line in row["reasons"].split("\n"))} for row in rows)
    _table(sheet, COLUMNS, said, bold, widths={COLUMNS.index("reasons") + 1: 80, COLUMNS.index("sources") + 1: 60})


def _table(sheet: Any, columns: Sequence[str], rows: Iterable[dict[str, Any]], bold: Any,
           widths: dict[int, int] | None = None) -> None:
    """A header row of ``columns`` and one row per dict, each field as what it is (:func:`put`)."""
    for n, name in enumerate(columns, 1):
        put(sheet, 1, n, name).font = bold
    r = 1
    for r, row in enumerate(rows, 2):
        for n, name in enumerate(columns, 1):
            put(sheet, r, n, row[name])
    _finish(sheet, 1, len(columns), r, widths=widths)


def _reconciliation(sheet: Any, assessments: Sequence[tuple[str | None, Assessment]], titles: dict[str, str] | None, bold: Any,
                    say: Callable[[str], str]) -> None:
    """The summary lines first (per evidence file), then one row per printed verdict: printed beside computed."""
    r = 0
    for path, a in assessments:
        for line in reconciliation_summary(a.reconciliation()):
            r += 1
            put(sheet, r, 1, f"{path}: {say(line)}" if path else say(line))
    head = r + 2
    for n, name in enumerate(RECONCILIATION_COLUMNS, 1):
        put(sheet, head, n, name).font = bold
    r = head
    for path, a in assessments:
        kinds = dict(a.rules)  # rule id -> stated, reconstructed, declared
        entities = {e: name for e, name, _ in a.entities}
        roles = {e: role for e, _, role in a.entities}
        for j in a.judgements:
            for rec in j.recorded:
                r += 1
                kind = "given" if j.given else "computed" if j.rule is not None else "unjudged"
                values = (path, j.entity, entities.get(j.entity), j.target, titles_of(titles, j.target, roles.get(j.entity)),
                          "(blank)" if rec.blank else rec.printed, rec.verdict, j.outcome, j.matches(rec) if not rec.blank else None,
                          kind, kinds.get(j.rule or ""), rec.source.describe(), rec.note, rec.record)
                for n, value in enumerate(values, 1):
                    put(sheet, r, n, value)
    _finish(sheet, head, len(RECONCILIATION_COLUMNS), r)


def _provenance(sheet: Any, provenance: Run | None, bold: Any) -> None:
    for n, name in enumerate(("what", "path", "sha256 / value"), 1):
        put(sheet, 1, n, name).font = bold
    rows: list[tuple[str, str | None, str | None]] = []
    if provenance is not None:
        rows += [("regienorm", None, provenance.version), ("time / tijdstip", None, provenance.time or "(reproducible: no time)"),
                 *provenance.entries()]
    for r, values in enumerate(rows, 2):
        for n, value in enumerate(values, 1):
            put(sheet, r, n, value)
    _finish(sheet, 1, 3, len(rows) + 1, widths={1: 30, 2: 60, 3: 70})


def _finish(sheet: Any, header: int, columns: int, last: int, widths: dict[int, int] | None = None) -> None:
    """The header row frozen (and the first column of a matrix), a filter over the table, readable widths."""
    sheet.freeze_panes = f"{'C' if sheet.cell(row=header, column=1).value in ('target', 'decision') else 'A'}{header + 1}"
    sheet.auto_filter.ref = f"A{header}:{column_letters(columns)}{max(last, header)}"
    for column, width in (widths or {}).items():
        sheet.column_dimensions[column_letters(column)].width = width


def _stem(path: str | None) -> str:
    if not path:
        return "evidence"
    name = re.split(r"[\\/]", path)[-1]
    return name.rsplit(".", 1)[0] if "." in name else name


def _sheet_name(wanted: str, taken: set[str]) -> str:
    """A sheet name XLSX accepts (no ``[]:*?/\\``, at most 31 characters, not blank), unique in the
    workbook (compared as spreadsheet programs compare them: without case)."""
    base = _SHEET_FORBIDDEN.sub("_", _ILLEGAL.sub("_", wanted)).strip().strip("'")[:_SHEET_MAX] or "sheet"
    name, n = base, 1
    while name.lower() in taken or name.lower() in ("judgements", "reconciliation", "provenance", "history", "waivers", "left out"):
        n += 1
        suffix = f" ({n})"
        name = base[: _SHEET_MAX - len(suffix)] + suffix
    taken.add(name.lower())
    return name


def _dated(data: bytes, time: str | None) -> bytes:
    """The zip again with the workbook's dates and every entry's time set to the run's (openpyxl
    stamps the moment it saves), or to 1980-01-01 without one (``--reproducible``): the same
    input gives the same bytes."""
    stamp = time or "1980-01-01T00:00:00Z"
    when = tuple(int(part) for part in re.split(r"[-T:Z]", stamp)[:6])
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = re.sub(r"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:)", rf"\g<1>{stamp}\g<3>", content.decode("utf-8"))
                content = text.replace("<dc:creator>openpyxl</dc:creator>", "<dc:creator>regienorm</dc:creator>").encode("utf-8")
            fixed = zipfile.ZipInfo(info.filename, when)  # type: ignore[arg-type]
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            target.writestr(fixed, content)
    return out.getvalue()
