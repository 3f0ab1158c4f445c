"""What must hold for every framework and evidence regienorm.strategies can draw: byte-stable
output across runs and hash seeds, evidence order never mattering, monotone rules never
worsening a verdict when a finding improves, not-applicable inputs acting only through the
declared policy, the provenance digest changing exactly with the inputs, and an empty diff of
a framework with itself."""

from __future__ import annotations

import os
import random
import subprocess
import sys

import attrs
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from regienorm import Status, compile_text, evaluate
from regienorm.alternatives import decided, rules_by_id
from regienorm.diff import compare
from regienorm.evidence import Evidence
from regienorm.provenance import digest
from regienorm.render import json as render_json
from regienorm.strategies import assessments, evidence_for, framework_sources, frameworks
from regienorm.testing import snapshot

from .conftest import ROOT

PROPERTY = settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))


def _meaning(framework, evidence: Evidence) -> list[snapshot.Entry]:  # type: ignore[no-untyped-def]
    return snapshot.entries(framework, evaluate(framework, evidence), evidence)


def _shuffled(evidence: Evidence, rnd: random.Random) -> Evidence:
    def mix(items: tuple) -> tuple:  # type: ignore[type-arg]
        return tuple(rnd.sample(items, len(items)))

    return attrs.evolve(evidence, entities=mix(evidence.entities), findings=mix(evidence.findings), measures=mix(evidence.measures),
                        recorded=mix(evidence.recorded), overrides=mix(evidence.overrides))


_PROBE = """
import hashlib, sys
import regienorm
from regienorm import coverage
from regienorm.diff import compare, render_json as diff_json
from regienorm.render import json as render_json
from regienorm.testing import snapshot
out = []
for norm, ev in (("frameworks/examples/jeugdhulp.norm", "frameworks/examples/jeugdhulp.evidence.yaml"),
                 ("frameworks/rekenkamer-amsterdam-2013/regie.norm", "frameworks/rekenkamer-amsterdam-2013/evidence/top600.yaml"),
                 ("generated.norm", "generated.yaml")):
    fw = regienorm.compile_text(open(norm, encoding="utf-8").read(), norm)
    evidence = regienorm.parse_evidence(open(ev, encoding="utf-8").read(), ev, fw)
    a = regienorm.evaluate(fw, evidence)
    for text in (render_json.render([(ev, a)]), snapshot.build(fw, [(ev, a, evidence)]).render(),
                 coverage.render_json([coverage.measure(fw, [(a, evidence)])]),
                 diff_json(compare(fw, fw, [(ev, a, evidence, a, evidence)]))):
        out.append(hashlib.sha256(text.encode()).hexdigest())
print(" ".join(out))
"""


def test_output_is_byte_identical_across_runs_and_hash_seeds(tmp_path) -> None:  # type: ignore[no-untyped-def]
    framework_text = _GENERATED  # one fixed draw of framework_sources(): the same every run
    (tmp_path / "generated.norm").write_text(framework_text, encoding="utf-8")
    framework = compile_text(framework_text, "generated.norm")
    evidence_text = _EVIDENCE
    (tmp_path / "generated.yaml").write_text(evidence_text, encoding="utf-8")
    for name in ("frameworks/examples/jeugdhulp.norm", "frameworks/examples/shared/oordeel.norm", "frameworks/examples/jeugdhulp.evidence.yaml",
                 "frameworks/rekenkamer-amsterdam-2013/regie.norm", "frameworks/rekenkamer-amsterdam-2013/evidence/top600.yaml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes((ROOT / name).read_bytes())
    assert framework.id == "generated"
    runs = set()
    for seed in ("0", "1", "4242"):
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", _PROBE], cwd=tmp_path, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        runs.add(done.stdout)
    assert len(runs) == 1 and len(next(iter(runs)).split()) == 12


_GENERATED = """framework generated "Generated" version "1"
scale oordeel { "++" s0 = 3; "+" s1 = 2; "+/-" s2 = 1; "-" s3 = 0 }
role r1
role r2
rule n1_1 on not_applicable lowest = weighted { b = 2 } { from 3/4 -> "++"; above 1/3 -> "+"; otherwise -> "-" }
rule n1_2 on not_assessed skip = sum of points { 0..2 -> "-"; 3..5 -> "+/-"; 6..9 -> "+" }
rule t1 = majority tie worst
rule w1 on not_assessed skip = share of points { from 1/2 -> "+"; otherwise -> "-" }
normenkader k1 "K1" {
  total by t1
  across entities by w1
  norm 1 "N1" { verdict by n1_1; aspect a "A a"; aspect b "A b" for r2 }
  norm 2 "N2" for r1 { verdict by n1_2; aspect a "A a"; aspect b "A b"; aspect c "A c" }
  norm 3 "N3" { verdict from findings }
}
"""
_EVIDENCE = """format: regienorm-evidence/1
assessment: {framework: generated, version: "1"}
entities:
  - {id: e1, role: r1}
  - {id: e2, role: r2}
  - {id: e3, role: r1}
  - {id: g, role: r1, members: [e3, e1]}
findings:
  - {entity: e1, target: k1.1.a, verdict: "+"}
  - {entity: e1, target: k1.2.a, verdict: "++"}
  - {entity: e1, target: k1.2.b, status: not_assessed, note: drawn}
  - {entity: e1, target: k1.2.c, verdict: "-"}
  - {entity: e1, target: k1.3, verdict: "+/-"}
  - {entity: e2, target: k1.1.a, verdict: "-"}
  - {entity: e2, target: k1.1.b, verdict: "++"}
  - {entity: e2, target: k1.3, verdict: "+"}
  - {entity: e3, target: k1.1.a, verdict: "+/-"}
  - {entity: e3, target: k1.2.a, verdict: "+"}
  - {entity: e3, target: k1.2.b, verdict: "+"}
  - {entity: e3, target: k1.3, status: not_applicable, note: drawn}
"""


@PROPERTY
@given(st.data(), st.randoms(use_true_random=False))
def test_evidence_order_never_matters(data: st.DataObject, rnd: random.Random) -> None:
    framework = data.draw(frameworks())
    evidence = data.draw(evidence_for(framework))
    again = _shuffled(evidence, rnd)
    assert _meaning(framework, again) == _meaning(framework, evidence)
    first = render_json.render([("e", evaluate(framework, evidence))])
    assert render_json.render([("e", evaluate(framework, evidence))]) == first  # and twice the same bytes


def _improvable(framework, evidence: Evidence) -> list[int]:  # type: ignore[no-untyped-def]
    best = framework.scale.best.symbol
    return [n for n, f in enumerate(evidence.findings) if f.verdict is not None and f.verdict != best]


@settings(PROPERTY, max_examples=50)
@given(st.data())
def test_a_monotone_rule_never_worsens_a_verdict_when_a_finding_improves(data: st.DataObject) -> None:
    framework = data.draw(frameworks(monotone=True))
    evidence = data.draw(evidence_for(framework))
    candidates = _improvable(framework, evidence)
    if not candidates:
        return
    index = data.draw(st.sampled_from(candidates))
    symbols = list(framework.scale.symbols())  # best first
    finding = evidence.findings[index]
    better = symbols[symbols.index(str(finding.verdict)) - data.draw(st.integers(1, symbols.index(str(finding.verdict))))]
    improved = attrs.evolve(evidence, findings=tuple(attrs.evolve(f, verdict=better) if n == index else f
                                                       for n, f in enumerate(evidence.findings)))
    before = {(j.entity, j.target): j for j in evaluate(framework, evidence, reasons=False)}
    after = {(j.entity, j.target): j for j in evaluate(framework, improved, reasons=False)}
    assert before.keys() == after.keys()
    for key, old in before.items():
        new = after[key]
        assert new.status == old.status, (key, old, new)
        if old.points is not None:
            event("a verdict compared" if new.points == old.points else "a verdict improved")
            assert new.points is not None and new.points >= old.points, (key, old.verdict, new.verdict, finding, better)


@settings(PROPERTY, max_examples=60)
@given(st.data())
def test_not_applicable_changes_a_verdict_only_through_the_declared_policy(data: st.DataObject) -> None:
    framework = data.draw(frameworks())
    evidence = data.draw(evidence_for(framework))
    judged = [n for n, f in enumerate(evidence.findings) if f.verdict is not None]
    if not judged:
        return
    index = data.draw(st.sampled_from(judged))
    edited = evidence.findings[index]
    gone = attrs.evolve(edited, verdict=None, status="not_applicable", note="does not apply after all")
    changed_evidence = attrs.evolve(evidence, findings=tuple(gone if n == index else f for n, f in enumerate(evidence.findings)))
    before = {(j.entity, j.target): j for j in evaluate(framework, evidence)}
    after = {(j.entity, j.target): j for j in evaluate(framework, changed_evidence)}
    rules = rules_by_id(framework)

    def outcome(j):  # type: ignore[no-untyped-def]
        return (j.status, j.verdict)

    for key, new in after.items():
        old = before[key]
        if outcome(old) == outcome(new) or key == (edited.entity, edited.target):
            continue
        inputs_old = {dict(r.data)["input"]: (dict(r.data)["status"], dict(r.data)["verdict"]) for r in old.reasons if r.kind == "input"}
        inputs_new = {dict(r.data)["input"]: (dict(r.data)["status"], dict(r.data)["verdict"]) for r in new.reasons if r.kind == "input"}
        assert inputs_old != inputs_new, f"{key} changed with no input changed"
        rule = rules[str(new.rule)]
        acted = []
        status = None
        for reason in new.reasons:
            if reason.kind == "input":
                status = dict(reason.data)["status"]
            elif reason.kind == "policy" and status is Status.NOT_APPLICABLE:
                acted.append(dict(reason.data)["policy"])
        changed_inputs = [label for label in inputs_new if inputs_new[label] != inputs_old.get(label)]
        newly_na = [label for label in changed_inputs if inputs_new[label][0] is Status.NOT_APPLICABLE]
        if newly_na:  # the input went not applicable here: the rule's declared policy is what acted
            event(f"a `{rule.not_applicable.value}` policy acted")
            assert acted and set(acted) == {rule.not_applicable.value}, (key, acted, rule.not_applicable)
            if rule.not_applicable.value == "propagate":
                assert new.status is Status.NOT_ASSESSED


@PROPERTY
@given(st.data(), st.randoms(use_true_random=False))
def test_the_provenance_digest_changes_exactly_when_the_framework_or_the_evidence_does(data: st.DataObject, rnd: random.Random) -> None:
    text = data.draw(framework_sources())
    framework = compile_text(text, "generated.norm")
    reflowed = compile_text("# the same framework, laid out anew\n\n" + text.replace(" { ", " {\n  "), "elsewhere.norm")
    retitled = compile_text(text.replace('"Generated"', '"Retitled"', 1), "generated.norm")
    evidence = data.draw(evidence_for(framework))
    variants = [evidence, _shuffled(evidence, rnd)]
    judged = [n for n, f in enumerate(evidence.findings) if f.verdict is not None]
    if judged:
        n = data.draw(st.sampled_from(judged))
        other = next(s for s in framework.scale.symbols() if s != evidence.findings[n].verdict)
        variants.append(attrs.evolve(evidence, findings=tuple(attrs.evolve(f, verdict=other) if i == n else f
                                                              for i, f in enumerate(evidence.findings))))
    stamps = {}
    for fw in (framework, reflowed, retitled):
        for ev in variants:
            stamps[(id(fw), id(ev))] = digest(fw, ev)

    def same_inputs(fw_a, ev_a, fw_b, ev_b) -> bool:  # type: ignore[no-untyped-def]
        return fw_a == fw_b and sorted(map(repr, ev_a.findings)) == sorted(map(repr, ev_b.findings)) \
            and sorted(map(repr, ev_a.entities)) == sorted(map(repr, ev_b.entities)) \
            and sorted(map(repr, ev_a.measures)) == sorted(map(repr, ev_b.measures))

    pairs = [(fw, ev) for fw in (framework, reflowed, retitled) for ev in variants]
    for fw_a, ev_a in pairs:
        for fw_b, ev_b in pairs:
            equal = stamps[(id(fw_a), id(ev_a))] == stamps[(id(fw_b), id(ev_b))]
            assert equal == same_inputs(fw_a, ev_a, fw_b, ev_b)
    assert framework == reflowed and framework != retitled


@PROPERTY
@given(st.data())
def test_diff_of_a_framework_with_itself_is_empty(data: st.DataObject) -> None:
    text = data.draw(framework_sources())
    framework = compile_text(text, "generated.norm")
    again = compile_text(text.replace(";", ";\n   "), "generated.norm")
    evidence = data.draw(evidence_for(framework))
    result = compare(framework, again, [("e", evaluate(framework, evidence), evidence, evaluate(again, evidence), evidence)])
    assert not result and result.framework == () and result.changed == ()
    assert result.provenance[0][1] == result.provenance[0][2]


@PROPERTY
@given(assessments())
def test_the_alternative_named_as_deciding_gives_the_verdict(drawn) -> None:  # type: ignore[no-untyped-def]
    """decisions.decided (semantics.rules.decided_by over the reasons) agrees with the engine."""
    framework, evidence, assessment = drawn
    members = {e.id: e.members for e in evidence.entities}
    for j in assessment:
        alternative = decided(framework, j, members)
        if alternative is not None and alternative.symbol is not None:
            event(f"decided by a {alternative.kind}")
            assert alternative.symbol == j.computed, (j.entity, j.target, alternative, j.computed)
