"""The cookbook: frameworks written from public standards, each evaluated on evidence built from
the standard's published examples and every computed value compared with the published one."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import yaml

from regienorm import check_file, compile_file, evaluate, load_evidence
from regienorm.judgement import Status

from .conftest import ROOT

COOKBOOK = ROOT / "frameworks" / "cookbook"


def _values(norm: Path, evidence: Path) -> dict[tuple[str, str], Any]:
    framework = compile_file(norm.relative_to(ROOT))
    assessment = evaluate(framework, load_evidence(evidence.relative_to(ROOT), framework))
    out = {}
    for j in assessment:
        if j.level == "decision":
            assert j.status is Status.JUDGED, (j.entity, j.target, [r.text for r in j.reasons])
            out[(j.entity, j.target)] = j.value
    return out


@pytest.mark.parametrize("norm", sorted(COOKBOOK.glob("*/*.norm")), ids=lambda p: p.parent.name)
def test_every_cookbook_framework_checks_clean(norm: Path) -> None:
    result = check_file(norm.relative_to(ROOT))
    assert result.framework is not None and not result.diagnostics, [d.message for d in result.diagnostics]


def _reconciled(norm: Path, evidence: Path) -> Any:
    framework = compile_file(norm.relative_to(ROOT))
    return evaluate(framework, load_evidence(evidence.relative_to(ROOT), framework))


def test_cvss_base_scores_equal_the_published_ones() -> None:
    """Twelve of the vectors FIRST scores in its examples document: the base score and severity
    published for each are recorded in the evidence, and every one agrees exactly."""
    here = COOKBOOK / "cvss-3.1"
    assessment = _reconciled(here / "cvss31.norm", here / "examples.evidence.yaml")
    summary = assessment.reconciliation()
    assert summary.printed == 24 and summary.computed.agree == 24 and summary.given.count == 0
    scored = {j.entity for j in assessment if j.target == "base_score" and j.recorded}
    assert len(scored) >= 8


def test_owasp_worked_example_equals_the_published_one() -> None:
    here = COOKBOOK / "owasp-risk-rating"
    assessment = _reconciled(here / "owasp.norm", here / "example.evidence.yaml")
    summary = assessment.reconciliation()
    assert summary.printed == 8 and summary.computed.agree == 8
    assert assessment.get("example", "likelihood").value == Fraction(35, 8)


def test_percentage_rating_with_a_variable_denominator() -> None:
    here = COOKBOOK / "percentage-rating"
    expected = yaml.safe_load((here / "expected.yaml").read_text(encoding="utf-8"))
    values = _values(here / "rating.norm", here / "services.evidence.yaml")
    for service, want in expected.items():
        assert values[(service, "safe_percentage")] == want["percentage"], service
        assert values[(service, "safe_rating")] == want["rating"], service


def test_the_unrounded_percentage_rating_has_the_gap_reported() -> None:
    """Without rounding, 62.5 % (5 of 8 points) falls between the bands ending at 62 and starting
    at 63: check says so, with the parts that give it."""
    result = check_file(Path("tests/golden/errors/decision_percentage_gap.norm"))
    gaps = [d for d in result.diagnostics if d.code == "RN706"]
    assert gaps and gaps[0].is_error
    assert "62.5" in gaps[0].message and "ending at 62" in gaps[0].message and "starting at 63" in gaps[0].message


def test_the_cookbook_readme_gives_each_frameworks_line_count() -> None:
    """The counts in frameworks/cookbook/README.md are those of the files (lines that are not blank
    and not comments), so they cannot drift."""
    readme = (COOKBOOK / "README.md").read_text(encoding="utf-8")
    for norm in sorted(COOKBOOK.glob("*/*.norm")):
        lines = [t for t in (line.strip() for line in norm.read_text(encoding="utf-8").splitlines())
                 if t and not t.startswith("#")]
        rows = readme.splitlines()  # a file's own row (a profile beside its base), else its folder's
        row = next((r for r in rows if r.startswith(f"| `{norm.parent.name}/{norm.name}`")), None) or \
            next(r for r in rows if r.startswith(f"| `{norm.parent.name}/`"))
        assert row.split("|")[3].strip() == str(len(lines)), (norm, len(lines))
