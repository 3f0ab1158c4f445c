"""The engine's fast forms against the semantics they must equal (OPA runs its interpreter and its
planner on one corpus; here the rule case corpus, tests/cases/rules.yaml, and generated inputs).

- every rule of the corpus: the engine's runner (with and without reasons, by marks) and its
  integer kernel give what :func:`regienorm.semantics.rules.apply_verdict_rule` gives;
- every condition: the compiled form and the integer form give what
  :func:`regienorm.semantics.conditions.evaluate` gives (value, type, trace, Undefined);
- the integer form covers exactly the aggregates the semantics declares.
"""

from __future__ import annotations

import functools
import itertools
import random
from collections.abc import Iterator
from contextlib import contextmanager
from fractions import Fraction
from pathlib import Path
from typing import Any
from unittest import mock

import attrs
import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from regienorm import check_text, compile_file, compile_text, evaluate, ir, load_evidence, stream
from regienorm.engine.fast import expressions
from regienorm.engine.fast.conditions import PAIR_REDUCTIONS, Conditions, NoExactForm, exact
from regienorm.engine.fast.kernels import kernel, points_by_symbol
from regienorm.engine.judge import Engine
from regienorm.engine.runner import NOT_APPLICABLE_MARK, NOT_ASSESSED_MARK, CategoryMark, RuleRunner
from regienorm.evidence import Citation, Entity, Evidence, Finding, Override, Recorded
from regienorm.judgement import Status
from regienorm.semantics import conditions, decisions
from regienorm.semantics.aggregates import AGGREGATES, Undefined
from regienorm.semantics.rules import Input, ValueInput, apply_verdict_rule, compute
from regienorm.strategies import decision_evidence, decision_sources, evidence_for, frameworks

from .conftest import BUNDLED, BUNDLED_IDS, bundled

ROOT = Path(__file__).resolve().parent.parent
CASES = yaml.safe_load((ROOT / "tests" / "cases" / "rules.yaml").read_text(encoding="utf-8"))
HEAD = 'framework t "T" version "1"\nscale s { "+" voldoet = 2; "+/-" "voldoet gedeeltelijk" = 1 aka "-/+"; "-" "voldoet niet" = 0 }\n'
MARKS: list[Any] = ["+", "+/-", "-", "-/+", NOT_ASSESSED_MARK, NOT_APPLICABLE_MARK]
POINTS = {"+": 2, "+/-": 1, "-/+": 1, "-": 0}


def _input(label: str, m: Any) -> Input:
    if isinstance(m, CategoryMark):  # a finding of an outcome category: what it means, and its name
        return _input(label, m.base)._replace(category=m.category)
    if isinstance(m, str):
        return Input(label, Status.JUDGED, m, POINTS[m])
    return Input(label, Status.NOT_ASSESSED if m == NOT_ASSESSED_MARK else Status.NOT_APPLICABLE, None, None)


def _category_marks(framework: Any) -> list[Any]:
    """A mark per outcome category the framework declares (as the engine marks such a finding)."""
    return [CategoryMark(o.name, o.symbol if o.symbol is not None else
                         NOT_ASSESSED_MARK if o.status == "not_assessed" else NOT_APPLICABLE_MARK)
            for o in framework.outcomes]


def test_the_integer_form_covers_exactly_the_declared_aggregates() -> None:
    assert set(PAIR_REDUCTIONS) | {"max_points"} == set(AGGREGATES)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_the_runner_equals_the_semantics_on_the_corpus(case: dict[str, Any]) -> None:
    framework = compile_text(HEAD + case.get("outcomes", "") + f"rule r {case['rule']}\n")
    rule = framework.rules[0]
    categories = {m.category: m for m in _category_marks(framework)}
    given_marks = [NOT_APPLICABLE_MARK if m == "na" else NOT_ASSESSED_MARK if m == "nas" else
                   categories[m[4:]] if m.startswith("cat:") else m for m in case["inputs"]]
    rng = random.Random(case["name"])
    marks = MARKS + list(categories.values())
    trials = [given_marks] + [[rng.choice(marks) for _ in range(rng.randint(0, 9))] for _ in range(200)]
    for explain in (True, False):
        runner = RuleRunner(rule, framework.scale, explain, categories=bool(categories))
        for marks in trials:
            items = [(f"nk.{i}.{chr(97 + i)}", m) for i, m in enumerate(marks)]
            expected = apply_verdict_rule(rule, [_input(label, m) for label, m in items], framework.scale, explain=explain)
            assert runner.run(items) == (expected.status, expected.symbol, expected.reasons), marks
            if not runner.by_label:
                assert runner.decide(marks) == (expected.status, expected.symbol), marks


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_each_kernel_equals_the_rule_kind(case: dict[str, Any]) -> None:
    framework = compile_text(HEAD + case.get("outcomes", "") + f"rule r {case['rule']}\n")
    rule, scale = framework.rules[0], framework.scale
    fast = kernel(rule, scale)
    if fast is None:
        return
    rng = random.Random(case["name"])
    for _ in range(300):
        kept = [rng.choice(["+", "+/-", "-", "-/+"]) for _ in range(rng.randint(1, 12))]
        try:
            symbol, _ = compute(rule.body, [Input("", Status.JUDGED, s, POINTS[s]) for s in kept], scale)
        except Undefined:
            symbol = None
        assert fast(kept, points_by_symbol(scale)) == symbol, kept


VALUES = ["share(mean(value) < 50 by entity) > 1/2", "all(value >= 60)", "mean(value) < 6", "count() = 0",
          "count(value > 10) >= 2 and not any(value = 3)", "sum(value) / count() > 2.5 or min(value) < 1",
          "max(n) - min(n) * 2 <= 7", "sum(value) / (count() - count()) > 1", "none(value < 0) and share(value > 50) >= 1/3",
          "max(sum(value) by entity) > 30", "count(mean(value) > 1 by entity) >= 2", "mean(n) > 2", "count(n >= 3) > 1"]
VERDICTS = ['count(verdict = "-") > count() / 2', "all(points >= 1) and mean(points) >= 1.5", "share(points >= 1) > 1/2",
            "max_points() > 4", "sum(points) > max_points() / 2", 'min(verdict) = "+"', "not (min(points) >= 1)"]


def _outcome(f: Any, *args: Any) -> tuple[str, Any]:
    try:
        return "value", f(*args)
    except Undefined as e:
        return "undefined", str(e)


def _expr(condition: str, on_values: bool) -> Any:
    framework = compile_text(HEAD + 'measure m "M"\n' + f'rule r = table {"on values " if on_values else ""}'
                             f'{{ when {condition} -> "-"; otherwise -> "+" }}\n')
    return framework.rules[0].body.cases[0].condition, framework.scale  # type: ignore[union-attr]


_record = st.builds(lambda e, v, d, n: ValueInput(e, None, Fraction(v, d), n), st.sampled_from(["a", "b", "c"]),
                    st.integers(-50, 1000), st.sampled_from([1, 10, 100]), st.none() | st.integers(0, 9))


@settings(max_examples=60, deadline=None)
@given(condition=st.sampled_from([(c, True) for c in VALUES] + [(c, False) for c in VERDICTS]),
       records=st.lists(_record, max_size=8),
       verdicts=st.lists(st.sampled_from(["+", "+/-", "-"]), max_size=7))
def test_compiled_and_integer_conditions_equal_the_semantics(condition: tuple[str, bool], records: list[ValueInput],
                                                             verdicts: list[str]) -> None:
    expr, scale = _expr(*condition)
    if condition[1]:
        groups: dict[str, Any] = {}
        for r in records:
            groups.setdefault(r.entity, []).append(r)
        ctx = conditions.Context([r for r in records if r.entity == "a"], groups, scale)
    else:
        ctx = conditions.Context([Input("x", Status.JUDGED, s, POINTS[s]) for s in verdicts], {}, scale)
    plain_shown: list[str] = []
    fast_shown: list[str] = []
    plain = _outcome(conditions.evaluate, expr, ctx, ctx.items, None, plain_shown)
    fast = _outcome(Conditions().evaluate, expr, ctx, ctx.items, None, fast_shown)
    assert fast == plain and type(fast[1]) is type(plain[1]) and fast_shown == plain_shown
    try:
        integer = exact(expr)
    except NoExactForm:
        return
    quick = _outcome(integer, ctx, ctx.items, None)
    assert quick[0] == plain[0]
    assert (bool(quick[1]) == bool(plain[1])) if quick[0] == "value" else quick[1] == plain[1]


def test_a_field_compared_to_a_constant_is_undefined_as_in_the_semantics() -> None:
    # A field outside an aggregate: the compiler rejects it (RN405), a hand-made rule reaches the
    # check of each form. A field an input does not have: `n` of a record without one.
    records = [ValueInput("a", None, Fraction(70), 4), ValueInput("a", None, Fraction(50), None)]
    _, scale = _expr("count() = 0", True)
    ctx = conditions.Context(records, {"a": records}, scale)
    outside = ir.Compare(">=", ir.Field("value"), ir.Const(Fraction(60)))
    absent, _ = _expr("count(n >= 3) > 1", True)
    for expr, problem in ((outside, "`value` used outside an aggregate"), (absent, "an input has no `n`")):
        plain = _outcome(conditions.evaluate, expr, ctx, ctx.items, None, [])
        assert plain == ("undefined", problem)
        assert _outcome(Conditions().evaluate, expr, ctx, ctx.items, None, []) == plain
        assert _outcome(exact(expr), ctx, ctx.items, None) == plain


# ------------------------------------------------------------------ plans compiled to Python
# engine/fast/generated.py judges an entity without reasons by generated code; it must give what
# the engine's own walk gives (held to the semantics above and in tests/test_engine.py): the same
# rows, verdicts, outcomes and counts, over generated frameworks (every rule kind, policies, roles,
# groups across members, measures) and evidence (aliases, statuses, missing findings, recorded
# verdicts, overrides, groups).

@contextmanager
def _walk_only() -> Iterator[None]:
    """evaluate() and stream() with the engine's walk alone (no generated code)."""
    walk = functools.partial(Engine, generated=False)
    with mock.patch("regienorm.engine.evaluator.Engine", walk), mock.patch("regienorm.engine.stream.Engine", walk):
        yield


@st.composite
def _with_recorded(draw: st.DrawFn, framework: ir.Framework) -> Evidence:
    """Generated evidence with recorded verdicts and overrides added."""
    evidence = draw(evidence_for(framework))
    targets = sorted(framework.targets())
    symbols = [v.symbol for v in framework.scale.values]
    recorded = []
    for entity in evidence.entities:
        for target in draw(st.lists(st.sampled_from(targets), max_size=3)):
            symbol = draw(st.sampled_from([*symbols, None]))
            recorded.append(Recorded(entity.id, target, symbol, symbol or "", Citation(table="T"), record=f"{entity.id}.{target}"))
    overrides = []  # waivers of one judgement each, at any target (some not in the entity's plan)
    for entity in evidence.entities:
        for target in draw(st.lists(st.sampled_from(targets), max_size=3, unique=True)):
            overrides.append(Override(entity.id, target, draw(st.sampled_from(symbols)), "drawn", "auditor",
                                      applies=((entity.id, target),)))
    return attrs.evolve(evidence, recorded=tuple(recorded), overrides=tuple(overrides))


def _stream_view(framework: ir.Framework, evidence: Evidence) -> list[Any]:
    out = []
    for result in stream(framework, evidence, reasons=False):
        out.append((result.entity.id, result.verdicts(), result.outcomes(), result.counts, len(result)))
        out.append(tuple(result.judgements))  # after the verdicts: rows made from the marks on demand
    return out


@settings(max_examples=150, deadline=None)
@given(data=st.data(), framework=frameworks())
def test_generated_plans_equal_the_engines_walk(data: st.DataObject, framework: ir.Framework) -> None:
    evidence = data.draw(_with_recorded(framework))
    lean = evaluate(framework, evidence, reasons=False)
    streamed = _stream_view(framework, evidence)
    with _walk_only():
        assert evaluate(framework, evidence, reasons=False) == lean
        assert lean.counts == evaluate(framework, evidence, reasons=False).counts
        assert _stream_view(framework, evidence) == streamed


def _generated(framework: ir.Framework, entity: Any) -> Any:
    return Engine(framework, False).compiled(entity)


def test_the_generated_code_covers_what_it_says_and_falls_back_otherwise() -> None:
    framework = compile_text(HEAD + 'rule r = share of points { from 3/4 -> "+"; above 1/4 -> "+/-"; otherwise -> "-" }\n'
                             'rule w = worst\nrule s = sum of points { 0..1 -> "-"; 2..2 -> "+/-"; 3..4 -> "+" }\n'
                             'normenkader k "K" { norms by r\n total by w\n'
                             '  norm 1 "N1" { aspect a "A"; aspect b "B" }\n  norm 2 "N2" { verdict by s; aspect a "A"; aspect b "B" }\n'
                             '  norm 3 "N3" { verdict from findings }\n}\n')
    entity = Entity("e", "")
    compiled = _generated(framework, entity)
    assert compiled is not None and compiled.order == ["k.1.a", "k.1.b", "k.2.a", "k.2.b", "k.3"]

    def marks(**given: Any) -> Any:
        findings = {t.replace("_", "."): Finding("e", t.replace("_", "."), v, None if v else "not_assessed")
                    for t, v in given.items()}
        got = compiled.run(findings, {})
        return None if got is None else (got.marks, got.plain, got.found)

    # every finding a verdict: decided inline (k.1 3 of 4 points: "+"; k.2 a sum of 3: "+"; the worst: "+")
    assert marks(k_1_a="+", k_1_b="+/-", k_2_a="+/-", k_2_b="+", k_3="+") == (
        ["+", "+", "+/-", "+", "+/-", "+", "+", "+"], True, 5)
    got = marks(k_1_a="+", k_1_b="+/-", k_2_a="-", k_2_b="+", k_3="+")
    assert got is not None and got[0][3] == "+/-" and got[0][-1] == "+/-"
    # the findings as a sequence: in the plan's order read at once, in any other order by target
    records = [Finding("e", t, v) for t, v in zip(compiled.order, ["+", "+/-", "-", "+", "+"], strict=True)]
    for listed in (records, records[::-1]):
        assert compiled.run_records(listed, {})[:3] == (got[0], True, 5)
    # a finding with a status and two missing: every rule by its runner, the findings used counted
    got = marks(k_1_a="+", k_1_b=None, k_3="-")
    assert got is not None and got[0][1:3] == ["+", NOT_ASSESSED_MARK] and got[0][4:7] == [NOT_ASSESSED_MARK] * 2 + ["-"]
    assert got[1:] == (False, 3)
    # a finding at a norm judged from its toetsaspecten: the engine's walk judges the entity
    assert marks(k_1="+", k_1_a="+", k_1_b="+", k_2_a="+", k_2_b="+", k_3="+") is None
    # a group judged across its members is the walk's
    across = compile_text(HEAD + "rule w = worst\nnormenkader k \"K\" { total by w\n across entities by w\n"
                          '  norm 1 "N1" { verdict from findings }\n}\n')
    assert _generated(across, Entity("g", "", members=("e",))) is None
    assert _generated(across, Entity("e", "")) is not None


# ------------------------------------------------------------------ decisions and scores compiled
# engine/fast/expressions.py: each decision's and score's expression as closures, without reasons;
# they must give what the interpreter (semantics.decisions.evaluate) gives, value or outcome.

@contextmanager
def _interpreted() -> Iterator[None]:
    """Decisions and scores by the interpreter alone."""
    def interpreted(framework: ir.Framework) -> dict[str, Any]:
        return {d.id: functools.partial(_evaluate_without_steps, d.expr) for d in framework.decisions}

    with mock.patch("regienorm.engine.decisions.decisions_of", interpreted), \
            mock.patch("regienorm.engine.scores.value_of", _evaluate_without_steps):
        yield


def _evaluate_without_steps(expr: ir.Expr, env: Any) -> Any:
    return decisions.evaluate(expr, env)


def _outcome_of(f: Any, env: Any) -> tuple[str, Any]:
    try:
        return "value", f(env)
    except (decisions.NoValue, decisions.DecisionError) as exc:
        return type(exc).__name__, str(exc)


@settings(max_examples=150, deadline=None)
@given(data=st.data(), source=decision_sources())
def test_compiled_decisions_equal_the_interpreter(data: st.DataObject, source: str) -> None:
    checked = check_text(source, "generated.norm")
    assume(checked.framework is not None)  # the generator also writes what the compiler refuses (1 / 0)
    framework = checked.framework
    assert framework is not None
    evidence = data.draw(decision_evidence(framework))
    for entity in evidence.entities:  # each decision on the values before it, as the engine reads them
        env: dict[Any, Any] = {i.name: i.value for i in entity.inputs}
        for decision in framework.decisions:
            fast = _outcome_of(expressions.compiled(decision.expr), env)
            assert fast == _outcome_of(functools.partial(decisions.evaluate, decision.expr), env)
            try:
                env[decision.id] = decisions.evaluate(decision.expr, env)
            except (decisions.NoValue, decisions.DecisionError) as exc:
                env[decision.id] = exc
    lean = evaluate(framework, evidence, reasons=False)
    with _interpreted():
        assert evaluate(framework, evidence, reasons=False) == lean


#: every cookbook framework with decisions or scores, with the evidence beside it
COOKBOOK = [(norm, evidence) for norm in sorted((ROOT / "frameworks" / "cookbook").glob("**/*.norm")) if norm.stem != "with-gap"
            and any(word in norm.read_text(encoding="utf-8") for word in ("decision ", "score "))
            for evidence in sorted(norm.parent.glob("*.evidence.yaml"))]


@pytest.mark.parametrize("norm, evidence", COOKBOOK, ids=[f"{n.parent.name}/{n.stem}" for n, _ in COOKBOOK])
def test_compiled_decisions_and_scores_equal_the_interpreter_on_the_cookbook(norm: Path, evidence: Path) -> None:
    framework = compile_file(norm)
    given = load_evidence(evidence, framework)
    lean = evaluate(framework, given, reasons=False)
    assert any(j.level in ("decision", "score") and j.status is Status.JUDGED for j in lean)
    with _interpreted():
        assert evaluate(framework, given, reasons=False) == lean
    assert [(j.target, j.status, j.value) for j in evaluate(framework, given)] == [(j.target, j.status, j.value) for j in lean]


@pytest.mark.parametrize("norm, evidence", BUNDLED, ids=BUNDLED_IDS)
def test_generated_plans_equal_the_walk_on_every_bundled_framework(norm: Path, evidence: Path) -> None:
    """Lean evaluation (generated code where it covers the plan) gives exactly what the walk gives,
    and the verdicts the full evaluation with reasons gives."""
    framework, given = bundled(norm, evidence)
    lean = evaluate(framework, given, reasons=False)
    with _walk_only():
        assert evaluate(framework, given, reasons=False) == lean
    assert [(j.entity, j.target, j.status, j.verdict, j.value) for j in evaluate(framework, given)] == \
        [(j.entity, j.target, j.status, j.verdict, j.value) for j in lean]


MIXED = '''framework mixed "Inputs on two scales, values sharing points" version "1"
scale rating { "good" Good = 3; "fair" Fair = 2; "ok" OK = 2; "poor" Poor = 1 }
scale check { "met" Met = 1; "breach" Breach = 0 }
normenkader k "K" {
  total by share of points { from 3/4 -> "good"; from 1/2 -> "fair"; otherwise -> "poor" }
  norm a "A" findings on check { aspect x "x"; aspect y "y"; verdict by worst }
  norm b "B" { aspect x "x"; aspect y "y"; verdict by worst }
}
'''


def test_generated_plans_leave_mixed_scales_and_shared_points_to_the_runner(tmp_path: Path) -> None:
    """A share over a norm on `check` (maximum 1) and one on `rating` (maximum 3) takes each
    input on its own maximum, and `worst` of "fair" and "ok" (2 points each) goes by the declared
    order: the generated code must give what the walk gives on every combination."""
    from regienorm.compiler import compile_text

    framework = compile_text(MIXED)
    rows = []
    combos = list(itertools.product(["met", "breach"], ["met", "breach"], ["good", "fair", "ok", "poor"],
                                    ["good", "fair", "ok", "poor"]))
    for n, (ax, ay, bx, by) in enumerate(combos):
        rows += [{"entity": f"e{n}", "target": t, "verdict": v}
                 for t, v in (("k.a.x", ax), ("k.a.y", ay), ("k.b.x", bx), ("k.b.y", by))]
    path = tmp_path / "e.yaml"
    path.write_text(yaml.safe_dump({"format": "regienorm-evidence/1", "assessment": {"framework": "mixed", "version": "1"},
                                    "entities": [{"id": f"e{n}"} for n in range(len(combos))], "findings": rows}),
                    encoding="utf-8")
    given = load_evidence(path, framework)
    lean = evaluate(framework, given, reasons=False)
    assert any(Engine(framework, False).compiled(e) is not None for e in given.entities)  # the generated code runs
    with _walk_only():
        assert evaluate(framework, given, reasons=False) == lean
    assert [(j.entity, j.target, j.verdict) for j in evaluate(framework, given)] == \
        [(j.entity, j.target, j.verdict) for j in lean]
