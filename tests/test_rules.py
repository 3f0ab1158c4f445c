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


def _inputs(case: dict[str, Any], points: dict[str, int]) -> list[Input]:
    labels = case.get("labels") or [f"k.1.{chr(97 + i)}" for i in range(len(case["inputs"]))]
    out = []
    for label, symbol in zip(labels, case["inputs"], strict=True):
        if symbol == "na":
            out.append(Input(label, Status.NOT_APPLICABLE, None, None))
        elif symbol == "nas":
            out.append(Input(label, Status.NOT_ASSESSED, None, None))
        else:
            out.append(Input(label, Status.JUDGED, symbol, points[symbol]))
    return out


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_rule_case(case: dict[str, Any]) -> None:
    framework = compile_text(HEAD + f"rule r {case['rule']}\n")
    rule = framework.rules[0]
    points = {v.symbol: v.points for v in framework.scale.values}
    outcome = apply_verdict_rule(rule, _inputs(case, points), framework.scale)
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
