"""Every diagnostic's full rendering pinned in a golden file: tests/golden/errors/NAME.norm beside NAME.expected."""

from __future__ import annotations

from pathlib import Path

import pytest

from regienorm import check_file, render_full
from regienorm.files import decode

from .conftest import ROOT, golden

CASES = sorted((ROOT / "tests" / "golden" / "errors").glob("*.norm"))


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_error_rendering(case: Path) -> None:
    relative = case.relative_to(ROOT)
    result = check_file(relative)
    assert result.diagnostics, f"{relative} should produce at least one diagnostic"
    sources = {}
    for d in result.diagnostics:
        if d.span is not None and d.span.path not in sources and Path(d.span.path).is_file():
            sources[d.span.path] = decode(Path(d.span.path).read_bytes(), d.span.path)
    rendered = "\n\n".join(render_full(d, sources) for d in result.diagnostics) + "\n"
    golden(case.with_suffix(".expected"), rendered)


def test_every_code_is_documented() -> None:
    docs = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    codes = set()
    for case in CASES:
        for d in check_file(case.relative_to(ROOT)).diagnostics:
            codes.add(d.code)
    missing = sorted(c for c in codes if f"## {c}" not in docs)
    assert not missing, f"codes without a section in docs/errors.md: {missing}"
