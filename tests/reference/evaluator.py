"""Framework + evidence -> :class:`~regienorm.judgement.Assessment`.

Pure: no I/O, no globals, no clock. Every judgement carries its reasons: the rule used, each input
with its verdict or value, the arithmetic, the findings and their sources, an override with the
computed verdict it set aside, and the framework span. Group entities are judged after their
members.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence

import attrs

from regienorm import ir
from regienorm.evidence import Entity, Evidence, Finding, MeasureRecord, Override, Recorded
from regienorm.judgement import Assessment, Counts, Judgement, Reason, Status

from .rules import Input, ValueInput, apply_value_rule, apply_verdict_rule, value_reason

__all__ = ["evaluate", "iter_judgements"]


def evaluate(framework: ir.Framework, evidence: Evidence, *, reasons: bool = True) -> Assessment:
    """Judge every entity of ``evidence`` on ``framework``.

    With ``reasons=False`` the judgements carry verdicts only (faster, for bulk use).

    >>> assessment = evaluate(framework, evidence)          # doctest: +SKIP
    >>> assessment.get("centrum", "opzet.1").verdict        # doctest: +SKIP
    '+/-'
    """
    index = _Index(framework, evidence)
    judgements = list(iter_judgements(framework, evidence, reasons=reasons, _index=index))
    order = {target: n for n, target in enumerate(_target_order(framework))}
    listed = {e.id: n for n, e in enumerate(evidence.entities)}
    judgements.sort(key=lambda j: (listed[j.entity], order[j.target]))
    return Assessment(
        framework.id, framework.version, framework.title, evidence.assessment.subject, tuple(judgements),
        index.counts(), tuple((e.id, e.name, e.role) for e in evidence.entities),
    )


def iter_judgements(framework: ir.Framework, evidence: Evidence, *, reasons: bool = True,
                    _index: _Index | None = None) -> Iterator[Judgement]:
    """Judgements entity by entity (members before their groups), as they are computed."""
    index = _index or _Index(framework, evidence)
    for entity in _members_first(evidence.entities):
        yield from _Entity(framework, index, entity, reasons).run()


def _target_order(framework: ir.Framework) -> list[str]:
    out: list[str] = []
    for nk in framework.normenkaders:
        for norm in nk.norms:
            out.append(f"{nk.id}.{norm.id}")
            for aspect in norm.aspects:
                key = f"{nk.id}.{norm.id}.{aspect.id}"
                if key not in out:
                    out.append(key)
        out.append(nk.id)
    return out


def _members_first(entities: Sequence[Entity]) -> list[Entity]:
    by_id = {e.id: e for e in entities}
    done: set[str] = set()
    out: list[Entity] = []

    def visit(entity: Entity) -> None:
        if entity.id in done:
            return
        done.add(entity.id)
        for member in entity.members:
            if member in by_id:
                visit(by_id[member])
        out.append(entity)

    for entity in entities:
        visit(entity)
    return out


class _Index:
    """Evidence records by entity and target, and what has been used of them."""

    def __init__(self, framework: ir.Framework, evidence: Evidence) -> None:
        self.evidence = evidence
        self.entities = {e.id: e for e in evidence.entities}
        self.findings: dict[tuple[str, str], Finding] = {(f.entity, f.target): f for f in evidence.findings}
        self.measures: dict[tuple[str, str], list[MeasureRecord]] = defaultdict(list)
        for m in evidence.measures:
            self.measures[(m.entity, m.measure)].append(m)
        self.recorded: dict[tuple[str, str], list[Recorded]] = defaultdict(list)
        for r in evidence.recorded:
            self.recorded[(r.entity, r.target)].append(r)
        self.overrides: dict[tuple[str, str], Override] = {(o.entity, o.target): o for o in evidence.overrides}
        self.results: dict[tuple[str, str], Judgement] = {}
        self.used_findings: set[tuple[str, str]] = set()
        self.used_measures: set[int] = set()
        self.used_recorded: set[tuple[str, str]] = set()
        self.used_overrides: set[tuple[str, str]] = set()

    def counts(self) -> Counts:
        ev = self.evidence
        return Counts(
            len(ev.findings), len(ev.measures), len(ev.recorded), len(ev.overrides),
            len(self.used_findings), len(self.used_measures),
            sum(len(self.recorded[k]) for k in self.used_recorded), len(self.used_overrides),
            len({id(self.overrides[k]) for k in self.used_overrides}),
        )


@attrs.define
class _Entity:
    fw: ir.Framework
    index: _Index
    entity: Entity
    explain: bool

    def run(self) -> Iterator[Judgement]:
        role = self.entity.role
        for nk in self.fw.normenkaders:
            if self.entity.normenkaders is not None and nk.id not in self.entity.normenkaders:
                continue
            if not nk.applies_to(role):
                if self.entity.normenkaders is None:
                    yield self._finish(self._not_applicable(nk.id, "normenkader", nk.span,
                                       f"normenkader `{nk.id}` applies to {_roles(nk.roles)}; `{self.entity.id}` has role `{role}`"))
                continue
            yield from self._normenkader(nk)

    # ------------------------------------------------------------------ levels
    def _normenkader(self, nk: ir.Normenkader) -> Iterator[Judgement]:
        role = self.entity.role
        group = self.entity.is_group and nk.across is not None
        norm_results: list[Judgement] = []
        for norm in nk.norms:
            norm_id = f"{nk.id}.{norm.id}"
            if not norm.applies_to(role):
                why = f"norm `{norm_id}` applies to {_roles(norm.roles)}; `{self.entity.id}` has role `{role}`"
                for aspect_id in _aspect_ids(norm):
                    yield self._finish(self._not_applicable(f"{norm_id}.{aspect_id}", "aspect", norm.span, why))
                j = self._finish(self._not_applicable(norm_id, "norm", norm.span, why))
                norm_results.append(j)
                yield j
                continue
            aspect_results: list[Judgement] = []
            for aspect_id in _aspect_ids(norm):
                target = f"{norm_id}.{aspect_id}"
                aspect = next((a for a in norm.aspects if a.id == aspect_id and a.applies_to(role)), None)
                if aspect is None:
                    yield self._finish(self._not_applicable(
                        target, "aspect", norm.span,
                        f"toetsaspect `{target}` is declared for {_roles(next(a for a in norm.aspects if a.id == aspect_id).roles)}; "
                        f"`{self.entity.id}` has role `{role}`"))
                    continue
                if group:
                    j = self._finish(self._across(nk, target, "aspect", aspect.span))
                elif isinstance(norm.verdict, ir.FromMeasure) and self._finding(target) is None:
                    j = self._finish(self._missing(
                        target, "aspect", aspect.span,
                        f"norm `{norm_id}` is judged on measure `{norm.verdict.measure}`; its toetsaspecten describe what "
                        "the measure covers and are not judged one by one"))
                else:
                    j = self._finish(self._aspect(target, aspect))
                aspect_results.append(j)
                yield j
            j = self._across(nk, norm_id, "norm", norm.span) if group else self._norm(nk, norm, aspect_results)
            j = self._finish(self._with_indicators(j, norm))
            norm_results.append(j)
            yield j
        yield self._finish(self._across(nk, nk.id, "normenkader", nk.span) if group else self._total(nk, norm_results))

    def _with_indicators(self, j: Judgement, norm: ir.Norm) -> Judgement:
        """Measures declared in a norm are indicators: their values stand in the norm's reasons."""
        judged_on = norm.verdict.measure if isinstance(norm.verdict, ir.FromMeasure) else None
        reasons: list[Reason] = []
        for measure in norm.indicators:
            if measure == judged_on:
                continue
            for owner in (self.entity.id, *self.entity.members):
                for record in self.index.measures.get((owner, measure), []):
                    self.index.used_measures.add(id(record))
                    if self.explain:
                        reasons.append(value_reason(_value(record), measure, kind="indicator", unit=_unit(self.fw, measure)))
        return attrs.evolve(j, reasons=j.reasons + tuple(reasons)) if reasons else j

    def _aspect(self, target: str, aspect: ir.Aspect) -> Judgement:
        finding = self._finding(target)
        if finding is not None:
            return self._from_finding(target, "aspect", finding, aspect.span)
        return self._missing(target, "aspect", aspect.span, f"no finding for `{self.entity.id}` on toetsaspect `{target}`")

    def _norm(self, nk: ir.Normenkader, norm: ir.Norm, aspects: list[Judgement]) -> Judgement:
        target = f"{nk.id}.{norm.id}"
        finding = self._finding(target)
        if finding is not None:
            return self._from_finding(target, "norm", finding, norm.span)
        verdict = norm.verdict
        if isinstance(verdict, ir.FromAspects) and aspects:
            inputs = [Input(j.target, j.status, j.verdict, j.points) for j in aspects]
            outcome = apply_verdict_rule(verdict.rule, inputs, self.fw.scale, explain=self.explain)
            return self._judgement(target, "norm", outcome.status, outcome.symbol, verdict.rule.id, outcome.reasons, norm.span)
        if isinstance(verdict, ir.FromMeasure):
            return self._from_measure(target, verdict, norm.span)
        if isinstance(verdict, ir.FromAspects):
            why = f"no finding for `{self.entity.id}` on norm `{target}` (it has no toetsaspecten for role `{self.entity.role}`)"
        else:
            why = f"no finding for `{self.entity.id}` on norm `{target}`"
        return self._missing(target, "norm", norm.span, why)

    def _total(self, nk: ir.Normenkader, norms: list[Judgement]) -> Judgement:
        if nk.total is None:
            return self._missing(nk.id, "normenkader", nk.span,
                                 f"normenkader `{nk.id}` declares no `total by` rule, so it has no total")
        inputs = [Input(j.target, j.status, j.verdict, j.points) for j in norms]
        outcome = apply_verdict_rule(nk.total, inputs, self.fw.scale, explain=self.explain)
        return self._judgement(nk.id, "normenkader", outcome.status, outcome.symbol, nk.total.id, outcome.reasons, nk.span)

    def _across(self, nk: ir.Normenkader, target: str, level: str, span: object) -> Judgement:
        assert nk.across is not None
        inputs = []
        for member in self.entity.members:
            result = self.index.results.get((member, target))
            if result is None:
                inputs.append(Input(member, Status.NOT_ASSESSED, None, None))
            else:
                inputs.append(Input(member, result.status, result.verdict, result.points))
        outcome = apply_verdict_rule(nk.across, inputs, self.fw.scale, explain=self.explain)
        reasons = outcome.reasons
        if self.explain:
            reasons = (Reason("members", f"`{self.entity.id}` is judged across its members: {', '.join(self.entity.members)}",
                              (("members", list(self.entity.members)),)),) + reasons
        return self._judgement(target, level, outcome.status, outcome.symbol, nk.across.id, reasons, span)  # type: ignore[arg-type]

    def _from_measure(self, target: str, verdict: ir.FromMeasure, span: object) -> Judgement:
        own_records = self.index.measures.get((self.entity.id, verdict.measure), [])
        groups: dict[str, Sequence[ValueInput]] = {}
        used = list(own_records)
        if self.entity.is_group:
            for member in self.entity.members:
                records = self.index.measures.get((member, verdict.measure), [])
                if records:
                    groups[member] = [_value(r) for r in records]
                    used.extend(records)
        own = [_value(r) for r in own_records]
        if not self.entity.is_group and own:
            groups[self.entity.id] = own
        if not used:
            return self._missing(target, "norm", span,
                                 f"no values of measure `{verdict.measure}` for `{self.entity.id}`"
                                 + (" or its members" if self.entity.is_group else ""))
        for record in used:
            self.index.used_measures.add(id(record))
        outcome = apply_value_rule(verdict.rule, own, groups, self.fw.scale, verdict.measure, explain=self.explain,
                                   unit=_unit(self.fw, verdict.measure))
        reasons = outcome.reasons
        without = [m for m in self.entity.members if m not in groups]
        if self.explain and without:
            reasons += (Reason("members", f"left out of `by entity` aggregates, having no values of `{verdict.measure}`: "
                               + ", ".join(without), (("without_values", without),)),)
        return self._judgement(target, "norm", outcome.status, outcome.symbol, verdict.rule.id, reasons, span)  # type: ignore[arg-type]

    # ------------------------------------------------------------------ building judgements
    def _finding(self, target: str) -> Finding | None:
        finding = self.index.findings.get((self.entity.id, target))
        if finding is not None:
            self.index.used_findings.add((self.entity.id, target))
        return finding

    def _from_finding(self, target: str, level: str, finding: Finding, span: object) -> Judgement:
        reasons: tuple[Reason, ...] = ()
        if self.explain:
            what = finding.verdict if finding.verdict else (finding.status or "").replace("_", " ")
            printed = f" (printed as {finding.printed})" if finding.printed else ""
            text = f"finding: {what}{printed}"
            if finding.note:
                text += f": {finding.note}"
            if finding.sources:
                text += " [" + "; ".join(s.describe() for s in finding.sources) + "]"
            reasons = (Reason("finding", text, (
                ("verdict", finding.verdict), ("status", finding.status), ("note", finding.note),
                ("sources", [s.to_json() for s in finding.sources]), ("at", finding.span))),)
        if finding.verdict is None:
            status = Status(finding.status)
            return self._judgement(target, level, status, None, None, reasons, span)
        return self._judgement(target, level, Status.JUDGED, finding.verdict, None, reasons, span)

    def _missing(self, target: str, level: str, span: object, why: str) -> Judgement:
        reasons = (Reason("missing", why),) if self.explain else ()
        return self._judgement(target, level, Status.NOT_ASSESSED, None, None, reasons, span)

    def _not_applicable(self, target: str, level: str, span: object, why: str) -> Judgement:
        reasons = (Reason("not_applicable", why),) if self.explain else ()
        return self._judgement(target, level, Status.NOT_APPLICABLE, None, None, reasons, span)

    def _judgement(self, target: str, level: str, status: Status, symbol: str | None, rule: str | None,
                   reasons: tuple[Reason, ...], span: object) -> Judgement:
        points = self.fw.scale.by_symbol(symbol).points if symbol is not None else None
        return Judgement(self.entity.id, target, level, status, symbol, points, rule, reasons, symbol,
                         span=span)  # type: ignore[arg-type]

    def _finish(self, j: Judgement) -> Judgement:
        """Apply an override, attach recorded verdicts, and remember the result for groups."""
        key = (self.entity.id, j.target)
        override = self.index.overrides.get(key)
        if override is not None:
            self.index.used_overrides.add(key)
            computed = j.verdict
            reason = Reason(
                "override",
                f"override by {override.author}: {override.verdict} replaces the computed "
                f"{computed if computed else j.status.value.replace('_', ' ')}: {override.justification}",
                (("verdict", override.verdict), ("computed", computed), ("author", override.author),
                 ("justification", override.justification), ("at", override.span)))
            j = attrs.evolve(j, status=Status.JUDGED, verdict=override.verdict,
                             points=self.fw.scale.by_symbol(override.verdict).points,
                             reasons=j.reasons + (reason,) if self.explain else (), computed=computed)
        recorded = self.index.recorded.get(key)
        if recorded:
            self.index.used_recorded.add(key)
            j = attrs.evolve(j, recorded=tuple(recorded))
        self.index.results[key] = j
        return j


def _value(record: MeasureRecord) -> ValueInput:
    return ValueInput(record.entity, record.item, record.value, record.n, record.source)


def _unit(fw: ir.Framework, measure: str) -> str | None:
    found = fw.measure(measure)
    return found.unit if found is not None else None


def _aspect_ids(norm: ir.Norm) -> list[str]:
    out: list[str] = []
    for aspect in norm.aspects:
        if aspect.id not in out:
            out.append(aspect.id)
    return out


def _roles(roles: Iterable[str]) -> str:
    roles = list(roles)
    return "role " + ", ".join(f"`{r}`" for r in roles) if roles else "every role"

