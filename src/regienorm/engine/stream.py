"""Streaming evaluation: evidence in per entity, results out per entity, in constant memory.

:func:`stream` takes an iterable of :class:`EntityEvidence` (one entity and its own records) and
yields an :class:`EntityResult` per entity as soon as it is judged; nothing is accumulated, so a
million entities take the memory of one. It gives the same judgements as
:func:`regienorm.evaluate` (the same engine judges them).

>>> import regienorm
>>> framework = regienorm.compile_file("frameworks/examples/jeugdhulp.norm")          # doctest: +SKIP
>>> records = (regienorm.EntityEvidence(entity, findings) for entity, findings in rows)  # doctest: +SKIP
>>> for result in regienorm.stream(framework, records, reasons=False):                # doctest: +SKIP
...     print(result.entity.id, result.verdicts()["opzet"])

Groups. A group judged across its members needs its members' results, so the stream keeps them
until the group is judged, and only that long. A group can arrive

* *with* its members: an item of the iterable may be a list of :class:`EntityEvidence` (a batch);
  a batch is judged members first, as :func:`~regienorm.evaluate` would;
* *before* its members: it waits, and is judged (and yielded) right after its last member;
* *after* its members: declare it beforehand with ``groups=`` (the group entities), so the members'
  results are kept from when they are judged.

A group whose members passed by before the stream knew the group cannot be judged: at the end of
the input :func:`stream` raises :class:`ValueError` naming them. What is kept at any moment is the
outcomes (a verdict or status per target, a few bytes each) and measure records of members whose
groups are still to come: memory grows with the groups in flight, never with the stream's length.
Given an :class:`~regienorm.evidence.Evidence`, :func:`stream` judges it in that order itself.

Processes. ``processes=N`` judges entities in ``N`` worker processes (chunks of ``chunk_size``
entities, at most ``2 × N`` chunks in flight, results in input order); groups are judged in the
calling process from their members' results. It pays off when judging dominates, i.e. with
reasons on large frameworks: results travel back pickled, and on two cores that costs about what
it saves (see docs/performance.md).
"""

from __future__ import annotations

import gc
import os
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from operator import attrgetter, itemgetter
from typing import TYPE_CHECKING, Any

import attrs

from .. import ir
from ..evidence.model import Entity, Evidence, Finding, MeasureRecord, Override, Recorded
from ..judgement import Assessment, Counts, Judgement, Status
from .evaluator import NOT_APPLICABLE, NOT_ASSESSED, Engine, Used, _members_first, _row_mark, judgements

if TYPE_CHECKING:
    from concurrent.futures import Future

__all__ = ["EntityEvidence", "EntityResult", "split_evidence", "stream"]


@attrs.frozen
class EntityEvidence:
    """One entity and its own records (every record's ``entity`` is this entity's id)."""

    entity: Entity
    findings: Sequence[Finding] = ()
    measures: Sequence[MeasureRecord] = ()
    recorded: Sequence[Recorded] = ()
    overrides: Sequence[Override] = ()


class EntityResult:
    """One entity's outcome from :func:`stream`.

    The verdicts are computed when it is yielded; the :class:`~regienorm.judgement.Judgement`
    objects (with their reasons, when kept) are made on first use of :attr:`judgements`,
    iteration or :meth:`get`, so code that reads only verdicts does not pay for them.
    """

    __slots__ = ("entity", "_counts", "_rows", "_judgements")

    def __init__(self, entity: Entity, rows: list[Any], counts: Counts | tuple[int, ...]) -> None:
        self.entity = entity
        self._counts = counts
        self._rows = rows
        self._judgements: tuple[Judgement, ...] | None = None

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
            # collector paused (regienorm._gc) without allocating first: an allocation here would set
            # off a collection over this entity's results, all alive and young
            was_on = gc.isenabled()
            gc.disable()
            try:
                self._judgements = tuple(judgements(self.entity.id, self._rows))
            finally:
                if was_on:
                    gc.enable()
        return self._judgements

    def __iter__(self) -> Iterator[Judgement]:
        return iter(self.judgements)

    def __len__(self) -> int:
        return len(self._rows)

    def get(self, target: str) -> Judgement | None:
        return next((j for j in self.judgements if j.target == target), None)

    def outcomes(self) -> list[tuple[str, Status, str | None]]:
        """``(target, status, verdict)`` per target, in assessment order, without making judgements."""
        return list(map(_OUTCOME, self._rows))

    def verdicts(self) -> dict[str, str | None]:
        """The verdict (scale symbol) per target; None where not judged (see :meth:`outcomes`)."""
        return {row[0]: row[3] for row in self._rows}

    def assessment(self, framework: ir.Framework, subject: str | None = None) -> Assessment:
        """This entity alone as an :class:`~regienorm.judgement.Assessment` (for the renderers)."""
        e = self.entity
        return Assessment(framework.id, framework.version, framework.title, subject, self.judgements, self.counts,
                          ((e.id, e.name, e.role),))

    def __repr__(self) -> str:
        return f"EntityResult({self.entity.id!r}, {len(self._rows)} judgements)"


def split_evidence(evidence: Evidence) -> list[EntityEvidence]:
    """An :class:`~regienorm.evidence.Evidence` as one :class:`EntityEvidence` per entity, members first."""
    by_entity: dict[str, tuple[list[Any], ...]] = {e.id: ([], [], [], []) for e in evidence.entities}
    every: tuple[Sequence[Any], ...] = (evidence.findings, evidence.measures, evidence.recorded, evidence.overrides)
    for kind, records in enumerate(every):
        for record in records:
            lists = by_entity.get(record.entity)
            if lists is not None:
                lists[kind].append(record)
    return [EntityEvidence(e, *(tuple(x) for x in by_entity[e.id])) for e in _members_first(evidence.entities)]


def stream(framework: ir.Framework, evidence: Evidence | Iterable[EntityEvidence | Sequence[EntityEvidence]], *,
           reasons: bool = True, groups: Iterable[Entity] = (), processes: int | None = 1,
           chunk_size: int = 200) -> Iterator[EntityResult]:
    """Judge entities one by one as their evidence arrives; yield an :class:`EntityResult` each.

    ``evidence``: an :class:`~regienorm.evidence.Evidence`, or an iterable of
    :class:`EntityEvidence` and lists of them (a list is a batch: a group with its members).
    ``reasons=False`` leaves the reasons out (faster). ``groups``: group entities that will arrive
    after their members (see the module documentation). ``processes``: worker processes (``None``:
    one per CPU; 1: none). Results come in the order the entities are judged: the input order,
    except that a group comes right after the last of its members.

    >>> for result in stream(framework, evidence, reasons=False):    # doctest: +SKIP
    ...     for target, status, verdict in result.outcomes():
    ...         print(result.entity.id, target, verdict or status.value)
    """
    if isinstance(evidence, Evidence):
        absent = {m for e in evidence.entities for m in e.members} - {e.id for e in evidence.entities}
        items: Iterable[Any] = [split_evidence(evidence)]
    else:
        absent = set()
        items = evidence
    state = _Stream(Engine(framework, reasons), absent)
    for group in groups:
        state.declare(group)
    workers = (os.cpu_count() or 1) if processes is None else processes
    if workers > 1:
        yield from _parallel(state, framework, reasons, items, workers, chunk_size)
    else:
        for item in items:
            yield from _paused(state.feed(item))
    state.close()


def _paused(results: Iterator[EntityResult]) -> Iterator[EntityResult]:
    """Advance ``results`` with the cyclic collector paused (regienorm._gc); yield with it as it was."""
    disable, enable, isenabled = gc.disable, gc.enable, gc.isenabled
    while True:
        was_on = isenabled()
        disable()
        try:
            result = next(results, None)
        finally:
            if was_on:
                enable()
        if result is None:
            return
        yield result


# ============================================================================ the bookkeeping
class _Stream:
    """Members' results kept for the groups still to come; groups waiting for their members."""

    def __init__(self, engine: Engine, absent: set[str]) -> None:
        self.engine = engine
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
                return self._group(item)
            return self._single(item)
        batch = list(item)
        entities = [b.entity for b in batch]
        bundles = {b.entity.id: b for b in batch}
        for b in batch:
            if b.entity.members:
                self.declare(b.entity)
        return self._batch([bundles[e.id] for e in _members_first(entities)])

    def _batch(self, ordered: list[EntityEvidence]) -> Iterator[EntityResult]:
        judge = self.judge
        for bundle in ordered:
            if bundle.entity.members:
                yield from self._group(bundle)
                continue
            yield judge(bundle)
            if self.waiting:
                yield from self._release(bundle.entity.id)

    def _single(self, bundle: EntityEvidence) -> Iterator[EntityResult]:
        result = self.judge(bundle)
        yield result
        if self.waiting:
            yield from self._release(bundle.entity.id)

    def _group(self, bundle: EntityEvidence) -> Iterator[EntityResult]:
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
        yield from self._release(bundle.entity.id)

    def _release(self, ident: str) -> Iterator[EntityResult]:
        """Groups that were waiting for ``ident`` and now have every member."""
        for waiting in self.waiting.pop(ident, ()):
            waiting[1].discard(ident)
            if not waiting[1]:
                self.pending -= 1
                yield from self._group(waiting[0])

    def judge(self, bundle: EntityEvidence, rows: list[Any] | None = None, counts: tuple[int, ...] | None = None) -> EntityResult:
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
            rows, counts = _judge(self.engine, bundle, measures, self._members(entity, measures), self.kept, store)
        elif store is not None:
            store.update((row[0], _row_mark(row)) for row in rows)
        assert counts is not None
        if store is not None:
            self.kept[eid] = (store, measures)
        return EntityResult(entity, rows, counts)

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


def _judge(engine: Engine, bundle: EntityEvidence, measures: dict[str, list[MeasureRecord]], measures_of: dict[str, Any],
           kept: dict[str, Any], store: dict[str, Any] | None = None) -> tuple[list[Any], tuple[int, ...]]:
    entity = bundle.entity
    eid = entity.id
    records = bundle.findings
    findings: dict[str, Finding] = dict(zip(map(_target, records), records, strict=True))
    owners = set(map(_entity, records))
    if owners and owners != {eid}:
        raise ValueError(f"a finding of `{min(owners - {eid})}` in the evidence of `{eid}`")
    overrides: dict[str, Override] | None = None
    if bundle.overrides:
        overrides = {}
        for o in bundle.overrides:
            if o.entity != eid:
                raise ValueError(f"an override of `{o.entity}` in the evidence of `{eid}`")
            overrides[o.target] = o
    recorded: dict[str, list[Recorded]] | None = None
    if bundle.recorded:
        recorded = {}
        for r in bundle.recorded:
            if r.entity != eid:
                raise ValueError(f"a recorded verdict of `{r.entity}` in the evidence of `{eid}`")
            recorded.setdefault(r.target, []).append(r)
    used = Used()
    results = {m: kept[m][0] for m in entity.members if m in kept} if entity.members else _NO_RESULTS
    rows = engine.judge(entity, findings, measures_of, overrides, recorded, results, store, used)
    measures_used = sum(1 for m in bundle.measures if id(m) in used.measures) if used.measures else 0
    counts = (len(records), len(bundle.measures), len(bundle.recorded), len(bundle.overrides),
              used.findings, measures_used, used.recorded, used.overrides)
    return rows, counts


_NO_RESULTS: dict[str, Any] = {}
_OUTCOME = itemgetter(0, 2, 3)
_target = attrgetter("target")
_entity = attrgetter("entity")


# ============================================================================ processes
_WORKER: Engine | None = None


def _start_worker(framework: ir.Framework, reasons: bool) -> None:
    global _WORKER
    _WORKER = Engine(framework, reasons)


def _work(bundles: list[EntityEvidence]) -> list[tuple[list[Any], tuple[int, ...]]]:
    engine = _WORKER
    assert engine is not None
    out = []
    for bundle in bundles:
        measures: dict[str, list[MeasureRecord]] = {}
        for m in bundle.measures:
            measures.setdefault(m.measure, []).append(m)
        out.append(_judge(engine, bundle, measures, {bundle.entity.id: measures}, {}))
    return out


_SHARED: dict[int, list[EntityEvidence]] = {}


def _work_shared(token: int, indices: list[int]) -> list[tuple[list[Any], tuple[int, ...]]]:
    """:func:`_work` on records the worker has had since it was forked: only their numbers travel."""
    bundles = _SHARED[token]
    return _work([bundles[i] for i in indices])


def _parallel(state: _Stream, framework: ir.Framework, reasons: bool, items: Iterable[Any], workers: int,
              chunk_size: int) -> Iterator[EntityResult]:
    """Entities without members go to the workers in chunks; groups are judged here, in order.

    When the records are all known before the workers start (an Evidence) and processes are
    forked, the workers already have them: only their positions are sent, not the records.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    forked = "fork" in multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if forked else "spawn")
    token = id(items)
    shared: dict[int, int] = {}  # id(bundle) -> its position in _SHARED[token]
    if forked and isinstance(items, list) and len(items) == 1 and isinstance(items[0], list):
        _SHARED[token] = items[0]
        shared = {id(b): n for n, b in enumerate(items[0])}
    try:
        with ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker,
                                 initargs=(framework, reasons)) as pool:
            yield from _pooled(state, pool, items, workers, chunk_size, token, shared)
    finally:
        _SHARED.pop(token, None)


def _pooled(state: _Stream, pool: Any, items: Iterable[Any], workers: int, chunk_size: int, token: int,
            shared: dict[int, int]) -> Iterator[EntityResult]:
    queue: deque[tuple[Future[Any] | None, list[EntityEvidence] | EntityEvidence | list[Any]]] = deque()
    chunk: list[EntityEvidence] = []

    def flush() -> None:
        if chunk:
            if shared:
                future = pool.submit(_work_shared, token, [shared[id(b)] for b in chunk])
            else:
                future = pool.submit(_work, list(chunk))
            queue.append((future, list(chunk)))
            chunk.clear()

    def drain(limit: int) -> Iterator[EntityResult]:
        while len(queue) > limit:
            future, unit = queue.popleft()
            if future is None:
                if isinstance(unit, EntityEvidence):
                    yield from state._group(unit)
                continue
            for bundle, (rows, counts) in zip(unit, future.result(), strict=True):  # type: ignore[arg-type]
                if not state.engine.odd and any(row[2] is not NOT_ASSESSED and row[2] is not NOT_APPLICABLE
                                                and row[3] is None for row in rows):
                    state.engine.odd = True
                yield state.judge(bundle, rows, counts)
                yield from state._release(bundle.entity.id)

    for item in items:
        bundles = [item] if isinstance(item, EntityEvidence) else None
        if bundles is None:
            batch = list(item)
            for b in batch:
                if b.entity.members:
                    state.declare(b.entity)
            entities = {b.entity.id: b for b in batch}
            bundles = [entities[e.id] for e in _members_first([b.entity for b in batch])]
        elif item.entity.members:
            state.declare(item.entity)
        for bundle in bundles:
            if bundle.entity.members:
                flush()
                queue.append((None, bundle))
            else:
                chunk.append(bundle)
                if len(chunk) >= chunk_size:
                    flush()
                    yield from _paused(drain(2 * workers))
    flush()
    yield from _paused(drain(0))
