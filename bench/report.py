"""bench/run.py's report: the run as a plain table or as Markdown for docs/performance.md, each target
beside its ratio and whether it is met, with what was measured (and where a run stopped short)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def commit() -> str:
    """The checkout measured: its commit, marked when the working tree has changes."""
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], capture_output=True, text=True, cwd=ROOT, check=False)
        return done.stdout.strip() if done.returncode == 0 else ""
    commit = git("rev-parse", "--short=10", "HEAD") or "unknown"
    return commit + (" (with uncommitted changes)" if git("status", "--porcelain", "--untracked-files=no") else "")


def scope(raw: dict[str, Any]) -> list[str]:
    """What the run measured, in words, including where it stopped short of what was asked."""
    ev = raw["eval"]
    sizes = raw["sizes"]
    lines = [f"entities evaluated (scale 1,000 -> N): {ev['entities']:,}"
             + (f" of {ev['entities_asked']:,} asked: stopped by the budget of {raw['budget_s']:.0f}s wall clock; "
                "the ratios and `scaling_entities` are for what was run, nothing is extrapolated"
                if ev["stopped_by_budget"] else ""),
             f"norm scale: {', '.join(f'{n:,}' for n in sizes['norms'])} norms",
             f"evidence and command line: {sizes['io_entities']:,} entities; the peers' shape: {sizes['peers_entities']:,} entities "
             f"x 7 norms x 22 aspects"]
    return lines


def markdown(results: dict[str, float], raw: dict[str, Any], targets: dict[str, float]) -> str:
    """The run as Markdown for docs/performance.md: each target beside its ratio and whether it is met."""
    out = [f"Run {raw['date']}, commit {raw['commit']}, `{raw['command']}`, {raw['total_s']:.0f} s wall clock "
           f"(Python {sys.version.split()[0]}, {os.cpu_count()} cores, load average at the start {raw['load_average']}).", ""]
    out += [f"* {line}" for line in scope(raw)]
    out += ["", "| metric | target | measured | met |", "|---|---|---|---|"]
    for name, target in targets.items():
        if name in results:
            value = results[name]
            out.append(f"| `{name}` | ≤ {target:g} | {value:.3g} | {'yes' if value <= target else '**no**'} |")
        else:
            out.append(f"| `{name}` | ≤ {target:g} | not measured | — |")
    extra = {**raw["command_line"].get("ratios", {}), **raw["loading"].get("ratios", {}), **raw["peers"].get("ratios", {})}
    if extra:
        out += ["", "Secondary ratios (no target of their own):", "", "| ratio | measured |", "|---|---|"]
        out += [f"| `{name}` | {value:.3g} |" for name, value in extra.items()]
    return "\n".join(out) + "\n"


def text(results: dict[str, float], raw: dict[str, Any], targets: dict[str, float]) -> str:
    """The run as a plain table for the terminal."""
    out = ["", f"{'metric':<48} {'ratio':>8} {'target':>8}  met"]
    for name, value in results.items():
        out.append(f"{name:<48} {value:8.3f} {'<= ' + str(targets[name]):>8}  {'yes' if value <= targets[name] else 'NO'}")
    out += scope(raw)
    kind = "quick" if raw["quick"] else "full" if raw["full"] else "default"
    out.append(f"\n({kind} run, {raw['total_s']:.0f}s; `--json` for the raw numbers, `--markdown` for docs/performance.md)")
    return "\n".join(out) + "\n"
