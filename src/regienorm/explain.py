"""Views of the reasons: a verdict followed down to the findings and their sources."""

from __future__ import annotations

from ._escape import escape_controls
from ._gc import paused
from .judgement import Assessment, Judgement


def explain(assessment: Assessment, entity: str, target: str, *, depth: int = 8) -> str:
    """The judgement of ``entity`` at ``target`` with its reasons, and the reasons of every
    judgement it was computed from, indented, down to the findings and measures."""
    with paused():  # see regienorm._gc: no cycles here, the collector's passes would only cost time
        return _explain(assessment, entity, target, depth)


def _explain(assessment: Assessment, entity: str, target: str, depth: int) -> str:
    by_key = {(j.entity, j.target): j for j in assessment.judgements}
    start = by_key.get((entity, target))
    if start is None:
        known = sorted({j.entity for j in assessment.judgements})
        raise KeyError(f"no judgement for entity `{entity}` at `{target}` (entities: {', '.join(known)})")
    lines: list[str] = []
    _walk(start, by_key, lines, 0, depth, set())
    return "\n".join(escape_controls(line) for line in lines)  # notes and ids come from others' files


def _headline(j: Judgement) -> str:
    verdict = j.verdict if j.verdict is not None else j.status.value.replace("_", " ")
    rule = f" by `{j.rule}`" if j.rule else ""
    recorded = ""
    if j.recorded:
        printed = ", ".join(f"{'a blank' if r.blank else r.printed} in {r.source.describe()}" for r in j.recorded)
        recorded = f" — printed {printed}: {'agrees' if j.agrees else 'DIFFERS'}"
    where = f" ({j.span})" if j.span is not None else ""
    return f"{j.entity} {j.target}: {verdict}{rule}{recorded}{where}"


def _walk(j: Judgement, by_key: dict[tuple[str, str], Judgement], lines: list[str], level: int, depth: int,
          seen: set[tuple[str, str]]) -> None:
    pad = "  " * level
    lines.append(pad + _headline(j))
    seen.add((j.entity, j.target))
    members = next((dict(r.data).get("members") for r in j.reasons if r.kind == "members"), None)
    for reason in j.reasons:
        if reason.kind in ("rule", "input"):
            if reason.kind == "rule":
                lines.append(f"{pad}  {reason.text}")
            continue
        lines.append(f"{pad}  {reason.text}")
    if level >= depth:
        return
    for reason in j.reasons:
        if reason.kind != "input":
            continue
        label = dict(reason.data).get("input")
        key = (str(label), j.target) if members else (j.entity, str(label))
        child = by_key.get(key)
        if child is not None and key not in seen:
            _walk(child, by_key, lines, level + 1, depth, seen)
