"""The passes over declarations: one framework header, one usable scale, every id once, every
name referred to declared (RN2xx, and RN307 for a measure's empty range, RN410–RN412)."""

from __future__ import annotations

from collections.abc import Iterable

from .. import ir
from ..language.shape import AspectDecl, Name, NormenkaderDecl, RuleRef
from ..source import Span
from .names import rule_ref, unknown
from .profiles import roles_refined
from .state import Compilation


def pass_header(state: Compilation) -> None:
    """Exactly one framework header (RN206, RN207); none in a library, a file of shared
    declarations (scales, roles, measures, rules, inputs, decisions) and no normenkader, which is
    checked on its own and builds no framework."""
    frameworks = state.decls.frameworks
    decls = state.decls
    if not frameworks and not decls.normenkaders and (decls.scales or decls.roles or decls.measures or decls.rules
                                                      or decls.inputs or decls.decisions):
        state.library = True
    elif not frameworks:
        first = next(iter(state.sources))
        state.err("RN206", "the file has no framework header", Span.point(first, 1),
                  'start the file with `framework ID "Title" version "1"`')
    for extra in frameworks[1:]:
        state.err("RN207", "a second framework header", extra.span,
                  "a file describes one framework; remove this header",
                  notes=[f"the first is at {frameworks[0].span}"])


def pass_scale(state: Compilation) -> None:
    """Exactly one scale, of at least two values with their own symbols and points (RN208–RN210)."""
    scales = state.decls.scales
    if not scales and (not state.needs_scale or state.library):
        return  # a framework of inputs and decisions alone judges on no scale; a library's rules use the includer's
    if not scales:
        where = state.decls.frameworks[0].span if state.decls.frameworks else Span.point(next(iter(state.sources)), 1)
        state.err("RN208", "the framework has no verdict scale", where,
                  'declare one: scale oordeel { "+" voldoet = 2; "+/-" "voldoet gedeeltelijk" = 1; "-" "voldoet niet" = 0 }')
        return
    for extra in scales[1:]:
        state.err("RN209", f"a second verdict scale `{extra.name.text}`", extra.span,
                  "a framework has one scale; remove this one", notes=[f"the first is at {scales[0].span}"])
    seen_symbols: dict[str, ir.ScaleValue] = {}
    seen_points: dict[int, ir.ScaleValue] = {}
    for value in scales[0].values:
        for symbol in (value.symbol, *value.aliases):
            if symbol in seen_symbols:
                state.err("RN210", f"the symbol `{symbol}` is on the scale twice", value.span,
                          "give every value and alias its own symbol",
                          notes=[f"also at {seen_symbols[symbol].span}"])
            seen_symbols[symbol] = value
        if value.points in seen_points:
            state.err("RN210", f"two scale values have {value.points} points", value.span,
                      "points order the scale: give each value different points",
                      notes=[f"also at {seen_points[value.points].span}"])
        seen_points[value.points] = value
        if value.points < 0:
            state.err("RN210", "points may not be negative", value.span, "use 0 for the lowest value")
    if len(scales[0].values) < 2:
        state.err("RN210", "a scale needs at least two values", scales[0].span, "add the missing values")


def _once(state: Compilation, kind: str, items: Iterable[tuple[str, Span | None]]) -> None:
    """RN205 for every id of ``kind`` seen before."""
    seen: dict[str, Span | None] = {}
    for ident, span in items:
        if ident in seen:
            state.err("RN205", f"{kind} `{ident}` is declared twice", span,
                      f"give each {kind} its own id, or remove one", notes=[f"first declared at {seen[ident]}"])
        else:
            seen[ident] = span


def pass_duplicates(state: Compilation) -> None:
    """Every id declared once (RN205); one verdict line per norm (RN410), one of each rule line per normenkader (RN411)."""
    decls = state.decls
    _once(state, "rule", ((r.id, r.span) for r in decls.rules))
    _once(state, "role", ((r.id, r.span) for r in decls.roles))
    _once(state, "measure", ((m.id, m.span) for m in state.all_measures()))
    _once(state, "normenkader", ((n.id.text, n.id.span) for n in decls.normenkaders))
    # inputs and decisions share one name space: a decision reads both by name
    _once(state, "input or decision", [*((i.id, i.span) for i in decls.inputs),
                                       *((d.name.text, d.name.span) for d in decls.decisions)])
    for nk in decls.normenkaders:
        _once(state, "norm", ((n.id.text, n.id.span) for n in nk.norms))
        for norm in nk.norms:
            _aspects_once(state, norm.aspects)
            if len(norm.verdicts) > 1:
                state.err("RN410", f"norm `{norm.id.text}` says twice where its verdict comes from",
                          norm.verdicts[1].span, "keep one `verdict` line")
        for kind in ("norms_by", "total_by", "across_by"):
            refs: tuple[RuleRef, ...] = getattr(nk, kind)
            if len(refs) > 1:
                state.err("RN411", f"normenkader `{nk.id.text}` has two `{kind.replace('_', ' ')}` lines",
                          refs[1].span, "keep one")


def _aspects_once(state: Compilation, aspects: Iterable[AspectDecl]) -> None:
    """A toetsaspect id may return only for other roles (RN205)."""
    by_id: dict[str, list[AspectDecl]] = {}
    for aspect in aspects:
        for other in by_id.get(aspect.id.text, []):
            mine = {r.text for r in aspect.roles}
            theirs = {r.text for r in other.roles}
            if not mine or not theirs or mine & theirs:
                state.err("RN205", f"toetsaspect `{aspect.id.text}` is declared twice for the same role",
                          aspect.id.span,
                          "give it another id, or limit each declaration to other roles with `for`",
                          notes=[f"first declared at {other.id.span}"])
        by_id.setdefault(aspect.id.text, []).append(aspect)


def pass_resolve(state: Compilation) -> None:
    """Every rule, role and measure referred to is declared (RN201–RN203); RN412; measure ranges (RN307)."""
    rules = {r.id: r for r in state.decls.rules}
    roles = {r.id: r for r in state.decls.roles}
    measures = {m.id: m for m in state.all_measures()}
    for nk in state.decls.normenkaders:
        _resolve_normenkader(state, nk, rules, roles, measures)
    for measure in measures.values():
        if measure.low is not None and measure.high is not None and measure.low > measure.high:
            state.err("RN307", f"measure `{measure.id}` has an empty range", measure.span,
                      "write the range low..high")


def _resolve_normenkader(state: Compilation, nk: NormenkaderDecl, rules: dict[str, ir.Rule],
                         roles: dict[str, ir.Role], measures: dict[str, ir.Measure]) -> None:
    def role_refs(names: Iterable[Name]) -> None:
        for name in names:
            if name.text not in roles:
                unknown(state, "RN202", "role", name, roles)

    role_refs(nk.roles)
    narrowed = roles_refined(state)  # a profile's `refine … for`: what it leaves of a role, on purpose
    for ref in (*nk.norms_by, *nk.total_by, *nk.across_by):
        rule_ref(state, ref, rules)
    for norm in nk.norms:
        role_refs(norm.roles)
        for aspect in norm.aspects:
            role_refs(aspect.roles)
            nk_roles = {r.text for r in norm.roles} or {r.text for r in nk.roles}
            outside = [r.text for r in aspect.roles if nk_roles and r.text not in nk_roles]
            if outside and f"{nk.id.text}.{norm.id.text}.{aspect.id.text}" not in narrowed:
                state.warn("RN412", f"toetsaspect `{aspect.id.text}` is for role `{outside[0]}`, "
                           f"but norm `{norm.id.text}` does not apply to it", aspect.id.span,
                           "remove the role from the aspect, or add it to the norm")
        for decl in norm.verdicts:
            if decl.rule is not None:
                rule_ref(state, decl.rule, rules)
            if decl.measure is not None and decl.measure.text not in measures:
                unknown(state, "RN203", "measure", decl.measure, measures)
