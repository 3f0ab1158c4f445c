"""Which measures a framework's judgements read, for an entity of a given role: written once.

This is a pure function of the compiled framework (no evidence in it). The evidence check uses it to
refuse measure records no judgement reads (RN645); the engine's plans (``engine/plan.py``) take a
norm's indicators from it. It lives in the evidence stage because that stage comes before the
semantics and the engine (tests/test_architecture.py): both of those may import it from here.
"""

from __future__ import annotations

from collections.abc import Collection

import attrs

from .. import ir


@attrs.frozen
class MeasureRead:
    """Norm ``target`` (``normenkader.norm``) reads values of ``measure``: as the measure it is
    judged on (``judged_on``: ``verdict from measure M by RULE``), or as an indicator (a measure
    declared in the norm, other than the one it is judged on), whose values stand in its reasons.

    Equal reads are the same place of a framework: compared by measure, target and ``judged_on``."""

    measure: str
    target: str
    judged_on: bool
    normenkader: ir.Normenkader = attrs.field(eq=False, repr=False)
    norm: ir.Norm = attrs.field(eq=False, repr=False)


def measure_uses(framework: ir.Framework) -> tuple[MeasureRead, ...]:
    """Every place in ``framework`` a measure is read, whoever is judged: in the framework's order,
    per norm the measure it is judged on first, then its indicators in their order.
    :func:`measures_read` picks from these the ones read for one kind of entity."""
    out: list[MeasureRead] = []
    for nk in framework.normenkaders:
        for norm in nk.norms:
            target = f"{nk.id}.{norm.id}"
            judged = norm.verdict.measure if isinstance(norm.verdict, ir.FromMeasure) else None
            if judged is not None:
                out.append(MeasureRead(judged, target, True, nk, norm))
            out.extend(MeasureRead(m, target, False, nk, norm) for m in norm.indicators if m != judged)
    return tuple(out)


def measures_read(framework: ir.Framework, role: str, normenkaders: Collection[str] | None, is_group: bool) -> tuple[MeasureRead, ...]:
    """The measures the judgements of an entity read: one with role ``role``, assessed on the
    normenkaders ``normenkaders`` (None: on every one), that is a group (has members) or not.

    A read is returned (in :func:`measure_uses` order) where the normenkader is selected and both
    it and the norm apply to ``role`` (``applies_to``), and:

    - an indicator (``judged_on`` False): always; the values read are the entity's own and, for a
      group, its members';
    - the measure the norm is judged on (``judged_on`` True): unless the entity is a group and the
      normenkader judges groups ``across`` their members (then the members' verdicts count, not
      values). The values read are the entity's own and, for a group, its members'. What this
      function cannot know, being of the framework alone: an entity with a finding on the norm
      itself is judged by that finding, and then reads no values of the measure.
    """
    out: list[MeasureRead] = []
    for use in measure_uses(framework):
        nk, norm = use.normenkader, use.norm
        if normenkaders is not None and nk.id not in normenkaders:
            continue
        if not (nk.applies_to(role) and norm.applies_to(role)):
            continue
        if use.judged_on and is_group and nk.across is not None:
            continue
        out.append(use)
    return tuple(out)
