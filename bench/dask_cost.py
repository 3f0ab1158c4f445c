"""What judging on a Dask cluster costs (regienorm.distributed, `evaluate --dask`), measured against
one local process on the same shards.

    python bench/dask_cost.py [--entities N] [--workers N] [--markdown]

The generated 10-norm framework (bench/gen.py) and ``N`` entities as JSON lines, cut into 2, 6 and
30 shards (a group with its members). Each shard is read, checked and judged into the command
line's JSON, once in this process shard after shard (what ``regienorm evaluate`` does with the
files) and once on a LocalCluster of ``--workers`` worker processes; the results are checked equal.
Times are wall clock (the point of workers is to run at once). Reported: starting the cluster,
a trivial task's round trip, each split's local and cluster time, the speed-up, and the overhead
per shard: (cluster time - local time / workers) / shards, what the scheduler, the shipping of
the framework and of each shard's results back cost beyond an even share of the work.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for _path in (ROOT / "src", ROOT):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

import regienorm  # noqa: E402
from bench import gen  # noqa: E402
from regienorm.distributed import Submitted, cluster  # noqa: E402
from regienorm.distributed.tasks import judge_shard  # noqa: E402
from regienorm.evidence.lines import write_jsonl  # noqa: E402

SPLITS = (2, 6, 30)


def write_shards(folder: Path, n_entities: int, n_shards: int) -> tuple[Path, list[Path]]:
    """The framework and ``n_entities`` entities in ``n_shards`` JSON lines files of whole blocks."""
    text, spec = gen.framework(10, 1)
    framework = folder / "bench.norm"
    framework.write_text(text, encoding="utf-8")
    document = gen.document(gen.evidence(spec, n_entities, 1))
    entities: list[dict[str, Any]] = document["entities"]  # type: ignore[assignment]
    blocks = [entities[i:i + 9] for i in range(0, len(entities), 9)]
    per = -(-len(blocks) // n_shards)
    paths = []
    for n in range(n_shards):
        own = [e for block in blocks[n * per:(n + 1) * per] for e in block]
        if not own:
            break
        ids = {e["id"] for e in own}
        part = {**document, "entities": own}
        for key in ("findings", "measures", "recorded"):
            part[key] = [r for r in document[key] if r["entity"] in ids]  # type: ignore[attr-defined]
        path = folder / f"shard-{n_shards}-{n:03}.jsonl"
        path.write_text(write_jsonl(part), encoding="utf-8")
        paths.append(path)
    return framework, paths


def _first_difference(mine: Any, theirs: Any, where: str = "") -> str:
    """Where two JSON values first differ, as a path of keys and indices."""
    if isinstance(mine, dict) and isinstance(theirs, dict):
        for key in sorted(set(mine) | set(theirs)):
            if mine.get(key) != theirs.get(key):
                return _first_difference(mine.get(key), theirs.get(key), f"{where}.{key}")
    if isinstance(mine, (list, tuple)) and isinstance(theirs, (list, tuple)) and len(mine) == len(theirs):
        for n, (a, b) in enumerate(zip(mine, theirs, strict=True)):
            if a != b:
                return _first_difference(a, b, f"{where}[{n}]")
    return f"{where or 'the value'}: {str(mine)[:300]!r} here, {str(theirs)[:300]!r} there"


def _trivial(x: int) -> int:
    return x + 1


def measure(client: Any, n_entities: int, workers: int, folder: Path, splits: tuple[int, ...] = SPLITS) -> dict[str, Any]:
    """The measurements on ``client``'s cluster (see the module's documentation)."""
    start = time.perf_counter()
    for k in range(20):
        client.submit(_trivial, k, pure=False).result()
    out: dict[str, Any] = {"entities": n_entities, "workers": workers, "round_trip_ms": (time.perf_counter() - start) / 20 * 1000,
                           "splits": {}}
    for n_shards in splits:
        framework_path, paths = write_shards(folder, n_entities, n_shards)
        framework = regienorm.compile_file(framework_path)
        start = time.perf_counter()
        local = [judge_shard(framework, str(p), "json") for p in paths]
        local_s = time.perf_counter() - start
        start = time.perf_counter()
        submitted = Submitted(client, framework, paths, "json")
        submitted.check()
        there = list(submitted.results())
        cluster_s = time.perf_counter() - start
        for mine, theirs in zip(local, there, strict=True):
            if mine.value != theirs.value:
                raise AssertionError(f"{n_shards} shards: the cluster's JSON of {mine.path} differs from the local one: "
                                     f"{_first_difference(mine.value, theirs.value)}")
        out["splits"][len(paths)] = {"local_s": local_s, "cluster_s": cluster_s, "speedup": local_s / cluster_s,
                                     "overhead_per_shard_ms": (cluster_s - local_s / workers) / len(paths) * 1000}
    return out


def markdown(result: dict[str, Any]) -> str:
    lines = [f"{result['entities']:,} entities, LocalCluster of {result['workers']} worker processes; started in "
             f"{result['start_s']:.1f} s; a trivial task's round trip {result['round_trip_ms']:.1f} ms.", "",
             "| shards | entities per shard | one local process | the cluster | speed-up | overhead per shard |", "|---|---|---|---|---|---|"]
    for shards, r in result["splits"].items():
        lines.append(f"| {shards} | {result['entities'] // shards:,} | {r['local_s']:.2f} s | {r['cluster_s']:.2f} s | {r['speedup']:.2f}× | "
                     f"{r['overhead_per_shard_ms']:.0f} ms |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entities", type=int, default=5400)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--markdown", action="store_true", help="print the result as a Markdown table")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    with cluster(f"local:{args.workers}") as client, tempfile.TemporaryDirectory() as folder:
        client.wait_for_workers(args.workers)
        started = time.perf_counter() - start
        result = measure(client, args.entities, args.workers, Path(folder))
    result["start_s"] = started
    if args.markdown:
        print(markdown(result), end="")
    else:
        print(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
