"""What an aggregation rule means: its verdict for given inputs, and the arithmetic that explains it.

Pure functions over plain values; the evaluator decides which inputs a rule gets. This is the
definition: the engine's fast paths (:mod:`regienorm.engine`) compute the same outcomes and reasons
and are tested against these functions over the rule case corpus (``tests/cases/rules.yaml``).

Just past the usual size, and kept whole: it is the definition of every rule kind, each a short
function in one table (``_KINDS``), with the policies that decide their inputs; split by kind, a
reader checking one rule's meaning against another's would have to read several files.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from fractions import Fraction
from itertools import pairwise
from typing import Any, NamedTuple

import attrs

from .. import ir
from ..judgement import Reason, Status
from . import reasons as say
from .aggregates import Undefined
from .conditions import COMPARISONS, Context, evaluate, expr_text
from .reasons import fmt, fraction_text, points_text, ratio_text

__all__ = ["Input", "Outcome", "Undefined", "ValueInput", "apply_policies", "apply_value_rule", "apply_verdict_rule",
           "compute", "decide_values", "decided_by", "is_monotone", "table_symbol", "table_trace", "threshold_value",
           "weighted_points"]


class Input(NamedTuple):
    """One input of a rule on verdicts: a toetsaspect, a norm or an entity, with its outcome.
    (A named tuple: immutable like the rule objects, and made for every input of every rule.)"""

    label: str
    status: Status
    symbol: str | None
    points: int | Fraction | None
    #: the maximum of the input's own scale, where a rule combines inputs of several scales
    #: (None: the rule's scale's, as for every rule over one scale)
    maximum: int | Fraction | None = None
    #: the framework's outcome category its finding gives (``notchecked``), when a rule may treat it
    #: apart (:attr:`regienorm.ir.Rule.categories`); its status and symbol are the category's meaning
    category: str | None = None
    #: the name of the input's own scale, where a rule combines inputs of several scales (a verdict
    #: in a table's condition compares only with inputs of its own scale)
    scale: str | None = None


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


# ------------------------------------------------------------------------------------ policies
def policy_for(rule: ir.Rule, status: Status) -> ir.Policy:
    """The rule's policy for an input that is not assessed or not applicable."""
    return rule.not_assessed if status is Status.NOT_ASSESSED else rule.not_applicable


def status_without_inputs(statuses: Sequence[Status]) -> Status:
    """The outcome when no input remains to judge: not applicable when there were inputs and every
    one was not applicable (and skipped), else not assessed."""
    if statuses and all(s is Status.NOT_APPLICABLE for s in statuses):
        return Status.NOT_APPLICABLE
    return Status.NOT_ASSESSED


def apply_policies(rule: ir.Rule, inputs: Sequence[Input], scale: ir.Scale,
                   reasons: list[Reason] | None) -> list[Input] | None:
    """The inputs the rule computes with, after its not-assessed / not-applicable policies: judged
    inputs as they are, ``lowest`` ones as the scale's lowest verdict, ``skip`` ones left out; None
    when an input's policy is ``propagate`` (the verdict is not assessed). Appends the reasons."""
    kept: list[Input] = []
    for item in inputs:
        if reasons is not None:
            reasons.append(say.input_reason(item.label, item.status, item.symbol, item.points))
        stated = rule.category_policy(item.category)
        if stated is not None:  # the rule's own policy for the input's category, whatever it means
            if reasons is not None:
                reasons.append(say.category_reason(item.label, stated, scale))
            if stated.policy is ir.Policy.PROPAGATE:
                return None
            if stated.policy is not ir.Policy.SKIP:
                value = scale.lowest if stated.symbol is None else scale.by_symbol(stated.symbol)
                kept.append(Input(item.label, Status.JUDGED, value.symbol, value.points))
            continue
        if item.status is Status.JUDGED:
            kept.append(item)
            continue
        policy = policy_for(rule, item.status)
        if reasons is not None:
            reasons.append(say.policy_reason(item.label, item.status, policy, scale))
        if policy is ir.Policy.PROPAGATE:
            return None
        if policy is ir.Policy.LOWEST:
            kept.append(Input(item.label, Status.JUDGED, scale.lowest.symbol, scale.lowest.points))
    return kept


def apply_verdict_rule(rule: ir.Rule, inputs: Sequence[Input], scale: ir.Scale, *, explain: bool = True) -> Outcome:
    """Apply a rule on verdicts, honouring its not-assessed / not-applicable policies."""
    reasons: list[Reason] | None = [say.rule_reason(rule)] if explain else None
    kept = apply_policies(rule, inputs, scale, reasons)
    if kept is None:
        return Outcome(Status.NOT_ASSESSED, None, tuple(reasons or ()))
    if not kept:
        if reasons is not None:
            reasons.append(say.no_inputs_reason(bool(inputs)))
        return Outcome(status_without_inputs([i.status for i in inputs]), None, tuple(reasons or ()))
    status, symbol, last = decide(rule.body, kept, scale, explain)
    if reasons is not None:
        reasons.append(last)  # type: ignore[arg-type]
    return Outcome(status, symbol, tuple(reasons or ()))


def decide(body: ir.RuleBody, kept: Sequence[Input], scale: ir.Scale, explain: bool = True) -> tuple[Status, str | None, Reason | None]:
    """The outcome of a rule body over the inputs kept, with the arithmetic as a reason."""
    try:
        symbol, arithmetic = compute(body, kept, scale)
    except Undefined as exc:
        return Status.NOT_ASSESSED, None, say.undecided_reason(exc) if explain else None
    status = Status.JUDGED if symbol is not None else Status.NOT_ASSESSED
    return status, symbol, say.arithmetic_reason(arithmetic, symbol) if explain else None


# ------------------------------------------------------------------------------------ rule kinds
def compute(body: ir.RuleBody, kept: Sequence[Input], scale: ir.Scale) -> tuple[str | None, str]:
    """The verdict of a rule body over judged inputs (None: no verdict), and its arithmetic."""
    return _KINDS[type(body)](body, kept, scale)


def _points_text(kept: Sequence[Input]) -> str:
    return "+".join(points_text(i.points) for i in kept)


def maxima(kept: Sequence[Input], scale: ir.Scale) -> list[int | Fraction] | None:
    """Each input's own maximum when the inputs are on scales of different maxima; None when they
    share one (the scale's, or their own): then the arithmetic is the one-scale arithmetic."""
    if all(i.maximum is None for i in kept):
        return None
    tops = [scale.max_points if i.maximum is None else i.maximum for i in kept]
    return tops if len(set(tops)) > 1 else None


def own_shares(kept: Sequence[Input], tops: Sequence[int | Fraction]) -> Fraction:
    """The sum of each input's points over its own scale's maximum (a share over several scales)."""
    total = Fraction(0)
    for i, top in zip(kept, tops, strict=True):
        if top == 0:
            raise Undefined(f"the maximum number of points of {i.label or i.symbol} is 0")
        total += Fraction(i.points or 0) / top
    return total


def _own_text(kept: Sequence[Input], tops: Sequence[int | Fraction]) -> str:
    return " + ".join(f"{fmt(i.points)}/{fmt(top)}" for i, top in zip(kept, tops, strict=True))


def _threshold(value: Fraction, thresholds: Sequence[ir.Threshold], otherwise: str) -> tuple[str, str]:
    """The first threshold the value reaches (``from``) or passes (``above``), else ``otherwise``."""
    return _ratio_threshold(value.numerator, value.denominator, thresholds, otherwise)


def _ratio_threshold(numerator: int | Fraction, denominator: int | Fraction, thresholds: Sequence[ir.Threshold], otherwise: str) -> tuple[str, str]:
    """:func:`_threshold` of ``numerator / denominator`` (denominator > 0), compared exactly in integers."""
    index = threshold_index(numerator, denominator, thresholds)
    if index < len(thresholds):
        t = thresholds[index]
        return t.symbol, f"{'above' if t.strict else 'from'} {fraction_text(t.bound)} -> {t.symbol}"
    return otherwise, f"otherwise -> {otherwise}"


def threshold_index(numerator: int | Fraction, denominator: int | Fraction, thresholds: Sequence[ir.Threshold]) -> int:
    """The index of the first threshold ``numerator / denominator`` reaches (``from``) or passes
    (``above``); ``len(thresholds)`` when none does (``otherwise``)."""
    for index, t in enumerate(thresholds):
        above = numerator * t.bound.denominator - t.bound.numerator * denominator
        if (above > 0) if t.strict else (above >= 0):
            return index
    return len(thresholds)


def _sum_bands(body: ir.SumBands, kept: Sequence[Input], scale: ir.Scale) -> tuple[str | None, str]:
    total = sum(i.points or 0 for i in kept)
    index = band_index(body, total)
    if index is not None:
        band = body.bands[index]
        return band.symbol, f"{_points_text(kept)} = {points_text(total)} points; band {band.low}..{band.high} -> {band.symbol}"
    return None, f"{_points_text(kept)} = {points_text(total)} points; no band covers {points_text(total)}, so no verdict"


def band_index(body: ir.SumBands, total: int | Fraction) -> int | None:
    """The index of the first band that covers ``total``; None when no band does."""
    for index, band in enumerate(body.bands):
        if band.low <= total <= band.high:
            return index
    return None


def _share(body: ir.ShareThresholds, kept: Sequence[Input], scale: ir.Scale) -> tuple[str | None, str]:
    tops = maxima(kept, scale)
    if tops is not None:  # inputs of several scales: each input's points over its own maximum
        got = own_shares(kept, tops)
        share = got / len(kept)
        symbol, step = _threshold(share, body.thresholds, body.otherwise)
        return symbol, f"({_own_text(kept, tops)}) / {len(kept)} = {fmt(share)}; {step}"
    points = [i.points or 0 for i in kept]
    total = sum(points)
    maximum = len(kept) * (scale.max_points if kept[0].maximum is None else kept[0].maximum)
    if maximum == 0:
        raise Undefined("the maximum number of points is 0")
    symbol, step = _ratio_threshold(total, maximum, body.thresholds, body.otherwise)
    return symbol, f"{_points_text(kept)} = {points_text(total)} of {points_text(maximum)} points = {_ratio(total, maximum)}; {step}"


def _ratio(numerator: int | Fraction, denominator: int | Fraction) -> str:
    if numerator.__class__ is int and denominator.__class__ is int:
        return ratio_text(numerator, denominator)  # type: ignore[arg-type]
    return fmt(Fraction(numerator) / denominator)


def _mean(body: ir.MeanThresholds, kept: Sequence[Input], scale: ir.Scale) -> tuple[str | None, str]:
    points = [i.points or 0 for i in kept]
    total = sum(points)
    symbol, step = _ratio_threshold(total, len(kept), body.thresholds, body.otherwise)
    return symbol, f"({_points_text(kept)}) / {len(kept)} = {_ratio(total, len(kept))} points on average; {step}"


def _weighted_share(body: ir.Weighted, kept: Sequence[Input], scale: ir.Scale) -> tuple[list[tuple[Fraction, Input]], Fraction, Fraction, Fraction]:
    """Each input with its weight, the weighted points got, the weighted maximum and their share."""
    terms = _weight_terms(body, kept)
    got, weighted_max = weighted_points(body, kept, scale)
    if weighted_max == 0:
        raise Undefined("the weights add up to 0")
    return terms, got, weighted_max, got / weighted_max


def _weight_terms(body: ir.Weighted, kept: Sequence[Input]) -> list[tuple[Fraction, Input]]:
    """Each input with the weight it takes (by its last id part or its whole label; unnamed: 1)."""
    weights = dict(body.weights)
    return [(weights.get(i.label.rsplit(".", 1)[-1], weights.get(i.label, Fraction(1))), i) for i in kept]


def weighted_points(body: ir.Weighted, kept: Sequence[Input], scale: ir.Scale) -> tuple[Fraction, Fraction]:
    """The weighted points got and the weighted maximum, before their share is taken. Both are
    linear in the weights, which is how ``regienorm fit`` reads where a weight can move."""
    terms = _weight_terms(body, kept)
    tops = maxima(kept, scale)
    if tops is not None:  # inputs of several scales: each input's points over its own maximum
        return (sum((w * Fraction(i.points or 0) / top for (w, i), top in zip(terms, tops, strict=True)), Fraction(0)),
                sum((w for w, _ in terms), Fraction(0)))
    top = scale.max_points if not kept or kept[0].maximum is None else kept[0].maximum
    return (sum((w * (i.points or 0) for w, i in terms), Fraction(0)),
            sum((w * top for w, _ in terms), Fraction(0)))


def _weighted(body: ir.Weighted, kept: Sequence[Input], scale: ir.Scale) -> tuple[str | None, str]:
    terms, got, weighted_max, share = _weighted_share(body, kept, scale)
    symbol, step = _threshold(share, body.thresholds, body.otherwise)
    tops = maxima(kept, scale)
    shown = " + ".join(f"{fmt(w)}×{points_text(i.points)}" + (f"/{fmt(tops[n])}" if tops else "")
                       for n, (w, i) in enumerate(terms))
    return symbol, f"{shown} = {fmt(got)} of {fmt(weighted_max)} weighted points = {fmt(share)}; {step}"


def order_key(scale: ir.Scale) -> Callable[[Input], Any]:
    """How inputs are ordered from worse to better: by points, and where values of the scale share
    points by the order the scale declares (an input judged without a verdict is the worst)."""
    if not scale.shares_points:
        return lambda i: i.points or 0
    return lambda i: scale.rank(i.symbol) if i.symbol is not None else -1


def symbol_order(scale: ir.Scale) -> Callable[[str], Any]:
    """:func:`order_key` for a symbol."""
    if not scale.shares_points:
        return lambda s: scale.by_symbol(s).points
    return scale.rank


def _extreme(body: ir.Worst | ir.Best, kept: Sequence[Input], scale: ir.Scale) -> tuple[str | None, str]:
    worst = isinstance(body, ir.Worst)
    chosen = (min if worst else max)(kept, key=order_key(scale))
    return chosen.symbol, f"{'worst' if worst else 'best'} of {', '.join(str(i.symbol) for i in kept)} is {chosen.symbol}"


def _majority(body: ir.Majority, kept: Sequence[Input], scale: ir.Scale) -> tuple[str | None, str]:
    counts = Counter(i.symbol for i in kept)
    rank = symbol_order(scale)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], -rank(str(kv[0]))))
    shown = ", ".join(f"{s} ×{c}" for s, c in ranked)
    top = ranked[0][1]
    tied = [s for s, c in ranked if c == top]
    if len(tied) == 1:
        return tied[0], f"{shown}: majority {tied[0]}"
    if body.tie == "worst":
        pick = min(tied, key=lambda s: rank(str(s)))
    elif body.tie == "best":
        pick = max(tied, key=lambda s: rank(str(s)))
    else:
        pick = body.tie
    return pick, f"{shown}: a tie between {', '.join(str(s) for s in tied)}; tie goes to {body.tie} -> {pick}"


def _counted(body: ir.AtLeast | ir.AllOf | ir.AnyOf, kept: Sequence[Input], scale: ir.Scale) -> tuple[str | None, str]:
    hits, ok = counted(body, kept, scale)
    if isinstance(body, ir.AtLeast):
        need = f"need at least {body.k}"
    elif isinstance(body, ir.AllOf):
        need = "need all"
    else:
        need = "need any"
    symbol = body.then if ok else body.otherwise
    return symbol, f"{hits} of {len(kept)} inputs {body.op} {body.level} ({need}) -> {'then' if ok else 'else'} {symbol}"


def counted(body: ir.AtLeast | ir.AllOf | ir.AnyOf, kept: Sequence[Input], scale: ir.Scale) -> tuple[int, bool]:
    """How many inputs compare to the rule's level, and whether that gives ``then`` (else ``else``)."""
    key = order_key(scale)
    level = key(Input("", Status.JUDGED, body.level, scale.by_symbol(body.level).points))
    hits = sum(1 for i in kept if COMPARISONS[body.op](key(i), level))
    if isinstance(body, ir.AtLeast):
        return hits, hits >= body.k
    if isinstance(body, ir.AllOf):
        return hits, hits == len(kept)
    return hits, hits > 0


def _verdict_table(body: ir.Table, kept: Sequence[Input], scale: ir.Scale) -> tuple[str | None, str]:
    return table_trace(body, Context(kept, {}, scale))


_KINDS: dict[type, Callable[[Any, Sequence[Input], ir.Scale], tuple[str | None, str]]] = {
    ir.SumBands: _sum_bands, ir.ShareThresholds: _share, ir.MeanThresholds: _mean, ir.Weighted: _weighted,
    ir.Worst: _extreme, ir.Best: _extreme, ir.Majority: _majority, ir.AtLeast: _counted, ir.AllOf: _counted,
    ir.AnyOf: _counted, ir.Table: _verdict_table,
}


# ------------------------------------------------------------------------------------ tables
#: How a table evaluates a condition: ``(expression, context, items, current, shown) -> value``.
Evaluate = Callable[[ir.Expr, Context, Sequence[Any], Any, "list[str] | None"], Any]


def table_trace(body: ir.Table, ctx: Context, condition: Evaluate = evaluate,
                text: Callable[[ir.Expr], str] = expr_text) -> tuple[str, str]:
    """The first case whose condition holds (else ``otherwise``), and the trace of every case tried.

    ``condition`` and ``text`` are :func:`~.conditions.evaluate` and :func:`~.conditions.expr_text`
    unless the engine passes its faster forms of them (equal, as its tests check)."""
    steps = []
    for number, case in enumerate(body.cases, 1):
        shown: list[str] = []
        holds = condition(case.condition, ctx, ctx.items, None, shown)
        detail = f" [{'; '.join(shown)}]" if shown else ""
        steps.append(f"case {number}: {text(case.condition)}{detail} is {'true' if holds else 'false'}")
        if holds:
            return case.symbol, "; ".join(steps) + f" -> {case.symbol}"
    return body.otherwise, "; ".join(steps) + f"; otherwise -> {body.otherwise}"


def table_symbol(body: ir.Table, ctx: Context, condition: Evaluate = evaluate) -> str:
    """What :func:`table_trace` decides, without its text."""
    index = table_case(body, ctx, condition)
    return body.cases[index].symbol if index < len(body.cases) else body.otherwise


def table_case(body: ir.Table, ctx: Context, condition: Evaluate = evaluate) -> int:
    """The index of the first case whose condition holds; ``len(body.cases)`` for ``otherwise``."""
    for index, case in enumerate(body.cases):
        if condition(case.condition, ctx, ctx.items, None, None):
            return index
    return len(body.cases)


def decided_by(body: ir.RuleBody, kept: Sequence[Input] | Context, scale: ir.Scale) -> int | None:
    """Which alternative of a rule body gives its verdict over the inputs kept (after the policies):
    the index of the band, threshold or case, their number for ``otherwise``; for ``at least``,
    ``all`` and ``any`` 0 for ``then`` and 1 for ``else``. None for the kinds without alternatives
    (worst, best, majority) and when no band covers the sum. ``kept`` is a :class:`Context` for a
    ``table on values``. Raises :class:`Undefined` where :func:`compute` does.

    What the verdict *is* stays :func:`compute`'s; this names the branch that gave it, for tools
    that ask which parts of a framework a set of cases reaches (``regienorm coverage``)."""
    if isinstance(body, ir.Table):
        return table_case(body, kept if isinstance(kept, Context) else Context(kept, {}, scale))
    assert not isinstance(kept, Context)
    if isinstance(body, ir.SumBands):
        return band_index(body, sum(i.points or 0 for i in kept))
    if isinstance(body, (ir.ShareThresholds, ir.MeanThresholds, ir.Weighted)):
        value = threshold_value(body, kept, scale)
        return threshold_index(value.numerator, value.denominator, body.thresholds)
    if isinstance(body, (ir.AtLeast, ir.AllOf, ir.AnyOf)):
        return 0 if counted(body, kept, scale)[1] else 1
    return None


def threshold_value(body: ir.ShareThresholds | ir.MeanThresholds | ir.Weighted, kept: Sequence[Input],
                    scale: ir.Scale) -> Fraction:
    """The number a threshold rule compares with its thresholds over the inputs kept: the share of
    the maximum points, the mean points, or the weighted share. Raises :class:`Undefined` where
    :func:`compute` does. (``regienorm fit`` reads where a threshold can move from these numbers.)"""
    if isinstance(body, ir.Weighted):
        return _weighted_share(body, kept, scale)[3]
    total = sum(i.points or 0 for i in kept)
    if isinstance(body, ir.MeanThresholds):
        if not kept:
            raise Undefined("a mean over no inputs")
        return Fraction(total) / len(kept)
    tops = maxima(kept, scale)
    if tops is not None:
        return own_shares(kept, tops) / len(kept)
    maximum = len(kept) * (scale.max_points if not kept or kept[0].maximum is None else kept[0].maximum)
    if maximum == 0:
        raise Undefined("the maximum number of points is 0")
    return Fraction(total) / maximum


def value_reasons(own: Sequence[ValueInput], groups: dict[str, Sequence[ValueInput]], measure: str,
                  unit: str | None) -> list[Reason]:
    """The records a rule on values reads: the entity's own, then each member's (by entity id)."""
    out = [say.value_reason(record, measure, unit=unit) for record in own]
    for entity in sorted(groups):
        if groups[entity] is not own:
            out.extend(say.value_reason(record, measure, unit=unit) for record in groups[entity])
    return out


def apply_value_rule(rule: ir.Rule, own: Sequence[ValueInput], groups: dict[str, Sequence[ValueInput]],
                     scale: ir.Scale, measure: str, *, explain: bool = True, unit: str | None = None,
                     condition: Evaluate = evaluate, text: Callable[[ir.Expr], str] = expr_text) -> Outcome:
    """Apply a ``table on values`` rule to measure records (own records, and per-entity groups)."""
    if not explain:
        return Outcome(*decide_values(rule, own, groups, scale), ())
    reasons = [say.rule_reason(rule), *value_reasons(own, groups, measure, unit)]
    assert isinstance(rule.body, ir.Table)
    try:
        symbol, arithmetic = table_trace(rule.body, Context(own, groups, scale), condition, text)
    except Undefined as exc:
        reasons.append(say.undecided_reason(exc))
        return Outcome(Status.NOT_ASSESSED, None, tuple(reasons))
    reasons.append(say.arithmetic_reason(arithmetic, symbol))
    return Outcome(Status.JUDGED, symbol, tuple(reasons))


def decide_values(rule: ir.Rule, own: Sequence[ValueInput], groups: dict[str, Sequence[ValueInput]],
                  scale: ir.Scale, symbol: Callable[[ir.Table, Context], str] | None = None) -> tuple[Status, str | None]:
    """The status and symbol :func:`apply_value_rule` gives, without reasons; ``symbol`` is
    :func:`table_symbol` unless the engine passes its faster form of it."""
    assert isinstance(rule.body, ir.Table)
    try:
        return Status.JUDGED, (symbol or table_symbol)(rule.body, Context(own, groups, scale))
    except Undefined:
        return Status.NOT_ASSESSED, None


# ------------------------------------------------------------------------------------ monotonicity
def is_monotone(rule: ir.Rule, inputs: int, scale: ir.Scale, yields: ir.Scale | None = None) -> bool:
    """True when, over ``inputs`` judged inputs, giving any input a better verdict never gives the
    rule a worse one (nor none): proven from the rule's shape, never tried. False for the kinds
    that are not (majority, a table) and for the shapes that break it (a threshold of a better
    verdict below one of a worse, a gap between bands, ``at least`` whose ``then`` is worse than
    its ``else``). What would change a verdict (:mod:`regienorm.counterfactual`) searches only
    better inputs for a better verdict where this holds. ``scale``: the inputs' scale; ``yields``:
    the scale of the rule's verdicts, when it is another (its verdicts are ordered on it)."""
    body = rule.body
    points = symbol_order(yields or scale)  # how good a verdict is: its points, or its rank where points are shared

    if isinstance(body, (ir.Worst, ir.Best)):
        return True
    if isinstance(body, (ir.ShareThresholds, ir.MeanThresholds, ir.Weighted)):
        if isinstance(body, ir.Weighted) and any(w < 0 for _, w in body.weights):
            return False
        # the first threshold reached moves towards the first as the value grows: their verdicts
        # must then never get worse towards the first
        chain = [points(t.symbol) for t in body.thresholds] + [points(body.otherwise)]
        return all(a >= b for a, b in pairwise(chain))
    if isinstance(body, ir.SumBands):
        bands = sorted(body.bands, key=lambda b: b.low)
        if not bands or bands[0].low > 0 or bands[-1].high < inputs * scale.max_points:
            return False  # a sum no band covers has no verdict
        return all(b.low == a.high + 1 and points(b.symbol) >= points(a.symbol) for a, b in pairwise(bands))
    if isinstance(body, (ir.AtLeast, ir.AllOf, ir.AnyOf)):
        if body.op in (">=", ">"):
            return points(body.then) >= points(body.otherwise)
        if body.op in ("<=", "<"):
            return points(body.then) <= points(body.otherwise)
    return False
