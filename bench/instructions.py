"""The engine's cost in instructions, counted by valgrind: a figure a busy machine does not move.

    python bench/instructions.py [--entities N] [--tree DIR] [--keep DIR]

Streams N generated entities (1,500 by default: bench/gen.py, the 10-norm framework of
bench/run.py) through the engine twice, without reasons (every verdict read, as run.py's
``eval_lean_vs_handwritten``) and with them (every judgement made and its reasons read, as
``eval_vs_handwritten``), each in its own process under ``valgrind --tool=callgrind``, and a third
process that only generates the inputs. The engine's instructions are a run's minus the third's:
what is counted is the evaluation alone, not Python starting, compiling or generating.

``--tree DIR`` measures another checkout (its ``src/`` and ``bench/gen.py``), for example an older
commit in a ``git worktree``, with this script: the same measurement for both. Counts move by well
under 1% between runs (the hash seed is fixed); wall-clock time on a shared machine moves by 30%.
Needs valgrind; this is a tool for developers, not part of ``bench/run.py``.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODES = ("setup", "lean", "reasons")


def child(mode: str, entities: int) -> None:
    """In the process valgrind counts: generate, compile, then (unless ``setup``) evaluate."""
    import regienorm
    from bench import gen

    text, spec = gen.framework(10)
    framework = regienorm.compile_text(text, "bench_10.norm")
    blocks = list(gen.bundles(spec, entities))
    if mode == "lean":
        for result in regienorm.stream(framework, iter(blocks), reasons=False):
            result.outcomes()
    elif mode == "reasons":
        for result in regienorm.stream(framework, iter(blocks)):
            for j in result.judgements:
                j.reasons  # noqa: B018


def count(mode: str, entities: int, tree: Path, out: Path) -> int:
    """Instructions of one child process, as callgrind counts them."""
    env = dict(os.environ, PYTHONHASHSEED="0", PYTHONPATH=f"{tree / 'src'}{os.pathsep}{tree}",
               PYTHONDONTWRITEBYTECODE="1")
    target = out / f"callgrind.{mode}.out"
    subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={target}", sys.executable,
                    str(Path(__file__).resolve()), "--child", mode, "--entities", str(entities)],
                   env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    summary = re.search(r"^summary:\s*(\d+)", target.read_text(), re.MULTILINE)
    if summary is None:
        raise SystemExit(f"no summary line in {target}")
    return int(summary.group(1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entities", type=int, default=1500)
    parser.add_argument("--tree", type=Path, default=ROOT, help="the checkout to measure (default: this one)")
    parser.add_argument("--keep", type=Path, help="keep callgrind's output files here (for callgrind_annotate)")
    parser.add_argument("--child", choices=MODES, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.entities)
        return 0
    with tempfile.TemporaryDirectory() as scratch:
        out = args.keep or Path(scratch)
        out.mkdir(parents=True, exist_ok=True)
        counts = {mode: count(mode, args.entities, args.tree.resolve(), out) for mode in MODES}
    print(f"{args.tree}: {args.entities:,} entities, instructions of the evaluation alone")
    for mode in ("lean", "reasons"):
        print(f"  {mode:8} {(counts[mode] - counts['setup']) / 1e6:9.1f} M")
    print(f"  (setup: generating and compiling, {counts['setup'] / 1e6:.1f} M, subtracted)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
