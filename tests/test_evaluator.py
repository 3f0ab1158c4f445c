"""The evaluator on the example framework: levels, groups, measures, overrides, reconciliation."""

from __future__ import annotations

import json

import pytest

from regienorm import Status, compile_file, evaluate, explain, load_evidence
from regienorm.render import json as render_json
from regienorm.render import text as render_text
from regienorm.render.titles import Titles

from .conftest import EXAMPLES, golden

FRAMEWORK = "frameworks/examples/jeugdhulp.norm"
EVIDENCE = "frameworks/examples/jeugdhulp.evidence.yaml"


@pytest.fixture(scope="module")
def assessment():  # type: ignore[no-untyped-def]
    framework = compile_file(EXAMPLES / "jeugdhulp.norm")
    return evaluate(framework, load_evidence(EXAMPLES / "jeugdhulp.evidence.yaml", framework))


def test_aspect_to_norm_by_the_normenkader_default(assessment) -> None:  # type: ignore[no-untyped-def]
    j = assessment.get("gemeente", "opzet.1")
    assert (j.verdict, j.rule) == ("+", "aandeel")
    assert "2+1 = 3 of 4 points = 0.75" in [r.text for r in j.reasons if r.kind == "arithmetic"][0]


def test_alias_in_a_finding_is_the_scale_symbol(assessment) -> None:  # type: ignore[no-untyped-def]
    j = assessment.get("gemeente", "opzet.1.b")
    assert j.verdict == "+/-"
    assert "printed as -/+" in j.reasons[0].text


def test_finding_reason_carries_note_and_sources(assessment) -> None:  # type: ignore[no-untyped-def]
    j = assessment.get("gemeente", "opzet.1.a")
    finding = j.reasons[0]
    assert finding.kind == "finding"
    data = dict(finding.data)
    assert data["sources"][0]["document"] == "Convenant jeugdhulp 2023"
    assert data["at"].line == 21


def test_norm_for_other_role_is_not_applicable(assessment) -> None:  # type: ignore[no-untyped-def]
    j = assessment.get("gemeente", "opzet.3")
    assert j.status is Status.NOT_APPLICABLE and j.verdict is None
    assert "role `wijkteam`" in j.reasons[0].text


def test_not_assessed_propagates_through_worst(assessment) -> None:  # type: ignore[no-untyped-def]
    j = assessment.get("zuid", "opzet.3")
    assert j.status is Status.NOT_ASSESSED
    assert any(r.kind == "policy" and "propagate" in r.text for r in j.reasons)


def test_override_replaces_but_keeps_the_computed_verdict(assessment) -> None:  # type: ignore[no-untyped-def]
    j = assessment.get("zuid", "opzet.4")
    assert (j.verdict, j.computed) == ("-", "+/-")
    override = [r for r in j.reasons if r.kind == "override"][0]
    assert "replaces the computed +/-" in override.text
    assert j.overridden


def test_group_is_judged_across_its_members(assessment) -> None:  # type: ignore[no-untyped-def]
    j = assessment.get("wijkteams", "opzet.1")
    assert j.rule == "puntentelling"
    assert [r.text for r in j.reasons if r.kind == "arithmetic"] == ["2+2+0 = 4 points; band 4..6 -> +/-"]
    # two recorded verdicts for one cell: one agrees, one does not
    assert [r.verdict for r in j.recorded] == ["+/-", "-"]
    assert j.agrees is False


def test_group_without_across_rule_is_judged_on_its_own_evidence(assessment) -> None:  # type: ignore[no-untyped-def]
    j = assessment.get("wijkteams", "uitvoering.2")
    assert j.verdict == "+/-" and j.reasons[0].kind == "finding"


def test_measure_rule_by_entity(assessment) -> None:  # type: ignore[no-untyped-def]
    # members' means: noord (72.5+45.5)/2 = 59, zuid 45, gemeente 63 -> 1 of 3 below 50
    j = assessment.get("wijkteams", "uitvoering.1")
    arithmetic = [r.text for r in j.reasons if r.kind == "arithmetic"][0]
    assert "share(mean(value) < 50 by entity) = 1/3" in arithmetic
    assert "all(value >= 60) = false" in arithmetic
    assert j.verdict == "+/-"
    assert len([r for r in j.reasons if r.kind == "measure"]) == 8
    assert assessment.get("zuid", "uitvoering.1").verdict == "-"


def test_reconciliation(assessment) -> None:  # type: ignore[no-untyped-def]
    assert assessment.get("noord", "opzet").agrees is True
    assert assessment.get("noord", "opzet.1").agrees is None
    differing = {(j.entity, j.target) for j in assessment.disagreements()}
    assert differing == {("gemeente", "opzet.1"), ("gemeente", "resultaten"), ("wijkteams", "opzet.1")}


def test_every_record_is_accounted_for(assessment) -> None:  # type: ignore[no-untyped-def]
    counts = assessment.counts.to_json()
    assert counts == {
        "findings": {"read": 35, "used": 35},
        "measures": {"read": 8, "used": 8},
        "recorded": {"read": 6, "used": 6},
        "overrides": {"read": 1, "used": 1, "judgements": 1},
    }


def test_every_entity_gets_every_target(assessment) -> None:  # type: ignore[no-untyped-def]
    framework = compile_file(EXAMPLES / "jeugdhulp.norm")
    targets = framework.targets()
    noord = {j.target for j in assessment if j.entity == "noord"}
    decisions = {d.id for d in framework.decisions}
    assert noord == {t for t in targets if not t.startswith("resultaten")} | decisions


def test_reasons_off_gives_the_same_verdicts() -> None:
    framework = compile_file(EXAMPLES / "jeugdhulp.norm")
    evidence = load_evidence(EXAMPLES / "jeugdhulp.evidence.yaml", framework)
    full = evaluate(framework, evidence)
    lean = evaluate(framework, evidence, reasons=False)
    assert [(j.entity, j.target, j.status, j.verdict) for j in full] == [
        (j.entity, j.target, j.status, j.verdict) for j in lean
    ]
    assert all(not j.reasons for j in lean)


def test_golden_text_json_and_explain(assessment) -> None:  # type: ignore[no-untyped-def]
    framework = compile_file(FRAMEWORK)
    a = evaluate(framework, load_evidence(EVIDENCE, framework))
    titles = {nk.id: nk.title for nk in framework.normenkaders}
    titles.update({f"{nk.id}.{n.id}": n.title for nk in framework.normenkaders for n in nk.norms})
    from .conftest import ROOT

    folder = ROOT / "tests" / "golden" / "evaluate"
    golden(folder / "jeugdhulp.txt", render_text.render([(EVIDENCE, a)], titles))
    document = render_json.render([(EVIDENCE, a)], Titles.of_framework(framework))
    golden(folder / "jeugdhulp.json", document)
    golden(folder / "jeugdhulp.explain.txt", explain(a, "wijkteams", "opzet") + "\n")
    parsed = json.loads(document)
    assert parsed["format"] == "regienorm-assessment/1"
    assert parsed["framework"] == {"id": "jeugdhulp", "version": "1.0", "title": "Regie op jeugdhulp (voorbeeld)"}
    first = parsed["judgements"][0]
    assert {"entity", "target", "verdict", "status", "reasons", "recorded", "agrees"} <= set(first)


def test_inline_rules_are_named_by_place_not_by_line() -> None:
    from regienorm import compile_text

    text = ('framework t "T" version "1"\nscale s { "+" goed = 2; "-" slecht = 0 }\n'
            'normenkader k "K" {\n  total by worst\n  norm 1 "x" { verdict by best; aspect a "A" }\n}\n')
    framework = compile_text(text)
    moved = compile_text(text.replace("normenkader", "\n\n\nnormenkader"))
    nk = framework.normenkaders[0]
    assert nk.total is not None and nk.total.id == "k total (inline)"
    assert nk.norms[0].verdict.rule.id == "k.1 (inline)"  # type: ignore[union-attr]
    assert framework == moved
