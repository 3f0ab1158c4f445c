"""Which judgements rest on inputs the evidence lacks, and the reason that says so.

Kept apart from the walk in :mod:`.judge` (which calls :func:`annotate` once per entity, with
reasons only): what is expected comes from :class:`regienorm.evidence.expected.Expectations`, the
sentence from :func:`regienorm.semantics.reasons.incomplete_reason`. An input is *lacking* at a
target when it is expected there and missing, or when the target is computed from targets that
lack inputs (a norm from its toetsaspecten, a total from its norms, a group's target from its
members' same target). A judgement computed by a rule that has a verdict while inputs are lacking
rests on them, through a ``skip`` or ``lowest`` policy somewhere below: it gets the reason. One
judged from a finding rests on the finding, not on its toetsaspecten, and gets none.

A member's lacking inputs are kept for its groups in the member's results under :data:`KEY`
(a key no target can be: targets are dotted ids).
"""

from __future__ import annotations

from collections.abc import Mapping, MutableSequence, Sequence
from typing import Any

from ..evidence.expected import Expected
from ..evidence.model import Entity
from ..judgement import Status
from ..semantics import reasons as say
from . import plan as plans
from .rows import COMPUTED, REASONS, RULE, STATUS, TARGET

KEY = "\0lacking"
_NONE: tuple[Expected, ...] = ()
_EMPTY: Mapping[str, Any] = {}


def lacking(engine: Any, entity: Entity, findings: Mapping[str, Any], measures: Mapping[str, Mapping[str, Any]],
            results: Mapping[str, Mapping[str, Any]]) -> dict[str, tuple[Expected, ...]]:
    """The inputs lacking per target of ``entity`` (only targets that lack any), from the framework's
    expectations, the entity's findings by target, measure records by entity and measure (its own
    and its members'), and the members' results (their lacking under :data:`KEY`)."""
    owners = (entity.id, *entity.members)
    missing = {e.target: e for e in engine.expectations.of(
        entity, findings.__contains__, lambda m: any((measures.get(o) or _EMPTY).get(m) for o in owners))[4]}
    members = [(results.get(m) or _EMPTY).get(KEY) or _EMPTY for m in entity.members] if entity.members else []
    out: dict[str, tuple[Expected, ...]] = {}
    if not missing and not any(members):
        return out

    def from_members(target: str) -> tuple[Expected, ...]:
        return tuple(e for m in members for e in m.get(target, _NONE))

    for step in engine.plan(entity).steps:
        if step.__class__ is plans.NotApplicableNormenkader:
            continue
        nk_lacking: list[Expected] = []
        for n in step.norms:
            if not n.applies:
                continue
            aspects: list[Expected] = []
            for a in n.aspects:
                found = from_members(a.target) if step.group else ((missing[a.target],) if a.target in missing else _NONE)
                if found:
                    out[a.target] = found
                    aspects.extend(found)
            if step.group:
                norm = from_members(n.target)
            elif n.target in missing:
                norm = (missing[n.target],)
            else:  # judged from its toetsaspecten when it has no finding of its own
                norm = tuple(aspects) if n.kind == plans.BY_ASPECTS and n.target not in findings else _NONE
            if norm:
                out[n.target] = norm
                nk_lacking.extend(norm)
        total = from_members(step.target) if step.group else tuple(nk_lacking) if step.total is not None else _NONE
        if total:
            out[step.target] = total
    return out


def annotate(engine: Any, entity: Entity, rows: MutableSequence[Any], findings: Mapping[str, Any],
             measures: Mapping[str, Mapping[str, Any]], results: Mapping[str, Mapping[str, Any]],
             store: dict[str, Any] | None) -> None:
    """Add the reason to each row computed by a rule with a verdict while inputs are lacking (before
    an override's reason, which stays last); keep the lacking inputs in ``store`` for groups."""
    found = lacking(engine, entity, findings, measures, results)
    if store is not None:
        store[KEY] = found
    if not found:
        return
    for i, row in enumerate(rows):
        missing = found.get(row[TARGET])
        if missing and row[RULE] is not None and row[COMPUTED] is not None and row[STATUS] is Status.JUDGED:
            rows[i] = with_reason(row, say.incomplete_reason(_once(missing)))


def _once(missing: Sequence[Expected]) -> list[Expected]:
    return list(dict.fromkeys(missing))


def with_reason(row: tuple[Any, ...], reason: Any) -> tuple[Any, ...]:
    reasons = row[REASONS]
    at = len(reasons) - 1 if reasons and reasons[-1].kind == "override" else len(reasons)
    return row[:REASONS] + (reasons[:at] + (reason,) + reasons[at:],) + row[REASONS + 1:]
