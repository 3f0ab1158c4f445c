"""Applying one aggregation rule to its inputs: the verdict and the arithmetic that explains it.

Pure functions over plain values; the evaluator decides which inputs a rule gets.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import attrs

from regienorm import ir
from regienorm.judgement import Reason, Status
from regienorm.semantics.conditions import show as _engine_show
from regienorm.semantics.reasons import value_reason as _engine_value_reason
from regienorm.semantics.rules import ValueInput  # presentation only


@attrs.frozen
class Input:
    """One input of a rule on verdicts: a toetsaspect, a norm or an entity, with its outcome."""

    label: str
    status: Status
    symbol: str | None
    points: int | None


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


def _compare(left: Fraction | int, op: str, right: Fraction | int) -> bool:
    return {
        "<": left < right, "<=": left <= right, ">": left > right, ">=": left >= right,
        "=": left == right, "!=": left != right,
    }[op]


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
        symbol, arithmetic = _table(rule.body, _ValueContext(own, groups, scale), scale)
    except Undefined as exc:
        if explain:
            reasons.append(Reason("arithmetic", f"cannot decide: {exc}"))
        return Outcome(Status.NOT_ASSESSED, None, tuple(reasons))
    if explain:
        reasons.append(Reason("arithmetic", arithmetic, (("result", symbol),)))
    return Outcome(Status.JUDGED, symbol, tuple(reasons))


def value_reason(record: ValueInput, measure: str, kind: str = "measure", unit: str | None = None) -> Reason:
    """Presentation is shared with the engine; the reference checks computation, not wording."""
    return _engine_value_reason(record, measure, kind, unit)


def _table(body: ir.Table, ctx: Any, scale: ir.Scale) -> tuple[str, str]:
    steps = []
    for number, case in enumerate(body.cases, 1):
        shown: list[str] = []
        holds = _eval(case.condition, ctx, ctx.items, None, shown)
        detail = f" [{'; '.join(shown)}]" if shown else ""
        steps.append(f"case {number}: {expr_text(case.condition)}{detail} is {'true' if holds else 'false'}")
        if holds:
            return case.symbol, "; ".join(steps) + f" -> {case.symbol}"
    return body.otherwise, "; ".join(steps) + f"; otherwise -> {body.otherwise}"


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
        return Fraction(value)
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
    return _engine_show(value)


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
        return sum(values, Fraction(0))
    if not values:
        raise Undefined(f"{expr_text(expr)} over no inputs")
    if fn == "min":
        return min(values)
    if fn == "max":
        return max(values)
    assert fn == "mean"
    return sum(values, Fraction(0)) / len(values)


# ------------------------------------------------------------------------------------ text
_PRECEDENCE = {"or": 1, "and": 2, "not": 3, "cmp": 4, "+": 5, "-": 5, "*": 6, "/": 6}


def expr_text(expr: ir.Expr, parent: int = 0) -> str:
    """An expression as the author would write it (canonical spacing and brackets)."""
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
