"""Several scales in one framework, points that are not whole, values sharing points: the case
corpus (tests/cases/scales.yaml) through the engine, the engine held to the semantics on generated
frameworks (Hypothesis), and the JSON of points that are not whole."""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any

import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from regienorm import compile_text, evaluate
from regienorm.engine.runner import NOT_APPLICABLE_MARK, NOT_ASSESSED_MARK, RuleRunner
from regienorm.evidence.load import parse_evidence
from regienorm.judgement import Status
from regienorm.render.json import render as render_json
from regienorm.semantics.rules import Input, apply_verdict_rule

from .conftest import ROOT

CASES = yaml.safe_load((ROOT / "tests" / "cases" / "scales.yaml").read_text(encoding="utf-8"))
HEADER = """framework t "Scales" version "1"
scale rating { "outstanding" Outstanding = 4; "good" Good = 3; "requires improvement" "Requires improvement" = 2; "inadequate" Inadequate = 1 }
scale finding { "pass" Pass = 1; "fixed" Fixed = 1; "partly" Partly = 1/2; "fail" Fail = 0 }
findings on finding
"""


def _source(case: dict[str, Any]) -> str:
    body = "\n".join("  " + line for line in case["normenkader"].splitlines())
    return HEADER + case.get("declarations", "") + f'normenkader t "T" {{\n{body}\n}}\n'


def _evidence(findings: dict[str, str]) -> str:
    return yaml.safe_dump({
        "format": "regienorm-evidence/1", "assessment": {"framework": "t", "version": "1"}, "entities": [{"id": "e"}],
        "findings": [{"entity": "e", "target": f"t.{target}", "verdict": verdict} for target, verdict in findings.items()]})


def _judged(case: dict[str, Any]) -> dict[str, Any]:
    framework = compile_text(_source(case), "case.norm")
    evidence = parse_evidence(_evidence(case["findings"]), "case.evidence.yaml", framework)
    return {j.target: j for j in evaluate(framework, evidence)}


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_scale_case(case: dict[str, Any]) -> None:
    judged = _judged(case)
    for target, want in case["expect"].items():
        assert judged[target].verdict == want, (target, [r.text for r in judged[target].reasons])
    for target, text in case.get("arithmetic", {}).items():
        arithmetic = [r.text for r in judged[target].reasons if r.kind == "arithmetic"]
        assert arithmetic and text in arithmetic[0], arithmetic


def test_points_that_are_not_whole_are_exact_in_the_json() -> None:
    case = next(c for c in CASES if c["name"] == "points that are not whole are added exactly")
    framework = compile_text(_source(case), "case.norm")
    evidence = parse_evidence(_evidence(case["findings"]), "case.evidence.yaml", framework)
    document = json.loads(render_json([(None, evaluate(framework, evidence))]))
    by_target = {j["target"]: j for j in document["judgements"]}
    assert (by_target["t.a.x"]["points"], by_target["t.a.x"]["points_exact"]) == (0.5, "1/2")
    assert by_target["t.a"]["points"] == 1 and "points_exact" not in by_target["t.a"]  # whole: as before
    inputs = [r for r in by_target["t.a"]["reasons"] if r["kind"] == "input"]
    assert [(r["points"], r.get("points_exact")) for r in inputs] == [(0.5, "1/2"), (0, None), (0.5, "1/2")]


def test_the_compiled_rules_say_which_scales_they_read_and_yield() -> None:
    case = next(c for c in CASES if c["name"].startswith("a share over inputs of two scales"))
    framework = compile_text(_source(case), "case.norm")
    nk = framework.normenkaders[0]
    assert nk.total is not None and nk.total.reads == ("finding", "rating") and nk.total.yields == "rating"
    worst = nk.norms[0].verdict.rule  # type: ignore[union-attr]
    assert (worst.reads, worst.yields) == (("finding",), "finding")
    assert [s.name for s in framework.scales] == ["rating", "finding"] and framework.scale.name == "rating"
    assert framework.scale_of("fixed").name == "finding" and framework.scale_named("finding").rank("pass") == 3  # type: ignore[union-attr]


# ------------------------------------------------------------------------------------ fast == semantics

_POINTS = st.sampled_from([Fraction(0), Fraction(1, 2), Fraction(1), Fraction(3, 2), Fraction(2), Fraction(5, 2), Fraction(3)])


@st.composite
def _scale(draw: st.DrawFn, name: str) -> tuple[str, list[Fraction]]:
    points = sorted(draw(st.lists(_POINTS, min_size=2, max_size=4)), reverse=True)  # best first; equal points allowed
    if points[0] == 0:
        points[0] = Fraction(1)
    text = "; ".join(f'"{name}{n}" v{n} = {p.numerator}/{p.denominator}' for n, p in enumerate(points))
    return f"scale {name} {{ {text} }}", points


_BODIES = [
    '= share of points { from 3/4 -> "r0"; above 1/3 -> "r1"; otherwise -> "r2" }',
    'on not_assessed skip = share of points { from 1/2 -> "r0"; otherwise -> "r2" }',
    '= mean of points { from 3/2 -> "r0"; from 1/2 -> "r1"; otherwise -> "r2" }',
    '= weighted { b = 2 } { from 2/3 -> "r0"; otherwise -> "r1" }',
    '= sum of points { 0..1 -> "r2"; 2..99 -> "r0" }',
]
#: Rules that pick an input's verdict: over one scale only (RN744), by the order declared where points are shared.
_PICKING = ["= worst", "= best", "= majority tie worst", "on not_assessed lowest = worst"]


@settings(max_examples=80, deadline=None)
@given(a=_scale("a"), b=_scale("b"), body=st.sampled_from(_BODIES + _PICKING), two=st.booleans(), data=st.data())
def test_the_runner_equals_the_semantics_over_several_scales_and_fractional_points(
        a: tuple[str, list[Fraction]], b: tuple[str, list[Fraction]], body: str, two: bool, data: st.DataObject) -> None:
    """Over inputs of one or two scales with points that are not whole (and may be shared), the
    engine's runner (with and without reasons, and its kernels by marks) gives what the semantics
    gives for the same inputs, each input on its own scale's maximum."""
    source = (f'framework t "T" version "1"\nscale r {{ "r0" best = 2; "r1" mid = 1; "r2" low = 0 }}\n{a[0]}\n{b[0]}\n'
              f"findings on a\nrule x {body}\nnormenkader t \"T\" {{\n"
              f'  norm a "A" {{ aspect x "x"; verdict by worst }}\n'
              + ('  norm b "B" findings on b { aspect x "x"; verdict by worst }\n' if two else '  norm b "B" { aspect x "x"; verdict by worst }\n')
              + "  total by x\n}\n")
    assume(not (two and body in _PICKING))  # over two scales: RN744
    whole = all(p.denominator == 1 for p in a[1]) and (not two or all(p.denominator == 1 for p in b[1]))
    assume(whole or "sum of points" not in body)  # a sum of points that are not whole: RN748
    framework = compile_text(source, "p.norm")
    rule = framework.normenkaders[0].total
    assert rule is not None
    scales = [framework.scale_named(n) for n in rule.reads]
    symbols = [(v.symbol, v.points, s.max_points) for s in scales for v in s.values]
    choices = st.sampled_from([*symbols, NOT_ASSESSED_MARK, NOT_APPLICABLE_MARK])
    marks = data.draw(st.lists(choices, min_size=0, max_size=6))
    items = [(f"t.{'ab'[n % 2]}", m[0] if isinstance(m, tuple) else m) for n, m in enumerate(marks)]
    several = len(rule.reads) > 1

    def one(label: str, m: Any) -> Input:
        if isinstance(m, tuple):
            return Input(label, Status.JUDGED, m[0], m[1], m[2] if several else None)
        return Input(label, Status.NOT_ASSESSED if m == NOT_ASSESSED_MARK else Status.NOT_APPLICABLE, None, None)

    inputs = [one(label, m) for (label, _), m in zip(items, marks, strict=True)]
    for explain in (True, False):
        runner = RuleRunner(rule, scales[0] if not several else framework.scale, explain, inputs=tuple(scales) if several else ())
        expected = apply_verdict_rule(rule, inputs, scales[0] if not several else framework.scale, explain=explain)
        assert runner.run(items) == (expected.status, expected.symbol, expected.reasons), items
        if not runner.by_label:
            assert runner.decide([m for _, m in items]) == (expected.status, expected.symbol), items


def test_a_finding_on_another_scale_is_an_error_where_it_stands() -> None:
    """RN749: findings of the key questions are on `rating`, of the regulations on `regulation`."""
    from regienorm import EvidenceError, compile_file, load_evidence, render_full
    from regienorm.files import decode

    from .conftest import golden

    framework = compile_file("frameworks/cookbook/cqc-ratings-principles/principles.norm")
    case = ROOT / "tests" / "golden" / "scales" / "finding_on_another_scale.yaml"
    relative = case.relative_to(ROOT)
    with pytest.raises(EvidenceError) as caught:
        load_evidence(relative, framework)
    assert [d.code for d in caught.value.diagnostics] == ["RN749", "RN749"]
    source = {str(relative): decode(case.read_bytes(), str(relative))}
    golden(case.with_name(case.name + ".expected"), "\n\n".join(render_full(d, source) for d in caught.value.diagnostics) + "\n")


def test_an_override_or_recorded_verdict_on_another_scale_is_an_error_where_it_stands() -> None:
    """RN749 for an override of a norm judged by a rule yielding `rating` that gives a value of
    `regulation`, for a waiver of every norm of an entity whose value fits none of them, and for a
    recorded verdict of a group on the wrong scale; a toetsaspect's override on its findings' scale
    passes."""
    from regienorm import EvidenceError, compile_file, load_evidence, render_full
    from regienorm.files import decode

    from .conftest import golden

    framework = compile_file("frameworks/cookbook/cqc-ratings-principles/principles.norm")
    case = ROOT / "tests" / "golden" / "scales" / "override_on_another_scale.yaml"
    relative = case.relative_to(ROOT)
    with pytest.raises(EvidenceError) as caught:
        load_evidence(relative, framework)
    assert [d.code for d in caught.value.diagnostics] == ["RN749", "RN749", "RN749"]
    source = {str(relative): decode(case.read_bytes(), str(relative))}
    golden(case.with_name(case.name + ".expected"), "\n\n".join(render_full(d, source) for d in caught.value.diagnostics) + "\n")


_COMPARED = """framework compared "Verdicts compared on the parts' own scale" version "1"
scale rating { "good" "Good" = 2; "poor" "Poor" = 1 }
scale check { "pass" "Passed" = 1; "fail" "Failed" = 0 }
rule worst_check = worst
normenkader n "N" findings on check {
  norms by worst_check
  norm a "A" { aspect x "x"; aspect y "y" }
  norm b "B"
  score passed = count(verdict = "pass" of norms)
}
decision failed_in_a = count(verdict = "fail" of n.a)
decision passed_in_n = count(verdict = "pass" of n)
"""


def test_a_verdict_compared_in_a_decision_or_score_is_on_the_scale_of_the_parts_it_reads() -> None:
    """Findings and verdicts on `check`, the framework's own scale `rating`: `"pass"` and `"fail"`
    compare by `check`'s points (1 and 0), where `rating` has no such symbols; "fail" = 0 must not
    match a verdict of 1."""
    from regienorm import compile_text, evaluate
    from regienorm.evidence.load import parse_evidence

    framework = compile_text(_COMPARED, "compared.norm")
    assert dict(framework.compared_on) == {"n": "check", "n.a": "check"}
    findings = [("n.a.x", "pass"), ("n.a.y", "fail"), ("n.b", "pass")]
    text = yaml.safe_dump({"format": "regienorm-evidence/1", "assessment": {"framework": "compared", "version": "1"},
                           "entities": [{"id": "e"}],
                           "findings": [{"entity": "e", "target": t, "verdict": v} for t, v in findings]})
    judged = {j.target: j for j in evaluate(framework, parse_evidence(text, "e.yaml", framework))}
    assert judged["failed_in_a"].value == 1
    assert judged["passed_in_n"].value == 1  # n.a is fail (worst of pass, fail), n.b pass
    assert judged["n:passed"].value == 1


_TABLE = """framework mixed_table "A table over verdicts of two scales" version "1"
scale rating {
  "outstanding" Outstanding = 4
  "good" Good = 3
  "requires improvement" "Requires improvement" = 2
  "inadequate" Inadequate = 1
}
scale regulation { "met" "met" = 1; "breach" "a breach" = 0 }
rule overall = table {
  when count(verdict = "breach") >= 1 -> "requires improvement"
  when count(verdict = "inadequate") >= 1 -> "inadequate"
  when count(verdict != "met") = 0 -> "outstanding"
  when sum(points) * 10 >= max_points() * 7 -> "good"
  otherwise -> "requires improvement"
}
normenkader l "L" {
  norm safe "Safe" findings on rating
  norm effective "Effective" findings on rating
  norm reg9 "Regulation 9" findings on regulation
  total by overall
}
"""


@pytest.mark.parametrize(("safe", "effective", "reg9", "want"), [
    ("good", "good", "met", "good"),  # met (1 point) is no inadequate (1 point): 7 of 4 + 4 + 1 = 9 points
    ("good", "inadequate", "met", "inadequate"),
    ("good", "good", "breach", "requires improvement"),
    ("requires improvement", "good", "met", "requires improvement"),  # 6 of 9: under 70 %
])
def test_a_table_over_verdicts_of_several_scales_compares_each_on_its_own(safe: str, effective: str, reg9: str,
                                                                         want: str) -> None:
    """A verdict in a table's condition compares only with inputs of its own scale (a regulation met
    is worth 1 point, as a rating inadequate is, and is not one), `!=` holds across scales, and
    `max_points` takes each input on its own scale's maximum; with reasons and without."""
    from regienorm import compile_text, evaluate, stream
    from regienorm.evidence.load import parse_evidence

    framework = compile_text(_TABLE, "mixed.norm")
    findings = [("l.safe", safe), ("l.effective", effective), ("l.reg9", reg9)]
    text = yaml.safe_dump({"format": "regienorm-evidence/1", "assessment": {"framework": "mixed_table", "version": "1"},
                           "entities": [{"id": "e"}],
                           "findings": [{"entity": "e", "target": t, "verdict": v} for t, v in findings]})
    evidence = parse_evidence(text, "e.yaml", framework)
    assert next(j.verdict for j in evaluate(framework, evidence) if j.target == "l") == want
    lean = evaluate(framework, evidence, reasons=False)
    assert next(j.verdict for j in lean if j.target == "l") == want
    assert next(j.verdict for r in stream(framework, evidence, reasons=False) for j in r.judgements if j.target == "l") == want
