"""regienorm's pytest plugin: snapshots of verdicts, case files as tests, framework coverage.

Registered through the ``pytest11`` entry point, so every pytest run in an environment with
regienorm loads it: importing it imports pytest only. regienorm itself is imported when a
fixture, a case file or coverage is first used. State lives in ``config.stash``, never in globals.

* ``regienorm_snapshot``: a fixture that compares an assessment's meaning with a stored snapshot
  (``regienorm.testing.snapshot``); ``--regienorm-update`` writes the snapshots instead.
* Case files: every ``*.yaml`` in a folder named ``cases`` that starts with
  ``format: regienorm-cases/1`` is collected; each case is a test (``regienorm.testing.cases``).
* ``--regienorm-cov`` reports which norms, aspects, scale values, bands, thresholds, table rows,
  policies and applicability branches the cases and snapshots exercised; ``--regienorm-cov-fail-under
  PERCENT`` fails the run below that share.

Disable with ``-p no:regienorm``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from regienorm.testing.session import Session

_SESSION = pytest.StashKey["Session"]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("regienorm", "regienorm: verdict snapshots, case files, coverage")
    group.addoption("--regienorm-update", action="store_true", default=False,
                    help="write regienorm snapshots (and case-file snapshots) instead of comparing with them")
    group.addoption("--regienorm-cov", action="store_true", default=False,
                    help="report which parts of each framework the case files and snapshots exercised")
    group.addoption("--regienorm-cov-fail-under", type=float, default=None, metavar="PERCENT",
                    help="fail when a framework's coverage is below PERCENT (implies --regienorm-cov)")
    group.addoption("--regienorm-cov-report", default=None, metavar="FILE",
                    help="also write the coverage as FILE: .json (regienorm-coverage/1) or .html (the framework, line by line)")


def _session(config: pytest.Config) -> Session:
    session = config.stash.get(_SESSION, None)
    if session is None:
        from regienorm.testing.session import Session

        session = Session(update=bool(config.getoption("regienorm_update")))
        config.stash[_SESSION] = session
    return session


def _coverage_wanted(config: pytest.Config) -> bool:
    return bool(config.getoption("regienorm_cov") or config.getoption("regienorm_cov_fail_under") is not None
                or config.getoption("regienorm_cov_report"))


@pytest.fixture
def regienorm_snapshot(request: pytest.FixtureRequest) -> Any:
    """Compare an assessment's meaning with its snapshot file::

        def test_casebook(regienorm_snapshot):
            framework = regienorm.compile_file("regie.norm")
            evidence = regienorm.load_evidence("mpg.yaml", framework)
            regienorm_snapshot(framework, regienorm.evaluate(framework, evidence), evidence=evidence)

    The file is ``__snapshots__/<test file>/<test>.snapshot`` beside the test, or ``path=``."""
    from regienorm.testing.session import SnapshotFixture

    return SnapshotFixture(_session(request.config), request.node)


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.suffix not in (".yaml", ".yml") or file_path.parent.name != "cases":
        return None
    try:
        with open(file_path, encoding="utf-8", errors="replace") as handle:
            head = handle.read(2000)
    except OSError:
        return None
    if "regienorm-cases/1" not in head:
        return None
    from regienorm.testing.cases import looks_like_cases

    if not looks_like_cases(head):
        return None
    return CaseFile.from_parent(parent, path=file_path)


class CaseFailed(Exception):
    """A case's expectations not met; its args are the failures, each at its line."""


class CaseFile(pytest.File):
    def collect(self) -> Any:
        from regienorm.diagnostics import render_short
        from regienorm.errors import RegienormError
        from regienorm.testing.cases import load

        try:
            loaded = load(self.path)
        except RegienormError as exc:
            raise self.CollectError("\n".join(render_short(d) for d in exc.diagnostics)) from None
        seen: dict[str, int] = {}
        for case in loaded:
            seen[case.name] = seen.get(case.name, 0) + 1
            name = case.name if seen[case.name] == 1 else f"{case.name} ({seen[case.name]})"
            yield CaseItem.from_parent(self, name=name, case=case)


class CaseItem(pytest.Item):
    def __init__(self, *, case: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case

    def runtest(self) -> None:
        outcome = _session(self.config).run_case(self.case)
        if outcome.failures:
            raise CaseFailed(*outcome.failures)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        if isinstance(excinfo.value, CaseFailed):
            return "\n".join(str(f) for f in excinfo.value.args)
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, self.case.span.line - 1, f"{self.path.name}:{self.case.span.line}: {self.case.name}"


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    config = session.config
    if not _coverage_wanted(config) or _SESSION not in config.stash:
        return
    state = config.stash[_SESSION]
    report = config.getoption("regienorm_cov_report")
    state.measure_coverage(Path(report) if report else None)
    under = config.getoption("regienorm_cov_fail_under")
    if under is not None and state.below(under) and session.exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    state = config.stash.get(_SESSION, None)
    if state is None:
        if _coverage_wanted(config):
            terminalreporter.write_sep("-", "regienorm coverage")
            terminalreporter.write_line("no case file or snapshot ran: nothing to measure")
        return
    for path in state.written:
        terminalreporter.write_line(f"regienorm: wrote snapshot {path}")
    for path in state.unused():
        terminalreporter.write_line(f"regienorm: snapshot not used in this run: {path}")
    if _coverage_wanted(config):
        terminalreporter.write_sep("-", "regienorm coverage")
        for line in state.coverage_lines(config.getoption("regienorm_cov_fail_under")):
            terminalreporter.write_line(line)
