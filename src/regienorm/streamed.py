"""An assessment judged and written entity by entity: the command line's JSON, JSON lines and CSV.

:func:`judged` runs :func:`regienorm.stream` over the evidence and gives each entity's judgements
as JSON items in the order :func:`regienorm.evaluate` lists them (the entities' order in the file;
an entity judged before an earlier one waits until that one is written), keeping of the
judgements only those a printed verdict is recorded for (:meth:`Judged.rows`: as the CSV's rows). :meth:`Judged.summary` then gives the
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
from .evidence.expected import Completeness, completeness
from .evidence.model import Evidence
from .judgement import Assessment, Counts, Judgement
from .render.json import evidence_to_json, judgement_to_json
from .render.json_text import Encoder
from .render.rows import judgement_row
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
        """Each judgement as its JSON item (render.json)."""
        for j, name, role in self._named():
            yield judgement_to_json(j, self.path, title=titles_of(self.titles, j.target, role), entity_name=name)

    def texts(self, spaced: bool = False, encoder: Encoder | None = None) -> Iterator[str]:
        """Each judgement's JSON item as text, as ``render.json.dumps(item, spaced)`` writes it,
        each shared reason encoded once (render.json_text)."""
        judgement = (encoder or Encoder(spaced)).judgement
        for j, name, role in self._named():
            yield judgement(j, self.path, titles_of(self.titles, j.target, role), name)

    def rows(self) -> Iterator[dict[str, Any]]:
        """Each judgement as its row of render.rows (the CSV's)."""
        for j, name, role in self._named():
            yield judgement_row(self.path, j, name, role, self.titles)

    def _named(self) -> Iterator[tuple[Judgement, str | None, str | None]]:
        """Each judgement (:meth:`judgements`) with its entity's name and role."""
        entities = self.entities
        for j in self.judgements():
            name, role = entities.get(j.entity, (None, None))
            yield j, name, role

    def judgements(self) -> Iterator[Judgement]:
        """The judgements in the order evaluate() lists them, counted for the summary (iterate once)."""
        order = {e.id: n for n, e in enumerate(self.evidence.entities)}
        waiting: dict[int, tuple[Judgement, ...]] = {}
        due = 0
        for result in stream(self.framework, self.evidence):
            judgements = result.judgements
            for j in judgements:
                self._count(j)
            self.counts = [a + b for a, b in zip(self.counts, attrs.astuple(result.counts), strict=True)]
            self.step()
            place = order[result.entity.id]
            if place != due:
                waiting[place] = judgements
                continue
            yield from judgements
            due += 1
            while due in waiting:
                yield from waiting.pop(due)
                due += 1
        for place in sorted(waiting):  # cannot happen (every listed entity is judged); never lose one
            yield from waiting.pop(place)
        self.done = True

    def _count(self, j: Judgement) -> None:
        if j.recorded or (self.evidence.overrides and any(r.kind == "override" for r in j.reasons)):
            # kept for the summary, which reads the printed records and the waivers applied (their
            # `override` reasons), not the other reasons: memory per entity stays small
            waivers = tuple(r for r in j.reasons if r.kind == "override")
            self.recorded.append(j if len(waivers) == len(j.reasons) else attrs.evolve(j, reasons=waivers))
        if j.agrees is False:
            self.disagreements += 1

    def summary(self) -> dict[str, Any]:
        """The file's entry under ``evidence`` (render.json), once its judgements are all given."""
        return evidence_to_json(self.kept(), self.path)

    def kept(self) -> Assessment:
        """The assessment of what was kept (the judgements with printed verdicts or a waiver set,
        each with its waivers' reasons alone; the counts, the waivers not applied, the records left
        out), once the judgements are all given."""
        assert self.done, "the summary counts the judgements: iterate them first"
        fw, ev = self.framework, self.evidence
        # a waiver of a wider scope is in the records of every entity it covers: read and applied counted once
        counts = attrs.evolve(Counts(*self.counts), overrides=len(ev.overrides), overrides_used=waivers_applied(ev.overrides))
        return Assessment(fw.id, fw.version, fw.title, ev.assessment.subject, tuple(self.recorded), counts,
                          tuple((e.id, e.name, e.role) for e in ev.entities), rule_provenance(fw), completeness(fw, ev),
                          waivers_not_applied(ev), ev.left_out)


class ChunkedJudged:
    """One JSON lines file judged a chunk of entities at a time (:mod:`.evidence.chunks`): the
    judgements and summary :class:`Judged` gives of the whole file, holding one chunk's evidence.
    What the summary needs of every entity is kept small as it goes: the entities' ids, names and
    roles, the counts, the completeness (added up: a chunk holds every group with its members)."""

    def __init__(self, framework: ir.Framework, chunks: Callable[[], Iterator[Evidence]], path: str | None,
                 step: Callable[[], None] | None = None, titles: dict[str, str] | None = None) -> None:
        self.framework, self.chunks, self.path, self.step, self.titles = framework, chunks, path, step, titles
        self.recorded: list[Judgement] = []
        self.counts = [0] * len(attrs.fields(Counts))
        self.disagreements = 0
        self.done = False
        self._listed: list[tuple[str, str | None, str]] = []
        self._subject: str | None = None
        self._overrides = [0, 0]  # read, applied
        self._not_applied: list[Any] = []
        self._complete = [0, 0, 0, 0, 0, 0]  # findings, values, inputs: (expected, present)
        self._missing: list[Any] = []

    def texts(self, spaced: bool = False) -> Iterator[str]:
        encoder = Encoder(spaced)  # one for every chunk: a reason may be shared across them
        for part in self._parts():
            yield from part.texts(spaced, encoder)

    def rows(self) -> Iterator[dict[str, Any]]:
        for part in self._parts():
            yield from part.rows()

    def _parts(self) -> Iterator[Judged]:
        for evidence in self.chunks():
            part = Judged(self.framework, evidence, self.path, self.step, self.titles)
            yield part
            self.recorded += part.recorded
            self.counts = [a + b for a, b in zip(self.counts, part.counts, strict=True)]
            self.disagreements += part.disagreements
            self._subject = evidence.assessment.subject
            self._listed += [(e.id, e.name, e.role) for e in evidence.entities]
            self._overrides[0] += len(evidence.overrides)
            self._overrides[1] += waivers_applied(evidence.overrides)
            self._not_applied += waivers_not_applied(evidence)
            c = completeness(self.framework, evidence)
            for i, n in enumerate((*c.findings, *c.values, *c.inputs)):
                self._complete[i] += n
            self._missing += c.missing
        self.done = True

    def summary(self) -> dict[str, Any]:
        return evidence_to_json(self.kept(), self.path)

    def kept(self) -> Assessment:
        assert self.done, "the summary counts the judgements: iterate them first"
        fw = self.framework
        counts = attrs.evolve(Counts(*self.counts), overrides=self._overrides[0], overrides_used=self._overrides[1])
        c = self._complete
        complete = Completeness((c[0], c[1]), (c[2], c[3]), tuple(self._missing), (c[4], c[5]))
        return Assessment(fw.id, fw.version, fw.title, self._subject, tuple(self.recorded), counts, tuple(self._listed),
                          rule_provenance(fw), complete, tuple(self._not_applied), ())


def judged(framework: ir.Framework, evidence: Evidence, path: str | None, step: Callable[[], None] | None = None,
           titles: dict[str, str] | None = None) -> Judged:
    """``evidence`` judged on ``framework`` entity by entity (see the module's documentation);
    ``step`` is called once per entity judged; ``titles``: the targets' titles (render.titles)."""
    return Judged(framework, evidence, path, step, titles)
