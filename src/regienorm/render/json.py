"""The JSON contract: versioned, sorted, byte-stable for the same input.

Top level: ``format`` (``regienorm-assessment/1``), ``framework`` (id, version, title),
``evidence`` (one entry per evidence file: path, subject, entities, counts) and ``judgements``: one
flat list over all evidence files, each item with ``evidence`` (the file it belongs to), ``entity``,
``target``, ``level``, ``verdict`` (scale symbol or null), ``status``, ``points``, ``rule``,
``computed``, ``reasons``, ``recorded`` and ``agrees``. Documented in ``docs/json.md``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from .._decimal import digits, json_number
from .._escape import escape_json_text
from .._gc import paused
from ..judgement import VALUE_LEVELS, Assessment, Judgement, Recorded
from ..values import Record

FORMAT = "regienorm-assessment/1"


def judgement_to_json(j: Judgement, evidence_path: str | None = None) -> dict[str, Any]:
    out = _verdict_json(j, evidence_path)
    if j.level in VALUE_LEVELS:
        out.update(value_json(j.value))
    return out


def value_json(value: Any) -> dict[str, Any]:
    """A decision's value under keys of its own (docs/json.md): ``kind``; ``value`` as a JSON number,
    true/false or text; for a number that is not whole, ``exact`` as a fraction text (``"49/5"``)
    and ``value`` as the nearest float (a number too large for a float is null, with ``exact``).
    A list (a decision table's matches) has ``value`` null and ``items``, each with these keys; a
    record (a table row's several outputs) has ``value`` null and ``fields``, each with ``name`` and
    these keys: no key is named by the framework, so the keys stay the contract's own."""
    if value is None:
        return {"kind": None, "value": None}
    if isinstance(value, tuple):
        return {"kind": "list", "value": None, "items": [value_json(v) for v in value]}
    if isinstance(value, Record):
        return {"kind": "record", "value": None, "fields": [{"name": k, **value_json(v)} for k, v in value.fields]}
    if isinstance(value, bool):
        return {"kind": "truth", "value": value}
    if isinstance(value, str):
        return {"kind": "category", "value": value}
    out: dict[str, Any] = {"kind": "number"}
    number = json_number(value)
    if value.denominator == 1 and isinstance(number, int):
        out["value"] = number
        return out
    out["value"] = number if isinstance(number, (int, float)) else None  # beyond a double: `exact` has it
    out["exact"] = f"{digits(value.numerator)}/{digits(value.denominator)}"
    return out


def _verdict_json(j: Judgement, evidence_path: str | None) -> dict[str, Any]:
    return {
        "evidence": evidence_path,
        "entity": j.entity,
        "target": j.target,
        "level": j.level,
        "verdict": j.verdict,
        "status": j.status.value,
        "points": j.points,
        "rule": j.rule,
        "computed": j.computed,
        "reasons": [r.to_json() for r in j.reasons],
        "recorded": [_recorded_json(r) for r in j.recorded],
        "agrees": j.agrees,
        "blank_filled": j.blank_filled,
        "given": j.given,
        "span": j.span.to_json() if j.span is not None else None,
    }


def _recorded_json(r: Recorded) -> dict[str, Any]:
    out = {"verdict": r.verdict, "printed": r.printed, "blank": r.blank, "note": r.note, "source": r.source.to_json(),
           "record": r.record, "at": r.span.to_json() if r.span else None}
    if r.value is not None:  # a decision's published value, under the keys a decision's own value has
        out.update({f"value_{k}" if k != "value" else k: v for k, v in value_json(r.value).items() if k != "kind"})
    return out


def evidence_to_json(a: Assessment, evidence_path: str | None = None) -> dict[str, Any]:
    return {
        "path": evidence_path,
        "subject": a.subject,
        "entities": [{"id": i, "name": n, "role": r} for i, n, r in a.entities],
        "counts": a.counts.to_json(),
        "reconciliation": a.reconciliation().to_json(),
        "completeness": a.completeness.to_json() if a.completeness is not None else None,
    }


def render(assessments: Sequence[tuple[str | None, Assessment]]) -> str:
    """One JSON document for one or more assessments of the same framework."""
    with paused():  # dicts and lists without cycles: the collector's passes over a large document only cost time
        return _render(assessments)


def _render(assessments: Sequence[tuple[str | None, Assessment]]) -> str:
    first = assessments[0][1]
    document = {
        "format": FORMAT,
        "framework": {"id": first.framework_id, "version": first.framework_version, "title": first.framework_title},
        "evidence": [evidence_to_json(a, path) for path, a in assessments],
        "judgements": [judgement_to_json(j, path) for path, a in assessments for j in a.judgements],
    }
    # json.dumps escapes quotes, backslashes and C0 controls; escape_json_text also writes C1,
    # separators and bidi overrides as \uXXXX, so the file is inert on a terminal and parses the same
    return escape_json_text(json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True)) + "\n"
