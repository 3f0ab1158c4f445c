"""Views of the reasons: a verdict followed down to the findings and their sources."""

from __future__ import annotations

from collections.abc import Callable

from ._escape import escape_controls
from ._gc import paused
from .i18n import translate
from .judgement import Assessment, Judgement


def explain(assessment: Assessment, entity: str, target: str, *, depth: int = 8, language: str = "en") -> str:
    """The judgement of ``entity`` at ``target`` with its reasons, and the reasons of every
    judgement it was computed from, indented, down to the findings and measures; ``depth`` levels
    down at most (0: the judgement alone). What lies deeper is counted in a line, never left out
    without a word. ``language``: ``en`` or ``nl`` (:mod:`regienorm.i18n`); the ids, symbols, numbers,
    notes and sources stay as written."""
    with paused():  # see regienorm._gc: no cycles here, the collector's passes would only cost time
        return _explain(assessment, entity, target, depth, _WORDS.get(language, _WORDS["en"]), language)


#: The words of the headlines; the reasons' sentences are translated by the catalog.
_WORDS = {
    "en": {"by": "by", "printed": "printed", "blank": "a blank", "in": "in", "agrees": "agrees", "differs": "DIFFERS",
           "deeper": "… {n} judgement(s) it was computed from, deeper than depth {depth}: not shown"},
    "nl": {"by": "volgens", "printed": "afgedrukt", "blank": "een lege cel", "in": "in", "agrees": "komt overeen",
           "differs": "WIJKT AF", "deeper": "… {n} oordeel/oordelen waaruit het berekend is, dieper dan niveau {depth}: niet getoond"},
}


def _explain(assessment: Assessment, entity: str, target: str, depth: int, words: dict[str, str], language: str) -> str:
    by_key = {(j.entity, j.target): j for j in assessment.judgements}
    start = by_key.get((entity, target))
    if start is None:
        known = sorted({j.entity for j in assessment.judgements})
        raise KeyError(f"no judgement for entity `{entity}` at `{target}` (entities: {', '.join(known)})")
    lines: list[str] = []
    say = (lambda text: text) if language == "en" else (lambda text: translate(text, language))
    _walk(start, by_key, lines, 0, depth, set(), words, say)
    return "\n".join(escape_controls(line) for line in lines)  # notes and ids come from others' files


def _headline(j: Judgement, words: dict[str, str], say: Callable[[str], str]) -> str:
    verdict = j.verdict if j.verdict is not None else say(j.status.value.replace("_", " "))
    rule = f" {words['by']} `{j.rule}`" if j.rule else ""
    recorded = ""
    if j.recorded:
        printed = ", ".join(f"{words['blank'] if r.blank else r.printed} {words['in']} {say(r.source.describe())}" for r in j.recorded)
        recorded = f" — {words['printed']} {printed}: {words['agrees'] if j.agrees else words['differs']}"
    where = f" ({j.span})" if j.span is not None else ""
    return f"{j.entity} {j.target}: {verdict}{rule}{recorded}{where}"


def _walk(j: Judgement, by_key: dict[tuple[str, str], Judgement], lines: list[str], level: int, depth: int,
          seen: set[tuple[str, str]], words: dict[str, str], say: Callable[[str], str]) -> None:
    pad = "  " * level
    lines.append(pad + _headline(j, words, say))
    seen.add((j.entity, j.target))
    members = next((dict(r.data).get("members") for r in j.reasons if r.kind == "members"), None)
    for reason in j.reasons:
        if reason.kind in ("rule", "input"):
            if reason.kind == "rule":
                lines.append(f"{pad}  {say(reason.text)}")
            continue
        lines.append(f"{pad}  {say(reason.text)}")
    children = []
    for reason in j.reasons:
        if reason.kind != "input":
            continue
        label = dict(reason.data).get("input")
        key = (str(label), j.target) if members else (j.entity, str(label))
        if by_key.get(key) is not None and key not in seen:
            children.append(key)
    if level >= depth:
        if children:
            lines.append(f"{pad}  " + words["deeper"].format(n=len(children), depth=depth))
        return
    for key in children:
        if key not in seen:
            _walk(by_key[key], by_key, lines, level + 1, depth, seen, words, say)
