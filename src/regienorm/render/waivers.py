"""The waivers of an assessment and the records a profile left out, as rows of fields: the views
that list them as tables (markdown, csv, xlsx) take them from here, so each lists the same.

A waiver applied is listed with the verdict it set and the one it replaced, its scope, risk,
author, approver, dates, justification and where it is written; a waiver not applied (expired at
the assessment's date, or matching no judgement) with why. A record left out (evidence made for a
profile's base, :mod:`regienorm.evidence.profiles`) with its kind, what it points at, why the
profile has no place for it, and where it is written (``file:line:column``)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from ..judgement import Assessment
from ..source import Span

#: The fields of :func:`waiver_rows`, in order.
WAIVER_COLUMNS = ("evidence", "state", "scope", "entity", "target", "verdict", "replaces", "risk", "author", "approver",
                  "date", "expires", "justification", "at")
#: The fields of :func:`left_out_rows`, in order.
LEFT_OUT_COLUMNS = ("evidence", "kind", "entity", "target", "why", "at")

#: A waiver not applied: why, in the words of the reports.
EXPIRED, MATCHES_NOTHING, APPLIED = "expired", "matches nothing", "applied"


def where(span: Span | None) -> str | None:
    """Where a record is written (``file:line:column``; in a spreadsheet its sheet and row), None
    for one made without a file."""
    return str(span) if span is not None else None


def applied_fields(reason: Any) -> dict[str, Any]:
    """The waiver fields of an applied waiver's reason (kind ``override``)."""
    d = dict(reason.data)
    return {"state": APPLIED, "scope": d.get("scope", "judgement"), "verdict": d.get("verdict"),
            "replaces": d.get("computed"), "risk": d.get("risk"), "author": d.get("author"),
            "approver": d.get("approver"), "date": d.get("date"), "expires": d.get("expires"),
            "justification": d.get("justification"), "at": where(d.get("at"))}


def not_applied_fields(o: Any) -> dict[str, Any]:
    """The waiver fields of a waiver not applied (evidence.model.Override)."""
    return {"state": EXPIRED if o.expired else MATCHES_NOTHING, "scope": o.scope, "verdict": o.verdict, "replaces": None,
            "risk": o.risk, "author": o.author, "approver": o.approver, "date": o.date, "expires": o.expires,
            "justification": o.justification, "at": where(o.span)}


def waiver_counts(a: Assessment) -> str | None:
    """The waivers read, applied and the judgements they set, when a waiver of a wider scope makes
    the last differ from the second (None otherwise: the counts line says it all)."""
    c = a.counts
    if c.overrides_set == c.overrides_used:
        return None
    return f"Waivers: {c.overrides} read, {c.overrides_used} applied, setting {c.overrides_set} judgements."


def waiver_rows(assessments: Sequence[tuple[str | None, Assessment]]) -> Iterator[dict[str, Any]]:
    """Every waiver applied (one row per judgement it set), then every one not applied."""
    for path, a in assessments:
        for entity, target, reason in a.waivers():
            yield {"evidence": path, "entity": entity, "target": target, **applied_fields(reason)}
        for o in a.waivers_not_applied:
            yield {"evidence": path, "entity": o.entity, "target": o.target, **not_applied_fields(o)}


def left_out_rows(assessments: Sequence[tuple[str | None, Assessment]]) -> Iterator[dict[str, Any]]:
    """Every record a profile left out, in the order of the evidence."""
    for path, a in assessments:
        for o in a.left_out:
            yield {"evidence": path, "kind": o.kind, "entity": o.entity, "target": o.target, "why": o.why, "at": where(o.span)}
