"""CSV view: one row per judgement (:data:`.rows.COLUMNS`; a waiver that set its verdict in the
``waiver_…`` columns), then a column ``record`` saying what the row is (``judgement``), then the
provenance as columns of every row (``regienorm``, ``run_at``, ``framework_sha256``,
``evidence_sha256``): a CSV has no place for a comment that every reader skips, and a row read on
its own still says where it comes from.

What is no judgement follows the judgements, one row each, so that nothing in the evidence is out
of sight (:mod:`.waivers`): a waiver not applied (``record`` ``waiver expired`` or ``waiver
matching nothing``; its verdict under ``verdict``, its fields under ``waiver_…``, where it is under
``at``), and a record a profile left out (``record`` ``left out finding``, ``left out recorded``
or ``left out override``; why under ``reasons``, where under ``at``).

RFC 4180 (comma-separated, fields with a comma, quote or line break quoted, CRLF line ends), UTF-8.
Truths are ``true``/``false``, nothing is an empty field, a decision's number is written exactly
when whole and otherwise as :func:`regienorm.values.value_text` writes it. Text from a framework
or evidence that a spreadsheet would run as a formula is neutralised (:mod:`.rows`)."""

from __future__ import annotations

import csv as _csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from fractions import Fraction
from typing import Any, TextIO

from .._gc import pausing
from ..judgement import Assessment
from ..provenance import Run
from ..values import value_text
from .rows import COLUMNS, WAIVER_FIELDS, judgement_rows, neutralise
from .waivers import APPLIED, EXPIRED, left_out_rows, waiver_rows

PROVENANCE_COLUMNS = ("regienorm", "run_at", "framework_sha256", "evidence_sha256")


def _field(value: Any) -> str:
    if value.__class__ is str:  # most fields: asked first
        return neutralise(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Fraction):
        return value_text(value)
    return neutralise(str(value))  # as it is, line breaks and all (quoted): a CSV is data, not a terminal


@pausing  # the collector's passes over a large assessment only cost time (regienorm._gc)
def render(assessments: Sequence[tuple[str | None, Assessment]], titles: dict[str, str] | None = None,
           provenance: Run | None = None) -> str:
    """The CSV document for ``assessments`` (pairs of evidence path and assessment)."""
    out = io.StringIO()
    write_rows(out, judgement_rows(list(assessments), titles), lambda: apart_rows(assessments), provenance)
    return out.getvalue()


def write_rows(out: TextIO, rows: Iterable[dict[str, Any]], apart: Callable[[], Iterable[dict[str, Any]]],
               provenance: Run | None = None) -> None:
    """The CSV document of the judgements' ``rows`` (:func:`.rows.judgement_row` s) written to ``out``
    a row at a time, as they come, then ``apart()`` (:func:`apart_rows`, called once the judgements
    are all written): the command line's CSV (:mod:`regienorm.streamed`) is :func:`render`'s to the byte."""
    writer = _csv.writer(out, lineterminator="\r\n")
    writer.writerow([*COLUMNS, "record", *(PROVENANCE_COLUMNS if provenance else ())])

    stated: list[str] = [] if provenance is None else [provenance.version, provenance.time or "", provenance.framework_sha256]
    hashes: dict[str | None, str] = {}  # each evidence file's sha256, found once

    def write(row: dict[str, Any], record: str) -> None:
        fields = [_field(row.get(c)) for c in COLUMNS]
        fields.append(_field(record))
        if provenance is not None:
            path = row["evidence"]
            found = hashes.get(path)
            if found is None:
                found = hashes[path] = provenance.evidence_sha256(path) or ""
            fields += stated
            fields.append(found)
        writer.writerow(fields)

    for row in rows:
        write(row, "judgement")
    for row in apart():  # known once every judgement is made
        write(row, row["record"])


def apart_rows(assessments: Sequence[tuple[str | None, Assessment]]) -> Iterator[dict[str, Any]]:
    """The rows after the judgements: waivers not applied, records left out (see the module)."""
    for row in waiver_rows(assessments):
        if row["state"] == APPLIED:
            continue  # on the row of the judgement it set
        yield {"evidence": row["evidence"], "entity": row["entity"], "target": row["target"], "verdict": row["verdict"],
               **{f"waiver_{c}": row[c] for c in WAIVER_FIELDS}, "at": row["at"],
               "record": "waiver expired" if row["state"] == EXPIRED else "waiver matching nothing"}
    for row in left_out_rows(assessments):
        yield {"evidence": row["evidence"], "entity": row["entity"], "target": row["target"], "reasons": row["why"],
               "at": row["at"], "record": f"left out {row['kind']}"}
