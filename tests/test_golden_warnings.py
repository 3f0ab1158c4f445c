"""Diagnostics that do not stop a run, pinned like the errors: evidence that loads with warnings
(tests/golden/evidence-warnings/NAME.yaml beside NAME.expected, against the example framework),
and a casebook manifest's refusals (tests/golden/casebook/NAME/casebook.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest

from regienorm import RegienormError, compile_file, load_evidence, render_full
from regienorm.cli import casebook_paths
from regienorm.files import decode

from .conftest import EXAMPLES, ROOT, golden

WARNINGS = sorted((ROOT / "tests" / "golden" / "evidence-warnings").glob("*.yaml"))
MANIFESTS = sorted((ROOT / "tests" / "golden" / "casebook").glob("*/casebook.yaml"))


@pytest.mark.parametrize("case", WARNINGS, ids=[c.name for c in WARNINGS])
def test_evidence_warning(case: Path) -> None:
    framework = compile_file((EXAMPLES / "jeugdhulp.norm").relative_to(ROOT))
    relative = case.relative_to(ROOT)
    evidence = load_evidence(relative, framework)
    assert evidence.warnings and all(not d.is_error for d in evidence.warnings)
    source = {str(relative): decode(case.read_bytes(), str(relative))}
    golden(case.with_name(case.name + ".expected"), "\n\n".join(render_full(d, source) for d in evidence.warnings) + "\n")


@pytest.mark.parametrize("case", MANIFESTS, ids=[c.parent.name for c in MANIFESTS])
def test_casebook_manifest_error(case: Path) -> None:
    relative = case.relative_to(ROOT)
    with pytest.raises(RegienormError) as caught:
        casebook_paths(relative)
    source = {str(relative): decode(case.read_bytes(), str(relative))}
    rendered = "\n\n".join(render_full(d, source) for d in caught.value.diagnostics) + "\n"
    golden(case.with_name("expected"), rendered)


def test_every_warning_and_manifest_code_is_documented() -> None:
    docs = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    for case in [*WARNINGS, *MANIFESTS]:
        assert case.with_name(case.name + ".expected" if case in WARNINGS else "expected").exists()
    for code in ("RN214", "RN507", "RN628", "RN629"):
        assert f"## {code}" in docs, code


def test_missing_inputs_warnings() -> None:
    """RN651 (a finding), RN652 (measure values) and RN653 (a named input) as check --evidence
    shows them: on the example evidence, which leaves some out on purpose, and on one that lacks
    measure values."""
    from regienorm.evidence.expected import missing_diagnostics

    framework = compile_file((EXAMPLES / "jeugdhulp.norm").relative_to(ROOT))
    rendered = []
    for relative in (Path("frameworks/examples/jeugdhulp.evidence.yaml"),
                     Path("tests/golden/evidence-missing/no_measure_values.yaml")):
        evidence = load_evidence(relative, framework)
        source = {str(relative): decode((ROOT / relative).read_bytes(), str(relative))}
        rendered += [render_full(d, source) for d in missing_diagnostics(framework, evidence)]
    codes = {line.split("]")[0].split("[")[1] for line in rendered}
    assert codes == {"RN651", "RN652", "RN653"}
    golden(ROOT / "tests" / "golden" / "evidence-missing" / "missing.expected", "\n\n".join(rendered) + "\n")
