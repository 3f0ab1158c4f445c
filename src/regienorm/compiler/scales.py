"""Several scales in one framework: each scale well formed (RN208–RN210, RN743), no symbol on two
scales (RN741), every ``findings on`` and ``yields`` naming a scale (RN740, RN747), and every use of
a rule fitting the scales of what it combines (RN744–RN746, RN748); the rule bodies' symbols are
then checked against those scales (:mod:`.rule_bodies`, RN742).

How a symbol is found: no two scales of a framework share a symbol or alias (RN741), so a symbol
always names one value of one scale, wherever it is written; what this pass checks is that it is
on the scale its place asks for (a rule's verdicts: the scale it yields; ``at least … of >= x`` and
a table's verdicts in conditions: the scale of the rule's inputs).

Where a scale applies: findings are on the scale of the nearest ``findings on`` (the norm's, its
normenkader's, the framework's), else the framework's own (the first declared). A rule yields the
scale its ``yields`` names, else the framework's; ``worst``, ``best`` and ``majority`` pick one of
their inputs, so they yield their inputs' scale. A norm's verdict is on the scale its rule yields
(judged from findings: the findings' scale); a group's and a total's likewise.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .. import ir
from ..diagnostics import did_you_mean
from ..language.shape import FindingsScale, Name, RuleRef
from ..semantics.decisions import walk
from ..source import Span
from .names import rule_ref_quiet
from .state import Compilation

#: The rule kinds that pick one of their inputs' verdicts: they yield the scale of their inputs.
PICKING = (ir.Worst, ir.Best, ir.Majority)
#: The rule kinds whose arithmetic works over inputs of several scales (each input's own maximum).
ARITHMETIC = (ir.SumBands, ir.ShareThresholds, ir.MeanThresholds, ir.Weighted)


# ------------------------------------------------------------------------------------ declarations
def pass_scale(state: Compilation) -> None:
    """At least one scale; each of at least two values with their own symbols and points that are
    numbers of at least 0 (RN208–RN210); values sharing points written best first (RN743); no
    symbol on two scales (RN741); ``findings on`` and ``yields`` naming a scale (RN740, RN747)."""
    scales = state.decls.scales
    if not scales and (not state.needs_scale or state.library):
        return  # a framework of inputs and decisions alone judges on no scale; a library's rules use the includer's
    if not scales:
        where = state.decls.frameworks[0].span if state.decls.frameworks else Span.point(next(iter(state.sources)), 1)
        state.err("RN208", "the framework has no verdict scale", where,
                  'declare one: scale oordeel { "+" voldoet = 2; "+/-" "voldoet gedeeltelijk" = 1; "-" "voldoet niet" = 0 }')
        return
    seen_names: dict[str, Span] = {}
    owner: dict[str, tuple[str, ir.ScaleValue]] = {}  # symbol -> (scale, value), across every scale
    for decl in scales:
        name = decl.name.text
        if name in seen_names:
            state.err("RN209", f"a second verdict scale named `{name}`", decl.span,
                      "give each scale its own name", notes=[f"the first is at {seen_names[name]}"])
            continue
        seen_names[name] = decl.span
        _one_scale(state, decl.values, decl.span)
        for value in decl.values:
            for symbol in (value.symbol, *value.aliases):
                if symbol in owner and owner[symbol][0] != name:
                    other, first = owner[symbol]
                    state.err("RN741", f"the symbol `{symbol}` is on the scales `{other}` and `{name}`", value.span,
                              "no two scales of a framework share a symbol, so that every symbol names one value: "
                              f'rename one (for example "{symbol}_{name}") or make it an alias on one scale only',
                              notes=[f"on `{other}` at {first.span}"], label="a symbol of another scale")
                owner.setdefault(symbol, (name, value))
    known = state.scales
    for findings in state.decls.findings:
        scale_name(state, findings.name, known)
    for rule in state.every_rule():
        if rule.yields is not None and rule.yields not in known:
            scale_name(state, Name(rule.yields, rule.span), known)  # type: ignore[arg-type]


def _one_scale(state: Compilation, values: tuple[ir.ScaleValue, ...], span: Span) -> None:
    seen_symbols: dict[str, ir.ScaleValue] = {}
    shared = False
    for value in values:
        for symbol in (value.symbol, *value.aliases):
            if symbol in seen_symbols:
                state.err("RN210", f"the symbol `{symbol}` is on the scale twice", value.span,
                          "give every value and alias its own symbol",
                          notes=[f"also at {seen_symbols[symbol].span}"])
            seen_symbols[symbol] = value
        if value.points is None:
            state.err("RN210", "the points divide by zero", value.span, "write a number such as 2, 2.5 or 5/2")
        elif value.points < 0:
            state.err("RN210", "points may not be negative", value.span, "use 0 for the lowest value")
    points = [v.points for v in values if v.points is not None]
    shared = len(set(points)) < len(points)
    if shared and any(b > a for a, b in zip(points, points[1:], strict=False)):
        first = next(v for v in values if points.count(v.points) > 1)
        state.err("RN743", f"values share {_points(first.points)} points, but the scale is not written from best to worst",
                  first.span, "where values share points the order written says which is better: write the scale "
                  "from its best value to its worst", label="shared points")
    if len(values) < 2:
        state.err("RN210", "a scale needs at least two values", span, "add the missing values")


def _points(points: object) -> str:
    return str(points)


def scale_name(state: Compilation, name: Name, known: dict[str, ir.Scale]) -> ir.Scale | None:
    """The scale a name names (RN740, with a suggestion, when there is none)."""
    scale = known.get(name.text)
    if scale is None:
        close = did_you_mean(name.text, known)
        state.err("RN740", f"unknown scale `{name.text}`", name.span,
                  (f"did you mean `{close}`? " if close else "") + "scales: " + ", ".join(f"`{k}`" for k in known),
                  label="no scale of this name")
    return scale


# ------------------------------------------------------------------------------------ uses
def pass_scale_uses(state: Compilation) -> None:
    """The scale of every node's verdict, and of every rule's inputs and result (``state.reads`` and
    ``state.yields``), with every use checked (RN744–RN746, RN748)."""
    default = state.scale
    if default is None:
        return
    known = state.scales
    rules = {r.id: r for r in state.decls.rules}
    first_use: dict[int, tuple[frozenset[str], Span]] = {}
    top = _findings(state, state.decls.findings, default.name, known)

    def use(ref: RuleRef | None, reads: set[str], at: Span, where: str) -> str | None:
        rule = rule_ref_quiet(ref, rules)
        if rule is None:
            return None
        reads_now = frozenset(reads)
        seen = first_use.get(id(rule))
        if seen is None:
            first_use[id(rule)] = (reads_now, at)
            state.reads[id(rule)] = reads_now
            _check_use(state, rule, reads_now, known, at, where)
        elif seen[0] != reads_now:
            state.err("RN745", f"rule `{rule.id}` combines verdicts on {_names(reads_now)} for {where}, "
                      f"and on {_names(seen[0])} where it is used first", at,
                      "a rule reads one set of scales wherever it is used: declare a rule of its own for these inputs",
                      notes=[f"used first at {seen[1]}"])
        return yielded(rule, reads_now, default.name, known)

    for nk in state.decls.normenkaders:
        nk_findings = _findings(state, nk.findings, top, known)
        node: dict[str, str | None] = {}
        for norm in nk.norms:
            findings = _findings(state, norm.findings, nk_findings, known)
            decl = norm.verdicts[0] if norm.verdicts else None
            where = f"norm `{norm.id.text}`"
            if decl is not None and decl.kind == "measure":
                rule = rule_ref_quiet(decl.rule, rules)
                node[norm.id.text] = yielded(rule, frozenset(), default.name, known) if rule is not None else None
            elif (decl is not None and decl.kind == "findings") or not norm.aspects:
                node[norm.id.text] = findings
            else:
                ref = decl.rule if decl is not None else nk.norms_by[0] if nk.norms_by else None
                node[norm.id.text] = use(ref, {findings}, ref.span if ref is not None else norm.span, where)
            for aspect in norm.aspects:
                state.node_scales[f"{nk.id.text}.{norm.id.text}.{aspect.id.text}"] = findings
        for group in nk.groups:
            ref = group.verdicts[0] if group.verdicts else nk.groups_by[0] if nk.groups_by else None
            reads = {s for c in group.children if (s := node.get(c)) is not None}
            node[group.id.text] = use(ref, reads, ref.span, f"group `{group.id.text}`") if ref is not None and reads else None
        children = nk.top or tuple(n.id.text for n in nk.norms)
        total = None
        if nk.total_by:
            reads = {s for c in children if (s := node.get(c)) is not None}
            total = use(nk.total_by[0], reads, nk.total_by[0].span, f"the total of normenkader `{nk.id.text}`") if reads else None
        state.node_scales.update((f"{nk.id.text}.{k}", v) for k, v in node.items() if v is not None)
        if total is not None:
            state.node_scales[nk.id.text] = total
        if nk.across_by and total is not None:
            use(nk.across_by[0], {total}, nk.across_by[0].span, f"across entities in `{nk.id.text}`")
    for rule in state.every_rule():
        state.yields.setdefault(id(rule), yielded(rule, state.reads.get(id(rule), frozenset()), default.name, known))


def yielded(rule: ir.Rule, reads: frozenset[str], default: str, known: dict[str, ir.Scale]) -> str:
    """The scale a rule's verdicts are on: its ``yields``; for the kinds that pick an input's
    verdict, its inputs' one scale; else the framework's (also for an unknown name: RN740)."""
    if isinstance(rule.body, PICKING) and len(reads) == 1:
        return next(iter(reads))
    return rule.yields if rule.yields in known else default


def _findings(state: Compilation, decls: tuple[FindingsScale, ...] | list[FindingsScale], outer: str,
              known: dict[str, ir.Scale]) -> str:
    for later in decls[1:]:
        state.err("RN747", "`findings on` twice in one place", later.span,
                  "findings have one scale per level: keep one", notes=[f"the first is at {decls[0].span}"])
    if decls and decls[0].name.text in known:
        return decls[0].name.text
    return outer  # an unknown name was reported with the declarations (RN740)


def _names(reads: frozenset[str]) -> str:
    if not reads:
        return "no scale"
    return ", ".join(f"`{r}`" for r in sorted(reads))


def _check_use(state: Compilation, rule: ir.Rule, reads: frozenset[str], known: dict[str, ir.Scale],
               at: Span, where: str) -> None:
    body = rule.body
    if rule.on_values:
        return  # RN401 says it is the wrong kind of rule here
    if len(reads) > 1:
        if not isinstance(body, (*ARITHMETIC, ir.Table)):
            state.err("RN744", f"rule `{rule.id}` ({rule.kind}) compares verdicts of one scale, but {where} "
                      f"combines verdicts on {_names(reads)}", at,
                      "use a rule of points (sum, share, mean or weighted share of points, each input on its own "
                      "scale's maximum) or a table, or judge the inputs on one scale")
        for status, policy in (("not assessed", rule.not_assessed), ("not applicable", rule.not_applicable)):
            if policy is ir.Policy.LOWEST:
                state.err("RN746", f"rule `{rule.id}` counts an input {status} as the lowest verdict, but {where} "
                          f"combines verdicts on {_names(reads)}", at,
                          "the lowest value of which scale? use `skip` or `propagate` here")
        return
    if not reads:
        return
    scale = known[next(iter(reads))]
    if isinstance(body, PICKING) and rule.yields is not None and rule.yields != scale.name:
        state.err("RN744", f"rule `{rule.id}` yields `{rule.yields}`, but {rule.kind} of {where} picks a verdict on "
                  f"`{scale.name}`", at, f"a {rule.kind} rule yields its inputs' scale: write `yields {scale.name}` "
                  "or leave `yields` out", notes=[f"rule `{rule.id}` is declared at {rule.span}"])
    if isinstance(body, ir.SumBands) and not scale.whole:
        state.err("RN748", f"rule `{rule.id}` sums points into whole-number bands, but scale `{scale.name}` has "
                  f"points that are not whole for {where}", at,
                  "a sum could fall between two bands: use `share of points` or `mean of points` with thresholds")


# ------------------------------------------------------------------------- verdicts compared
def compared_scale(state: Compilation, ids: Iterable[str]) -> tuple[ir.Scale | None, list[str]]:
    """The scale a verdict written in a decision's aggregate over a target's parts, or in a score of
    a tree, is compared on: the one scale the verdicts of ``ids`` are on (None: they are on several,
    named second)."""
    names = sorted(state.parts_scales(ids))
    return (state.scales.get(names[0], state.scale) if len(names) == 1 else None), names


def compared_on(state: Compilation, key: str, scale: ir.Scale | None) -> None:
    """Remember that verdicts compared at ``key`` are on ``scale`` (the IR's ``compared_on``)."""
    if scale is not None and state.scale is not None and scale.name != state.scale.name:
        state.compared_on[key] = scale.name


def every_value(state: Compilation, names: Iterable[str]) -> ir.Scale:
    """One scale holding every value of the scales named (no two share a symbol, RN741): where parts
    are on several, what their points can be."""
    known = state.scales
    found = [known[n] for n in names if n in known]
    assert state.scale is not None
    return ir.Scale.joined(state.scale.name, found) if found else state.scale


def parts_scales(state: Compilation, parts: dict[str, tuple[str, ...]]) -> dict[str, ir.Scale]:
    """With several scales, each target's parts' scale (their one, or every value of theirs)."""
    if not state.decls.scales[1:]:
        return {}
    out = {}
    for target, ids in parts.items():
        one, names = compared_scale(state, ids)
        out[target] = one or every_value(state, names)
    return out


def compared_across_scales(state: Compilation, written: ir.VerdictConst, names: list[str], where: str) -> None:
    """RN766: a verdict compared with verdicts on several scales would be compared by points that
    mean different things on each (points and counts alone are fine)."""
    state.err("RN766", f"`\"{written.symbol}\"` is compared with the verdicts of {where}, which are on several "
              f"scales ({', '.join(f'`{n}`' for n in names)})", written.span,
              "a verdict compares by its points, which mean different things on different scales: read parts "
              "of one scale (a group or norm whose parts share one), or compare `points`",
              label="verdicts of several scales")


def verdicts_in(expr: ir.Expr) -> Iterator[ir.VerdictConst]:
    """The verdicts written in ``expr``, the arguments of aggregates over parts included."""
    return (e for e in walk(expr, parts=True) if isinstance(e, ir.VerdictConst))
