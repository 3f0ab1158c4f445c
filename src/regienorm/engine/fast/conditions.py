"""Conditions of tables, compiled: the values :func:`regienorm.semantics.conditions.evaluate` gives,
without looking up the kind of every node on every evaluation.

Two forms, each remembered per expression by a :class:`Conditions` that an engine owns:

* :meth:`Conditions.evaluate`: closures ``(ctx, items, current, shown) -> value`` computing in
  Fractions, in the same order with the same :class:`Undefined` and the same ``shown`` texts as the
  semantics; it plugs into :func:`regienorm.semantics.rules.table_trace`.
* :meth:`Conditions.exact`: without reasons nothing shows the intermediate numbers, so a table can
  be decided in integers: every number a pair (numerator, denominator > 0), compared by
  cross-multiplying. Exact like the Fractions (same truth, same Undefined), without making one.
  A condition naming a verdict in quotes has no integer form (it is decided with Fractions).

tests/test_engine.py holds both to the semantics and to the frozen copy under tests/reference/.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

from ... import ir
from ...semantics import conditions as plain
from ...semantics.aggregates import AGGREGATES, over_nothing
from ...semantics.conditions import COMPARISONS, Context, attribute, expr_text, max_points, no_field, other_scale, outside_aggregate
from ..memo import BoundedMemo

_LIMIT = 20_000


class NoExactForm(Exception):
    """A condition the integer form does not cover (it is decided with Fractions)."""


class Conditions:
    """The compiled forms of conditions, and their texts, remembered (bounded) per expression."""

    def __init__(self) -> None:
        self._compiled: BoundedMemo[Any] = BoundedMemo(_LIMIT)
        self._exact: BoundedMemo[Any] = BoundedMemo(_LIMIT)
        self._texts: BoundedMemo[str] = BoundedMemo(_LIMIT)

    def evaluate(self, expr: ir.Expr, ctx: Context, items: Sequence[Any], current: Any, shown: list[str] | None) -> Any:
        """:func:`regienorm.semantics.conditions.evaluate`, compiled."""
        known = self._compiled.entries.get(id(expr))  # by_identity, looked up here: once per condition evaluated
        if known is not None and known[0] is expr:
            return known[1](ctx, items, current, shown)
        return self.compiled(expr)(ctx, items, current, shown)

    def compiled(self, expr: ir.Expr) -> Any:
        return self._compiled.by_identity(expr, self._compile)

    def text(self, expr: ir.Expr) -> str:
        """:func:`regienorm.semantics.conditions.expr_text`, remembered."""
        known = self._texts.entries.get(id(expr))
        if known is not None and known[0] is expr:
            return known[1]  # type: ignore[no-any-return]
        return self._texts.by_identity(expr, expr_text)

    def exact_table(self, body: ir.Table) -> list[Any] | None:
        """The integer form of every case's condition, or None when one has none."""
        return self._exact.by_identity(body, _exact_cases)  # type: ignore[no-any-return]

    def table_symbol(self, body: ir.Table, ctx: Context) -> str:
        """What :func:`regienorm.semantics.rules.table_symbol` decides: in integers when the
        conditions have an integer form, else with the compiled Fractions."""
        known = self._exact.entries.get(id(body))  # by_identity, looked up here: once per rule applied
        conditions = known[1] if known is not None and known[0] is body else self.exact_table(body)
        if conditions is not None:
            for condition, case in zip(conditions, body.cases, strict=True):
                if condition(ctx, ctx.items, None):
                    return case.symbol
            return body.otherwise
        for case in body.cases:
            if self.compiled(case.condition)(ctx, ctx.items, None, None):
                return case.symbol
        return body.otherwise

    # ------------------------------------------------------------------ Fractions
    def _compile(self, expr: ir.Expr) -> Any:
        if isinstance(expr, ir.Const):
            value = expr.value
            return lambda ctx, items, current, shown: value
        if isinstance(expr, ir.VerdictConst):
            symbol = expr.symbol
            return lambda ctx, items, current, shown: Fraction(ctx.scale.by_symbol(symbol).points)
        if isinstance(expr, ir.Field):
            read = _field(expr.name, Fraction)
            return lambda ctx, items, current, shown: read(current)
        if isinstance(expr, ir.Arith):
            left, right = self.compiled(expr.left), self.compiled(expr.right)
            if expr.op == "/":
                return lambda ctx, items, current, shown: plain.arithmetic(expr, left(ctx, items, current, shown),
                                                                            right(ctx, items, current, shown))
            operation = {"+": operator.add, "-": operator.sub, "*": operator.mul}[expr.op]
            return lambda ctx, items, current, shown: operation(left(ctx, items, current, shown), right(ctx, items, current, shown))
        if isinstance(expr, ir.Compare):
            per_input = _per_input(expr)
            if per_input is not None:  # value >= 60: in one step
                return lambda ctx, items, current, shown: per_input(None, items, current)
            left, right, comparison = self.compiled(expr.left), self.compiled(expr.right), COMPARISONS[expr.op]
            if any(isinstance(e, ir.VerdictConst) and e.scale is not None for e in (expr.left, expr.right)):
                unequal = expr.op == "!="  # several scales: a verdict of another scale is never equal

                def across(ctx: Any, items: Any, current: Any, shown: Any, expr: ir.Compare = expr) -> Any:
                    if current is not None and other_scale(expr, current):
                        return unequal
                    return comparison(left(ctx, items, current, shown), right(ctx, items, current, shown))
                return across
            return lambda ctx, items, current, shown: comparison(left(ctx, items, current, shown), right(ctx, items, current, shown))
        if isinstance(expr, ir.BoolOp):
            operands = [self.compiled(o) for o in expr.operands]
            combine = all if expr.op == "and" else any
            return lambda ctx, items, current, shown: combine(o(ctx, items, current, shown) for o in operands)
        if isinstance(expr, ir.Not):
            operand = self.compiled(expr.operand)
            return lambda ctx, items, current, shown: not operand(ctx, items, current, shown)
        assert isinstance(expr, ir.Call)
        argument = self.compiled(expr.argument) if expr.argument is not None else None
        # what aggregate() asks for each input, without going through the closure of the argument
        # when the argument needs no context (a field, a field compared to a constant)
        per_input = _per_input(expr.argument) if expr.argument is not None else None

        def call(ctx: Any, items: Any, current: Any, shown: Any) -> Any:
            value = plain.aggregate(expr, ctx, items, per_input or (lambda _, inputs, item: argument(ctx, inputs, item, None)))  # type: ignore[misc]
            if shown is not None and current is None:
                shown.append(plain.call_text(expr, value, self.text))
            return value
        return call


def _per_input(expr: ir.Expr) -> Callable[[Any, Any, Any], Any] | None:
    """For an argument that needs no context, its value for one input in one call, as
    ``aggregate()`` asks for it: ``(argument, inputs, input) -> value``; else None."""
    if isinstance(expr, ir.Field):
        return _field_value(expr.name, None, None)
    if isinstance(expr, ir.Compare) and isinstance(expr.left, ir.Field) and isinstance(expr.right, ir.Const):
        return _field_value(expr.left.name, expr.right.value, COMPARISONS[expr.op])
    return None


def _field_value(name: str, constant: Fraction | None, comparison: Callable[[Any, Any], bool] | None) -> Callable[[Any, Any, Any], Any]:
    """A field of the input at hand as a Fraction, with the semantics' errors; compared to
    ``constant`` when a comparison is given."""
    attr = attribute(name)

    def value_of(_: Any, inputs: Any, current: Any) -> Any:
        if current is None:
            raise outside_aggregate(name)
        value = getattr(current, attr)
        if value is None:
            raise no_field(name)
        if value.__class__ is not Fraction:
            value = Fraction(value)
        return value if comparison is None else comparison(value, constant)
    return value_of


def _field(name: str, convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Reading a field of the input at hand, with the semantics' errors."""
    attr = attribute(name)

    def read(current: Any) -> Any:
        if current is None:
            raise outside_aggregate(name)
        value = getattr(current, attr)
        if value is None:
            raise no_field(name)
        return value if value.__class__ is Fraction and convert is Fraction else convert(value)
    return read


# ------------------------------------------------------------------------------------ integers
def _pair(value: Any) -> tuple[int, int]:
    if value.__class__ is Fraction:
        return value.numerator, value.denominator
    if value.__class__ is int:
        return value, 1
    f = Fraction(value)
    return f.numerator, f.denominator


def _exact_cases(body: ir.Table) -> list[Any] | None:
    try:
        return [exact(case.condition) for case in body.cases]
    except NoExactForm:
        return None


def exact(expr: ir.Expr) -> Any:
    """``expr`` as a function (ctx, items, current) -> bool or (numerator, denominator)."""
    if isinstance(expr, ir.Const):
        pair = (expr.value.numerator, expr.value.denominator)
        return lambda ctx, items, current: pair
    if isinstance(expr, ir.Field):
        read = _field(expr.name, _pair)
        return lambda ctx, items, current: read(current)
    if isinstance(expr, ir.Arith):
        return _exact_arith(expr)
    if isinstance(expr, ir.Compare):
        if isinstance(expr.left, ir.Field) and isinstance(expr.right, ir.Const):  # value >= 60: in one step
            return _field_to_constant(expr.left.name, expr.right.value, COMPARISONS[expr.op])
        left, right, comparison = exact(expr.left), exact(expr.right), COMPARISONS[expr.op]

        def compare(ctx: Any, items: Any, current: Any) -> bool:
            a, b = left(ctx, items, current)
            c, d = right(ctx, items, current)
            return bool(comparison(a * d, c * b))
        return compare
    if isinstance(expr, ir.BoolOp):
        operands = [exact(o) for o in expr.operands]
        combine = all if expr.op == "and" else any
        return lambda ctx, items, current: combine(o(ctx, items, current) for o in operands)
    if isinstance(expr, ir.Not):
        operand = exact(expr.operand)
        return lambda ctx, items, current: not operand(ctx, items, current)
    if isinstance(expr, ir.Call):
        return _exact_call(expr)
    raise NoExactForm(type(expr).__name__)  # a verdict in quotes: looked up on the scale, with Fractions


def _field_to_constant(name: str, constant: Fraction, comparison: Callable[[Any, Any], bool]) -> Any:
    attr = attribute(name)
    c, d = constant.numerator, constant.denominator

    def field_to_constant(ctx: Any, items: Any, current: Any) -> bool:
        # what _field(name, _pair) reads, read here: this runs for every input of every aggregate
        if current is None:
            raise outside_aggregate(name)
        value = getattr(current, attr)
        if value.__class__ is Fraction:
            return comparison(value.numerator * d, c * value.denominator)  # type: ignore[no-any-return]
        if value is None:
            raise no_field(name)
        a, b = _pair(value)
        return comparison(a * d, c * b)  # type: ignore[no-any-return]
    return field_to_constant


def _exact_arith(expr: ir.Arith) -> Any:
    left, right, op = exact(expr.left), exact(expr.right), expr.op

    def arith(ctx: Any, items: Any, current: Any) -> tuple[int, int]:
        a, b = left(ctx, items, current)
        c, d = right(ctx, items, current)
        if op == "+":
            return a * d + c * b, b * d
        if op == "-":
            return a * d - c * b, b * d
        if op == "*":
            return a * c, b * d
        if c == 0:
            raise plain.division_by_zero(expr)
        return (a * d, b * c) if c > 0 else (-a * d, -b * c)
    return arith


def _pair_sum(values: list[tuple[int, int]]) -> tuple[int, int]:
    if not values:
        return 0, 1
    common = math.lcm(*[d for _, d in values])
    return sum([n * (common // d) for n, d in values]), common


def _extreme(smaller: bool) -> Callable[[list[tuple[int, int]]], tuple[int, int]]:
    def pick(values: list[tuple[int, int]]) -> tuple[int, int]:
        chosen = values[0]
        for v in values:  # the first smallest (largest), as min() and max() choose
            if (v[0] * chosen[1] < chosen[0] * v[1]) if smaller else (v[0] * chosen[1] > chosen[0] * v[1]):
                chosen = v
        return chosen
    return pick


def _pair_mean(values: list[tuple[int, int]]) -> tuple[int, int]:
    total, denominator = _pair_sum(values)
    return total, denominator * len(values)


#: Each aggregate of :data:`~regienorm.semantics.aggregates.AGGREGATES` (but ``max_points``, which
#: takes no values) over values in integer form; the emptiness rules are the table's.
PAIR_REDUCTIONS: dict[str, Callable[[list[Any]], Any]] = {
    "all": all, "any": any, "none": lambda values: not any(values),
    "count": lambda values: (sum(1 for v in values if v), 1),
    "share": lambda values: (sum(1 for v in values if v), len(values)),
    "min": _extreme(True), "max": _extreme(False), "mean": _pair_mean, "sum": _pair_sum,
}


def _exact_call(expr: ir.Call) -> Any:
    fn, by_entity = expr.function, expr.by_entity
    if fn == "max_points":
        def most(ctx: Any, items: Any, current: Any) -> tuple[int, int]:
            top = max_points(ctx, items)
            return top.numerator, top.denominator
        return most
    if fn not in PAIR_REDUCTIONS:
        raise NoExactForm(fn)
    argument = exact(expr.argument) if expr.argument is not None else None
    reduction = PAIR_REDUCTIONS[fn]
    empty_undefined = AGGREGATES[fn].empty_undefined
    plain_field = expr.argument.name if isinstance(expr.argument, ir.Field) and not by_entity else None
    attr = attribute(plain_field) if plain_field is not None else None

    def call(ctx: Any, items: Any, current: Any) -> Any:
        if by_entity:
            if argument is None:
                return len(ctx.groups), 1
            groups = ctx.groups
            values = [argument(ctx, group, None) for _, group in (sorted(groups.items()) if len(groups) > 1 else groups.items())]
        elif argument is None:
            return len(items), 1
        elif attr is not None:  # mean(value) and the like: the field read right here, as _field reads it
            values = []
            for item in items:
                v = getattr(item, attr)
                if v is None:
                    raise no_field(plain_field)  # type: ignore[arg-type]
                values.append((v.numerator, v.denominator) if v.__class__ is Fraction else _pair(v))
        else:
            values = [argument(ctx, items, item) for item in items]
        if not values and empty_undefined:
            raise over_nothing(expr_text(expr))
        return reduction(values)
    return call
