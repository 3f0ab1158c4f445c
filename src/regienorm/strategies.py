"""Hypothesis strategies for property tests of frameworks, evidence and assessments.

Needs Hypothesis (``pip install 'regienorm[hypothesis]'``)::

    from hypothesis import given
    from regienorm import evaluate
    from regienorm.strategies import assessments

    @given(assessments())
    def test_every_judged_verdict_is_on_the_scale(case):
        framework, evidence, assessment = case
        symbols = framework.scale.symbols()
        assert all(j.verdict in symbols for j in assessment if j.verdict is not None)

* :func:`framework_texts`: text drawn from the grammar itself (mostly not a valid framework: for
  testing that nothing but regienorm's own errors comes out of the compiler);
* :func:`framework_sources` and :func:`frameworks`: valid frameworks, drawn as compiled objects
  would be (a scale, roles, rules of every kind with their bands and thresholds, normenkaders,
  norms and toetsaspecten limited to roles) and compiled from the text they are written as;
* :func:`evidence_for`: evidence for a given framework: entities of its roles (and a group), and
  findings, statuses and measure values for the targets that apply to each;
* :func:`assessments`: ``(framework, evidence, assessment)``;
* :func:`decision_sources` and :func:`decision_evidence`: frameworks of named inputs and decisions
  (which may be refused by the check, e.g. for a division by zero some inputs give), and evidence
  giving their inputs.

``monotone=True`` draws only rules under which a better input never gives a worse verdict
(no ``majority``, no ``then`` worse than ``else``), for monotonicity properties.
"""

from __future__ import annotations

import functools
from fractions import Fraction
from typing import Any

try:
    import hypothesis.strategies as st
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError("regienorm.strategies needs Hypothesis: pip install 'regienorm[hypothesis]'") from exc

from . import ir
from .engine.evaluator import evaluate
from .evidence import Evidence, parse_evidence
from .judgement import Assessment

__all__ = ["assessments", "decision_evidence", "decision_sources", "evidence_for", "framework_sources", "framework_texts",
           "frameworks"]

_SCALES = {2: ["+", "-"], 3: ["+", "+/-", "-"], 4: ["++", "+", "+/-", "-"]}
_FRACTIONS = [Fraction(1, 5), Fraction(1, 4), Fraction(1, 3), Fraction(1, 2), Fraction(2, 3), Fraction(3, 4), Fraction(4, 5)]


@functools.lru_cache(maxsize=1)
def _grammar() -> Any:
    from lark import Lark

    from .language.keywords import ENGLISH, terminal_definitions
    from .resources import grammar_path

    return Lark(grammar_path().read_text(encoding="utf-8") + terminal_definitions(ENGLISH), parser="lalr", lexer="basic")


def framework_texts() -> st.SearchStrategy[str]:
    """Texts generated from the language's grammar, tokens separated by whitespace or comments."""
    from hypothesis.extra.lark import from_lark

    return from_lark(_grammar(), explicit={"WS": st.sampled_from([" ", "\n", "\t"]), "COMMENT": st.just("# c\n")})


def _frac(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


def _q(symbol: str) -> str:
    return f'"{symbol}"'


@st.composite
def _thresholds(draw: st.DrawFn, symbols: list[str], high: Fraction) -> str:
    """``{ from x -> best; above y -> next; otherwise -> lowest }``: bounds falling, verdicts worsening."""
    count = draw(st.integers(1, len(symbols) - 1))
    bounds = sorted(draw(st.lists(st.sampled_from(_FRACTIONS), min_size=count, max_size=count, unique=True)), reverse=True)
    parts = []
    for n, bound in enumerate(bounds):
        word = draw(st.sampled_from(["from", "above"]))
        parts.append(f"{word} {_frac(bound * high)} -> {_q(symbols[n])}")
    parts.append(f"otherwise -> {_q(symbols[-1])}")
    return "{ " + "; ".join(parts) + " }"


@st.composite
def _bands(draw: st.DrawFn, symbols: list[str], top: int) -> str:
    """``{ 0..a -> lowest; a+1..b -> …; …..top -> best }``: bands tiling 0..top, verdicts improving."""
    pieces = draw(st.integers(1, min(len(symbols), top + 1)))
    cuts = sorted(draw(st.lists(st.integers(1, top), min_size=pieces - 1, max_size=pieces - 1, unique=True))) if top else []
    starts = [0, *cuts]
    ends = [c - 1 for c in cuts] + [top]
    chosen = symbols[len(symbols) - pieces:]  # the worst `pieces` symbols, best last
    ordered = list(reversed(chosen))
    return "{ " + "; ".join(f"{a}..{b} -> {_q(ordered[n])}" for n, (a, b) in enumerate(zip(starts, ends, strict=True))) + " }"


@st.composite
def _rule(draw: st.DrawFn, symbols: list[str], max_points: int, inputs: list[str], monotone: bool) -> str:
    """The right-hand side of a rule on verdicts over ``inputs`` (ids, for weights)."""
    kinds = ["share", "mean", "weighted", "sum", "worst", "best", "at least", "all", "any", "table"]
    if not monotone:
        kinds.append("majority")
    kind = draw(st.sampled_from(kinds))
    best, lowest = symbols[0], symbols[-1]
    if kind == "share":
        return "share of points " + draw(_thresholds(symbols, Fraction(1)))
    if kind == "mean":
        return "mean of points " + draw(_thresholds(symbols, Fraction(max_points)))
    if kind == "weighted":
        weighted = draw(st.lists(st.sampled_from(inputs), min_size=1, max_size=2, unique=True))
        weights = "; ".join(f"{name} = {draw(st.integers(1, 3))}" for name in weighted)
        return f"weighted {{ {weights} }} " + draw(_thresholds(symbols, Fraction(1)))
    if kind == "sum":
        return "sum of points " + draw(_bands(symbols, len(inputs) * max_points))
    if kind in ("worst", "best"):
        return kind
    if kind == "majority":
        return "majority tie " + draw(st.sampled_from(["worst", "best"]))
    if kind == "table":
        return f"table {{ when count(verdict = {_q(lowest)}) > count() / 2 -> {_q(lowest)}; otherwise -> {_q(best)} }}"
    level = draw(st.sampled_from(symbols))
    op = draw(st.sampled_from([">=", "<="]))
    good, bad = (best, lowest) if op == ">=" else (lowest, best)
    then, other = (good, bad) if monotone else draw(st.permutations([best, lowest]))
    head = f"at least {draw(st.integers(1, len(inputs)))} of" if kind == "at least" else kind
    return f"{head} {op} {_q(level)} then {_q(then)} else {_q(other)}"


def _policies(draw: st.DrawFn) -> str:
    out = []
    for status in ("not_assessed", "not_applicable"):
        policy = draw(st.sampled_from([None, "skip", "lowest", "propagate"]))
        if policy:
            out.append(f"on {status} {policy}")
    return " ".join(out)


@st.composite
def framework_sources(draw: st.DrawFn, *, monotone: bool = False, measures: bool = True) -> str:
    """The text of a valid framework (see the module); :func:`frameworks` compiles it."""
    size = draw(st.sampled_from([2, 3, 4]))
    symbols = _SCALES[size]
    max_points = size - 1
    roles = ["r1", "r2"][: draw(st.integers(1, 2))]
    lines = ['framework generated "Generated" version "1"',
             "scale oordeel { " + "; ".join(f'{_q(s)} s{n} = {max_points - n}' for n, s in enumerate(symbols)) + " }"]
    lines += [f"role {r}" for r in roles]
    use_measure = measures and draw(st.booleans())
    if use_measure:
        lines.append('measure m "M" unit "%" range 0..100')
        bound = draw(st.integers(1, 99))
        lines.append(f'rule opv = table on values {{ when mean(value) < {bound} -> {_q(symbols[-1])}; otherwise -> {_q(symbols[0])} }}')
    body: list[str] = []
    for k in range(1, draw(st.integers(1, 2)) + 1):
        nk_roles = draw(st.sampled_from([[], *([[r] for r in roles] if len(roles) > 1 else [])]))
        norms = []
        count = draw(st.integers(1, 3))
        for n in range(1, count + 1):
            source = "findings" if draw(st.integers(0, 4)) == 0 else "aspects"
            if use_measure and k == 1 and n == 1:
                source = "measure"
            norm_roles = draw(st.sampled_from([[], *([[r] for r in roles] if len(roles) > 1 and not nk_roles else [])]))
            head = f'  norm {n} "N{n}"' + (f" for {', '.join(norm_roles)}" if norm_roles else "")
            if source == "findings":
                norms.append(head + " { verdict from findings }")
            elif source == "measure":
                norms.append(head + " { verdict from measure m by opv }")
            else:
                ids = ["a", "b", "c"][: draw(st.integers(1, 3))]
                aspects = []
                for aid in ids:
                    limited = aid != "a" and len(roles) > 1 and not nk_roles and not norm_roles and draw(st.booleans())
                    aspects.append(f'aspect {aid} "A {aid}"' + (f" for {draw(st.sampled_from(roles))}" if limited else ""))
                rule = draw(_rule(symbols, max_points, ids, monotone))
                name = f"n{k}_{n}"
                lines.append(f"rule {name} {_policies(draw)} = {rule}".replace("  ", " "))
                norms.append(head + f" {{ verdict by {name}; " + "; ".join(aspects) + " }")
        total = draw(_rule(symbols, max_points, [str(n) for n in range(1, count + 1)], monotone).filter(lambda r: not r.startswith("sum")))
        lines.append(f"rule t{k} {_policies(draw)} = {total}".replace("  ", " "))
        across = f"  across entities by w{k}\n" if not use_measure else ""
        if across:
            share = "share of points " + draw(_thresholds(symbols, Fraction(1)))
            lines.append(f"rule w{k} {_policies(draw)} = " + draw(st.sampled_from(["worst", "best", share])))
        body.append(f'normenkader k{k} "K{k}"' + (f" for {', '.join(nk_roles)}" if nk_roles else "") + " {\n"
                    + f"  total by t{k}\n" + across + "\n".join(norms) + "\n}")
    return "\n".join(lines + body) + "\n"


def frameworks(*, monotone: bool = False, measures: bool = True) -> st.SearchStrategy[ir.Framework]:
    """Valid compiled frameworks (see the module)."""
    from .compiler.driver import compile_text

    return framework_sources(monotone=monotone, measures=measures).map(lambda text: compile_text(text, "generated.norm"))


def _yaml(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@st.composite
def evidence_for(draw: st.DrawFn, framework: ir.Framework, *, groups: bool = True, gaps: bool = True) -> Evidence:
    """Evidence for ``framework``: one to three entities per role (ids ``e1``, ``e2``, …), a group of
    some of one role when every normenkader judges across entities, and for each entity a finding
    (a verdict, an alias, or with ``gaps`` a status or nothing) at every target that applies to it
    and is judged from findings, and measure values for the norms judged on a measure."""
    roles = [r.id for r in framework.roles]
    entities: list[tuple[str, str]] = []
    for role in roles:
        for _ in range(draw(st.integers(1, 2 if len(roles) > 1 else 3))):
            entities.append((f"e{len(entities) + 1}", role))
    lines = ["format: regienorm-evidence/1",
             f"assessment: {{framework: {_yaml(framework.id)}, version: {_yaml(framework.version)}}}", "entities:"]
    lines += [f"  - {{id: {e}, role: {r}}}" for e, r in entities]
    across_everywhere = all(nk.across is not None for nk in framework.normenkaders)
    # a group of members of its own role, judged on every normenkader: a member that is not judged
    # where its group is (or the other way round) is refused (RN650)
    group_roles = [r for r in roles if all(nk.applies_to(r) for nk in framework.normenkaders)]
    if groups and across_everywhere and group_roles and len(entities) > 1 and draw(st.booleans()):
        role = draw(st.sampled_from(group_roles))
        members = draw(st.lists(st.sampled_from([e for e, r in entities if r == role]), min_size=1, unique=True))
        lines.append(f"  - {{id: g, role: {role}, members: [{', '.join(members)}]}}")
    outcomes = [*(_yaml(v.symbol) for v in framework.scale.values), *(_yaml(a) for v in framework.scale.values for a in v.aliases)]
    findings, measures = [], []
    targets = framework.targets()
    for entity, role in entities:
        for tid, target in targets.items():
            if not target.applies_to(role) or target.level == "normenkader":
                continue
            norm = target.norm
            assert norm is not None
            if isinstance(norm.verdict, ir.FromMeasure):
                if target.level == "norm":
                    for item in range(draw(st.integers(0 if gaps else 1, 3))):
                        measures.append(f"  - {{entity: {entity}, measure: {norm.verdict.measure}, item: i{item}, "
                                        f"value: {draw(st.integers(0, 100))}}}")
                continue
            judged_here = (target.level == "aspect") == isinstance(norm.verdict, ir.FromAspects)
            if not judged_here:
                continue
            choice = draw(st.sampled_from([*outcomes, *(["not_assessed", "not_applicable", None] if gaps else [])]))
            if choice is None:
                continue
            if choice in ("not_assessed", "not_applicable"):
                findings.append(f"  - {{entity: {entity}, target: {tid}, status: {choice}, note: drawn}}")
            else:
                findings.append(f"  - {{entity: {entity}, target: {tid}, verdict: {choice}}}")
    if findings:
        lines += ["findings:", *findings]
    if measures:
        lines += ["measures:", *measures]
    return parse_evidence("\n".join(lines) + "\n", "generated.yaml", framework)


@st.composite
def assessments(draw: st.DrawFn, frameworks_: st.SearchStrategy[ir.Framework] | None = None, *,
                reasons: bool = True) -> tuple[ir.Framework, Evidence, Assessment]:
    """``(framework, evidence, assessment)``: a framework (from ``frameworks_``, default
    :func:`frameworks`), evidence for it, and what :func:`regienorm.evaluate` makes of them."""
    framework = draw(frameworks_ if frameworks_ is not None else frameworks())
    evidence = draw(evidence_for(framework))
    return framework, evidence, evaluate(framework, evidence, reasons=reasons)


# ------------------------------------------------------------------------------------ decisions
@st.composite
def _number_expr(draw: st.DrawFn, numbers: list[str], categories: dict[str, list[str]], depth: int) -> str:
    """A number-valued expression over the names given (inputs and earlier decisions)."""
    leaf = [str(draw(st.integers(0, 9))), f"{draw(st.integers(1, 9))}/{draw(st.integers(2, 7))}", "0.25"]
    if numbers:
        leaf += numbers
    if depth <= 0:
        return draw(st.sampled_from(leaf))
    kind = draw(st.sampled_from(["leaf", "arith", "min", "abs", "round", "if", "case", "neg", "pow"]))
    sub = _number_expr(numbers, categories, depth - 1)
    if kind == "arith":
        return f"({draw(sub)} {draw(st.sampled_from(['+', '-', '*', '/']))} {draw(sub)})"
    if kind == "min":
        return f"{draw(st.sampled_from(['min', 'max']))}({draw(sub)}, {draw(sub)})"
    if kind == "abs":
        return f"abs({draw(sub)})"
    if kind == "round":
        mode = draw(st.sampled_from(["up", "down", "half up", "half down", "half even"]))
        return f"round {mode}({draw(sub)}, {draw(st.sampled_from(['1', '0.1', '0.5']))})"
    if kind == "neg":
        return f"-{draw(sub)}"
    if kind == "pow":
        return f"({draw(sub)}) ^ {draw(st.integers(0, 3))}"
    if kind == "if" and numbers:
        return f"(if {draw(st.sampled_from(numbers))} {draw(st.sampled_from(['<', '>=', '=']))} {draw(st.integers(0, 9))} " \
               f"then {draw(sub)} else {draw(sub)})"
    if kind == "case" and categories:
        name = draw(st.sampled_from(sorted(categories)))
        arms = "; ".join(f'"{c}" -> {draw(sub)}' for c in categories[name])
        return f"case {name} {{ {arms} }}"
    return draw(st.sampled_from(leaf))


@st.composite
def decision_sources(draw: st.DrawFn) -> str:
    """The text of a framework of named inputs and decisions alone: category, truth and number
    inputs, decisions over them and over each other (arithmetic, powers, `min`/`max`/`abs`,
    rounding, `if`, `case`) and a `band` into categories with an `otherwise`. It may not compile:
    a division by zero for some inputs is refused by the check, as it should be."""
    lines = ['framework decided "Decisions" version "1"']
    categories = {f"k{n}": [f"c{m}" for m in range(draw(st.integers(2, 3)))] for n in range(draw(st.integers(0, 2)))}
    for name, labels in categories.items():
        lines.append(f"input {name} one of ({', '.join(_q(c) for c in labels)})")
    numbers = [f"x{n}" for n in range(draw(st.integers(0, 2)))]
    for name in numbers:
        lines.append(f"input {name} number range 0..{draw(st.integers(1, 20))}")
    for n in range(draw(st.integers(1, 4))):
        lines.append(f"decision d{n} = {draw(_number_expr(numbers, categories, 3))}")
        numbers.append(f"d{n}")
    cut = draw(st.integers(0, 9))
    lines.append(f'decision rated one of ("low", "high", "other") = band {numbers[-1]} '
                 f'{{ < {cut} -> "low"; [{cut}..100] -> "high"; otherwise -> "other" }}')
    return "\n".join(lines) + "\n"


@st.composite
def decision_evidence(draw: st.DrawFn, framework: ir.Framework) -> Evidence:
    """Evidence for a framework of decisions: one to three entities, each giving every input a
    value of its kind (or, now and then, leaving one out)."""
    lines = ["format: regienorm-evidence/1",
             f"assessment: {{framework: {_yaml(framework.id)}, version: {_yaml(framework.version)}}}", "entities:"]
    for e in range(draw(st.integers(1, 3))):
        given = []
        for item in framework.inputs:
            if draw(st.integers(0, 9)) == 0:
                continue  # not given: the decisions that read it have no value
            if item.kind is ir.Kind.CATEGORY:
                given.append(f"{item.id}: {_yaml(draw(st.sampled_from(item.choices)))}")
            elif item.kind is ir.Kind.TRUTH:
                given.append(f"{item.id}: {'true' if draw(st.booleans()) else 'false'}")
            else:
                low = int(item.low) if item.low is not None else 0
                high = int(item.high) if item.high is not None else 100
                given.append(f"{item.id}: {draw(st.integers(low, high))}")
        lines.append(f"  - {{id: e{e}, inputs: {{{', '.join(given)}}}}}")
    return parse_evidence("\n".join(lines) + "\n", "generated.yaml", framework)
