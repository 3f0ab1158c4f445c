"""CSV view: one row per judgement (:data:`.rows.COLUMNS`), then the provenance as columns of every
row (``regienorm``, ``run_at``, ``framework_sha256``, ``evidence_sha256``): a CSV has no place for
a comment that every reader skips, and a row read on its own still says where it comes from.

RFC 4180 (comma-separated, fields with a comma, quote or line break quoted, CRLF line ends), UTF-8.
Truths are ``true``/``false``, nothing is an empty field, a decision's number is written exactly
when whole and otherwise as :func:`regienorm.values.value_text` writes it. Text from a framework
or evidence that a spreadsheet would run as a formula is neutralised (:mod:`.rows`)."""

from __future__ import annotations

import csv as _csv
import io
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any, TextIO

from ..judgement import Assessment
from ..provenance import Run
from ..values import value_text
from .rows import COLUMNS, judgement_rows, neutralise

PROVENANCE_COLUMNS = ("regienorm", "run_at", "framework_sha256", "evidence_sha256")


def _field(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Fraction):
        return value_text(value)
    return neutralise(str(value))  # as it is, line breaks and all (quoted): a CSV is data, not a terminal


def render(assessments: Sequence[tuple[str | None, Assessment]], titles: dict[str, str] | None = None,
           provenance: Run | None = None) -> str:
    """The CSV document for ``assessments`` (pairs of evidence path and assessment)."""
    out = io.StringIO()
    write_rows(out, judgement_rows(list(assessments), titles), provenance)
    return out.getvalue()


def write_rows(out: TextIO, rows: Iterable[dict[str, Any]], provenance: Run | None = None) -> None:
    """The CSV document of ``rows`` (:func:`.rows.judgement_row` s) written to ``out`` a row at a
    time, as they come: the command line's CSV (:mod:`regienorm.streamed`) is :func:`render`'s to the byte."""
    writer = _csv.writer(out, lineterminator="\r\n")
    writer.writerow([*COLUMNS, *(PROVENANCE_COLUMNS if provenance else ())])
    for row in rows:
        fields = [_field(row[c]) for c in COLUMNS]
        if provenance is not None:
            fields += [provenance.version, provenance.time or "", provenance.framework_sha256,
                       provenance.evidence_sha256(row["evidence"]) or ""]
        writer.writerow(fields)
