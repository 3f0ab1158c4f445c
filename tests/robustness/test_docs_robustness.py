"""docs/robustness.md names a test for every protection: each name must be a test that exists."""

from __future__ import annotations

import ast
import re
from pathlib import Path

HERE = Path(__file__).parent
DOC = HERE.parents[1] / "docs" / "robustness.md"


def _tests_in(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")}


def test_every_test_the_robustness_doc_names_exists() -> None:
    text = DOC.read_text(encoding="utf-8")
    named: list[tuple[str, str]] = []
    for cell in re.findall(r"`([^`]*::test_\w+)`", text):
        file, test = cell.split("::")
        if file:
            current = file
        named.append((current, test))
    assert len(named) > 60
    missing = [f"{file}::{test}" for file, test in named if test not in _tests_in(HERE / file)]
    assert not missing, missing


def test_every_robustness_test_file_is_in_the_doc() -> None:
    text = DOC.read_text(encoding="utf-8")
    files = sorted(p.name for p in HERE.glob("test_*.py") if p.name != Path(__file__).name)
    assert [f for f in files if f not in text] == []
