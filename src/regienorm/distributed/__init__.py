"""Evidence past one machine: a compiled framework mapped over shards of evidence on a Dask cluster.

Needs the ``dask`` extra (``pip install 'regienorm[dask]'``: dask and distributed); ``import
regienorm`` never imports it, and this module imports Dask only when a cluster is used.

Judging is a pure function of an entity's evidence (and of its members', for a group), so evidence
split into shards (files of CSV, JSON lines, Parquet, JSON or YAML, each with its groups' members) can be
judged anywhere. The compiled framework is sent to every worker once (it pickles: attrs, immutable);
each worker reads, checks and judges whole shards (:mod:`regienorm.distributed.tasks`); the results
come back in the order the shards were given, whatever order the workers finish in::

    import regienorm
    from regienorm.distributed import cluster, evaluate_partitions, summarise_partitions

    framework = regienorm.compile_file("fleet.norm")
    shards = [f"evidence/hosts-{n:03}.jsonl" for n in range(200)]
    with cluster("local:8") as client:                 # or "tcp://scheduler:8786", or your own Client
        for shard in summarise_partitions(framework, shards, client):
            print(shard.path, shard.value["counts"])

Every shard is judged before any result is given back: when one fails (a malformed record, a group
without its member), :class:`~regienorm.EvidenceError` carries the diagnostics of every shard that
failed, each at the file, line and column of that shard, and no result is returned.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from ..diagnostics import Diagnostic, error
from ..errors import EvidenceError, RegienormError
from ..ir import Framework
from .tasks import Kind, ShardOutcome, errors_of, failed, judge_shard

if TYPE_CHECKING:
    from distributed import Client, Future

__all__ = ["ShardOutcome", "Submitted", "cluster", "evaluate_partitions", "judge_partitions", "parse_spec", "summarise_partitions"]


def parse_spec(spec: str) -> int | str:
    """``local:N`` (or ``local``: a worker per core) as the number of worker processes; anything else is
    a scheduler's address, given to Dask as it is. RN950 for ``local:`` with no positive number."""
    if spec != "local" and not spec.startswith("local:"):
        if not spec.strip():
            raise RegienormError([_bad_spec(spec)])
        return spec
    count = spec.partition(":")[2]
    if not count:
        return os.cpu_count() or 1
    if not count.isdigit() or int(count) < 1:
        raise RegienormError([_bad_spec(spec)])
    return int(count)


def _bad_spec(spec: str) -> Diagnostic:
    from .._escape import escape_controls

    return error("RN950", f"`--dask` takes `local:N` or a scheduler's address, not `{escape_controls(spec)}`", None,
                 "`local:2` starts two worker processes on this machine; `tcp://host:8786` uses a running Dask scheduler")


@contextmanager
def cluster(spec: str, *, timeout: float = 10.0) -> Iterator[Client]:
    """A Dask client for ``spec`` (see :func:`parse_spec`), closed (and a local cluster stopped) on leaving.

    A local cluster's workers are processes with one thread each: judging is pure Python, which
    threads of one process cannot run at once."""
    where = parse_spec(spec)
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise RegienormError([error("RN951", "`--dask` needs dask and distributed, which are not installed", None,
                                    "install them with `pip install 'regienorm[dask]'`")]) from None
    if isinstance(where, int):
        with LocalCluster(n_workers=where, threads_per_worker=1, processes=True, dashboard_address=":0",
                          silence_logs=logging.ERROR) as local, Client(local) as client:
            yield client
        return
    try:
        client = Client(where, timeout=timeout)
    except (OSError, TimeoutError, ValueError) as exc:
        from .._escape import escape_controls

        raise RegienormError([error("RN953", f"cannot reach the Dask scheduler at `{escape_controls(where)}`", None,
                                    "start the scheduler (`dask scheduler`) and its workers, or give `local:N` "
                                    "to judge on this machine", notes=[escape_controls(str(exc) or type(exc).__name__)])]) from None
    with client:
        yield client


class Submitted:
    """Shards submitted to a cluster: every one judged and checked for errors by :meth:`check` (which
    also gathers each shard's warnings, in order), then each result fetched, in the shards' order, by
    :meth:`result` (and let go of on the cluster)."""

    def __init__(self, client: Client, framework: Framework, shards: Sequence[str | Path], kind: Kind,
                 names: Sequence[str] | None = None, reasons: bool = True) -> None:
        self.paths = [str(p) for p in shards]
        names = self.paths if names is None else [str(n) for n in names]
        if len(names) != len(self.paths):
            raise ValueError(f"{len(names)} names for {len(self.paths)} shards")
        run = uuid.uuid4().hex  # keys of our own: two runs never share a result
        # sent once to each worker, not once per shard; not hashed (Dask would tokenize the whole framework)
        shipped = client.scatter(framework, broadcast=True, hash=False)
        self.futures: list[Future | None] = [
            client.submit(judge_shard, shipped, path, kind, name, reasons, key=f"regienorm-shard-{n}-{run}", pure=False)
            for n, (path, name) in enumerate(zip(self.paths, names, strict=True))]
        self._checks = [client.submit(errors_of, f, key=f"regienorm-errors-{n}-{run}", pure=False) for n, f in enumerate(self.futures)]
        self.warnings: list[tuple[Diagnostic, ...]] = []

    def check(self) -> None:
        """Wait for every shard; :class:`~regienorm.EvidenceError` with the diagnostics of all that failed."""
        found: list[Diagnostic] = []
        for path, check in zip(self.paths, self._checks, strict=True):
            try:
                errors, warnings = check.result()
                found += errors
                self.warnings.append(warnings)
            except Exception as exc:  # noqa: BLE001 - a lost worker (KilledWorker), a cancelled task: the shard's diagnostic
                found.append(failed(path, f"{type(exc).__name__}: {exc}"))
        self._checks = []
        if found:
            self.futures = [None] * len(self.futures)  # let the cluster drop the results
            raise EvidenceError(found)

    def __len__(self) -> int:
        return len(self.futures)

    def result(self, n: int) -> ShardOutcome:
        """Shard ``n``'s outcome (once: the cluster forgets it)."""
        future = self.futures[n]
        assert future is not None, "each shard's result is fetched once"
        self.futures[n] = None
        outcome: ShardOutcome = future.result()
        future.release()
        return outcome

    def results(self) -> Iterator[ShardOutcome]:
        for n in range(len(self)):
            yield self.result(n)


def _gathered(client: Client, framework: Framework, shards: Sequence[str | Path], kind: Kind, names: Sequence[str] | None,
              reasons: bool) -> list[ShardOutcome]:
    submitted = Submitted(client, framework, shards, kind, names, reasons)
    submitted.check()
    return list(submitted.results())


def evaluate_partitions(framework: Framework, shards: Sequence[str | Path], client: Client, *, reasons: bool = True) -> list[ShardOutcome]:
    """Each shard judged on the cluster: a :class:`ShardOutcome` per shard, in order, whose ``value`` is
    the shard's :class:`~regienorm.Assessment` (what ``evaluate(framework, load_evidence(shard,
    framework))`` gives) and ``warnings`` the shard's evidence warnings."""
    return _gathered(client, framework, shards, "assessment", None, reasons)


def summarise_partitions(framework: Framework, shards: Sequence[str | Path], client: Client, *,
                         names: Sequence[str] | None = None) -> list[ShardOutcome]:
    """Each shard judged on the cluster, and only its summary brought back: ``value`` is the shard's
    entry under ``evidence`` in the JSON output (counts, reconciliation, completeness; docs/json.md),
    named ``names[n]`` (default: the shard's path). For fleets whose judgements would not fit here."""
    return _gathered(client, framework, shards, "summary", names, True)


def judge_partitions(framework: Framework, shards: Sequence[str | Path], client: Client, *,
                     names: Sequence[str] | None = None) -> Submitted:
    """Each shard judged on the cluster into the command line's JSON (``value``: the judgements as JSON
    items, the file's summary, the number of recorded verdicts that disagree), checked, and left on the
    cluster until :meth:`Submitted.result` fetches it: ``regienorm evaluate --dask`` writes one shard
    at a time."""
    submitted = Submitted(client, framework, shards, "json", names)
    submitted.check()
    return submitted
