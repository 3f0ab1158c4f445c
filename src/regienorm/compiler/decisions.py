"""Inputs and decisions: names resolved, kinds checked, the graph of decisions acyclic, and every
``band`` and ``case`` checked against the values its subject can really take (RN701–RN715).

A decision's expression is shaped with its names as fields; here each becomes a reference to a
declared input or decision (RN701 otherwise), quoted texts become categories, and the kind of every
part is inferred: number, truth, or category (with the categories it can be). The decisions are
then ordered so that each comes after what it reads; a cycle is RN702, naming the chain.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any

import attrs

from .. import ir
from ..diagnostics import did_you_mean
from ..judgement import Status
from ..language.shape import DecisionDecl
from ..semantics.decisions import (
    FUNCTIONS,
    MAX_EXPONENT,
    SCALE_KEY,
    DecisionError,
    NoValue,
    Uncovered,
    evaluate,
    expr_text,
    interval_text,
    parts_key,
    subexpressions,
    value_text,
)
from ..semantics.rules import Input
from ..source import Span
from .reach import Reach, reach_of
from .state import Compilation
from .types import expr_type


@attrs.frozen
class Kind:
    """The kind of a part of a decision, and for a category the labels it can be (None: any text)."""

    kind: ir.Kind
    labels: frozenset[str] | None = None


NUMBER = Kind(ir.Kind.NUMBER)
TRUTH = Kind(ir.Kind.TRUTH)
#: `not_assessed`: no value, which fits a branch of any kind.
NOTHING = Kind(ir.Kind.TEXT, frozenset())
_WORDS = {ir.Kind.NUMBER: "a number", ir.Kind.TRUTH: "a true/false value", ir.Kind.CATEGORY: "a category",
          ir.Kind.TEXT: "a text", ir.Kind.DATE: "a date"}


def pass_decisions(state: Compilation) -> None:
    """Check inputs and decisions and keep the resolved decisions, in order, for the build."""
    decls = state.decls
    inputs: dict[str, ir.InputDecl] = {}
    for item in decls.inputs:
        if item.kind is ir.Kind.CATEGORY and len(set(item.choices)) != len(item.choices):
            twice = next(c for c in item.choices if item.choices.count(c) > 1)
            state.err("RN715", f"input `{item.id}` lists the category \"{twice}\" twice", item.span,
                      "list each category once")
        if (item.low is not None or item.unit is not None) and item.kind is not ir.Kind.NUMBER:
            state.err("RN715", f"input `{item.id}` has a unit or range but is not a number", item.span,
                      "a unit and a range belong to a `number` input")
        if item.low is not None and item.high is not None and item.low > item.high:
            state.err("RN715", f"input `{item.id}` has an empty range", item.span, "write the lower bound first")
        inputs.setdefault(item.id, item)
    by_name: dict[str, DecisionDecl] = {}
    for decl in decls.decisions:
        by_name.setdefault(decl.name.text, decl)
    checker = _Checker(state, inputs, by_name, _parts(state))
    order = checker.order()
    resolved: list[ir.Decision] = []
    reaches: dict[str, Reach] = {}
    exact = _finite_inputs(inputs, by_name, checker, state.scale)
    for decl in order:
        expr = checker.resolve(decl.expr)
        kind = checker.kind_of(expr)
        checker.kinds[decl.name.text] = kind
        if decl.choices is not None:
            _check_result_categories(state, decl, kind)
            kind = Kind(ir.Kind.CATEGORY, frozenset(decl.choices))
            checker.kinds[decl.name.text] = kind
        reaches[decl.name.text] = _check_reach(state, expr, inputs, reaches, bands=exact is None)
        resolved.append(ir.Decision(
            decl.name.text, expr, kind.kind, decl.title, tuple(decl.choices or sorted(kind.labels or ())),
            decl.unit, decl.stated, decl.reconstructed, decl.sources, tuple(_names(expr)),
            tuple(_targets_read(expr)), span=decl.span))
    if exact is not None and not state.has_errors:
        _check_every_combination(state, resolved, exact)
    state.decisions = resolved


#: At most this many combinations of inputs are tried one by one to check bands exactly (CVSS's
#: eight base metrics have 2,592); past it, or with a number input, bands are checked against
#: intervals, which can hold values that never occur (reported as warnings then).
MAX_COMBINATIONS = 100_000


@attrs.frozen
class _Space:
    """What the decisions read that has few values: inputs (categories, truths) and the parts of
    targets (each judged on the scale, or not judged)."""

    inputs: list[ir.InputDecl]
    parts: list[tuple[str, int]]  # (target, number of parts)
    scale: ir.Scale | None


def _finite_inputs(inputs: dict[str, ir.InputDecl], decisions: dict[str, DecisionDecl],
                   checker: _Checker, scale: ir.Scale | None) -> _Space | None:
    """What the decisions read, when everything has few values (categories, truths, the parts of
    targets) and all their combinations can be tried; else None. Parts are tried as multisets:
    every aggregate over parts is symmetric."""
    used: dict[str, None] = {}
    targets: dict[str, None] = {}
    for decl in decisions.values():
        for f in checker._fields(decl.expr):
            if f.name in inputs:
                used.setdefault(f.name)
        for t in _targets_read(decl.expr):
            targets.setdefault(t)
    chosen = [inputs[n] for n in used]
    parts = [(t, len(checker.parts[t])) for t in targets if t in checker.parts]
    count = 1
    for _, n in parts:
        if scale is None:
            return None
        count *= math.comb(n + len(scale.values), len(scale.values))
        if count > MAX_COMBINATIONS:
            return None
    for item in chosen:
        if item.kind is ir.Kind.CATEGORY:
            count *= len(item.choices)
        elif item.kind is ir.Kind.TRUTH:
            count *= 2
        else:
            return None
        if count > MAX_COMBINATIONS:
            return None
    return _Space(chosen, parts, scale)


def _part_sets(target: str, n: int, scale: ir.Scale) -> list[list[Input]]:
    """Every multiset of outcomes of a target's n parts: each judged on the scale or not judged."""
    outcomes: list[ir.ScaleValue | None] = [None, *scale.values]
    out = []
    for chosen in itertools.combinations_with_replacement(range(len(outcomes)), n):
        out.append([Input(f"{target}.{k}", Status.JUDGED, outcomes[c].symbol, outcomes[c].points)  # type: ignore[union-attr]
                    for k, c in enumerate(chosen) if c != 0])
    return out


def _check_every_combination(state: Compilation, decisions: list[ir.Decision], space: _Space) -> None:
    """Evaluate every decision for every combination of its inputs (each decision once per
    combination of the values it reads), and check every band against the values its subject
    really takes, and every division: an uncovered value or a division by zero is an error, with
    the inputs that give it."""
    inputs = space.inputs
    values: list[Sequence[Any]] = [i.choices if i.kind is ir.Kind.CATEGORY else (True, False) for i in inputs]
    names: list[Any] = [i.id for i in inputs]
    for target, n in space.parts:
        assert space.scale is not None
        values.append(_part_sets(target, n, space.scale))
        names.append(parts_key(target))
    subjects: dict[int, dict[Fraction, dict[str, Any]]] = {}
    bands: dict[int, ir.BandOf] = {}
    failed: dict[str, tuple[str, dict[str, Any]]] = {}
    memo: list[dict[tuple[Any, ...], Any]] = [{} for _ in decisions]
    for combination in itertools.product(*values):
        env: dict[Any, Any] = dict(zip(names, combination, strict=True))
        if space.parts:
            env[SCALE_KEY] = space.scale

        def watch(node: ir.BandOf, subject: Fraction, env: dict[Any, Any] = env) -> None:
            bands[id(node)] = node
            subjects.setdefault(id(node), {}).setdefault(subject, {n: env[n] for n in names})

        for decision, seen in zip(decisions, memo, strict=True):
            key = tuple(_identity(env.get(u)) for u in decision.uses) + tuple(
                tuple(i.points for i in env[parts_key(t)]) for t in decision.parts if parts_key(t) in env)
            if key in seen:
                env[decision.id] = seen[key]
                continue
            try:
                result: Any = evaluate(decision.expr, env, None, watch)
            except (NoValue, DecisionError) as exc:
                result = exc
                if isinstance(exc, DecisionError) and not isinstance(exc, Uncovered) and decision.id not in failed and \
                        not any(isinstance(env.get(u), (NoValue, DecisionError)) for u in decision.uses):
                    failed[decision.id] = (str(exc), {n: env[n] for n in names})
            seen[key] = env[decision.id] = result
    for decision in decisions:
        if decision.id in failed:
            problem, example = failed[decision.id]
            state.err("RN709", f"decision `{decision.id}` fails for some inputs: {problem}", decision.span,
                      "guard the arithmetic with `if`, or cover every value",
                      notes=(f"for example with {_combination_text(example)}",))
    for node_id, node in bands.items():
        if failed:
            break  # the band errors would only repeat the failure above
        found = subjects[node_id]
        _check_bands(state, node, Reach(frozenset(found)), examples=found)


def _identity(value: Any) -> Any:
    """A memo key part: an outcome without a value stands for itself."""
    return ("no value", id(value)) if isinstance(value, (NoValue, DecisionError)) else (type(value), value)


def _combination_text(example: dict[Any, Any]) -> str:
    shown = []
    for k, v in example.items():
        if isinstance(k, tuple):  # the parts of a target
            points = ", ".join(str(i.points) for i in v) or "none"
            shown.append(f"{len(v)} parts of `{k[1]}` judged, with points {points}")
        else:
            shown.append(f"{k} = {value_text(v)}")
    return "; ".join(shown)


def _check_result_categories(state: Compilation, decl: DecisionDecl, kind: Kind) -> None:
    assert decl.choices is not None
    if kind.kind is not ir.Kind.CATEGORY:
        state.err("RN713", f"decision `{decl.name.text}` is declared `one of` categories but gives {_WORDS[kind.kind]}",
                  decl.span, "give a category, for example with `band` or `case`")
        return
    for label in sorted((kind.labels or frozenset()) - set(decl.choices)):
        close = did_you_mean(label, decl.choices)
        state.err("RN713", f"decision `{decl.name.text}` can give \"{label}\", which is not one of its categories",
                  decl.span, f'did you mean "{close}"?' if close else "add it to `one of (…)` or correct it")


def _parts(state: Compilation) -> dict[str, tuple[str, ...]]:
    """Every target with parts, and the ids of its parts: a normenkader's norms, a norm's
    toetsaspecten (an aspect declared per role counted once)."""
    out: dict[str, tuple[str, ...]] = {}
    for nk in state.decls.normenkaders:
        out[nk.id.text] = tuple(f"{nk.id.text}.{n.id.text}" for n in nk.norms)
        for norm in nk.norms:
            if norm.aspects:
                out[f"{nk.id.text}.{norm.id.text}"] = tuple(dict.fromkeys(
                    f"{nk.id.text}.{norm.id.text}.{a.id.text}" for a in norm.aspects))
    return out


def _targets_read(expr: ir.Expr) -> list[str]:
    """The targets whose parts an expression aggregates, each once, in the order written."""
    out: dict[str, None] = {}
    stack = [expr]
    while stack:
        e = stack.pop()
        if isinstance(e, ir.Call) and e.of is not None:
            out.setdefault(e.of)
        stack.extend(reversed(subexpressions(e)))
    return list(out)


def _names(expr: ir.Expr) -> list[str]:
    """The inputs and decisions an expression reads, each once, in the order written."""
    out: dict[str, None] = {}
    stack = [expr]
    while stack:
        e = stack.pop()
        if isinstance(e, ir.Ref):
            out.setdefault(e.name)
        stack.extend(reversed(subexpressions(e)))
    return list(out)


class _Checker:
    def __init__(self, state: Compilation, inputs: dict[str, ir.InputDecl], decisions: dict[str, DecisionDecl],
                 parts: dict[str, tuple[str, ...]]) -> None:
        self.state = state
        self.inputs = inputs
        self.decisions = decisions
        self.parts = parts
        self.kinds: dict[str, Kind] = {}

    # -- names and order
    def _fields(self, expr: ir.Expr) -> Iterable[ir.Field]:
        stack = [expr]
        while stack:
            e = stack.pop()
            if isinstance(e, ir.Field):
                yield e
            stack.extend(subexpressions(e))

    def order(self) -> list[DecisionDecl]:
        """The decisions, each after the decisions it reads (RN702 for a cycle, once per cycle)."""
        uses = {name: [f.name for f in self._fields(d.expr) if f.name in self.decisions and f.name not in self.inputs]
                for name, d in self.decisions.items()}
        done: set[str] = set()
        out: list[DecisionDecl] = []
        reported: set[frozenset[str]] = set()
        for start in self.decisions:
            if start in done:
                continue
            # iterative depth-first search: a chain of thousands of decisions must not hit the recursion limit
            path: list[str] = [start]
            on_path = {start}
            stack = [iter(uses[start])]
            while stack:
                nxt = next(stack[-1], None)
                if nxt is None:
                    stack.pop()
                    node = path.pop()
                    on_path.discard(node)
                    if node not in done:
                        done.add(node)
                        out.append(self.decisions[node])
                    continue
                if nxt in done:
                    continue
                if nxt in on_path:
                    chain = path[path.index(nxt):] + [nxt]
                    key = frozenset(chain)
                    if key not in reported:
                        reported.add(key)
                        decl = self.decisions[chain[0]]
                        self.state.err("RN702", "decisions depend on each other in a circle: " + " -> ".join(chain),
                                       decl.span, "a decision may use only decisions that do not use it")
                    continue
                path.append(nxt)
                on_path.add(nxt)
                stack.append(iter(uses[nxt]))
        return out

    def resolve(self, expr: ir.Expr) -> ir.Expr:
        """Fields become references to inputs and decisions; texts become categories; one-argument
        ``min``/``max`` become functions (RN701, RN710, RN711)."""
        e = expr
        if isinstance(e, ir.Field):
            if e.name in self.inputs or e.name in self.decisions:
                return ir.Ref(e.name, span=e.span)
            known = {**self.inputs, **{k: v for k, v in self.decisions.items()}}
            close = did_you_mean(e.name, known)
            self.state.err("RN701", f"unknown input or decision `{e.name}`", e.span,
                           f"did you mean `{close}`?" if close else
                           f"declare it: `input {e.name} number` or `decision {e.name} = …`",
                           label="no input or decision of this name")
            return ir.Ref(e.name, span=e.span)
        if isinstance(e, ir.VerdictConst):
            return ir.Text(e.symbol, span=e.span)
        if isinstance(e, ir.Call) and e.of is not None:
            return self._of_target(e)
        if isinstance(e, ir.Call):
            if e.function in ("min", "max", "abs") and e.argument is not None and not e.by_entity:
                return self.resolve(ir.Func(e.function, (e.argument,), span=e.span))
            self.state.err("RN710", f"`{e.function}(…)` aggregates the inputs of a rule and has no meaning in a decision",
                           e.span, "a decision reads named inputs and decisions: `min(a, b)`, `max(a, b)`, `abs(a)`; "
                           f"to aggregate a target's parts, name it: `{e.function}(points of opzet)`")
            return ir.Const(Fraction(0), span=e.span)
        if isinstance(e, ir.Func):
            return attrs.evolve(e, args=tuple(self.resolve(a) for a in e.args))
        if isinstance(e, (ir.Compare, ir.Arith)):
            return attrs.evolve(e, left=self.resolve(e.left), right=self.resolve(e.right))
        if isinstance(e, ir.BoolOp):
            return attrs.evolve(e, operands=tuple(self.resolve(o) for o in e.operands))
        if isinstance(e, (ir.Not, ir.Neg, ir.Round)):
            return attrs.evolve(e, operand=self.resolve(e.operand))
        if isinstance(e, ir.If):
            return attrs.evolve(e, condition=self.resolve(e.condition), then=self.resolve(e.then),
                                otherwise=self.resolve(e.otherwise))
        if isinstance(e, ir.InList):
            return attrs.evolve(e, operand=self.resolve(e.operand), options=tuple(self.resolve(o) for o in e.options))
        if isinstance(e, ir.CaseOf):
            other = self.resolve(e.otherwise) if e.otherwise is not None else None
            return attrs.evolve(e, subject=self.resolve(e.subject), otherwise=other,
                                arms=tuple(attrs.evolve(a, value=self.resolve(a.value)) for a in e.arms))
        if isinstance(e, ir.BandOf):
            other = self.resolve(e.otherwise) if e.otherwise is not None else None
            return attrs.evolve(e, subject=self.resolve(e.subject), otherwise=other,
                                arms=tuple(attrs.evolve(a, value=self.resolve(a.value)) for a in e.arms))
        return e

    def _of_target(self, e: ir.Call) -> ir.Expr:
        """``sum(points of opzet)``: the target must have parts (RN716); the aggregate is checked as
        in a rule on verdicts, its argument naming a part's fields (``points``, ``verdict``)."""
        assert e.of is not None
        if e.of not in self.parts:
            close = did_you_mean(e.of, self.parts)
            self.state.err("RN716", f"`{e.of}` is not a normenkader or norm with parts", e.span,
                           f"did you mean `{close}`?" if close else
                           "name a normenkader (its norms are the parts) or a norm with toetsaspecten")
        scale = self.state.scale
        if scale is None:
            self.state.err("RN716", f"`of {e.of}` reads verdicts, and the framework has no verdict scale", e.span,
                           "declare the scale the parts are judged on")
        else:
            kind = expr_type(self.state, attrs.evolve(e, of=None), scale, False, depth=0, per_input=False)
            self.kinds[f"of {id(e)}"] = TRUTH if kind == "truth" else NUMBER
        return e

    # -- kinds
    def _ref_kind(self, e: ir.Ref) -> Kind:
        if e.name in self.inputs:
            item = self.inputs[e.name]
            return Kind(item.kind, frozenset(item.choices) if item.kind is ir.Kind.CATEGORY else None)
        return self.kinds.get(e.name, NUMBER)  # unknown (RN701) or in a cycle (RN702): already reported

    def _need(self, e: ir.Expr, want: ir.Kind, what: str) -> Kind:
        got = self.kind_of(e)
        if got.kind is not want:
            self.state.err("RN703", f"{what} needs {_WORDS[want]}, and {expr_text(e)} is {_WORDS[got.kind]}", e.span,
                           "compare it first" if want is ir.Kind.TRUTH else f"use {_WORDS[want]} here")
        return got

    def _labels_fit(self, literal: ir.Expr, other: Kind) -> None:
        """A quoted category compared with a category input must be one of its categories (RN704)."""
        if isinstance(literal, ir.Text) and other.labels is not None and literal.value not in other.labels:
            close = did_you_mean(literal.value, sorted(other.labels))
            self.state.err("RN704", f"\"{literal.value}\" is not one of the categories "
                           + ", ".join(f'"{c}"' for c in sorted(other.labels)), literal.span,
                           f'did you mean "{close}"?' if close else "use one of the declared categories")

    def kind_of(self, e: ir.Expr) -> Kind:
        if isinstance(e, ir.Unassessed):
            return NOTHING
        if isinstance(e, ir.Const):
            return NUMBER
        if isinstance(e, ir.Call) and e.of is not None:
            return self.kinds.get(f"of {id(e)}", NUMBER)
        if isinstance(e, ir.Text):
            return Kind(ir.Kind.CATEGORY, frozenset({e.value}))
        if isinstance(e, ir.Ref):
            return self._ref_kind(e)
        if isinstance(e, ir.Neg):
            return self._need(e.operand, ir.Kind.NUMBER, "`-`")
        if isinstance(e, ir.Arith):
            self._need(e.left, ir.Kind.NUMBER, f"`{e.op}`")
            self._need(e.right, ir.Kind.NUMBER, f"`{e.op}`")
            if e.op == "^":
                self._exponent(e)
            return NUMBER
        if isinstance(e, ir.Compare):
            left, right = self.kind_of(e.left), self.kind_of(e.right)
            if left.kind is not right.kind:
                self.state.err("RN703", f"{expr_text(e)} compares {_WORDS[left.kind]} with {_WORDS[right.kind]}",
                               e.span, "compare values of one kind")
            elif e.op not in ("=", "!=") and left.kind is not ir.Kind.NUMBER:
                self.state.err("RN703", f"`{e.op}` compares numbers, and {expr_text(e.left)} is {_WORDS[left.kind]}",
                               e.span, "categories are compared with `=`, `!=` or `in (…)`")
            else:
                self._labels_fit(e.left, right)
                self._labels_fit(e.right, left)
            return TRUTH
        if isinstance(e, (ir.BoolOp, ir.Not)):
            for operand in (e.operands if isinstance(e, ir.BoolOp) else (e.operand,)):
                self._need(operand, ir.Kind.TRUTH, f"`{e.op if isinstance(e, ir.BoolOp) else 'not'}`")
            return TRUTH
        if isinstance(e, ir.InList):
            subject = self.kind_of(e.operand)
            for option in e.options:
                got = self.kind_of(option)
                if got.kind is not subject.kind:
                    self.state.err("RN703", f"`in` lists {_WORDS[got.kind]} for {_WORDS[subject.kind]}", option.span,
                                   "list values of the kind of the left side")
                self._labels_fit(option, subject)
            return TRUTH
        if isinstance(e, ir.If):
            self._need(e.condition, ir.Kind.TRUTH, "`if`")
            return self._same([e.then, e.otherwise], "the two branches of `if`")
        if isinstance(e, ir.Func):
            return self._func(e)
        if isinstance(e, ir.Round):
            self._need(e.operand, ir.Kind.NUMBER, "`round`")
            if e.step <= 0:
                self.state.err("RN714", f"rounding to a step of {value_text(e.step)}", e.span,
                               "round to a positive step, for example 0.1 or 1")
            return NUMBER
        if isinstance(e, ir.CaseOf):
            return self._case(e)
        if isinstance(e, ir.BandOf):
            self._need(e.subject, ir.Kind.NUMBER, "`band`")
            for arm in e.arms:
                iv = arm.interval
                if iv.low is not None and iv.high is not None and (
                        iv.low > iv.high or (iv.low == iv.high and not (iv.low_closed and iv.high_closed))):
                    self.state.err("RN708", f"the band {interval_text(iv)} holds no number", arm.span,
                                   "write the lower bound first; `[a..a]` or `= a` is the one number a")
            values = [a.value for a in e.arms] + ([e.otherwise] if e.otherwise is not None else [])
            return self._same(values, "the bands")
        self.state.err("RN710", f"{expr_text(e)} has no meaning in a decision", e.span,
                       "a decision reads named inputs and decisions")
        return NUMBER

    def _same(self, parts: list[ir.Expr], what: str) -> Kind:
        pairs = [(p, self.kind_of(p)) for p in parts]
        pairs = [(p, k) for p, k in pairs if k is not NOTHING] or pairs[:1]
        parts = [p for p, _ in pairs]
        kinds = [k for _, k in pairs]
        first = kinds[0]
        for part, kind in zip(parts[1:], kinds[1:], strict=True):
            if kind.kind is not first.kind:
                self.state.err("RN703", f"{what} give {_WORDS[first.kind]} and {_WORDS[kind.kind]}", part.span,
                               "every branch must give a value of one kind")
        if first.kind is ir.Kind.CATEGORY:
            labels: set[str] | None = set()
            for kind in kinds:
                if kind.labels is None or labels is None:
                    labels = None
                else:
                    labels |= kind.labels
            return Kind(ir.Kind.CATEGORY, frozenset(labels) if labels is not None else None)
        return first

    def _func(self, e: ir.Func) -> Kind:
        arity = FUNCTIONS.get(e.name)
        if arity is None:
            close = did_you_mean(e.name, FUNCTIONS)
            self.state.err("RN711", f"unknown function `{e.name}`", e.span,
                           f"did you mean `{close}`?" if close else "functions are `min`, `max`, `abs` and `round`")
            return NUMBER
        low, high = arity
        if len(e.args) < low or (high is not None and len(e.args) > high):
            want = f"{low}" if low == high else f"at least {low}"
            self.state.err("RN711", f"`{e.name}` takes {want} value{'s' if low != 1 else ''}, here {len(e.args)}",
                           e.span, f"for example `{e.name}(a, b)`" if e.name != "abs" else "for example `abs(a - b)`")
        for arg in e.args:
            self._need(arg, ir.Kind.NUMBER, f"`{e.name}`")
        return NUMBER

    def _exponent(self, e: ir.Arith) -> None:
        right = e.right
        value = right.value if isinstance(right, ir.Const) else (
            -right.operand.value if isinstance(right, ir.Neg) and isinstance(right.operand, ir.Const) else None)
        if value is None:
            self.state.err("RN712", "an exponent must be a whole number written in the framework", right.span,
                           "write the exponent as a number, for example `^ 15`")
        elif value.denominator != 1 or abs(value.numerator) > MAX_EXPONENT:
            self.state.err("RN712", f"the exponent {value_text(value)} is not a whole number up to {MAX_EXPONENT}",
                           right.span, "powers are exact: use a whole exponent")

    def _case(self, e: ir.CaseOf) -> Kind:
        subject = self.kind_of(e.subject)
        if subject.kind not in (ir.Kind.CATEGORY, ir.Kind.TEXT):
            self.state.err("RN703", f"`case` chooses by category, and {expr_text(e.subject)} is {_WORDS[subject.kind]}",
                           e.subject.span, "use `band` for numbers and `if` for true/false")
        seen: dict[str, Span | None] = {}
        for arm in e.arms:
            for label in arm.labels:
                if label in seen:
                    self.state.err("RN705", f"the case \"{label}\" is listed twice", arm.span,
                                   "the first would always win: remove the second")
                seen[label] = arm.span
                self._labels_fit(ir.Text(label, span=arm.span), subject)
        if e.otherwise is None and subject.labels is not None:
            missing = sorted(subject.labels - set(seen))
            if missing:
                self.state.err("RN705", f"`case {expr_text(e.subject)}` has no value for "
                               + ", ".join(f'"{m}"' for m in missing), e.span,
                               "add a case for each, or `otherwise -> …`")
        values = [a.value for a in e.arms] + ([e.otherwise] if e.otherwise is not None else [])
        return self._same(values, "the cases")


def _example_note(examples: dict[Fraction, dict[str, Any]] | None, point: Fraction) -> tuple[str, ...]:
    if not examples or point not in examples:
        return ()
    return (f"for example with {_combination_text(examples[point])}",)


# ------------------------------------------------------------------------------------ reachable values
def _check_reach(state: Compilation, expr: ir.Expr, inputs: dict[str, ir.InputDecl],
                 reaches: dict[str, Reach], *, bands: bool) -> Reach:
    """The values the decision can take, checking every division (RN709) and, with ``bands``, every
    band (RN706, RN707) on the way."""

    def on_band(node: ir.BandOf, subject: Reach) -> None:
        if bands:
            _check_bands(state, node, subject, proven=False)

    def on_division(node: ir.Arith, divisor: Reach) -> None:
        if divisor.values == frozenset({Fraction(0)}):
            state.err("RN709", f"{expr_text(node)} divides by zero whatever the inputs", node.span,
                      "divide by something that is not 0")

    return reach_of(expr, inputs, reaches, on_band=on_band, on_division=on_division)


def _check_bands(state: Compilation, node: ir.BandOf, subject: Reach, *, proven: bool = True,
                 examples: dict[Fraction, dict[str, Any]] | None = None) -> None:
    """Every value the subject can take falls in exactly one band (or ``otherwise``): overlaps are
    RN707, gaps RN706 with an example value and the bands around it. ``proven``: the subject's
    values are exactly those that occur (``examples`` gives the inputs of each), so a gap is an
    error; else the values are an interval around them, and a gap within its bounds a warning."""
    intervals = [a.interval for a in node.arms]
    subject_text = expr_text(node.subject)
    overlap_reported: set[tuple[int, int]] = set()
    for point in subject.samples(intervals):
        holding = [i for i, iv in enumerate(intervals) if iv.contains(point)]
        if len(holding) > 1:
            pair = (holding[0], holding[1])
            if pair not in overlap_reported:
                overlap_reported.add(pair)
                a, b = node.arms[pair[0]], node.arms[pair[1]]
                state.err("RN707", f"the bands {interval_text(a.interval)} and {interval_text(b.interval)} of "
                          f"{subject_text} both hold {value_text(point)}", b.span,
                          "a value must fall in one band: make one end open, for example `[0..4)`",
                          notes=_example_note(examples, point))
        if not holding and node.otherwise is None:
            below = [iv for iv in intervals if iv.high is not None and iv.high <= point]
            above = [iv for iv in intervals if iv.low is not None and iv.low >= point]
            around = []
            if below:
                around.append(f"the band ending at {value_text(max(iv.high for iv in below))}")  # type: ignore[type-var]
            if above:
                around.append(f"the band starting at {value_text(min(iv.low for iv in above))}")  # type: ignore[type-var]
            where = " between " + " and ".join(around) if len(around) == 2 else (
                f" outside every band ({around[0]})" if around else "")
            real = proven or subject.within_bounds(point)
            message = (f"{subject_text} can be {value_text(point)}, which falls{where}" if real else
                       f"if {subject_text} can be {value_text(point)}, it falls{where}")
            help_text = ("close the gap, or add `otherwise -> …`" if real else
                         "declare the range of the inputs it is computed from, or add `otherwise -> …`")
            notes = (*_example_note(examples, point), subject.describe())
            if proven:
                state.err("RN706", message, node.span, help_text, notes=notes)
            else:
                state.warn("RN706", message, node.span, help_text, notes=notes)
            return  # one gap per table is enough to see what is wrong
