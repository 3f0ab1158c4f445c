"""Framework + evidence -> :class:`~regienorm.judgement.Assessment`.

Pure: no I/O, no globals, no clock. Every judgement carries its reasons: the rule used, each input
with its verdict or value, the arithmetic, the findings and their sources, an override with the
computed verdict it set aside, and the framework span. Group entities are judged after their
members.

How it is fast (docs/performance.md): an :class:`~.judge.Engine` turns the framework, once per
evaluation and per kind of entity, into a plan (:mod:`.plan`), and memoises rule outcomes and
their reasons (bounded; equal reasons are often the same object). The same engine serves
:func:`evaluate` and :func:`regienorm.stream`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from .. import ir
from .._gc import paused
from ..evidence.expected import completeness
from ..evidence.model import Entity, Evidence, Finding, MeasureRecord, Override, Recorded
from ..judgement import Assessment, Counts, Judgement
from .decisions import judge_decisions
from .judge import Engine, Usage
from .rows import Row, judgements

__all__ = ["evaluate", "iter_judgements", "members_first", "rule_provenance", "target_order", "waivers_applied",
           "waivers_not_applied"]


def evaluate(framework: ir.Framework, evidence: Evidence, *, reasons: bool = True) -> Assessment:
    """Judge every entity of ``evidence`` on ``framework``.

    With ``reasons=False`` the judgements carry verdicts only (faster, for bulk use).

    >>> assessment = evaluate(framework, evidence)          # doctest: +SKIP
    >>> assessment.get("centrum", "opzet.1").verdict        # doctest: +SKIP
    '+/-'
    """
    with paused():  # see regienorm._gc: no cycles here, the cyclic collector would only cost time
        engine = Engine(framework, reasons)
        index = _Index(evidence)
        per_entity: dict[str, list[Judgement]] = {}
        values = has_values(framework)
        for entity in members_first(evidence.entities):
            made = judgements(entity.id, index.judge(engine, entity)) if framework.normenkaders else []
            if values:
                made.extend(index.decide(framework, entity, reasons, made))
            per_entity[entity.id] = made
        listed = {e.id: n for n, e in enumerate(evidence.entities)}
        ordered: list[Judgement] = []
        for ident in sorted(per_entity, key=listed.__getitem__):
            ordered.extend(per_entity[ident])
        return Assessment(
            framework.id, framework.version, framework.title, evidence.assessment.subject, tuple(ordered),
            index.counts(), tuple((e.id, e.name, e.role) for e in evidence.entities), rule_provenance(framework),
            completeness(framework, evidence, engine.expectations),
            waivers_not_applied(evidence), evidence.left_out,
        )


def has_values(framework: ir.Framework) -> bool:
    """Whether the framework has named results besides verdicts: decisions, or scores of a tree."""
    return bool(framework.decisions) or any(nk.scores for nk in framework.normenkaders)


def outcomes(made: list[Judgement]) -> dict[str, tuple[Any, str | None, int | None]]:
    """An entity's judged targets as decisions read them: (status, verdict, points) by target."""
    return {j.target: (j.status, j.verdict, j.points) for j in made}


def rule_provenance(framework: ir.Framework) -> tuple[tuple[str, str], ...]:
    """Each rule's id with how it came about (stated, reconstructed, declared): the reconciliation
    reports verdicts of rules stated in the source apart from those of reconstructed ones."""
    return tuple((rule.id, rule.provenance_kind) for rule in framework.every_rule()) + tuple(
        (d.id, "stated" if d.stated else "reconstructed" if d.reconstructed is not None else "declared")
        for d in framework.decisions)


def iter_judgements(framework: ir.Framework, evidence: Evidence, *, reasons: bool = True) -> Iterator[Judgement]:
    """Judgements entity by entity (members before their groups), as they are computed."""
    engine = Engine(framework, reasons)
    index = _Index(evidence)
    values = has_values(framework)
    for entity in members_first(evidence.entities):
        with paused():
            made = judgements(entity.id, engine.run_order(entity, index.judge(engine, entity))) \
                if framework.normenkaders else []
            if values:
                made.extend(index.decide(framework, entity, reasons, made))
        yield from made


def target_order(framework: ir.Framework) -> list[str]:
    """Every target in the order of an assessment: per normenkader its norms, each followed by its
    toetsaspecten, then its groups, then the normenkader itself."""
    out: dict[str, None] = {}
    for nk in framework.normenkaders:
        for norm in nk.norms:
            out[f"{nk.id}.{norm.id}"] = None
            for aspect in norm.aspects:
                out.setdefault(f"{nk.id}.{norm.id}.{aspect.id}", None)
        for group in nk.groups:  # each after what is inside it, as it is judged
            out[f"{nk.id}.{group.id}"] = None
        out[nk.id] = None
    return list(out)


def members_first(entities: Sequence[Entity]) -> list[Entity]:
    """Entities in their order, each group after its members (as they must be judged)."""
    by_id = {e.id: e for e in entities}
    done: set[str] = set()
    out: list[Entity] = []

    for entity in entities:  # depth first with a stack of our own: groups may nest a thousand deep
        if entity.id in done:
            continue
        done.add(entity.id)
        stack = [(entity, iter(entity.members))]
        while stack:
            member = next(stack[-1][1], None)
            if member is None:
                out.append(stack.pop()[0])
            elif member in by_id and member not in done:
                done.add(member)
                stack.append((by_id[member], iter(by_id[member].members)))
    return out


class _Index:
    """Evidence records by entity (and target), and what has been used of them."""

    def __init__(self, evidence: Evidence) -> None:
        self.evidence = evidence
        self.findings: dict[str, dict[str, Finding]] = {}
        for f in evidence.findings:
            self.findings.setdefault(f.entity, {})[f.target] = f
        self.measures: dict[str, dict[str, list[MeasureRecord]]] = {}
        for m in evidence.measures:
            self.measures.setdefault(m.entity, {}).setdefault(m.measure, []).append(m)
        self.recorded: dict[str, dict[str, list[Recorded]]] = {}
        for r in evidence.recorded:
            self.recorded.setdefault(r.entity, {}).setdefault(r.target, []).append(r)
        self.overrides = waivers_by_entity(evidence.overrides)
        self.members = {m for e in evidence.entities for m in e.members}
        self.results: dict[str, dict[str, Any]] = {}
        self.used = Usage()

    def judge(self, engine: Engine, entity: Entity) -> list[Row]:
        store: dict[str, Any] | None = None
        if entity.id in self.members:
            store = self.results.setdefault(entity.id, {})
        return engine.judge(entity, self.findings.get(entity.id, _EMPTY), self.measures, self.overrides.get(entity.id),
                            self.recorded.get(entity.id), self.results, store, self.used)

    def decide(self, framework: ir.Framework, entity: Entity, reasons: bool, made: list[Judgement]) -> list[Judgement]:
        """The entity's decisions, with their published values attached (and counted as used)."""
        recorded = self.recorded.get(entity.id)
        decided = list(judge_decisions(framework, entity, reasons=reasons, verdicts=outcomes(made), recorded=recorded,
                                       findings=self.findings.get(entity.id, _EMPTY).values()))
        self.used.recorded += sum(len(j.recorded) for j in decided)
        return decided

    def counts(self) -> Counts:
        ev = self.evidence
        used = self.used
        return Counts(len(ev.findings), len(ev.measures), len(ev.recorded), len(ev.overrides),
                      used.findings, len(used.measures), used.recorded, used.overrides, waivers_applied(ev.overrides))


_EMPTY: Mapping[str, Any] = {}

#: A narrower waiver takes precedence: a judgement's over an entity's over a norm's.
_NARROW = {"norm": 0, "entity": 1, "judgement": 2}


def waivers_not_applied(evidence: Evidence) -> tuple[Override, ...]:
    """The waivers of the evidence that set no verdict: expired at its date, or covering no judgement."""
    return tuple(o for o in evidence.overrides if o.expired or (o.scope != "judgement" and not o.applies))


def waivers_applied(overrides: Sequence[Override], entity: str | None = None) -> int:
    """How many of ``overrides`` set a judgement (of ``entity``, or of any): those in effect that a
    narrower one does not shadow everywhere."""
    by_entity = waivers_by_entity(overrides)
    chosen = by_entity.values() if entity is None else [by_entity.get(entity, {})]
    return len({id(o) for by_target in chosen for o in by_target.values()})


def waivers_by_entity(overrides: Sequence[Override]) -> dict[str, dict[str, Override]]:
    """The waivers in effect, by entity and target: expired ones left out, a narrower scope over a wider."""
    out: dict[str, dict[str, Override]] = {}
    for o in sorted((o for o in overrides if not o.expired), key=lambda o: _NARROW.get(o.scope, 2)):
        for entity, target in o.applies or ((o.entity or "", o.target or ""),):
            out.setdefault(entity, {})[target] = o
    return out
