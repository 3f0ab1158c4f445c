"""The robustness benchmarks keep working (bench/evidence_load.py, bench/render_scale.py): each
runs on a tiny input. No time or memory is asserted here: the figures are ratios the scripts
print, recorded in docs/robustness.md."""

from __future__ import annotations

from pathlib import Path

from bench import evidence_load, render_scale


def test_the_evidence_load_benchmark_runs_and_reads_what_it_makes(tmp_path: Path) -> None:
    for fmt in ("yaml", "json"):
        path = evidence_load.make(50, fmt, tmp_path)
        for what in ("regienorm", "baseline"):
            figures = evidence_load.measure(what, path)
            assert set(figures) == {"seconds", "peak"}


def test_the_view_scaling_benchmark_runs_every_view() -> None:
    assert set(render_scale.views(16)) == {"text", "json", "explain (20 calls)"}
