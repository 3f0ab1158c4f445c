"""An assessment judged and written entity by entity: the command line's JSON and JSON lines.

:func:`judged` runs :func:`regienorm.stream` over the evidence and gives each entity's judgements
as JSON items in the order :func:`regienorm.evaluate` lists them (the entities' order in the file;
an entity judged before an earlier one waits as text until that one is written), keeping of the
judgements only those a printed verdict is recorded for. :meth:`Judged.summary` then gives the
evidence file's summary (counts, reconciliation, completeness) exactly as the assessment's own:
the same :class:`~regienorm.judgement.Assessment` methods count it, over the judgements kept.

So the output is the one ``evaluate`` and :mod:`regienorm.render.json` give (tests/test_streamed.py
compares them), and what is held while it is written does not grow with the judgements: the
evidence, the entities judged out of order, and the judgements that carry printed verdicts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import attrs

from . import ir
from .engine.evaluator import rule_provenance, waivers_applied, waivers_not_applied
from .engine.stream import stream
from .evidence.expected import completeness
from .evidence.model import Evidence
from .judgement import Assessment, Counts, Judgement
from .render.json import evidence_to_json, judgement_to_json
from .render.titles import titles_of


class Judged:
    """One evidence file's judgements as JSON items (iterate once), then its summary."""

    def __init__(self, framework: ir.Framework, evidence: Evidence, path: str | None,
                 step: Callable[[], None] | None = None, titles: dict[str, str] | None = None) -> None:
        self.framework, self.evidence, self.path = framework, evidence, path
        self.titles = titles  # each judgement's target's title, as render.json gives it
        self.entities = {e.id: (e.name, e.role) for e in evidence.entities}
        self.step = step or (lambda: None)  # called once per entity judged (a progress bar)
        self.recorded: list[Judgement] = []  # the judgements a printed verdict is recorded for, or a waiver set
        self.counts = [0] * len(attrs.fields(Counts))
        self.disagreements = 0
        self.done = False

    def __iter__(self) -> Iterator[dict[str, Any]]:
        order = {e.id: n for n, e in enumerate(self.evidence.entities)}
        waiting: dict[int, list[dict[str, Any]]] = {}
        due = 0
        for result in stream(self.framework, self.evidence):
            items = [self._item(j) for j in result.judgements]
            self.counts = [a + b for a, b in zip(self.counts, attrs.astuple(result.counts), strict=True)]
            self.step()
            place = order[result.entity.id]
            if place != due:
                waiting[place] = items
                continue
            yield from items
            due += 1
            while due in waiting:
                yield from waiting.pop(due)
                due += 1
        for place in sorted(waiting):  # cannot happen (every listed entity is judged); never lose one
            yield from waiting.pop(place)
        self.done = True

    def _item(self, j: Judgement) -> dict[str, Any]:
        if j.recorded or (self.evidence.overrides and any(r.kind == "override" for r in j.reasons)):
            self.recorded.append(j)  # the summary lists every waiver applied
        if j.agrees is False:
            self.disagreements += 1
        name, role = self.entities.get(j.entity, (None, None))
        return judgement_to_json(j, self.path, title=titles_of(self.titles, j.target, role), entity_name=name)

    def summary(self) -> dict[str, Any]:
        """The file's entry under ``evidence`` (render.json), once its judgements are all given."""
        assert self.done, "the summary counts the judgements: iterate them first"
        fw, ev = self.framework, self.evidence
        # a waiver of a wider scope is in the records of every entity it covers: read and applied counted once
        counts = attrs.evolve(Counts(*self.counts), overrides=len(ev.overrides), overrides_used=waivers_applied(ev.overrides))
        kept = Assessment(fw.id, fw.version, fw.title, ev.assessment.subject, tuple(self.recorded), counts,
                          tuple((e.id, e.name, e.role) for e in ev.entities), rule_provenance(fw), completeness(fw, ev),
                          waivers_not_applied(ev), ev.left_out)
        return evidence_to_json(kept, self.path)


def judged(framework: ir.Framework, evidence: Evidence, path: str | None, step: Callable[[], None] | None = None,
           titles: dict[str, str] | None = None) -> Judged:
    """``evidence`` judged on ``framework`` entity by entity (see the module's documentation);
    ``step`` is called once per entity judged; ``titles``: the targets' titles (render.titles)."""
    return Judged(framework, evidence, path, step, titles)
