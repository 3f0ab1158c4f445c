"""Judging entity by entity: :class:`EntityEvidence` in, :class:`EntityResult` out, and the
bookkeeping of groups (members' results kept until their groups are judged, groups waiting for
their members). :func:`regienorm.stream` drives it, in this process or in workers
(:mod:`.parallel`); see :mod:`.stream` for how groups may arrive.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from operator import attrgetter, itemgetter
from typing import Any

import attrs

from .. import ir
from .._gc import pause, resume
from ..evidence.model import Entity, Finding, MeasureRecord, Override, Recorded
from ..judgement import Assessment, Counts, Judgement, Status
from . import incomplete
from .decisions import judge_decisions
from .evaluator import has_values, members_first, rule_provenance, waivers_applied, waivers_by_entity
from .fast.marks import Marks
from .judge import Engine, Usage
from .rows import POINTS, STATUS, TARGET, VERDICT, Row, judgements, row_mark

__all__ = ["EntityEvidence", "EntityResult", "StreamState", "judge_bundle", "paused_results"]


@attrs.frozen
class EntityEvidence:
    """One entity and its own records (every record's ``entity`` is this entity's id)."""

    entity: Entity
    findings: Sequence[Finding] = ()
    measures: Sequence[MeasureRecord] = ()
    recorded: Sequence[Recorded] = ()
    overrides: Sequence[Override] = ()


#: Where the recorded verdicts used stand in a counts tuple (the order of :class:`Counts`' fields).
_RECORDED_USED = [f.name for f in attrs.fields(Counts)].index("recorded_used")

class EntityResult:
    """One entity's outcome from :func:`stream`.

    The verdicts are computed when it is yielded; the :class:`~regienorm.judgement.Judgement`
    objects (with their reasons, when kept) are made on first use of :attr:`judgements`,
    iteration or :meth:`get`, so code that reads only verdicts does not pay for them.
    """

    __slots__ = ("entity", "_counts", "_rows", "_judgements", "_decided")

    def __init__(self, entity: Entity, rows: list[Row] | Marks, counts: Counts | tuple[int, ...],
                 decided: tuple[Judgement, ...] = ()) -> None:
        self.entity = entity
        self._counts = counts
        self._rows = rows  # or, judged by a generated function, its marks: rows made when first needed
        self._judgements: tuple[Judgement, ...] | None = None
        self._decided = decided  # the entity's decisions (judgements of values, after the verdicts)

    @property
    def counts(self) -> Counts:
        """The entity's own records, read and used (used by this entity's judgements)."""
        counts = self._counts
        if not isinstance(counts, Counts):
            counts = self._counts = Counts(*counts)
        return counts

    @property
    def judgements(self) -> tuple[Judgement, ...]:
        """Every judgement of the entity, in assessment order (as :func:`~regienorm.evaluate` lists them)."""
        if self._judgements is None:
            was_on = pause()  # regienorm._gc: this entity's results are all alive and young
            try:
                self._judgements = tuple(judgements(self.entity.id, self._all_rows())) + self._decided
            finally:
                resume(was_on)
        return self._judgements

    def __iter__(self) -> Iterator[Judgement]:
        return iter(self.judgements)

    def __len__(self) -> int:
        return len(self._rows) + len(self._decided)

    def get(self, target: str) -> Judgement | None:
        return next((j for j in self.judgements if j.target == target), None)

    def _all_rows(self) -> list[Row]:
        rows = self._rows
        if isinstance(rows, Marks):
            rows = self._rows = rows.rows()
        return rows

    def outcomes(self) -> list[tuple[str, Status, str | None]]:
        """``(target, status, verdict)`` per target judged on a verdict, in assessment order, without
        making judgements (a decision's value is in :attr:`judgements`)."""
        rows = self._rows
        if isinstance(rows, Marks):
            was_on = pause()  # regienorm._gc: a tuple per target, none of them in a cycle
            try:
                return rows.compiled.outcomes(rows.marks, rows.plain)
            finally:
                resume(was_on)
        return list(map(_OUTCOME, rows))

    def verdicts(self) -> dict[str, str | None]:
        """The verdict (scale symbol) per target; None where not judged (see :meth:`outcomes`)."""
        rows = self._rows
        if isinstance(rows, Marks):
            return rows.compiled.verdicts(rows.marks, rows.plain)
        return {row[TARGET]: row[VERDICT] for row in rows}

    def assessment(self, framework: ir.Framework, subject: str | None = None) -> Assessment:
        """This entity alone as an :class:`~regienorm.judgement.Assessment` (for the renderers)."""
        e = self.entity
        return Assessment(framework.id, framework.version, framework.title, subject, self.judgements, self.counts,
                          ((e.id, e.name, e.role),), rule_provenance(framework))

    def __repr__(self) -> str:
        return f"EntityResult({self.entity.id!r}, {len(self._rows)} judgements)"


def paused_results(results: Iterator[EntityResult]) -> Iterator[EntityResult]:
    """Advance ``results`` with the cyclic collector paused (regienorm._gc); yield with it as it was."""
    while True:
        was_on = pause()
        try:
            result = next(results, None)
        finally:
            resume(was_on)
        if result is None:
            return
        yield result


# ============================================================================ the bookkeeping
class StreamState:
    """Members' results kept for the groups still to come; groups waiting for their members."""

    def __init__(self, engine: Engine, absent: set[str]) -> None:
        self.engine = engine
        self.values = has_values(engine.fw)  # decisions or scores: judged after the verdicts, per entity
        self.absent = absent  # members that will never come (not in the evidence): judged as not assessed
        self.needed: dict[str, int] = {}  # member -> groups known but not yet judged that need it
        self.kept: dict[str, tuple[dict[str, Any], dict[str, list[MeasureRecord]]]] = {}
        self.waiting: dict[str, list[list[Any]]] = {}  # member -> pending groups [bundle, members still missing]
        self.pending = 0
        self.declared: set[str] = set()  # groups known and not yet judged

    def declare(self, group: Entity) -> None:
        if group.id in self.declared:
            return
        self.declared.add(group.id)
        for member in group.members:
            self.needed[member] = self.needed.get(member, 0) + 1

    def feed(self, item: EntityEvidence | Sequence[EntityEvidence]) -> Iterator[EntityResult]:
        if isinstance(item, EntityEvidence):
            if item.entity.members:
                self.declare(item.entity)
                return self.group(item)
            return self._single(item)
        batch = list(item)
        entities = [b.entity for b in batch]
        bundles = {b.entity.id: b for b in batch}
        for b in batch:
            if b.entity.members:
                self.declare(b.entity)
        return self._batch([bundles[e.id] for e in members_first(entities)])

    def _batch(self, ordered: list[EntityEvidence]) -> Iterator[EntityResult]:
        judge = self.judge
        for bundle in ordered:
            if bundle.entity.members:
                yield from self.group(bundle)
                continue
            yield judge(bundle)
            if self.waiting:
                yield from self.release(bundle.entity.id)

    def _single(self, bundle: EntityEvidence) -> Iterator[EntityResult]:
        result = self.judge(bundle)
        yield result
        if self.waiting:
            yield from self.release(bundle.entity.id)

    def group(self, bundle: EntityEvidence) -> Iterator[EntityResult]:
        missing = {m for m in bundle.entity.members if m not in self.kept and m not in self.absent}
        if missing:
            waiting = [bundle, missing]
            self.pending += 1
            for member in missing:
                self.waiting.setdefault(member, []).append(waiting)
            return
        yield self.judge(bundle)
        self.declared.discard(bundle.entity.id)
        for member in bundle.entity.members:
            count = self.needed.get(member, 0) - 1
            if count > 0:
                self.needed[member] = count
            else:
                self.needed.pop(member, None)
                self.kept.pop(member, None)
        yield from self.release(bundle.entity.id)

    def release(self, ident: str) -> Iterator[EntityResult]:
        """Groups that were waiting for ``ident`` and now have every member."""
        for waiting in self.waiting.pop(ident, ()):
            waiting[1].discard(ident)
            if not waiting[1]:
                self.pending -= 1
                yield from self.group(waiting[0])

    def judge(self, bundle: EntityEvidence, rows: list[Any] | Marks | None = None,
              counts: tuple[int, ...] | None = None) -> EntityResult:
        """Judge one entity (or take the rows a worker judged) and keep what groups will need."""
        entity = bundle.entity
        eid = entity.id
        measures: dict[str, list[MeasureRecord]] = {}
        for m in bundle.measures:
            if m.entity != eid:
                raise ValueError(f"a measure record of `{m.entity}` in the evidence of `{eid}`")
            measures.setdefault(m.measure, []).append(m)
        store: dict[str, Any] | None = {} if self.needed.get(eid, 0) > 0 else None
        if rows is None:
            rows, counts = judge_bundle(self.engine, bundle, measures, self._members(entity, measures), self.kept, store,
                                        lazy=True)
        elif store is not None:
            store.update((row[TARGET], row_mark(row)) for row in (rows.rows() if isinstance(rows, Marks) else rows))
            if self.engine.explain:  # a worker judged it: what it lacks, for its groups' reasons
                store[incomplete.KEY] = incomplete.lacking(self.engine, entity, {f.target: f for f in bundle.findings},
                                                           {eid: measures}, {})
        assert counts is not None and rows is not None
        if store is not None:
            self.kept[eid] = (store, measures)
        framework = self.engine.fw
        decided: tuple[Judgement, ...] = ()
        if self.values:
            published: dict[str, list[Recorded]] = {}
            for r in bundle.recorded:
                if r.value is not None:
                    published.setdefault(r.target, []).append(r)
            decided = tuple(judge_decisions(framework, entity, reasons=self.engine.explain,
                                            verdicts=_outcomes_of(rows),
                                            recorded=published, findings=bundle.findings))
            attached = sum(len(j.recorded) for j in decided)
            if attached:  # the published values the decisions were reconciled against are used too
                used = _RECORDED_USED
                counts = (*counts[:used], counts[used] + attached, *counts[used + 1:])
        return EntityResult(entity, rows, counts, decided)

    def _members(self, entity: Entity, measures: dict[str, list[MeasureRecord]]) -> dict[str, Any]:
        by_entity: dict[str, Any] = {}
        for member in entity.members:
            kept = self.kept.get(member)
            if kept is not None:
                by_entity[member] = kept[1]
        by_entity[entity.id] = measures
        return by_entity

    def close(self) -> None:
        if self.pending:
            lost = sorted({m for ws in self.waiting.values() for w in ws for m in w[1]})
            groups = sorted({w[0].entity.id for ws in self.waiting.values() for w in ws})
            raise ValueError(
                f"group(s) {', '.join(groups)} never got the results of member(s) {', '.join(lost)}: a group must come "
                "before its members, with them in one batch, or be declared with groups= before they come")


def _outcomes_of(rows: list[Row] | Marks) -> dict[str, tuple[Status, str | None, int | None]]:
    """An entity's outcomes as decisions read them: (status, verdict, points) by target."""
    if isinstance(rows, Marks):
        rows = rows.rows()
    return {r[TARGET]: (r[STATUS], r[VERDICT], r[POINTS]) for r in rows}


def judge_bundle(engine: Engine, bundle: EntityEvidence, measures: dict[str, list[MeasureRecord]], measures_of: dict[str, Any],
           kept: dict[str, Any], store: dict[str, Any] | None = None, *,
           lazy: bool = False) -> tuple[list[Any] | Marks, tuple[int, ...]]:
    """One entity judged: its rows and its counts. ``lazy``: the marks of a generated function
    (engine/fast/generated.py) where it covers the entity, rows made when they are read."""
    entity = bundle.entity
    eid = entity.id
    records = bundle.findings
    owners = set(map(_entity, records))
    if owners and owners != {eid}:
        raise ValueError(f"a finding of `{min(owners - {eid})}` in the evidence of `{eid}`")
    overrides: dict[str, Override] | None = None
    if bundle.overrides:
        for o in bundle.overrides:
            if eid not in ({e for e, _ in o.applies} if o.applies else {o.entity}):
                raise ValueError(f"an override of `{o.entity}` in the evidence of `{eid}`")
        overrides = waivers_by_entity(bundle.overrides).get(eid)
    recorded: dict[str, list[Recorded]] | None = None
    if bundle.recorded:
        recorded = {}
        for r in bundle.recorded:
            if r.entity != eid:
                raise ValueError(f"a recorded verdict of `{r.entity}` in the evidence of `{eid}`")
            recorded.setdefault(r.target, []).append(r)
    if lazy and engine.generated:
        used = Usage()
        fast = engine.marks(entity, records, measures, overrides, recorded, store, used)
        if fast is not None:  # it read its own measure records only
            return fast, (len(records), len(bundle.measures), len(bundle.recorded), len(bundle.overrides), used.findings,
                          len(used.measures), used.recorded, used.overrides,
                          waivers_applied(bundle.overrides, eid) if bundle.overrides else 0)
    findings: dict[str, Finding] = dict(zip(map(_target, records), records, strict=True))
    used = Usage()
    results = {m: kept[m][0] for m in entity.members if m in kept} if entity.members else _NO_RESULTS
    rows = engine.judge(entity, findings, measures_of, overrides, recorded, results, store, used)
    measures_used = 0
    if used.measures:
        if not entity.members and len(used.measures) == len(bundle.measures):
            measures_used = len(used.measures)  # it reads only its own records, and read every one
        else:
            measures_used = sum(1 for m in bundle.measures if id(m) in used.measures)
    counts = (len(records), len(bundle.measures), len(bundle.recorded), len(bundle.overrides),
              used.findings, measures_used, used.recorded, used.overrides,
              waivers_applied(bundle.overrides, eid) if bundle.overrides else 0)
    return rows, counts


_NO_RESULTS: dict[str, Any] = {}
_OUTCOME = itemgetter(TARGET, STATUS, VERDICT)
_target = attrgetter("target")
_entity = attrgetter("entity")
