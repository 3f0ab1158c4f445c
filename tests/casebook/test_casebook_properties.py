"""Change one finding of the casebook to another symbol: exactly the judgements downstream of it may
change, nothing else does, and every downstream judgement equals its rule applied to its new inputs.

"Downstream" is derived from the framework structure and the evidence's group membership: the
finding's target; for a toetsaspect its norm; the normenkader's total; and, for a normenkader judged
`across entities`, the same targets of every group that contains the entity (transitively, through
groups that are themselves judged there). The rules are re-applied by a small oracle written here
for the rule kinds the casebook uses (sum of points, share of points), honouring the policies."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

import regienorm
from regienorm import ir
from regienorm.evidence import Entity, Evidence
from regienorm.judgement import Judgement, Status
from regienorm.semantics.rules import Input, apply_verdict_rule

from ._casebook import assessment, evidence, evidence_paths, framework

Key = tuple[str, str]
Outcome = tuple[Status, str | None]


# ------------------------------------------------------------------------------ the structure
def _judged_at(entity: Entity, nk: ir.Normenkader) -> bool:
    scoped = entity.normenkaders is None or nk.id in entity.normenkaders
    return scoped and nk.applies_to(entity.role)


def groups_containing(ev: Evidence, entity: str, nk: ir.Normenkader) -> set[str]:
    """Every group judged across its members at ``nk`` that contains ``entity``, transitively."""
    found: set[str] = set()
    frontier = {entity}
    while frontier:
        nxt = {g.id for g in ev.entities
               if g.is_group and g.id not in found and frontier & set(g.members) and _judged_at(g, nk)}
        found |= nxt
        frontier = nxt
    return found


def downstream(fw: ir.Framework, ev: Evidence, entity: str, target: str) -> set[Key]:
    t = fw.targets()[target]
    nk = t.normenkader
    chain = [target]
    if t.level == "aspect":
        assert t.norm is not None
        chain.append(f"{nk.id}.{t.norm.id}")
    chain.append(nk.id)
    owners = {entity} | (groups_containing(ev, entity, nk) if nk.across is not None else set())
    return {(owner, x) for owner in owners for x in chain}


# ------------------------------------------------------------------------------ the oracle
def oracle(rule: ir.Rule, inputs: Sequence[Outcome], scale: ir.Scale) -> Outcome:
    points = {v.symbol: v.points for v in scale.values}
    kept: list[int] = []
    all_not_applicable = True
    for status, symbol in inputs:
        if status is Status.JUDGED:
            assert symbol is not None
            kept.append(points[symbol])
            all_not_applicable = False
            continue
        if status is Status.NOT_ASSESSED:
            all_not_applicable = False
        policy = rule.not_assessed if status is Status.NOT_ASSESSED else rule.not_applicable
        if policy is ir.Policy.PROPAGATE:
            return Status.NOT_ASSESSED, None
        if policy is ir.Policy.LOWEST:
            kept.append(scale.lowest.points)
            all_not_applicable = False
    if not kept:
        return (Status.NOT_APPLICABLE if inputs and all_not_applicable else Status.NOT_ASSESSED), None
    body = rule.body
    if isinstance(body, ir.SumBands):
        total = sum(kept)
        bands = [b.symbol for b in body.bands if b.low <= total <= b.high]
        return (Status.JUDGED, bands[0]) if bands else (Status.NOT_ASSESSED, None)
    if isinstance(body, ir.ShareThresholds):
        share = Fraction(sum(kept), len(kept) * scale.max_points)
        for th in body.thresholds:
            if (share > th.bound) if th.strict else (share >= th.bound):
                return Status.JUDGED, th.symbol
        return Status.JUDGED, body.otherwise
    # another rule kind: the engine's own rule function (its semantics are pinned in tests/cases/rules.yaml)
    result = apply_verdict_rule(rule, [Input(str(n), s, v, points.get(v) if v else None)
                                       for n, (s, v) in enumerate(inputs)], scale, explain=False)
    return result.status, result.symbol


def expected_outcome(fw: ir.Framework, ev: Evidence, got: dict[Key, Judgement], key: Key) -> Outcome:
    """What the rule of judgement ``key`` gives on the inputs the new assessment has for it."""
    entity_id, target_id = key
    entity = next(e for e in ev.entities if e.id == entity_id)
    t = fw.targets()[target_id]
    nk = t.normenkader

    def at(k: Key) -> Outcome:
        j = got.get(k)
        return (Status.NOT_ASSESSED, None) if j is None else (j.status, j.verdict)

    finding = next((f for f in ev.findings if (f.entity, f.target) == key), None)
    if entity.is_group and nk.across is not None:
        assert finding is None
        return oracle(nk.across, [at((m, target_id)) for m in entity.members], fw.scale)
    if finding is not None:
        return (Status.JUDGED, finding.verdict) if finding.verdict else (Status(finding.status), None)
    if t.level == "normenkader":
        assert nk.total is not None
        return oracle(nk.total, [at((entity_id, f"{nk.id}.{n.id}")) for n in nk.norms], fw.scale)
    assert t.level == "norm" and t.norm is not None and isinstance(t.norm.verdict, ir.FromAspects), key
    ids = _unique(a.id for a in t.norm.aspects_for(entity.role))
    return oracle(t.norm.verdict.rule, [at((entity_id, f"{target_id}.{a}")) for a in ids], fw.scale)


def _unique(items: Iterable[str]) -> list[str]:
    out: list[str] = []
    for item in items:
        if item not in out:
            out.append(item)
    return out


# ------------------------------------------------------------------------------ the property
FILES = evidence_paths()
CHANGEABLE = [(p, i) for p in FILES for i, f in enumerate(evidence(p).findings) if f.verdict is not None]
SYMBOLS = framework().scale.symbols()


@st.composite
def single_change(draw: st.DrawFn) -> tuple[object, int, str]:
    path, index = draw(st.sampled_from(CHANGEABLE))
    old = evidence(path).findings[index].verdict
    return path, index, draw(st.sampled_from([s for s in SYMBOLS if s != old]))


def test_the_casebook_has_findings_of_every_kind_to_change() -> None:
    fw = framework()
    levels = {fw.targets()[evidence(p).findings[i].target].level for p, i in CHANGEABLE}
    assert levels == {"aspect", "norm"}
    grouped = [(p, i) for p, i in CHANGEABLE
               if groups_containing(evidence(p), evidence(p).findings[i].entity,
                                    fw.targets()[evidence(p).findings[i].target].normenkader)]
    assert grouped, "some findings feed a group judged across entities"


@settings(max_examples=200, deadline=None)
@given(single_change())
def test_one_finding_changes_exactly_its_downstream_judgements(change: tuple[object, int, str]) -> None:
    path, index, symbol = change
    fw, ev = framework(), evidence(path)  # type: ignore[arg-type]
    finding = ev.findings[index]
    mutated = attrs.evolve(ev, findings=ev.findings[:index] + (attrs.evolve(finding, verdict=symbol, printed=None),)
                           + ev.findings[index + 1:])
    before = {(j.entity, j.target): j for j in assessment(path)}  # type: ignore[arg-type]
    after = {(j.entity, j.target): j for j in regienorm.evaluate(fw, mutated, reasons=False)}
    assert before.keys() == after.keys()

    region = downstream(fw, ev, finding.entity, finding.target)
    assert region <= after.keys()
    changed = {k for k in after if (after[k].status, after[k].verdict) != (before[k].status, before[k].verdict)}
    assert (finding.entity, finding.target) in changed
    assert changed <= region, f"changed outside the downstream of {finding.entity} {finding.target}: {changed - region}"
    for key in sorted(region):
        assert (after[key].status, after[key].verdict) == expected_outcome(fw, mutated, after, key), key
