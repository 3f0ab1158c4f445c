"""Judging in worker processes (``stream(..., processes=N)``): chunks of entities without members
go to the workers; groups are judged in the calling process from their members' results.

Workers use the engine's public interface as :mod:`.stream` does; results come back as rows and
counts, in input order.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from .. import ir
from ..evidence.model import MeasureRecord
from .entitywise import EntityEvidence, EntityResult, StreamState, judge_bundle, paused_results
from .evaluator import members_first
from .judge import Engine

if TYPE_CHECKING:
    from concurrent.futures import Future

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
        rows, counts = judge_bundle(engine, bundle, measures, {bundle.entity.id: measures}, {})
        assert isinstance(rows, list)  # rows, not a generated plan's marks: they travel pickled
        out.append((rows, counts))
    return out


_SHARED: dict[int, list[EntityEvidence]] = {}


def _work_shared(token: int, indices: list[int]) -> list[tuple[list[Any], tuple[int, ...]]]:
    """:func:`_work` on records the worker has had since it was forked: only their numbers travel."""
    bundles = _SHARED[token]
    return _work([bundles[i] for i in indices])


def parallel(state: StreamState, framework: ir.Framework, reasons: bool, items: Iterable[Any], workers: int,
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


def _pooled(state: StreamState, pool: Any, items: Iterable[Any], workers: int, chunk_size: int, token: int,
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
                    yield from state.group(unit)
                continue
            for bundle, (rows, counts) in zip(unit, future.result(), strict=True):  # type: ignore[arg-type]
                yield state.judge(bundle, rows, counts)
                yield from state.release(bundle.entity.id)

    for item in items:
        bundles = [item] if isinstance(item, EntityEvidence) else None
        if bundles is None:
            batch = list(item)
            for b in batch:
                if b.entity.members:
                    state.declare(b.entity)
            entities = {b.entity.id: b for b in batch}
            bundles = [entities[e.id] for e in members_first([b.entity for b in batch])]
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
                    yield from paused_results(drain(2 * workers))
    flush()
    yield from paused_results(drain(0))
