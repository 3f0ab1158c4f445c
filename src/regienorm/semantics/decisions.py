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
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import Any

from .. import ir
from ..values import quoted as _quoted
from ..values import short_decimal as _short_decimal
from ..values import value_text
from .aggregates import Undefined
from .conditions import COMPARISONS, Context
from .conditions import evaluate as condition_value

__all__ = ["DecisionError", "MAX_EXPONENT", "NoValue", "Uncovered", "Step", "evaluate", "expr_text", "interval_text",
           "round_to", "value_text"]

#: The largest exponent a power may have (docs/robustness.md): a framework cannot make one number
#: of millions of digits. CVSS needs 15.
MAX_EXPONENT = 1000


class NoValue(Exception):
    """The decision has no value: an input it needs is not given (``missing`` names them)."""

    def __init__(self, message: str, missing: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.missing = tuple(missing)


class DecisionError(Exception):
    """The decision's arithmetic cannot be done: a division by zero, an uncovered value."""


class Uncovered(DecisionError):
    """A ``band`` or ``case`` without ``otherwise`` has nothing for the value at hand."""


#: One step of an explanation: (the sentence, the value it gave as shown). Only the steps worth reading are kept:
#: every rounding, case, band and branch taken, and every function of several values.
Step = tuple[str, str]


def evaluate(expr: ir.Expr, env: Mapping[Any, Any], steps: list[Step] | None = None,
             watch: Callable[[ir.BandOf, Fraction], None] | None = None) -> Any:
    """The value of ``expr`` given the values of the inputs and decisions it names (``env``; an
    absent name has no value). Appends the steps that explain it to ``steps``; ``watch`` is told the
    value of every band's subject as it is banded (the compiler's check of bands uses it)."""
    if isinstance(expr, ir.Const):
        return expr.value
    if isinstance(expr, ir.Text):
        return expr.value
    if isinstance(expr, ir.Unassessed):
        raise NoValue("the framework says it is not assessed here")
    if isinstance(expr, ir.Ref):
        if expr.name not in env:
            raise NoValue(f"`{expr.name}` has no value", (expr.name,))
        value = env[expr.name]
        if isinstance(value, (NoValue, DecisionError)):
            raise value
        return value
    if isinstance(expr, ir.Neg):
        return -evaluate(expr.operand, env, steps, watch)
    if isinstance(expr, ir.Arith):
        left = evaluate(expr.left, env, steps, watch)
        right = evaluate(expr.right, env, steps, watch)
        return _arith(expr, left, right)
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
            steps.append((f"if {expr_text(expr.condition)}: {'true' if holds else 'false'}", "true" if holds else "false"))
        return evaluate(expr.then if holds else expr.otherwise, env, steps, watch)
    if isinstance(expr, ir.Func):
        values = [evaluate(a, env, steps, watch) for a in expr.args]
        result = _FUNCTIONS[expr.name](values)
        if steps is not None:
            steps.append((f"{expr.name}({', '.join(value_text(v) for v in values)}) = {value_text(result)}",
                          value_text(result)))
        return result
    if isinstance(expr, ir.Round):
        value = evaluate(expr.operand, env, steps, watch)
        result = round_to(value, expr.step, expr.mode)
        if steps is not None:
            steps.append((f"round {expr.mode.value}({value_text(value, exact=True)}, {value_text(expr.step)}) = "
                          f"{value_text(result)}", value_text(result)))
        return result
    if isinstance(expr, ir.CaseOf):
        subject = evaluate(expr.subject, env, steps, watch)
        for arm in expr.arms:
            if subject in arm.labels:
                result = evaluate(arm.value, env, steps, watch)
                if steps is not None:
                    steps.append((f"{expr_text(expr.subject)} is {_quoted(subject)} -> {value_text(result)}",
                                  value_text(result)))
                return result
        if expr.otherwise is None:
            raise Uncovered(f"no case of {expr_text(expr.subject)} is {_quoted(subject)}")
        result = evaluate(expr.otherwise, env, steps, watch)
        if steps is not None:
            steps.append((f"{expr_text(expr.subject)} is {_quoted(subject)}: otherwise -> {value_text(result)}",
                          value_text(result)))
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
                                  f"{interval_text(band.interval)} -> {value_text(result)}", value_text(result)))
                return result
        if expr.otherwise is None:
            raise Uncovered(f"{value_text(subject)} falls in no band of {expr_text(expr.subject)}")
        result = evaluate(expr.otherwise, env, steps, watch)
        if steps is not None:
            steps.append((f"{expr_text(expr.subject)} = {value_text(subject)} is in no band: otherwise -> "
                          f"{value_text(result)}", value_text(result)))
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
        value = condition_value(expr, Context(items, {}, env[SCALE_KEY]), items, None, None)
    except Undefined as exc:
        raise DecisionError(str(exc)) from exc
    if steps is not None:
        steps.append((f"{expr_text(expr)} = {value_text(value)} (over {len(items)} judged "
                      f"part{'s' if len(items) != 1 else ''})", value_text(value)))
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
def interval_text(interval: ir.Interval) -> str:
    """A band's range as written: ``[63..88)``, ``>= 88``, ``= 0``."""
    low, high = interval.low, interval.high
    if low is None and high is None:
        return "any number"
    if low is None:
        return f"{'<=' if interval.high_closed else '<'} {value_text(high)}"
    if high is None:
        return f"{'>=' if interval.low_closed else '>'} {value_text(low)}"
    if low == high and interval.low_closed and interval.high_closed:
        return f"= {value_text(low)}"
    return (f"{'[' if interval.low_closed else '('}{value_text(low)}..{value_text(high)}"
            f"{']' if interval.high_closed else ')'}")


_PRECEDENCE = {"if": 0, "or": 1, "and": 2, "not": 3, "cmp": 4, "+": 5, "-": 5, "*": 6, "/": 6, "neg": 7, "^": 8}


def expr_text(expr: ir.Expr, parent: int = 0) -> str:
    """A decision's expression as the author would write it (canonical spacing and brackets)."""
    if isinstance(expr, ir.Const):
        return value_text(expr.value) if _short_decimal(expr.value) or expr.value.denominator == 1 else \
            f"{expr.value.numerator}/{expr.value.denominator}"
    if isinstance(expr, ir.Text):
        return _quoted(expr.value)
    if isinstance(expr, ir.Unassessed):
        return "not_assessed"
    if isinstance(expr, ir.VerdictConst):
        return _quoted(expr.symbol)
    if isinstance(expr, (ir.Ref, ir.Field)):
        return expr.name
    if isinstance(expr, ir.Func):
        return f"{expr.name}({', '.join(expr_text(a) for a in expr.args)})"
    if isinstance(expr, ir.Call):
        inner = expr_text(expr.argument) if expr.argument is not None else ""
        scope = f" of {expr.of}" if expr.of is not None else (" by entity" if expr.by_entity else "")
        return f"{expr.function}({inner}{scope})".replace("( of", "(of")
    if isinstance(expr, ir.Round):
        return f"round {expr.mode.value}({expr_text(expr.operand)}, {value_text(expr.step)})"
    if isinstance(expr, ir.CaseOf):
        arms = "; ".join(f"{', '.join(_quoted(label) for label in arm.labels)} -> {expr_text(arm.value)}"
                         for arm in expr.arms)
        rest = f"; otherwise -> {expr_text(expr.otherwise)}" if expr.otherwise is not None else ""
        return f"case {expr_text(expr.subject)} {{ {arms}{rest} }}"
    if isinstance(expr, ir.BandOf):
        arms = "; ".join(f"{interval_text(b.interval)} -> {expr_text(b.value)}" for b in expr.arms)
        rest = f"; otherwise -> {expr_text(expr.otherwise)}" if expr.otherwise is not None else ""
        return f"band {expr_text(expr.subject)} {{ {arms}{rest} }}"
    if isinstance(expr, ir.If):
        level = _PRECEDENCE["if"]
        text = f"if {expr_text(expr.condition)} then {expr_text(expr.then)} else {expr_text(expr.otherwise)}"
        return f"({text})" if parent > level else text
    if isinstance(expr, ir.InList):
        level = _PRECEDENCE["cmp"]
        text = f"{expr_text(expr.operand, 5)} in ({', '.join(expr_text(o) for o in expr.options)})"
    elif isinstance(expr, ir.Compare):
        text = f"{expr_text(expr.left, 5)} {expr.op} {expr_text(expr.right, 5)}"
        level = _PRECEDENCE["cmp"]
    elif isinstance(expr, ir.Arith):
        level = _PRECEDENCE[expr.op]
        if expr.op == "^":  # right-associative
            text = f"{expr_text(expr.left, level + 1)} ^ {expr_text(expr.right, level)}"
        else:
            text = f"{expr_text(expr.left, level)} {expr.op} {expr_text(expr.right, level + 1)}"
    elif isinstance(expr, ir.Neg):
        level = _PRECEDENCE["neg"]
        text = f"-{expr_text(expr.operand, level)}"
    elif isinstance(expr, ir.BoolOp):
        level = _PRECEDENCE[expr.op]
        text = f" {expr.op} ".join(expr_text(o, level + 1) for o in expr.operands)
    else:
        assert isinstance(expr, ir.Not)
        level = _PRECEDENCE["not"]
        text = f"not {expr_text(expr.operand, level)}"
    return f"({text})" if level < parent else text
