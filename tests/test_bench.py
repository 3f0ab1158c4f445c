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

import regienorm
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
    assert set(n) >= {"eval_norms_exponent", "eval_norms_exponent_lean", "eval_norms_exponent_hand"}
    from bench import peers

    assert run._exponent(peers.lean_times((20, 60), _quiet)) > 0
    assert run.stream_child(30) > 0
    p = run.bench_processes(40, _quiet)
    assert set(p) == {"reasons", "lean"}
    cl = run.bench_cli(1, _quiet)
    assert cl["cli_check_vs_import"] > 0 and cl["cli_evaluate_casebook_vs_import_and_c_loader"] > 0
    assert cl["raw"]["casebook_c_loader_s"] > 0  # the loads alone, measured
    pr = run.bench_proofs(80, 1, _quiet)
    assert pr["check_score_bands"] > 0


def test_the_banded_score_of_the_proof_benchmark_is_proven() -> None:
    """At 2,000 norms in 50 groups the percentage's cases are too many to list, and the proof goes by
    the number of norms that count at each node: the bands leave no gap, so nothing is said."""
    checked = regienorm.check_text(run.scored_framework(2000, True))
    assert checked.framework is not None and checked.diagnostics == ()
    assert compile_text(run.scored_framework(80, True)) is not None


def test_the_command_prints_its_help() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--help"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0 and all(flag in done.stdout for flag in ("--quick", "--json", "--full", "--markdown", "--budget"))
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


def test_a_budget_stops_the_entity_scale_where_it_is_and_says_so() -> None:
    e = run.bench_eval(2000, 10, _quiet, budget_s=0.0)  # spent before the second chunk
    raw = e["raw"]
    assert raw["stopped_by_budget"] and 0 < raw["entities"] < 2000 and raw["entities_asked"] == 2000
    assert raw["prefix_s"]["hand"][-1][0] == raw["entities"]  # the scale ends where the run ended
    whole = run.bench_eval(60, 10, _quiet, budget_s=3600.0)["raw"]
    assert not whole["stopped_by_budget"] and whole["entities"] >= 60


def _raw(stopped: bool) -> dict[str, Any]:
    return {"quick": False, "full": True, "date": "2026-12-02", "commit": "abc", "command": "python bench/run.py --full",
            "total_s": 12.0, "load_average": "1.0", "budget_s": 600.0,
            "sizes": {"norms": (100, 1000, 10000), "io_entities": 20000, "peers_entities": 20000},
            "eval": {"entities": 270_000 if stopped else 1_000_000, "entities_asked": 1_000_000, "stopped_by_budget": stopped},
            "command_line": {"ratios": {"cli_bytes_per_entity_example": 1.5}}, "loading": {}, "peers": {}}


def test_the_markdown_report_puts_each_target_beside_its_ratio_and_says_where_the_run_stopped() -> None:
    from bench import report

    results = {"eval_vs_handwritten": 7.25, "scaling_entities": 1.01}
    text = report.markdown(results, _raw(stopped=True), run.TARGETS)
    assert "| `eval_vs_handwritten` | ≤ 3 | 7.25 | **no** |" in text
    assert "| `scaling_entities` | ≤ 1.05 | 1.01 | yes |" in text
    assert "| `compile_vs_parse` | ≤ 1.5 | not measured | — |" in text  # every target has its row
    assert "270,000 of 1,000,000 asked: stopped by the budget" in text and "nothing is extrapolated" in text
    assert "commit abc" in text and "2026-12-02" in text and "`cli_bytes_per_entity_example` | 1.5 |" in text
    assert "stopped" not in report.markdown(results, _raw(stopped=False), run.TARGETS)
    plain = report.text(results, _raw(stopped=True), run.TARGETS)
    assert "eval_vs_handwritten" in plain and "NO" in plain and "stopped by the budget" in plain


def test_the_command_line_refuses_an_entity_scale_below_its_start() -> None:
    with pytest.raises(SystemExit):
        run.main(["--full", "--entities", "10"])
