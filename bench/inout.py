"""Evidence in and results out: the readers against the C loaders, the command line's whole process
against a hand-written pipeline, and the memory of each per byte read and per entity.

Every measurement runs in a fresh process (``--child``), so that its peak memory is its own (Linux's
VmHWM, which starts afresh at exec). Inputs are generated (bench/gen.py, seeded) and written as
JSON (a record a line, as tools write it), YAML (block style, as people write it), JSON lines and
CSV; the hand-written pipeline loads the JSON or YAML with the C loader, judges it with the
hand-written function (bench/baseline.py) and writes the verdicts with ``json.dump``; its verdicts
are checked against regienorm's output (a difference fails the run).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
NORMS = 10
SEED = 1
#: The output formats issue 15 asks to be written incrementally (docs/performance.md says which are).
STREAMED_OUTPUTS = ("json", "jsonl", "csv", "text")
#: The command line's memory is measured at these numbers of entities, both several chunks of JSON
#: lines (regienorm.evidence.chunks.CHUNK_ENTITIES: 2,000), so that their ratio is the growth.
MEMORY_ENTITIES = (4_000, 20_000)


def _peak_kib() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # pragma: no cover - not Linux


def write_inputs(folder: Path, n_entities: int) -> dict[str, Path]:
    """The framework and the same generated evidence in every format, in ``folder``."""
    import yaml

    from bench import gen
    from regienorm.evidence.lines import write_csv, write_jsonl

    text, spec = gen.framework(NORMS, SEED)
    paths = {"framework": folder / "bench.norm"}
    paths["framework"].write_text(text, encoding="utf-8")
    document = gen.document(gen.evidence(spec, n_entities, SEED))
    lists = {k: v for k, v in document.items() if isinstance(v, list)}
    paths["json"] = folder / "evidence.json"
    with paths["json"].open("w", encoding="utf-8") as out:
        out.write("{" + ", ".join(f'"{k}": {json.dumps(v, ensure_ascii=False)}' for k, v in document.items() if k not in lists))
        for key, records in lists.items():
            out.write(f',\n"{key}": [\n' + ",\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n]")
        out.write("}\n")
    paths["yaml"] = folder / "evidence.yaml"
    with paths["yaml"].open("w", encoding="utf-8") as out:
        yaml.dump(document, out, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), allow_unicode=True, sort_keys=False)
    paths["jsonl"] = folder / "evidence.jsonl"
    paths["jsonl"].write_text(write_jsonl(document), encoding="utf-8")
    paths["csv"] = folder / "evidence.csv"
    paths["csv"].write_text(write_csv(document), encoding="utf-8")
    return paths


# ============================================================================ in a fresh process
def child(what: str, path: str, framework_path: str) -> dict[str, float]:
    """One load; CPU seconds and the peak memory it added, in KiB."""
    if what in ("load_evidence", "read"):
        import regienorm
        from regienorm.evidence.readers import reader_for
        from regienorm.files import decode

        framework = regienorm.compile_file(framework_path)
    before = _peak_kib()
    start = time.process_time()
    if what == "json.load":
        with open(path, encoding="utf-8") as handle:
            json.load(handle)
    elif what == "yaml.load":
        import yaml

        with open(path, encoding="utf-8") as handle:
            yaml.load(handle, Loader=yaml.CSafeLoader)
    elif what == "read":  # the reader load_evidence reads with alone: text to nodes, records plain where it can
        from regienorm._gc import paused
        from regienorm.evidence.readers import plain_reader

        with paused():
            reader = reader_for(path)
            (plain_reader(reader) or reader)(decode(Path(path).read_bytes(), path).text, path)
    else:
        regienorm.load_evidence(path, framework)
    return {"seconds": time.process_time() - start, "peak_kib": _peak_kib() - before}


def hand_pipeline(path: str, out: str) -> None:
    """The hand-written pipeline: the C loader, the hand-written function, json.dump."""
    from bench import baseline, gen

    _, spec = gen.framework(NORMS, SEED)
    with open(path, encoding="utf-8") as handle:
        if path.endswith(".json"):
            document = json.load(handle)
        else:
            import yaml

            document = yaml.load(handle, Loader=yaml.CSafeLoader)
    by_entity: dict[str, dict[str, list[Any]]] = {}
    for key in ("findings", "measures", "recorded", "overrides"):
        for r in document.get(key) or []:
            by_entity.setdefault(r["entity"], {}).setdefault(key, []).append(SimpleNamespace(
                target=r.get("target"), verdict=r.get("verdict"), status=r.get("status"), measure=r.get("measure"), value=r.get("value")))
    members: dict[str, Any] = {}
    results = []
    for e in document["entities"]:
        own = by_entity.get(e["id"], {})
        bundle = SimpleNamespace(entity=SimpleNamespace(id=e["id"], role=e["role"], members=tuple(e.get("members", ()))),
                                 findings=own.get("findings", []), measures=own.get("measures", []), overrides=own.get("overrides", []))
        outcomes = baseline.judge(spec, bundle, members)  # type: ignore[arg-type]
        values: dict[str, list[float]] = {}
        for m in bundle.measures:
            values.setdefault(m.measure, []).append(float(m.value))
        members[e["id"]] = (dict(outcomes), values)
        results.append({"entity": e["id"], "outcomes": outcomes})
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(results, handle)


def measure_process(args: list[str]) -> dict[str, float]:
    """A whole command: CPU seconds (user + system), wall seconds, peak memory in KiB."""
    start = time.perf_counter()
    done = subprocess.run(args, capture_output=True, env={**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])},
                          cwd=ROOT, check=False)
    wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 3):
        raise RuntimeError(f"{args} failed: {done.stderr.decode()[-2000:]}")
    return {"cpu": usage.ru_utime + usage.ru_stime, "wall": wall, "peak_kib": usage.ru_maxrss}


def _fresh(args: list[str]) -> dict[str, float]:
    """``args`` run under a fresh measuring process, so that RUSAGE_CHILDREN is this command's alone."""
    done = subprocess.run([sys.executable, str(Path(__file__)), "--process", *args], capture_output=True, text=True, check=True,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])})
    return json.loads(done.stdout.splitlines()[-1])  # type: ignore[no-any-return]


def _load(what: str, path: Path, framework: Path) -> dict[str, float]:
    done = subprocess.run([sys.executable, str(Path(__file__)), "--child", what, str(path), str(framework)], capture_output=True,
                          text=True, check=True, env={**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])})
    return json.loads(done.stdout.splitlines()[-1])  # type: ignore[no-any-return]


def _best(fn: Callable[[], dict[str, float]], repeat: int, key: str = "seconds") -> dict[str, float]:
    return min((fn() for _ in range(repeat)), key=lambda r: r[key])


# ============================================================================ the benchmarks
def bench_loading(n_entities: int, repeat: int, log: Callable[[str], None]) -> dict[str, Any]:
    """Evidence loading against the C loaders on the same records: time and memory per input byte."""
    with tempfile.TemporaryDirectory() as folder:
        paths = write_inputs(Path(folder), n_entities)
        fw = paths["framework"]
        raw: dict[str, Any] = {"entities": n_entities, "bytes": {k: p.stat().st_size for k, p in paths.items() if k != "framework"}}
        for fmt, base in (("json", "json.load"), ("yaml", "yaml.load")):
            raw[f"{fmt}_c_loader"] = _best(lambda fmt=fmt, base=base: _load(base, paths[fmt], fw), repeat)  # type: ignore[misc]
            raw[f"{fmt}_read"] = _best(lambda fmt=fmt: _load("read", paths[fmt], fw), repeat)  # type: ignore[misc]
            raw[f"{fmt}_load_evidence"] = _best(lambda fmt=fmt: _load("load_evidence", paths[fmt], fw), repeat)  # type: ignore[misc]
        for fmt in ("jsonl", "csv"):
            raw[f"{fmt}_load_evidence"] = _best(lambda fmt=fmt: _load("load_evidence", paths[fmt], fw), repeat)  # type: ignore[misc]
    out: dict[str, Any] = {}
    for fmt in ("json", "yaml"):
        base = raw[f"{fmt}_c_loader"]["seconds"]
        out[f"evidence_{fmt}_read_vs_c_loader"] = raw[f"{fmt}_read"]["seconds"] / base
        out[f"evidence_{fmt}_load_vs_c_loader"] = raw[f"{fmt}_load_evidence"]["seconds"] / base
        out[f"evidence_{fmt}_bytes_per_byte"] = raw[f"{fmt}_load_evidence"]["peak_kib"] * 1024 / raw["bytes"][fmt]
    for fmt in ("jsonl", "csv"):  # against json.load of the same records written as JSON
        out[f"evidence_{fmt}_load_vs_json_c_loader"] = raw[f"{fmt}_load_evidence"]["seconds"] / raw["json_c_loader"]["seconds"]
        out[f"evidence_{fmt}_bytes_per_byte"] = raw[f"{fmt}_load_evidence"]["peak_kib"] * 1024 / raw["bytes"][fmt]
    for key, value in out.items():
        log(f"  {key:<42} {value:8.2f}")
    return {**out, "raw": raw}


def bench_command_line(n_entities: int, log: Callable[[str], None]) -> dict[str, Any]:
    """`regienorm evaluate` as a whole process against the hand-written pipeline on ``n_entities``
    entities, and its peak memory at the two sizes of :data:`MEMORY_ENTITIES` (evidence as JSON
    lines; the output streamed as JSON, JSON lines and CSV)."""
    raw: dict[str, Any] = {}
    out: dict[str, Any] = {}
    python = sys.executable
    with tempfile.TemporaryDirectory() as folder:
        paths = write_inputs(Path(folder), n_entities)
        result = Path(folder) / "out.json"
        for fmt in ("json", "yaml"):
            ours = _fresh([python, "-m", "regienorm", "evaluate", str(paths["framework"]), str(paths[fmt]), "--format", "json",
                           "-o", str(result)])
            _check_verdicts(result, paths[fmt], python)
            hand = _fresh([python, str(Path(__file__)), "--hand", str(paths[fmt]), str(Path(folder) / "hand.json")])
            raw[f"cli_{fmt}"], raw[f"hand_{fmt}"] = ours, hand
            out[f"cli_evaluate_{fmt}_vs_hand_pipeline"] = ours["cpu"] / hand["cpu"]
        for source in ("json", "yaml"):  # every output format that is written a piece at a time, from both inputs
            for fmt in STREAMED_OUTPUTS:
                if fmt == "json":
                    continue  # measured above
                target = ["-o", str(Path(folder) / f"out.{fmt}")]
                raw[f"cli_{source}_to_{fmt}"] = _fresh([python, "-m", "regienorm", "evaluate", str(paths["framework"]),
                                                        str(paths[source]), "--format", fmt, *target])
                out[f"cli_evaluate_{source}_to_{fmt}_vs_hand_pipeline"] = raw[f"cli_{source}_to_{fmt}"]["cpu"] / raw[f"hand_{source}"]["cpu"]
    # memory: evidence as JSON lines, judged a chunk at a time (regienorm.evidence.chunks), at two
    # sizes that both fill several chunks, so that their ratio says whether memory grows with the
    # entities (1.0: flat) and not how a first chunk compares with a file smaller than one
    sizes = {"small": MEMORY_ENTITIES[0], "large": MEMORY_ENTITIES[1]}
    with tempfile.TemporaryDirectory() as folder:
        for size, n in sizes.items():
            inputs = write_jsonl(Path(folder) / size, n)
            for fmt in ("json", "jsonl", "csv"):
                raw[f"memory_{size}_{fmt}"] = _fresh([python, "-m", "regienorm", "evaluate", str(inputs["framework"]), str(inputs["jsonl"]),
                                                      "--format", fmt, "-o", str(Path(folder) / f"out.{fmt}")])
    raw["memory_entities"] = sizes
    per_entity = {}
    for fmt in ("json", "jsonl", "csv"):
        large, small_ = raw[f"memory_large_{fmt}"]["peak_kib"], raw[f"memory_small_{fmt}"]["peak_kib"]
        out[f"cli_memory_{fmt}_out_large_vs_small"] = large / small_
        per_entity[fmt] = (large - small_) * 1024 / (sizes["large"] - sizes["small"])
    raw["cli_bytes_per_entity"] = per_entity
    for key, value in out.items():
        log(f"  {key:<48} {value:8.2f}")
    log(f"  memory per entity added, {sizes['small']:,} -> {sizes['large']:,} entities (JSON lines in; json, jsonl, csv out): "
        + ", ".join(f"{per_entity[f]:.0f} B" for f in ("json", "jsonl", "csv")))
    return {**out, "raw": raw}


def write_jsonl(folder: Path, n_entities: int) -> dict[str, Path]:
    """The framework and generated evidence as JSON lines alone, in ``folder`` (made)."""
    from bench import gen
    from regienorm.evidence.lines import write_jsonl as lines

    folder.mkdir(parents=True, exist_ok=True)
    text, spec = gen.framework(NORMS, SEED)
    paths = {"framework": folder / "bench.norm", "jsonl": folder / "evidence.jsonl"}
    paths["framework"].write_text(text, encoding="utf-8")
    paths["jsonl"].write_text(lines(gen.document(gen.evidence(spec, n_entities, SEED))), encoding="utf-8")
    return paths


def _check_verdicts(result: Path, evidence: Path, python: str) -> None:
    """regienorm's verdicts (from its JSON output) are the hand-written pipeline's."""
    with tempfile.NamedTemporaryFile(suffix=".json") as hand_out:
        subprocess.run([python, str(Path(__file__)), "--hand", str(evidence), hand_out.name], check=True,
                       env={**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])})
        hand = {(r["entity"], t): o for r in json.load(open(hand_out.name, encoding="utf-8")) for t, o in r["outcomes"]}
    ours = {(j["entity"], j["target"]): j["verdict"] or j["status"] for j in json.loads(result.read_text(encoding="utf-8"))["judgements"]}
    if {k: v for k, v in ours.items() if k in hand} != hand:
        raise AssertionError(f"the command line's verdicts differ from the hand-written pipeline's on {evidence.name}")


def main(argv: list[str]) -> None:
    if argv[0] == "--child":
        print(json.dumps(child(argv[1], argv[2], argv[3])))
    elif argv[0] == "--hand":
        hand_pipeline(argv[1], argv[2])
    elif argv[0] == "--process":
        print(json.dumps(measure_process(argv[1:])))


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main(sys.argv[1:])
