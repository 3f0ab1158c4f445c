"""What the pytest plugin keeps for one test session (in ``config.stash``): frameworks compiled
once, the assessments that case files and snapshots produced (for coverage), the snapshots written.

Imported only when a fixture, a case file or coverage is used: the plugin module itself imports
nothing of regienorm."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from .. import ir
from ..coverage import Coverage, measure
from ..engine.evaluator import evaluate
from ..evidence import Evidence
from ..judgement import Assessment
from . import cases, snapshot


class Session:
    def __init__(self, update: bool) -> None:
        self.update = update
        self.written: list[Path] = []
        self.used: set[Path] = set()  # snapshot files the fixture compared or wrote
        self._compiled: dict[tuple[str, int], ir.Framework] = {}
        self.runs: dict[str, tuple[ir.Framework, list[tuple[Assessment, Evidence | None]]]] = {}
        self.coverage: list[Coverage] = []
        # the framework is kept with its evidence, so the id() in the key stays its own
        self._evidence: dict[tuple[str, int, int, int], tuple[ir.Framework, Evidence]] = {}

    def compile(self, path: Path) -> ir.Framework:
        """A framework compiled once per session (again when its file changed)."""
        from ..compiler.driver import compile_file

        try:
            key = (str(Path(path).resolve()), Path(path).stat().st_mtime_ns)
        except OSError:
            return compile_file(path)  # raises the RN003 that says what is wrong
        if key not in self._compiled:
            self._compiled[key] = compile_file(_relative(Path(path)))
        return self._compiled[key]

    def load(self, path: Path, framework: ir.Framework) -> Evidence:
        """Evidence read once per session for each framework (again when its file changed)."""
        from ..evidence import load_evidence

        try:
            stat = Path(path).stat()
            key = (str(Path(path).resolve()), stat.st_mtime_ns, stat.st_size, id(framework))
        except OSError:
            return load_evidence(path, framework)  # raises the RN003 that says what is wrong
        if key not in self._evidence:
            self._evidence[key] = (framework, load_evidence(path, framework))
        return self._evidence[key][1]

    def record(self, framework: ir.Framework, assessments: Sequence[tuple[Assessment, Evidence | None]]) -> None:
        key = framework.path or framework.id
        known = self.runs.setdefault(key, (framework, []))
        known[1].extend(assessments)

    def run_case(self, case: cases.Case) -> cases.Outcome:
        outcome = cases.run(case, compile_file=self.compile, evaluate=evaluate, update=self.update, load=self.load)
        if outcome.framework is not None:
            self.record(outcome.framework, [(a, e) for _, a, e in outcome.assessments])
        if outcome.written is not None:
            self.written.append(outcome.written)
        return outcome

    def unused(self) -> list[Path]:
        """Snapshot files beside those the fixture used that no test of this run used (a test
        renamed or deleted, or left out of this run)."""
        folders = {path.parent for path in self.used}
        return sorted(p for folder in folders for p in folder.glob("*.snapshot") if p.resolve() not in self.used)

    # ------------------------------------------------------------------------------------ coverage
    def measure_coverage(self, report: Path | None) -> None:
        self.coverage = [measure(framework, runs) for framework, runs in self.runs.values()]
        if report is not None and self.coverage:
            from .. import coverage as cov

            if report.suffix == ".json":
                text = cov.render_json(self.coverage)
            else:
                text = cov.render_html(self.coverage)
            from ..files import write_atomically

            write_atomically(report, text)

    def below(self, percent: float) -> bool:
        return not self.coverage or any(c.percent < percent for c in self.coverage)

    def coverage_lines(self, fail_under: float | None) -> list[str]:
        from ..coverage import render_text

        if not self.coverage:
            return ["no case file or snapshot ran: nothing to measure"]
        out = render_text(self.coverage).rstrip("\n").split("\n")
        if fail_under is not None:
            low = [c for c in self.coverage if c.percent < fail_under]
            for c in low:
                out.append(f"FAIL: {c.framework} {c.percent:.1f}% is below --regienorm-cov-fail-under {fail_under:g}%")
            if not low:
                out.append(f"coverage at or above {fail_under:g}% for every framework")
        return out


def _relative(path: Path) -> Path:
    """Inside the working folder, the path relative to it (shorter spans, stable snapshots)."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


_UNSAFE = re.compile(r"[^\w.-]+")


class SnapshotFixture:
    """The ``regienorm_snapshot`` fixture: ``snap(framework, assessment, evidence=…, name=…, path=…)``.

    ``assessment`` is one :class:`~regienorm.Assessment` or a list of ``(name, assessment)`` or
    ``(name, assessment, evidence)`` (one section each). Passing the evidence lets the snapshot
    name what decided a group's verdict on values exactly (see :mod:`regienorm.alternatives`)."""

    def __init__(self, session: Session, node: Any) -> None:
        self._session = session
        self._node = node

    def path_for(self, name: str | None = None) -> Path:
        test = Path(str(self._node.path))
        stem = _UNSAFE.sub("_", self._node.name) + (f"-{_UNSAFE.sub('_', name)}" if name else "")
        return test.parent / "__snapshots__" / test.stem / f"{stem}.snapshot"

    def __call__(self, framework: ir.Framework, assessment: Assessment | Sequence[Any], *, evidence: Evidence | None = None,
                 name: str | None = None, path: str | Path | None = None) -> None:
        target = Path(path) if path is not None else self.path_for(name)
        if isinstance(assessment, Assessment):
            label = _section_name(evidence.path, target) if evidence is not None and evidence.path else "assessment"
            sections = [(label, assessment, evidence)]
        else:
            sections = [(str(item[0]), item[1], item[2] if len(item) > 2 else None) for item in assessment]
        self._session.record(framework, [(a, e) for _, a, e in sections])
        self._session.used.add(target.resolve())
        failure, written = cases.compare_or_write(target, snapshot.build(framework, sections), self._session.update)
        if written is not None:
            self._session.written.append(written)
        if failure is not None:
            pytest.fail(failure.message, pytrace=False)


def _section_name(evidence: str, snapshot_path: Path) -> str:
    try:
        return Path(evidence).resolve().relative_to(snapshot_path.parent.resolve()).as_posix()
    except ValueError:
        return Path(evidence).name
