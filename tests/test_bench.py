"""The benchmark keeps working: its correctness checks on tiny sizes, and each measurement runs
(bench/run.py). No timing is asserted here, ever: timings are ratios the benchmark reports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from bench import baseline, gen, run

from regienorm import compile_text, evaluate

from .conftest import ROOT


def _quiet(_: str) -> None:
    pass


@pytest.mark.parametrize("norms, entities, seed, processes", [(10, 60, 1, True), (30, 20, 2, False), (3, 12, 3, False)])
def test_the_fast_paths_agree_with_the_normal_path_and_the_hand_written_function(
        norms: int, entities: int, seed: int, processes: bool) -> None:
    assert run.check_correctness(norms, entities, seed, processes=processes) > 0


def test_a_disagreement_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    original = baseline.judge

    def wrong(*args: Any) -> list[tuple[str, str]]:
        out = original(*args)
        return [(target, "-" if outcome == "+" else outcome) for target, outcome in out]

    monkeypatch.setattr(baseline, "judge", wrong)
    with pytest.raises(run.BenchFailure, match="disagree"):
        run.check_correctness(10, 30, 1, processes=False)


def test_the_generated_inputs_are_what_the_engine_reads() -> None:
    text, spec = gen.framework(25, 4)
    assert text == gen.framework(25, 4)[0]  # seeded: the same every time
    framework = compile_text(text)
    assert len([n for nk in framework.normenkaders for n in nk.norms]) == 25
    evidence = gen.evidence(spec, 30, 4)
    assert len(evidence.entities) == 30 and any(e.members for e in evidence.entities)
    assert evaluate(framework, evidence).counts.findings_used == len(evidence.findings)


def test_every_measurement_runs_on_tiny_sizes() -> None:
    c = run.bench_compile((10, 20), 1, _quiet)
    assert set(c) >= {"compile_vs_parse", "compile_exponent", "raw"}
    e = run.bench_eval(60, 10, _quiet)
    assert set(e) >= {"eval_vs_handwritten", "eval_lean_vs_handwritten", "scaling_entities", "raw"}
    n = run.bench_eval_norms((10, 20), _quiet)
    assert set(n) >= {"eval_norms_exponent", "eval_norms_exponent_hand"}
    assert run.stream_child(30) > 0
    p = run.bench_processes(40, _quiet)
    assert set(p) == {"reasons", "lean"}
    cl = run.bench_cli(1, _quiet)
    assert cl["cli_check_vs_import"] > 0 and cl["cli_evaluate_casebook_vs_import_and_c_loader"] > 0
    assert cl["raw"]["casebook_c_loader_s"] > 0  # the loads alone, measured


def test_the_command_prints_its_help() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--help"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0 and "--quick" in done.stdout and "--json" in done.stdout
    assert json.dumps(run.TARGETS)  # the targets are plain data


def test_the_instruction_count_runs_each_workload_and_subtracts_the_setup(monkeypatch: pytest.MonkeyPatch,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    from bench import instructions

    for mode in instructions.MODES:  # the workloads valgrind counts, here on a tiny size
        instructions.child(mode, 9)
    summaries = {"setup": 1_000_000, "lean": 3_500_000, "reasons": 9_000_000}

    def fake_valgrind(args: list[str], **_: Any) -> None:  # writes what callgrind writes last
        out = next(a for a in args if a.startswith("--callgrind-out-file=")).split("=", 1)[1]
        mode = args[args.index("--child") + 1]
        with open(out, "w", encoding="utf-8") as f:
            f.write(f"events: Ir\nsummary: {summaries[mode]}\ntotals: {summaries[mode]}\n")

    monkeypatch.setattr(instructions.subprocess, "run", fake_valgrind)
    assert instructions.main(["--entities", "9"]) == 0
    printed = capsys.readouterr().out
    assert "lean           2.5 M" in printed and "reasons        8.0 M" in printed


def test_the_peers_shape_gives_every_method_the_same_verdicts() -> None:
    from bench import peers

    result = peers.bench_peers(40, lambda _text: None)  # raises when a method's verdicts differ
    assert result["raw"]["findings"] == 40 * peers.NORMS * peers.ASPECTS
    framework = __import__("regienorm").compile_text(peers.framework_text(), "peers.norm")
    (chunk,) = list(peers.chunks(3, 10))
    assert peers.regienorm_stream(framework, True)(chunk) == peers.hand(chunk)


def test_the_command_line_benchmark_checks_its_verdicts_against_the_hand_pipeline(tmp_path: Path) -> None:
    from bench import inout

    paths = inout.write_inputs(tmp_path, 30)
    out = tmp_path / "out.json"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
    for fmt in ("json", "yaml", "jsonl", "csv"):
        done = subprocess.run([sys.executable, "-m", "regienorm", "evaluate", str(paths["framework"]), str(paths[fmt]), "--format", "json",
                               "-o", str(out)], capture_output=True, text=True, env=env, cwd=ROOT)
        assert done.returncode == 0, done.stderr
        inout._check_verdicts(out, paths["json" if fmt in ("jsonl", "csv") else fmt], sys.executable)
