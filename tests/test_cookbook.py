"""The cookbook: frameworks written from public standards, each evaluated on evidence built from
the standard's published examples and every computed value compared with the published one."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs
import pytest
import yaml

from regienorm import check_file, compile_file, evaluate, ir, load_evidence
from regienorm.judgement import Status
from regienorm.semantics.decisions import SCALE_KEY, Uncovered, parts_key
from regienorm.semantics.decisions import evaluate as decision_value
from regienorm.semantics.rules import Input
from regienorm.values import Record

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


#: The frameworks of the cookbook that `check` must find clean: all but those written to show a defect.
CLEAN = sorted(p for p in COOKBOOK.rglob("*.norm") if p.name != "with-gap.norm")


@pytest.mark.parametrize("norm", CLEAN, ids=lambda p: str(p.parent.relative_to(COOKBOOK)))
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
    """Without rounding (with-gap.norm), 62.5 % (5 of 8 points, two statements assessed) falls
    between the bands ending at 62 and starting at 63: check says so, with the parts that give it,
    and those parts really give a percentage no band holds."""
    here = COOKBOOK / "percentage-rating"
    result = check_file((here / "with-gap.norm").relative_to(ROOT))
    assert [d.code for d in result.diagnostics] == ["RN706"]
    gap = result.diagnostics[0]
    assert gap.is_error and gap.message == ("safe_percentage can be 62.5, which falls between the band "
                                            "ending at 62 and the band starting at 63")
    assert gap.notes[0] == "for example with 2 parts of `safe` judged, with points 4, 1"
    # the corrected framework, given those two parts, gives 63 (rounded half up) and "good"
    framework = compile_file((here / "rating.norm").relative_to(ROOT))
    env = {parts_key("safe"): [Input("safe.a", Status.JUDGED, "4", 4), Input("safe.b", Status.JUDGED, "1", 1)],
           SCALE_KEY: framework.scale}
    by_id = {d.id: d for d in framework.decisions}
    unrounded = by_id["safe_percentage"].expr
    assert isinstance(unrounded, ir.If) and isinstance(unrounded.otherwise, ir.Round)
    assert decision_value(unrounded.otherwise.operand, env) == Fraction(125, 2)
    env["safe_percentage"] = decision_value(unrounded, env)
    assert env["safe_percentage"] == 63 and decision_value(by_id["safe_rating"].expr, env) == "good"
    with pytest.raises(Uncovered):
        decision_value(by_id["safe_rating"].expr, {**env, "safe_percentage": Fraction(125, 2)})


def test_the_percentage_rating_as_scores_gives_the_same_figures() -> None:
    """as-scores.norm writes the rating as two scores of the normenkader, whose bands check proves
    against every percentage the scores can take (it checks clean above)."""
    here = COOKBOOK / "percentage-rating"
    expected = yaml.safe_load((here / "expected.yaml").read_text(encoding="utf-8"))
    assessment = _reconciled(here / "as-scores.norm", here / "services.evidence.yaml")
    got = {(j.entity, j.target): j.value for j in assessment if j.level == "score"}
    for service, want in expected.items():
        assert got[(service, "safe:percentage")] == want["percentage"], service
        assert got[(service, "safe:rating")] == want["rating"], service


def test_the_cookbook_readme_gives_each_frameworks_line_count() -> None:
    """The counts in frameworks/cookbook/README.md are those of the files (lines that are not blank
    and not comments), so they cannot drift."""
    readme = (COOKBOOK / "README.md").read_text(encoding="utf-8")
    for norm in sorted(COOKBOOK.rglob("*.norm")):
        lines = [t for t in (line.strip() for line in norm.read_text(encoding="utf-8").splitlines())
                 if t and not t.startswith("#")]
        folder = norm.parent.relative_to(COOKBOOK).as_posix()
        rows = readme.splitlines()  # a file's own row (a profile beside its base, a framework with a gap), else its folder's
        row = next((r for r in rows if r.startswith(f"| `{folder}/{norm.name}`")), None) or \
            next(r for r in rows if r.startswith(f"| `{folder}/`"))
        assert row.split("|")[3].strip() == str(len(lines)), (norm, len(lines))


# ------------------------------------------------------------------------------------ DMN
DMN = sorted({p.parent for p in (COOKBOOK / "dmn").glob("*/*.evidence.yaml")})


def _expected_value(raw: Any) -> Any:
    """A result as `expected.yaml` (or a `recorded:` value) writes it, as regienorm holds it: a
    number exactly, a row of several outputs as a record, a list as a tuple."""
    if isinstance(raw, bool) or isinstance(raw, str):
        return raw
    if isinstance(raw, (int, float)):
        return Fraction(str(raw))
    if isinstance(raw, dict):
        return Record(tuple((k, _expected_value(v)) for k, v in raw.items()))
    assert isinstance(raw, list)
    return tuple(_expected_value(v) for v in raw)


def _expected(folder: Path, evidence: Path) -> dict[str, dict[str, Any]]:
    """The results the TCK (or the hand-worked cases) expect, by decision and entity: from
    `expected.yaml` where the folder has one (it expects no value or an error somewhere, which a
    report cannot print), else the values recorded in the evidence, read here as plain YAML."""
    if (folder / "expected.yaml").is_file():
        return yaml.safe_load((folder / "expected.yaml").read_text(encoding="utf-8"))
    out: dict[str, dict[str, Any]] = {}
    for record in yaml.safe_load(evidence.read_text(encoding="utf-8"))["recorded"]:
        out.setdefault(record["target"], {})[record["entity"]] = record["value"]
    return out


@pytest.mark.parametrize("folder", DMN, ids=lambda p: p.name)
def test_dmn_tables_give_the_tck_results(folder: Path) -> None:
    """Every result the DMN TCK (or the hand-worked cases) expects: values, lists, records, and no
    value; each decision of the framework is compared for each entity. Where the evidence records
    them (`recorded:`), the reconciliation finds every one agreeing, item by item and field by field."""
    norm = next(p for p in folder.glob("*.norm") if p.name != "with-gap.norm")
    evidence = next(folder.glob("*.evidence.yaml"))
    framework = compile_file(norm.relative_to(ROOT))
    assessment = evaluate(framework, load_evidence(evidence.relative_to(ROOT), framework))
    expected = _expected(folder, evidence)
    compared = 0
    for decision, by_entity in expected.items():
        for entity, want in by_entity.items():
            got = assessment.get(entity, decision)
            reasons = [r.text for r in got.reasons]
            if want == "no value":
                assert got.status is Status.NOT_ASSESSED and got.value is None, (entity, decision, reasons)
            elif want == "error":
                assert got.status is Status.ERROR and got.value is None, (entity, decision, reasons)
            else:
                assert got.status is Status.JUDGED, (entity, decision, reasons)
                assert got.value == _expected_value(want), (entity, decision, got.value, want)
            compared += 1
    assert compared >= 4 and {d.id for d in framework.decisions} == set(expected)
    summary = assessment.reconciliation()
    if not (folder / "expected.yaml").is_file():
        assert summary.printed == compared and summary.computed.agree == compared


def test_a_published_list_that_differs_is_shown_item_by_item() -> None:
    """The rule-order TCK case with its first result's Rate changed and a third row added: the
    reconciliation says it differs, how many items agree, and which item and field differ."""
    from regienorm.render.json import judgement_to_json
    from regienorm.render.text import render_reconciliation

    folder = COOKBOOK / "dmn" / "rule-order"
    framework = compile_file((folder / "approval.norm").relative_to(ROOT))
    evidence = load_evidence((folder / "tck.evidence.yaml").relative_to(ROOT), framework)
    changed = Record((("Status", "Approved"), ("Rate", "Standard")))
    recorded = tuple(attrs.evolve(r, value=(changed, *r.value[1:], changed)) if r.entity == "case_001" else r
                     for r in evidence.recorded)
    assessment = evaluate(framework, attrs.evolve(evidence, recorded=recorded))
    summary = assessment.reconciliation()
    assert summary.printed == 4 and summary.computed.agree == 3
    lines = render_reconciliation(assessment)
    at = next(n for n, line in enumerate(lines) if line.startswith("- case_001 approval"))
    assert lines[at + 1:at + 4] == ['    1 of 3 items agree', '    item 1, Rate: printed "Standard"; computed "Best"',
                                    '    item 3: printed {Status: "Approved", Rate: "Standard"}; not computed']
    judged = judgement_to_json(assessment.get("case_001", "approval"))
    assert [d["path"] for d in judged["recorded"][0]["differences"]] == [[1, "Rate"], [3]]
    assert judged["recorded"][0]["differences"][1]["computed"] is None


def test_the_lending_chain_with_a_gap_is_refused_at_the_reachable_total() -> None:
    """Whole-number bands that leave out 91 and 120: 91 is a total an existing customer can score
    (50, single, student), 120 no applicant can, so only 91 is reported, with inputs that give it."""
    result = check_file((COOKBOOK / "dmn" / "lending" / "with-gap.norm").relative_to(ROOT))
    assert [d.code for d in result.diagnostics] == ["RN736"]
    gap = result.diagnostics[0]
    assert gap.is_error and "application_risk_score = 91" in gap.message and "ExistingCustomer = true" in gap.message
    assert any("Age = 50" in n and "STUDENT" in n for n in gap.notes)


def test_cqc_ratings_principles_with_two_scales() -> None:
    """Findings on the regulations are met/breach, the key questions are rated outstanding …
    inadequate; the overall rating of eight locations, worked by hand from the principles, is
    recorded in the evidence and every one agrees."""
    here = COOKBOOK / "cqc-ratings-principles"
    assessment = _reconciled(here / "principles.norm", here / "locations.evidence.yaml")
    summary = assessment.reconciliation()
    assert summary.printed == 8 and summary.computed.agree == 8 and summary.given.count == 0
    framework = compile_file((here / "principles.norm").relative_to(ROOT))
    assert [s.name for s in framework.scales] == ["rating", "regulation"]
    regulations = assessment.get("loc_b", "location.regulations")
    assert regulations is not None and regulations.verdict == "requires improvement"  # a breach limits the rating


def test_what_would_change_searches_each_finding_on_its_own_scale() -> None:
    from regienorm.counterfactual import what_would_change

    here = COOKBOOK / "cqc-ratings-principles"
    framework = compile_file((here / "principles.norm").relative_to(ROOT))
    assessment = _reconciled(here / "principles.norm", here / "locations.evidence.yaml")
    answer = what_would_change(framework, assessment, "loc_b", "location")
    assert answer.up.size == 1 and [(c.target, c.before, c.after) for plan in answer.up.sets for c in plan.changes] == [
        ("location.regulations.governance", "breach", "met")]
    assert answer.down.size == 2 and answer.exact
    assert all(c.after == "inadequate" for plan in answer.down.sets for c in plan.changes)
