"""The types of conditions: every expression is a number or a truth, fields belong to one input,
and aggregates take and give what :data:`~regienorm.semantics.aggregates.AGGREGATES` says
(RN105, RN204, RN211, RN212, RN401–RN407)."""

from __future__ import annotations

from .. import ir
from ..diagnostics import did_you_mean
from ..semantics.aggregates import AGGREGATES, NUMBER, TRUTH
from .names import check_symbol
from .state import Compilation

#: The fields of one input of a rule on values, and of a rule on verdicts.
VALUE_FIELDS = ("value", "n")
VERDICT_FIELDS = ("points", "verdict")
#: Deeper conditions are RN105 (the parser's limit is lower; this is the backstop).
MAX_DEPTH = 200


def expr_type(state: Compilation, expr: ir.Expr, scale: ir.Scale, on_values: bool, *, depth: int, per_input: bool) -> str:
    """:data:`NUMBER` or :data:`TRUTH`; reports misuse as diagnostics.

    ``per_input``: inside an aggregate, where a field stands for the value of one input."""
    if depth > MAX_DEPTH:
        state.err("RN105", "the condition is nested too deeply", expr.span, "split it into several cases")
        return TRUTH

    def go(e: ir.Expr) -> str:
        return expr_type(state, e, scale, on_values, depth=depth + 1, per_input=per_input)

    if isinstance(expr, ir.Const):
        return NUMBER
    if isinstance(expr, ir.VerdictConst):
        check_symbol(state, expr.symbol, scale, expr.span)
        if on_values:
            state.err("RN401", f"a verdict `{expr.symbol}` in a rule on values", expr.span,
                      "rules `on values` compare measure values; compare with a number")
        return NUMBER
    if isinstance(expr, ir.Field):
        _field(state, expr, on_values, per_input)
        return NUMBER
    if isinstance(expr, ir.Arith):
        for side in (expr.left, expr.right):
            if go(side) != NUMBER:
                state.err("RN404", "arithmetic on a true/false value", side.span, "use a number here")
        return NUMBER
    if isinstance(expr, ir.Compare):
        for side in (expr.left, expr.right):
            if go(side) != NUMBER:
                state.err("RN404", "a comparison of a true/false value", side.span,
                          "compare numbers; combine conditions with `and` / `or`")
        return TRUTH
    if isinstance(expr, ir.BoolOp):
        for operand in expr.operands:
            if go(operand) != TRUTH:
                state.err("RN403", f"`{expr.op}` needs conditions on both sides", operand.span,
                          "compare it, for example `share(points >= 1) > 1/2`")
        return TRUTH
    if isinstance(expr, ir.Not):
        if go(expr.operand) != TRUTH:
            state.err("RN403", "`not` needs a condition", expr.operand.span, "compare it first")
        return TRUTH
    assert isinstance(expr, ir.Call)
    return _call(state, expr, scale, on_values, depth=depth)


def _field(state: Compilation, expr: ir.Field, on_values: bool, per_input: bool) -> None:
    allowed = VALUE_FIELDS if on_values else VERDICT_FIELDS
    if expr.name not in allowed:
        other = VERDICT_FIELDS if on_values else VALUE_FIELDS
        if expr.name in other:
            kind = "measure values" if on_values else "verdicts"
            state.err("RN401" if not on_values else "RN402",
                      f"`{expr.name}` is not a field of {kind}", expr.span,
                      "this rule's inputs have " + ", ".join(f"`{f}`" for f in allowed)
                      + ("; add `on values` to judge measures" if not on_values else ""))
        else:
            close = did_you_mean(expr.name, allowed)
            state.err("RN212", f"unknown field `{expr.name}`", expr.span,
                      f"did you mean `{close}`?" if close else
                      "fields are " + ", ".join(f"`{f}`" for f in allowed))
    elif not per_input:
        state.err("RN405", f"`{expr.name}` belongs to one input and is used outside an aggregate",
                  expr.span, f"aggregate it, for example `mean({expr.name})` or `all({expr.name} >= …)`")


def _call(state: Compilation, expr: ir.Call, scale: ir.Scale, on_values: bool, *, depth: int) -> str:
    """An aggregate: a known one, with the argument its entry in AGGREGATES asks for."""
    fn = expr.function
    if expr.of is not None:
        state.err("RN406", f"`of {expr.of}` in a rule", expr.span,
                  "a rule aggregates its own inputs; `of` reads a target's parts in a decision")
    aggregate = AGGREGATES.get(fn)
    if aggregate is None:
        close = did_you_mean(fn, AGGREGATES)
        state.err("RN211", f"unknown function `{fn}`", expr.span,
                  f"did you mean `{close}`?" if close else "functions are " + ", ".join(f"`{f}`" for f in AGGREGATES))
        return NUMBER
    if expr.by_entity and not on_values:
        state.err("RN406", "`by entity` in a rule on verdicts", expr.span,
                  "`by entity` groups measure values per entity; use it in a `table on values` rule")
    if expr.by_entity and not aggregate.per_input:
        state.err("RN406", f"`{fn}()` cannot be taken by entity", expr.span, "remove `by entity`")
    if aggregate.argument is None:  # max_points(): a property of the scale, not of the inputs
        if expr.argument is not None:
            state.err("RN407", f"`{fn}()` takes nothing between its brackets", expr.span, f"write `{fn}()`")
        if on_values:
            state.err("RN401", f"`{fn}()` in a rule on values", expr.span, "measure values have no points")
        return aggregate.result
    if expr.argument is None:
        if aggregate.optional:
            return aggregate.result
        state.err("RN407", f"`{fn}` needs something to aggregate", expr.span,
                  f"for example `{fn}(points >= 1)`" if aggregate.argument == TRUTH else f"for example `{fn}(points)`")
        return aggregate.result
    inner_per_input = not (expr.by_entity and on_values)
    arg_type = expr_type(state, expr.argument, scale, on_values, depth=depth + 1, per_input=inner_per_input)
    if aggregate.argument == TRUTH and arg_type != TRUTH:
        state.err("RN403", f"`{fn}` needs a condition", expr.argument.span,
                  f"for example `{fn}(value >= 60)`" if on_values else f"for example `{fn}(points >= 1)`")
    if aggregate.argument == NUMBER and arg_type != NUMBER:
        state.err("RN404", f"`{fn}` needs a number", expr.argument.span,
                  f"for example `{fn}(value)`" if on_values else f"for example `{fn}(points)`")
    return aggregate.result
