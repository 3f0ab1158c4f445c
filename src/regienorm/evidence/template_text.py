"""The evidence template (:func:`.spreadsheet.template_document`) as text: CSV in the XLSX file's
layout, or YAML with the titles as comments. No openpyxl needed.

CSV: the sheets stacked in one file, in the XLSX file's order and with its columns
(:func:`.spreadsheet.tables`): a line ``[Findings]`` names the sheet, the next line is its header
row, then its rows; a blank line ends it. ``# title`` cells are for people; one that a spreadsheet
program would run as a formula (starting ``=``, ``+``, ``-``, ``@``, a tab or a CR) is written
after a ``'``, as spreadsheet programs themselves mark text.

YAML: the records as ``evidence.md`` writes them, one finding a line with its norm's or aspect's
title as a comment above it; verdicts are ``null``, to be filled in (a row left so is an error
when the file is read, never a verdict made up).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from .. import ir
from .readers.nodes import RawNumber
from .spreadsheet import _titles, tables

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def write_csv(document: Mapping[str, Any], framework: ir.Framework | None = None) -> str:
    """``document`` as the stacked CSV tables described above."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for number, (title, names, rows) in enumerate(tables(document, framework)):
        if number:
            out.write("\n")
        writer.writerow([f"[{title}]"])
        writer.writerow(names)
        for row in rows:
            writer.writerow([_inert(cell_text(v)) if name == "# title" else cell_text(v) for name, v in zip(names, row, strict=True)])
    return out.getvalue()


def cell_text(value: Any) -> str:
    """A value as one CSV cell: numbers as written, exact fractions, true/false, nothing as empty."""
    if value is None:
        return ""
    if isinstance(value, RawNumber):
        return value.text
    if isinstance(value, Fraction):
        return str(value.numerator) if value.denominator == 1 else str(float(value))
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _inert(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def write_yaml(document: Mapping[str, Any], framework: ir.Framework | None = None) -> str:
    """``document`` as YAML evidence, the titles of what each finding judges as comments."""
    titles = _titles(framework) if framework else {}
    lines = []
    if framework is not None:
        lines += [f"# Evidence to fill in for {_scalar(framework.id)} ({_line(framework.title)}), version {_line(framework.version)}.",
                  "# Give each finding a verdict (" + ", ".join(v.symbol for v in framework.scale.values) + ") or a status "
                  "(not_assessed, not_applicable) with a note; each measure a value."]
    lines.append(f"format: {_scalar(document.get('format'))}")
    if "number_format" in document:
        lines.append(f"number_format: {_scalar(document['number_format'])}")
    lines.append("assessment:")
    lines += [f"  {key}: {_scalar(value)}" for key, value in (document.get("assessment") or {}).items()]
    for key in ("entities", "findings", "measures", "recorded", "overrides"):
        records = list(document.get(key) or [])
        if not records:
            continue
        lines.append(f"{key}:")
        for record in records:
            about = record.get("measure") if key == "measures" else record.get("target")
            title = titles.get(str(about)) if about is not None else None
            if title:
                lines.append(f"  # {about}: {_line(title)}")
            if key == "findings" and "verdict" not in record and "status" not in record:
                record = {**record, "verdict": None}
            lines.append("  - {" + ", ".join(f"{k}: {_scalar(v)}" for k, v in record.items()) + "}")
    return "\n".join(lines) + "\n"


def _line(text: str) -> str:
    """Text on one comment line: line breaks and controls as spaces."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def _scalar(value: Any) -> str:
    """A YAML flow scalar: null, a number or truth as written, any text double-quoted (a JSON
    string is a YAML double-quoted scalar), a list in brackets."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, RawNumber):
        return value.text
    if isinstance(value, (int, Fraction)):
        return str(value) if not isinstance(value, Fraction) or value.denominator == 1 else json.dumps(str(value))
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)
