"""Checks across records: one finding per entity and target, findings where the framework judges
from something else (RN640-RN644), measure values no judgement reads (RN645), and each printed
cell's own id given once (RN649)."""

from __future__ import annotations

from ... import ir
from ..inputs import MeasureRead, measure_uses, measures_read
from ..model import Entity, Finding, MeasureRecord, Override, Recorded
from .fields import Checker


def cross_checks(ck: Checker, entities: dict[str, Entity], findings: list[Finding], measures: list[MeasureRecord],
                  overrides: list[Override]) -> None:
    seen: dict[tuple[str, str], Finding] = {}
    by_norm: dict[tuple[str, str], list[Finding]] = {}
    for f in findings:
        key = (f.entity, f.target)
        if key in seen:
            other = seen[key]
            same = (other.verdict, other.status) == (f.verdict, f.status)
            ck.err("RN640", f"two findings for `{f.entity}` on `{f.target}`" + ("" if same else " disagree"), f.span,
                   "keep one finding per entity and target; put both observations in its note",
                   notes=[f"the other is at line {other.span.line if other.span else '?'}"])
            continue
        seen[key] = f
        target = ck.targets[f.target]
        entity = entities[f.entity]
        if target.level == "normenkader":
            ck.err("RN641", f"a finding on normenkader `{f.target}`", f.span,
                   "a normenkader's verdict is computed from its norms; record a printed verdict under `recorded:` or use an override")
            continue
        nk = target.normenkader
        if entity.is_group and nk.across is not None:
            ck.err("RN642", f"`{f.entity}` is a group judged from its members in `{nk.id}`", f.span,
                   "give the finding to a member, or record the printed verdict under `recorded:`")
            continue
        assert target.norm is not None
        if target.level == "aspect":
            if not isinstance(target.norm.verdict, ir.FromAspects):
                how = "a measure" if isinstance(target.norm.verdict, ir.FromMeasure) else "findings on the norm itself"
                ck.err("RN643", f"norm `{nk.id}.{target.norm.id}` is judged from {how}, not from its toetsaspecten", f.span,
                       f"give the finding to `{nk.id}.{target.norm.id}`")
            by_norm.setdefault((f.entity, f"{nk.id}.{target.norm.id}"), []).append(f)
    for f in findings:
        target = ck.targets[f.target]
        if target.level != "norm" or seen.get((f.entity, f.target)) is not f:
            continue
        assert target.norm is not None
        aspect_findings = by_norm.get((f.entity, f.target), [])
        if aspect_findings:
            ck.err("RN644", f"`{f.entity}` has findings on `{f.target}` and on its toetsaspecten", f.span,
                   "judge the norm either directly or from its toetsaspecten, not both",
                   notes=[f"toetsaspect finding at line {aspect_findings[0].span.line if aspect_findings[0].span else '?'}"])
        verdict = target.norm.verdict
        if isinstance(verdict, ir.FromMeasure):
            if any(m.entity == f.entity and m.measure == verdict.measure for m in measures):
                ck.err("RN644", f"`{f.entity}` has a finding on `{f.target}` and values of `{verdict.measure}`", f.span,
                       "judge the norm either directly or from the measure, not both")
    seen_override: dict[tuple[str, str, str], Override] = {}
    for o in overrides:  # within one scope one waiver per judgement; a narrower scope takes precedence
        for entity_id, target_id in o.applies:
            scoped = (o.scope, entity_id, target_id)
            earlier = seen_override.get(scoped)
            if earlier is not None and not (o.expired or earlier.expired):
                ck.err("RN640", f"two overrides for `{entity_id}` on `{target_id}`", o.span, "keep one",
                       notes=[f"the other is at line {earlier.span.line if earlier.span else '?'}"])
                break
            seen_override.setdefault(scoped, o)


def unused_measures(ck: Checker, entities: dict[str, Entity], measures: list[MeasureRecord],
                    findings: set[tuple[str, str]]) -> None:
    """RN645: a measure record that no judgement will read. The evaluator reads a value of
    measure M for entity E where a norm is judged on M (`verdict from measure`) or lists M as
    an indicator (a `measure` declared in the norm), and E — or a group with E among its
    members — is judged on that norm (:func:`~regienorm.evidence.inputs.measures_read`; a
    measure judged on is not read where the reader has a finding on the norm itself). Anything
    else would be read, counted and silently left out, so it is an error here, at the record."""
    uses: dict[str, list[MeasureRead]] = {}
    for use in measure_uses(ck.fw):
        uses.setdefault(use.measure, []).append(use)
    groups: dict[str, list[Entity]] = {}
    for entity in entities.values():
        for member in entity.members:
            groups.setdefault(member, []).append(entity)
    plans: dict[tuple[str, tuple[str, ...] | None, bool], frozenset[MeasureRead]] = {}

    def read_by(reader: Entity) -> frozenset[MeasureRead]:
        key = (reader.role, reader.normenkaders, reader.is_group)
        if key not in plans:
            plans[key] = frozenset(measures_read(ck.fw, *key))
        return plans[key]

    def reads(record: MeasureRecord, use: MeasureRead) -> bool:
        for reader in (entities[record.entity], *groups.get(record.entity, ())):
            if use in read_by(reader) and (not use.judged_on or (reader.id, use.target) not in findings):
                return True  # an indicator stands in the norm's reasons whatever judges it
        return False

    for record in measures:
        found = uses.get(record.measure, [])
        if not found:
            ck.err("RN645", f"no norm is judged on measure `{record.measure}` or lists it as an indicator", record.span,
                   f"judge a norm on it (`verdict from measure {record.measure} by RULE`) or declare it inside the "
                   "norm it informs; otherwise remove the record: it would be read and never used")
        elif not any(reads(record, use) for use in found):
            listed = ", ".join(f"`{use.target}`" for use in found[:6]) + (" …" if len(found) > 6 else "")
            ck.err("RN645", f"no judgement of `{record.entity}` uses this value of `{record.measure}`", record.span,
                   "correct the record's entity or measure, or remove it",
                   notes=[f"`{record.measure}` is used by {listed}", _why_not(entities[record.entity], found[0])])


def _why_not(entity: Entity, use: MeasureRead) -> str:
    """Why ``entity`` does not read ``use`` (the first place its measure is read), in words."""
    nk, norm, target = use.normenkader, use.norm, use.target
    if entity.normenkaders is not None and nk.id not in entity.normenkaders:
        return f"`{entity.id}` is assessed on {', '.join(f'`{n}`' for n in entity.normenkaders) or 'no normenkader'} only"
    if not nk.applies_to(entity.role) or not norm.applies_to(entity.role):
        roles = norm.roles if not norm.applies_to(entity.role) else nk.roles
        return f"`{target}` applies to role {', '.join(f'`{r}`' for r in roles)}; `{entity.id}` has role `{entity.role}`"
    if entity.is_group and nk.across is not None:
        return f"`{entity.id}` is judged across its members in `{nk.id}`: their values count, not the group's own"
    return f"`{entity.id}` has a finding on `{target}` itself"


def record_ids(ck: Checker, recorded: list[Recorded]) -> None:
    """RN649: a `record:` id names one printed cell. Given twice, a reconciliation that cites it
    would count two cells as one (or one twice)."""
    seen: dict[str, Recorded] = {}
    for r in recorded:
        if r.record is None:
            continue
        if not r.record.strip():
            ck.err("RN648", "a recorded verdict has an empty `record` id", r.span,
                   "give the printed cell an id of its own, or leave `record:` out")
        elif r.record in seen:
            ck.err("RN649", f"record id `{r.record}` is given twice", r.span,
                   "give each printed cell its own id (a cell printed in two tables is two records)",
                   notes=[f"first given at {seen[r.record].span}"])
        else:
            seen[r.record] = r
