"""Views of the reasons: a verdict followed down to the findings and their sources.

Three modes, as OPA's ``--explain``: ``full`` (every reason of every judgement it was computed
from), ``fails`` (only the branches whose verdict is below the scale's best, or that have none:
what kept the verdict from the best), ``notes`` (only the notes, quotes and sources of the findings
and values, under the judgement each belongs to)."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import Any

from ._escape import escape_controls
from ._gc import paused
from .i18n import translate
from .judgement import Assessment, Judgement, Status
from .values import value_text

MODES = ("full", "fails", "notes")


def explain(assessment: Assessment, entity: str, target: str, *, depth: int = 8, mode: str = "full",
            width: int | None = None, language: str = "en") -> str:
    """The judgement of ``entity`` at ``target`` with its reasons, and the reasons of every
    judgement it was computed from, indented, down to the findings and measures; ``depth`` levels
    down at most (0: the judgement alone). What lies deeper is counted in a line, never left out
    without a word. ``mode`` is one of :data:`MODES`; ``width`` wraps each line to that many
    columns, continued under its own indentation (None: lines as long as they are). ``language``:
    ``en`` or ``nl`` (:mod:`regienorm.i18n`); the ids, symbols, numbers, notes and sources stay as
    written."""
    if mode not in MODES:
        raise ValueError(f"mode is one of {', '.join(MODES)}, not {mode!r}")
    with paused():  # see regienorm._gc: no cycles here, the collector's passes would only cost time
        return _explain(assessment, entity, target, depth, mode, width, language)


#: The words of the headlines; the reasons' sentences are translated by the catalog.
_WORDS = {
    "en": {"by": "by", "printed": "printed", "blank": "a blank", "in": "in", "agrees": "agrees", "differs": "DIFFERS",
           "deeper": "… {n} judgement(s) it was computed from, deeper than depth {depth}: not shown"},
    "nl": {"by": "volgens", "printed": "afgedrukt", "blank": "een lege cel", "in": "in", "agrees": "komt overeen",
           "differs": "WIJKT AF", "deeper": "… {n} oordeel/oordelen waaruit het berekend is, dieper dan niveau {depth}: niet getoond"},
}


class _Say:
    """The words and the translation of one explanation (the language it is written in)."""

    def __init__(self, language: str) -> None:
        self.words = _WORDS.get(language, _WORDS["en"])
        self.text: Callable[[str], str] = (lambda text: text) if language == "en" else (lambda text: translate(text, language))


def _explain(assessment: Assessment, entity: str, target: str, depth: int, mode: str, width: int | None,
             language: str = "en") -> str:
    by_key = {(j.entity, j.target): j for j in assessment.judgements}
    start = by_key.get((entity, target))
    if start is None:
        known = sorted({j.entity for j in assessment.judgements})
        raise KeyError(f"no judgement for entity `{entity}` at `{target}` (entities: {', '.join(known)})")
    lines: list[str] = []
    best = _best_points(assessment)
    say = _Say(language)
    _walk(start, by_key, lines, 0, depth, set(), mode, best, say)
    if mode == "fails" and start.points is not None and start.points == best and not _below(start, by_key, best):
        lines[1:] = ["  " + say.text("the best verdict on the scale, and every part it rests on too: nothing kept it lower")]
    if mode == "notes" and len(lines) == 1:
        lines.append("  " + say.text("no notes, quotes or sources in the findings and values it rests on"))
    shown = [escape_controls(line) for line in lines]  # notes and ids come from others' files
    return "\n".join(wrapped(line, width) for line in shown)


def _best_points(assessment: Assessment) -> int | None:
    """The best points any verdict of the assessment has (the scale is not in the assessment; its
    best value is the highest points a judgement shows, which is what ``fails`` compares with)."""
    points = [j.points for j in assessment.judgements if j.points is not None]
    return max(points) if points else None


def wrapped(line: str, width: int | None) -> str:
    """``line`` wrapped to ``width`` columns, continued four columns further in than it starts."""
    if width is None or len(line) <= width:
        return line
    pad = len(line) - len(line.lstrip(" "))
    return textwrap.fill(line.strip(" "), width=max(width, pad + 20), initial_indent=" " * pad,
                         subsequent_indent=" " * (pad + 4), break_on_hyphens=False, break_long_words=True)


def _below(j: Judgement, by_key: dict[tuple[str, str], Judgement], best: int | None) -> bool:
    """True when a judgement ``j`` is computed from, at any depth, is failing (:func:`_failing`)."""
    members = any(r.kind == "members" for r in j.reasons)
    for reason in j.reasons:
        if reason.kind == "input":
            label = str(dict(reason.data).get("input"))
            child = by_key.get((label, j.target) if members else (j.entity, label))
            if child is not None and (_failing(child, best) or _below(child, by_key, best)):
                return True
    return False


def _failing(j: Judgement, best: int | None) -> bool:
    """A branch ``fails`` shows: judged below the best, or not judged where it could be."""
    if j.status is Status.NOT_APPLICABLE:
        return False
    return j.points is None or best is None or j.points < best


def _notes(j: Judgement) -> list[str]:
    """The notes, quotes and sources of a judgement's findings and values, one a line."""
    out = []
    for reason in j.reasons:
        data: dict[str, Any] = dict(reason.data)
        if reason.kind == "finding":
            if data.get("note"):
                out.append(f"note: {data['note']}")
            sources = data.get("sources") or []
        elif reason.kind in ("measure", "indicator"):
            sources = [data["source"]] if data.get("source") else []
        elif reason.kind == "override":
            out.append(f"override by {data.get('author')}: {data.get('justification')}")
            sources = []
        else:
            continue
        for source in sources:
            described = ", ".join(str(source[k]) if k != "page" else f"p. {source[k]}"
                                  for k in ("document", "table", "page", "footnote") if source.get(k) is not None)
            if source.get("line") is not None:
                described += f"{', ' if described else ''}line {source['line']}"
            out.append(f"source: {described or '(no source given)'}")
            if source.get("quote"):
                out.append(f"  quote: \u201c{source['quote']}\u201d")
    return out


def _headline(j: Judgement, say: _Say) -> str:
    words = say.words
    value = getattr(j, "value", None)
    if j.verdict is not None:
        verdict = j.verdict
    elif value is not None:  # a decision's or a score's value
        verdict = f"= {value_text(value)}"
    else:
        verdict = say.text(j.status.value.replace("_", " "))
    rule = f" {words['by']} `{j.rule}`" if j.rule else ""
    recorded = ""
    if j.recorded:
        printed = ", ".join(f"{words['blank'] if r.blank else r.printed} {words['in']} {say.text(r.source.describe())}"
                            for r in j.recorded)
        recorded = f" — {words['printed']} {printed}: {words['agrees'] if j.agrees else words['differs']}"
    where = f" ({j.span})" if j.span is not None else ""
    return f"{j.entity} {j.target}: {verdict}{rule}{recorded}{where}"


def _walk(j: Judgement, by_key: dict[tuple[str, str], Judgement], lines: list[str], level: int, depth: int,
          seen: set[tuple[str, str]], mode: str, best: int | None, say: _Say) -> None:
    pad = "  " * level
    seen.add((j.entity, j.target))
    if mode == "notes":
        notes = _notes(j)
        if notes or level == 0:
            lines.append(pad + _headline(j, say))
            lines.extend(f"{pad}  {note}" for note in notes)
    else:
        lines.append(pad + _headline(j, say))
        for reason in j.reasons:
            if reason.kind == "input":
                continue
            lines.append(f"{pad}  {say.text(reason.text)}")
    members = next((dict(r.data).get("members") for r in j.reasons if r.kind == "members"), None)
    children = []
    for reason in j.reasons:
        if reason.kind != "input":
            continue
        label = dict(reason.data).get("input")
        key = (str(label), j.target) if members else (j.entity, str(label))
        child = by_key.get(key)
        if child is not None and key not in seen and (mode != "fails" or _failing(child, best)):
            children.append(key)
    if level >= depth:
        if children:
            lines.append(f"{pad}  " + say.words["deeper"].format(n=len(children), depth=depth))
        return
    for key in children:
        if key not in seen:
            _walk(by_key[key], by_key, lines, level + 1, depth, seen, mode, best, say)
