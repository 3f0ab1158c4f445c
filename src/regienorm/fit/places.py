"""The places a rule decides, read from judgements made once: each judgement the rule gave, with
its inputs as its reasons list them (after the rule's policies), and the printed verdicts recorded
for it; and the verdict a rule gives at a place, by the semantics."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs

from .. import ir
from ..alternatives import rule_inputs, values_context
from ..evidence.model import Recorded
from ..judgement import Assessment, Judgement
from ..semantics.aggregates import Undefined
from ..semantics.conditions import Context
from ..semantics.rules import apply_policies, compute, table_symbol, table_trace


@attrs.frozen
class Observation:
    """One printed verdict at a place the rule decides: the entity, the target, what the report
    printed, where (table and line), the record's id, the evidence it came from, and the
    arithmetic at that place (the rule's numbers, independent of the parameters)."""

    entity: str
    target: str
    printed: str
    table: str | None
    line: int | None
    record: str | None
    evidence: str
    arithmetic: str
    name: str | None = None  # the entity's name, when the evidence gives one

    @property
    def key(self) -> tuple[str, str, str, str, int | None, str | None]:
        return (self.evidence, self.entity, self.target, self.table or "", self.line, self.record)

    def describe(self, lang: str = "en") -> str:
        """``Nieuw-West opzet.4 (0+0+2 = 2 of 6 points = 0.333; printed -; Bijlage 3 l.8274)``."""
        where = self.table or "?"
        if self.line is not None:
            where += f" l.{self.line}"
        printed = "afgedrukt" if lang == "nl" else "printed"
        return f"{self.name or self.entity} {self.target} ({self.arithmetic}; {printed} {self.printed}; {where})"


@attrs.frozen
class Place:
    """A judgement the rule decided, with what the rule computes from (inputs kept, or the records
    of a table on values) and the printed verdicts recorded for it."""

    evidence: str
    judgement: Judgement
    kept: Any  # list[Input] for a rule on verdicts, a Context for a table on values
    observations: tuple[Observation, ...]


def _arithmetic(rule: ir.Rule, kept: Any, scale: ir.Scale) -> str:
    """What the rule's numbers are at a place, without the step that the parameters decide."""
    try:
        if rule.on_values or isinstance(rule.body, ir.Table):
            ctx = kept if isinstance(kept, Context) else Context(kept, {}, scale)
            return table_trace(rule.body, ctx)[1]  # type: ignore[arg-type]
        text = compute(rule.body, kept, scale)[1]
    except Undefined as exc:
        return str(exc)
    return text.rsplit("; ", 1)[0] if isinstance(rule.body, (ir.ShareThresholds, ir.MeanThresholds, ir.Weighted)) \
        else text.split("; band", 1)[0].split("; no band", 1)[0]


def uses(framework: ir.Framework, rule_id: str) -> list[ir.Rule]:
    """The rule named ``rule_id`` as each place that uses it holds it, the different ones once. A
    use can differ from the rule as declared: a weighted rule over a tree's nodes takes the nodes'
    declared weights where it names none (:mod:`regienorm.compiler.build`)."""
    found: list[ir.Rule] = []
    for nk in framework.normenkaders:
        used = [norm.verdict.rule for norm in nk.norms if isinstance(norm.verdict, (ir.FromAspects, ir.FromMeasure))]
        used += [group.rule for group in nk.groups if group.rule is not None]
        used += [r for r in (nk.total, nk.across) if r is not None]
        for rule in used:
            if rule.id == rule_id and rule not in found:
                found.append(rule)
    return found


def places(framework: ir.Framework, rule: ir.Rule, assessments: Sequence[tuple[str, Assessment]],
           members: dict[str, dict[str, Sequence[str]]] | None = None,
           tables: Sequence[str] | None = None) -> list[Place]:
    """The places ``rule`` decides in the assessments (each named by its evidence), with the
    printed verdicts recorded there (only those from ``tables`` when given). A place where the rule
    gave no verdict because an input's policy propagated, or every input was skipped, is left out:
    no parameter changes that."""
    out = []
    for name, assessment in assessments:
        names = {entity: shown for entity, shown, _ in assessment.entities}
        for j in assessment:
            if j.rule != rule.id or not j.reasons:
                continue
            kept: Any
            if rule.on_values:
                kept = values_context(j, (members or {}).get(name), framework.scale)
            else:
                kept = apply_policies(rule, rule_inputs(j), framework.scale, None)
                if not kept:
                    continue
            arithmetic = _arithmetic(rule, kept, framework.scale)
            observations = tuple(
                Observation(j.entity, j.target, r.verdict or "", r.source.table, r.source.line, r.record, name, arithmetic,
                            names.get(j.entity))
                for r in j.recorded if _counts(r, tables))
            out.append(Place(name, j, kept, observations))
    return out


def _counts(record: Recorded, tables: Sequence[str] | None) -> bool:
    return record.verdict is not None and (tables is None or record.source.table in tables)


def verdict(rule: ir.Rule, place: Place, scale: ir.Scale) -> str | None:
    """The verdict ``rule`` gives at a place: the semantics' own :func:`compute` (None: no verdict);
    for a table its :func:`table_symbol`, which decides the same without writing the trace."""
    try:
        if isinstance(rule.body, ir.Table):
            ctx = place.kept if isinstance(place.kept, Context) else Context(place.kept, {}, scale)
            return table_symbol(rule.body, ctx)
        return compute(rule.body, place.kept, scale)[0]
    except Undefined:
        return None


__all__ = ["Observation", "Place", "places", "uses", "verdict"]
