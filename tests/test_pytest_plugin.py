"""The pytest plugin, run by pytester: snapshots (missing, written, matching, failing with what
changed, updated), case files (collected, failing at their line, refused with a located error),
coverage with a threshold, and the casebook's own cases after a deliberate edit of one band."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from importlib.metadata import entry_points
from pathlib import Path

import pytest

import regienorm.testing.session  # noqa: F401  (imported here, so pytester's runs keep one copy of regienorm)

from .conftest import CASEBOOK, EXAMPLES, ROOT

pytest_plugins = ["pytester"]

TUTORIAL = EXAMPLES / "tutorial"
BAND = 'sum of points { 0..5 -> "-"; 6..10 -> "+/-"; 11..16 -> "+" }'
EDITED = 'sum of points { 0..5 -> "-"; 6..7 -> "+/-"; 8..16 -> "+" }'


def _plugin() -> list[str]:
    """``-p`` for the plugin unless the installed regienorm registers it through its entry point."""
    installed = any(ep.value == "_regienorm_pytestplugin" for ep in entry_points(group="pytest11"))
    return [] if installed else ["-p", "_regienorm_pytestplugin"]


def _run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest(*_plugin(), "-p", "no:cacheprovider", *args)


def test_the_plugin_module_imports_nothing_of_regienorm() -> None:
    probe = "import _regienorm_pytestplugin, sys; print(sorted(m for m in sys.modules if m.startswith('regienorm')))"
    out = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True,
                         env={"PYTHONPATH": str(ROOT / "src"), "PATH": ""}).stdout.strip()
    assert out == "[]"


def test_the_entry_point_names_the_plugin_module() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["entry-points"]["pytest11"] == {"regienorm": "_regienorm_pytestplugin"}
    assert "hypothesis" in project["optional-dependencies"]


@pytest.fixture
def tutorial(pytester: pytest.Pytester) -> Path:
    for name in ("schuldhulp.norm", "schuldhulp.evidence.yaml"):
        shutil.copy(TUTORIAL / name, pytester.path / name)
    pytester.makepyfile(test_snap="""
        import regienorm

        def test_tutorial(regienorm_snapshot):
            framework = regienorm.compile_file("schuldhulp.norm")
            evidence = regienorm.load_evidence("schuldhulp.evidence.yaml", framework)
            regienorm_snapshot(framework, regienorm.evaluate(framework, evidence), evidence=evidence)
    """)
    return pytester.path


def test_snapshot_missing_written_matching_failing_updated(pytester: pytest.Pytester, tutorial: Path) -> None:
    stored = tutorial / "__snapshots__" / "test_snap" / "test_tutorial.snapshot"
    missing = _run(pytester)
    missing.assert_outcomes(failed=1)
    missing.stdout.fnmatch_lines(["*no snapshot*test_tutorial.snapshot*--regienorm-update*"])
    assert not stored.exists()

    written = _run(pytester, "--regienorm-update")
    written.assert_outcomes(passed=1)
    written.stdout.fnmatch_lines(["regienorm: wrote snapshot *test_tutorial.snapshot"])
    text = stored.read_text(encoding="utf-8")
    assert text.startswith("# regienorm-snapshot/1")
    assert "kredietbank opzet.2 judged +/- rule=aandeel by=\"above 1/3 -> +/-\" in=a:+,b:-,c:+/-" in text

    _run(pytester).assert_outcomes(passed=1)

    # A deliberate edit: norm 2's threshold for "+/-" moves from above 1/3 to above 1/2.
    norm = tutorial / "schuldhulp.norm"
    norm.write_text(norm.read_text(encoding="utf-8").replace(
        'share of points { from 2/3 -> "+"; above 1/3 -> "+/-"; otherwise -> "-" }\n\nrule totaal',
        'share of points { from 2/3 -> "+"; above 1/2 -> "+/-"; otherwise -> "-" }\n\nrule totaal'), encoding="utf-8")
    failing = _run(pytester)
    failing.assert_outcomes(failed=1)
    failing.stdout.fnmatch_lines([
        "*verdict(s) changed*",
        "verdicts changed:",
        "*kredietbank opzet.2: +/- -> -",
        "*by: above 1/3 -> +/- -> otherwise -> -",
        "*--regienorm-update to accept*",
    ])
    assert "Traceback" not in failing.stdout.str()
    assert stored.read_text(encoding="utf-8") == text  # a failing comparison never writes

    _run(pytester, "--regienorm-update").assert_outcomes(passed=1)
    assert "kredietbank opzet.2 judged - rule=aandeel by=\"otherwise -> -\"" in stored.read_text(encoding="utf-8")
    _run(pytester).assert_outcomes(passed=1)

    # a snapshot whose test is gone is named, and left alone
    (stored.parent / "test_renamed.snapshot").write_text(text, encoding="utf-8")
    after = _run(pytester)
    after.assert_outcomes(passed=1)
    after.stdout.fnmatch_lines(["regienorm: snapshot not used in this run: *test_renamed.snapshot"])
    assert (stored.parent / "test_renamed.snapshot").exists()


def test_rewording_a_reason_breaks_no_snapshot(pytester: pytest.Pytester, tutorial: Path) -> None:
    _run(pytester, "--regienorm-update").assert_outcomes(passed=1)
    norm = tutorial / "schuldhulp.norm"
    norm.write_text(norm.read_text(encoding="utf-8").replace(
        'reconstructed "twee derde van de punten is voldoende; meer dan een derde gedeeltelijk"',
        'reconstructed "anders verwoord"') + "\n# a comment\n", encoding="utf-8")
    _run(pytester).assert_outcomes(passed=1)


CASES = """\
format: regienorm-cases/1
framework: ../schuldhulp.norm
cases:
  - name: the tutorial
    evidence: ../schuldhulp.evidence.yaml
    expect:
      - {entity: kredietbank, target: opzet.2, verdict: "+/-", by: "above 1/3 -> +/-"}
      - {entity: kredietbank, target: opzet.2, verdict: "+"}
  - name: written here
    evidence:
      entities: [{id: noord, role: uitvoerder}]
      findings:
        - {entity: noord, target: opzet.2.a, verdict: "+"}
        - {entity: noord, target: opzet.2.b, verdict: "+"}
        - {entity: noord, target: opzet.2.c, verdict: "-"}
    expect:
      - {entity: noord, target: opzet.2, verdict: "+", rule: aandeel}
  - name: a misplaced finding
    evidence:
      entities: [{id: noord, role: uitvoerder}]
      findings: [{entity: noord, target: opzet.1.a, verdict: "+"}]
    error: RN635
"""


def test_case_files_are_collected_and_fail_at_their_line(pytester: pytest.Pytester, tutorial: Path) -> None:
    (tutorial / "cases").mkdir()
    (tutorial / "cases" / "tutorial.yaml").write_text(CASES, encoding="utf-8")
    (tutorial / "cases" / "other.yaml").write_text("just: some yaml\n", encoding="utf-8")  # not a case file: ignored
    result = _run(pytester, "cases")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines([
        "*cases/tutorial.yaml:8:9: kredietbank opzet.2: expected verdict +, got +/-",
        "*2+0+1 = 3 of 6 points = 0.5; above 1/3 -> +/-",
    ])
    assert "Traceback" not in result.stdout.str()


def test_a_broken_case_file_is_a_located_error_not_a_traceback(pytester: pytest.Pytester, tutorial: Path) -> None:
    (tutorial / "cases").mkdir()
    (tutorial / "cases" / "broken.yaml").write_text(CASES.replace("    expect:\n      - {entity: noord", "    expcet:\n      - {entity: noord"),
                                                  encoding="utf-8")
    result = _run(pytester, "cases")
    assert result.ret != 0
    result.stdout.fnmatch_lines(["cases/broken.yaml:16:5: error[RN801]: unknown key `expcet` in a case"])
    assert "Traceback" not in result.stdout.str()


def test_coverage_with_a_threshold(pytester: pytest.Pytester, tutorial: Path) -> None:
    (tutorial / "cases").mkdir()
    (tutorial / "cases" / "tutorial.yaml").write_text(CASES.replace('      - {entity: kredietbank, target: opzet.2, verdict: "+"}\n', ""),
                                                    encoding="utf-8")
    strict = _run(pytester, "cases", "--regienorm-cov-fail-under", "100", "--regienorm-cov-report", "coverage.json")
    strict.assert_outcomes(passed=3)
    assert strict.ret == pytest.ExitCode.TESTS_FAILED
    strict.stdout.fnmatch_lines(["*regienorm coverage: schuldhulp 1.0*", "*Not exercised:*", "FAIL: schuldhulp 1.0 *% is below*100%"])
    assert (tutorial / "coverage.json").read_text(encoding="utf-8").startswith('{\n  "format": "regienorm-coverage/1"')
    lenient = _run(pytester, "cases", "--regienorm-cov-fail-under", "10")
    assert lenient.ret == pytest.ExitCode.OK
    lenient.stdout.fnmatch_lines(["coverage at or above 10% for every framework"])


def test_the_casebook_cases_name_an_edited_band(pytester: pytest.Pytester) -> None:
    """Done when: a deliberate edit of one band of the casebook shows in the pytest failure with its reason."""
    book = pytester.path / "casebook"
    shutil.copytree(CASEBOOK, book, ignore=shutil.ignore_patterns("*.md", "__pycache__"))
    norm = book / "regie.norm"
    text = norm.read_text(encoding="utf-8")
    assert text.count(BAND) == 1
    norm.write_text(text.replace(BAND, EDITED), encoding="utf-8")
    result = _run(pytester, "casebook", "-k", "aanpakken or MPG or Top600")  # the files shared: each read once
    result.assert_outcomes(passed=1, failed=2)
    result.stdout.fnmatch_lines([
        "*casebook.yaml:7:5: snapshot *casebook.snapshot* differs: 12 verdict(s) changed*",
        "  [evidence/mpg.yaml]",
        "  stadsdelen_opzet opzet: +/- -> +",
        "      by: band 6..10 -> +/- -> band 8..16 -> +",
    ])
    result.stdout.fnmatch_lines(["*casebook.yaml:*: stadsdelen_opzet opzet: expected verdict +/-, got +; "
                                 "expected by band 6..10 -> +/-, got band 8..16 -> +"])
