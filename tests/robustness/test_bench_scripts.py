"""The robustness benchmarks keep working (bench/evidence_load.py, bench/render_scale.py): each
runs on a tiny input. No time or memory is asserted here: the figures are ratios the scripts
print, recorded in docs/robustness.md."""

from __future__ import annotations

import json
from pathlib import Path

from bench import evidence_load, gen, render_scale

import regienorm
from regienorm import compile_text, evaluate


def test_the_evidence_load_benchmark_runs_and_reads_what_it_makes(tmp_path: Path) -> None:
    for fmt in ("yaml", "json"):
        path = evidence_load.make(50, fmt, tmp_path)
        assert len(regienorm.load_evidence(path, regienorm.compile_file(evidence_load.FRAMEWORK)).measures) == 50
        for what in ("regienorm", "baseline"):
            figures = evidence_load.measure(what, path)
            assert set(figures) == {"seconds", "peak"}


def test_the_view_scaling_benchmark_runs_every_view_on_both_scales() -> None:
    """bench/render_scale.py: every format of `evaluate` (and explain) at two sizes of each scale,
    each size four times the other; its JSON lines are the streamed writer's, parsed back here."""
    result = render_scale.measure(40, 40)
    views = set(result["exponent_norms"])
    assert views >= {"text", "markdown", "csv", "json", "jsonl (streamed)", "html", "explain (20 calls)"}
    assert set(result["exponent_entities"]) == views and result["norms"] == (10, 40) and result["entities"] == (10, 40)
    table = render_scale.markdown(result)
    assert all(f"| {name} |" in table for name in views)
    text, spec = gen.framework(10)
    framework = compile_text(text, "bench.norm")
    lines = [json.loads(line) for line in render_scale._jsonl(framework, gen.evidence(spec, 9)).splitlines()]
    assert lines[0]["format"] == "regienorm-assessment/1" and "evidence" in lines[-1]
    assert sum("target" in line for line in lines) == len(evaluate(framework, gen.evidence(spec, 9)).judgements)
