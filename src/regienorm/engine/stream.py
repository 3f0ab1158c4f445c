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

import os
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from .. import ir
from ..evidence.model import Entity, Evidence
from .entitywise import EntityEvidence, EntityResult, StreamState, paused_results
from .evaluator import members_first
from .judge import Engine

__all__ = ["EntityEvidence", "EntityResult", "split_evidence", "stream"]


def split_evidence(evidence: Evidence) -> list[EntityEvidence]:
    """An :class:`~regienorm.evidence.Evidence` as one :class:`EntityEvidence` per entity, members first."""
    by_entity: dict[str, tuple[list[Any], ...]] = {e.id: ([], [], [], []) for e in evidence.entities}
    every: tuple[Sequence[Any], ...] = (evidence.findings, evidence.measures, evidence.recorded, evidence.overrides)
    for kind, records in enumerate(every):
        for record in records:
            # a waiver goes to every entity of its scope
            owners = dict.fromkeys(e for e, _ in record.applies) if kind == 3 and record.applies else (record.entity,)
            for owner in owners:
                lists = by_entity.get(owner)
                if lists is not None:
                    lists[kind].append(record)
    return [EntityEvidence(e, *(tuple(x) for x in by_entity[e.id])) for e in members_first(evidence.entities)]


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
    state = StreamState(Engine(framework, reasons), absent)
    for group in groups:
        state.declare(group)
    workers = (os.cpu_count() or 1) if processes is None else processes
    if workers > 1:
        from .parallel import parallel

        yield from parallel(state, framework, reasons, items, workers, chunk_size)
    else:
        for item in items:
            yield from paused_results(state.feed(item))
    state.close()
