"""Inputs and decisions: names resolved, kinds checked, the graph of decisions acyclic; then every
``band`` and ``case`` checked against the values its subject can really take (RN701–RN715).

A decision's expression is shaped with its names as fields; here each becomes a reference to a
declared input or decision (RN701 otherwise), quoted texts become categories, and the kind of every
part is inferred: number, truth, or category (with the categories it can be). The decisions are
then ordered so that each comes after what it reads; a cycle is RN702, naming the chain.
"""

from __future__ import annotations

import datetime
from fractions import Fraction
from typing import Any

import attrs

from .. import ir
from ..diagnostics import did_you_mean
from ..language.shape import DecisionDecl
from ..semantics.decisions import (
    FUNCTIONS,
    MAX_EXPONENT,
    expr_text,
    interval_text,
    map_subexpressions,
    subexpressions,
    value_text,
)
from ..source import Span
from .kinds import _WORDS, DATE, NOTHING, NUMBER, ORDERED, TRUTH, Kind
from .proofs import check_every_combination, check_reach, fields_in, finite_inputs, targets_read
from .reach import Reach
from .scales import compared_across_scales, compared_on, compared_scale, every_value, parts_scales, verdicts_in
from .state import Compilation
from .table_proofs import Days
from .tables import member_kind, resolve_table, table_kind
from .types import expr_type


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
    exact = finite_inputs(inputs, by_name, checker.parts, state.scale, parts_scales(state, checker.parts))
    for decl in order:
        expr = checker.resolve(decl.expr)
        kind = checker.kind_of(expr)
        checker.kinds[decl.name.text] = kind
        if decl.choices is not None:
            _check_result_categories(state, decl, kind)
            kind = Kind(ir.Kind.CATEGORY, frozenset(decl.choices))
            checker.kinds[decl.name.text] = kind
        reaches[decl.name.text] = check_reach(state, expr, inputs, reaches, bands=exact is None,
                                              labels=checker.column_values)
        resolved.append(ir.Decision(
            decl.name.text, expr, kind.kind, decl.title, tuple(decl.choices or sorted(kind.labels or ())),
            decl.unit, decl.stated, decl.reconstructed, decl.sources, tuple(_names(expr)),
            tuple(targets_read(expr)), span=decl.span))
    if exact is not None and not state.has_errors:
        check_every_combination(state, resolved, exact)
    state.decisions = resolved


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
    def order(self) -> list[DecisionDecl]:
        """The decisions, each after the decisions it reads (RN702 for a cycle, once per cycle)."""
        uses = {name: [f.name for f in fields_in(d.expr) if f.name in self.decisions and f.name not in self.inputs]
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
        if isinstance(e, ir.DateLit):
            return self._date(e)
        if isinstance(e, ir.TableOf):
            return resolve_table(self, e)
        if isinstance(e, ir.Member):
            return attrs.evolve(e, operand=self.resolve(e.operand))
        if isinstance(e, ir.Call) and e.of is not None:
            return self._of_target(e)
        if isinstance(e, ir.Call):
            if e.function in ("min", "max", "abs") and e.argument is not None and not e.by_entity:
                return self.resolve(ir.Func(e.function, (e.argument,), span=e.span))
            self.state.err("RN710", f"`{e.function}(…)` aggregates the inputs of a rule and has no meaning in a decision",
                           e.span, "a decision reads named inputs and decisions: `min(a, b)`, `max(a, b)`, `abs(a)`; "
                           f"to aggregate a target's parts, name it: `{e.function}(points of opzet)`")
            return ir.Const(Fraction(0), span=e.span)
        return map_subexpressions(e, self.resolve)

    def _date(self, e: ir.DateLit) -> ir.DateLit:
        """A day must be one of the calendar's, written YYYY-MM-DD (RN760)."""
        try:
            day = datetime.date.fromisoformat(e.value)
        except ValueError:
            day = None
        if day is None or day.isoformat() != e.value:
            self.state.err("RN760", f"\"{e.value}\" is not a day of the calendar", e.span,
                           "write a date as YYYY-MM-DD, for example 2024-01-31 or date(\"2024-01-31\")")
        return e

    def _of_target(self, e: ir.Call) -> ir.Expr:
        """``sum(points of opzet)``: the target must have parts (RN716); the aggregate is checked as
        in a rule on verdicts, its argument naming a part's fields (``points``, ``verdict``)."""
        assert e.of is not None
        if e.of in (ir.OF_PARTS, ir.OF_NORMS):
            word = "parts" if e.of == ir.OF_PARTS else "norms"
            self.state.err("RN716", f"`of {word}` belongs in a score of a normenkader, not in a decision", e.span,
                           "a decision names the target whose parts it reads (`of opzet`); a score at every node "
                           f"of a tree reads `of {word}`: `score NAME = …` inside the normenkader")
            return e
        if e.of not in self.parts:
            close = did_you_mean(e.of, self.parts)
            self.state.err("RN716", f"`{e.of}` is not a normenkader or norm with parts", e.span,
                           f"did you mean `{close}`?" if close else
                           "name a normenkader (its norms are the parts) or a norm with toetsaspecten")
        scale = self.state.scale
        if scale is not None and self.state.decls.scales[1:]:  # several: the one the parts' verdicts are on
            one, names = compared_scale(self.state, self.parts.get(e.of, ()))
            for written in (verdicts_in(e.argument) if one is None and e.argument is not None else ()):
                compared_across_scales(self.state, written, names, f"the parts of `{e.of}`")
                break
            compared_on(self.state, e.of, one)
            scale = one or every_value(self.state, names)
        if scale is None:
            self.state.err("RN716", f"`of {e.of}` reads verdicts, and the framework has no verdict scale", e.span,
                           "declare the scale the parts are judged on")
        else:
            kind = expr_type(self.state, attrs.evolve(e, of=None), scale, False, depth=0, per_input=False)
            self.kinds[f"of {id(e)}"] = TRUTH if kind == "truth" else NUMBER
        return e

    def column_values(self, e: ir.Expr) -> list[Any] | None:
        """The values a table's column can take when it has few (a category or truth input or
        decision); None for a number (sampled from its reach); ``Days()`` for a date; ``[]`` when
        unknown (not checked)."""
        if not isinstance(e, ir.Ref):
            return None if isinstance(e, (ir.Arith, ir.Neg, ir.Func, ir.Round, ir.Const)) else []
        kind = self._ref_kind(e)
        if kind.kind is ir.Kind.NUMBER:
            return None
        if kind.kind is ir.Kind.TRUTH:
            return [True, False]
        if kind.kind is ir.Kind.CATEGORY and kind.labels:
            return list(sorted(kind.labels))
        if kind.kind is ir.Kind.DATE:
            return Days()
        return []

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
        if isinstance(e, ir.Truth):
            return TRUTH
        if isinstance(e, ir.DateLit):
            return DATE
        if isinstance(e, ir.TableOf):
            return table_kind(self, e)
        if isinstance(e, ir.Member):
            return member_kind(self, e)
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
            elif e.op not in ("=", "!=") and left.kind not in ORDERED:
                self.state.err("RN703", f"`{e.op}` compares numbers or dates, and {expr_text(e.left)} is "
                               f"{_WORDS[left.kind]}", e.span, "categories are compared with `=`, `!=` or `in (…)`")
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
