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
