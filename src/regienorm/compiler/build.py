"""Checked declarations -> the frozen :class:`~regienorm.ir.Framework`: rules resolved (inline rules
named by where they stand), aliases replaced by their scale symbols, and a digest of the sources."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from fractions import Fraction

import attrs

from .. import ir
from ..language.shape import NormDecl, NormenkaderDecl, RuleRef
from .state import Compilation


def build(state: Compilation) -> ir.Framework:
    """The framework; only called when no pass reported an error."""
    scale = state.scale if state.needs_scale else ir.Scale("", ())
    assert scale is not None and state.decls.frameworks
    header = state.decls.frameworks[0]
    scales = tuple(state.scales.values()) if len(state.decls.scales) > 1 else ()
    # no two scales share a symbol (RN741): aliases are looked up on all of them at once
    every = ir.Scale.joined(scale.name, scales) if scales else scale

    rules = {r.id: scaled_from(canonical(r, every, _several(r, state)), r, state, bool(scales)) for r in state.decls.rules}

    def resolve(ref: RuleRef, where: str) -> ir.Rule:
        if ref.inline is not None:
            # named by where it stands, not by its line: moving text must not change the output
            done = scaled_from(canonical(ref.inline, every, _several(ref.inline, state)), ref.inline, state, bool(scales))
            return attrs.evolve(done, id=f"{where} (inline)")
        assert ref.name is not None
        return rules[ref.name.text]

    findings_top = state.decls.findings[0].name.text if scales and state.decls.findings else None
    normenkaders = []
    for nk in state.decls.normenkaders:
        nk_findings = nk.findings[0].name.text if scales and nk.findings else findings_top
        norms = tuple(_with_findings(_norm(nk, norm, resolve), norm, nk_findings) if scales else _norm(nk, norm, resolve)
                      for norm in nk.norms)
        weights = {n.id.text: n.weight for n in nk.norms} | {g.id.text: g.weight for g in nk.groups}
        groups = tuple(
            ir.Group(g.id.text, g.title, g.children, g.weight,
                     _weighted(resolve(g.verdicts[0], f"{nk.id.text}.{g.id.text}") if g.verdicts else
                               resolve(nk.groups_by[0], f"{nk.id.text} groups") if nk.groups_by else None,
                               g.children, weights),
                     tuple(r.text for r in g.roles), g.sources, span=g.span)
            for g in nk.groups)
        total = resolve(nk.total_by[0], f"{nk.id.text} total") if nk.total_by else None
        normenkaders.append(ir.Normenkader(
            nk.id.text, nk.title, norms,
            total=_weighted(total, nk.top, weights) if nk.groups else total,
            across=resolve(nk.across_by[0], f"{nk.id.text} across entities") if nk.across_by else None,
            roles=tuple(r.text for r in nk.roles), sources=nk.sources, span=nk.span,
            groups=groups, top=nk.top, scores=state.scores.get(nk.id.text, ())))
    digest = hashlib.sha256()
    for path in sorted(state.sources):
        digest.update(path.encode() + b"\0" + state.sources[path].text.encode() + b"\0")
    return ir.Framework(
        header.id.text, header.title, header.version, scale, tuple(state.decls.roles),
        tuple(state.all_measures()), tuple(rules.values()), tuple(normenkaders),
        header.sources, inputs=tuple(state.decls.inputs), decisions=tuple(state.decisions),
        outcomes=tuple(ir.OutcomeDecl(o.name, o.label, o.symbol, o.status, span=o.span) for o in state.decls.outcomes),
        path=header.span.path, digest=digest.hexdigest(), scales=scales,
        compared_on=tuple(sorted(state.compared_on.items())) if scales else ())


def _several(rule: ir.Rule, state: Compilation) -> tuple[ir.Scale, ...]:
    """The scales a rule's inputs are on, when they are several (else none)."""
    reads = state.reads.get(id(rule), frozenset())
    return tuple(state.scales[name] for name in sorted(reads) if name in state.scales) if len(reads) > 1 else ()


def scaled_from(rule: ir.Rule, original: ir.Rule, state: Compilation, several: bool) -> ir.Rule:
    """``rule`` (``original`` as compiled) with the scales it reads and yields, when the framework
    has several scales (with one, both stay unsaid: the framework's)."""
    if not several:
        return rule
    return attrs.evolve(rule, reads=tuple(sorted(state.reads.get(id(original), ()))),
                        yields=state.yields.get(id(original), rule.yields))


def _with_findings(norm: ir.Norm, decl: NormDecl, outer: str | None) -> ir.Norm:
    return attrs.evolve(norm, findings=decl.findings[0].name.text if decl.findings else outer)


def _weighted(rule: ir.Rule | None, children: tuple[str, ...], weights: dict[str, Fraction]) -> ir.Rule | None:
    """A weighted rule over a tree's nodes takes each node's declared `weight` where the rule names
    no weight of its own for it (the same rule, its table of weights completed)."""
    if rule is None or not isinstance(rule.body, ir.Weighted):
        return rule
    named = {name for name, _ in rule.body.weights}
    extra = tuple((c.rsplit(".", 1)[-1], weights[c]) for c in children
                  if c.rsplit(".", 1)[-1] not in named and c not in named and weights[c] != 1)
    return attrs.evolve(rule, body=attrs.evolve(rule.body, weights=rule.body.weights + extra)) if extra else rule


def _norm(nk: NormenkaderDecl, norm: NormDecl, resolve: Callable[[RuleRef, str], ir.Rule]) -> ir.Norm:
    default = nk.norms_by[0] if nk.norms_by else None
    decl = norm.verdicts[0] if norm.verdicts else None
    verdict: ir.VerdictSource
    if decl is not None and decl.kind == "findings":
        verdict = ir.FromFindings()
    elif decl is not None and decl.kind == "measure":
        assert decl.measure is not None and decl.rule is not None
        verdict = ir.FromMeasure(decl.measure.text, resolve(decl.rule, f"{nk.id.text}.{norm.id.text}"))
    elif norm.aspects:
        ref = decl.rule if decl is not None else default
        assert ref is not None
        where = f"{nk.id.text}.{norm.id.text}" if decl is not None else f"{nk.id.text} norms"
        verdict = ir.FromAspects(resolve(ref, where))
    else:
        verdict = ir.FromFindings()
    aspects = tuple(
        ir.Aspect(a.id.text, a.text, tuple(r.text for r in a.roles), a.sources, span=a.span)
        for a in norm.aspects
    )
    return ir.Norm(norm.id.text, norm.title, aspects, verdict, tuple(r.text for r in norm.roles), norm.sources,
                   indicators=tuple(m.id for m in norm.measures), span=norm.span, weight=norm.weight)


def canonical(rule: ir.Rule, scale: ir.Scale, scales: tuple[ir.Scale, ...] = ()) -> ir.Rule:
    """The rule with every alias replaced by its scale symbol; with several ``scales``, a table's
    verdicts in conditions marked with the scale each is on."""
    c = lambda s: s if s in ("worst", "best") else scale.by_symbol(s).symbol  # noqa: E731
    body = rule.body
    if isinstance(body, ir.SumBands):
        body = ir.SumBands(tuple(attrs.evolve(b, symbol=c(b.symbol)) for b in body.bands))
    elif isinstance(body, (ir.ShareThresholds, ir.MeanThresholds, ir.Weighted)):
        body = attrs.evolve(body, thresholds=tuple(attrs.evolve(t, symbol=c(t.symbol)) for t in body.thresholds),
                            otherwise=c(body.otherwise))
    elif isinstance(body, ir.Majority):
        body = ir.Majority(c(body.tie))
    elif isinstance(body, (ir.AtLeast, ir.AllOf, ir.AnyOf)):
        body = attrs.evolve(body, level=c(body.level), then=c(body.then), otherwise=c(body.otherwise))
    elif isinstance(body, ir.Table):
        body = ir.Table(tuple(attrs.evolve(k, symbol=c(k.symbol), condition=canonical_expr(k.condition, scale, scales))
                              for k in body.cases), c(body.otherwise), body.on_values)
    return attrs.evolve(rule, body=body)


def canonical_expr(expr: ir.Expr, scale: ir.Scale, scales: tuple[ir.Scale, ...] = ()) -> ir.Expr:
    """The condition with every verdict alias replaced by its scale symbol (and, with several
    ``scales``, marked with the scale it is on)."""
    if isinstance(expr, ir.VerdictConst):
        on = next((s.name for s in scales if s.lookup(expr.symbol) is not None), None)
        return attrs.evolve(expr, symbol=scale.by_symbol(expr.symbol).symbol, scale=on)
    if isinstance(expr, (ir.Compare, ir.Arith)):
        return attrs.evolve(expr, left=canonical_expr(expr.left, scale, scales),
                            right=canonical_expr(expr.right, scale, scales))
    if isinstance(expr, ir.BoolOp):
        return attrs.evolve(expr, operands=tuple(canonical_expr(o, scale, scales) for o in expr.operands))
    if isinstance(expr, ir.Not):
        return attrs.evolve(expr, operand=canonical_expr(expr.operand, scale, scales))
    if isinstance(expr, ir.Call) and expr.argument is not None:
        return attrs.evolve(expr, argument=canonical_expr(expr.argument, scale, scales))
    return expr
