"""Judging one entity: its plan run over its own records, level by level.

`Engine.judge` gives an entity's outcomes as rows (:mod:`.rows`) in the assessment's
target order (each norm before its toetsaspecten, the normenkader after its norms). Every reason
sentence comes from :mod:`regienorm.semantics.reasons`, every rule's meaning from
:mod:`regienorm.semantics.rules` (through :class:`~.runner.RuleRunner` and the compiled
conditions); what is here is only the walk, the bookkeeping and the memos.

Just past the usual size, and kept whole: the walk's levels (norms, groups, totals, across
entities) share one visit's state and the engine's memos and runners, and the lean path's entry
(:meth:`Engine.marks`, into :mod:`.fast.generated`) must fall back to this walk on the same
objects; split by level, every part would take the engine and the visit as arguments.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from operator import attrgetter
from typing import Any

from .. import ir
from ..evidence.expected import Expectations
from ..evidence.model import Entity, Finding, MeasureRecord, Override, Recorded
from ..judgement import Reason, Status, make_reason
from ..semantics import reasons as say
from ..semantics.rules import apply_value_rule, decide_values
from . import incomplete, profiles
from . import plan as plans
from .fast.conditions import Conditions
from .fast.generated import compiled_for
from .fast.kernels import points_by_symbol
from .fast.marks import Compiled, Fallback, Marks
from .memo import BoundedMemo
from .plan import ACROSS, BY_ASPECTS, BY_MEASURE, FROM_MEASURE
from .rows import LEVEL, STATUS, TARGET, VERDICT, Row, row_mark
from .runner import NOT_APPLICABLE_MARK, NOT_ASSESSED_MARK, CategoryMark, RuleRunner, mark

JUDGED = Status.JUDGED
NOT_ASSESSED = Status.NOT_ASSESSED
NOT_APPLICABLE = Status.NOT_APPLICABLE
_STATUS_BY_VALUE = {s.value: s for s in Status}
_EMPTY: Mapping[str, Any] = {}

Measures = Mapping[str, Mapping[str, Sequence[MeasureRecord]]]


_UNSEEN: Any = object()
_TARGET = attrgetter("target")


def _kind(entity: Entity) -> tuple[Any, ...]:
    """What an entity's plan depends on: its role, the normenkaders it is assessed on, whether a group."""
    selected = entity.normenkaders
    return (entity.role, selected if selected is None or selected.__class__ is tuple else tuple(selected), entity.is_group)


class Usage:
    """What judging used of the evidence (for :class:`~regienorm.judgement.Counts`)."""

    __slots__ = ("findings", "measures", "recorded", "overrides")

    def __init__(self) -> None:
        self.findings = 0
        self.measures: set[int] = set()  # ids of measure records (a record can be used more than once)
        self.recorded = 0
        self.overrides = 0


class _Visit:
    """One entity being judged: its records and where its rows go."""

    __slots__ = ("entity", "eid", "findings", "measures", "overrides", "recorded", "special", "results", "store",
                 "used", "out", "group_results", "members_said")

    def __init__(self, entity: Entity, findings: Mapping[str, Finding], measures: Measures,
                 overrides: Mapping[str, Override] | None, recorded: Mapping[str, list[Recorded]] | None,
                 results: Mapping[str, Mapping[str, Any]], store: dict[str, Any] | None, used: Usage) -> None:
        self.entity = entity
        self.eid = entity.id
        self.findings = findings
        self.measures = measures
        self.overrides = overrides
        self.recorded = recorded
        # the targets with an override or recorded verdicts; None for none (a test cheaper than `in`)
        self.special: set[str] | None = set(overrides or ()) | set(recorded or ()) if overrides or recorded else None
        self.results = results
        self.store = store
        self.used = used
        self.out: list[Any] = []
        self.group_results: list[Mapping[str, Any]] | None = None  # members' results, looked up once
        self.members_said: tuple[Reason, ...] = ()  # a group's reason naming its members


class Engine:
    """A framework prepared for evaluation: plans per kind of entity, rule runners, compiled
    conditions, and the memos they fill. Pure: the same inputs give the same rows."""

    def __init__(self, framework: ir.Framework, explain: bool = True, *, generated: bool = True) -> None:
        self.fw = framework
        self.explain = explain
        #: without reasons, plans compiled to Python (engine/fast/generated.py); False: the walk alone
        self.generated = generated and not explain
        self._compiled: dict[tuple[Any, ...], Compiled | None] = {}
        self.scale = framework.scale
        self.units = {m.id: m.unit for m in framework.measures}
        self.points = points_by_symbol(*framework.every_scale())
        self.conditions = Conditions()
        self._plans: dict[tuple[Any, ...], plans.Plan] = {}
        self._runners: dict[tuple[int, bool], RuleRunner] = {}
        self._targets = sum(1 + len(n.aspects) for nk in framework.normenkaders for n in nk.norms)
        #: the outcome categories, when a rule treats one apart: a finding of one is marked by it
        self.categories: frozenset[str] | None = frozenset(o.name for o in framework.outcomes) if any(
            r.categories for r in framework.every_rule()) else None
        if self.categories is not None:  # category marks are the semantics' to decide (runner.py): the walk
            self.generated = False
        self.expectations = Expectations(framework)  # what each kind of entity is expected to give (engine/incomplete.py)
        # a profile: the changes that touched each target, said in its judgements' reasons
        self.touching = framework.profile.touching() if framework.profile is not None else None

    def runner(self, rule: ir.Rule, *, members: bool = False) -> RuleRunner:
        """The runner of a rule; ``members``: judging groups across their members (inputs labelled by
        entity, not by target: they get a runner, and memos, of their own)."""
        runner = self._runners.get((id(rule), members))
        if runner is None or runner.rule is not rule:
            runner = self._runners[(id(rule), members)] = RuleRunner.of(
                self.fw, rule, self.explain, members=members, targets=self._targets, categories=self.categories is not None)
        return runner

    def plan(self, entity: Entity) -> plans.Plan:
        key = _kind(entity)
        found = self._plans.get(key)
        if found is None:
            found = self._plans[key] = plans.build(self.fw, entity.role, key[1], entity.is_group, self.runner)
        return found

    def compiled(self, entity: Entity) -> Compiled | None:
        """The generated function of the entity's plan (engine/fast/generated.py); None where it
        does not cover the plan, or with reasons."""
        if not self.generated:
            return None
        key = _kind(entity)
        compiled = self._compiled.get(key, _UNSEEN)
        if compiled is _UNSEEN:
            compiled = self._compiled[key] = compiled_for(self.fw, key, self.points, lambda: self.plan(entity))
        return compiled  # type: ignore[no-any-return]

    def marks(self, entity: Entity, findings: Mapping[str, Finding] | Sequence[Finding],
              measures: Mapping[str, Sequence[MeasureRecord]], overrides: Mapping[str, Override] | None,
              recorded: Mapping[str, list[Recorded]] | None, store: dict[str, Any] | None, used: Usage) -> Marks | None:
        """The entity judged by its plan's generated functions, from its findings by target or as a
        sequence, its own measure records by measure and its overrides in effect by target: its marks,
        or None when the generated code does not cover it (then :meth:`judge`)."""
        compiled = self.compiled(entity)
        if compiled is None:
            return None
        try:
            if overrides or isinstance(findings, Mapping):
                if not isinstance(findings, Mapping):
                    findings = dict(zip(map(_TARGET, findings), findings, strict=True))
                got = compiled.run(findings, measures, overrides)
            else:
                got = compiled.run_records(findings, measures)
        except Fallback:
            return None
        if got is None:
            return None
        used.findings += got.found
        if got.measures:
            used.measures.update(map(id, got.measures))
        if recorded:
            used.recorded += compiled.recorded_used(recorded)
        if got.computed:
            used.overrides += len(got.computed)
        if store is not None:
            store.update(compiled.kept(got.marks))
        return Marks(compiled, got, recorded)

    # ------------------------------------------------------------------ one entity
    def judge(self, entity: Entity, findings: Mapping[str, Finding], measures: Measures,
              overrides: Mapping[str, Override] | None, recorded: Mapping[str, list[Recorded]] | None,
              results: Mapping[str, Mapping[str, Any]], store: dict[str, Any] | None, used: Usage) -> list[Row]:
        """Every outcome of one entity, as rows, in the assessment's target order.

        ``findings``, ``overrides`` and ``recorded`` are the entity's own, by target; ``measures``
        holds measure records by entity and measure (the entity's own and its members');
        ``results`` holds earlier entities' marks by entity and target (for groups); when ``store``
        is given, this entity's marks at targets that groups judge across go there.
        """
        if self.generated:
            fast = self.marks(entity, findings, measures.get(entity.id) or _EMPTY, overrides, recorded, store, used)
            if fast is not None:
                return fast.rows()
        v = _Visit(entity, findings, measures, overrides, recorded, results, store, used)
        for step in self.plan(entity).steps:
            if step.__class__ is plans.NotApplicableNormenkader:
                row = self._not_applicable(step.target, "normenkader", step.span, step.why, v.eid)  # type: ignore[union-attr]
                self._emit_not_applicable(v, row, v.store is not None and step.keep)  # type: ignore[union-attr]
            else:
                self._normenkader(v, step)  # type: ignore[arg-type]
        if self.explain:  # which verdicts rest on inputs the evidence lacks: said apart, once per entity
            incomplete.annotate(self, entity, v.out, findings, measures, results, store)
            if self.touching:
                profiles.annotate(self.touching, v.out)
        return v.out

    def run_order(self, entity: Entity, rows: list[Row]) -> list[Row]:
        """One entity's rows (in target order, as :meth:`judge` gives them) in the order they are
        computed: each norm after its toetsaspecten."""
        plan = self.plan(entity)
        if plan.order is None or len(plan.order) != len(rows):
            order: list[int] = []
            pending: int | None = None
            for i, row in enumerate(rows):
                if row[LEVEL] != "aspect" and pending is not None:
                    order.append(pending)
                    pending = None
                if row[LEVEL] == "norm":
                    pending = i
                else:
                    order.append(i)
            if pending is not None:
                order.append(pending)
            plan.order = order
        return [rows[i] for i in plan.order]

    # ------------------------------------------------------------------ the levels
    def _normenkader(self, v: _Visit, nk: plans.NormenkaderPlan) -> None:
        """Judge a normenkader: its norms with their toetsaspecten, then its total."""
        keep = v.store is not None and nk.keep
        norm_marks = self._norms(v, nk, keep)
        if nk.groups:
            norm_marks = self._groups(v, nk, norm_marks, keep)
        rule_id = None
        if nk.group:
            status, verdict, rule_id, reasons = self._across(v, nk.across, nk.target)  # type: ignore[arg-type]
        elif nk.total is None:
            status, verdict, reasons = NOT_ASSESSED, None, (nk.total_missing,) if self.explain else ()
        else:
            key = tuple(norm_marks)
            status, verdict, reasons = nk.total_memo.entries.get(key) or self._outcome(nk.total_memo, key, nk.total, nk.total_targets)
            rule_id = nk.total.rule.id
        row: Row = (nk.target, "normenkader", status, verdict, None if verdict is None else self.points[verdict], rule_id,
                    reasons, verdict, (), nk.span)
        if v.special is not None and nk.target in v.special:
            row = self._finish(v, row)
        v.out.append(row)
        if keep:
            v.store[nk.target] = (row[VERDICT] if row[VERDICT] is not None else NOT_ASSESSED_MARK  # type: ignore[index]
                                  if row[STATUS] is NOT_ASSESSED else row_mark(row))

    def _norms(self, v: _Visit, nk: plans.NormenkaderPlan, keep: bool) -> list[Any]:
        """Judge a normenkader's norms, each with its toetsaspecten (in the rows a norm comes before its
        toetsaspecten, and is judged after them); the norms' marks, for the total.

        Both levels in one loop, not a method per norm: this runs for every norm and toetsaspect of
        every entity, and a call per norm, with the entity's fields read again each time, cost 4% of
        a lean evaluation (bench/instructions.py). Longer than 60 lines for that reason; what is rare
        is in the methods that follow."""
        explain, points, findings, special, out = self.explain, self.points, v.findings, v.special, v.out
        store = v.store if keep else None
        group = nk.group
        norm_marks: list[Any] = []
        category: str | None = None  # a norm's finding's outcome category, when rules treat them apart
        found = 0  # findings used
        rule_id: str | None
        verdict: str | None
        for n in nk.norms:
            if not n.applies:
                norm_marks.append(self._norm_not_applicable(v, n, keep))
                continue
            target = n.target
            at = len(out)
            out.append(None)  # the norm's place, before its toetsaspecten
            marks: list[Any] = []  # of the toetsaspecten that apply: the inputs of the norm's rule
            for kind, aspect, span, text in n.steps:
                if kind <= FROM_MEASURE:
                    finding = findings.get(aspect)
                    if finding is None:
                        m: Any = NOT_ASSESSED_MARK
                        row: Row = (aspect, "aspect", NOT_ASSESSED, None, None, None,
                                    self._missing(text, v.eid) if explain else (), None, (), span)
                    else:
                        found += 1
                        m = finding.verdict
                        if m is not None:
                            row = (aspect, "aspect", JUDGED, m, points[m], None,
                                   (say.finding_reason(finding),) if explain else (), m, (), span)
                        else:  # not assessed (or, in hand-made evidence, judged without a verdict)
                            status, _, reasons = self._from_finding(finding)
                            row = (aspect, "aspect", status, None, None, None, reasons, None, (), span)
                            m = NOT_ASSESSED_MARK if status is NOT_ASSESSED else mark(status, None)
                        if self.categories is not None and finding.printed in self.categories:
                            m = CategoryMark(finding.printed, m)
                elif kind == ACROSS:
                    status, verdict, rule_id, reasons = self._across(v, nk.across, aspect)  # type: ignore[arg-type]
                    row = (aspect, "aspect", status, verdict, None if verdict is None else points[verdict], rule_id, reasons,
                           verdict, (), span)
                    m = verdict if verdict is not None else NOT_ASSESSED_MARK if status is NOT_ASSESSED else mark(status, None)
                else:  # not applicable to the entity's role: not an input of the norm's rule
                    self._emit_not_applicable(v, self._not_applicable(aspect, "aspect", span, text, v.eid), keep)  # type: ignore[arg-type]
                    continue
                if special is not None and aspect in special:
                    row = self._finish(v, row)
                    m = _kept_category(m, row_mark(row))
                out.append(row)
                if store is not None:
                    store[aspect] = m
                marks.append(m)
            # the norm
            rule_id = None
            if group:
                status, verdict, rule_id, reasons = self._across(v, nk.across, target)  # type: ignore[arg-type]
            else:
                finding = findings.get(target)
                if finding is not None:
                    found += 1
                    verdict = finding.verdict
                    if verdict is not None:
                        status, reasons = JUDGED, (say.finding_reason(finding),) if explain else ()
                    else:
                        status, verdict, reasons = self._from_finding(finding)
                    if self.categories is not None and finding.printed in self.categories:
                        category = finding.printed
                elif n.kind == BY_ASPECTS and marks:
                    key = tuple(marks)
                    status, verdict, reasons = n.memo.entries.get(key) or self._outcome(n.memo, key, n.runner, n.labels)  # type: ignore[arg-type]
                    rule_id = n.rule_id
                else:
                    status, verdict, rule_id, reasons = self._norm_without_finding(v, n)
            if n.indicators:
                reasons = self._indicators(v, n.indicators, reasons)
            row = (target, "norm", status, verdict, None if verdict is None else points[verdict], rule_id, reasons, verdict,
                   (), n.span)
            if special is not None and target in special:
                row = self._finish(v, row)
                verdict, status = row[VERDICT], row[STATUS]
            out[at] = row
            m = verdict if verdict is not None else NOT_ASSESSED_MARK if status is NOT_ASSESSED else mark(status, None)
            if category is not None:
                if special is None or target not in special or row[VERDICT] == finding.verdict:  # type: ignore[union-attr]
                    m = CategoryMark(category, m)  # (an override or a blank decides: then no category)
                category = None
            if store is not None:
                store[target] = m
            norm_marks.append(m)
        if found:
            v.used.findings += found
        return norm_marks

    def _groups(self, v: _Visit, nk: plans.NormenkaderPlan, norm_marks: list[Any], keep: bool) -> list[Any]:
        """Judge a normenkader's groups, each after the groups inside it, from its children's marks;
        the marks of the nodes directly inside the normenkader, for its total."""
        marks = dict(zip(nk.norm_targets, norm_marks, strict=True))
        points = self.points
        for g in nk.groups:
            inputs = [marks[c] for c in g.children]
            rule_id = None
            if nk.group:
                status, verdict, rule_id, reasons = self._across(v, nk.across, g.target)  # type: ignore[arg-type]
            elif g.runner is None:
                status, verdict, reasons = NOT_ASSESSED, None, (g.missing,) if self.explain else ()
            elif all(m is NOT_APPLICABLE_MARK or (m.__class__ is CategoryMark and m.base is NOT_APPLICABLE_MARK
                                                  and g.runner.rule.category_policy(m.category) is None)
                     for m in inputs):
                status, verdict, reasons = NOT_APPLICABLE, None, (say.group_not_counted(g.target),) if self.explain else ()
            else:
                key = tuple(inputs)
                status, verdict, reasons = g.memo.entries.get(key) or self._outcome(g.memo, key, g.runner, g.children)
                rule_id = g.rule_id
            row: Row = (g.target, "group", status, verdict, None if verdict is None else points[verdict], rule_id, reasons,
                        verdict, (), g.span)
            if v.special is not None and g.target in v.special:
                row = self._finish(v, row)
            v.out.append(row)
            m = row_mark(row)
            marks[g.target] = m
            if keep:
                v.store[g.target] = m  # type: ignore[index]
        return [marks[t] for t in nk.total_targets]

    def _norm_without_finding(self, v: _Visit, n: plans.NormPlan) -> tuple[Status, str | None, str | None, tuple[Reason, ...]]:
        """A norm that has no finding and no toetsaspect to judge it: judged on its measure, or not assessed."""
        if n.kind == BY_MEASURE:
            return self._from_measure(v, n)
        return NOT_ASSESSED, None, None, (make_reason("missing", n.missing.say(v.eid)),) if self.explain else ()  # type: ignore[union-attr]

    def _norm_not_applicable(self, v: _Visit, n: plans.NormPlan, keep: bool) -> Any:
        """A norm that does not apply to the entity's role, and its toetsaspecten: rows with the
        norm's reason; the norm's mark."""
        fields = self._not_applicable(n.target, "norm", n.span, n.why, v.eid)  # type: ignore[arg-type]
        norm_mark = self._emit_not_applicable(v, fields, keep)
        for step in n.aspects:
            self._emit_not_applicable(v, (step.target, "aspect") + fields[2:9] + (step.span,), keep)
        return norm_mark

    def _missing(self, text: plans.Template | Reason, eid: str) -> tuple[Reason, ...]:
        """Why a toetsaspect that has no finding is not assessed."""
        if text.__class__ is Reason:  # the toetsaspect of a norm judged on a measure
            return (text,)  # type: ignore[return-value]
        return (make_reason("missing", text.say(eid)),)  # type: ignore[union-attr]

    # ------------------------------------------------------------------ rows
    def _emit_not_applicable(self, v: _Visit, fields: tuple[Any, ...], keep: bool) -> Any:
        """Add the row of a target that does not apply (its override and recorded verdicts attached);
        keep its mark for groups; return it."""
        if v.special is not None and fields[TARGET] in v.special:
            row = self._finish(v, fields)
            m = row_mark(row)
        else:
            row, m = fields, NOT_APPLICABLE_MARK
        v.out.append(row)
        if keep:
            v.store[row[TARGET]] = m  # type: ignore[index]
        return m

    def _not_applicable(self, target: str, level: str, span: Any, why: plans.Template, eid: str) -> tuple[Any, ...]:
        reasons = (make_reason("not_applicable", why.say(eid)),) if self.explain else ()
        return (target, level, NOT_APPLICABLE, None, None, None, reasons, None, (), span)

    def _finish(self, v: _Visit, fields: tuple[Any, ...]) -> Row:
        """A row at a target that has an override or recorded verdicts: the override applied, the
        recorded verdicts attached."""
        target, level, status, verdict, points, rule, reasons, computed, _, span = fields
        override = v.overrides.get(target) if v.overrides else None
        if override is not None:
            v.used.overrides += 1
            status, verdict, points = JUDGED, override.verdict, self.points[override.verdict]
            reasons = reasons + (say.override_reason(override, computed, fields[2]),) if self.explain else ()
        printed = v.recorded.get(target) if v.recorded else None
        if printed:
            v.used.recorded += len(printed)
        return (target, level, status, verdict, points, rule, reasons, computed, tuple(printed) if printed else (), span)

    # ------------------------------------------------------------------ outcomes
    def _outcome(self, memo: BoundedMemo[Any], marks: tuple[Any, ...], runner: RuleRunner,
                 labels: list[str]) -> tuple[Status, str | None, tuple[Reason, ...]]:
        """A rule's outcome for inputs labelled and marked, remembered in ``memo`` (of one place, a norm
        or a normenkader's total, whose labels are always the same) by the marks; the callers look
        there first."""
        if not self.explain and not runner.by_label:
            return memo.put(marks, (*runner.decide(marks), ()))  # type: ignore[no-any-return]
        return memo.put(marks, runner.run(list(zip(labels, marks, strict=True))))  # type: ignore[no-any-return]

    def _from_finding(self, finding: Finding) -> tuple[Status, str | None, tuple[Reason, ...]]:
        verdict = finding.verdict
        reasons = (say.finding_reason(finding),) if self.explain else ()
        if verdict is not None:
            return JUDGED, verdict, reasons
        status = _STATUS_BY_VALUE.get(finding.status) if finding.status.__class__ is str else None  # type: ignore[arg-type]
        return (status if status is not None else Status(finding.status)), None, reasons

    def _across(self, v: _Visit, runner: RuleRunner, target: str) -> tuple[Status, str | None, str, tuple[Reason, ...]]:
        members = v.entity.members
        if v.group_results is None:
            v.group_results = [v.results.get(m) or _EMPTY for m in members]
            # the same for every target of the group: said once (a Reason is immutable)
            v.members_said = (say.members_reason(v.eid, members),) if self.explain else ()
        marks = [r.get(target, NOT_ASSESSED_MARK) for r in v.group_results]
        if not self.explain and not runner.by_label:
            status, symbol = runner.decide(marks)
            return status, symbol, runner.rule.id, ()
        status, symbol, reasons = runner.run(list(zip(members, marks, strict=True)))
        return status, symbol, runner.rule.id, v.members_said + reasons

    def _from_measure(self, v: _Visit, n: plans.NormPlan) -> tuple[Status, str | None, str | None, tuple[Reason, ...]]:
        measure, rule, entity = n.measure, n.measure_rule, v.entity
        assert measure is not None and rule is not None
        # A MeasureRecord has every field of a ValueInput (entity, item, value, n, source): the rule
        # reads the records themselves instead of a copy of each.
        own: list[Any] = list((v.measures.get(entity.id) or _EMPTY).get(measure, []))
        groups: dict[str, Any] = {}
        used_records = list(own)
        if entity.is_group:
            for member in entity.members:
                records = (v.measures.get(member) or _EMPTY).get(measure, [])
                if records:
                    groups[member] = list(records)
                    used_records.extend(records)
        elif own:
            groups[entity.id] = own
        if not used_records:
            return NOT_ASSESSED, None, None, (say.no_values(measure, entity.id, entity.is_group),) if self.explain else ()
        v.used.measures.update(map(id, used_records))
        if not self.explain:
            return (*decide_values(rule, own, groups, self.scale, self.conditions.table_symbol), rule.id, ())
        outcome = apply_value_rule(rule, own, groups, self.scale, measure, unit=self.units.get(measure),
                                   condition=self.conditions.evaluate, text=self.conditions.text)
        without = [m for m in entity.members if m not in groups]
        extra = (say.members_without_values(measure, without),) if without else ()
        return outcome.status, outcome.symbol, rule.id, outcome.reasons + extra

    def _indicators(self, v: _Visit, indicators: tuple[str, ...], reasons: tuple[Reason, ...]) -> tuple[Reason, ...]:
        """Measures declared in a norm are indicators: their values stand in the norm's reasons."""
        extra: list[Reason] = []
        for measure in indicators:
            for owner in (v.eid, *v.entity.members):
                for record in (v.measures.get(owner) or _EMPTY).get(measure, ()):
                    v.used.measures.add(id(record))
                    if self.explain:
                        extra.append(say.value_reason(record, measure, kind="indicator", unit=self.units.get(measure)))
        return reasons + tuple(extra) if extra else reasons


def _kept_category(m: Any, finished: Any) -> Any:
    """An input's mark after an override or a printed blank: its outcome category while the
    verdict is still the finding's, else the mark of what decided it."""
    if m.__class__ is CategoryMark and finished == m.base:
        return m
    return finished
