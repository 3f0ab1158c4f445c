"""Evidence written as an XLSX spreadsheet in the layout the reader reads (:mod:`.readers.xlsx`):
a template to fill in for a framework (:func:`template`), or evidence already written in YAML or
JSON carried over cell by cell (:func:`write`).

Every header cell carries a note saying what goes in the column (in Dutch and English); verdict and
status columns, truth and category inputs get drop-down lists (data validation), number inputs and
measures a check of their range. The lists live on the sheet ``# Lists``, which the reader skips
(a sheet whose name starts with ``#`` is for people), as are columns headed ``# …`` (titles).

openpyxl (the ``spreadsheets`` extra) is imported here, on use only.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any

from .. import ir
from .expected import targets_expected
from .model import FORMAT, OUTCOME_STATUSES
from .readers.nodes import RawNumber

_CITATION = ("document", "table", "page", "footnote", "line", "quote")
_COLUMNS: dict[str, tuple[str, ...]] = {
    "entities": ("id", "name", "role", "normenkaders", "members"),
    "findings": ("entity", "target", "# title", "verdict", "status", "note"),
    "sources": ("entity", "target", *_CITATION),
    "measures": ("entity", "measure", "# title", "item", "value", "n", *(f"source.{k}" for k in _CITATION)),
    "recorded": ("entity", "target", "# title", "record", "verdict", "value", "status", "note",
                 *(f"source.{k}" for k in _CITATION)),
    "overrides": ("entity", "target", "# title", "verdict", "justification", "author"),
}
_SHEETS = {"entities": "Entities", "findings": "Findings", "sources": "Sources", "measures": "Measures",
           "recorded": "Recorded", "overrides": "Overrides"}

#: What each column holds: shown as the note of its header cell (Dutch, then English).
_EXPLAINED = {
    "id": "Korte id van de entiteit (zonder spaties). / The entity's short id (no spaces).",
    "name": "Naam zoals in het rapport. / The name as the report gives it.",
    "role": "Rol uit het normenkader. / The entity's role, as declared in the framework.",
    "normenkaders": "Welke normenkaders voor deze entiteit gelden, met komma's; leeg: alle. / "
                    "The normenkaders assessed, comma-separated; empty: all that apply to the role.",
    "members": "Voor een groep: de leden, met komma's. / For a group entity: its members' ids, comma-separated.",
    "entity": "Id van de entiteit (blad Entities). / The entity's id (sheet Entities).",
    "target": "Norm of toetsaspect, als opzet.3.a. / The norm or toetsaspect, as a dotted id such as opzet.3.a.",
    "# title": "Alleen ter informatie; wordt niet gelezen. / For reading only; not read.",
    "verdict": "Oordeel: kies een symbool uit de lijst. / The verdict: pick a symbol from the list "
               "(typing + or +/- may make the program read a formula).",
    "status": "In plaats van een oordeel: not_assessed of not_applicable, met een toelichting. / "
              "Instead of a verdict: not_assessed or not_applicable, with a note saying why.",
    "note": "Toelichting. / The finding's explanation.",
    "document": "Brondocument. / The source document.",
    "table": "Tabel in de bron. / The table in the source.",
    "page": "Pagina. / Page.",
    "footnote": "Voetnoot. / Footnote.",
    "line": "Regel in de rapporttekst (een geheel getal). / Line of the report text (a whole number).",
    "quote": "Citaat uit de bron. / A quote from the source.",
    "measure": "Meting, zoals gedeclareerd in het normenkader. / The measure, as declared in the framework.",
    "item": "Welke vraag of stelling (optioneel). / Which statement or question (optional).",
    "value": "Een getal (of, bij een vastgelegde uitkomst, de gepubliceerde waarde). / "
             "A number (for a recorded decision: the published value).",
    "n": "Aantal respondenten (optioneel). / Number of respondents (optional).",
    "record": "Eigen id van de gedrukte cel (optioneel). / Your own id for the printed cell (optional).",
    "justification": "Verplicht: waarom het oordeel wordt overschreven. / Mandatory: why the verdict is overridden.",
    "author": "Verplicht: wie overschrijft. / Mandatory: who overrides it.",
    "key": "Sleutel. / The key.",
}


def template(framework: ir.Framework, entities: Sequence[Mapping[str, Any]] = ()) -> bytes:
    """:func:`template_document` as an XLSX spreadsheet (:func:`write`)."""
    return write(template_document(framework, entities), framework)


def template_document(framework: ir.Framework, entities: Sequence[Mapping[str, Any]] = ()) -> dict[str, Any]:
    """The evidence to fill in for ``framework``, as YAML would give it: the Assessment sheet filled, a row per entity
    (``entities``: mappings as under ``entities:`` in YAML, ``id`` and ``role`` at least; none
    given, one row per role with the id left to fill), on the Findings sheet a row per entity and
    per norm or toetsaspect the framework expects of it, and on the Measures sheet a row per value
    of a measure a norm is judged on. Verdicts and values are left empty: a row not filled in is an
    error when the file is read, never a verdict made up."""
    rows: list[Mapping[str, Any]] = list(entities) or [{"id": None, "role": r.id} for r in framework.roles] or [{"id": None}]
    document: dict[str, Any] = {"format": FORMAT, "assessment": {"framework": framework.id, "version": framework.version},
                                "entities": [], "findings": [], "measures": [], "recorded": [], "overrides": []}
    for entity in rows:
        document["entities"].append(dict(entity))
        role = entity.get("role")
        if role is None:
            continue
        selected = entity.get("normenkaders")
        for _target, measure, aspects, _ in targets_expected(framework, role, None if selected is None else tuple(selected),
                                                             bool(entity.get("members"))):
            if measure is not None:
                document["measures"].append({"entity": entity.get("id"), "measure": measure, "value": None})
            for at in aspects or (() if measure is not None else (_target,)):
                document["findings"].append({"entity": entity.get("id"), "target": at})
    return document


def tables(document: Mapping[str, Any], framework: ir.Framework | None = None) -> list[tuple[str, list[str], list[list[Any]]]]:
    """The layout of ``document`` as tables, one per sheet in the order written: (sheet title,
    column names, rows of values; ``# title`` filled from the framework). The XLSX file and the
    CSV template (:mod:`.template_text`) are written from these, so their columns are the same."""
    out: list[tuple[str, list[str], list[list[Any]]]] = [("Assessment", ["key", "value"], [list(kv) for kv in _meta(document)])]
    titles = _titles(framework) if framework else {}
    sources: list[dict[str, Any]] = []
    for finding in document.get("findings") or []:
        for source in finding.get("sources") or [] if isinstance(finding, dict) else []:
            sources.append({"entity": finding.get("entity"), "target": finding.get("target"), **source})
    for key, title in _SHEETS.items():
        records = sources if key == "sources" else list(document.get(key) or [])
        flat = [_flatten(r, key) for r in records]
        names = list(_COLUMNS[key])
        if key == "entities":
            names += [f"inputs.{i.id}" for i in (framework.inputs if framework else ())]
        for record in flat:
            names += [k for k in record if k not in names]
        rows = [[titles.get(str(record.get("measure" if key == "measures" else "target"))) if name == "# title"
                 else record.get(name) for name in names] for record in flat]
        out.append((title, names, rows))
    return out


def _meta(document: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """The Assessment sheet's ``key | value`` rows: the format, the assessment's keys, and any other
    top-level key the layout has no sheet for (nothing left out)."""
    meta = [("format", document.get("format"))]
    if "number_format" in document:
        meta.append(("number_format", document["number_format"]))
    meta += list((document.get("assessment") or {}).items())
    meta += [(k, v) for k, v in document.items() if k not in ("format", "number_format", "assessment", *_SHEETS)]
    return meta


def write(document: Mapping[str, Any], framework: ir.Framework | None = None) -> bytes:
    """``document`` (evidence as YAML or JSON gives it: ``Node.plain()`` of a file read, or plain
    Python values) as the bytes of an XLSX spreadsheet that reads back to the same records.

    Nothing is left out: a key the layout has no column for gets a column of its own (the check
    then reports it, as it would in YAML)."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    lists = book.create_sheet("# Lists")
    list_column = [0]

    def as_list(title: str, values: Iterable[str]) -> str:
        list_column[0] += 1
        column = _letters(list_column[0])
        values = list(values)
        lists.cell(1, list_column[0], title).font = Font(bold=True)
        for i, value in enumerate(values, start=2):
            _put(lists.cell(i, list_column[0]), value)
        return f"'# Lists'!${column}$2:${column}${len(values) + 1}"

    def header(sheet: Any, names: Sequence[str]) -> None:
        for column, name in enumerate(names, start=1):
            cell = sheet.cell(1, column, name)
            cell.font = Font(bold=True, italic=name.startswith("#"))
            explained = _EXPLAINED.get(name) or _EXPLAINED.get(name.partition(".")[2]) or _input_note(framework, name)
            if explained:
                cell.comment = Comment(explained, "regienorm", width=320, height=110)
        sheet.freeze_panes = "A2"

    symbols = as_list("verdict", [v.symbol for v in framework.scale.values]) if framework else None
    statuses = as_list("status", sorted(OUTCOME_STATUSES))
    for title, names, flat in tables(document, framework):
        sheet = book.create_sheet(title)
        header(sheet, names)
        for row, values in enumerate(flat, start=2):
            for column, value in enumerate(values, start=1):
                if title == "Assessment" and column == 1:
                    sheet.cell(row, column, value)  # a key, as typed
                else:
                    _put(sheet.cell(row, column), value)
        if title == "Assessment":
            continue
        last = max(len(flat) + 1, 2) + 200  # room to add rows that the lists still cover
        for column, name in enumerate(names, start=1):
            rule = None
            if name == "verdict" and symbols:
                rule = DataValidation(type="list", formula1=symbols, allow_blank=True)
            elif name == "status":
                rule = DataValidation(type="list", formula1=statuses, allow_blank=True)
            elif name.startswith("inputs.") and framework is not None:
                rule = _input_rule(framework, name[len("inputs."):], as_list, DataValidation)
            elif name in ("line", "source.line", "n"):
                rule = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
            elif name == "value" and title == "Measures" and framework is not None:
                _measure_rules(sheet, framework, names, flat, column, last, DataValidation)
            if rule is not None:
                rule.error = "Kies een waarde uit de lijst of binnen het bereik. / Pick a value from the list or in range."
                rule.showErrorMessage = True
                sheet.add_data_validation(rule)
                rule.add(f"{_letters(column)}2:{_letters(column)}{last}")
        if flat:
            sheet.auto_filter.ref = f"A1:{_letters(len(names))}{len(flat) + 1}"
    lists.sheet_state = "hidden"
    book.move_sheet(lists, offset=len(book.worksheets))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _flatten(record: Any, key: str) -> dict[str, Any]:
    """A record as columns: ``source: {document: …}`` as ``source.document``, ``inputs`` as
    ``inputs.NAME``, lists of ids joined with commas; a finding's sources go to the Sources sheet."""
    if not isinstance(record, dict):
        return {"(record)": record}  # not a mapping: kept, for the check to report
    out: dict[str, Any] = {}
    for name, value in record.items():
        if key == "findings" and name == "sources":
            continue
        if isinstance(value, dict) and name in ("source", "inputs"):
            for inner, v in value.items():
                out[f"{name}.{inner}"] = v
        elif isinstance(value, list) and name in ("members", "normenkaders"):
            out[name] = ", ".join(str(v) for v in value)
        else:
            out[name] = value
    return out


def _put(cell: Any, value: Any) -> None:
    """A value into a cell as what it is: a number as a number cell (unless binary floating point
    would change it: then as the text written), true/false as a truth cell, text as text (never a
    formula, whatever it starts with)."""
    if isinstance(value, RawNumber):
        value = _number(value.text)
    elif isinstance(value, Fraction):
        value = _number(str(value.numerator) if value.denominator == 1 else str(float(value)))
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # `=…` written by an auditor is text, not a formula to run


def _number(text: str) -> int | float | str:
    try:
        exact = Fraction(text)
    except (ValueError, ZeroDivisionError):
        return text
    if exact.denominator == 1 and abs(exact) < 2**53:
        return int(exact)
    as_float = float(exact)
    return as_float if Fraction(repr(as_float)) == exact else text


def _letters(column: int) -> str:
    from ..source import column_letters

    return column_letters(column)


def _titles(framework: ir.Framework) -> dict[str, str]:
    out: dict[str, str] = {}
    for nk in framework.normenkaders:
        out[nk.id] = nk.title
        for norm in nk.norms:
            out[f"{nk.id}.{norm.id}"] = norm.title
            for aspect in norm.aspects:
                out.setdefault(f"{nk.id}.{norm.id}.{aspect.id}", aspect.text)
    for measure in framework.measures:
        if measure.title:
            out[measure.id] = measure.title
    for decision in framework.decisions:
        if decision.title:
            out[decision.id] = decision.title
    return out


def _input_note(framework: ir.Framework | None, name: str) -> str | None:
    if framework is None or not name.startswith("inputs."):
        return None
    decl = next((i for i in framework.inputs if i.id == name[len("inputs."):]), None)
    if decl is None:
        return None
    kind = {ir.Kind.NUMBER: "getal / number", ir.Kind.TRUTH: "waar of onwaar / true or false",
            ir.Kind.CATEGORY: "een van / one of: " + ", ".join(decl.choices), ir.Kind.TEXT: "tekst / text",
            ir.Kind.DATE: "datum / date (YYYY-MM-DD)"}[decl.kind]
    extra = []
    if decl.low is not None or decl.high is not None:
        extra.append(f"{_fmt(decl.low)} … {_fmt(decl.high)}")
    if decl.unit:
        extra.append(decl.unit)
    return f"{decl.title or decl.id}: {kind}" + (f" ({', '.join(extra)})" if extra else "")


def _fmt(value: Fraction | None) -> str:
    if value is None:
        return ""
    return str(value.numerator) if value.denominator == 1 else f"{float(value):g}"


def _input_rule(framework: ir.Framework, name: str, as_list: Any, validation: Any) -> Any:
    decl = next((i for i in framework.inputs if i.id == name), None)
    if decl is None:
        return None
    if decl.kind is ir.Kind.CATEGORY and decl.choices:
        return validation(type="list", formula1=as_list(name, decl.choices), allow_blank=True)
    if decl.kind is ir.Kind.TRUTH:
        return validation(type="list", formula1='"TRUE,FALSE"', allow_blank=True)
    if decl.kind is ir.Kind.NUMBER:
        if decl.low is not None or decl.high is not None:
            return _range_rule(decl.low, decl.high, validation)
        return validation(type="decimal", operator="between", formula1="-1E+307", formula2="1E+307", allow_blank=True)
    return None


def _measure_rules(sheet: Any, framework: ir.Framework, names: list[str], rows: list[list[Any]], column: int, last: int,
                   validation: Any) -> None:
    """The ``value`` cells of the Measures sheet: a number within its measure's declared range on
    each row that names a measure with one, and a number on every other row (rows added later)."""
    at = names.index("measure")
    letter = _letters(column)
    ranged: dict[str, list[int]] = {}
    for row, values in enumerate(rows, start=2):
        declared = framework.measure(str(values[at])) if values[at] is not None else None
        if declared is not None and (declared.low is not None or declared.high is not None):
            ranged.setdefault(declared.id, []).append(row)
    plain = [row for row in range(2, last + 1) if not any(row in rs for rs in ranged.values())]
    message = "Een getal binnen het bereik van de meting. / A number within the measure's range."
    for measure_id, numbered in ranged.items():
        declared = framework.measure(measure_id)
        assert declared is not None
        rule = _range_rule(declared.low, declared.high, validation)
        rule.error, rule.showErrorMessage = f"{measure_id}: {message}", True
        sheet.add_data_validation(rule)
        for row in numbered:
            rule.add(f"{letter}{row}")
    if plain:
        rule = validation(type="decimal", operator="between", formula1="-1E+307", formula2="1E+307", allow_blank=True)
        rule.error, rule.showErrorMessage = "Een getal. / A number.", True
        sheet.add_data_validation(rule)
        rule.add(f"{letter}{plain[0]}:{letter}{plain[-1]}" if plain == list(range(plain[0], plain[-1] + 1))
                 else " ".join(f"{letter}{r}" for r in plain))


def _range_rule(low: Fraction | None, high: Fraction | None, validation: Any) -> Any:
    """A decimal within ``low`` … ``high`` (either may be open)."""
    if low is not None and high is not None:
        return validation(type="decimal", operator="between", formula1=str(float(low)), formula2=str(float(high)),
                          allow_blank=True)
    bound = low if low is not None else high
    return validation(type="decimal", operator="greaterThanOrEqual" if low is not None else "lessThanOrEqual",
                      formula1=str(float(bound)), allow_blank=True)  # type: ignore[arg-type]
