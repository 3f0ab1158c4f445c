"""Rules where they are used: the right kind of rule for what it combines (RN401, RN402, RN408,
RN409), weights of actual inputs (RN213), and bands for the number of inputs (:func:`.bands.check_reach`)."""

from __future__ import annotations

from fractions import Fraction

from .. import ir
from ..language.shape import NormDecl, NormenkaderDecl
from ..source import Span
from .bands import Use, check_gaps, check_reach, rule_outputs
from .names import rule_ref_quiet
from .state import Compilation


def pass_usage(state: Compilation) -> None:
    """Every use of a rule by a norm, a normenkader's total and across entities (nothing without a usable scale)."""
    scale = state.scale
    rules = {r.id: r for r in state.decls.rules}
    roles = [r.id for r in state.decls.roles] or [""]  # no roles declared: one role-less use
    if scale is None:
        return
    checked: set[int] = set()  # the bodies of sum rules checked where they are used
    for nk in state.decls.normenkaders:
        nk_roles = [r.text for r in nk.roles] or roles
        for norm in nk.norms:
            _norm(state, nk, norm, nk_roles, rules, scale, checked)
        for refs, what in ((nk.total_by, "total"), (nk.across_by, "across entities")):
            if not refs:
                continue
            rule = rule_ref_quiet(refs[0], rules)
            if rule is None:
                continue
            if what == "total":
                own = input_scale(state, rule, scale)  # the norms' verdicts are on the scale the total reads
                verdicts = {n.id.text: _norm_points(n, nk, rules, node_scale(state, f"{nk.id.text}.{n.id.text}", own))
                            for n in nk.norms}
                per_role = [tuple(verdicts[n.id.text] for n in nk.norms
                                  if not n.roles or role in {r.text for r in n.roles}) for role in nk_roles]
                if any(per_role):
                    check_use(state, rule, refs[0].span, max(len(r) for r in per_role),
                              f"the total of normenkader `{nk.id.text}`", scale,
                              inputs=[n.id.text for n in nk.norms], per_role=[r for r in per_role if r],
                              checked=checked)
            else:
                check_use(state, rule, refs[0].span, None, f"across entities in `{nk.id.text}`", scale, inputs=None)
    for rule in state.every_rule():
        own = input_scale(state, rule, scale)
        if isinstance(rule.body, ir.SumBands) and id(rule.body) not in checked and own.whole:  # else RN748
            check_gaps(state, rule.body, own)


def _norm(state: Compilation, nk: NormenkaderDecl, norm: NormDecl, nk_roles: list[str],
          rules: dict[str, ir.Rule], scale: ir.Scale, checked: set[int]) -> None:
    """Where one norm's verdict comes from, and the rule that combines its toetsaspecten."""
    default = nk.norms_by[0] if nk.norms_by else None
    norm_roles = [r.text for r in norm.roles] if norm.roles else nk_roles
    decl = norm.verdicts[0] if norm.verdicts else None
    if decl is not None and decl.kind == "findings":
        if norm.aspects:
            state.warn("RN409", f"norm `{norm.id.text}` is judged from findings; its toetsaspecten are not used",
                       decl.span, "remove `verdict from findings` to judge it from its toetsaspecten")
        return
    if decl is not None and decl.kind == "measure":
        rule = rule_ref_quiet(decl.rule, rules)
        if rule is not None and not rule.on_values:
            state.err("RN402", f"rule `{rule.id}` judges verdicts, but norm `{norm.id.text}` is judged on a measure",
                      decl.rule.span if decl.rule else decl.span,
                      "use a rule written as `table on values { … }`")
        # Toetsaspecten of a measure-judged norm describe what the measure covers: allowed.
        return
    ref = decl.rule if decl is not None else default
    if not norm.aspects:
        if decl is not None:
            state.warn("RN409", f"norm `{norm.id.text}` has no toetsaspecten for `verdict by` to combine",
                       decl.span, "write `verdict from findings`, or add its toetsaspecten")
        return
    if ref is None:
        state.err("RN408", f"norm `{norm.id.text}` has toetsaspecten but no rule to combine them",
                  norm.id.span, f"add `verdict by RULE` to the norm, or `norms by RULE` to normenkader `{nk.id.text}`")
        return
    rule = rule_ref_quiet(ref, rules)
    if rule is None:
        return
    where = f"norm `{norm.id.text}` from its toetsaspecten"
    per_role = {role: [a.id.text for a in norm.aspects if not a.roles or role in {r.text for r in a.roles}]
                for role in norm_roles}
    per_role = {k: v for k, v in per_role.items() if v}
    if per_role:
        widest = max(per_role.values(), key=len)
        own = input_scale(state, rule, scale)

        def every(aspect: str) -> tuple[Fraction, ...]:  # a finding may give any verdict of its scale
            on = node_scale(state, f"{nk.id.text}.{norm.id.text}.{aspect}", own)
            return tuple(Fraction(v.points) for v in on.values)
        check_use(state, rule, ref.span, len(widest), where, scale,
                  inputs=sorted({i for v in per_role.values() for i in v}),
                  per_role=list(dict.fromkeys(tuple(every(a) for a in v) for v in per_role.values())), checked=checked)


def _norm_points(norm: NormDecl, nk: NormenkaderDecl, rules: dict[str, ir.Rule], scale: ir.Scale) -> tuple[Fraction, ...]:
    """The points of the verdicts a norm can have: any of the scale's when it is judged from findings,
    else those its rule can give."""
    symbols = frozenset(scale.symbols())
    decl = norm.verdicts[0] if norm.verdicts else None
    ref = None
    if decl is not None and decl.kind == "measure":
        ref = decl.rule
    elif (decl is None or decl.kind == "aspects") and norm.aspects:
        ref = decl.rule if decl is not None and decl.rule is not None else nk.norms_by[0] if nk.norms_by else None
    rule = rule_ref_quiet(ref, rules) if ref is not None else None
    if rule is not None:
        symbols = rule_outputs(rule, symbols)
    found = [scale.lookup(s) for s in symbols]
    return tuple(sorted({Fraction(v.points) for v in found if v is not None}, reverse=True))


def node_scale(state: Compilation, target: str, default: ir.Scale) -> ir.Scale:
    """The scale a node's verdict is on (:attr:`~.state.Compilation.node_scales`), else ``default``."""
    name = state.node_scales.get(target)
    return state.scales.get(name, default) if name is not None else default


def input_scale(state: Compilation, rule: ir.Rule, default: ir.Scale) -> ir.Scale:
    """The scale ``rule``'s inputs are on when they are on one (``state.reads``), else ``default``."""
    reads = state.reads.get(id(rule), frozenset())
    return state.scales.get(next(iter(reads)), default) if len(reads) == 1 else default


def check_use(state: Compilation, rule: ir.Rule, at: Span, n: int | None, where: str, scale: ir.Scale,
              inputs: list[str] | None, per_role: list[tuple[tuple[Fraction, ...], ...]] | None = None,
              checked: set[int] | None = None) -> None:
    """``rule`` used at ``at`` to combine the verdicts of ``inputs`` (at most ``n`` at a time; None: unknown)."""
    if rule.on_values:
        state.err("RN401", f"rule `{rule.id}` judges measure values, but {where} combines verdicts", at,
                  "use a rule on verdicts here (sum or share of points, worst, majority, a table without `on values`, …)")
        return
    body = rule.body
    if isinstance(body, ir.Weighted) and inputs is not None:
        for name, _ in body.weights:
            if name not in inputs:
                state.err("RN213", f"rule `{rule.id}` weighs `{name}`, which is not an input of {where}", at,
                          "inputs are " + ", ".join(f"`{i}`" for i in inputs))
    reads = [state.scales[r] for r in sorted(state.reads.get(id(rule), frozenset())) if r in state.scales]
    scale = input_scale(state, rule, scale)  # the sums its inputs' own scales reach
    if isinstance(body, ir.SumBands) and n is not None and body.bands and per_role \
            and all(s.whole for s in reads or [scale]):  # else RN748
        may_skip = rule.not_assessed is ir.Policy.SKIP or rule.not_applicable is ir.Policy.SKIP
        check_reach(state, rule, body, Use(tuple(per_role), may_skip), scale, at, where, several=len(reads) > 1)
        if checked is not None:
            checked.add(id(body))
