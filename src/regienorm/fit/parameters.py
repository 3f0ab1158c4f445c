"""The free parameters of a rule, and the rule with other values put in their place.

A threshold rule (share, mean, weighted) has one parameter per threshold, its bound; a weighted
rule also one per weight it writes (after its thresholds: an input it does not name weighs 1, the
unit the others are weighed in; write `b = 1` to fit that weight too). A sum of
points has one per boundary between two bands: the first points of the upper band (the band
below ends one point lower). A table has one per number written directly on one side of a
comparison in its conditions (``mean(value) < 50``, ``share(…) > 1/2``). Nothing else is a
parameter: a number inside other arithmetic (``count() * 2``) would move the comparison in ways
this module cannot follow, and is left as written.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import attrs

from .. import ir
from ..semantics.conditions import expr_text
from ..semantics.reasons import fraction_text
from ..source import Span

#: The kinds of parameter.
THRESHOLD, CUT, CONSTANT, WEIGHT = "threshold", "cut", "constant", "weight"


@attrs.frozen
class Parameter:
    """One free parameter of a rule: ``index`` (1-based, as ``--param`` takes it), ``kind``
    (``threshold``, ``cut``, ``constant``), ``label`` in the framework's words, its value as
    written, whether it takes whole numbers only, and where its number is written."""

    index: int
    kind: str
    label: str
    value: Fraction
    integer: bool = False
    span: Span | None = attrs.field(default=None, eq=False)
    #: where it sits: the threshold's or boundary's index, or (case index, path to the number)
    where: Any = attrs.field(default=None, eq=False, repr=False)


def _is_number(expr: ir.Expr) -> bool:
    """A number as written: a constant, or a constant divided by a constant (``1/2``)."""
    if isinstance(expr, ir.Const):
        return True
    return (isinstance(expr, ir.Arith) and expr.op == "/" and isinstance(expr.left, ir.Const)
            and isinstance(expr.right, ir.Const) and expr.right.value != 0)


def _number(expr: ir.Expr) -> Fraction:
    if isinstance(expr, ir.Const):
        return expr.value
    assert isinstance(expr, ir.Arith) and isinstance(expr.left, ir.Const) and isinstance(expr.right, ir.Const)
    return expr.left.value / expr.right.value


def _comparison_numbers(expr: ir.Expr, path: tuple[Any, ...]) -> list[tuple[tuple[Any, ...], ir.Compare, str]]:
    """Every number written on one side of a comparison whose other side is not a number, with
    the path to it (attribute names and tuple indexes)."""
    out: list[tuple[tuple[Any, ...], ir.Compare, str]] = []
    if isinstance(expr, ir.Compare):
        for side, other in (("left", expr.right), ("right", expr.left)):
            if _is_number(getattr(expr, side)) and not _is_number(other):
                out.append((path + (side,), expr, side))
    for field in attrs.fields(type(expr)):
        value = getattr(expr, field.name)
        if field.name in ("left", "right") and isinstance(expr, ir.Compare) and _is_number(value):
            continue
        if isinstance(value, tuple):
            for n, item in enumerate(value):
                if attrs.has(type(item)):
                    out.extend(_comparison_numbers(item, path + (field.name, n)))
        elif attrs.has(type(value)) and not isinstance(value, Span):
            out.extend(_comparison_numbers(value, path + (field.name,)))
    return out


def parameters(rule: ir.Rule) -> tuple[Parameter, ...]:
    """The free parameters of ``rule``, in the order they are written."""
    body = rule.body
    out: list[Parameter] = []
    if isinstance(body, (ir.ShareThresholds, ir.MeanThresholds, ir.Weighted)):
        for n, t in enumerate(body.thresholds):
            label = f"{'above' if t.strict else 'from'} {fraction_text(t.bound)} -> {t.symbol}"
            out.append(Parameter(len(out) + 1, THRESHOLD, label, t.bound, False, t.span, n))
        if isinstance(body, ir.Weighted):
            for n, (name, weight) in enumerate(body.weights):
                out.append(Parameter(len(out) + 1, WEIGHT, f"weight of {name}", weight, False, None, n))
    elif isinstance(body, ir.SumBands):
        for n in range(len(body.bands) - 1):
            upper = body.bands[n + 1]
            label = f"first points of band {upper.low}..{upper.high} -> {upper.symbol}"
            out.append(Parameter(len(out) + 1, CUT, label, Fraction(upper.low), True, upper.span, n))
    elif isinstance(body, ir.Table):
        for n, case in enumerate(body.cases):
            for path, compare, side in _comparison_numbers(case.condition, ()):
                number = getattr(compare, side)
                label = f"{fraction_text(_number(number))} in case {n + 1}: {expr_text(compare)}"
                out.append(Parameter(len(out) + 1, CONSTANT, label, _number(number), False, number.span, (n, path)))
    return tuple(out)


def _replace(node: Any, path: Sequence[Any], value: Fraction) -> Any:
    if not path:
        return ir.Const(value)
    step, rest = path[0], path[1:]
    if isinstance(step, int):
        items = list(node)
        items[step] = _replace(items[step], rest, value)
        return tuple(items)
    return attrs.evolve(node, **{step: _replace(getattr(node, step), rest, value)})


def with_values(rule: ir.Rule, chosen: Sequence[tuple[Parameter, Fraction]]) -> ir.Rule:
    """``rule`` with each parameter given its value (the rest as written)."""
    body: Any = rule.body
    for parameter, value in chosen:
        if parameter.kind == THRESHOLD:
            thresholds = list(body.thresholds)
            thresholds[parameter.where] = attrs.evolve(thresholds[parameter.where], bound=value)
            body = attrs.evolve(body, thresholds=tuple(thresholds))
        elif parameter.kind == WEIGHT:
            weights = list(body.weights)
            weights[parameter.where] = (weights[parameter.where][0], value)
            body = attrs.evolve(body, weights=tuple(weights))
        elif parameter.kind == CUT:
            n, cut = parameter.where, int(value)
            bands = list(body.bands)
            bands[n] = attrs.evolve(bands[n], high=cut - 1)
            bands[n + 1] = attrs.evolve(bands[n + 1], low=cut)
            body = attrs.evolve(body, bands=tuple(bands))
        else:
            n, path = parameter.where
            cases = list(body.cases)
            cases[n] = attrs.evolve(cases[n], condition=_replace(cases[n].condition, path, value))
            body = attrs.evolve(body, cases=tuple(cases))
    return attrs.evolve(rule, body=body)


def cut_range(rule: ir.Rule, parameter: Parameter) -> tuple[int, int]:
    """The whole numbers a band boundary can take without emptying a band next to it, given the
    other boundaries as written (the search keeps every band at least one point wide)."""
    bands = rule.body.bands  # type: ignore[union-attr]
    n = parameter.where
    return bands[n].low + 1, bands[n + 1].high
