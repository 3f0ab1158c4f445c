"""The committed casebook files are what the tools generate: the evidence from the report extracts
(tools/casebook/build_evidence.py, which also checks the Bijlage 2 wording of every toetsaspect and
that all 482 symbols and 22 blank cells are accounted for) and the expected disagreements."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from ._casebook import ROOT, SEED, TOOLS


def _run(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    return subprocess.run([sys.executable, str(TOOLS / script), *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(not (SEED / "verdicts.yaml").exists(), reason=f"the report extracts are not at {SEED}")
def test_evidence_files_are_current() -> None:
    proc = _run("build_evidence.py", "--check")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.splitlines() == [
        "risicojongeren.yaml: 162 findings, 206 measures, 235 recorded verdicts, 7 recorded blanks, "
        "0 blank cells left out (target not for the role)",
        "mpg.yaml: 144 findings, 212 measures, 227 recorded verdicts, 15 recorded blanks, "
        "0 blank cells left out (target not for the role)",
        "top600.yaml: 12 findings, 28 measures, 20 recorded verdicts, 0 recorded blanks, "
        "0 blank cells left out (target not for the role)",
    ]


def test_expected_disagreements_file_is_current() -> None:
    proc = _run("expected_disagreements.py", "--check")
    assert proc.returncode == 0, proc.stdout + proc.stderr
