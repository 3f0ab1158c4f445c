"""What a profile leaves in the compiled result: its changes attached to the framework with the
targets each touched (the reasons and ``regienorm diff`` name them), each change in words, and the
warnings located in a base said to be the base's own or the profile's doing. See :mod:`.profiles`."""

from __future__ import annotations

from fractions import Fraction

import attrs

from .. import ir
from ..language.shape import AspectDecl, ChangeDecl, GroupDecl
from .loader import display
from .profiles import ancestors
from .result import CompileResult
from .state import Compilation


def attribute(state: Compilation, base: CompileResult | None) -> None:
    """Say of each warning located in a base file whose it is: the base's own (checking the base
    reports it too; it is reported once here, attributed to the base), or caused by the profile's
    changes (the base alone has no such warning)."""
    if base is None:
        return
    own = {(d.code, d.span, d.message) for d in base.diagnostics}
    base_file = state.profile_base[2]
    shown = display(base_file) if base_file is not None else "the base"
    for n, d in enumerate(state.diagnostics):
        if d.is_error or d.span is None or d.span.path == state.main or d.span.path not in base.sources:
            continue  # the profile's own files, and files the base does not read
        if (d.code, d.span, d.message) in own:
            note = f"the base's own warning: `regienorm check {shown}` reports it too"
        else:
            note = "caused by this profile's changes: the base alone has no such warning"
        state.diagnostics[n] = attrs.evolve(d, notes=(*d.notes, note))


# ------------------------------------------------------------------------------------ the result
def attach(state: Compilation, framework: ir.Framework, base: ir.Framework | None) -> ir.Framework:
    """The built framework with its profile: every change with the targets it touched (a refined
    rule: every target that rule judges, and what is above them)."""
    header = state.profile_header
    assert header is not None
    users: dict[str, set[str]] = {}
    for nk in framework.normenkaders:
        for norm in nk.norms:
            if isinstance(norm.verdict, (ir.FromAspects, ir.FromMeasure)):
                users.setdefault(norm.verdict.rule.id, set()).update(ancestors(f"{nk.id}.{norm.id}"))
        for group in nk.groups:
            if group.rule is not None:
                users.setdefault(group.rule.id, set()).update(ancestors(f"{nk.id}.{group.id}"))
        for rule in (nk.total, nk.across):
            if rule is not None:
                users.setdefault(rule.id, set()).add(nk.id)
                if rule is nk.across:
                    users[rule.id].update(f"{nk.id}.{x}" for x in [*(n.id for n in nk.norms), *(g.id for g in nk.groups)])
    targets = set(framework.targets())
    changes = []
    for applied in state.profile_changes:
        touched = set(applied.touched) | (users.get(applied.rule, set()) if applied.rule else set())
        changes.append(ir.ProfileChange(
            applied.profile, _KINDS[applied.decl.kind], applied.text or describe(applied.decl), applied.decl.because,
            applied.decl.sources, tuple(sorted(t for t in touched if t in targets)), tuple(applied.removed),
            span=applied.decl.span))
    profile = ir.Profile(header.id.text, header.title, header.version, state.profile_base[0], state.profile_base[1],
                         tuple(changes), base=base)
    return attrs.evolve(framework, profile=profile)


_KINDS = {"select": "select", "drop": "drop", "drop_rule": "drop rule", "refine_rule": "refine rule",
          "refine_scale": "refine scale", "refine": "refine", "add": "add", "merge": "merge"}


def describe(change: ChangeDecl) -> str:
    """A change in words, as the reasons and the diff say it (``refine uitvoering.2 weight 2``)."""
    paths = ", ".join(p.text for p in change.paths)
    if change.kind == "refine":
        parts = []
        for what, value, _ in change.refinements:
            if what == "weight":
                parts.append(f"weight {_number(value)}")
            elif what == "roles":
                parts.append("for " + ", ".join(r.text for r in value))
            elif what == "title":
                parts.append(f'title "{value}"')
            else:
                word = "verdict by" if what == "verdict" else "total by"
                parts.append(f"{word} {value.name.text if value.name is not None else value.inline.kind}")
        return f"refine {paths} " + " ".join(parts)
    if change.kind == "refine_scale":
        return f"refine scale {paths} " + ", ".join(f'"{symbol}" title "{label}"' for symbol, label, _ in change.refinements)
    if change.kind == "add":
        what = ", ".join(f"{'group' if isinstance(i, GroupDecl) else 'aspect' if isinstance(i, AspectDecl) else 'norm'} "
                         f"{i.id.text}" for i in change.items)
        return f"add to {paths}: {what}"
    return f"{_KINDS[change.kind]} {paths}"


def _number(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
