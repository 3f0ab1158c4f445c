"""Evidence loading against PyYAML's C loader on the same file: time and peak memory per byte.

    PYTHONPATH=src python bench/evidence_load.py [RECORDS] [yaml|json]

One entity with RECORDS measure records on one target (the case of issue 14: a million records,
53 MB). Prints the CPU time of ``load_evidence`` and of ``yaml.load(..., Loader=yaml.CSafeLoader)``
(for JSON: ``json.loads``) on the same file, their ratio, and the peak memory of each, measured in
a fresh process, per byte of input. Targets (docs/robustness.md): a ratio of at most 3 for YAML,
and below 20 bytes of memory per byte of input for YAML and JSON.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FRAMEWORK = ROOT / "frameworks" / "examples" / "jeugdhulp.norm"


def make(records: int, fmt: str, folder: Path) -> Path:
    path = folder / f"measures-{records}.{fmt}"
    if fmt == "json":
        head = ('{"format": "regienorm-evidence/1", "assessment": {"framework": "jeugdhulp", "version": "1.0"},\n'
                ' "entities": [{"id": "noord", "role": "wijkteam", "normenkaders": ["uitvoering"]}],\n "measures": [\n')
        body = ",\n".join(f'  {{"entity": "noord", "measure": "tevredenheid", "value": {n % 100}.5}}' for n in range(records))
        path.write_text(head + body + "\n]}\n", encoding="utf-8")
    else:
        head = ('format: regienorm-evidence/1\nassessment: {framework: jeugdhulp, version: "1.0"}\n'
                "entities:\n  - {id: noord, role: wijkteam, normenkaders: [uitvoering]}\nmeasures:\n")
        with path.open("w", encoding="utf-8") as out:
            out.write(head)
            for n in range(records):
                out.write(f"  - {{entity: noord, measure: tevredenheid, value: {n % 100}.5}}\n")
    return path


def _child(what: str, path: str) -> None:
    """Run one load in this (fresh) process; print CPU seconds and peak RSS growth in bytes."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    if what == "regienorm":
        from regienorm import compile_file, load_evidence

        framework = compile_file(FRAMEWORK)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        start = time.process_time()
        load_evidence(path, framework)
    elif path.endswith(".json"):
        start = time.process_time()
        json.loads(Path(path).read_text(encoding="utf-8"))
    else:
        import yaml

        start = time.process_time()
        yaml.load(Path(path).read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    seconds = time.process_time() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - before
    print(json.dumps({"seconds": seconds, "peak": peak}))


def measure(what: str, path: Path) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run([sys.executable, __file__, "--child", what, str(path)], capture_output=True, text=True, env=env, check=True)
    return json.loads(done.stdout.splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        _child(sys.argv[2], sys.argv[3])
        return
    records = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    fmt = sys.argv[2] if len(sys.argv) > 2 else "yaml"
    with tempfile.TemporaryDirectory() as folder:
        path = make(records, fmt, Path(folder))
        size = path.stat().st_size
        ours, theirs = measure("regienorm", path), measure("baseline", path)
    base = "json.loads" if fmt == "json" else "yaml.load (CSafeLoader)"
    print(f"{records:,} records, {size / 1e6:.1f} MB of {fmt}")
    print(f"  load_evidence: {ours['seconds']:.2f} s CPU, peak {ours['peak'] / size:.1f} bytes per input byte")
    print(f"  {base}: {theirs['seconds']:.2f} s CPU, peak {theirs['peak'] / size:.1f} bytes per input byte")
    print(f"  ratio: {ours['seconds'] / max(theirs['seconds'], 1e-9):.2f}")


if __name__ == "__main__":
    main()
