"""Every rule kind, from tests/cases/rules.yaml: inputs in, verdict and arithmetic out."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from regienorm import compile_text
from regienorm.judgement import Status
from regienorm.semantics.rules import Input, apply_verdict_rule

from .conftest import ROOT

HEAD = 'framework t "T" version "1"\nscale s { "+" voldoet = 2; "+/-" "voldoet gedeeltelijk" = 1 aka "-/+"; "-" "voldoet niet" = 0 }\n'
CASES: list[dict[str, Any]] = yaml.safe_load((ROOT / "tests" / "cases" / "rules.yaml").read_text(encoding="utf-8"))


def _inputs(case: dict[str, Any], points: dict[str, int], framework: Any = None) -> list[Input]:
    labels = case.get("labels") or [f"k.1.{chr(97 + i)}" for i in range(len(case["inputs"]))]
    out = []
    for label, symbol in zip(labels, case["inputs"], strict=True):
        if symbol.startswith("cat:"):  # a finding of an outcome category: what it means, and its name
            category = framework.outcome(symbol[4:])
            if category.symbol is not None:
                out.append(Input(label, Status.JUDGED, category.symbol, points[category.symbol], category=category.name))
            else:
                out.append(Input(label, Status(category.status), None, None, category=category.name))
        elif symbol == "na":
            out.append(Input(label, Status.NOT_APPLICABLE, None, None))
        elif symbol == "nas":
            out.append(Input(label, Status.NOT_ASSESSED, None, None))
        else:
            out.append(Input(label, Status.JUDGED, symbol, points[symbol]))
    return out


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_rule_case(case: dict[str, Any]) -> None:
    framework = compile_text(HEAD + case.get("outcomes", "") + f"rule r {case['rule']}\n")
    rule = framework.rules[0]
    points = {v.symbol: v.points for v in framework.scale.values}
    outcome = apply_verdict_rule(rule, _inputs(case, points, framework), framework.scale)
    if "verdict" in case:
        assert outcome.status is Status.JUDGED
        assert outcome.symbol == case["verdict"]
    else:
        assert outcome.status.value == case["status"]
        assert outcome.symbol is None
    texts = [r.text for r in outcome.reasons]
    if "arithmetic" in case:
        arithmetic = [r.text for r in outcome.reasons if r.kind == "arithmetic"]
        assert arithmetic and case["arithmetic"] in arithmetic[0], arithmetic
    if "reason" in case:
        assert any(case["reason"] in t for t in texts), texts
    if "policy" in case:
        assert any(r.kind == "policy" and dict(r.data).get("policy") == case["policy"] for r in outcome.reasons), texts
    assert outcome.reasons[0].kind == "rule"


def test_reasons_can_be_left_out() -> None:
    framework = compile_text(HEAD + 'rule r = worst\n')
    outcome = apply_verdict_rule(framework.rules[0], [Input("a", Status.JUDGED, "+", 2)], framework.scale, explain=False)
    assert outcome.symbol == "+" and outcome.reasons == ()


def test_aliases_in_rules_become_scale_symbols() -> None:
    framework = compile_text(HEAD + 'rule r = all >= "-/+" then "+" else "-/+"\n')
    body = framework.rules[0].body
    assert (body.level, body.otherwise) == ("+/-", "+/-")  # type: ignore[union-attr]


CATEGORIES = HEAD + '''outcome "notapplicable" = not_applicable
outcome "notchecked" = not_applicable
outcome "fixed" = "+"
rule strict "Every instance" on "notchecked" = "-" on "fixed" skip = all >= "+" then "+" else "-"
rule total on "notchecked" propagate = share of points { from 1/2 -> "+"; otherwise -> "-" }
normenkader b "B" {
  norms by strict
  total by total
  norm n1 "Instances" { aspect a "a"; aspect b "b"; aspect c "c" }
  norm n2 "One result"
  norm n3 "One result"
}
'''


def _categorised(tmp_path: Any, findings: list[tuple[str, str]], reasons: bool = True) -> dict[str, Any]:
    from regienorm import evaluate, load_evidence

    path = tmp_path / "e.yaml"
    path.write_text(yaml.safe_dump({
        "format": "regienorm-evidence/1", "assessment": {"framework": "t", "version": "1"}, "entities": [{"id": "e"}],
        "findings": [{"entity": "e", "target": t, "verdict": v} for t, v in findings]}), encoding="utf-8")
    framework = compile_text(CATEGORIES)
    return {j.target: j for j in evaluate(framework, load_evidence(path, framework), reasons=reasons)}


def test_the_engine_treats_each_category_by_the_rule_that_reads_it(tmp_path: Any) -> None:
    """Two categories that both mean not applicable, treated apart: at a norm's toetsaspecten
    (`notchecked` counts as "-", `notapplicable` is left out by its declared meaning) and at the
    total (`notchecked` propagates; `fixed`, a pass, counts as its verdict where no policy names it)."""
    for reasons in (True, False):
        judged = _categorised(tmp_path, [("b.n1.a", "+"), ("b.n1.b", "notapplicable"), ("b.n1.c", "fixed"),
                                         ("b.n2", "fixed"), ("b.n3", "notapplicable")], reasons)
        assert judged["b.n1"].verdict == "+" and judged["b.n2"].verdict == "+"  # fixed skipped at n1, its meaning at the total
        assert judged["b"].verdict == "+"
        judged = _categorised(tmp_path, [("b.n1.a", "+"), ("b.n1.b", "notchecked"), ("b.n1.c", "+"),
                                         ("b.n2", "+"), ("b.n3", "notchecked")], reasons)
        assert judged["b.n1"].verdict == "-"
        assert judged["b"].verdict is None and judged["b"].status is Status.NOT_ASSESSED
        if reasons:
            texts = [r.text for r in judged["b.n1"].reasons]
            assert 'b.n1.b is "notchecked"; the rule counts "notchecked" as - (policy `= "-"`)' in texts, texts
            texts = [r.text for r in judged["b"].reasons]
            assert any('b.n3 is "notchecked"; the rule\'s policy for "notchecked" is `propagate`' in t for t in texts), texts


def test_a_changed_category_policy_is_a_cause_in_diff() -> None:
    from regienorm.diff import rule_changes

    old = next(r for r in compile_text(CATEGORIES).rules if r.id == "strict")
    new = next(r for r in compile_text(CATEGORIES.replace('on "notchecked" = "-" on "fixed" skip', 'on "notchecked" skip')).rules
               if r.id == "strict")
    causes = [(c.kind, c.old, c.new) for c in rule_changes(old, new)]
    assert causes == [("policy", 'on "notchecked" = "-"', 'on "notchecked" skip'),
                      ("policy", 'on "fixed" skip', "(its declared meaning)")]
