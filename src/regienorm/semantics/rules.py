"""Applying one aggregation rule to its inputs: the verdict and the arithmetic that explains it.

Pure functions over plain values; the evaluator decides which inputs a rule gets.
"""

from __future__ import annotations

import math
import operator
from collections import Counter
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import attrs

from .. import ir
from ..judgement import Reason, Status


@attrs.frozen
class Input:
    """One input of a rule on verdicts: a toetsaspect, a norm or an entity, with its outcome."""

    label: str
    status: Status
    symbol: str | None
    points: int | None


@attrs.frozen
class ValueInput:
    """One input of a rule on values: a measure record."""

    entity: str
    item: str | None
    value: Fraction
    n: int | None
    source: Any = attrs.field(default=None, eq=False)  # the record's Citation, shown in reasons


@attrs.frozen
class Outcome:
    status: Status
    symbol: str | None
    reasons: tuple[Reason, ...]


class Undefined(Exception):
    """An aggregate with nothing to aggregate, or a division by zero."""


def fmt(value: Fraction | int | None) -> str:
    """A number for people: whole numbers plain, others with up to three decimals."""
    if value is None:
        return "—"
    exact = Fraction(value)
    if exact.denominator == 1:
        return str(exact.numerator)
    return f"{float(exact):.3f}".rstrip("0").rstrip(".")


def fraction_text(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    decimal = fmt(value)
    exact = f"{value.numerator}/{value.denominator}"
    return exact if len(exact) <= 7 and Fraction(decimal) != value else decimal


def _rule_reason(rule: ir.Rule) -> Reason:
    name = rule.title or rule.id
    text = f"rule `{rule.id}` ({rule.kind}; {rule.provenance()})"
    if rule.title and rule.title != rule.id:
        text = f"rule `{rule.id}` \"{name}\" ({rule.kind}; {rule.provenance()})"
    data: list[tuple[str, Any]] = [("rule", rule.id), ("rule_kind", rule.kind), ("provenance", rule.provenance())]
    if rule.span is not None:
        data.append(("span", rule.span))
    return Reason("rule", text, tuple(data))


def apply_verdict_rule(rule: ir.Rule, inputs: Sequence[Input], scale: ir.Scale, *, explain: bool = True) -> Outcome:
    """Apply a rule on verdicts, honouring its not-assessed / not-applicable policies."""
    reasons: list[Reason] = [_rule_reason(rule)] if explain else []
    kept: list[Input] = []
    skipped_all_na = True
    for item in inputs:
        if explain:
            reasons.append(Reason("input", f"{item.label}: {item.symbol if item.symbol else item.status.value.replace('_', ' ')}"
                                  + (f" ({item.points} point{'' if item.points == 1 else 's'})" if item.points is not None else ""),
                                  (("input", item.label), ("status", item.status), ("verdict", item.symbol),
                                   ("points", item.points))))
        if item.status is Status.JUDGED:
            kept.append(item)
            skipped_all_na = False
            continue
        policy = rule.not_assessed if item.status is Status.NOT_ASSESSED else rule.not_applicable
        what = item.status.value.replace("_", " ")
        if item.status is Status.NOT_ASSESSED:
            skipped_all_na = False
        if policy is ir.Policy.PROPAGATE:
            if explain:
                reasons.append(Reason("policy", f"{item.label} is {what}; the rule's policy for {what} inputs is "
                                      "`propagate`, so this verdict is not assessed", (("policy", "propagate"),)))
            return Outcome(Status.NOT_ASSESSED, None, tuple(reasons))
        if policy is ir.Policy.LOWEST:
            lowest = scale.lowest
            kept.append(Input(item.label, Status.JUDGED, lowest.symbol, lowest.points))
            skipped_all_na = False
            if explain:
                reasons.append(Reason("policy", f"{item.label} is {what}; counted as the lowest verdict "
                                      f"{lowest.symbol} (policy `lowest`)", (("policy", "lowest"),)))
        elif explain:
            reasons.append(Reason("policy", f"{item.label} is {what}; left out and the rest renormalised (policy `skip`)",
                                  (("policy", "skip"),)))
    if not kept:
        status = Status.NOT_APPLICABLE if inputs and skipped_all_na else Status.NOT_ASSESSED
        if explain:
            reasons.append(Reason("missing", "no inputs remain to judge" if inputs else "there are no inputs to judge"))
        return Outcome(status, None, tuple(reasons))
    try:
        symbol, arithmetic = _compute(rule.body, kept, scale)
    except Undefined as exc:
        if explain:
            reasons.append(Reason("arithmetic", f"cannot decide: {exc}"))
        return Outcome(Status.NOT_ASSESSED, None, tuple(reasons))
    if symbol is None:
        if explain:
            reasons.append(Reason("arithmetic", arithmetic))
        return Outcome(Status.NOT_ASSESSED, None, tuple(reasons))
    if explain:
        reasons.append(Reason("arithmetic", arithmetic, (("result", symbol),)))
    return Outcome(Status.JUDGED, symbol, tuple(reasons))


def _points_text(items: Sequence[Input]) -> str:
    return "+".join(str(i.points) for i in items)


def _thresholds(value: Fraction, thresholds: Sequence[ir.Threshold], otherwise: str) -> tuple[str, str]:
    for t in thresholds:
        if (value > t.bound) if t.strict else (value >= t.bound):
            return t.symbol, f"{'above' if t.strict else 'from'} {fraction_text(t.bound)} -> {t.symbol}"
    return otherwise, f"otherwise -> {otherwise}"


_COMPARISONS: dict[str, Any] = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
                                 "=": operator.eq, "!=": operator.ne}


def _compare(left: Fraction | int, op: str, right: Fraction | int) -> bool:
    return bool(_COMPARISONS[op](left, right))


def _compute(body: ir.RuleBody, kept: Sequence[Input], scale: ir.Scale) -> tuple[str | None, str]:
    points = [i.points or 0 for i in kept]
    total = sum(points)
    if isinstance(body, ir.SumBands):
        for band in body.bands:
            if band.low <= total <= band.high:
                return band.symbol, f"{_points_text(kept)} = {total} points; band {band.low}..{band.high} -> {band.symbol}"
        return None, f"{_points_text(kept)} = {total} points; no band covers {total}, so no verdict"
    if isinstance(body, ir.ShareThresholds):
        maximum = len(kept) * scale.max_points
        if maximum == 0:
            raise Undefined("the maximum number of points is 0")
        share = Fraction(total, maximum)
        symbol, step = _thresholds(share, body.thresholds, body.otherwise)
        return symbol, f"{_points_text(kept)} = {total} of {maximum} points = {fmt(share)}; {step}"
    if isinstance(body, ir.MeanThresholds):
        mean = Fraction(total, len(kept))
        symbol, step = _thresholds(mean, body.thresholds, body.otherwise)
        return symbol, f"({_points_text(kept)}) / {len(kept)} = {fmt(mean)} points on average; {step}"
    if isinstance(body, ir.Weighted):
        weights = dict(body.weights)
        terms = [(weights.get(i.label.rsplit(".", 1)[-1], weights.get(i.label, Fraction(1))), i) for i in kept]
        got = sum((w * (i.points or 0) for w, i in terms), Fraction(0))
        weighted_max = sum((w * scale.max_points for w, _ in terms), Fraction(0))
        if weighted_max == 0:
            raise Undefined("the weights add up to 0")
        share = got / weighted_max
        symbol, step = _thresholds(share, body.thresholds, body.otherwise)
        shown = " + ".join(f"{fmt(w)}×{i.points}" for w, i in terms)
        return symbol, f"{shown} = {fmt(got)} of {fmt(weighted_max)} weighted points = {fmt(share)}; {step}"
    if isinstance(body, (ir.Worst, ir.Best)):
        chosen = (min if isinstance(body, ir.Worst) else max)(kept, key=lambda i: i.points or 0)
        word = "worst" if isinstance(body, ir.Worst) else "best"
        return chosen.symbol, f"{word} of {', '.join(str(i.symbol) for i in kept)} is {chosen.symbol}"
    if isinstance(body, ir.Majority):
        counts = Counter(i.symbol for i in kept)
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], -scale.by_symbol(str(kv[0])).points))
        shown = ", ".join(f"{s} ×{c}" for s, c in ranked)
        top = ranked[0][1]
        tied = [s for s, c in ranked if c == top]
        if len(tied) == 1:
            return tied[0], f"{shown}: majority {tied[0]}"
        if body.tie == "worst":
            pick = min(tied, key=lambda s: scale.by_symbol(str(s)).points)
        elif body.tie == "best":
            pick = max(tied, key=lambda s: scale.by_symbol(str(s)).points)
        else:
            pick = body.tie
        return pick, f"{shown}: a tie between {', '.join(str(s) for s in tied)}; tie goes to {body.tie} -> {pick}"
    if isinstance(body, (ir.AtLeast, ir.AllOf, ir.AnyOf)):
        level = scale.by_symbol(body.level).points
        hits = [i for i in kept if _compare(i.points or 0, body.op, level)]
        if isinstance(body, ir.AtLeast):
            ok = len(hits) >= body.k
            need = f"need at least {body.k}"
        elif isinstance(body, ir.AllOf):
            ok = len(hits) == len(kept)
            need = "need all"
        else:
            ok = bool(hits)
            need = "need any"
        symbol = body.then if ok else body.otherwise
        return symbol, (f"{len(hits)} of {len(kept)} inputs {body.op} {body.level} ({need}) -> "
                        f"{'then' if ok else 'else'} {symbol}")
    assert isinstance(body, ir.Table)
    return _table(body, _VerdictContext(kept, scale), scale)


# ------------------------------------------------------------------------------------ tables
class _VerdictContext:
    def __init__(self, items: Sequence[Input], scale: ir.Scale) -> None:
        self.items: Sequence[Any] = items
        self.groups: dict[str, Sequence[Any]] = {}
        self.scale = scale


class _ValueContext:
    def __init__(self, own: Sequence[ValueInput], groups: dict[str, Sequence[ValueInput]], scale: ir.Scale) -> None:
        self.items: Sequence[Any] = own
        self.groups: dict[str, Sequence[Any]] = groups
        self.scale = scale


def apply_value_rule(rule: ir.Rule, own: Sequence[ValueInput], groups: dict[str, Sequence[ValueInput]],
                     scale: ir.Scale, measure: str, *, explain: bool = True, unit: str | None = None) -> Outcome:
    """Apply a ``table on values`` rule to measure records (own records, and per-entity groups)."""
    reasons: list[Reason] = [_rule_reason(rule)] if explain else []
    if explain:
        for record in own:
            reasons.append(value_reason(record, measure, unit=unit))
        for entity in sorted(groups):
            if groups[entity] is own:
                continue
            for record in groups[entity]:
                reasons.append(value_reason(record, measure, unit=unit))
    assert isinstance(rule.body, ir.Table)
    try:
        if explain:
            symbol, arithmetic = _table(rule.body, _ValueContext(own, groups, scale), scale)
        else:  # the same cases in the same order, without writing out the arithmetic
            symbol = _table_symbol(rule.body, _ValueContext(own, groups, scale))
    except Undefined as exc:
        if explain:
            reasons.append(Reason("arithmetic", f"cannot decide: {exc}"))
        return Outcome(Status.NOT_ASSESSED, None, tuple(reasons))
    if explain:
        reasons.append(Reason("arithmetic", arithmetic, (("result", symbol),)))
    return Outcome(Status.JUDGED, symbol, tuple(reasons))


def decide_values(rule: ir.Rule, own: Sequence[ValueInput], groups: dict[str, Sequence[ValueInput]],
                  scale: ir.Scale) -> tuple[Status, str | None]:
    """The status and symbol :func:`apply_value_rule` gives without reasons, and nothing else."""
    assert isinstance(rule.body, ir.Table)
    try:
        return Status.JUDGED, _table_symbol(rule.body, _ValueContext(own, groups, scale))
    except Undefined:
        return Status.NOT_ASSESSED, None


def value_reason(record: ValueInput, measure: str, kind: str = "measure", unit: str | None = None) -> Reason:
    """A measure record in words; ``kind`` is 'measure' (an input) or 'indicator' (shown, not used by the rule)."""
    label = f"{record.entity}" + (f" {record.item}" if record.item else "")
    n = f" (n={record.n})" if record.n is not None else ""
    prefix = "indicator " if kind == "indicator" else ""
    shown = fmt(record.value) + ("" if not unit else unit if unit == "%" else f" {unit}")
    where = f" [{record.source.describe()}]" if record.source is not None else ""
    data = (("entity", record.entity), ("measure", measure), ("item", record.item), ("value", record.value),
            ("n", record.n), ("unit", unit), ("source", record.source.to_json() if record.source is not None else None))
    return Reason(kind, f"{prefix}{measure} {label}: {shown}{n}{where}", data)


def _table(body: ir.Table, ctx: Any, scale: ir.Scale) -> tuple[str, str]:
    steps = []
    for number, case in enumerate(body.cases, 1):
        shown: list[str] = []
        holds = _compiled(case.condition)(ctx, ctx.items, None, shown)
        detail = f" [{'; '.join(shown)}]" if shown else ""
        steps.append(f"case {number}: {expr_text(case.condition)}{detail} is {'true' if holds else 'false'}")
        if holds:
            return case.symbol, "; ".join(steps) + f" -> {case.symbol}"
    return body.otherwise, "; ".join(steps) + f"; otherwise -> {body.otherwise}"


def _table_symbol(body: ir.Table, ctx: Any) -> str:
    """What :func:`_table` decides, without its text: by the integer form of the conditions when
    they have one (:func:`_exact`), else by the general one."""
    conditions = _exact_conditions(body)
    if conditions is not None:
        for condition, case in zip(conditions, body.cases, strict=True):
            if condition(ctx, ctx.items, None):
                return case.symbol
        return body.otherwise
    for case in body.cases:
        if _compiled(case.condition)(ctx, ctx.items, None, None):
            return case.symbol
    return body.otherwise


def _eval(expr: ir.Expr, ctx: Any, items: Sequence[Any], current: Any, shown: list[str] | None) -> Any:
    if isinstance(expr, ir.Const):
        return expr.value
    if isinstance(expr, ir.VerdictConst):
        return Fraction(ctx.scale.by_symbol(expr.symbol).points)
    if isinstance(expr, ir.Field):
        if current is None:
            raise Undefined(f"`{expr.name}` used outside an aggregate")
        name = "points" if expr.name == "verdict" else expr.name
        value = getattr(current, name)
        if value is None:
            raise Undefined(f"an input has no `{expr.name}`")
        return value if value.__class__ is Fraction else Fraction(value)
    if isinstance(expr, ir.Arith):
        left = _eval(expr.left, ctx, items, current, shown)
        right = _eval(expr.right, ctx, items, current, shown)
        if expr.op == "+":
            return left + right
        if expr.op == "-":
            return left - right
        if expr.op == "*":
            return left * right
        if right == 0:
            raise Undefined(f"division by zero in {expr_text(expr)}")
        return left / right
    if isinstance(expr, ir.Compare):
        return _compare(_eval(expr.left, ctx, items, current, shown), expr.op,
                        _eval(expr.right, ctx, items, current, shown))
    if isinstance(expr, ir.BoolOp):
        if expr.op == "and":
            return all(_eval(o, ctx, items, current, shown) for o in expr.operands)
        return any(_eval(o, ctx, items, current, shown) for o in expr.operands)
    if isinstance(expr, ir.Not):
        return not _eval(expr.operand, ctx, items, current, shown)
    assert isinstance(expr, ir.Call)
    value = _call(expr, ctx, items, current)
    if shown is not None and current is None:
        shown.append(f"{expr_text(expr)} = {_show(value)}")
    return value


def _show(value: Any) -> str:
    """A value inside a table's trace: a share as its fraction and decimal, other numbers as decimals."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if not isinstance(value, Fraction) or value.denominator == 1:
        return fraction_text(value) if isinstance(value, Fraction) else str(value)
    if 0 < value < 1 and value.denominator <= 20:
        return f"{value.numerator}/{value.denominator} = {fmt(value)}"
    return fmt(value)


def _call(expr: ir.Call, ctx: Any, items: Sequence[Any], current: Any) -> Any:
    fn = expr.function
    if fn == "max_points":
        return Fraction(len(items) * ctx.scale.max_points)
    if expr.by_entity:
        domain = [(group, None) for _, group in sorted(ctx.groups.items())]
    else:
        domain = [(items, item) for item in items]
    if expr.argument is None:  # count()
        return Fraction(len(domain))
    values = [_eval(expr.argument, ctx, group, item, None) for group, item in domain]
    return _reduce(fn, values, expr)


# ------------------------------------------------------------------------------------ compiled conditions
#: A condition compiled to a function (ctx, items, current, shown) -> value: what :func:`_eval`
#: computes, in the same order with the same errors and the same ``shown`` texts, without looking
#: up the kind of every node on every evaluation. Remembered per expression, by identity.
_COMPILED: dict[int, tuple[ir.Expr, Any]] = {}


def _compiled(expr: ir.Expr) -> Any:
    known = _COMPILED.get(id(expr))
    if known is not None and known[0] is expr:
        return known[1]
    f = _compile(expr)
    if len(_COMPILED) >= 20_000:
        _COMPILED.clear()
    _COMPILED[id(expr)] = (expr, f)
    return f


def _compile(expr: ir.Expr) -> Any:  # noqa: C901 - one branch per kind of node, as _eval
    if isinstance(expr, ir.Const):
        value = expr.value
        return lambda ctx, items, current, shown: value
    if isinstance(expr, ir.VerdictConst):
        symbol = expr.symbol
        return lambda ctx, items, current, shown: Fraction(ctx.scale.by_symbol(symbol).points)
    if isinstance(expr, ir.Field):
        field_name, attribute = expr.name, "points" if expr.name == "verdict" else expr.name

        def field(ctx: Any, items: Any, current: Any, shown: Any) -> Any:
            if current is None:
                raise Undefined(f"`{field_name}` used outside an aggregate")
            value = getattr(current, attribute)
            if value is None:
                raise Undefined(f"an input has no `{field_name}`")
            return value if value.__class__ is Fraction else Fraction(value)
        return field
    if isinstance(expr, ir.Arith):
        left, right, op = _compiled(expr.left), _compiled(expr.right), expr.op
        if op == "/":
            def divide(ctx: Any, items: Any, current: Any, shown: Any) -> Any:
                a = left(ctx, items, current, shown)
                b = right(ctx, items, current, shown)
                if b == 0:
                    raise Undefined(f"division by zero in {expr_text(expr)}")
                return a / b
            return divide
        operation = {"+": operator.add, "-": operator.sub, "*": operator.mul}[op]
        return lambda ctx, items, current, shown: operation(left(ctx, items, current, shown), right(ctx, items, current, shown))
    if isinstance(expr, ir.Compare):
        left, right, comparison = _compiled(expr.left), _compiled(expr.right), _COMPARISONS[expr.op]
        return lambda ctx, items, current, shown: bool(comparison(left(ctx, items, current, shown), right(ctx, items, current, shown)))
    if isinstance(expr, ir.BoolOp):
        operands = [_compiled(o) for o in expr.operands]
        if expr.op == "and":
            return lambda ctx, items, current, shown: all(o(ctx, items, current, shown) for o in operands)
        return lambda ctx, items, current, shown: any(o(ctx, items, current, shown) for o in operands)
    if isinstance(expr, ir.Not):
        operand = _compiled(expr.operand)
        return lambda ctx, items, current, shown: not operand(ctx, items, current, shown)
    assert isinstance(expr, ir.Call)
    return _compile_call(expr)


def _compile_call(expr: ir.Call) -> Any:
    fn = expr.function
    by_entity = expr.by_entity
    argument = _compiled(expr.argument) if expr.argument is not None else None

    def call(ctx: Any, items: Any, current: Any, shown: Any) -> Any:
        value = _aggregate(fn, by_entity, argument, expr, ctx, items)
        if shown is not None and current is None:
            shown.append(f"{expr_text(expr)} = {_show(value)}")
        return value
    return call


def _aggregate(fn: str, by_entity: bool, argument: Any, expr: ir.Call, ctx: Any, items: Sequence[Any]) -> Any:
    """:func:`_call` with a compiled argument: every value computed before any is combined."""
    if fn == "max_points":
        return Fraction(len(items) * ctx.scale.max_points)
    if by_entity:
        if argument is None:
            return Fraction(len(ctx.groups))
        values = [argument(ctx, group, None, None) for _, group in sorted(ctx.groups.items())]
    else:
        if argument is None:
            return Fraction(len(items))
        values = [argument(ctx, items, item, None) for item in items]
    return _reduce(fn, values, expr)


def _reduce(fn: str, values: list[Any], expr: ir.Call) -> Any:
    """One aggregate over the values its argument took (per input, or per entity with `by entity`)."""
    if fn == "count":
        return Fraction(sum(1 for v in values if v))
    if fn == "share":
        if not values:
            raise Undefined(f"{expr_text(expr)} over no inputs")
        return Fraction(sum(1 for v in values if v), len(values))
    if fn == "all":
        return all(values)
    if fn == "any":
        return any(values)
    if fn == "none":
        return not any(values)
    if fn == "sum":
        return _exact_sum(values)
    if not values:
        raise Undefined(f"{expr_text(expr)} over no inputs")
    if fn == "min":
        return min(values)
    if fn == "max":
        return max(values)
    assert fn == "mean"
    return _exact_sum(values) / len(values)


def _exact_sum(values: list[Any]) -> Any:
    """``sum(values, Fraction(0))``: for Fractions over a common denominator, in integers."""
    if all(v.__class__ is Fraction for v in values):
        common = math.lcm(*[v.denominator for v in values]) if values else 1
        return Fraction(sum([v.numerator * (common // v.denominator) for v in values]), common)
    return sum(values, Fraction(0))


# ------------------------------------------------------------------------------------ conditions in integers
#: Without reasons nothing shows the intermediate numbers, so a condition can be decided in
#: integers: every number a pair (numerator, denominator > 0), compared by cross-multiplying.
#: Exact like the Fractions of :func:`_compile` (same truth, same Undefined), without making one.
_EXACT: dict[int, tuple[ir.Table, list[Any] | None]] = {}


def _exact_conditions(body: ir.Table) -> list[Any] | None:
    known = _EXACT.get(id(body))
    if known is not None and known[0] is body:
        return known[1]
    try:
        conditions: list[Any] | None = [_exact(case.condition) for case in body.cases]
    except _NoExactForm:
        conditions = None
    if len(_EXACT) >= 20_000:
        _EXACT.clear()
    _EXACT[id(body)] = (body, conditions)
    return conditions


class _NoExactForm(Exception):
    """A condition the integer form does not cover (it is decided with Fractions)."""


def _pair(value: Any) -> tuple[int, int]:
    if value.__class__ is Fraction:
        return value.numerator, value.denominator
    if value.__class__ is int:
        return value, 1
    f = Fraction(value)
    return f.numerator, f.denominator


def _exact(expr: ir.Expr) -> Any:  # noqa: C901 - one branch per kind of node
    """``expr`` as a function (ctx, items, current) -> bool or (numerator, denominator)."""
    if isinstance(expr, ir.Const):
        pair = (expr.value.numerator, expr.value.denominator)
        return lambda ctx, items, current: pair
    if isinstance(expr, ir.Field):
        field_name, attribute = expr.name, "points" if expr.name == "verdict" else expr.name

        def field(ctx: Any, items: Any, current: Any) -> tuple[int, int]:
            if current is None:
                raise Undefined(f"`{field_name}` used outside an aggregate")
            value = getattr(current, attribute)
            if value is None:
                raise Undefined(f"an input has no `{field_name}`")
            return _pair(value)
        return field
    if isinstance(expr, ir.Arith):
        left, right, op = _exact(expr.left), _exact(expr.right), expr.op

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
                raise Undefined(f"division by zero in {expr_text(expr)}")
            return (a * d, b * c) if c > 0 else (-a * d, -b * c)
        return arith
    if isinstance(expr, ir.Compare):
        left, right, comparison = _exact(expr.left), _exact(expr.right), _COMPARISONS[expr.op]
        if isinstance(expr.left, ir.Field) and isinstance(expr.right, ir.Const):  # value >= 60: one step
            field_name = expr.left.name
            attribute = "points" if field_name == "verdict" else field_name
            c, d = expr.right.value.numerator, expr.right.value.denominator

            def field_to_constant(ctx: Any, items: Any, current: Any) -> bool:
                if current is None:
                    raise Undefined(f"`{field_name}` used outside an aggregate")
                value = getattr(current, attribute)
                if value is None:
                    raise Undefined(f"an input has no `{field_name}`")
                if value.__class__ is Fraction:
                    return bool(comparison(value.numerator * d, c * value.denominator))
                a, b = _pair(value)
                return bool(comparison(a * d, c * b))
            return field_to_constant

        def compare(ctx: Any, items: Any, current: Any) -> bool:
            a, b = left(ctx, items, current)
            c, d = right(ctx, items, current)
            return bool(comparison(a * d, c * b))
        return compare
    if isinstance(expr, ir.BoolOp):
        operands = [_exact(o) for o in expr.operands]
        if expr.op == "and":
            return lambda ctx, items, current: all(o(ctx, items, current) for o in operands)
        return lambda ctx, items, current: any(o(ctx, items, current) for o in operands)
    if isinstance(expr, ir.Not):
        operand = _exact(expr.operand)
        return lambda ctx, items, current: not operand(ctx, items, current)
    if isinstance(expr, ir.Call):
        return _exact_call(expr)
    raise _NoExactForm(type(expr).__name__)  # a verdict in quotes: looked up on the scale, with Fractions


def _exact_call(expr: ir.Call) -> Any:
    fn, by_entity = expr.function, expr.by_entity
    argument = _exact(expr.argument) if expr.argument is not None else None
    if fn not in ("max_points", "count", "share", "all", "any", "none", "sum", "min", "max", "mean"):
        raise _NoExactForm(fn)

    plain_field = expr.argument.name if isinstance(expr.argument, ir.Field) and not by_entity else None
    attribute = "points" if plain_field == "verdict" else plain_field

    def call(ctx: Any, items: Any, current: Any) -> Any:
        if fn == "max_points":
            return len(items) * ctx.scale.max_points, 1
        if by_entity:
            if argument is None:
                return len(ctx.groups), 1
            groups = ctx.groups
            values = [argument(ctx, group, None) for _, group in (sorted(groups.items()) if len(groups) > 1 else groups.items())]
        elif argument is None:
            return len(items), 1
        elif attribute is not None:  # mean(value) and the like: the field read right here
            values = []
            for item in items:
                v = getattr(item, attribute)
                if v is None:
                    raise Undefined(f"an input has no `{plain_field}`")
                values.append((v.numerator, v.denominator) if v.__class__ is Fraction else _pair(v))
        else:
            values = [argument(ctx, items, item) for item in items]
        if fn == "count":
            return sum(1 for v in values if v), 1
        if fn == "share":
            if not values:
                raise Undefined(f"{expr_text(expr)} over no inputs")
            return sum(1 for v in values if v), len(values)
        if fn == "all":
            return all(values)
        if fn == "any":
            return any(values)
        if fn == "none":
            return not any(values)
        if fn == "sum":
            return _pair_sum(values)
        if not values:
            raise Undefined(f"{expr_text(expr)} over no inputs")
        if fn == "mean":
            total, denominator = _pair_sum(values)
            return total, denominator * len(values)
        chosen = values[0]
        for v in values:  # the first smallest (largest), as min() and max() choose
            if (v[0] * chosen[1] < chosen[0] * v[1]) if fn == "min" else (v[0] * chosen[1] > chosen[0] * v[1]):
                chosen = v
        return chosen
    return call


def _pair_sum(values: list[tuple[int, int]]) -> tuple[int, int]:
    if not values:
        return 0, 1
    common = math.lcm(*[d for _, d in values])
    return sum([n * (common // d) for n, d in values]), common


# ------------------------------------------------------------------------------------ text
_PRECEDENCE = {"or": 1, "and": 2, "not": 3, "cmp": 4, "+": 5, "-": 5, "*": 6, "/": 6}


_EXPR_TEXTS: dict[tuple[int, int], tuple[ir.Expr, str]] = {}


def expr_text(expr: ir.Expr, parent: int = 0) -> str:
    """An expression as the author would write it (canonical spacing and brackets)."""
    # Expressions are immutable and a rule's texts are asked for on every evaluation: remembered
    # by identity (the entry holds the expression, so its id cannot be reused while remembered).
    key = (id(expr), parent)
    known = _EXPR_TEXTS.get(key)
    if known is not None and known[0] is expr:
        return known[1]
    text = _expr_text(expr, parent)
    if len(_EXPR_TEXTS) >= 20_000:
        _EXPR_TEXTS.clear()
    _EXPR_TEXTS[key] = (expr, text)
    return text


def _expr_text(expr: ir.Expr, parent: int = 0) -> str:
    if isinstance(expr, ir.Const):
        return fraction_text(expr.value) if expr.value.denominator != 1 else str(expr.value.numerator)
    if isinstance(expr, ir.VerdictConst):
        return f'"{expr.symbol}"'
    if isinstance(expr, ir.Field):
        return expr.name
    if isinstance(expr, ir.Call):
        inner = expr_text(expr.argument) if expr.argument is not None else ""
        return f"{expr.function}({inner}{' by entity' if expr.by_entity else ''})"
    if isinstance(expr, ir.Compare):
        text = f"{expr_text(expr.left, 5)} {expr.op} {expr_text(expr.right, 5)}"
        level = _PRECEDENCE["cmp"]
    elif isinstance(expr, ir.Arith):
        level = _PRECEDENCE[expr.op]
        text = f"{expr_text(expr.left, level)} {expr.op} {expr_text(expr.right, level + 1)}"
    elif isinstance(expr, ir.BoolOp):
        level = _PRECEDENCE[expr.op]
        text = f" {expr.op} ".join(expr_text(o, level + 1) for o in expr.operands)
    else:
        assert isinstance(expr, ir.Not)
        level = _PRECEDENCE["not"]
        text = f"not {expr_text(expr.operand, level)}"
    return f"({text})" if level < parent else text


# ------------------------------------------------------------------------------------ the engine's fast path
#: Input markers for :class:`VerdictRuleRunner`: a judged input is marked by its symbol (its points
#: are the scale's points for that symbol); these two mark the outcomes outside the scale.
NOT_ASSESSED_MARK = 0
NOT_APPLICABLE_MARK = 1
_MEMO_LIMIT = 4096  # outcomes by kept symbols
#: Input and policy reasons by (label, mark). Labels are targets (as many as the framework has) or,
#: across entities, a group's members (they come and go: a small memo, refilled per group).
_REASON_MEMO_LIMIT = 32_768
_MEMBER_REASON_MEMO_LIMIT = 2048


class VerdictRuleRunner:
    """:func:`apply_verdict_rule` for the evaluator, with memoised pieces.

    The outcome of a rule is a pure function of its inputs, so the pieces of an outcome (the rule's
    reason, one reason per input, the policy reasons, the arithmetic) are built once and shared;
    ``run`` returns exactly what :func:`apply_verdict_rule` returns for the same inputs (the
    reasons are equal objects, often the same ones). Inputs are ``(label, mark)`` pairs: the mark
    is the judged symbol, or :data:`NOT_ASSESSED_MARK` / :data:`NOT_APPLICABLE_MARK`. Every memo is
    bounded: when full it starts afresh, so memory stays constant however long an evaluation runs.
    """

    def __init__(self, rule: ir.Rule, scale: ir.Scale, explain: bool, *, members: bool = False) -> None:
        self.rule = rule
        self.limit = _MEMBER_REASON_MEMO_LIMIT if members else _REASON_MEMO_LIMIT
        self.scale = scale
        self.explain = explain
        self.points = _points_by_symbol(scale)
        self.rule_reason = _rule_reason(rule) if explain else None
        self.by_label = isinstance(rule.body, ir.Weighted)  # only weights look at the labels
        self._tails: dict[tuple[Any, ...], tuple[Status, str | None, Reason | None]] = {}
        self._entries: dict[tuple[str, Any], tuple[Reason, ir.Policy | None, Reason | None, bool]] = {}
        self._kernel = _kernel(rule, scale)
        self._skips = rule.not_assessed is ir.Policy.SKIP and rule.not_applicable is ir.Policy.SKIP
        self._text = _text_kernel(rule, scale) if explain else None

    def decide(self, marks: Sequence[Any]) -> tuple[Status, str | None]:
        """(status, symbol) for inputs given by their marks alone, without reasons.

        Only for rules that do not look at labels (not ``weighted``); the same status and symbol as
        :meth:`run`. Sums, shares, means, worst and best are computed directly in integers.
        """
        kernel = self._kernel
        if kernel is None:
            status, symbol, _ = self.run([("", mark) for mark in marks])
            return status, symbol
        rule = self.rule
        points = self.points
        if self._skips:  # both policies skip: keep the judged, nothing else to decide
            kept = [mark for mark in marks if mark.__class__ is str]
            if not kept:
                na = bool(marks) and all(mark == NOT_APPLICABLE_MARK for mark in marks)
                return (Status.NOT_APPLICABLE if na else Status.NOT_ASSESSED), None
            symbol = kernel(kept, points)
            return (Status.NOT_ASSESSED, None) if symbol is None else (Status.JUDGED, symbol)
        kept = []
        skipped_all_na = True
        for mark in marks:
            if mark.__class__ is str:
                kept.append(mark)
                skipped_all_na = False
                continue
            if mark == NOT_ASSESSED_MARK:
                policy = rule.not_assessed
                skipped_all_na = False
            else:
                policy = rule.not_applicable
            if policy is ir.Policy.PROPAGATE:
                return Status.NOT_ASSESSED, None
            if policy is ir.Policy.LOWEST:
                kept.append(self.scale.lowest.symbol)
                skipped_all_na = False
        if not kept:
            return (Status.NOT_APPLICABLE if marks and skipped_all_na else Status.NOT_ASSESSED), None
        symbol = kernel(kept, points)
        return (Status.NOT_ASSESSED, None) if symbol is None else (Status.JUDGED, symbol)

    def run(self, items: Sequence[tuple[str, Any]]) -> tuple[Status, str | None, tuple[Reason, ...]]:
        """(status, symbol, reasons) for inputs given as (label, mark)."""
        rule = self.rule
        explain = self.explain
        reasons: list[Reason] = [self.rule_reason] if explain else []  # type: ignore[list-item]
        kept: list[tuple[str, str]] = []
        skipped_all_na = True
        if explain:  # one memo entry per (label, mark): its input reason, policy and policy reason
            entries = self._entries
            for item in items:
                entry = entries.get(item)
                if entry is None:
                    entry = self._entry(item)
                reasons.append(entry[0])
                policy = entry[1]
                if policy is None:
                    kept.append(item)
                    skipped_all_na = False
                    continue
                if entry[3]:  # not assessed
                    skipped_all_na = False
                if policy is ir.Policy.PROPAGATE:
                    reasons.append(entry[2])  # type: ignore[arg-type]
                    return Status.NOT_ASSESSED, None, tuple(reasons)
                if policy is ir.Policy.LOWEST:
                    kept.append((item[0], self.scale.lowest.symbol))
                    skipped_all_na = False
                reasons.append(entry[2])  # type: ignore[arg-type]
        for item in () if explain else items:
            label, mark = item
            if mark.__class__ is str:
                kept.append(item)
                skipped_all_na = False
                continue
            if mark == NOT_ASSESSED_MARK:
                policy = rule.not_assessed
                skipped_all_na = False
            else:
                policy = rule.not_applicable
            if policy is ir.Policy.PROPAGATE:
                return Status.NOT_ASSESSED, None, ()
            if policy is ir.Policy.LOWEST:
                kept.append((label, self.scale.lowest.symbol))
                skipped_all_na = False
        if not kept:
            status = Status.NOT_APPLICABLE if items and skipped_all_na else Status.NOT_ASSESSED
            if explain:
                reasons.append(Reason("missing", "no inputs remain to judge" if items else "there are no inputs to judge"))
            return status, None, tuple(reasons)
        key = tuple(kept) if self.by_label else tuple([mark for _, mark in kept])
        tail = self._tails.get(key)
        if tail is None:
            tail = self._tail(kept)
            if len(self._tails) >= _MEMO_LIMIT:
                self._tails.clear()
            self._tails[key] = tail
        status, symbol, last = tail
        if explain:
            reasons.append(last)  # type: ignore[arg-type]
        return status, symbol, tuple(reasons)

    def _tail(self, kept: list[tuple[str, str]]) -> tuple[Status, str | None, Reason | None]:
        try:
            if self._text is not None:
                symbol, arithmetic = self._text([s for _, s in kept], self.points)
            else:
                inputs = [Input(label, Status.JUDGED, s, self.points[s]) for label, s in kept]
                symbol, arithmetic = _compute(self.rule.body, inputs, self.scale)
        except Undefined as exc:
            return Status.NOT_ASSESSED, None, Reason("arithmetic", f"cannot decide: {exc}") if self.explain else None
        if symbol is None:
            return Status.NOT_ASSESSED, None, Reason("arithmetic", arithmetic) if self.explain else None
        return Status.JUDGED, symbol, Reason("arithmetic", arithmetic, (("result", symbol),)) if self.explain else None

    def _entry(self, item: tuple[str, Any]) -> tuple[Reason, ir.Policy | None, Reason | None, bool]:
        """The memo entry for one input: its reason, the policy applied to it (None when judged), the
        policy's reason, and whether it is not assessed."""
        label, mark = item
        symbol: str | None
        points: int | None
        if mark.__class__ is str:
            status, symbol, points = Status.JUDGED, mark, self.points[mark]
        else:
            status = Status.NOT_ASSESSED if mark == NOT_ASSESSED_MARK else Status.NOT_APPLICABLE
            symbol = points = None
        reason = Reason("input", f"{label}: {symbol if symbol else status.value.replace('_', ' ')}"
                        + (f" ({points} point{'' if points == 1 else 's'})" if points is not None else ""),
                        (("input", label), ("status", status), ("verdict", symbol), ("points", points)))
        policy: ir.Policy | None = None
        policy_reason: Reason | None = None
        if status is not Status.JUDGED:
            policy = self.rule.not_assessed if status is Status.NOT_ASSESSED else self.rule.not_applicable
            what = status.value.replace("_", " ")
            if policy is ir.Policy.PROPAGATE:
                policy_reason = Reason("policy", f"{label} is {what}; the rule's policy for {what} inputs is "
                                       "`propagate`, so this verdict is not assessed", (("policy", "propagate"),))
            elif policy is ir.Policy.LOWEST:
                policy_reason = Reason("policy", f"{label} is {what}; counted as the lowest verdict "
                                       f"{self.scale.lowest.symbol} (policy `lowest`)", (("policy", "lowest"),))
            else:
                policy_reason = Reason("policy", f"{label} is {what}; left out and the rest renormalised (policy `skip`)",
                                       (("policy", "skip"),))
        entry = (reason, policy, policy_reason, status is Status.NOT_ASSESSED)
        if len(self._entries) >= self.limit:
            self._entries.clear()
        self._entries[item] = entry
        return entry


def _kernel(rule: ir.Rule, scale: ir.Scale) -> Any:
    """A function (kept symbols, points by symbol) -> symbol or None (no verdict), computing what
    :func:`_compute` computes for the common rule kinds, in integers; None for the other kinds."""
    body = rule.body
    if isinstance(body, ir.SumBands):
        bands = [(b.low, b.high, b.symbol) for b in body.bands]

        def sum_bands(kept: list[str], points: dict[str, int]) -> str | None:
            total = 0
            for symbol in kept:
                total += points[symbol]
            for low, high, symbol in bands:
                if low <= total <= high:
                    return symbol
            return None
        return sum_bands
    if isinstance(body, (ir.ShareThresholds, ir.MeanThresholds)):
        if any(not isinstance(t.bound, Fraction) for t in body.thresholds):
            return None
        thresholds = [(t.bound.numerator, t.bound.denominator, t.strict, t.symbol) for t in body.thresholds]
        otherwise = body.otherwise
        per_input = scale.max_points if isinstance(body, ir.ShareThresholds) else 1

        def share(kept: list[str], points: dict[str, int]) -> str | None:
            total = 0
            for symbol in kept:
                total += points[symbol]
            maximum = len(kept) * per_input
            if maximum == 0:
                return None  # the share is undefined: not assessed
            for numerator, denominator, strict, symbol in thresholds:  # total/maximum against n/d
                if (total * denominator > numerator * maximum) if strict else (total * denominator >= numerator * maximum):
                    return symbol
            return otherwise
        return share
    if isinstance(body, (ir.Worst, ir.Best)):
        worst = isinstance(body, ir.Worst)

        def extreme(kept: list[str], points: dict[str, int]) -> str | None:
            chosen = kept[0]
            best = points[chosen]
            for symbol in kept:
                p = points[symbol]
                if (p < best) if worst else (p > best):
                    chosen, best = symbol, p
            return chosen
        return extreme
    return None


def _text_kernel(rule: ir.Rule, scale: ir.Scale) -> Any:
    """A function (kept symbols, points by symbol) -> (symbol or None, arithmetic text): what
    :func:`_compute` returns for sums, shares, means, worst and best, with ints for Fractions (the
    text is the same: ``t / m`` rounds as ``float(Fraction(t, m))``); None for the other kinds."""
    body = rule.body
    if isinstance(body, ir.SumBands):
        bands = [(b.low, b.high, b.symbol) for b in body.bands]

        def sum_bands(kept: list[str], points: dict[str, int]) -> tuple[str | None, str]:
            values = [points[s] for s in kept]
            total = sum(values)
            shown = "+".join(map(str, values))
            for low, high, symbol in bands:
                if low <= total <= high:
                    return symbol, f"{shown} = {total} points; band {low}..{high} -> {symbol}"
            return None, f"{shown} = {total} points; no band covers {total}, so no verdict"
        return sum_bands
    if isinstance(body, (ir.ShareThresholds, ir.MeanThresholds)):
        if any(not isinstance(t.bound, Fraction) for t in body.thresholds):
            return None
        thresholds = [(t.bound.numerator, t.bound.denominator, t.strict, t.symbol,
                       f"{'above' if t.strict else 'from'} {fraction_text(t.bound)} -> {t.symbol}") for t in body.thresholds]
        otherwise = (body.otherwise, f"otherwise -> {body.otherwise}")
        is_share = isinstance(body, ir.ShareThresholds)
        max_points = scale.max_points

        def share(kept: list[str], points: dict[str, int]) -> tuple[str | None, str]:
            values = [points[s] for s in kept]
            total = sum(values)
            n = len(kept) * max_points if is_share else len(kept)
            if n == 0:
                raise Undefined("the maximum number of points is 0")
            symbol, step = otherwise
            for numerator, denominator, strict, s, text in thresholds:
                if (total * denominator > numerator * n) if strict else (total * denominator >= numerator * n):
                    symbol, step = s, text
                    break
            value = str(total // n) if total % n == 0 else f"{total / n:.3f}".rstrip("0").rstrip(".")
            if is_share:
                return symbol, f"{'+'.join(map(str, values))} = {total} of {n} points = {value}; {step}"
            return symbol, f"({'+'.join(map(str, values))}) / {n} = {value} points on average; {step}"
        return share
    if isinstance(body, (ir.Worst, ir.Best)):
        worst = isinstance(body, ir.Worst)
        word = "worst" if worst else "best"

        def extreme(kept: list[str], points: dict[str, int]) -> tuple[str | None, str]:
            chosen = kept[0]
            best = points[chosen]
            for symbol in kept:
                p = points[symbol]
                if (p < best) if worst else (p > best):
                    chosen, best = symbol, p
            return chosen, f"{word} of {', '.join(kept)} is {chosen}"
        return extreme
    return None


def _points_by_symbol(scale: ir.Scale) -> dict[str, int]:
    """Points by symbol and alias, as :meth:`ir.Scale.by_symbol` finds them (the first match wins)."""
    out: dict[str, int] = {}
    for value in scale.values:
        for symbol in (value.symbol, *value.aliases):
            out.setdefault(symbol, value.points)
    return out
