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
from collections.abc import Iterator, Sequence
from fractions import Fraction
from typing import Any

from ..judgement import Assessment
from ..provenance import Run
from ..values import value_text
from .rows import COLUMNS, WAIVER_FIELDS, judgement_rows, neutralise
from .waivers import APPLIED, EXPIRED, left_out_rows, waiver_rows

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
    writer = _csv.writer(out, lineterminator="\r\n")
    writer.writerow([*COLUMNS, "record", *(PROVENANCE_COLUMNS if provenance else ())])
    rows = [*({**row, "record": "judgement"} for row in judgement_rows(list(assessments), titles)),
            *_apart(assessments)]
    for row in rows:
        fields = [_field(row.get(c)) for c in (*COLUMNS, "record")]
        if provenance is not None:
            fields += [provenance.version, provenance.time or "", provenance.framework_sha256,
                       provenance.evidence_sha256(row["evidence"]) or ""]
        writer.writerow(fields)
    return out.getvalue()


def _apart(assessments: Sequence[tuple[str | None, Assessment]]) -> Iterator[dict[str, Any]]:
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
