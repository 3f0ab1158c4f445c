"""What a table's condition means: its value over a rule's inputs, and its text.

A condition is evaluated against a context: the inputs of the rule (``items``; toetsaspecten or
norms with their points, or measure records with their values), per entity for ``by entity``
aggregates (``groups``), and the scale. Inside an aggregate, ``current`` is the input at hand.
Every number is an exact Fraction; an aggregate over nothing or a division by zero raises
:class:`~regienorm.semantics.aggregates.Undefined`. ``shown`` collects the value of each top-level
aggregate, for the trace the reasons show.

The engine evaluates the same conditions faster (:mod:`regienorm.engine.fast`); tests hold it to
:func:`evaluate`.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

from .. import ir
from .._decimal import int_text
from ..values import quoted, short_decimal, value_text
from .aggregates import Undefined, reduce
from .reasons import fmt, fraction_text

#: The comparison operators of the language.
COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "=": operator.eq, "!=": operator.ne}


class Context:
    """What a condition is evaluated against: the rule's inputs, per entity (values only), the scale."""

    __slots__ = ("items", "groups", "scale")

    def __init__(self, items: Sequence[Any], groups: dict[str, Sequence[Any]], scale: ir.Scale) -> None:
        self.items = items
        self.groups = groups
        self.scale = scale


def attribute(field: str) -> str:
    """The attribute of an input that a field names (``verdict`` reads as its points)."""
    return "points" if field == "verdict" else field


def other_scale(expr: ir.Compare, current: Any) -> bool:
    """Whether ``expr`` compares the input at hand's verdict with a verdict of another scale (a rule
    over inputs of several scales): then it is neither equal, above nor below it."""
    written = expr.right if isinstance(expr.right, ir.VerdictConst) else expr.left
    if not isinstance(written, ir.VerdictConst) or written.scale is None:
        return False
    field = expr.left if written is expr.right else expr.right
    return isinstance(field, ir.Field) and field.name == "verdict" and getattr(current, "scale", None) != written.scale


def max_points(ctx: Context, items: Sequence[Any]) -> Fraction:
    """The points the inputs could have at most: each on its own scale's maximum (several scales),
    else the scale's. A rule's runner gives every judged input its maximum or none does, so the
    first input says which."""
    top = ctx.scale.max_points
    if not items or getattr(items[0], "maximum", None) is None:
        return Fraction(len(items) * top)
    return Fraction(sum(top if i.maximum is None else i.maximum for i in items))


def outside_aggregate(field: str) -> Undefined:
    return Undefined(f"`{field}` used outside an aggregate")


def no_field(field: str) -> Undefined:
    return Undefined(f"an input has no `{field}`")


def division_by_zero(expr: ir.Expr) -> Undefined:
    return Undefined(f"division by zero in {expr_text(expr)}")


#: How ``of parts`` and ``of norms`` are written (ir keeps them apart from every target id).
_OF_WORDS = {ir.OF_PARTS: "parts", ir.OF_NORMS: "norms"}


def evaluate(expr: ir.Expr, ctx: Context, items: Sequence[Any], current: Any, shown: list[str] | None) -> Any:
    """The value of ``expr``: a Fraction or a bool."""
    if isinstance(expr, ir.Const):
        return expr.value
    if isinstance(expr, ir.VerdictConst):
        return Fraction(ctx.scale.by_symbol(expr.symbol).points)
    if isinstance(expr, ir.Field):
        if current is None:
            raise outside_aggregate(expr.name)
        value = getattr(current, attribute(expr.name))
        if value is None:
            raise no_field(expr.name)
        return Fraction(value)
    if isinstance(expr, ir.Arith):
        left = evaluate(expr.left, ctx, items, current, shown)
        right = evaluate(expr.right, ctx, items, current, shown)
        return arithmetic(expr, left, right)
    if isinstance(expr, ir.Compare):
        if current is not None and other_scale(expr, current):
            return expr.op == "!="
        return COMPARISONS[expr.op](evaluate(expr.left, ctx, items, current, shown),
                                    evaluate(expr.right, ctx, items, current, shown))
    if isinstance(expr, ir.BoolOp):
        if expr.op == "and":
            return all(evaluate(o, ctx, items, current, shown) for o in expr.operands)
        return any(evaluate(o, ctx, items, current, shown) for o in expr.operands)
    if isinstance(expr, ir.Not):
        return not evaluate(expr.operand, ctx, items, current, shown)
    assert isinstance(expr, ir.Call)
    value = aggregate(expr, ctx, items, lambda argument, inputs, item: evaluate(argument, ctx, inputs, item, None))
    if shown is not None and current is None:
        shown.append(call_text(expr, value))
    return value


def arithmetic(expr: ir.Arith, left: Any, right: Any) -> Any:
    """``left op right``; a division by zero is undefined."""
    if expr.op == "+":
        return left + right
    if expr.op == "-":
        return left - right
    if expr.op == "*":
        return left * right
    if right == 0:
        raise division_by_zero(expr)
    return left / right


def aggregate(expr: ir.Call, ctx: Context, items: Sequence[Any], argument: Callable[[Any, Sequence[Any], Any], Any]) -> Any:
    """An aggregate call: ``argument(expression, inputs, input)`` gives the argument's value for one
    input (or, ``by entity``, for one entity's inputs with no input at hand); every value is
    computed before any is combined."""
    if expr.function == "max_points":
        return max_points(ctx, items)
    if expr.by_entity:
        if expr.argument is None:
            return Fraction(len(ctx.groups))
        values = [argument(expr.argument, group, None) for _, group in sorted(ctx.groups.items())]
    else:
        if expr.argument is None:
            return Fraction(len(items))
        values = [argument(expr.argument, items, item) for item in items]
    return reduce(expr.function, values, lambda: expr_text(expr))


def call_text(expr: ir.Call, value: Any, text: Callable[[ir.Expr], str] | None = None) -> str:
    """An aggregate's value in a table's trace: ``share(points >= 1) = 3/4 = 0.75``; ``text`` is
    :func:`expr_text` unless the engine passes its remembered form of it."""
    return f"{(text or expr_text)(expr)} = {show(value)}"


def show(value: Any) -> str:
    """A value inside a table's trace: a share as its fraction and decimal, other numbers as decimals."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if not isinstance(value, Fraction) or value.denominator == 1:
        return fraction_text(value) if isinstance(value, Fraction) else int_text(value) if isinstance(value, int) else str(value)
    if 0 < value < 1 and value.denominator <= 20:
        return f"{value.numerator}/{value.denominator} = {fmt(value)}"
    return fmt(value)


# ------------------------------------------------------------------------------------ text
_PRECEDENCE = {"if": 0, "or": 1, "and": 2, "not": 3, "cmp": 4, "+": 5, "-": 5, "*": 6, "/": 6, "neg": 7, "^": 8}


def expr_text(expr: ir.Expr, parent: int = 0) -> str:
    """An expression (a rule's condition, a decision's value) as the author would write it, with
    canonical spacing and brackets: the one text of every kind of expression."""
    if isinstance(expr, ir.Const):
        value = expr.value
        return str(value.numerator) if value.denominator == 1 else short_decimal(value) or fraction_text(value)
    if isinstance(expr, ir.Text):
        return quoted(expr.value)
    if isinstance(expr, ir.Unassessed):
        return "not_assessed"
    if isinstance(expr, ir.Truth):
        return "true" if expr.value else "false"
    if isinstance(expr, ir.DateLit):
        return expr.value
    if isinstance(expr, ir.Member):
        return f"{expr_text(expr.operand)}.{expr.name}"
    if isinstance(expr, ir.TableOf):
        over = ", ".join(expr_text(i) for i in expr.inputs)
        rows = len(expr.rows)
        return (f"table {expr.policy.value}{' grid' if expr.grid else ''} over {over} ({rows} "
                f"{'row' if rows == 1 else 'rows'}{', and a default' if expr.default is not None else ''})")
    if isinstance(expr, ir.VerdictConst):
        return quoted(expr.symbol)
    if isinstance(expr, (ir.Ref, ir.Field)):
        return expr.name
    if isinstance(expr, ir.Func):
        return f"{expr.name}({', '.join(expr_text(a) for a in expr.args)})"
    if isinstance(expr, ir.Call):
        inner = expr_text(expr.argument) if expr.argument is not None else ""
        scope = f" of {_OF_WORDS.get(expr.of, expr.of)}" if expr.of is not None else (" by entity" if expr.by_entity else "")
        return f"{expr.function}({inner}{scope})".replace("( of", "(of")
    if isinstance(expr, ir.Round):
        return f"round {expr.mode.value}({expr_text(expr.operand)}, {value_text(expr.step)})"
    if isinstance(expr, ir.CaseOf):
        arms = "; ".join(f"{', '.join(quoted(label) for label in arm.labels)} -> {expr_text(arm.value)}"
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
