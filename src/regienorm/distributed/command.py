"""``regienorm evaluate --dask SPEC``: the command line's glue to :mod:`regienorm.distributed`.

The framework is compiled here; each evidence file given is a shard, read, checked and judged on
the cluster; the output is the one the command writes without ``--dask`` from the same files, to the
byte (``tests/test_distributed.py``). JSON and JSON lines are fetched and written a shard at a time;
the other formats need every assessment here at once, as without ``--dask``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic
from ..ir import Framework
from ..judgement import Assessment
from . import Submitted, cluster, evaluate_partitions, judge_partitions

Warn = Callable[[Sequence[Diagnostic]], None]


class JsonShard:
    """One shard's judgements as JSON items (iterate once), then its summary: what
    :class:`regienorm.streamed.Judged` gives the JSON writers, fetched from the cluster when iterated."""

    def __init__(self, submitted: Submitted, n: int) -> None:
        self.submitted, self.n = submitted, n
        self._summary: dict[str, Any] | None = None
        self.disagreements = 0

    def __iter__(self) -> Iterator[dict[str, Any]]:
        items, self._summary, self.disagreements = self.submitted.result(self.n).value
        yield from items

    def texts(self, spaced: bool = False) -> Iterator[dict[str, Any]]:
        """The items, for the writers to encode (``spaced`` is theirs to apply)."""
        return iter(self)

    def summary(self) -> dict[str, Any]:
        assert self._summary is not None, "the summary follows the judgements: iterate them first"
        return self._summary


@contextmanager
def json_shards(spec: str, framework: Framework, evidence: Sequence[Path], shown: Sequence[str], warn: Warn) -> Iterator[list[JsonShard]]:
    """Every shard judged on the cluster ``spec`` names and checked (RegienormError with every shard's
    errors), its warnings given to ``warn``; then the shards to write, while the cluster is kept."""
    with cluster(spec) as client:
        submitted = judge_partitions(framework, evidence, client, names=shown)
        for warnings in submitted.warnings:
            if warnings:
                warn(warnings)
        yield [JsonShard(submitted, n) for n in range(len(submitted))]


def assessments(spec: str, framework: Framework, evidence: Sequence[Path], warn: Warn) -> list[tuple[str, Assessment]]:
    """Every shard's assessment, judged on the cluster ``spec`` names, with its path as given."""
    with cluster(spec) as client:
        outcomes = evaluate_partitions(framework, evidence, client)
    for outcome in outcomes:
        if outcome.warnings:
            warn(outcome.warnings)
    return [(outcome.path, outcome.value) for outcome in outcomes]
