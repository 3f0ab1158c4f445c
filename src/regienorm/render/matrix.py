"""The report's tables as data, for the views that lay them out (markdown, xlsx): per normenkader
its norms and toetsaspecten by the entities judged, then the total; and the decisions' values.
Which rows and columns a table has, and how a verdict is coloured, is decided here once."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from ..judgement import VALUE_LEVELS, Assessment, Judgement, Status
from .titles import titles_of


@attrs.frozen
class Row:
    target: str
    level: str  # "group", "norm", "aspect", "normenkader" (the total), or "decision" / "score" (a value)
    label: str  # the id within its normenkader (`1`, `1.a`), `total`, or a decision's id
    title: str | None
    cells: tuple[Judgement | None, ...]  # one per entity of the table


@attrs.frozen
class Matrix:
    target: str  # the normenkader's id, or "" for the decisions
    title: str | None
    entities: tuple[str, ...]
    names: tuple[str, ...]  # the entities' names (the id when there is none)
    rows: tuple[Row, ...]


def colour(j: Judgement | None, best: int | None, lowest: int | None) -> str:
    """``best`` (the highest points judged), ``lowest``, ``between``, or ``none`` (no verdict)."""
    if j is None or j.status is not Status.JUDGED or j.points is None:
        return "none"
    return "best" if j.points == best else "lowest" if j.points == lowest else "between"


def points_range(a: Assessment) -> tuple[int | None, int | None]:
    """The highest and lowest points judged in ``a``: what a verdict's colour is measured against."""
    points = [j.points for j in a.judgements if j.points is not None and j.status is Status.JUDGED]
    return (max(points), min(points)) if points else (None, None)


def matrices(a: Assessment, titles: dict[str, str] | None = None, *, aspects: bool = True) -> list[Matrix]:
    """The tables of ``a``: one per normenkader with an entity it applies to (a tree's groups before
    what is inside them), then one of the decisions and scores."""
    by_key = {(j.entity, j.target): j for j in a.judgements}
    every = list(dict.fromkeys((j.target, j.level) for j in a.judgements))
    targets = [(t, level) for t, level in every if level not in VALUE_LEVELS]
    targets = groups_first(targets, dict(targets))
    names = {e: (name or e) for e, name, _ in a.entities}
    roles = {e: role for e, _, role in a.entities}
    inside: dict[str, list[tuple[str, str]]] = {}  # each normenkader's targets, in order (its id has no dot)
    for target, level in targets:
        head, dot, _ = target.partition(".")
        if dot:
            inside.setdefault(head, []).append((target, level))
    out: list[Matrix] = []
    for nk in [t for t, level in targets if level == "normenkader"]:
        entities = [e for e, _, _ in a.entities if (e, nk) in by_key and by_key[(e, nk)].status is not Status.NOT_APPLICABLE]
        if not entities:
            continue
        rows = []
        role = _one_role([roles.get(e) for e in entities])
        for target, level in [*inside.get(nk, ()), (nk, "normenkader")]:
            if level == "aspect" and not aspects:
                continue
            rows.append(Row(target, level, target[len(nk) + 1:] if target != nk else "total", titles_of(titles, target, role),
                            tuple(by_key.get((e, target)) for e in entities)))
        out.append(Matrix(nk, titles_of(titles, nk, None), tuple(entities), tuple(names[e] for e in entities), tuple(rows)))
    levels = dict(every)
    decided = [t for t, level in every if level in VALUE_LEVELS]
    if decided:
        entities = [e for e, _, _ in a.entities if any((e, t) in by_key for t in decided)]
        out.append(Matrix("", None, tuple(entities), tuple(names[e] for e in entities),
                          tuple(Row(t, levels[t], t, titles_of(titles, t, None), tuple(by_key.get((e, t)) for e in entities))
                                for t in decided)))
    return out


def _one_role(roles: Sequence[str | None]) -> str | None:
    """The role of a table's entities when they share one (an aspect's text may differ per role)."""
    found = set(roles)
    return found.pop() if len(found) == 1 else None


def groups_first(targets: list[tuple[str, str]], levels: dict[str, str]) -> list[tuple[str, str]]:
    """The targets with each group (judged after what is inside it) moved before the first target
    inside it, as a report's table shows a tree."""
    if "group" not in levels.values():
        return targets
    out: dict[tuple[str, str], None] = {}
    for target, level in targets:
        if level == "group" and (target, level) in out:
            continue
        for prefix in prefixes(target):
            if prefix != target and levels.get(prefix) == "group":
                out.setdefault((prefix, "group"), None)
        out.setdefault((target, level), None)
    return list(out)


def prefixes(target: str) -> list[str]:
    """The dotted prefixes of a target that a normenkader's id could be (``a.b.c``: ``a``, ``a.b``)."""
    parts = target.split(".")
    return [".".join(parts[:n]) for n in range(1, len(parts))]
