"""What would change a verdict: held to a brute force through the engine on generated frameworks,
the monotonicity proof held to every input vector, and shown on a casebook verdict."""

from __future__ import annotations

import itertools

import attrs
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import regienorm
from regienorm import Status, evaluate, ir
from regienorm.counterfactual import what_would_change
from regienorm.counterfactual.report import render_json, render_text
from regienorm.evidence.model import Finding
from regienorm.semantics.rules import Input, apply_verdict_rule, is_monotone
from regienorm.strategies import evidence_for, frameworks

from .conftest import ROOT

PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
CASEBOOK = ROOT / "frameworks" / "rekenkamer-amsterdam-2013"


def _leaves(framework: ir.Framework, evidence, entity: str, target: str) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """Every place a finding judges under ``target`` for ``entity`` (or its members), read from the
    framework's structure alone: the brute force shares nothing with the search but the engine."""
    by_id = {e.id: e for e in evidence.entities}
    whose = list(by_id[entity].members) or [entity]
    out = []
    for who in whose:
        role = by_id[who].role
        for tid, t in framework.targets().items():
            if not (tid == target or tid.startswith(target + ".")) or not t.applies_to(role) or t.norm is None:
                continue
            from_aspects = isinstance(t.norm.verdict, ir.FromAspects)
            if (t.level == "aspect" and from_aspects) or (t.level == "norm" and isinstance(t.norm.verdict, ir.FromFindings)):
                out.append((who, tid))
    return out


def _with(evidence, changes: dict[tuple[str, str], str]):  # type: ignore[no-untyped-def]
    kept = tuple(f for f in evidence.findings if (f.entity, f.target) not in changes)
    return attrs.evolve(evidence, findings=kept + tuple(Finding(e, t, v) for (e, t), v in changes.items()))


def _brute(framework, evidence, assessment, entity: str, target: str, direction: int):  # type: ignore[no-untyped-def]
    """The fewest findings that move the verdict (by re-evaluating everything), and the sets of
    that size no other set of the same findings beats by moving them less far."""
    points = {v.symbol: v.points for v in framework.scale.values}
    here = points[assessment.get(entity, target).verdict]
    leaves = _leaves(framework, evidence, entity, target)
    now = {k: assessment.get(*k).verdict for k in leaves}
    for m in range(1, len(leaves) + 1):
        found = []
        for chosen in itertools.combinations(leaves, m):
            for values in itertools.product(*([s for s in points if s != now[k]] for k in chosen)):
                changes = dict(zip(chosen, values, strict=True))
                got = evaluate(framework, _with(evidence, changes)).get(entity, target).verdict
                if got is not None and (points[got] - here) * direction > 0:
                    found.append(changes)
        if found:
            def beats(a: dict, b: dict) -> bool:  # type: ignore[type-arg]
                return a != b and a.keys() == b.keys() and all(
                    (a[k] == b[k]) if now[k] is None else
                    min(points[now[k]], points[b[k]]) <= points[a[k]] <= max(points[now[k]], points[b[k]]) for k in a)
            return m, {frozenset(f.items()) for f in found if not any(beats(g, f) for g in found)}
    return None, set()


@PROPERTY
@given(st.data())
def test_the_smallest_sets_are_those_a_brute_force_through_the_engine_finds(data: st.DataObject) -> None:
    framework = data.draw(frameworks(measures=False))
    evidence = data.draw(evidence_for(framework))
    assessment = evaluate(framework, evidence)
    judged = [j for j in assessment.judgements if j.verdict is not None]
    assume(judged)
    j = data.draw(st.sampled_from(judged))
    assume(len(_leaves(framework, evidence, j.entity, j.target)) <= 6)
    answer = what_would_change(framework, assessment, j.entity, j.target, limit=10**6)
    assert answer.exact
    for step, direction in ((answer.up, 1), (answer.down, -1)):
        size, sets = _brute(framework, evidence, assessment, j.entity, j.target, direction)
        assert step.size == size, (step, size, sets)
        assert {frozenset(((c.entity, c.target), c.after) for c in s.changes) for s in step.sets} == sets
        assert step.count == len(step.sets)
        for s in step.sets:  # each set shown gives the verdict it says, through the whole engine
            changes = {(c.entity, c.target): c.after for c in s.changes}
            assert evaluate(framework, _with(evidence, changes)).get(j.entity, j.target).verdict == s.verdict


@PROPERTY
@given(frameworks(measures=False), st.integers(1, 3))
def test_a_rule_proven_monotone_never_worsens_when_an_input_improves(framework: ir.Framework, n: int) -> None:
    scale = framework.scale
    for rule in framework.every_rule():
        if rule.on_values or not is_monotone(rule, n, scale):
            continue
        for vector in itertools.product(scale.values, repeat=n):
            inputs = [Input(str(i), Status.JUDGED, v.symbol, v.points) for i, v in enumerate(vector)]
            base = apply_verdict_rule(rule, inputs, scale, explain=False).symbol
            assert base is not None
            for i, better in itertools.product(range(n), scale.values):
                if better.points <= vector[i].points:
                    continue
                raised = list(inputs)
                raised[i] = Input(str(i), Status.JUDGED, better.symbol, better.points)
                got = apply_verdict_rule(rule, raised, scale, explain=False).symbol
                assert got is not None and scale.by_symbol(got).points >= scale.by_symbol(base).points, (rule, vector, i)


def test_majority_and_tables_are_never_taken_as_monotone() -> None:
    framework = regienorm.compile_text(
        'framework f "F" version "1"\nscale s { "+" a = 2; "-" b = 0 }\n'
        'rule m = majority\nrule t = table { when count(verdict = "+") >= 1 -> "+"; otherwise -> "-" }\n'
        'normenkader k "K" {\n  total by m\n  norm 1 "N" { verdict by t; aspect a "A" }\n}\n', "f.norm")
    assert not any(is_monotone(r, 2, framework.scale) for r in framework.every_rule())


@pytest.fixture(scope="module")
def risicojongeren():  # type: ignore[no-untyped-def]
    framework = regienorm.compile_file(CASEBOOK / "regie.norm")
    evidence = regienorm.load_evidence(CASEBOOK / "evidence" / "risicojongeren.yaml", framework)
    return framework, evidence, evaluate(framework, evidence)


def test_a_casebook_verdict_one_step_up_and_down(risicojongeren) -> None:  # type: ignore[no-untyped-def]
    """Noord's norm opzet.4 is +/- (aspects -, +, +: 4 of 6 points, under 11/16); one aspect from
    - to +/- makes it + (5/6), and two aspects down make it -."""
    framework, evidence, assessment = risicojongeren
    answer = what_would_change(framework, assessment, "noord", "opzet.4")
    assert (answer.verdict, answer.exact) == ("+/-", True)
    assert answer.up.size == 1
    assert [(s.verdict, [(c.target, c.before, c.after) for c in s.changes]) for s in answer.up.sets] == \
        [("+", [("opzet.4.a", "-", "+/-")])]
    assert answer.down.size == 2 and answer.down.count == 2
    for s in (*answer.up.sets, *answer.down.sets):  # and the engine agrees with each
        changes = {(c.entity, c.target): c.after for c in s.changes}
        assert evaluate(framework, _with(evidence, changes)).get("noord", "opzet.4").verdict == s.verdict
    text = render_text(answer)
    assert "becomes + if opzet.4.a of noord is +/- instead of -" in text
    assert "wordt + als opzet.4.a van noord +/- is in plaats van -" in render_text(answer, "nl")
    assert '"format": "regienorm-counterfactual/1"' in render_json(answer)


def test_a_casebook_total_across_the_stadsdelen(risicojongeren) -> None:  # type: ignore[no-untyped-def]
    """The Bijlage 3 `totaal` of norm opzet.1 (the stated rule, summed over the members): one member
    a step lower makes it -, and every set shown is checked through the engine."""
    framework, evidence, assessment = risicojongeren
    answer = what_would_change(framework, assessment, "stadsdelen_opzet", "opzet.1")
    assert answer.exact and answer.down.size == 1 and answer.up.size == 3
    for s in (*answer.up.sets, *answer.down.sets):
        changes = {(c.entity, c.target): c.after for c in s.changes}
        assert evaluate(framework, _with(evidence, changes)).get("stadsdelen_opzet", "opzet.1").verdict == s.verdict


def test_a_search_over_its_budget_says_it_is_bounded(risicojongeren) -> None:  # type: ignore[no-untyped-def]
    framework, _, assessment = risicojongeren
    answer = what_would_change(framework, assessment, "stadsdelen_opzet", "opzet", budget=50)
    assert not answer.exact and answer.evaluations <= 50
    assert "bounded: the search stopped after" in render_text(answer)


def test_the_best_verdict_has_no_step_up_and_an_unknown_judgement_is_a_key_error(risicojongeren) -> None:  # type: ignore[no-untyped-def]
    framework, _, assessment = risicojongeren
    best = next(j for j in assessment.judgements if j.verdict == "+" and j.rule is not None)
    answer = what_would_change(framework, assessment, best.entity, best.target)
    assert answer.up.reason == "best" and answer.up.size is None
    with pytest.raises(KeyError, match="no judgement for entity `nobody`"):
        what_would_change(framework, assessment, "nobody", "opzet")


def _with_values(evidence, changes):  # type: ignore[no-untyped-def]
    """The evidence with some measure records given other values (by entity, measure, item, old value)."""
    wanted = {(c.entity, c.measure, c.item, c.old): c.new for c in changes}
    records = []
    for m in evidence.measures:
        new = wanted.pop((m.entity, m.measure, m.item, m.value), None)
        records.append(attrs.evolve(m, value=new) if new is not None else m)
    assert not wanted
    return attrs.evolve(evidence, measures=tuple(records))


def _apply(evidence, changes):  # type: ignore[no-untyped-def]
    findings = {(c.entity, c.target): c.after for c in changes if c.measure is None}
    return _with_values(_with(evidence, findings), [c for c in changes if c.measure is not None])


@PROPERTY
@given(st.data())
def test_every_set_shown_with_values_gives_its_verdict_through_the_engine(data: st.DataObject) -> None:
    framework = data.draw(frameworks(measures=True))
    evidence = data.draw(evidence_for(framework))
    assessment = evaluate(framework, evidence)
    judged = [j for j in assessment.judgements if j.verdict is not None]
    assume(judged)
    j = data.draw(st.sampled_from(judged))
    answer = what_would_change(framework, assessment, j.entity, j.target)
    for step in (answer.up, answer.down):
        for s in step.sets:
            assert evaluate(framework, _apply(evidence, s.changes)).get(j.entity, j.target).verdict == s.verdict
    if any(c.measure is not None for s in (*answer.up.sets, *answer.down.sets) for c in s.changes):
        assert not answer.exact and answer.bounds


def test_a_casebook_survey_verdict_moves_with_one_value_and_says_it_is_bounded(risicojongeren) -> None:  # type: ignore[no-untyped-def]
    """Noord's uitvoering.2 (the survey rule `enquete`) is +/-: its mean is just above 50, so one
    statement a little lower makes it -; the nearest value on the grid is shown, and one step less
    far does not do it."""
    from fractions import Fraction

    framework, evidence, assessment = risicojongeren
    answer = what_would_change(framework, assessment, "noord", "uitvoering.2")
    assert answer.verdict == "+/-" and not answer.exact
    assert answer.bounds == (("enquete_overzicht", "0", "100", "1"),)
    assert answer.down.size == 1 and answer.down.sets
    for s in answer.down.sets:
        (change,) = s.changes
        assert change.measure == "enquete_overzicht" and change.new < change.old
        assert evaluate(framework, _apply(evidence, s.changes)).get("noord", "uitvoering.2").verdict == "-"
        less = attrs.evolve(change, new=change.new + 1) if change.new + 1 < change.old else None
        if less is not None:
            assert evaluate(framework, _apply(evidence, [less])).get("noord", "uitvoering.2").verdict == "+/-"
    assert "becomes - if enquete_overzicht V20C of noord is 36 instead of 36.4 (read by uitvoering.2)" in render_text(answer)
    assert Fraction(36) in {c.new for s in answer.down.sets for c in s.changes}
