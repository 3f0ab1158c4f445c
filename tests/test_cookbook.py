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


def test_cvss_base_scores_equal_the_published_ones() -> None:
    here = COOKBOOK / "cvss-3.1"
    published = yaml.safe_load((here / "published.yaml").read_text(encoding="utf-8"))["scores"]
    values = _values(here / "cvss31.norm", here / "examples.evidence.yaml")
    assert len(published) >= 8
    for cve, want in published.items():
        assert values[(cve, "base_score")] == Fraction(str(want["base_score"])), cve
        assert values[(cve, "severity")] == want["severity"], cve


def test_owasp_worked_example_equals_the_published_one() -> None:
    here = COOKBOOK / "owasp-risk-rating"
    published = yaml.safe_load((here / "published.yaml").read_text(encoding="utf-8"))["values"]
    values = _values(here / "owasp.norm", here / "example.evidence.yaml")
    for entity, wants in published.items():
        for target, want in wants.items():
            expected = Fraction(str(want)) if isinstance(want, (int, float)) else want
            assert values[(entity, target)] == expected, (entity, target)


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
