"""Every `regienorm fit` error pinned as the command line prints it: tests/golden/fit/NAME.norm with
NAME.yaml (the evidence) and NAME.args (the arguments after them) beside NAME.expected."""

from __future__ import annotations

import os
import shlex
from pathlib import Path

import pytest

from regienorm.cli import main

from .conftest import ROOT, golden

CASES = sorted((ROOT / "tests" / "golden" / "fit").glob("*.norm"))


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_fit_error(case: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("NO_COLOR", "1")
    args = shlex.split(case.with_suffix(".args").read_text(encoding="utf-8"))
    relative = case.relative_to(ROOT)
    assert main(["fit", str(relative), str(relative.with_suffix(".yaml")), *args]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "Traceback" not in captured.err
    golden(case.with_suffix(".expected"), captured.err.replace(os.sep, "/"))


def test_every_fit_code_is_documented() -> None:
    docs = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    for case in CASES:
        for line in case.with_suffix(".expected").read_text(encoding="utf-8").splitlines():
            if line.startswith("error["):
                assert f"## {line[6:11]}" in docs, line
