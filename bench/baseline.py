"""The hand-written baseline: plain Python that computes the generated framework's verdicts.

What a developer would write by hand for the frameworks of :mod:`bench.gen` without regienorm:
dictionaries of findings, the rules as ``if`` statements over points, floats for shares and means,
no reasons, no overrides bookkeeping beyond replacing a verdict. It reads the same
:class:`~regienorm.engine.stream.EntityEvidence` records as the engine and returns, per entity, a list of
``(target, outcome)`` where the outcome is a scale symbol, ``"not_assessed"`` or ``"not_applicable"``.
The engine's ratios are measured against this function.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from regienorm.engine.stream import EntityEvidence

from .gen import POINTS, Spec

NA = "not_applicable"
NAS = "not_assessed"


def _share(outcomes: list[str], high: float, high_strict: bool, low: float, low_strict: bool) -> str:
    """Share of points; not assessed propagates, not applicable is left out."""
    total = count = 0
    for outcome in outcomes:
        if outcome == NAS:
            return NAS
        if outcome == NA:
            continue
        total += POINTS[outcome]
        count += 1
    if not count:
        return NA if outcomes else NAS
    share = total / (2 * count)
    if share > high if high_strict else share >= high:
        return "+"
    if share > low if low_strict else share >= low:
        return "+/-"
    return "-"


def _worst(outcomes: list[str]) -> str:
    best = None
    for outcome in outcomes:
        if outcome == NAS:
            return NAS
        if outcome == NA:
            continue
        if best is None or POINTS[outcome] < POINTS[best]:
            best = outcome
    if best is None:
        return NA if outcomes else NAS
    return best


def _across(outcomes: list[str]) -> str:
    """Sum of the members' points (not assessed and not applicable members are left out)."""
    total = 0
    kept = 0
    all_na = True
    for outcome in outcomes:
        if outcome == NA:
            continue
        all_na = False
        if outcome == NAS:
            continue
        total += POINTS[outcome]
        kept += 1
    if not kept:
        return NA if outcomes and all_na else NAS
    if total <= 5:
        return "-"
    if total <= 10:
        return "+/-"
    return "+" if total <= 16 else NAS


def _enquete(own: list[float], per_entity: list[list[float]]) -> str:
    if not per_entity:
        return NAS  # share() over no entities is undefined
    below = sum(1 for values in per_entity if sum(values) / len(values) < 50)
    if below / len(per_entity) > 0.5:
        return "-"
    if all(v >= 60 for v in own):
        return "+"
    return "+/-"


def judge(spec: Spec, bundle: EntityEvidence, members: dict[str, tuple[dict[str, str], dict[str, list[float]]]]) -> list[tuple[str, str]]:
    """Every target's outcome for one entity; ``members`` holds earlier entities' outcomes and values."""
    entity = bundle.entity
    role = entity.role
    findings = {f.target: (f.verdict or f.status) for f in bundle.findings}
    overrides = {o.target: o.verdict for o in bundle.overrides}
    values: dict[str, list[float]] = {}
    for m in bundle.measures:
        values.setdefault(m.measure, []).append(float(m.value))
    group = [members.get(m) for m in entity.members]
    out: list[tuple[str, str]] = []

    def done(target: str, outcome: str) -> str:
        outcome = overrides.get(target, outcome)
        out.append((target, outcome))
        return outcome

    def across(target: str) -> str:
        return _across([m[0].get(target, NAS) if m is not None else NAS for m in group])

    for nk in spec.normenkaders:
        norm_outcomes = []
        for norm in nk.norms:
            norm_id = f"{nk.id}.{norm.id}"
            if norm.roles and role not in norm.roles:
                for aspect_id, _ in norm.aspects:
                    done(f"{norm_id}.{aspect_id}", NA)
                norm_outcomes.append(done(norm_id, NA))
                continue
            aspect_outcomes = []
            for aspect_id, roles in norm.aspects:
                target = f"{norm_id}.{aspect_id}"
                if roles and role not in roles:
                    done(target, NA)
                elif group:
                    aspect_outcomes.append(done(target, across(target)))
                else:
                    aspect_outcomes.append(done(target, findings.get(target, NAS)))
            if group:
                outcome = across(norm_id)
            elif norm_id in findings:
                outcome = findings[norm_id]
            elif norm.kind == "aspects" and aspect_outcomes:
                if nk.norms_rule == "zwakste":
                    outcome = _worst(aspect_outcomes)
                else:
                    outcome = _share(aspect_outcomes, 11 / 16, False, 5 / 16, True)
            elif norm.kind == "measure":
                own = values.get("enquete", [])
                if entity.members:
                    per_entity = [m[1]["enquete"] for m in group if m is not None and m[1].get("enquete")]
                else:
                    per_entity = [own] if own else []
                outcome = _enquete(own, per_entity) if own or per_entity else NAS
            else:
                outcome = NAS
            norm_outcomes.append(done(norm_id, outcome))
        done(nk.id, across(nk.id) if group else _share(norm_outcomes, 7 / 10, False, 1 / 4, False))
    return out


def run(spec: Spec, blocks: Iterable[list[EntityEvidence]]) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """Judge blocks of evidence (members before their group); yields (entity, outcomes) per entity."""
    for block in blocks:
        members: dict[str, tuple[dict[str, str], dict[str, list[float]]]] = {}
        for bundle in block:
            outcomes = judge(spec, bundle, members)
            values: dict[str, list[float]] = {}
            for m in bundle.measures:
                values.setdefault(m.measure, []).append(float(m.value))
            members[bundle.entity.id] = (dict(outcomes), values)
            yield bundle.entity.id, outcomes
