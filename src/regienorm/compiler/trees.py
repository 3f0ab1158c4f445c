"""The pass over normenkaders' trees and the framework's outcome categories (RN720–RN729).

Groups inside groups to any depth: every node's id once among its siblings, weights that are
numbers of at least 0, a rule for every group whose verdict the normenkader's total reads. Scores
(named results at every node): the names they read resolved (the fields of a node or of its parts,
other scores at the same node), no score reading itself through others. Outcome categories: each
once, none a symbol of the scale, each counting as a scale value or as an outcome the rules treat.
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from .. import ir
from ..diagnostics import did_you_mean
from ..language.shape import NormenkaderDecl, ScoreDecl
from ..semantics.decisions import map_subexpressions
from .names import check_symbol, rule_ref
from .rule_bodies import check_categories
from .scales import compared_across_scales, compared_on, compared_scale
from .state import Compilation

#: The fields a score reads of a node or of each of its parts: besides these, the node's scores.
FIELDS = ("points", "verdict", "weight")


def pass_trees(state: Compilation) -> None:
    rules = {r.id: r for r in state.decls.rules}
    for nk in state.decls.normenkaders:
        _groups(state, nk, rules)
        state.scores[nk.id.text] = _scores(state, nk)
    _outcomes(state)


def _groups(state: Compilation, nk: NormenkaderDecl, rules: dict[str, ir.Rule]) -> None:
    groups = {g.id.text: g for g in nk.groups}
    norms = {n.id.text for n in nk.norms}
    for group in nk.groups:
        if group.id.text in norms:
            state.err("RN721", f"`{group.id.text}` is both a group and a norm", group.span,
                      "give the group and the norm different ids")
        if group.weight is None or group.weight < 0:
            state.err("RN722", f"the weight of group `{group.id.text}` is not a number of at least 0", group.span,
                      "write a weight such as `weight 1`, `weight 0.5` or `weight 0`")
        for ref in (*nk.groups_by, *group.verdicts):
            rule_ref(state, ref, rules)
        if len(group.verdicts) > 1:
            state.err("RN723", f"group `{group.id.text}` says twice what judges it", group.verdicts[1].span,
                      "keep one `verdict by`")
    for norm in nk.norms:
        if norm.weight is None or norm.weight < 0:
            state.err("RN722", f"the weight of norm `{norm.id.text}` is not a number of at least 0", norm.span,
                      "write a weight such as `weight 1`, `weight 0.5` or `weight 0`")
    if nk.total_by and nk.groups and not nk.groups_by:
        unjudged = [t for t in nk.top if t in groups and not groups[t].verdicts]
        if unjudged:
            state.err("RN724", f"the total of `{nk.id.text}` reads the verdict of group `{unjudged[0]}`, "
                      "but no rule judges that group", groups[unjudged[0]].span,
                      "add `groups by RULE` to the normenkader, or `verdict by RULE` to the group")


def _scores(state: Compilation, nk: NormenkaderDecl) -> tuple[ir.Score, ...]:
    by_name = {s.name.text: s for s in nk.scores}
    seen: dict[str, ScoreDecl] = {}
    resolved: dict[str, ir.Score] = {}
    compared = _compared_scale(state, nk) if nk.scores else (state.scale, [])  # the tree's one scale, if any
    for decl in nk.scores:
        name = decl.name.text
        if name in seen:
            state.err("RN725", f"score `{name}` is declared twice in `{nk.id.text}`", decl.span,
                      "give each score its own name", notes=[f"the first is at {seen[name].span}"])
            continue
        seen[name] = decl
        for span in decl.repeated:
            state.err("RN720", f"score `{name}` gives a level twice", span, "keep one `norm =` and one `group =`")
        if decl.at_group is None and decl.at_norm is None:
            state.err("RN720", f"score `{name}` has no value at any level", decl.span,
                      "write `group = …` (its value at groups and the normenkader) or `norm = …`")
        uses: list[str] = []
        levels = {}
        for level, expr in (("group", decl.at_group), ("norm", decl.at_norm), ("empty", decl.empty)):
            if expr is not None:
                levels[level] = _resolve(state, expr, by_name, level, uses, compared, nk.id.text)
        check_categories(state, f"score `{name}`", decl.categories, None)
        resolved[name] = ir.Score(name, levels.get("group"), levels.get("norm"), levels.get("empty"), decl.title,
                                  tuple(dict.fromkeys(uses)), span=decl.span, categories=decl.categories)
    return tuple(_order(state, resolved))


def _compared_scale(state: Compilation, nk: NormenkaderDecl) -> tuple[ir.Scale | None, list[str]]:
    """The scale a verdict a score compares (`verdict = "pass"`) is on: the one scale of the tree's
    verdicts (norms, groups, toetsaspecten); None with several (named second)."""
    if not state.decls.scales[1:]:
        return state.scale, []
    ids = [f"{nk.id.text}.{n.id.text}" for n in nk.norms] + [f"{nk.id.text}.{g.id.text}" for g in nk.groups]
    ids += [f"{nk.id.text}.{n.id.text}.{a.id.text}" for n in nk.norms for a in n.aspects]
    found = compared_scale(state, ids)
    compared_on(state, nk.id.text, found[0])
    return found


def _resolve(state: Compilation, expr: ir.Expr, scores: dict[str, ScoreDecl], level: str, uses: list[str],
             on: tuple[ir.Scale | None, list[str]], tree: str) -> ir.Expr:
    """``expr`` with its names resolved: a field of the node stays a field, another score at the node
    becomes a reference; inside an aggregate over parts or norms, names are the parts' fields."""

    def walk(e: ir.Expr, inside: bool) -> ir.Expr:
        if isinstance(e, ir.Compare):  # a verdict compared stays a verdict (by its points): `verdict = "pass"`
            return attrs.evolve(e, left=compared(e.left, inside), right=compared(e.right, inside))
        if isinstance(e, ir.VerdictConst):  # elsewhere a quoted text is a category: `-> "High"`
            return ir.Text(e.symbol, span=e.span)
        if isinstance(e, ir.Field):
            if e.name in FIELDS:
                return e
            if e.name in scores:
                if inside:
                    return e  # each part's value of that score
                uses.append(e.name)
                return ir.Ref(e.name, span=e.span)
            close = did_you_mean(e.name, [*FIELDS, *scores])
            state.err("RN726", f"a score cannot read `{e.name}`", e.span,
                      (f"did you mean `{close}`? " if close else "") + "a score reads `points`, `verdict`, `weight` "
                      "and the node's other scores" + (", and of its parts the same" if inside else ""))
            return e
        if isinstance(e, ir.Call):
            if e.of is None or e.of not in (ir.OF_PARTS, ir.OF_NORMS):
                state.err("RN727", f"`{e.function}(…)` in a score must say what it runs over", e.span,
                          "write `of parts` (the node's judged children) or `of norms` (every judged norm below it)")
                return e
            if level == "norm" and e.of == ir.OF_NORMS:
                state.err("RN727", "a norm's score cannot run over norms", e.span,
                          "at `norm =`, `of parts` runs over the norm's judged toetsaspecten")
                return e
            if inside:
                state.err("RN727", "an aggregate inside an aggregate over parts", e.span,
                          "give the inner value a score of its own and read that")
                return e
            argument = walk(e.argument, True) if e.argument is not None else None
            return attrs.evolve(e, argument=argument)
        return map_subexpressions(e, lambda sub: walk(sub, inside))

    def compared(e: ir.Expr, inside: bool) -> ir.Expr:
        if isinstance(e, ir.VerdictConst):
            scale, names = on
            if scale is not None:
                check_symbol(state, e.symbol, scale, e.span)
            elif names:
                compared_across_scales(state, e, names, f"the tree of `{tree}`")
            return e
        return walk(e, inside)

    return walk(expr, False)


def _order(state: Compilation, scores: dict[str, ir.Score]) -> Iterator[ir.Score]:
    """The scores, each after those it reads at the same node; a cycle is RN728, naming its chain."""
    done: set[str] = set()
    active: list[str] = []

    def visit(name: str) -> Iterator[ir.Score]:
        if name in done:
            return
        if name in active:
            chain = active[active.index(name):] + [name]
            state.err("RN728", "scores read each other in a circle: " + " -> ".join(chain), scores[name].span,
                      "one of them must be computed without the others")
            return
        active.append(name)
        for used in scores[name].uses:
            if used in scores:
                yield from visit(used)
        active.pop()
        done.add(name)
        yield scores[name]

    for name in scores:
        yield from visit(name)


def _outcomes(state: Compilation) -> None:
    seen: dict[str, object] = {}
    scale = state.scale
    for outcome in state.decls.outcomes:
        if outcome.name in seen:
            state.err("RN729", f"outcome `{outcome.name}` is declared twice", outcome.span,
                      "declare each outcome once")
        seen[outcome.name] = outcome
        if scale is not None and state.scale_of(outcome.name) is not None:
            state.err("RN729", f"outcome `{outcome.name}` is already a symbol of the scale", outcome.span,
                      "an outcome is a result besides the scale's: choose another name, or use the scale's value")
        if outcome.symbol is not None and scale is not None and state.scale_of(outcome.symbol) is None:
            check_symbol(state, outcome.symbol, scale, outcome.span)
