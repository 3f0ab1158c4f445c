"""A file of shared declarations alone (a library, for `include`) is checked on its own; used as
a framework it is RN040. `check` writes its whole report to standard output, in every format."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from regienorm import check_file, check_text, compile_file, render_full
from regienorm.cli import main
from regienorm.errors import FrameworkError

from .conftest import EXAMPLES, ROOT, golden

LIBRARY = "frameworks/examples/shared/oordeel.norm"


def test_a_library_is_checked_on_its_own_without_a_header_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = check_file(LIBRARY)
    assert result.diagnostics == () and result.library and result.framework is None


def test_a_library_reports_its_own_problems() -> None:
    result = check_text('scale s { "+" goed = 2; "-" slecht = 0 }\nrule r = sum of points { 0..1 -> "-"; 2..3 -> "++" }\n')
    assert [d.code for d in result.diagnostics] == ["RN204"]
    rules_alone = check_text('rule r "Zonder schaal" = worst\nrule r = best\n')
    assert [d.code for d in rules_alone.diagnostics] == ["RN205"]  # no RN206, no RN208: the scale is the includer's


def test_a_file_with_a_normenkader_and_no_header_is_still_rn206() -> None:
    result = check_text('scale s { "+" goed = 2; "-" slecht = 0 }\nnormenkader n "N" { norm 1 "Een" }\n')
    assert [d.code for d in result.diagnostics] == ["RN206"]
    assert [d.code for d in check_text("").diagnostics] == ["RN206", "RN208"]


def test_a_library_used_as_a_framework_is_rn040(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(ROOT)
    with pytest.raises(FrameworkError) as raised:
        compile_file(LIBRARY)
    [diagnostic] = raised.value.diagnostics
    golden(ROOT / "tests" / "golden" / "library" / "compiled.expected", render_full(diagnostic, check_file(LIBRARY).sources) + "\n")
    assert main(["evaluate", LIBRARY, str(EXAMPLES / "jeugdhulp.evidence.yaml")]) == 1
    assert "error[RN040]" in capsys.readouterr().err
    assert main(["check", LIBRARY, "--evidence", str(EXAMPLES / "jeugdhulp.evidence.yaml"), "--format", "short"]) == 1
    assert f"{LIBRARY}:1:1: error[RN040]: `{LIBRARY}` is a library of shared declarations" in capsys.readouterr().out


@pytest.mark.parametrize("style", ["text", "short", "json"])
def test_check_writes_its_report_to_standard_output(style: str) -> None:
    done = subprocess.run([sys.executable, "-m", "regienorm", "check", "tests/golden/errors/unknown_rule.norm", "--format", style],
                          capture_output=True, text=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT / "src"), "PATH": ""})
    assert done.returncode == 1 and done.stderr == ""
    if style == "json":
        assert json.loads(done.stdout)[0]["code"] == "RN201"
    else:
        assert "RN201" in done.stdout
    if style != "json":
        assert done.stdout.rstrip().endswith("1 file(s) checked: 1 error(s), 0 warning(s)")
