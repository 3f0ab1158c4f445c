"""regienorm's benchmark suite: every number is a ratio measured side by side in one run.

    python bench/run.py [--quick | --full [--entities N] [--budget SECONDS]] [--json | --markdown]

It generates its own inputs (bench/gen.py, seeded), checks that the fast paths give the verdicts of
the normal path and of a hand-written function (bench/baseline.py) and fails loudly if not, then
measures:

    compile_vs_parse          full compile of the largest framework / Lark's LALR parse alone of its text
    eval_vs_handwritten       streaming N entities, judgements with reasons / the hand-written function
    eval_lean_vs_handwritten  the same without reasons (verdicts read per target) / the same function
    scaling_entities          exponent of evaluation time vs entities (1,000 to N)
    peers_scaling_entities_lean  the same in the peers' shape without reasons (1,000 to 100,000)
    scaling_norms             exponent of time vs framework size (100 to the largest): the larger of
                              the compile and the evaluation exponents
    memory_streaming          peak memory of a process streaming N entities / of one streaming 1,000
    cli_check_vs_import       `regienorm check` on the casebook / `python -c "import regienorm"`
    check_score_bands         compile of N norms in groups of 40 with a percentage score banded at
                              every node / the same framework without the band (what proving the
                              score's bands costs: proven per number of norms that count; the
                              groups are alike, so each shape is proven once; raw has the same
                              with no two groups alike, every group proven)
    cli_evaluate_casebook_vs_import_and_c_loader
                              `regienorm evaluate` (the casebook, text) / the import plus the C
                              loader's time for the casebook's evidence
    evidence_*                reading (text to nodes) and loading (read and checked) evidence / the C
                              loader on the same file (json.load, yaml.load with CSafeLoader); memory
                              per input byte (bench/inout.py); JSON lines and CSV beside them
    cli_evaluate_*            `regienorm evaluate --format json` as a whole process / a hand-written
                              pipeline (the C loader, bench/baseline.py's function, json.dump);
                              `_{json,yaml}_to_{jsonl,csv,text}`: the other streamable outputs
    cli_memory_*              peak memory of `evaluate` at 20,000 entities / at 4,000 (JSON lines in,
                              judged a chunk of 2,000 at a time; JSON, JSON lines, CSV out)
    peers_*                   the peers' benchmark shape, 7 norms x 22 aspects, every entity different
                              (bench/peers.py): regienorm, rule-engine and zen-engine / a plain loop

Default sizes: frameworks of 100 to 10,000 norms, 100,000 entities. ``--quick`` (under two minutes on
two cores): 2,000 norms, 20,000 entities. ``--full``, issue 15's shape: the peers' benchmark, evidence
and the command line at 20,000 entities, norms 100 to 10,000, entities 1,000 to 1,000,000; where the
evaluation does not fit in ``--budget`` seconds (wall clock) it stops at the entities it reached and
every report says so (nothing is extrapolated). ``--markdown`` prints the table for
docs/performance.md: each target beside its ratio and whether it is met, with the date and commit.
(This module is past 500 lines because it is the one place every measurement is run side by side
in one process; what stands alone lives beside it: bench/inout.py, peers.py, report.py, dask_cost.py.)
Raw times and secondary ratios are under "raw". Times are CPU time (other programs on the machine
do not count); wall-clock times are in "raw" where they mean something else (processes, whole
commands).
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import resource
import statistics
import subprocess
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import regienorm  # noqa: E402
from bench import baseline, gen, inout, peers, report  # noqa: E402
from regienorm.engine.stream import EntityEvidence  # noqa: E402

TARGETS = {
    "compile_vs_parse": 1.5,
    "eval_vs_handwritten": 3.0,
    "eval_lean_vs_handwritten": 1.0,  # issue 15 (issue 4 asked 1.5)
    "scaling_entities": 1.05,
    "scaling_norms": 1.05,
    "memory_streaming": 1.1,
    "cli_check_vs_import": 1.3,
    "check_score_bands": 5.0,
    "cli_evaluate_casebook_vs_import_and_c_loader": 1.5,
    # issue 15's evidence and command-line targets (bench/inout.py, bench/peers.py)
    "evidence_json_read_vs_c_loader": 1.5,
    "evidence_json_load_vs_c_loader": 1.5,
    "evidence_yaml_load_vs_c_loader": 1.5,
    "evidence_json_bytes_per_byte": 20.0,
    "evidence_yaml_bytes_per_byte": 20.0,
    "cli_evaluate_json_vs_hand_pipeline": 2.0,
    "cli_evaluate_yaml_vs_hand_pipeline": 2.0,
    **{f"cli_evaluate_{source}_to_{fmt}_vs_hand_pipeline": 2.0 for source in ("json", "yaml") for fmt in ("jsonl", "csv", "text")},
    **{f"cli_memory_{fmt}_out_large_vs_small": 1.1 for fmt in ("json", "jsonl", "csv")},
    "cli_evaluate_json_to_jsonl_vs_hand_pipeline": 2.0,
    "cli_evaluate_json_to_text_vs_hand_pipeline": 2.0,
    "peers_regienorm_lean_vs_handwritten": 1.0,
    "peers_regienorm_reasons_vs_handwritten": 3.0,
    "peers_scaling_entities_lean": 1.05,
}
FULL = {"norms": (100, 1000, 10000), "entities": 100_000, "eval_norms": 10, "scaling_entities": 9, "cli_runs": 15, "repeat": 3,
        "io_entities": 20_000, "peers_entities": 20_000, "peers_scaling": (1_000, 10_000, 100_000)}
#: issue 15's "Done when" run: the entity scale to a million (as far as ``--budget`` lets it go)
FULL_ISSUE = {**FULL, "entities": 1_000_000}
QUICK = {"norms": (100, 400, 2000), "entities": 20_000, "eval_norms": 10, "scaling_entities": 9, "cli_runs": 9, "repeat": 1,
         "io_entities": 3_000, "peers_entities": 2_000, "peers_scaling": (1_000, 10_000)}
CASEBOOK = ROOT / "frameworks" / "rekenkamer-amsterdam-2013" / "regie.norm"


class BenchFailure(AssertionError):
    """A fast path disagrees with the normal path or with the hand-written function."""


# ============================================================================ correctness
def _outcome(status: regienorm.Status, verdict: str | None) -> str:
    return verdict if verdict is not None else status.value


def check_correctness(n_norms: int = 10, n_entities: int = 200, seed: int = 1, *, processes: bool = True) -> int:
    """Every path gives the same verdicts: evaluate(), stream() with and without reasons (and with
    processes), and the hand-written function. Raises BenchFailure; returns the judgements compared."""
    text, spec = gen.framework(n_norms, seed)
    framework = regienorm.compile_text(text, f"bench_{n_norms}.norm")
    blocks = list(gen.bundles(spec, n_entities, seed))
    evidence = gen.evidence(spec, n_entities, seed)
    normal = regienorm.evaluate(framework, evidence)
    by_entity: dict[str, list[regienorm.Judgement]] = {}
    for j in normal:
        by_entity.setdefault(j.entity, []).append(j)
    expected = {e: [(j.target, _outcome(j.status, j.verdict)) for j in js] for e, js in by_entity.items()}
    hand = {e: dict(outcomes) for e, outcomes in baseline.run(spec, blocks)}
    if hand != {e: dict(o) for e, o in expected.items()}:
        bad = next(e for e in expected if hand.get(e) != dict(expected[e]))
        diff = [(t, o, hand.get(bad, {}).get(t)) for t, o in expected[bad] if hand.get(bad, {}).get(t) != o][:5]
        raise BenchFailure(f"the hand-written function and evaluate() disagree for `{bad}`: (target, engine, hand) {diff}")
    lean = regienorm.evaluate(framework, evidence, reasons=False)
    if [(j.entity, j.target, j.status, j.verdict, j.points) for j in lean] != \
            [(j.entity, j.target, j.status, j.verdict, j.points) for j in normal]:
        raise BenchFailure("evaluate(reasons=False) and evaluate() disagree")
    runs: list[tuple[str, Any]] = [
        ("stream(reasons=True)", regienorm.stream(framework, iter(blocks))),
        ("stream(reasons=False)", regienorm.stream(framework, iter(blocks), reasons=False)),
        ("stream(Evidence)", regienorm.stream(framework, evidence)),
    ]
    if processes:
        runs.append(("stream(processes=2)", regienorm.stream(framework, iter(blocks), processes=2, chunk_size=16)))
    for name, results in runs:
        seen = 0
        for result in results:
            seen += 1
            want = by_entity[result.entity.id]
            got = [(t, _outcome(s, v)) for t, s, v in result.outcomes()]
            if got != expected[result.entity.id]:
                raise BenchFailure(f"{name} and evaluate() disagree for `{result.entity.id}`")
            if "False" not in name and list(result.judgements) != want:
                raise BenchFailure(f"{name} gives other judgements (reasons) than evaluate() for `{result.entity.id}`")
        if seen != len(by_entity):
            raise BenchFailure(f"{name} judged {seen} entities, evaluate() {len(by_entity)}")
    return len(normal.judgements)


# ============================================================================ helpers
def _exponent(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of log(time) against log(size)."""
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(t) for _, t in points]
    if len(set(xs)) < 2:
        return math.nan
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)


def _best(fn: Callable[[], float], repeat: int) -> float:
    return min(fn() for _ in range(repeat))


#: Times are CPU time of the process (of the child, for whole processes): other programs running on
#: the machine then do not count, and a ratio of two such times is what the code costs. On an idle
#: machine CPU time and wall-clock time agree for single-threaded work; wall-clock times are under
#: "raw" where they differ in meaning (processes, the command line).
clock = time.process_time


def _timed(fn: Callable[[], Any]) -> float:
    start = clock()
    fn()
    return clock() - start


def _lark_parser() -> Any:
    """Lark's LALR parser for regienorm's grammar, as regienorm configures it, built here from the
    grammar text (no regienorm code in the measured parse)."""
    import lark

    from regienorm.language import keywords
    from regienorm.resources import grammar_path

    grammar = grammar_path().read_text(encoding="utf-8") + keywords.terminal_definitions(keywords.ENGLISH)
    return lark.Lark(grammar, parser="lalr", lexer="contextual", propagate_positions=True, maybe_placeholders=False)


# ============================================================================ compile
def bench_compile(sizes: tuple[int, ...], repeat: int, log: Callable[[str], None]) -> dict[str, Any]:
    parser = _lark_parser()
    raw: dict[str, Any] = {"compile_s": {}, "parse_s": {}}
    largest = sizes[-1]
    for n in sizes:
        text, _ = gen.framework(n)
        regienorm.compile_text(text)  # warm: the parser is built and cached
        compile_s = parse_s = math.inf
        for _ in range(repeat if n == largest else 1):  # side by side, alternating
            parse_s = min(parse_s, _timed(lambda t=text: parser.parse(t)))
            compile_s = min(compile_s, _timed(lambda t=text: regienorm.compile_text(t)))
        raw["compile_s"][n], raw["parse_s"][n] = compile_s, parse_s
        log(f"  compile {n:>6} norms ({len(text):>9,} chars): compile {compile_s:7.3f}s  parse {parse_s:7.3f}s")
    text, _ = gen.framework(largest)
    gc.disable()
    try:  # the same ratio with the cyclic garbage collector off for both
        parse_off = _best(lambda: _timed(lambda: parser.parse(text)), repeat)
        compile_off = _best(lambda: _timed(lambda: regienorm.compile_text(text)), repeat)
    finally:
        gc.enable()
    raw["compile_vs_parse_gc_off"] = compile_off / parse_off
    return {"compile_vs_parse": raw["compile_s"][largest] / raw["parse_s"][largest],
            "compile_exponent": _exponent([(n, raw["compile_s"][n]) for n in sizes]), "raw": raw}


# ============================================================================ evaluation
def _blocks(spec: gen.Spec, seed: int = 1) -> Iterator[list[EntityEvidence]]:
    """Blocks (eight members and their group) without end."""
    block = 0
    while True:
        yield from gen.bundles(spec, 9, seed, start=block)
        block += 1


def bench_eval(n_entities: int, n_norms: int, log: Callable[[str], None], budget_s: float | None = None) -> dict[str, Any]:
    """The hand-written function and the engine (with and without reasons) side by side: each chunk
    of generated evidence (generation not timed) goes through all three, each a single long stream.
    With ``budget_s`` (wall clock) it stops after the chunk that passes the budget; ``raw["entities"]``
    is then what was reached and ``raw["stopped_by_budget"]`` says so."""
    deadline = None if budget_s is None else time.perf_counter() + budget_s
    text, spec = gen.framework(n_norms)
    framework = regienorm.compile_text(text)
    feeds: dict[str, deque[list[EntityEvidence]]] = {k: deque() for k in ("hand", "reasons", "lean", "lean_j")}

    def source(name: str) -> Iterator[list[EntityEvidence]]:
        feed = feeds[name]
        while True:
            yield feed.popleft()  # an IndexError here would mean a stream read ahead of its input

    hand = baseline.run(spec, source("hand"))
    reasons = regienorm.stream(framework, source("reasons"))
    lean = regienorm.stream(framework, source("lean"), reasons=False)
    lean_j = regienorm.stream(framework, source("lean_j"), reasons=False)

    def consume_hand(k: int) -> None:
        for _ in range(k):
            next(hand)

    def consume_reasons(k: int) -> None:  # every judgement made, with its reasons
        for _ in range(k):
            for j in next(reasons).judgements:
                j.reasons  # noqa: B018

    def consume_lean(k: int) -> None:  # every verdict read, per target
        for _ in range(k):
            next(lean).outcomes()

    def consume_lean_judgements(k: int) -> None:  # as evaluate(reasons=False): a Judgement per target
        for _ in range(k):
            next(lean_j).judgements  # noqa: B018

    consumers = {"hand": consume_hand, "reasons": consume_reasons, "lean": consume_lean, "lean_j": consume_lean_judgements}
    totals = dict.fromkeys(consumers, 0.0)
    prefix: dict[str, list[tuple[int, float]]] = {k: [] for k in consumers}
    blocks = _blocks(spec)
    done = 0
    marks = sorted({1000, 10_000, n_entities} | {int(n_entities * f) for f in (0.25, 0.5, 0.75)})
    next_mark = 0
    generate_s = 0.0
    chunk_target = min(1000, max(9, n_entities // 20))
    stopped = False
    while done < n_entities:
        if done and deadline is not None and time.perf_counter() > deadline:  # at least one chunk
            stopped = True
            break
        start = clock()
        chunk: list[list[EntityEvidence]] = []
        size = 0
        while size < min(chunk_target, n_entities - done):
            block = next(blocks)
            chunk.append(block)
            size += len(block)
        generate_s += clock() - start
        for name in consumers:
            feeds[name].extend(chunk)
        order = list(consumers)
        if (done // chunk_target) % 2:
            order.reverse()  # alternate who goes first, so neither always meets a cold cache
        for name in order:
            start = clock()
            consumers[name](size)
            totals[name] += clock() - start
        del chunk
        done += size
        while next_mark < len(marks) and done >= marks[next_mark]:
            for name in consumers:
                prefix[name].append((done, totals[name]))
            next_mark += 1
        if done % 10_000 < size:
            log(f"  evaluated {done:>7,} entities: hand {totals['hand']:6.2f}s  reasons {totals['reasons']:6.2f}s  "
                f"lean {totals['lean']:6.2f}s  (generating {generate_s:5.1f}s, not counted)")
    if stopped:
        if not prefix["hand"] or prefix["hand"][-1][0] != done:
            for name in consumers:
                prefix[name].append((done, totals[name]))
        log(f"  stopped at {done:,} of {n_entities:,} entities: the budget of {budget_s:.0f}s (wall clock) was spent")
    raw = {"entities": done, "entities_asked": n_entities, "stopped_by_budget": stopped, "framework_norms": n_norms,
           "seconds": totals, "generate_s": generate_s,
           "eval_lean_judgements_vs_handwritten": totals["lean_j"] / totals["hand"],
           "scaling_entities_reasons": _exponent(prefix["reasons"]), "scaling_entities_lean": _exponent(prefix["lean"]),
           "scaling_entities_hand": _exponent(prefix["hand"]), "prefix_s": prefix}
    return {"eval_vs_handwritten": totals["reasons"] / totals["hand"],
            "eval_lean_vs_handwritten": totals["lean"] / totals["hand"],
            "scaling_entities": max(raw["scaling_entities_reasons"], raw["scaling_entities_lean"]), "raw": raw}


def bench_eval_norms(sizes: tuple[int, ...], log: Callable[[str], None]) -> dict[str, Any]:
    """Evaluation time of two blocks (16 members, 2 groups) against frameworks of growing size, and
    the hand-written function's on the same (what the machine and Python make of bigger inputs)."""
    points, lean, hand = [], [], []
    for n in sizes:
        text, spec = gen.framework(n)
        framework = regienorm.compile_text(text)
        blocks = list(gen.bundles(spec, 18))
        seconds = _best(lambda b=blocks, f=framework: _timed(lambda: _drain(regienorm.stream(f, iter(b)))), 2)
        # without reasons: the best of two, so the plans' generated code (compiled once per framework) is not counted
        lean_s = _best(lambda b=blocks, f=framework: _timed(lambda: _outcomes(regienorm.stream(f, iter(b), reasons=False))), 2)
        by_hand = _best(lambda b=blocks, s=spec: _timed(lambda: [x for x in baseline.run(s, iter(b))]), 2)
        points.append((n, seconds))
        lean.append((n, lean_s))
        hand.append((n, by_hand))
        log(f"  evaluate 18 entities on {n:>6} norms: {seconds:6.3f}s, without reasons {lean_s:6.3f}s "
            f"(hand-written {by_hand:6.3f}s)")
    return {"eval_norms_exponent": _exponent(points), "eval_norms_s": dict(points),
            "eval_norms_exponent_lean": _exponent(lean), "eval_norms_lean_s": dict(lean),
            "eval_norms_exponent_hand": _exponent(hand), "eval_norms_hand_s": dict(hand)}


def _outcomes(results: Iterator[Any]) -> None:
    """Consume a stream without reasons: every verdict read, per target."""
    for result in results:
        result.outcomes()


def _drain(results: Iterator[Any]) -> None:
    """Consume a stream as a tool would: every judgement made (reasons included), then dropped."""
    for result in results:
        for j in result.judgements:
            j.reasons  # noqa: B018


def bench_processes(n_entities: int, log: Callable[[str], None]) -> dict[str, Any]:
    text, spec = gen.framework(10)
    framework = regienorm.compile_text(text)
    blocks = list(gen.bundles(spec, n_entities))
    out: dict[str, Any] = {}
    for reasons in (True, False):
        one = _wall(lambda r=reasons: _drain(regienorm.stream(framework, iter(blocks), reasons=r)))
        two = _wall(lambda r=reasons: _drain(regienorm.stream(framework, iter(blocks), reasons=r, processes=2)))
        out["reasons" if reasons else "lean"] = {"one_process_s": one, "two_processes_s": two, "speedup": one / two}
        log(f"  {n_entities:,} entities, reasons={reasons}: 1 process {one:.2f}s, 2 processes {two:.2f}s")
    return out


# ============================================================================ memory
def stream_child(n_entities: int) -> int:
    """In a child process: stream ``n_entities`` (judgements with reasons made and dropped); peak RSS in KiB."""
    text, spec = gen.framework(10)
    framework = regienorm.compile_text(text)
    blocks = _blocks(spec)
    made = 0

    def source() -> Iterator[list[EntityEvidence]]:
        nonlocal made
        while made < n_entities:
            block = next(blocks)
            made += len(block)
            yield block

    count = 0
    for result in regienorm.stream(framework, source()):
        count += len(result.judgements)
    return _peak_kib()


def _peak_kib() -> int:
    """Peak resident memory of this process image. Linux's VmHWM, which starts afresh at exec
    (ru_maxrss can carry the peak of the parent that spawned us)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def bench_memory(n_entities: int, log: Callable[[str], None]) -> dict[str, Any]:
    peaks = {}
    for n in (1000, n_entities):
        done = subprocess.run([sys.executable, str(Path(__file__)), "--memory-child", str(n)], capture_output=True, text=True,
                              check=True, env={**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])})
        peaks[n] = int(done.stdout.strip().splitlines()[-1])
        log(f"  streaming {n:>7,} entities: peak {peaks[n] / 1024:6.1f} MiB")
    return {"memory_streaming": peaks[n_entities] / peaks[1000], "raw": {"peak_kib": peaks}}


# ============================================================================ the command line
def _wall(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _run_process(args: list[str], env: dict[str, str], wall: list[float] | None = None) -> float:
    """CPU time (user + system) of a whole child process; its wall-clock time goes to ``wall``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(args, check=False, capture_output=True, env=env, cwd=ROOT)
    if wall is not None:
        wall.append(time.perf_counter() - start)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def bench_cli(runs: int, log: Callable[[str], None]) -> dict[str, Any]:
    """Whole processes, alternating: `regienorm check` on the casebook (warm cache: the framework
    compiled before, as on every run but the first after an edit) and `import regienorm`."""
    import tempfile

    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    with tempfile.TemporaryDirectory() as cache:
        env["REGIENORM_CACHE_DIR"] = cache
        check = [sys.executable, "-m", "regienorm", "check", str(CASEBOOK)]
        imp = [sys.executable, "-c", "import regienorm"]
        _run_process(check, env)
        _run_process(imp, env)
        checks, imports, cold = [], [], []
        checks_wall: list[float] = []
        imports_wall: list[float] = []
        for _ in range(runs):
            checks.append(_run_process(check, env, checks_wall))
            imports.append(_run_process(imp, env, imports_wall))
        for _ in range(max(3, runs // 3)):  # no compiled-framework cache (the parser's tables still cached)
            cold.append(_run_process(check, {**env, "REGIENORM_NO_CACHE": "1"}))
        python = [_run_process([sys.executable, "-c", "pass"], env) for _ in range(runs)]
        evaluate = [sys.executable, "-m", "regienorm", "evaluate"]  # the casebook, as text to standard output
        _run_process(evaluate, env)
        evaluations, c_loader = [], []
        for _ in range(max(3, runs // 2)):
            evaluations.append(_run_process(evaluate, env))
            c_loader.append(_casebook_c_loader(env))
    raw = {"check_s": statistics.median(checks), "import_s": statistics.median(imports), "check_no_cache_s": statistics.median(cold),
           "python_s": statistics.median(python), "check_wall_s": statistics.median(checks_wall),
           "import_wall_s": statistics.median(imports_wall), "casebook_evaluate_s": statistics.median(evaluations),
           "casebook_c_loader_s": statistics.median(c_loader)}
    raw["cli_check_vs_import_wall"] = raw["check_wall_s"] / raw["import_wall_s"]
    raw["cli_check_no_cache_vs_import"] = raw["check_no_cache_s"] / raw["import_s"]
    log(f"  check {raw['check_s'] * 1000:.0f} ms (without the cache {raw['check_no_cache_s'] * 1000:.0f} ms), "
        f"import {raw['import_s'] * 1000:.0f} ms, bare python {raw['python_s'] * 1000:.0f} ms")
    log(f"  casebook evaluate {raw['casebook_evaluate_s'] * 1000:.0f} ms, its evidence by the C loader "
        f"{raw['casebook_c_loader_s'] * 1000:.0f} ms")
    return {"cli_check_vs_import": raw["check_s"] / raw["import_s"],
            "cli_evaluate_casebook_vs_import_and_c_loader": raw["casebook_evaluate_s"] / (raw["import_s"] + raw["casebook_c_loader_s"]),
            "raw": raw}


def _casebook_c_loader(env: dict[str, str]) -> float:
    """CPU seconds of ``yaml.load(..., CSafeLoader)`` of the casebook's evidence files, in a fresh
    process, the loads alone (not Python starting or PyYAML's import: the import's own process pays those)."""
    code = ("import sys, time, yaml\nstart = time.process_time()\n"
            "for name in sys.argv[1:]:\n    yaml.load(open(name, encoding='utf-8'), Loader=yaml.CSafeLoader)\n"
            "print(time.process_time() - start)")
    files = [str(p) for p in sorted((CASEBOOK.parent / "evidence").glob("*.yaml"))]
    done = subprocess.run([sys.executable, "-c", code, *files], capture_output=True, text=True, check=True, env=env)
    return float(done.stdout.split()[-1])


# ============================================================================ proofs
def scored_framework(n_norms: int, banded: bool, alike: bool = True) -> str:
    """N norms from findings in groups of 40, a percentage of the maximum over the norms assessed
    at every node, rounded, and (``banded``) a rating banded from it. The groups are alike, as a
    benchmark's are; with ``alike=False`` each has a weight of its own (which the score does not
    read), so that no two groups are the same to the proof and each is proven."""
    lines = ['framework scored "Scored" version "1"', 'scale s { "4" a = 4; "3" b = 3; "2" c = 2; "1" d = 1 }',
             'normenkader k "K" {']
    for g in range(max(n_norms // 40, 1)):
        lines.append(f'  group g{g} "G" {{' if alike else f'  group g{g} "G" weight {g + 1} {{')
        lines.extend(f'    norm n{g}_{k} "N"' for k in range(min(40, n_norms)))
        lines.append("  }")
    lines += ['  score percentage "p" {', "    group = round half up(100 * sum(points of norms) / (4 * count(of norms)), 1)",
              "    when nothing counts -> 0", "  }"]
    if banded:
        lines += ['  score rating "r" {', '    group = band percentage { [0..50) -> "low"; [50..100] -> "high" }', "  }"]
    return "\n".join([*lines, "}"]) + "\n"


def bench_proofs(n_norms: int, repeat: int, log: Callable[[str], None]) -> dict[str, Any]:
    banded, plain = scored_framework(n_norms, True), scored_framework(n_norms, False)
    distinct, distinct_plain = scored_framework(n_norms, True, alike=False), scored_framework(n_norms, False, alike=False)
    regienorm.compile_text(banded)  # warm
    with_s = without_s = distinct_s = distinct_without_s = math.inf
    for _ in range(repeat):  # side by side, alternating
        without_s = min(without_s, _timed(lambda: regienorm.compile_text(plain)))
        with_s = min(with_s, _timed(lambda: regienorm.compile_text(banded)))
        distinct_without_s = min(distinct_without_s, _timed(lambda: regienorm.compile_text(distinct_plain)))
        distinct_s = min(distinct_s, _timed(lambda: regienorm.compile_text(distinct)))
    log(f"  {n_norms:,} norms with a banded score: {with_s:.3f}s, without the band {without_s:.3f}s; "
        f"no two groups alike: {distinct_s:.3f}s, without the band {distinct_without_s:.3f}s")
    # the target's row: groups alike (each shape is proven once); beside it, every group proven
    return {"check_score_bands": with_s / without_s,
            "raw": {"with_s": with_s, "without_s": without_s, "distinct_with_s": distinct_s,
                    "distinct_without_s": distinct_without_s, "check_score_bands_no_two_groups_alike": distinct_s / distinct_without_s}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_true", help="smaller sizes; under two minutes on two cores")
    size.add_argument("--full", action="store_true", help="issue 15's full shape: entities 1,000 -> 1,000,000 (see --budget)")
    parser.add_argument("--entities", type=int, help="the largest number of entities evaluated (default: 100,000; 1,000,000 with --full)")
    parser.add_argument("--budget", type=float, help="wall-clock seconds the entity-scale evaluation may take; it stops there and says so")
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print one JSON object: metric -> ratio, raw numbers under 'raw'")
    output.add_argument("--markdown", action="store_true", help="print the result as a Markdown table with the date and commit")
    parser.add_argument("--memory-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.memory_child:
        print(stream_child(args.memory_child))
        return 0
    sizes = dict(QUICK if args.quick else FULL_ISSUE if args.full else FULL)
    if args.entities is not None:
        if args.entities < 1000:
            parser.error("--entities: at least 1000 (the entity scale starts at 1,000)")
        sizes["entities"] = args.entities
    quiet = args.json or args.markdown
    log = (lambda text: print(text, file=sys.stderr, flush=True)) if quiet else (lambda text: print(text, flush=True))
    started = time.perf_counter()
    results: dict[str, Any] = {}
    raw: dict[str, Any] = {"quick": args.quick, "full": args.full, "sizes": sizes, "targets": TARGETS, "budget_s": args.budget,
                           "date": time.strftime("%Y-%m-%d"), "commit": report.commit(), "load_average": f"{os.getloadavg()[0]:.1f}",
                           "command": " ".join(["python bench/run.py", *(argv if argv is not None else sys.argv[1:])])}

    log("correctness: evaluate(), stream() (reasons, lean, processes) and the hand-written function")
    compared = check_correctness(10, 450, 1) + check_correctness(30, 120, 2) + check_correctness(100, 30, 3, processes=False)
    log(f"  {compared:,} judgements agree")
    raw["correctness_judgements"] = compared

    log("compile")
    c = bench_compile(sizes["norms"], sizes["repeat"], log)
    results["compile_vs_parse"] = c["compile_vs_parse"]
    raw["compile"] = c["raw"]

    log(f"evaluate {sizes['entities']:,} entities ({sizes['eval_norms']}-norm framework)")
    e = bench_eval(sizes["entities"], sizes["eval_norms"], log, args.budget)
    results["eval_vs_handwritten"] = e["eval_vs_handwritten"]
    results["eval_lean_vs_handwritten"] = e["eval_lean_vs_handwritten"]
    results["scaling_entities"] = e["scaling_entities"]
    raw["eval"] = e["raw"]
    reached = e["raw"]["entities"]

    log("framework size")
    en = bench_eval_norms(sizes["norms"], log)
    results["scaling_norms"] = max(c["compile_exponent"], en["eval_norms_exponent"], en["eval_norms_exponent_lean"])
    raw["scaling_norms"] = {"compile_exponent": c["compile_exponent"], **en}

    log("memory")
    m = bench_memory(reached, log)  # as far as the evaluation went
    results["memory_streaming"] = m["memory_streaming"]
    raw["memory"] = m["raw"]

    log("command line")
    cl = bench_cli(sizes["cli_runs"], log)

    log("proving a score's bands")
    pr = bench_proofs(sizes["norms"][-1], sizes["repeat"], log)

    log(f"evidence loading against the C loaders ({sizes['io_entities']:,} entities)")
    ld = inout.bench_loading(sizes["io_entities"], sizes["repeat"], log)
    log(f"`regienorm evaluate` against a hand-written pipeline ({sizes['io_entities']:,} entities)")
    cm = inout.bench_command_line(sizes["io_entities"], log)
    log("the peers' benchmark shape (every entity different)")
    pe = peers.bench_peers(sizes["peers_entities"], log)
    scaling = peers.lean_times(sizes["peers_scaling"], log)
    pe["peers_scaling_entities_lean"] = _exponent(scaling)
    pe["raw"]["lean_scaling_s"] = dict(scaling)
    # every part's ratios into the table: a target's under results, the others beside the part's raw
    # (once, the casebook's row was measured and never put in the table)
    for part, key in ((cl, "cli"), (pr, "proofs"), (ld, "loading"), (cm, "command_line"), (pe, "peers")):
        raw[key] = part.pop("raw")
        for name, value in part.items():
            (results if name in TARGETS else raw[key].setdefault("ratios", {}))[name] = value

    log("processes (secondary)")
    raw["processes"] = bench_processes(min(reached, 20_000), log)
    raw["total_s"] = time.perf_counter() - started

    if args.json:
        print(json.dumps({**results, "raw": raw}, indent=2, default=str))
    elif args.markdown:
        print(report.markdown(results, raw, TARGETS), end="")
    else:
        print(report.text(results, raw, TARGETS), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
