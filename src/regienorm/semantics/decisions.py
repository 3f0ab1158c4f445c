"""What a decision means: its value for one entity's inputs and the decisions before it, and the
steps that explain it.

A decision's value is an exact number (a Fraction), a truth value, or a category (a str). Every
number stays exact until it is shown: rounding happens only where the framework writes
``round …(x, step)``, and the reasons show the value before and after it. A decision whose inputs
are missing has *no value* (:class:`NoValue`, with the input named); one whose arithmetic cannot be
done (a division by zero, a band or case that does not cover the value) is an *error*
(:class:`DecisionError`, with what went wrong). Both are outcomes apart from every value, and a
decision that reads a decision without a value has none itself.

Pure functions over plain values: the engine (:mod:`regienorm.engine.decisions`) decides which
decisions an entity gets and turns the outcome into a judgement.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping
from fractions import Fraction
from typing import Any

import attrs

from .. import ir
from ..source import Span
from ..values import quoted as _quoted
from ..values import value_text
from .aggregates import Undefined
from .conditions import COMPARISONS, Context, expr_text, interval_text
from .conditions import evaluate as condition_value
from .outcomes import DecisionError, NoValue, Uncovered
from .tables import evaluate_table

__all__ = ["DecisionError", "MAX_EXPONENT", "NoValue", "Uncovered", "Step", "evaluate", "expr_text", "interval_text", "subexpressions",
           "round_to", "value_text", "map_subexpressions"]

#: The largest exponent a power may have (docs/robustness.md): a framework cannot make one number
#: of millions of digits. CVSS needs 15.
MAX_EXPONENT = 1000


#: One step of an explanation: (the sentence, the value it gave as shown, where the alternative taken
#: is written: a `case` arm, a band, an `if` branch; None for a step that takes none). Only the steps
#: worth reading are kept: every rounding, case, band and branch taken, every function of values.
Step = tuple[str, str, "Span | None"]


def evaluate(expr: ir.Expr, env: Mapping[Any, Any], steps: list[Step] | None = None,
             watch: Callable[[ir.BandOf, Fraction], None] | None = None) -> Any:
    """The value of ``expr`` given the values of the inputs and decisions it names (``env``; an
    absent name has no value). Appends the steps that explain it to ``steps``; ``watch`` is told the
    value of every band's subject as it is banded (the compiler's check of bands uses it)."""
    # the kinds are disjoint classes, so the order of the tests is only speed: the commonest first
    if isinstance(expr, ir.Const):
        return expr.value
    if isinstance(expr, ir.Ref):
        if expr.name not in env:
            raise NoValue(f"`{expr.name}` has no value", (expr.name,))
        value = env[expr.name]
        if isinstance(value, (NoValue, DecisionError)):
            raise value
        return value
    if isinstance(expr, ir.Arith):
        left = evaluate(expr.left, env, steps, watch)
        right = evaluate(expr.right, env, steps, watch)
        return _arith(expr, left, right)
    if isinstance(expr, (ir.Text, ir.DateLit)):  # a day is its ISO text, as a date input's value is
        return expr.value
    if isinstance(expr, ir.Field):  # a field of the node a score is computed at (`weight`, `points`)
        key = ("field", expr.name)
        if key not in env:
            raise NoValue(f"`{expr.name}` has no value here", (expr.name,))
        return env[key]
    if isinstance(expr, ir.VerdictConst):  # a verdict in a score, compared by its points
        return Fraction(env[SCALE_KEY].by_symbol(expr.symbol).points)
    if isinstance(expr, ir.Unassessed):
        raise NoValue("the framework says it is not assessed here")
    if isinstance(expr, ir.Truth):
        return expr.value
    if isinstance(expr, ir.TableOf):
        return evaluate_table(expr, env, steps, watch, evaluate)
    if isinstance(expr, ir.Member):
        record = evaluate(expr.operand, env, steps, watch)
        return record.get(expr.name)
    if isinstance(expr, ir.Neg):
        return -evaluate(expr.operand, env, steps, watch)
    if isinstance(expr, ir.Compare):
        return COMPARISONS[expr.op](evaluate(expr.left, env, steps, watch), evaluate(expr.right, env, steps, watch))
    if isinstance(expr, ir.BoolOp):
        if expr.op == "and":
            return all(evaluate(o, env, steps, watch) for o in expr.operands)
        return any(evaluate(o, env, steps, watch) for o in expr.operands)
    if isinstance(expr, ir.Not):
        return not evaluate(expr.operand, env, steps, watch)
    if isinstance(expr, ir.InList):
        value = evaluate(expr.operand, env, steps, watch)
        return any(value == evaluate(o, env, steps, watch) for o in expr.options)
    if isinstance(expr, ir.If):
        holds = evaluate(expr.condition, env, steps, watch)
        if steps is not None:
            branch = expr.then if holds else expr.otherwise
            steps.append((f"if {expr_text(expr.condition)}: {'true' if holds else 'false'}", "true" if holds else "false",
                          branch.span))
        return evaluate(expr.then if holds else expr.otherwise, env, steps, watch)
    if isinstance(expr, ir.Func):
        values = [evaluate(a, env, steps, watch) for a in expr.args]
        result = _FUNCTIONS[expr.name](values)
        if steps is not None:
            steps.append((f"{expr.name}({', '.join(value_text(v) for v in values)}) = {value_text(result)}",
                          value_text(result), None))
        return result
    if isinstance(expr, ir.Round):
        value = evaluate(expr.operand, env, steps, watch)
        result = round_to(value, expr.step, expr.mode)
        if steps is not None:
            steps.append((f"round {expr.mode.value}({value_text(value, exact=True)}, {value_text(expr.step)}) = "
                          f"{value_text(result)}", value_text(result), None))
        return result
    if isinstance(expr, ir.CaseOf):
        subject = evaluate(expr.subject, env, steps, watch)
        for arm in expr.arms:
            if subject in arm.labels:
                result = evaluate(arm.value, env, steps, watch)
                if steps is not None:
                    steps.append((f"{expr_text(expr.subject)} is {_quoted(subject)} -> {value_text(result)}",
                                  value_text(result), arm.span))
                return result
        if expr.otherwise is None:
            raise Uncovered(f"no case of {expr_text(expr.subject)} is {_quoted(subject)}")
        result = evaluate(expr.otherwise, env, steps, watch)
        if steps is not None:
            steps.append((f"{expr_text(expr.subject)} is {_quoted(subject)}: otherwise -> {value_text(result)}",
                          value_text(result), expr.otherwise.span))
        return result
    if isinstance(expr, ir.BandOf):
        subject = evaluate(expr.subject, env, steps, watch)
        if watch is not None:
            watch(expr, subject)
        for band in expr.arms:
            if band.interval.contains(subject):
                result = evaluate(band.value, env, steps, watch)
                if steps is not None:
                    steps.append((f"{expr_text(expr.subject)} = {value_text(subject)} is in "
                                  f"{interval_text(band.interval)} -> {value_text(result)}", value_text(result), band.span))
                return result
        if expr.otherwise is None:
            raise Uncovered(f"{value_text(subject)} falls in no band of {expr_text(expr.subject)}")
        result = evaluate(expr.otherwise, env, steps, watch)
        if steps is not None:
            steps.append((f"{expr_text(expr.subject)} = {value_text(subject)} is in no band: otherwise -> "
                          f"{value_text(result)}", value_text(result), expr.otherwise.span))
        return result
    if isinstance(expr, ir.Call) and expr.of is not None:
        return _of_target(expr, env, steps)
    raise DecisionError(f"{expr_text(expr)} cannot be used in a decision")  # the compiler refuses these


def parts_key(target: str) -> tuple[str, str]:
    """Where ``env`` holds the judged parts of a target (:class:`~.rules.Input` each), for ``of``."""
    return ("of", target)


#: Where ``env`` holds the verdict scale, for aggregates over a target's parts.
SCALE_KEY = ("scale", "")


def _of_target(expr: ir.Call, env: Mapping[Any, Any], steps: list[Step] | None) -> Any:
    """An aggregate over the judged parts of a target, meaning what it means in a rule's condition."""
    assert expr.of is not None
    items = env.get(parts_key(expr.of))
    if items is None:
        raise NoValue(f"the parts of `{expr.of}` are not judged for this entity", (expr.of,))
    try:
        scale = env.get(("scale", expr.of)) or env[SCALE_KEY]  # the parts' own, with several scales
        value = condition_value(expr, Context(items, {}, scale), items, None, None)
    except Undefined as exc:
        raise DecisionError(str(exc)) from exc
    if steps is not None:
        what = "norm" if expr.of == ir.OF_NORMS else "part"
        steps.append((f"{expr_text(expr)} = {value_text(value)} (over {len(items)} judged "
                      f"{what}{'s' if len(items) != 1 else ''})", value_text(value), None))
    return value


def _arith(expr: ir.Arith, left: Fraction, right: Fraction) -> Fraction:
    op = expr.op
    if op == "+":
        return left + right
    if op == "-":
        return left - right
    if op == "*":
        return left * right
    if op == "/":
        if right == 0:
            raise DecisionError(f"division by zero in {expr_text(expr)}")
        return left / right
    assert op == "^"
    if right.denominator != 1:
        raise DecisionError(f"the exponent of {expr_text(expr)} is {value_text(right)}, not a whole number")
    if abs(right.numerator) > MAX_EXPONENT:
        raise DecisionError(f"the exponent of {expr_text(expr)} is larger than {MAX_EXPONENT}")
    if left == 0 and right < 0:
        raise DecisionError(f"division by zero in {expr_text(expr)}")
    return left ** right.numerator  # type: ignore[no-any-return]


def _min(values: list[Any]) -> Any:
    return min(values)


def _max(values: list[Any]) -> Any:
    return max(values)


def _abs(values: list[Any]) -> Any:
    return abs(values[0])


_FUNCTIONS: dict[str, Callable[[list[Any]], Any]] = {"min": _min, "max": _max, "abs": _abs}
#: The functions of values a decision may call, and how many arguments each takes (at least, at most).
FUNCTIONS: Mapping[str, tuple[int, int | None]] = {"min": (2, None), "max": (2, None), "abs": (1, 1)}


def round_to(value: Fraction, step: Fraction, mode: ir.Rounding) -> Fraction:
    """``value`` rounded to a multiple of ``step`` (> 0), exactly."""
    q = value / step
    floor = math.floor(q)
    if q == floor:
        return value
    ceil = floor + 1
    if mode is ir.Rounding.UP:
        n = ceil if q > 0 else floor
    elif mode is ir.Rounding.DOWN:
        n = floor if q > 0 else ceil
    else:
        distance = q - floor
        if distance != Fraction(1, 2):
            n = floor if distance < Fraction(1, 2) else ceil
        elif mode is ir.Rounding.HALF_UP:
            n = ceil if q > 0 else floor
        elif mode is ir.Rounding.HALF_DOWN:
            n = floor if q > 0 else ceil
        else:
            n = floor if floor % 2 == 0 else ceil
    return n * step


# ------------------------------------------------------------------------------------ text


def walk(expr: ir.Expr, *, parts: bool = False) -> Iterator[ir.Expr]:
    """``expr`` and every expression inside it, depth first in the order written; ``parts``: the
    arguments of aggregates over a target's parts too (they name a part's fields)."""
    stack = [expr]
    while stack:
        e = stack.pop()
        yield e
        inside = [e.argument] if parts and isinstance(e, ir.Call) and e.of is not None and e.argument is not None else []
        stack.extend(reversed(subexpressions(e) + inside))


def subexpressions(e: ir.Expr) -> list[ir.Expr]:
    """The expressions directly inside ``e``, in the order written (the argument of an aggregate over
    a target's parts is left out: it names a part's fields, not inputs or decisions)."""
    if isinstance(e, (ir.Compare, ir.Arith)):
        return [e.left, e.right]
    if isinstance(e, ir.BoolOp):
        return list(e.operands)
    if isinstance(e, (ir.Not, ir.Neg, ir.Round)):
        return [e.operand]
    if isinstance(e, ir.If):
        return [e.condition, e.then, e.otherwise]
    if isinstance(e, ir.Func):
        return list(e.args)
    if isinstance(e, ir.InList):
        return [e.operand, *e.options]
    if isinstance(e, ir.CaseOf):
        return [e.subject, *(a.value for a in e.arms), *([e.otherwise] if e.otherwise is not None else [])]
    if isinstance(e, ir.BandOf):
        return [e.subject, *(a.value for a in e.arms), *([e.otherwise] if e.otherwise is not None else [])]
    if isinstance(e, ir.Call) and e.argument is not None and e.of is None:
        return [e.argument]  # (the argument of `sum(points of T)` names a part's fields, not inputs)
    if isinstance(e, ir.Member):
        return [e.operand]
    if isinstance(e, ir.TableOf):
        out = list(e.inputs)
        for row in e.rows:
            for entry in row.entries:
                out.extend(entry_expressions(entry))
            out.extend(row.outputs)
        return out + list(e.default or ())
    return []


def entry_expressions(tests: tuple[ir.EntryTest, ...]) -> list[ir.Expr]:
    """The expressions inside a table entry: the values compared with, the bounds of intervals."""
    out: list[ir.Expr] = []
    for t in tests:
        out.extend(x for x in (t.value, t.low, t.high) if x is not None)
        out.extend(entry_expressions(t.tests))
    return out


def map_subexpressions(e: ir.Expr, f: Callable[[ir.Expr], ir.Expr]) -> ir.Expr:
    """``e`` with ``f`` applied to each expression directly inside it (those of :func:`subexpressions`,
    and an aggregate's argument left as it is): the one way the compiler rebuilds an expression."""
    if isinstance(e, (ir.Compare, ir.Arith)):
        return attrs.evolve(e, left=f(e.left), right=f(e.right))
    if isinstance(e, ir.BoolOp):
        return attrs.evolve(e, operands=tuple(map(f, e.operands)))
    if isinstance(e, (ir.Not, ir.Neg, ir.Round)):
        return attrs.evolve(e, operand=f(e.operand))
    if isinstance(e, ir.If):
        return attrs.evolve(e, condition=f(e.condition), then=f(e.then), otherwise=f(e.otherwise))
    if isinstance(e, ir.Func):
        return attrs.evolve(e, args=tuple(map(f, e.args)))
    if isinstance(e, ir.InList):
        return attrs.evolve(e, operand=f(e.operand), options=tuple(map(f, e.options)))
    if isinstance(e, ir.CaseOf):
        return attrs.evolve(e, subject=f(e.subject), arms=tuple(attrs.evolve(a, value=f(a.value)) for a in e.arms),
                            otherwise=None if e.otherwise is None else f(e.otherwise))
    if isinstance(e, ir.BandOf):
        return attrs.evolve(e, subject=f(e.subject), arms=tuple(attrs.evolve(a, value=f(a.value)) for a in e.arms),
                            otherwise=None if e.otherwise is None else f(e.otherwise))
    return e
