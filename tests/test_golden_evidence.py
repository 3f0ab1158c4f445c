"""Every evidence error pinned: tests/golden/evidence/NAME.{yaml,json} beside NAME.expected,
checked against the example framework."""

from __future__ import annotations

from pathlib import Path

import pytest

from regienorm import EvidenceError, compile_file, load_evidence, render_full
from regienorm.files import decode

from .conftest import EXAMPLES, ROOT, golden

CASES = sorted(p for p in (ROOT / "tests" / "golden" / "evidence").iterdir() if p.suffix in (".yaml", ".json", ".csv", ".jsonl"))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_evidence_error(case: Path) -> None:
    framework = compile_file((EXAMPLES / "jeugdhulp.norm").relative_to(ROOT))
    relative = case.relative_to(ROOT)
    with pytest.raises(EvidenceError) as caught:
        load_evidence(relative, framework)
    diagnostics = caught.value.diagnostics
    assert diagnostics and all(d.span is not None and d.span.path == str(relative) for d in diagnostics)
    source = {str(relative): decode(case.read_bytes(), str(relative))}
    rendered = "\n\n".join(render_full(d, source) for d in diagnostics) + "\n"
    golden(case.with_name(case.name + ".expected"), rendered)


def test_every_evidence_code_is_documented() -> None:
    docs = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    framework = compile_file(EXAMPLES / "jeugdhulp.norm")
    for case in CASES:
        with pytest.raises(EvidenceError) as caught:
            load_evidence(case, framework)
        for d in caught.value.diagnostics:
            assert f"## {d.code}" in docs, d.code


#: Published lists and records (`recorded:` values of decision tables), against the DMN cookbook's
#: frameworks: tests/golden/evidence-values/FOLDER_NAME.yaml is checked against dmn/FOLDER/.
VALUE_CASES = sorted((ROOT / "tests" / "golden" / "evidence-values").glob("*.yaml"))


@pytest.mark.parametrize("case", VALUE_CASES, ids=[c.name for c in VALUE_CASES])
def test_published_list_and_record_errors(case: Path) -> None:
    folder = ROOT / "frameworks" / "cookbook" / "dmn" / case.name.split("_")[0]
    framework = compile_file(next(folder.glob("*.norm")).relative_to(ROOT))
    relative = case.relative_to(ROOT)
    with pytest.raises(EvidenceError) as caught:
        load_evidence(relative, framework)
    diagnostics = caught.value.diagnostics
    assert diagnostics and all(d.span is not None and d.span.path == str(relative) for d in diagnostics)
    docs = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    assert all(f"## {d.code}" in docs for d in diagnostics)
    source = {str(relative): decode(case.read_bytes(), str(relative))}
    rendered = "\n\n".join(render_full(d, source) for d in diagnostics) + "\n"
    golden(case.with_name(case.name + ".expected"), rendered)
