"""Trees of any depth, outcome categories and scores: the case corpus (tests/cases/trees.yaml),
and what every way of evaluating gives for a tree."""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from regienorm import compile_text, evaluate, stream
from regienorm.evidence.load import parse_evidence
from regienorm.judgement import Status
from regienorm.language.format import format_source
from regienorm.render.json import render as render_json
from regienorm.source import Source

from .conftest import ROOT

CASES = yaml.safe_load((ROOT / "tests" / "cases" / "trees.yaml").read_text(encoding="utf-8"))
HEADER = """framework t "Trees" version "1"
scale result { "pass" "pass" = 1; "fail" "fail" = 0 }
outcome "fixed" = "pass"
outcome "error" = "fail"
outcome "notchecked" = not_applicable
outcome "unknown" = not_assessed
rule worst_of = worst
"""


def _source(normenkader: str) -> str:
    body = "\n".join("  " + line for line in normenkader.splitlines())
    return HEADER + f'normenkader t "T" {{\n{body}\n}}\n'


def _evidence(findings: dict[str, str]) -> str:
    return yaml.safe_dump({
        "format": "regienorm-evidence/1", "assessment": {"framework": "t", "version": "1"},
        "entities": [{"id": "e"}],
        "findings": [{"entity": "e", "target": f"t.{target}", "verdict": verdict}  # an outcome needs no note
                     for target, verdict in findings.items()]})


def _shown(j: Any) -> str:
    if j.level == "score":
        return "no value" if j.value is None else str(j.value)
    return {Status.NOT_APPLICABLE: "n/a", Status.NOT_ASSESSED: "·"}.get(j.status, j.verdict)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_tree_case(case: dict[str, Any]) -> None:
    framework = compile_text(_source(case["normenkader"]), "case.norm")
    evidence = parse_evidence(_evidence(case["findings"]), "case.evidence.yaml", framework)
    judged = {j.target: j for j in evaluate(framework, evidence)}
    for target, want in case["expect"].items():
        got = _shown(judged[target])
        if judged[target].level == "score" and want != "no value" and not isinstance(judged[target].value, str):
            assert judged[target].value == Fraction(want), (target, [r.text for r in judged[target].reasons])
        else:
            assert got == want, (target, [r.text for r in judged[target].reasons])


def test_every_way_of_evaluating_gives_the_same_tree() -> None:
    """evaluate, stream and stream with two processes give the same groups and scores."""
    here = ROOT / "frameworks" / "cookbook" / "xccdf-scoring"
    framework = compile_text((here / "xccdf.norm").read_text(encoding="utf-8"), "xccdf.norm")
    evidence = parse_evidence((here / "hosts.evidence.yaml").read_text(encoding="utf-8"), "hosts.evidence.yaml", framework)
    whole = evaluate(framework, evidence)
    want = sorted((j.entity, j.target, j.status.value, j.verdict, getattr(j, "value", None)) for j in whole)
    for processes in (None, 2):
        got = sorted((j.entity, j.target, j.status.value, j.verdict, getattr(j, "value", None))
                     for result in stream(framework, evidence, processes=processes) for j in result.judgements)
        assert got == want, processes
    assert any(j.level == "group" for j in whole) and any(j.level == "score" for j in whole)
    document = json.loads(render_json([(None, whole)]))
    scores = [j for j in document["judgements"] if j["level"] == "score"]
    assert {"target": "benchmark:default", "entity": "web01", "kind": "number", "exact": "9325/144"}.items() <= next(
        j for j in scores if j["target"] == "benchmark:default" and j["entity"] == "web01").items()


def test_a_grouped_framework_formats_and_translates_without_changing_its_meaning() -> None:
    text = (ROOT / "frameworks" / "cookbook" / "xccdf-scoring" / "xccdf.norm").read_text(encoding="utf-8")
    dutch = format_source(Source("xccdf.norm", text), "nl")
    assert "groep system" in dutch and "uitkomst" in dutch and "wanneer niets telt" in dutch
    assert compile_text(dutch, "xccdf.nl.norm") == compile_text(text, "xccdf.norm")
    assert format_source(Source("xccdf.nl.norm", dutch), "en") == text


def test_diff_names_a_changed_weight_score_or_outcome_as_the_cause() -> None:
    from regienorm.diff import compare, framework_changes

    here = ROOT / "frameworks" / "cookbook" / "xccdf-scoring"
    text = (here / "xccdf.norm").read_text(encoding="utf-8")
    base = compile_text(text, "xccdf.norm")
    heavier = compile_text(text.replace('norm selinux_enforcing "SELinux is enforcing" weight 4',
                                        'norm selinux_enforcing "SELinux is enforcing" weight 5'), "heavier.norm")
    causes = framework_changes(base, heavier)
    assert [(c.kind, c.subject, c.old, c.new) for c in causes] == [
        ("node weight", "benchmark.system.selinux_enforcing", "weight 4", "weight 5")]
    evidence = parse_evidence((here / "hosts.evidence.yaml").read_text(encoding="utf-8"), "hosts.evidence.yaml", base)
    diff = compare(base, heavier, [("hosts", evaluate(base, evidence), evidence, evaluate(heavier, evidence), evidence)])
    changed = {(c.entity, c.target): c for c in diff.changed}
    assert ("web01", "benchmark:default") in changed and ("web01", "benchmark.services:default") not in changed
    assert all(any(k.kind == "node weight" for k in c.causes) for c in diff.changed)
    lenient = compile_text(text.replace('outcome "error" "the checking engine could not complete the evaluation" = "fail"',
                                        'outcome "error" "the checking engine could not complete the evaluation" = not_applicable'),
                           "lenient.norm")
    assert [(c.kind, c.subject) for c in framework_changes(base, lenient)] == [("outcome", "error")]
    flat = compile_text(text.replace("group = sum(weight * rate of norms)", "group = sum(rate of norms)"), "flat.norm")
    assert [(c.kind, c.subject) for c in framework_changes(base, flat)] == [("score", "benchmark:flat")]


def test_coverage_counts_groups_scores_their_branches_and_outcomes() -> None:
    from regienorm import coverage

    here = ROOT / "frameworks" / "cookbook" / "xccdf-scoring"
    framework = compile_text((here / "xccdf.norm").read_text(encoding="utf-8"), "xccdf.norm")
    evidence = parse_evidence((here / "hosts.evidence.yaml").read_text(encoding="utf-8"), "hosts.evidence.yaml", framework)
    items = {(i.kind, i.subject, i.label): i.hits for i in coverage.measure(framework, [(evaluate(framework, evidence), evidence)]).items}
    assert items[("outcome", "unknown", "the testing tool encountered a problem and the result is not known")] == 1
    assert items[("score", "benchmark:default", "urn:xccdf:scoring:default")] > 0
    # the default model's `a = 0` branch is taken once: db01's logging group
    assert items[("then", "benchmark:default", "if sum(weight of parts) = 0 then 0")] == 1
    only_web01 = parse_evidence((here / "hosts.evidence.yaml").read_text(encoding="utf-8").split("  # db01")[0],
                                "web01.evidence.yaml", framework)
    items = {(i.kind, i.subject, i.label): i.hits
             for i in coverage.measure(framework, [(evaluate(framework, only_web01), only_web01)]).items}
    assert items[("then", "benchmark:default", "if sum(weight of parts) = 0 then 0")] == 0
    assert items[("outcome", "unknown", "the testing tool encountered a problem and the result is not known")] == 0


def test_a_scores_reasons_show_what_it_read_of_every_part() -> None:
    framework = compile_text(_source("""group g "G" weight 2 { norm a "A" weight 3; norm b "B" }
norm c "C"
score s { norm = 100 * points; group = sum(weight * s of parts) / sum(weight of parts) }"""), "case.norm")
    evidence = parse_evidence(_evidence({"g.a": "pass", "g.b": "fail", "c": "notchecked"}), "case.yaml", framework)
    judged = {j.target: j for j in evaluate(framework, evidence)}
    parts = [r.text for r in judged["t:s"].reasons if r.kind == "part"]
    assert parts == ["t.g: weight 2, s 75"]  # c does not count: it is not a part the aggregates read
    assert [r.text for r in judged["t.g:s"].reasons if r.kind == "part"] == ["t.g.a: weight 3, s 100", "t.g.b: weight 1, s 0"]
    assert any("left out, not counting: t.c" in r.text for r in judged["t:s"].reasons)


def test_a_scores_and_a_decisions_reasons_read_in_dutch() -> None:
    from regienorm.explain import explain

    here = ROOT / "frameworks" / "cookbook" / "xccdf-scoring"
    framework = compile_text((here / "xccdf.norm").read_text(encoding="utf-8"), "xccdf.norm")
    evidence = parse_evidence((here / "hosts.evidence.yaml").read_text(encoding="utf-8"), "hosts.evidence.yaml", framework)
    text = explain(evaluate(framework, evidence), "db01", "benchmark.system.logging:default", language="nl")
    assert "score `default` (urn:xccdf:scoring:default) bij groep `benchmark.system.logging`" in text
    assert "1 onderdeel van `benchmark.system.logging` telt; weggelaten, telt niet: benchmark.system.logging.auditd_enabled" in text
    assert "(over 1 beoordeeld onderdeel)" in text and "als sum(weight of parts) = 0: waar" in text
    kiosk = explain(evaluate(framework, evidence), "kiosk", "benchmark:default", language="nl")
    assert "benchmark:default heeft geen waarde: niets onder `benchmark` telt" in kiosk


def test_a_scores_policy_reads_the_category_a_finding_gave_unless_an_override_changed_it() -> None:
    """`passed` counts "notchecked" as fail and leaves "error" out (frameworks/examples/language/
    outcomes.norm); an override of the norm that was not checked takes its category away, and
    evaluate and stream agree, reasons and all."""
    path = ROOT / "frameworks" / "examples" / "language" / "outcomes.norm"
    framework = compile_text(path.read_text(encoding="utf-8"), str(path))
    findings = [{"entity": "e", "target": f"checks.{n}", "verdict": v} for n, v in ((1, "pass"), (2, "notchecked"), (3, "error"))]
    doc: dict[str, Any] = {"format": "regienorm-evidence/1", "assessment": {"framework": "language_outcomes", "version": "1"},
                           "entities": [{"id": "e"}], "findings": findings}
    plain = parse_evidence(yaml.safe_dump(doc), "e.yaml", framework)
    judged = {j.target: j for j in evaluate(framework, plain)}
    assert judged["checks:passed"].value == 50
    texts = [r.text for r in judged["checks:passed"].reasons]
    assert 'checks.2 is "notchecked"; the score counts "notchecked" as fail (policy `= "fail"`)' in texts
    assert 'checks.3 is "error"; the score leaves "error" out: it does not count (policy `skip`)' in texts
    streamed = {j.target: j for result in stream(framework, plain) for j in result.judgements}
    assert [r.text for r in streamed["checks:passed"].reasons] == texts
    doc["overrides"] = [{"entity": "e", "target": "checks.2", "verdict": "pass", "justification": "checked by hand",
                         "author": "auditor"}]
    overridden = {j.target: j for j in evaluate(framework, parse_evidence(yaml.safe_dump(doc), "e.yaml", framework))}
    assert overridden["checks:passed"].value == 100  # 2 of 2 counted pass: checks.2's category is gone
    assert not any("notchecked" in r.text for r in overridden["checks:passed"].reasons)


_POLICIES = compile_text(_source("""norm a "A"
norm b "B"
norm c "C"
norm d "D"
score strict { on "notchecked" = "fail"; on "error" skip; group = sum(points of norms) * 10 + count(of norms) }
score plain = sum(points of norms) * 10 + count(of norms)"""), "policies.norm")


@given(st.lists(st.sampled_from(["pass", "fail", "error", "notchecked", "fixed"]), min_size=4, max_size=4))
@settings(max_examples=60, deadline=None)
def test_a_scores_policies_read_as_the_findings_they_stand_for(verdicts: list[str]) -> None:
    """A score counting "notchecked" as fail and leaving "error" out gives what the plain score gives
    on the findings so rewritten: a policy is the rewriting, and nothing more."""
    findings = dict(zip("abcd", verdicts, strict=True))
    rewritten = {t: {"notchecked": "fail", "error": "notchecked"}.get(v, v) for t, v in findings.items()}

    def score(name: str, given_: dict[str, str]) -> Any:
        evidence = parse_evidence(_evidence(given_), "e.yaml", _POLICIES)
        return next(j.value for j in evaluate(_POLICIES, evidence) if j.target == f"t:{name}")

    assert score("strict", findings) == score("plain", rewritten)
