"""The command line as a user runs it: exit codes, outputs, atomic writes, the JSON schema."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from regienorm.cli import main

from .conftest import EXAMPLES, ROOT

FRAMEWORK = "frameworks/examples/jeugdhulp.norm"
EVIDENCE = "frameworks/examples/jeugdhulp.evidence.yaml"


def test_check_clean_file_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", FRAMEWORK, "--evidence", EVIDENCE]) == 0
    # the example leaves out four toetsaspect findings and the group's four named inputs on
    # purpose: warned, not an error
    assert "0 error(s), 8 warning(s)" in capsys.readouterr().out
    assert main(["check", FRAMEWORK, "--evidence", EVIDENCE, "--strict"]) == 1


def test_check_bad_file_exits_1_with_located_message(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "tests/golden/errors/unknown_rule.norm", "--format", "short"]) == 1
    err = capsys.readouterr().out
    assert "tests/golden/errors/unknown_rule.norm:5:12: error[RN201]: unknown rule `puntentelingg`" in err


def test_check_json_lists_diagnostics(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "tests/golden/errors/band_gap.norm", "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data[0]["code"] == "RN301" and data[0]["span"]["line"] == 3


def test_check_strict_fails_on_warnings() -> None:
    assert main(["check", "tests/golden/errors/band_unreachable.norm"]) == 0
    assert main(["check", "--strict", "tests/golden/errors/band_unreachable.norm"]) == 1


def test_evaluate_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", FRAMEWORK, EVIDENCE]) == 0
    text = capsys.readouterr().out
    assert "Reconciliation: 6 printed: 0 given as findings; 6 computed: 3 agree, 3 differ." in text
    assert main(["evaluate", FRAMEWORK, EVIDENCE, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["format"] == "regienorm-assessment/1"
    assert main(["evaluate", FRAMEWORK, EVIDENCE, "--fail-on-disagreement"]) == 3


def test_evaluate_bad_evidence_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", FRAMEWORK, "tests/golden/evidence/unknown_entity.yaml"]) == 1
    assert "error[RN630]: unknown entity `nord`" in capsys.readouterr().err
    assert main(["evaluate", FRAMEWORK, "tests/golden/evidence/unknown_entity.yaml", "--format", "json"]) == 1
    errors = json.loads(capsys.readouterr().out)["errors"]
    assert errors[0]["code"] == "RN630" and errors[0]["span"]["line"] == 7


def test_output_is_written_atomically_and_never_over_an_input(tmp_path: Path) -> None:
    out = tmp_path / "result.json"
    assert main(["evaluate", FRAMEWORK, EVIDENCE, "--format", "json", "-o", str(out)]) == 0
    assert json.loads(out.read_text())["format"] == "regienorm-assessment/1"
    assert [p.name for p in tmp_path.iterdir()] == ["result.json"]  # no temporary file left behind
    copy = tmp_path / "evidence.yaml"
    copy.write_bytes((ROOT / EVIDENCE).read_bytes())
    before = copy.read_bytes()
    assert main(["evaluate", FRAMEWORK, str(copy), "-o", str(copy)]) == 1
    assert copy.read_bytes() == before


def test_explain(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", EVIDENCE, "zuid", "opzet.4", "--framework", FRAMEWORK]) == 0
    out = capsys.readouterr().out
    assert "override by Projectleider voorbeeldonderzoek" in out
    assert main(["explain", EVIDENCE, "nobody", "opzet", "--framework", FRAMEWORK]) == 2


def test_console_script_runs_as_a_process() -> None:
    done = subprocess.run([sys.executable, "-m", "regienorm", "check", FRAMEWORK], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr


def test_example_evidence_matches_the_json_schema() -> None:
    schema = json.loads((ROOT / "src" / "regienorm" / "schema" / "evidence.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    document = yaml.safe_load((EXAMPLES / "jeugdhulp.evidence.yaml").read_text(encoding="utf-8"))
    jsonschema.validate(document, schema)
    document["findings"][0]["verdcit"] = "+"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema)
