"""The JSON contract: versioned, sorted, byte-stable for the same input.

Top level: ``format`` (``regienorm-assessment/1``), ``framework`` (id, version, title),
``evidence`` (one entry per evidence file: path, subject, entities, counts) and ``judgements``: one
flat list over all evidence files, each item with ``evidence`` (the file it belongs to), ``entity``,
``target``, ``level``, ``verdict`` (scale symbol or null), ``status``, ``points``, ``rule``,
``computed``, ``reasons``, ``recorded`` and ``agrees``, the target's ``title`` and the entity's
``entity_name``; and ``provenance`` (the files' sha256, the version, the time) when the command
line gives it. Documented in ``docs/json.md``; the JSON Schema is ``regienorm/schema/assessment.schema.json``.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterable, Sequence
from fractions import Fraction
from typing import Any, TextIO

from .._decimal import digits, json_number
from .._escape import escape_json_text
from .._gc import paused
from ..judgement import VALUE_LEVELS, Assessment, Judgement, Recorded
from ..provenance import Run
from ..values import Record, differences
from .titles import titles_of

FORMAT = "regienorm-assessment/1"


def judgement_to_json(j: Judgement, evidence_path: str | None = None, *, title: str | None = None,
                      entity_name: str | None = None, reasons: bool = True) -> dict[str, Any]:
    """A judgement's item in ``judgements``; ``reasons=False`` leaves its reasons empty (for
    render.json_text, which puts in their encoded texts)."""
    out = _verdict_json(j, evidence_path, title, entity_name, reasons)
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


def _verdict_json(j: Judgement, evidence_path: str | None, title: str | None, entity_name: str | None,
                  reasons: bool = True) -> dict[str, Any]:
    out = _verdict_keys(j, evidence_path, title, entity_name, reasons)
    points = j.points
    if isinstance(points, Fraction):  # points that are not whole: the nearest number, and exact beside it
        out["points"] = json_number(points)
        out["points_exact"] = exact_text(points)
    return out


def exact_text(value: Any) -> str:
    """A fraction's exact text, ``"5/2"`` (as ``exact`` is written for a decision's number)."""
    return f"{digits(value.numerator)}/{digits(value.denominator)}"


def _verdict_keys(j: Judgement, evidence_path: str | None, title: str | None, entity_name: str | None,
                  reasons: bool = True) -> dict[str, Any]:
    return {
        "evidence": evidence_path,
        "entity": j.entity,
        "entity_name": entity_name,
        "title": title,
        "target": j.target,
        "level": j.level,
        "verdict": j.verdict,
        "status": j.status.value,
        "points": j.points,
        "rule": j.rule,
        "computed": j.computed,
        "reasons": [r.to_json() for r in j.reasons] if reasons else [],
        "recorded": [_recorded_json(r, getattr(j, "value", None)) for r in j.recorded],
        "agrees": j.agrees,
        "blank_filled": j.blank_filled,
        "given": j.given,
        "span": j.span.to_json() if j.span is not None else None,
    }


def _recorded_json(r: Recorded, computed: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"verdict": r.verdict, "printed": r.printed, "blank": r.blank, "note": r.note,
                           "source": r.source.to_json(), "record": r.record, "at": r.span.to_json() if r.span else None}
    if r.value is not None:  # a decision's published value, under the keys a decision's own value has
        out.update({f"value_{k}" if k != "value" else k: v for k, v in value_json(r.value).items() if k != "kind"})
    if isinstance(r.value, (tuple, Record)):  # a list or record: where it differs from the computed one
        out["differences"] = [{"path": list(d.path), "printed": _or_none(d.printed), "computed": _or_none(d.computed)}
                              for d in differences(r.value, computed)]
    return out


def _or_none(value: Any) -> dict[str, Any] | None:
    return value_json(value) if value is not None else None


def evidence_to_json(a: Assessment, evidence_path: str | None = None) -> dict[str, Any]:
    out = {
        "path": evidence_path,
        "subject": a.subject,
        "entities": [{"id": i, "name": n, "role": r} for i, n, r in a.entities],
        "counts": a.counts.to_json(),
        "reconciliation": a.reconciliation().to_json(),
        "completeness": a.completeness.to_json() if a.completeness is not None else None,
    }
    applied = a.waivers()
    if applied or a.waivers_not_applied:  # only with waivers: output without them stays as it was
        out["waivers"] = {
            "applied": [{"entity": e, "target": t, **reason.to_json()} for e, t, reason in applied],
            "not_applied": [o.to_json() for o in a.waivers_not_applied],
        }
    if a.left_out:  # only for evidence made for a profile's base: output without it stays as it was
        out["left_out"] = {"count": len(a.left_out), "records": [o.to_json() for o in a.left_out]}
    return out


def render(assessments: Sequence[tuple[str | None, Assessment]], titles: dict[str, str] | None = None,
           provenance: Run | None = None) -> str:
    """One JSON document for one or more assessments of the same framework: each judgement with its
    target's title from ``titles`` (:class:`.titles.Titles`; null without) and its entity's name;
    ``provenance`` (the command line's) under its own key."""
    with paused():  # dicts and lists without cycles: the collector's passes over a large document only cost time
        return _render(assessments, titles, provenance)


def framework_json(a: Assessment) -> dict[str, Any]:
    return {"id": a.framework_id, "version": a.framework_version, "title": a.framework_title}


def _judgements(path: str | None, a: Assessment, titles: dict[str, str] | None) -> list[dict[str, Any]]:
    entities = {e: (name, role) for e, name, role in a.entities}
    out = []
    for j in a.judgements:
        name, role = entities.get(j.entity, (None, None))
        out.append(judgement_to_json(j, path, title=titles_of(titles, j.target, role), entity_name=name))
    return out


def _render(assessments: Sequence[tuple[str | None, Assessment]], titles: dict[str, str] | None, provenance: Run | None) -> str:
    first = assessments[0][1]
    document = {
        "format": FORMAT,
        "framework": framework_json(first),
        "evidence": [evidence_to_json(a, path) for path, a in assessments],
        "judgements": [item for path, a in assessments for item in _judgements(path, a, titles)],
    }
    if provenance is not None:
        document["provenance"] = provenance.to_json()
    # json.dumps escapes quotes, backslashes and C0 controls; escape_json_text also writes C1,
    # separators and bidi overrides as \uXXXX, so the file is inert on a terminal and parses the same
    return escape_json_text(json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True)) + "\n"


# ============================================================================ written a piece at a time
#: The standard library's C encoder: compact, keys sorted, every character kept (escaped below).
_COMPACT = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))
#: The same with a space after each separator, for a document laid out for people (``indent``).
_SPACED = json.JSONEncoder(ensure_ascii=False, sort_keys=True)


def dumps(value: Any, spaced: bool = False) -> str:
    """``value`` as JSON on one line, by the C encoder (``json.dumps`` with ``indent`` falls back
    to the encoder in Python), with the characters a terminal would act on escaped."""
    return escape_json_text((_SPACED if spaced else _COMPACT).encode(value))


def write_document(out: TextIO, framework: dict[str, Any], judgements: Iterable[dict[str, Any] | str],
                   evidence: Callable[[], list[dict[str, Any]]], spool: TextIO, indent: int | None = None,
                   provenance: dict[str, Any] | None = None) -> None:
    """The document :func:`render` makes, written a judgement at a time: ``judgements`` as they
    come, then ``evidence()`` (what is known once every judgement is made). The keys are in
    :func:`render`'s order, which puts ``evidence`` first (a judgement is its item, or its item's
    text as :func:`dumps` writes it, from :class:`.json_text.Encoder`): the judgements wait in ``spool`` (a
    temporary file), so memory does not grow with them.

    Without ``indent`` the text is ``json.dumps(document, separators=(",", ":"), sort_keys=True)``
    to the byte. With ``indent`` each summary and each judgement is a line of its own, indented."""
    spaced = indent is not None
    first = True
    for item in judgements:
        if not first:
            spool.write(",")
        if spaced:
            spool.write("\n" + " " * (2 * indent))  # type: ignore[operator]
        spool.write(item if isinstance(item, str) else dumps(item, spaced))
        first = False
    summaries = [dumps(e, spaced) for e in evidence()]
    if spaced:
        pad, inner = "\n" + " " * indent, "\n" + " " * (2 * indent)  # type: ignore[operator]
        out.write("{" + pad + '"evidence": [' + inner + ("," + inner).join(summaries) + pad + "]," + pad + '"format": '
                  + dumps(FORMAT) + "," + pad + '"framework": ' + dumps(framework, True) + "," + pad + '"judgements": [')
    else:
        out.write('{"evidence":[' + ",".join(summaries) + '],"format":' + dumps(FORMAT) + ',"framework":' + dumps(framework)
                  + ',"judgements":[')
    spool.seek(0)
    shutil.copyfileobj(spool, out, 1 << 20)
    tail = "" if provenance is None else (
        "," + pad + '"provenance": ' + dumps(provenance, True) if spaced else ',"provenance":' + dumps(provenance))
    out.write(((pad if not first else "") + "]" + tail + "\n}\n") if spaced else "]" + tail + "}\n")


def write_lines(out: TextIO, framework: dict[str, Any],
                parts: Iterable[tuple[Iterable[dict[str, Any] | str], Callable[[], dict[str, Any]]]],
                provenance: dict[str, Any] | None = None) -> None:
    """JSON lines (docs/json.md): a head line (``format``, ``framework``, ``provenance``), then per
    evidence file a line per judgement, as in :func:`render`'s ``judgements``, and a line
    ``{"evidence": …}`` with that file's summary once its judgements are written."""
    head = {"format": FORMAT, "framework": framework, "lines": True}
    if provenance is not None:
        head["provenance"] = provenance
    out.write(dumps(head) + "\n")
    for judgements, summary in parts:
        for item in judgements:
            out.write((item if isinstance(item, str) else dumps(item)) + "\n")
        out.write(dumps({"evidence": summary()}) + "\n")
