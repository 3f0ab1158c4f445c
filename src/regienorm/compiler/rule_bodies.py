"""The bodies of rules, each on its own: verdicts on the scale, bands (:mod:`.bands`), thresholds
from high to low (RN305–RN307), weights, and the conditions of tables (:mod:`.types`)."""

from __future__ import annotations

from fractions import Fraction

from .. import ir
from ..diagnostics import did_you_mean
from .bands import check_bands
from .names import check_symbol
from .state import Compilation
from .types import NUMBER, expr_type


def pass_rules(state: Compilation) -> None:
    """Every named and inline rule's body: its verdicts on the scale it yields, what it compares its
    inputs with on theirs (nothing without a usable scale)."""
    default = state.scale
    if default is None:
        return
    scales = state.scales
    for rule in state.every_rule():
        yields = scales.get(state.yields.get(id(rule), default.name), default)
        reads = state.reads.get(id(rule), frozenset())
        inputs = scales.get(next(iter(reads)), default) if len(reads) == 1 else default if not reads else None
        if inputs is None and isinstance(rule.body, ir.Table):  # a table's verdicts: on any of its inputs' scales
            inputs = ir.Scale.joined(" or ".join(sorted(reads)), [scales[name] for name in sorted(reads) if name in scales])
        check_rule(state, rule, yields, inputs)


def check_rule(state: Compilation, rule: ir.Rule, scale: ir.Scale, inputs: ir.Scale | None = None) -> None:
    """``scale``: the scale the rule yields; ``inputs``: its inputs' one scale (None: several, and
    the rule compares none of its inputs with a symbol, as the fit pass checked)."""
    body = rule.body
    span = rule.span
    if inputs is None:
        inputs = scale
    why = f"rule `{rule.id}` yields `{scale.name}`" + (" (write `yields NAME` for another)" if rule.yields is None else "")
    input_why = f"the inputs of rule `{rule.id}` are on `{inputs.name}`"
    check_categories(state, f"rule `{rule.id}`", rule.categories, inputs)  # a category counts as a value of the inputs' scale
    if isinstance(body, ir.SumBands):
        check_bands(state, body, scale, why)
    elif isinstance(body, (ir.ShareThresholds, ir.MeanThresholds, ir.Weighted)):
        _check_thresholds(state, rule, body.thresholds, body.otherwise, scale, why,
                          upper=Fraction(1) if not isinstance(body, ir.MeanThresholds) else Fraction(inputs.max_points))
        if isinstance(body, ir.Weighted):
            for name, weight in body.weights:
                if weight is None or weight < 0:
                    state.err("RN307", f"the weight of `{name}` must be a number of at least 0", span,
                              "use a positive weight")
    elif isinstance(body, ir.Majority):
        if body.tie not in ("worst", "best"):
            check_symbol(state, body.tie, inputs, span, input_why)
    elif isinstance(body, (ir.AtLeast, ir.AllOf, ir.AnyOf)):
        check_symbol(state, body.level, inputs, span, input_why)
        for symbol in (body.then, body.otherwise):
            check_symbol(state, symbol, scale, span, why)
        if isinstance(body, ir.AtLeast) and body.k < 1:
            state.err("RN307", "`at least 0` always holds", span, "use at least 1")
    elif isinstance(body, ir.Table):
        check_symbol(state, body.otherwise, scale, span, why)
        for case in body.cases:
            check_symbol(state, case.symbol, scale, case.span, why)
            kind = expr_type(state, case.condition, inputs, body.on_values, depth=0, per_input=False)
            if kind == NUMBER:
                state.err("RN403", "a condition must be true or false", case.condition.span,
                          "compare it: for example `mean(value) >= 60`")


def check_categories(state: Compilation, who: str, policies: tuple[ir.CategoryPolicy, ...],
                     scale: ir.Scale | None) -> None:
    """A rule's or score's (``who``: "rule `r`", "score `s`") per-category policy names a declared
    outcome category, once (RN763, RN765), and a value it counts the category as is on ``scale``
    (None: on one of the framework's scales) (RN764)."""
    declared = [o.name for o in state.decls.outcomes]
    seen: set[str] = set()
    kind = who.split(" ", 1)[0]
    for policy in policies:
        if policy.category not in declared:
            close = did_you_mean(policy.category, declared)
            state.err("RN763", f"{who} has a policy for \"{policy.category}\", which is no outcome category "
                      "of the framework", policy.span,
                      f'did you mean "{close}"?' if close else
                      f'declare it: `outcome "{policy.category}" = not_applicable` (or a scale value)'
                      if not declared else "declared categories: " + ", ".join(f'"{c}"' for c in declared))
        elif policy.category in seen:
            state.err("RN765", f"{who} has two policies for \"{policy.category}\"", policy.span,
                      f"keep one: the {kind} would not say which applies")
        seen.add(policy.category)
        if policy.symbol is None:
            continue
        on = scale if scale is not None else state.scale_of(policy.symbol) or state.scale
        if on is not None and on.lookup(policy.symbol) is None:
            close = did_you_mean(policy.symbol, [v.symbol for v in on.values])
            state.err("RN764", f"{who} counts \"{policy.category}\" as \"{policy.symbol}\", which is not "
                      f"on the scale `{on.name}`", policy.span,
                      f'did you mean "{close}"?' if close else
                      "count it as one of " + ", ".join(f'"{v.symbol}"' for v in on.values))


def _check_thresholds(state: Compilation, rule: ir.Rule, thresholds: tuple[ir.Threshold, ...], otherwise: str,
                      scale: ir.Scale, why: str, upper: Fraction) -> None:
    check_symbol(state, otherwise, scale, rule.span, why)
    previous: ir.Threshold | None = None
    for t in thresholds:
        check_symbol(state, t.symbol, scale, t.span, why)
        if t.bound is None:
            state.err("RN307", "a fraction divides by zero", t.span, "write a fraction such as 5/16")
            continue
        if t.bound < 0 or t.bound > upper:
            state.warn("RN306", f"the threshold {_fmt(t.bound)} lies outside 0..{_fmt(upper)}", t.span,
                       "this threshold can never decide; check the number")
        if previous is not None and previous.bound is not None:
            if (t.bound, not t.strict) >= (previous.bound, not previous.strict):
                state.err("RN305", "thresholds must go from high to low", t.span,
                          f"this one ({_fmt(t.bound)}) can never be reached after {_fmt(previous.bound)}; "
                          "put the higher thresholds first")
        previous = t


def _fmt(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    return f"{value.numerator}/{value.denominator}"
