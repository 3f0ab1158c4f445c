"""Profiles: a framework made of another by declared changes (XCCDF tailoring, OSCAL profiles,
InSpec overlays). See docs/language.md, "Profiles".

A profile file's header names its base (``extends "regie.norm"``, or a bundled framework by id and
version). The base is loaded first, as the main file would be (its own includes, and if it is a
profile itself, its own base and changes); then the profile's own declarations (rules, roles,
measures) are added, and its changes applied to the declarations in the order written, each
recorded with what it touched. The usual passes then check and build the result as any framework,
so a profile is never a copy and its result is an ordinary :class:`~regienorm.ir.Framework`.

Its bases, and merging several, are :mod:`.profile_bases`. Codes RN540–RN559 (docs/errors.md).
"""

from __future__ import annotations

from typing import Any

import attrs

from ..diagnostics import did_you_mean
from ..language.shape import (
    AspectDecl,
    ChangeDecl,
    GroupDecl,
    Name,
    NormDecl,
    NormenkaderDecl,
    RuleRef,
    VerdictDecl,
    _flatten,
)
from ..source import Span
from .state import Compilation

#: What a `refine` may change, by the level of its target.
_REFINABLE = {
    "normenkader": ("roles", "title", "total"),
    "group": ("weight", "roles", "title", "verdict"),
    "norm": ("weight", "roles", "title", "verdict"),
    "aspect": ("roles", "title"),
}
_LEVEL = {"normenkader": "normenkader", "group": "group", "norm": "norm", "aspect": "toetsaspect"}
_WORDS = {"weight": "`weight`", "roles": "`for`", "title": "`title`", "verdict": "`verdict by`", "total": "`total by`"}


@attrs.define
class Applied:
    """A change as applied: the targets it touched (their verdicts may differ from the base's) and
    those it removed; ``rule``: the rule a `refine rule` replaced (its users are found after the build)."""

    profile: str
    decl: ChangeDecl
    touched: list[str] = attrs.Factory(list)
    removed: list[str] = attrs.Factory(list)
    rule: str | None = None
    text: str | None = None  # the change in words, when no declaration says it (a merge's choice)


# ------------------------------------------------------------------------------------ applying changes
def apply(state: Compilation, profile: str, changes: list[ChangeDecl]) -> None:
    """Apply one profile's changes in order; selections first, as XCCDF and OSCAL read them (what is
    selected is imported, then refined)."""
    selects = [c for c in changes if c.kind == "select"]
    for change in changes:
        if not change.because:
            state.err("RN543", "a change without a reason", change.span,
                      'say why the profile makes it: `because "…"` (and where it comes from: `source "…"`)')
    if selects:
        _select(state, profile, selects)
    for change in changes:
        if change.kind == "select":
            continue
        applied = Applied(profile, change)
        state.profile_changes.append(applied)
        if change.kind == "drop":
            for path in change.paths:
                _drop(state, applied, path)
        elif change.kind == "refine_rule":
            _refine_rule(state, applied)
        elif change.kind == "drop_rule":
            for name in change.paths:
                _drop_rule(state, applied, name)
        elif change.kind == "refine_scale":
            _refine_scale(state, applied)
        elif change.kind == "refine":
            _refine(state, applied)
        else:
            _add(state, applied)


def _find(state: Compilation, path: Name) -> tuple[str, int, Any] | None:
    """``path`` as (level, index of its normenkader, the norm/group id or (norm id, aspect id)); None
    after RN541."""
    decls = state.decls.normenkaders
    nk_id, _, rest = path.text.partition(".")
    index = next((i for i, nk in enumerate(decls) if nk.id.text == nk_id), None)
    if index is None:
        _nothing(state, path, [nk.id.text for nk in decls])
        return None
    if not rest:
        return "normenkader", index, None
    nk = decls[index]
    if any(g.id.text == rest for g in nk.groups):
        return "group", index, rest
    if any(n.id.text == rest for n in nk.norms):
        return "norm", index, rest
    norm_id, _, aspect = rest.rpartition(".")
    norm = next((n for n in nk.norms if n.id.text == norm_id), None)
    if norm is not None and any(a.id.text == aspect for a in norm.aspects):
        return "aspect", index, (norm_id, aspect)
    known = [f"{nk_id}.{g.id.text}" for g in nk.groups] + [f"{nk_id}.{n.id.text}" for n in nk.norms]
    known += [f"{nk_id}.{n.id.text}.{a.id.text}" for n in nk.norms for a in n.aspects]
    _nothing(state, path, known)
    return None


def _nothing(state: Compilation, path: Name, known: list[str]) -> None:
    close = did_you_mean(path.text, known)
    state.err("RN541", f"the profile changes `{path.text}`, which the base does not have", path.span,
              f"did you mean `{close}`?" if close else "name a normenkader, group, norm or toetsaspect of the base "
              "(`normenkader.norm.aspect`); something dropped earlier in the profile is gone")


def ancestors(target: str) -> list[str]:
    parts = target.split(".")
    return [".".join(parts[:i]) for i in range(len(parts), 0, -1)]


def _without(state: Compilation, index: int, target: tuple[str, Any]) -> None:
    """Remove a group, norm or aspect (``(level, id)``) from normenkader ``index``."""
    nk = state.decls.normenkaders[index]
    level, ident = target
    if level == "aspect":
        norm_id, aspect = ident
        norms = tuple(attrs.evolve(n, aspects=tuple(a for a in n.aspects if a.id.text != aspect))
                      if n.id.text == norm_id else n for n in nk.norms)
        state.decls.normenkaders[index] = attrs.evolve(nk, norms=norms)
        return
    inside = ident + "."
    norms = tuple(n for n in nk.norms if n.id.text != ident and not n.id.text.startswith(inside))
    groups = tuple(attrs.evolve(g, children=tuple(c for c in g.children if c != ident))
                   for g in nk.groups if g.id.text != ident and not g.id.text.startswith(inside))
    top = tuple(c for c in nk.top if c != ident)
    state.decls.normenkaders[index] = attrs.evolve(nk, norms=norms, groups=groups, top=top)


def _drop(state: Compilation, applied: Applied, path: Name) -> None:
    found = _find(state, path)
    if found is None:
        return
    level, index, ident = found
    applied.removed.append(path.text)
    if level == "normenkader":
        del state.decls.normenkaders[index]
        return
    _without(state, index, (level, ident))
    applied.touched.extend(ancestors(path.text)[1:])


def _select(state: Compilation, profile: str, selects: list[ChangeDecl]) -> None:
    """Every `select` of a profile at once: where something is selected among siblings, the siblings
    not selected are dropped (OSCAL's include-controls; XCCDF's selected profile). Selecting a node
    keeps what is inside it, and selects the nodes above it."""
    chosen: dict[str, ChangeDecl] = {}
    for change in selects:
        for path in change.paths:
            if _find(state, path) is not None:
                chosen[path.text] = change
    by_change = {id(c): Applied(profile, c) for c in selects}
    state.profile_changes.extend(by_change.values())
    kept = {a for target in chosen for a in ancestors(target)}
    parents = {t.rpartition(".")[0] for t in kept}
    nodes: list[tuple[str, str, Any]] = []  # (target, level, id), every node of the base
    for nk in state.decls.normenkaders:
        nodes.append((nk.id.text, "normenkader", None))
        nodes.extend((f"{nk.id.text}.{g.id.text}", "group", g.id.text) for g in nk.groups)
        for norm in nk.norms:
            nodes.append((f"{nk.id.text}.{norm.id.text}", "norm", norm.id.text))
            nodes.extend((f"{nk.id.text}.{norm.id.text}.{a}", "aspect", (norm.id.text, a))
                         for a in dict.fromkeys(a.id.text for a in norm.aspects))
    dropped: list[str] = []
    for target, level, ident in nodes:
        parent = target.rpartition(".")[0]
        if parent not in parents or target in kept or any(target.startswith(d + ".") for d in dropped):
            continue
        dropped.append(target)
        change = next(c for t, c in chosen.items() if parent == "" or t.startswith(parent + "."))
        applied = by_change[id(change)]
        applied.removed.append(target)
        index = next(i for i, nk in enumerate(state.decls.normenkaders) if nk.id.text == target.partition(".")[0])
        if level == "normenkader":
            del state.decls.normenkaders[index]
        else:
            _without(state, index, (level, ident))
            applied.touched.extend(ancestors(target)[1:])
    for applied in by_change.values():
        if not applied.removed and all(_find_quiet(state, p) for p in applied.decl.paths):
            state.warn("RN542", "this `select` changes nothing", applied.decl.span,
                       "it selects everything there is at that place; remove it, or select fewer")


def _find_quiet(state: Compilation, path: Name) -> bool:
    nk_id = path.text.partition(".")[0]
    return any(nk.id.text == nk_id for nk in state.decls.normenkaders)


def _refine_rule(state: Compilation, applied: Applied) -> None:
    change = applied.decl
    assert change.rule is not None
    name = change.paths[0]
    rules = state.decls.rules
    index = _named(state, [r.id for r in rules], name, "refines rule",
                   "refine a named rule of the base; a new rule is declared with `rule`")
    if index is None:
        return
    old = rules[index]
    applied.rule = old.id
    if old.body == change.rule.body:
        state.warn("RN542", f"rule `{old.id}` is refined to the body it has", change.span,
                   "remove the change, or write the body the profile needs")
        return
    # the profile's rule: the base's title and policies, its own body; stated by the profile, not the source
    rules[index] = attrs.evolve(old, body=change.rule.body, stated=False, reconstructed=None,
                                sources=change.sources, span=change.rule.span)


def _named(state: Compilation, known: list[str], name: Name, what: str, help: str) -> int | None:
    """The place of ``name`` among the base's rules or scales (``known``); None after RN541, which
    says what the profile ``what`` (``drops rule``) and names the nearest."""
    index = next((i for i, k in enumerate(known) if k == name.text), None)
    if index is None:
        close = did_you_mean(name.text, known)
        state.err("RN541", f"the profile {what} `{name.text}`, which the base does not have", name.span,
                  f"did you mean `{close}`?" if close else help)
    return index


def _rule_users(state: Compilation, rule_id: str) -> list[tuple[str, Span]]:
    """Where the declarations name rule ``rule_id``: (what, where), in the order written."""
    out: list[tuple[str, Span]] = []

    def named(refs: Any, what: str) -> None:
        for ref in refs:
            if ref is not None and ref.name is not None and ref.name.text == rule_id:
                out.append((what, ref.name.span))

    for nk in state.decls.normenkaders:
        ident = nk.id.text
        named(nk.norms_by, f"`norms by` of normenkader `{ident}`")
        named(nk.total_by, f"`total by` of normenkader `{ident}`")
        named(nk.across_by, f"`across entities by` of normenkader `{ident}`")
        named(nk.groups_by, f"`groups by` of normenkader `{ident}`")
        for norm in nk.norms:
            named((v.rule for v in norm.verdicts), f"norm `{ident}.{norm.id.text}`")
        for group in nk.groups:
            named(group.verdicts, f"group `{ident}.{group.id.text}`")
    return out


def _drop_rule(state: Compilation, applied: Applied, name: Name) -> None:
    """Take a rule of the base out; an error while anything still names it (each user named)."""
    rules = state.decls.rules
    index = _named(state, [r.id for r in rules], name, "drops rule", "drop a named rule of the base")
    if index is None:
        return
    users = _rule_users(state, name.text)
    if users:
        state.err("RN550", f"rule `{name.text}` is dropped but still used", name.span,
                  "drop or refine what uses it first (`refine … verdict by OTHER`), or keep the rule",
                  notes=[f"used by {what} at {where}" for what, where in users])
        return
    del rules[index]
    applied.removed.append(f"rule {name.text}")


def _refine_scale(state: Compilation, applied: Applied) -> None:
    """Relabel values of a scale: each symbol keeps its points and aliases, so no rule, finding or
    verdict changes meaning; only what the reports call the value."""
    change = applied.decl
    name = change.paths[0]
    scales = state.decls.scales
    index = _named(state, [s.name.text for s in scales], name, "refines scale", "name a scale of the base")
    if index is None:
        return
    scale = scales[index]
    values = list(scale.values)
    for symbol, label, span in change.refinements:
        at = next((i for i, v in enumerate(values) if v.symbol == symbol or symbol in v.aliases), None)
        if at is None:
            symbols = ", ".join(f'"{v.symbol}"' for v in values)
            state.err("RN551", f'scale `{name.text}` has no value "{symbol}"', span,
                      f"relabel one of its values: {symbols}; a profile cannot add, remove or re-point values "
                      "(every rule and finding reads them)")
            continue
        if values[at].label == label:
            state.warn("RN542", f'"{values[at].symbol}" is labelled "{label}" already', span, "remove it from the change")
            continue
        values[at] = attrs.evolve(values[at], label=label)
    if tuple(values) != scale.values:
        scales[index] = attrs.evolve(scale, values=tuple(values))


def _target(state: Compilation, applied: Applied) -> tuple[str, int, Any, NormenkaderDecl] | None:
    """The level, normenkader index, id and normenkader of the one node a `refine` or `add` names
    (None after the message that it names nothing)."""
    found = _find(state, applied.decl.paths[0])
    if found is None:
        return None
    level, index, ident = found
    return level, index, ident, state.decls.normenkaders[index]


def _refine(state: Compilation, applied: Applied) -> None:
    change = applied.decl
    path = change.paths[0]
    found = _target(state, applied)
    if found is None:
        return
    level, index, ident, nk = found
    changed = False
    for what, value, span in change.refinements:
        if what not in _REFINABLE[level]:
            allowed = ", ".join(_WORDS[w] for w in _REFINABLE[level])
            state.err("RN545", f"a {_LEVEL[level]} has no {_WORDS[what]} to refine", span, f"a {_LEVEL[level]} can refine {allowed}")
            continue
        node = _node(nk, level, ident)
        new = _refined(node, nk, what, value)
        if new == node or (what == "roles" and {r.text for r in value} == {r.text for r in _roles(node)}):
            state.warn("RN542", f"`{path.text}` already has this {_WORDS[what]}", span, "remove it from the change")
            continue
        nk = _put(nk, level, ident, new)
        changed = True
    state.decls.normenkaders[index] = nk
    if changed:
        applied.touched.extend(ancestors(path.text))
    if changed and any(what == "roles" for what, _, _ in change.refinements):  # what applies below it changes too
        inside = path.text + "."
        below = [f"{nk.id.text}.{g.id.text}" for g in nk.groups] + [f"{nk.id.text}.{n.id.text}" for n in nk.norms]
        below += [f"{nk.id.text}.{n.id.text}.{a.id.text}" for n in nk.norms for a in n.aspects]
        applied.touched.extend(t for t in below if t.startswith(inside))


def _roles(node: Any) -> tuple[Name, ...]:
    return node.roles  # type: ignore[no-any-return]


def _node(nk: NormenkaderDecl, level: str, ident: Any) -> Any:
    if level == "normenkader":
        return nk
    if level == "group":
        return next(g for g in nk.groups if g.id.text == ident)
    if level == "norm":
        return next(n for n in nk.norms if n.id.text == ident)
    norm = next(n for n in nk.norms if n.id.text == ident[0])
    return tuple(a for a in norm.aspects if a.id.text == ident[1])


def _same_ref(a: RuleRef, b: RuleRef) -> bool:
    if a.name is not None or b.name is not None:
        return a.name is not None and b.name is not None and a.name.text == b.name.text
    return a.inline is not None and b.inline is not None and a.inline.body == b.inline.body


def _refined(node: Any, nk: NormenkaderDecl, what: str, value: Any) -> Any:
    """The node with one refinement applied (equal to ``node`` when it changes nothing)."""
    if isinstance(node, tuple):  # the variants of one aspect id
        field = "text" if what == "title" else what
        return tuple(attrs.evolve(a, **{field: value}) for a in node)
    if what == "weight":
        return node if node.weight == value else attrs.evolve(node, weight=value)
    if what == "title":
        return node if node.title == value else attrs.evolve(node, title=value)
    if what == "roles":
        return attrs.evolve(node, roles=value)
    if what == "total":
        return node if node.total_by and _same_ref(node.total_by[0], value) else attrs.evolve(node, total_by=(value,))
    if isinstance(node, GroupDecl):
        return node if node.verdicts and _same_ref(node.verdicts[0], value) else attrs.evolve(node, verdicts=(value,))
    current = node.verdicts[0] if node.verdicts else None
    if current is not None and current.rule is not None and _same_ref(current.rule, value):
        return node
    if current is None and not node.aspects:
        current = None
    elif current is None and nk.norms_by and _same_ref(nk.norms_by[0], value):
        return node
    kind, measure = ("measure", current.measure) if current is not None and current.kind == "measure" else ("aspects", None)
    return attrs.evolve(node, verdicts=(VerdictDecl(kind, value, measure, value.span),))


def _put(nk: NormenkaderDecl, level: str, ident: Any, new: Any) -> NormenkaderDecl:
    if level == "normenkader":
        return new  # type: ignore[no-any-return]
    if level == "group":
        return attrs.evolve(nk, groups=tuple(new if g.id.text == ident else g for g in nk.groups))
    if level == "norm":
        return attrs.evolve(nk, norms=tuple(new if n.id.text == ident else n for n in nk.norms))
    norm_id, aspect = ident
    variants = iter(new)

    def aspects(norm: NormDecl) -> tuple[AspectDecl, ...]:
        return tuple(next(variants) if a.id.text == aspect else a for a in norm.aspects)

    return attrs.evolve(nk, norms=tuple(attrs.evolve(n, aspects=aspects(n)) if n.id.text == norm_id else n
                                        for n in nk.norms))


def _add(state: Compilation, applied: Applied) -> None:
    change = applied.decl
    path = change.paths[0]
    found = _target(state, applied)
    if found is None:
        return
    level, index, ident, nk = found
    aspects = [i for i in change.items if isinstance(i, AspectDecl)]
    nodes = [i for i in change.items if not isinstance(i, AspectDecl)]
    if level == "norm":
        if nodes:
            state.err("RN546", f"`{path.text}` is a norm: only toetsaspecten can be added to it", nodes[0].id.span,
                      "add norms and groups to a normenkader or a group")
            return
        nk = attrs.evolve(nk, norms=tuple(attrs.evolve(n, aspects=n.aspects + tuple(aspects)) if n.id.text == ident else n
                                          for n in nk.norms))
        applied.touched.extend(f"{path.text}.{a.id.text}" for a in aspects)
    elif level in ("normenkader", "group"):
        if aspects:
            state.err("RN546", f"`{path.text}` is a {level}: toetsaspecten are added to a norm", aspects[0].id.span,
                      f"write `add to {path.text}.NORM {{ aspect … }}`")
            return
        prefix = "" if ident is None else ident + "."
        norms: list[NormDecl] = []
        groups: list[GroupDecl] = []
        ids = _flatten(nodes, prefix, norms, groups)
        taken = {n.id.text for n in nk.norms} | {g.id.text for g in nk.groups}
        for new_id in [*(n.id for n in norms), *(g.id for g in groups)]:
            if new_id.text in taken:
                state.err("RN547", f"`{nk.id.text}.{new_id.text}` is in the base already", new_id.span,
                          "give the new node an id of its own, or `refine` the one there is")
                return
        top = nk.top
        if ident is None:
            if nk.groups or groups:
                top = (nk.top or tuple(n.id.text for n in nk.norms)) + tuple(ids)
            all_groups = nk.groups + tuple(groups)
        else:
            all_groups = tuple(attrs.evolve(g, children=g.children + tuple(ids)) if g.id.text == ident else g
                               for g in nk.groups) + tuple(groups)
        nk = attrs.evolve(nk, norms=nk.norms + tuple(norms), groups=all_groups, top=top)
        applied.touched.extend(f"{nk.id.text}.{i}" for i in [*(n.id.text for n in norms), *(g.id.text for g in groups)])
    else:
        state.err("RN546", f"`{path.text}` is a toetsaspect: nothing can be added to it", path.span,
                  "add toetsaspecten to a norm, norms and groups to a normenkader or a group")
        return
    state.decls.normenkaders[index] = nk
    applied.touched.extend(ancestors(path.text))


def roles_refined(state: Compilation) -> set[str]:
    """The targets whose roles a `refine … for` of a profile changed (and everything below them): a
    toetsaspect of the base for a role the profile no longer judges there is what the profile
    declared, not a mistake to warn of (RN412)."""
    return {t for applied in state.profile_changes if applied.decl.kind == "refine"
            and any(what == "roles" for what, _, _ in applied.decl.refinements) for t in applied.touched}
