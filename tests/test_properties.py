"""What must hold for every input: determinism, order independence, monotonicity, and that no
text makes the compiler raise anything but regienorm's own errors."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regienorm import RegienormError, check_text, compile_file, compile_text, evaluate, load_evidence
from regienorm.evidence import Evidence, Finding
from regienorm.render import json as render_json

from .conftest import EXAMPLES
from .strategies import framework_texts, mutated_files

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))


def _compile_only_our_errors(text: str) -> None:
    try:
        result = check_text(text, "<fuzz>")
    except RegienormError:
        return
    for d in result.diagnostics:
        assert d.code.startswith("RN") and d.message


@FUZZ
@given(st.text(max_size=300))
def test_random_text_raises_only_our_errors(text: str) -> None:
    _compile_only_our_errors(text)


@FUZZ
@given(framework_texts())
def test_grammar_generated_text_raises_only_our_errors(text: str) -> None:
    _compile_only_our_errors(text)


@FUZZ
@given(mutated_files())
def test_mutated_files_raise_only_our_errors(text: str) -> None:
    _compile_only_our_errors(text)


def _example() -> tuple:  # type: ignore[type-arg]
    framework = compile_file(EXAMPLES / "jeugdhulp.norm")
    return framework, load_evidence(EXAMPLES / "jeugdhulp.evidence.yaml", framework)


def test_same_input_gives_byte_identical_json() -> None:
    framework, evidence = _example()
    first = render_json.render([("e", evaluate(framework, evidence))])
    framework2, evidence2 = _example()
    assert render_json.render([("e", evaluate(framework2, evidence2))]) == first


@settings(max_examples=40, deadline=None)
@given(st.randoms(use_true_random=False))
def test_record_order_never_changes_a_verdict(rnd: random.Random) -> None:
    framework, evidence = _example()
    verdicts = {(j.entity, j.target): (j.status, j.verdict) for j in evaluate(framework, evidence)}
    shuffled = Evidence(
        evidence.assessment,
        tuple(rnd.sample(evidence.entities, len(evidence.entities))),
        tuple(rnd.sample(evidence.findings, len(evidence.findings))),
        tuple(rnd.sample(evidence.measures, len(evidence.measures))),
        tuple(rnd.sample(evidence.recorded, len(evidence.recorded))),
        tuple(rnd.sample(evidence.overrides, len(evidence.overrides))),
    )
    again = {(j.entity, j.target): (j.status, j.verdict) for j in evaluate(framework, shuffled)}
    assert again == verdicts


# A framework in which every rule is monotone: a better input never gives a worse result.
MONOTONE = """
framework m "M" version "1"
scale s { "+" goed = 2; "+/-" matig = 1; "-" slecht = 0 }
role r
rule som = sum of points { 0..2 -> "-"; 3..4 -> "+/-"; 5..6 -> "+" }
rule aandeel = share of points { from 2/3 -> "+"; above 1/3 -> "+/-"; otherwise -> "-" }
rule zwak = worst
rule sterk = best
rule gem = mean of points { from 1.5 -> "+"; from 0.5 -> "+/-"; otherwise -> "-" }
rule w = weighted { a = 3 } { from 0.7 -> "+"; above 0.3 -> "+/-"; otherwise -> "-" }
rule k = at least 2 of >= "+/-" then "+" else "-"
rule alle = all >= "+/-" then "+" else "-"
rule een = any <= "-" then "-" else "+"
rule over = sum of points { 0..3 -> "-"; 4..8 -> "+/-"; 9..12 -> "+" }
normenkader k1 "K1" {
  total by aandeel
  across entities by over
  norm 1 "n1" { verdict by som; aspect a "a"; aspect b "b"; aspect c "c" }
  norm 2 "n2" { verdict by zwak; aspect a "a"; aspect b "b" }
  norm 3 "n3" { verdict by sterk; aspect a "a"; aspect b "b" }
  norm 4 "n4" { verdict by gem; aspect a "a"; aspect b "b" }
  norm 5 "n5" { verdict by w; aspect a "a"; aspect b "b" }
  norm 6 "n6" { verdict by k; aspect a "a"; aspect b "b"; aspect c "c" }
  norm 7 "n7" { verdict by alle; aspect a "a"; aspect b "b" }
  norm 8 "n8" { verdict by een; aspect a "a"; aspect b "b" }
}
"""


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_improving_one_finding_never_worsens_a_verdict(data: st.DataObject) -> None:
    framework = compile_text(MONOTONE)
    targets = [t for t, target in framework.targets().items() if target.level == "aspect"]
    symbols = ["-", "+/-", "+"]
    entities = ["e1", "e2"]
    chosen = {(e, t): data.draw(st.sampled_from(symbols)) for e in entities for t in targets}
    entity_lines = "\n".join(f"  - {{id: {e}, role: r}}" for e in entities) + f"\n  - {{id: g, role: r, members: [{', '.join(entities)}]}}"

    def evidence_for(cells: dict) -> Evidence:  # type: ignore[type-arg]
        from regienorm import parse_evidence

        text = "format: regienorm-evidence/1\nassessment: {framework: m, version: \"1\"}\nentities:\n" + entity_lines + "\nfindings:\n"
        text += "".join(f'  - {{entity: {e}, target: {t}, verdict: "{v}"}}\n' for (e, t), v in cells.items())
        return parse_evidence(text, "<m>", framework)

    before = {(j.entity, j.target): j.points for j in evaluate(framework, evidence_for(chosen), reasons=False)}
    worse = [k for k, v in chosen.items() if v != "+"]
    if not worse:
        return
    key = data.draw(st.sampled_from(worse))
    improved = dict(chosen)
    improved[key] = symbols[symbols.index(chosen[key]) + 1]
    after = {(j.entity, j.target): j.points for j in evaluate(framework, evidence_for(improved), reasons=False)}
    for k, points in before.items():
        assert after[k] is not None and points is not None
        assert after[k] >= points, (k, points, after[k], key)


def test_finding_records_are_hashable_values() -> None:
    f = Finding("e", "k.1.a", "+")
    assert f == Finding("e", "k.1.a", "+") and len({f, Finding("e", "k.1.a", "+")}) == 1
