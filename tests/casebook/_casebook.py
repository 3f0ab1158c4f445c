"""Shared loading for the casebook tests: the Rekenkamer Amsterdam (2013) framework, its three
evidence files (in casebook.yaml's order), the expected disagreements, and the reconciliation
computed in-process from the engine (never copied from a file)."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

import regienorm
from regienorm.evidence import Evidence
from regienorm.ir import Framework
from regienorm.judgement import Assessment, Judgement

ROOT = Path(__file__).resolve().parents[2]
CASEBOOK = ROOT / "frameworks" / "rekenkamer-amsterdam-2013"
NORM = CASEBOOK / "regie.norm"
EXPECTED = Path(__file__).resolve().parent / "expected_disagreements.yaml"
TOOLS = ROOT / "tools" / "casebook"
SEED = ROOT.parent / "shared" / "seed" / "data"

PUBLISHED_SYMBOLS = 482  # verdicts.yaml counts.total_published_symbols


def rel(path: Path) -> str:
    return path.resolve().relative_to(ROOT).as_posix()


@functools.lru_cache(maxsize=1)
def evidence_paths() -> tuple[Path, ...]:
    """The evidence files named by casebook.yaml, in its order."""
    manifest = yaml.safe_load((CASEBOOK / "casebook.yaml").read_text(encoding="utf-8"))
    assert (CASEBOOK / manifest["framework"]).resolve() == NORM.resolve()
    return tuple(CASEBOOK / p for p in manifest["evidence"])


@functools.lru_cache(maxsize=1)
def framework() -> Framework:
    return regienorm.compile_file(NORM)


@functools.cache
def evidence(path: Path) -> Evidence:
    return regienorm.load_evidence(path, framework())


@functools.cache
def assessment(path: Path) -> Assessment:
    return regienorm.evaluate(framework(), evidence(path))


@functools.lru_cache(maxsize=1)
def expected() -> dict[str, Any]:
    return yaml.safe_load(EXPECTED.read_text(encoding="utf-8"))


def arithmetic(j: Judgement) -> str:
    texts = [r.text for r in j.reasons if r.kind == "arithmetic"]
    return texts[-1] if texts else ""


def outcome(j: Judgement) -> str:
    """The computed verdict, or the status when nothing is computed (as in the expected file)."""
    return j.computed if j.computed is not None else j.status.value


def reconciliation(fw: Framework, files: dict[str, Evidence]) -> tuple[list[dict[str, Any]], list[dict[str, Any]], int]:
    """(disagreements, blanks, agreeing printed verdicts) for the given evidence, computed by the engine."""
    rows: list[dict[str, Any]] = []
    blanks: list[dict[str, Any]] = []
    agree = 0
    for name, ev in files.items():
        for j in regienorm.evaluate(fw, ev):
            for r in j.recorded:
                row = {"file": name, "entity": j.entity, "target": j.target, "record": r.record,
                       "source": {"table": r.source.table, "line": r.source.line},
                       "computed": outcome(j), "computation": arithmetic(j)}
                if r.blank:
                    blanks.append(row)
                elif r.verdict != j.computed:
                    rows.append({**row, "recorded": r.printed})
                else:
                    agree += 1
    order = {name: n for n, name in enumerate(files)}
    for items in (rows, blanks):
        items.sort(key=lambda r: (order[r["file"]], r["source"]["line"], r["record"] or ""))
    return rows, blanks, agree


def casebook_reconciliation() -> tuple[list[dict[str, Any]], list[dict[str, Any]], int]:
    return reconciliation(framework(), {rel(p): evidence(p) for p in evidence_paths()})
