"""Shared test helpers. Golden files are regenerated with REGIENORM_UPDATE_GOLDEN=1 and reviewed in the diff."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

# CI runs the same examples every time (a red CI must mean a change broke something); developers'
# runs draw new ones, so the fuzz properties keep finding bugs locally.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "frameworks" / "examples"
CASEBOOK = ROOT / "frameworks" / "rekenkamer-amsterdam-2013"
UPDATE = os.environ.get("REGIENORM_UPDATE_GOLDEN") == "1"

#: every framework in the repository with evidence beside it: several scales, fractional and
#: shared points, outcome categories, trees, profiles, decisions, the cookbook
BUNDLED = [(norm, evidence) for folder in ("frameworks", "tests/golden/scales", "tests/golden/categories")
           for norm in sorted((ROOT / folder).glob("**/*.norm")) if norm.stem != "with-gap"
           for evidence in sorted([*norm.parent.glob("*.evidence.yaml"), *norm.parent.glob("evidence/*.yaml")])]
BUNDLED_IDS = [f"{n.parent.name}/{n.stem}/{e.stem}" for n, e in BUNDLED]


def bundled(norm: Path, evidence: Path) -> tuple[Any, Any]:
    """One of :data:`BUNDLED` compiled and loaded; the test skipped where the evidence is made for
    another framework of the folder, or is wrong on purpose."""
    from regienorm import EvidenceError, FrameworkError, compile_file, load_evidence

    try:
        framework = compile_file(norm)
        return framework, load_evidence(evidence, framework)
    except (FrameworkError, EvidenceError):
        pytest.skip("evidence made for another framework of the folder, or wrong on purpose")


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The command line caches compiled frameworks (regienorm.compiler.cache): in the tests, not in ~/.cache."""
    os.environ["REGIENORM_CACHE_DIR"] = str(tmp_path_factory.mktemp("regienorm-cache"))


@pytest.fixture(autouse=True)
def _run_from_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Paths in messages are relative to the working folder: pin it so golden files are stable."""
    monkeypatch.chdir(ROOT)


@pytest.fixture(autouse=True)
def _english_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line speaks the environment's language (regienorm.i18n): English in the tests,
    whatever the locale of the machine running them, unless a test asks for Dutch."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if os.environ.get(name, "").lower().startswith("nl"):
            monkeypatch.delenv(name)


def golden(path: Path, actual: str) -> None:
    """Compare with a golden file, or write it when REGIENORM_UPDATE_GOLDEN=1."""
    if UPDATE or not path.exists():
        if not UPDATE:
            pytest.fail(f"golden file {path} is missing; run with REGIENORM_UPDATE_GOLDEN=1 and review it")
        path.write_text(actual, encoding="utf-8")
        return
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"output differs from {path.relative_to(ROOT)} (REGIENORM_UPDATE_GOLDEN=1 to regenerate)"
