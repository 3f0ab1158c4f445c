"""What would change a verdict: the smallest sets of findings (or measure values) that move it one step up or down.

    >>> import regienorm
    >>> from regienorm.counterfactual import what_would_change
    >>> framework = regienorm.compile_file("frameworks/examples/jeugdhulp.norm")
    >>> evidence = regienorm.load_evidence("frameworks/examples/jeugdhulp.evidence.yaml", framework)
    >>> answer = what_would_change(framework, regienorm.evaluate(framework, evidence), "wijkteams", "opzet")
    >>> answer.up.size  # doctest: +SKIP
    1

Computed from the rules (:mod:`.search` says how, and when the answer is exact); rendered by
:mod:`.report` as text (English, Dutch) and JSON.
"""

from __future__ import annotations

from typing import Any

import attrs

from .. import ir
from ..judgement import Assessment
from .search import BUDGET, LIMIT, Change, Search

__all__ = ["Change", "ChangeSet", "Step", "WhatWouldChange", "what_would_change"]


@attrs.frozen
class ChangeSet:
    """Findings changed together, and the verdict the judgement then gets."""

    changes: tuple[Change, ...]
    verdict: str

    def to_json(self) -> dict[str, Any]:
        return {"verdict": self.verdict, "changes": [
            {"entity": c.entity, "target": c.target, "before": c.before, "after": c.after,
             **({"measure": c.measure, "item": c.item} if c.measure is not None else {})} for c in self.changes]}


@attrs.frozen
class Step:
    """One direction (``up``: a better verdict, ``down``: a worse). ``size`` is the fewest findings
    that move it (None: none do, or ``reason`` says why nothing is searched); ``count`` how many
    sets of that size there are, ``sets`` the smallest of them (none moving a finding further than
    another set of the same findings), at most the search's limit."""

    direction: str
    size: int | None
    count: int
    sets: tuple[ChangeSet, ...]
    reason: str | None = None  # "best", "lowest", "not judged", "override"

    def to_json(self) -> dict[str, Any]:
        return {"direction": self.direction, "size": self.size, "count": self.count,
                "sets": [s.to_json() for s in self.sets], "reason": self.reason}


@attrs.frozen
class WhatWouldChange:
    """The answer for one judgement. ``exact``: every combination that could be smaller was
    searched; otherwise the search stopped after ``evaluations`` rule evaluations (its budget), or
    measure values were searched (``bounds`` says how: one record at a time, on a grid), and a
    smaller set than those shown may exist. ``fixed``: the parts below it no change can move, with
    why (an override, a decision)."""

    entity: str
    target: str
    verdict: str | None
    rule: str | None
    up: Step
    down: Step
    exact: bool
    evaluations: int
    budget: int
    fixed: tuple[tuple[str, str, str], ...] = ()  # (entity, target, why)
    #: What the searches of measure values covered: (measure, lowest value tried, highest, step),
    #: one value at a time (each makes the answer not ``exact``).
    bounds: tuple[tuple[str, str, str, str], ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"format": FORMAT, "entity": self.entity, "target": self.target, "verdict": self.verdict, "rule": self.rule,
                "exact": self.exact, "evaluations": self.evaluations, "budget": self.budget,
                "bounds": [{"measure": m, "from": lo, "to": hi, "step": st} for m, lo, hi, st in self.bounds],
                "up": self.up.to_json(), "down": self.down.to_json(),
                "fixed": [{"entity": e, "target": t, "why": w} for e, t, w in self.fixed]}


#: The JSON document's format (`docs/json.md`, "What would change a verdict").
FORMAT = "regienorm-counterfactual/1"


def what_would_change(framework: ir.Framework, assessment: Assessment, entity: str, target: str, *,
                      budget: int = BUDGET, limit: int = LIMIT) -> WhatWouldChange:
    """The smallest sets of findings that give ``entity``'s verdict at ``target`` a better verdict
    (one step up or more) and a worse one, computed from the framework's rules over the
    assessment's judgements (made with reasons). Raises ``KeyError`` when there is no such judgement.

    ``budget`` bounds the rule evaluations (the answer says whether it was exact); ``limit`` how
    many sets are listed per direction (all are counted)."""
    judgement = assessment.get(entity, target)
    if judgement is None:
        known = sorted({j.entity for j in assessment.judgements})
        raise KeyError(f"no judgement for entity `{entity}` at `{target}` (entities: {', '.join(known)})")
    search = Search(framework, assessment, budget=budget, limit=limit)
    why = search.why_fixed(judgement)
    steps = []
    for direction, name in ((1, "up"), (-1, "down")):
        if judgement.verdict is None:
            steps.append(Step(name, None, 0, (), "not judged"))
            continue
        scale = framework.scale_of(judgement.verdict) or framework.scale
        if scale.by_symbol(judgement.verdict) is (scale.best if direction == 1 else scale.lowest):
            steps.append(Step(name, None, 0, (), "best" if direction == 1 else "lowest"))
            continue
        if why is not None:
            steps.append(Step(name, None, 0, (), "override" if judgement.overridden else "fixed"))
            continue
        reach, sets = search.step(judgement, direction)
        if reach is None:
            steps.append(Step(name, None, 0, ()))
            continue
        steps.append(Step(name, reach.cost, reach.count, tuple(ChangeSet(plan, str(v)) for plan, v in sets)))
    fixed = tuple(sorted((e, t, w) for (e, t), w in search.fixed.items()))
    if why:
        fixed = ((entity, target, why), *fixed)
    return WhatWouldChange(entity, target, judgement.verdict, judgement.rule, steps[0], steps[1],
                           not search.exhausted and not search.bounds, search.evaluations, budget, fixed,
                           tuple(sorted(search.bounds)))
