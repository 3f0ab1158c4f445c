"""Evidence made for a profile's base, judged by the profile (docs/evidence.md, "Evidence for a
profile's base").

Evidence names the framework it was made for. When that is the base of a profile (or the base's
base), it is checked against that base, as written, with every check; then the records the profile
has no place for — a finding, a printed verdict or an override on a target the profile dropped, or
that no longer applies to the entity's role, or on a normenkader the profile left out — are set
apart as ``left_out``, each with the reason, and counted; nothing else changes."""

from __future__ import annotations

import attrs

from .. import ir
from ..source import Span
from .model import Entity, Evidence, LeftOut


def named_base(framework: ir.Framework, framework_id: object, version: object) -> ir.Framework | None:
    """The base (or base of a base) the evidence says it was made for; None for the profile itself or
    any other framework."""
    if framework.profile is None or (framework_id, version) == (framework.id, framework.version):
        return None
    if not isinstance(framework_id, str) or version is None:
        return None
    return framework.profile.ancestor(framework_id, str(version))


def project(evidence: Evidence, profile: ir.Framework) -> Evidence:
    """The evidence as the profile judges it: records for what the profile has not, left out."""
    targets = profile.targets()
    values = {d.id for d in profile.decisions} | set(profile.score_targets())
    normenkaders = {nk.id for nk in profile.normenkaders}
    roles = {r.id for r in profile.roles}
    entities = tuple(attrs.evolve(e, normenkaders=tuple(n for n in e.normenkaders if n in normenkaders))
                     if e.normenkaders is not None else e for e in evidence.entities)
    by_id = {e.id: e for e in entities}
    left: list[LeftOut] = []

    def keep(kind: str, entity_id: str, target_id: str, span: Span | None) -> bool:
        if target_id in values:
            return True
        why = _why_not(targets.get(target_id), by_id[entity_id], roles)
        if why is not None:
            left.append(LeftOut(kind, entity_id, target_id, why, span))
        return why is None

    findings = tuple(f for f in evidence.findings if keep("finding", f.entity, f.target, f.span))
    recorded = tuple(r for r in evidence.recorded if keep("recorded", r.entity, r.target, r.span))
    overrides = []
    for o in evidence.overrides:  # a waiver keeps the judgements of its scope that the profile has
        applies = tuple(pair for pair in o.applies if keep("override", *pair, o.span))
        if applies or not o.applies:
            overrides.append(attrs.evolve(o, applies=applies))
    return attrs.evolve(evidence, entities=entities, findings=findings, recorded=recorded,
                        overrides=tuple(overrides), left_out=tuple(left))


def _why_not(target: ir.Target | None, entity: Entity, roles: set[str]) -> str | None:
    if target is None:
        return "the profile has no such target"
    if entity.role in roles and not target.applies_to(entity.role):
        return f"in the profile it does not apply to role `{entity.role}`"
    if entity.normenkaders is not None and target.normenkader.id not in entity.normenkaders:
        return f"`{entity.id}` is not assessed on `{target.normenkader.id}`"
    return None
