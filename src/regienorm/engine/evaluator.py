"""Framework + evidence -> :class:`~regienorm.judgement.Assessment`.

Pure: no I/O, no globals, no clock. Every judgement carries its reasons: the rule used, each input
with its verdict or value, the arithmetic, the findings and their sources, an override with the
computed verdict it set aside, and the framework span. Group entities are judged after their
members.

How it is fast (docs/performance.md): the framework is turned, once per evaluation and per kind of
entity (role, normenkaders assessed, group or not), into a *plan*: the targets in order, with every
text that does not depend on the entity written in advance. Judging an entity runs its plan over
the entity's own records. A rule's outcome is a pure function of its inputs' verdicts, so outcomes
and their reasons are memoised (bounded) and shared: equal reasons are often the same object.
The same engine serves :func:`evaluate` and :func:`regienorm.stream.stream`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from types import MemberDescriptorType
from typing import Any

import attrs

from .. import ir
from .._gc import paused
from ..evidence.model import Citation, Entity, Evidence, Finding, MeasureRecord, Override, Recorded
from ..judgement import Assessment, Counts, Judgement, Reason, Status
from ..semantics.rules import (
    NOT_APPLICABLE_MARK,
    NOT_ASSESSED_MARK,
    Input,
    ValueInput,
    VerdictRuleRunner,
    _points_by_symbol,
    apply_value_rule,
    apply_verdict_rule,
    decide_values,
    value_reason,
)

__all__ = ["evaluate", "iter_judgements"]

JUDGED = Status.JUDGED
NOT_ASSESSED = Status.NOT_ASSESSED
NOT_APPLICABLE = Status.NOT_APPLICABLE
_STATUS_BY_VALUE = {s.value: s for s in Status}
#: A judged input without a verdict (only from hand-made evidence): rules see it as the original code did.
_JUDGED_WITHOUT_VERDICT = 2
_SITE_MEMO_LIMIT = 2048


def evaluate(framework: ir.Framework, evidence: Evidence, *, reasons: bool = True) -> Assessment:
    """Judge every entity of ``evidence`` on ``framework``.

    With ``reasons=False`` the judgements carry verdicts only (faster, for bulk use).

    >>> assessment = evaluate(framework, evidence)          # doctest: +SKIP
    >>> assessment.get("centrum", "opzet.1").verdict        # doctest: +SKIP
    '+/-'
    """
    with paused():  # see regienorm._gc: no cycles here, the cyclic collector would only cost time
        engine = Engine(framework, reasons)
        index = _Index(framework, evidence)
        per_entity: dict[str, list[Judgement]] = {}
        for entity in _members_first(evidence.entities):
            per_entity[entity.id] = judgements(entity.id, index.judge(engine, entity))
        listed = {e.id: n for n, e in enumerate(evidence.entities)}
        ordered: list[Judgement] = []
        for ident in sorted(per_entity, key=listed.__getitem__):
            ordered.extend(per_entity[ident])
        return Assessment(
            framework.id, framework.version, framework.title, evidence.assessment.subject, tuple(ordered),
            index.counts(), tuple((e.id, e.name, e.role) for e in evidence.entities),
        )


def iter_judgements(framework: ir.Framework, evidence: Evidence, *, reasons: bool = True,
                    _index: _Index | None = None) -> Iterator[Judgement]:
    """Judgements entity by entity (members before their groups), as they are computed."""
    engine = Engine(framework, reasons)
    index = _index or _Index(framework, evidence)
    for entity in _members_first(evidence.entities):
        with paused():
            made = judgements(entity.id, engine.run_order(entity, index.judge(engine, entity)))
        yield from made


def target_order(framework: ir.Framework) -> list[str]:
    """Every target in the order of an assessment: per normenkader its norms, each followed by its
    toetsaspecten, then the normenkader itself."""
    out: dict[str, None] = {}
    for nk in framework.normenkaders:
        for norm in nk.norms:
            out[f"{nk.id}.{norm.id}"] = None
            for aspect in norm.aspects:
                out.setdefault(f"{nk.id}.{norm.id}.{aspect.id}", None)
        out[nk.id] = None
    return list(out)


_target_order = target_order


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


# ============================================================================ bookkeeping
class Used:
    """What an evaluation used of the evidence (for :class:`~regienorm.judgement.Counts`)."""

    __slots__ = ("findings", "measures", "recorded", "overrides")

    def __init__(self) -> None:
        self.findings = 0
        self.measures: set[int] = set()  # ids of measure records (a record can be used more than once)
        self.recorded = 0
        self.overrides = 0


class _Index:
    """Evidence records by entity (and target), and what has been used of them."""

    def __init__(self, framework: ir.Framework, evidence: Evidence) -> None:
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
        self.overrides: dict[str, dict[str, Override]] = {}
        for o in evidence.overrides:
            self.overrides.setdefault(o.entity, {})[o.target] = o
        self.members = {m for e in evidence.entities for m in e.members}
        self.results: dict[str, dict[str, Any]] = {}
        self.used = Used()

    def judge(self, engine: Engine, entity: Entity) -> list[Row]:
        store: dict[str, Any] | None = None
        if entity.id in self.members:
            store = self.results.setdefault(entity.id, {})
        return engine.judge(entity, self.findings.get(entity.id, _EMPTY), self.measures, self.overrides.get(entity.id),
                            self.recorded.get(entity.id), self.results, store, self.used)

    def counts(self) -> Counts:
        ev = self.evidence
        used = self.used
        return Counts(len(ev.findings), len(ev.measures), len(ev.recorded), len(ev.overrides),
                      used.findings, len(used.measures), used.recorded, used.overrides)


_EMPTY: Mapping[str, Any] = {}
_NO_TARGETS: frozenset[str] = frozenset()


# ============================================================================ judgements, fast
def _constructor(cls: type) -> Callable[..., Any]:
    """``cls(...)`` with every field given, filling the slots directly (a sixth faster than attrs' own
    ``__init__``, which goes through ``object.__setattr__`` for frozen classes).

    Only when ``cls`` is a plain slotted attrs class (no validators, converters or init hooks);
    otherwise the class itself. Either way the result equals ``cls(...)``.
    """
    fields = attrs.fields(cls)
    names = [f.name for f in fields]
    plain = (all(f.validator is None and f.converter is None and f.init for f in fields)
             and not hasattr(cls, "__attrs_pre_init__") and not hasattr(cls, "__attrs_post_init__")
             and all(isinstance(cls.__dict__.get(n), MemberDescriptorType) for n in names))
    if not plain:
        return cls
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    for n, name in enumerate(names):
        namespace[f"_s{n}"] = cls.__dict__[name].__set__
    params = ", ".join(names)
    defaults = ", ".join(f"_s{n}=_s{n}" for n in range(len(names)))
    body = "\n".join(f"    _s{n}(o, {name})" for n, name in enumerate(names))
    source = f"def make({params}, *, _new=_new, _cls=_cls, {defaults}):\n    o = _new(_cls)\n{body}\n    return o\n"
    exec(compile(source, "<regienorm judgement constructor>", "exec"), namespace)
    return namespace["make"]  # type: ignore[no-any-return]


_make = _constructor(Judgement)
_make_reason = _constructor(Reason)


def _roles(roles: Iterable[str]) -> str:
    roles = list(roles)
    return "role " + ", ".join(f"`{r}`" for r in roles) if roles else "every role"


def _aspect_ids(norm: ir.Norm) -> list[str]:
    out: dict[str, None] = {}
    for aspect in norm.aspects:
        out.setdefault(aspect.id, None)
    return list(out)


# ============================================================================ plans
# Aspect steps.
_A_FINDING, _A_MEASURE, _A_NA, _A_ACROSS = range(4)
# Where a norm's verdict comes from.
_V_ASPECTS, _V_MEASURE, _V_FINDINGS = range(3)


class _NormPlan:
    __slots__ = ("target", "span", "applies", "why", "aspects", "kind", "runner", "memo", "measure", "measure_rule",
                 "missing", "indicators", "has_aspects")

    target: str
    span: Any
    applies: bool
    why: tuple[str, str]  # not applicable / not found: text before and after the entity id
    aspects: list[tuple[int, str, Any, Any]]  # (step, target, span, text parts or a constant reason)
    kind: int
    runner: VerdictRuleRunner | None
    memo: dict[tuple[Any, ...], tuple[Status, str | None, tuple[Reason, ...]]]
    measure: str | None
    measure_rule: ir.Rule | None
    missing: tuple[str, str]
    indicators: tuple[str, ...]
    has_aspects: bool


class _NkPlan:
    __slots__ = ("target", "span", "group", "keep", "norms", "norm_targets", "total", "total_memo", "total_missing", "across")

    target: str
    span: Any
    group: bool
    keep: bool  # groups judge across this normenkader: members' results are kept
    norms: list[_NormPlan]
    norm_targets: list[str]
    total: VerdictRuleRunner | None
    total_memo: dict[tuple[Any, ...], tuple[Status, str | None, tuple[Reason, ...]]]
    total_missing: Reason
    across: VerdictRuleRunner | None


class _Plan:
    __slots__ = ("steps", "order")

    def __init__(self, steps: list[Any]) -> None:
        self.steps = steps
        self.order: list[int] | None = None  # run order -> target order, computed on first use


class Engine:
    """A framework compiled for evaluation: plans per kind of entity, memoised rule outcomes.

    ``judge`` gives one entity's outcomes as rows in the assessment's target order (each norm before
    its toetsaspecten); :meth:`run_order` gives them in the order they are computed (toetsaspecten
    before their norm), as :func:`iter_judgements` yields them; :func:`judgements` makes them
    :class:`~regienorm.judgement.Judgement` objects.
    """

    def __init__(self, framework: ir.Framework, explain: bool = True) -> None:
        self.fw = framework
        self.explain = explain
        self.scale = framework.scale
        self.units = {m.id: m.unit for m in framework.measures}
        self.points = _points_by_symbol(framework.scale)
        self._plans: dict[tuple[Any, ...], _Plan] = {}
        self._runners: dict[tuple[int, bool], VerdictRuleRunner] = {}
        self.odd = False  # set when a judged finding has no verdict
        self._target_count: int | None = None
        self._members_text: dict[str, str] = {}
        self._group: Entity | None = None
        self._group_results: list[Mapping[str, Any]] = []
        self._across_memo: dict[int, dict[tuple[Any, ...], tuple[Status, str | None, tuple[Reason, ...]]]] = {}

    # ------------------------------------------------------------------ building plans
    def runner(self, rule: ir.Rule, *, members: bool = False) -> VerdictRuleRunner:
        """The runner of a rule; ``members``: judging groups across their members (inputs labelled by
        entity, not by target: they get a runner, and memos, of their own)."""
        runner = self._runners.get((id(rule), members))
        if runner is None or runner.rule is not rule:
            runner = self._runners[(id(rule), members)] = VerdictRuleRunner(rule, self.scale, self.explain, members=members)
            if not members:  # inputs labelled by target: room for every target's few outcomes
                runner.limit = max(runner.limit, 4 * self._targets())
        return runner

    def _targets(self) -> int:
        if self._target_count is None:
            self._target_count = sum(1 + len(n.aspects) for nk in self.fw.normenkaders for n in nk.norms)
        return self._target_count

    def plan(self, entity: Entity) -> _Plan:
        selected = entity.normenkaders
        key = (entity.role, selected if selected is None or selected.__class__ is tuple else tuple(selected), entity.is_group)
        plan = self._plans.get(key)
        if plan is None:
            plan = self._plans[key] = self._build(entity.role, key[1], entity.is_group)
        return plan

    def _build(self, role: str, selected: tuple[str, ...] | None, is_group: bool) -> _Plan:
        steps: list[Any] = []
        for nk in self.fw.normenkaders:
            if selected is not None and nk.id not in selected:
                continue
            if not nk.applies_to(role):
                if selected is None:
                    steps.append((nk.id, nk.span, f"normenkader `{nk.id}` applies to {_roles(nk.roles)}; `",
                                  f"` has role `{role}`", nk.across is not None))
                continue
            steps.append(self._nk_plan(nk, role, is_group))
        return _Plan(steps)

    def _nk_plan(self, nk: ir.Normenkader, role: str, is_group: bool) -> _NkPlan:
        p = _NkPlan()
        p.target, p.span = nk.id, nk.span
        p.group = is_group and nk.across is not None
        p.keep = nk.across is not None
        p.across = self.runner(nk.across, members=True) if nk.across is not None else None
        p.total = self.runner(nk.total) if nk.total is not None else None
        p.total_memo = {}
        p.total_missing = Reason("missing", f"normenkader `{nk.id}` declares no `total by` rule, so it has no total")
        p.norms = []
        for norm in nk.norms:
            n = _NormPlan()
            n.target = target = f"{nk.id}.{norm.id}"
            n.span = norm.span
            n.applies = norm.applies_to(role)
            n.aspects = []
            n.memo = {}
            n.runner = None
            n.measure = n.measure_rule = None
            verdict = norm.verdict
            judged_on = verdict.measure if isinstance(verdict, ir.FromMeasure) else None
            n.indicators = tuple(m for m in norm.indicators if m != judged_on)
            if not n.applies:
                n.why = (f"norm `{target}` applies to {_roles(norm.roles)}; `", f"` has role `{role}`")
                n.aspects = [(_A_NA, f"{target}.{a}", norm.span, None) for a in _aspect_ids(norm)]
                p.norms.append(n)
                continue
            for aspect_id in _aspect_ids(norm):
                aspect_target = f"{target}.{aspect_id}"
                aspect = next((a for a in norm.aspects if a.id == aspect_id and a.applies_to(role)), None)
                if aspect is None:
                    declared = next(a for a in norm.aspects if a.id == aspect_id)
                    n.aspects.append((_A_NA, aspect_target, norm.span,
                                      (f"toetsaspect `{aspect_target}` is declared for {_roles(declared.roles)}; `",
                                       f"` has role `{role}`")))
                elif p.group:
                    n.aspects.append((_A_ACROSS, aspect_target, aspect.span, None))
                elif isinstance(verdict, ir.FromMeasure):
                    n.aspects.append((_A_MEASURE, aspect_target, aspect.span, Reason("missing", (
                        f"norm `{target}` is judged on measure `{verdict.measure}`; its toetsaspecten describe what "
                        "the measure covers and are not judged one by one"))))
                else:
                    n.aspects.append((_A_FINDING, aspect_target, aspect.span,
                                      ("no finding for `", f"` on toetsaspect `{aspect_target}`")))
            n.has_aspects = any(step != _A_NA for step, *_ in n.aspects)
            if isinstance(verdict, ir.FromAspects):
                n.kind = _V_ASPECTS
                n.runner = self.runner(verdict.rule)
                n.missing = ("no finding for `", f"` on norm `{target}` (it has no toetsaspecten for role `{role}`)")
            elif isinstance(verdict, ir.FromMeasure):
                n.kind = _V_MEASURE
                n.measure, n.measure_rule = verdict.measure, verdict.rule
                n.missing = ("no finding for `", f"` on norm `{target}`")
            else:
                n.kind = _V_FINDINGS
                n.missing = ("no finding for `", f"` on norm `{target}`")
            p.norms.append(n)
        p.norm_targets = [n.target for n in p.norms]
        return p

    # ------------------------------------------------------------------ judging one entity
    def judge(self, entity: Entity, findings: Mapping[str, Finding], measures: Mapping[str, Mapping[str, list[MeasureRecord]]],
              overrides: Mapping[str, Override] | None, recorded: Mapping[str, list[Recorded]] | None,
              results: Mapping[str, Mapping[str, Any]], store: dict[str, Any] | None, used: Used) -> list[Row]:
        """Every outcome of one entity, as rows, in the assessment's target order.

        A row holds a judgement's fields after the entity (:data:`ROW_FIELDS`); :func:`judgements`
        makes them :class:`~regienorm.judgement.Judgement` objects. ``findings``, ``overrides`` and
        ``recorded`` are the entity's own, by target; ``measures`` holds measure records by entity
        and measure (the entity's own and its members'); ``results`` holds earlier entities'
        outcomes by entity and target (for groups); when ``store`` is given, this entity's outcomes
        at targets that groups judge across go there.
        """
        # The row fields change type along the way (a hot loop of plain tuples): typed loosely.
        row: Any
        reasons: Any
        status: Any
        verdict: Any
        points: Any
        rule_id: Any
        mark: Any
        eid = entity.id
        explain = self.explain
        judged, not_assessed, not_applicable = JUDGED, NOT_ASSESSED, NOT_APPLICABLE  # locals: read on every target
        a_finding, a_measure, a_na, v_aspects, v_measure = _A_FINDING, _A_MEASURE, _A_NA, _V_ASPECTS, _V_MEASURE
        points_of = self.points
        new_reason = _make_reason
        out: list[Any] = []
        append = out.append
        fget = findings.get
        special: Any = _NO_TARGETS
        if overrides or recorded:
            special = set(overrides or ()) | set(recorded or ())
        finish = self._finish
        from_finding = self._from_finding
        found = 0
        self._group = None
        for step in self.plan(entity).steps:
            if step.__class__ is tuple:  # a normenkader that does not apply to the entity's role
                target, span, before, after, keep = step
                reasons = (new_reason("not_applicable", before + eid + after, ()),) if explain else ()
                row = (target, "normenkader", not_applicable, None, None, None, reasons, None, (), span)
                if target in special:
                    row = finish(row, overrides, recorded, used)
                append(row)
                if store is not None and keep:
                    store[target] = _row_mark(row)
                continue
            nk: _NkPlan = step
            keep = store is not None and nk.keep
            group = nk.group
            norm_marks: list[Any] = []
            for n in nk.norms:
                norm_target = n.target
                if not n.applies:
                    reasons = (new_reason("not_applicable", n.why[0] + eid + n.why[1], ()),) if explain else ()
                    row = (norm_target, "norm", not_applicable, None, None, None, reasons, None, (), n.span)
                    if norm_target in special:
                        row = finish(row, overrides, recorded, used)
                    append(row)
                    mark = _row_mark(row)
                    for _, target, span, _ in n.aspects:
                        aspect_row: Any = (target, "aspect", not_applicable, None, None, None, reasons, None, (), span)
                        if target in special:
                            aspect_row = finish(aspect_row, overrides, recorded, used)
                        append(aspect_row)
                        if keep:
                            store[target] = _row_mark(aspect_row)  # type: ignore[index]
                    norm_marks.append(mark)
                    if keep:
                        store[norm_target] = mark  # type: ignore[index]
                    continue
                at = len(out)
                append(None)  # the norm's place, before its toetsaspecten; judged after them
                aspect_marks: list[Any] = []
                for kind, target, span, extra in n.aspects:
                    if kind <= a_measure:  # from a finding (for a norm judged on a measure: only if there is one)
                        finding = fget(target)
                        if finding is None:
                            if not explain:
                                row = (target, "aspect", not_assessed, None, None, None, (), None, (), span)
                            elif kind == a_finding:
                                row = (target, "aspect", not_assessed, None, None, None,
                                       (new_reason("missing", extra[0] + eid + extra[1], ()),), None, (), span)
                            else:
                                row = (target, "aspect", not_assessed, None, None, None, (extra,), None, (), span)
                            mark = NOT_ASSESSED_MARK
                        else:
                            found += 1
                            verdict = finding.verdict
                            if verdict is not None and not explain:
                                row = (target, "aspect", judged, verdict, points_of[verdict], None, (), verdict, (), span)
                                mark = verdict
                            else:
                                status, verdict, points, reasons = from_finding(finding)
                                row = (target, "aspect", status, verdict, points, None, reasons, verdict, (), span)
                                mark = verdict if verdict is not None else _status_mark(status)
                    elif kind == a_na:
                        reasons = (new_reason("not_applicable", extra[0] + eid + extra[1], ()),) if explain else ()
                        row = (target, "aspect", not_applicable, None, None, None, reasons, None, (), span)
                        append(row if target not in special else finish(row, overrides, recorded, used))
                        if keep:
                            store[target] = _row_mark(out[-1])  # type: ignore[index]
                        continue
                    else:
                        status, verdict, rule_id, reasons = self._across(entity, nk.across, target, results)  # type: ignore[arg-type]
                        row = (target, "aspect", status, verdict, points_of[verdict] if verdict is not None else None,
                               rule_id, reasons, verdict, (), span)
                        mark = verdict if verdict is not None else _status_mark(status)
                    if target in special:
                        row = finish(row, overrides, recorded, used)
                        mark = _row_mark(row)
                    append(row)
                    aspect_marks.append(mark)
                    if keep:
                        store[target] = mark  # type: ignore[index]
                # the norm
                rule_id = None
                if group:
                    status, verdict, rule_id, reasons = self._across(entity, nk.across, norm_target, results)  # type: ignore[arg-type]
                else:
                    finding = fget(norm_target)
                    if finding is not None:
                        found += 1
                        status, verdict, _, reasons = from_finding(finding)
                    elif n.kind == v_aspects and aspect_marks:
                        key = tuple(aspect_marks)
                        outcome = n.memo.get(key)
                        if outcome is None:
                            labels = [t for k, t, _, _ in n.aspects if k != a_na]
                            outcome = self._outcome(n.runner, labels, aspect_marks)  # type: ignore[arg-type]
                            if len(n.memo) >= _SITE_MEMO_LIMIT:
                                n.memo.clear()
                            n.memo[key] = outcome
                        status, verdict, reasons = outcome
                        rule_id = n.runner.rule.id  # type: ignore[union-attr]
                    elif n.kind == v_measure:
                        status, verdict, rule_id, reasons = self._from_measure(entity, norm_target, n, measures, used)
                    else:
                        status, verdict = not_assessed, None
                        reasons = (new_reason("missing", n.missing[0] + eid + n.missing[1], ()),) if explain else ()
                if n.indicators:
                    reasons = self._indicators(entity, n.indicators, measures, used, reasons)
                row = (norm_target, "norm", status, verdict, points_of[verdict] if verdict is not None else None,
                       rule_id, reasons, verdict, (), n.span)
                if norm_target in special:
                    row = finish(row, overrides, recorded, used)
                    mark = _row_mark(row)
                else:
                    mark = verdict if verdict is not None else _status_mark(status)
                out[at] = row
                norm_marks.append(mark)
                if keep:
                    store[norm_target] = mark  # type: ignore[index]
            # the normenkader's total
            rule_id = None
            if group:
                status, verdict, rule_id, reasons = self._across(entity, nk.across, nk.target, results)  # type: ignore[arg-type]
            elif nk.total is None:
                status, verdict = not_assessed, None
                reasons = (nk.total_missing,) if explain else ()
            else:
                key = tuple(norm_marks)
                outcome = nk.total_memo.get(key)
                if outcome is None:
                    outcome = self._outcome(nk.total, nk.norm_targets, norm_marks)
                    if len(nk.total_memo) >= _SITE_MEMO_LIMIT:
                        nk.total_memo.clear()
                    nk.total_memo[key] = outcome
                status, verdict, reasons = outcome
                rule_id = nk.total.rule.id
            row = (nk.target, "normenkader", status, verdict, points_of[verdict] if verdict is not None else None,
                   rule_id, reasons, verdict, (), nk.span)
            if nk.target in special:
                row = finish(row, overrides, recorded, used)
            append(row)
            if keep:
                store[nk.target] = _row_mark(row)  # type: ignore[index]
        used.findings += found
        return out

    def run_order(self, entity: Entity, rows: list[Any]) -> list[Any]:
        """One entity's rows (in target order, as :meth:`judge` gives them) in the order they are
        computed: each norm after its toetsaspecten."""
        plan = self.plan(entity)
        if plan.order is None or len(plan.order) != len(rows):
            order: list[int] = []
            pending: int | None = None
            for i, row in enumerate(rows):
                level = row[1]
                if level != "aspect" and pending is not None:
                    order.append(pending)
                    pending = None
                if level == "norm":
                    pending = i
                else:
                    order.append(i)
            if pending is not None:
                order.append(pending)
            plan.order = order
        return [rows[i] for i in plan.order]

    def _outcome(self, runner: VerdictRuleRunner, labels: list[str], marks: list[Any]) -> tuple[Status, str | None, tuple[Reason, ...]]:
        """A rule's outcome for inputs labelled and marked; without reasons by its integer kernel."""
        if not self.explain and not runner.by_label and not self.odd:
            status, symbol = runner.decide(marks)
            return status, symbol, ()
        return self._run(runner, list(zip(labels, marks, strict=True)))

    def _run(self, runner: VerdictRuleRunner, items: list[tuple[str, Any]]) -> tuple[Status, str | None, tuple[Reason, ...]]:
        if self.odd:  # a judged finding without a verdict (hand-made evidence): the plain code path
            return _run(runner, items)
        return runner.run(items)

    def _finish(self, row: Row, overrides: Mapping[str, Override] | None, recorded: Mapping[str, list[Recorded]] | None,
                used: Used) -> Row:
        """A row with its override applied and its recorded verdicts attached."""
        target, level, status, verdict, points, rule, reasons, computed, _, span = row
        override = overrides.get(target) if overrides else None
        if override is not None:
            used.overrides += 1
            reason = Reason(
                "override",
                f"override by {override.author}: {override.verdict} replaces the computed "
                f"{computed if computed else status.value.replace('_', ' ')}: {override.justification}",
                (("verdict", override.verdict), ("computed", computed), ("author", override.author),
                 ("justification", override.justification), ("at", override.span)))
            status, verdict, points = JUDGED, override.verdict, self.points[override.verdict]
            reasons = reasons + (reason,) if self.explain else ()
        printed = recorded.get(target) if recorded else None
        if printed:
            used.recorded += len(printed)
        return (target, level, status, verdict, points, rule, reasons, computed, tuple(printed) if printed else (), span)

    def _from_finding(self, finding: Finding) -> tuple[Status, str | None, int | None, tuple[Reason, ...]]:
        verdict = finding.verdict
        reasons: tuple[Reason, ...] = ()
        if self.explain:
            status_text = finding.status
            printed = finding.printed
            note = finding.note
            sources = finding.sources
            text = "finding: " + (verdict if verdict else (status_text or "").replace("_", " "))
            if printed:
                text += f" (printed as {printed})"
            if note:
                text += f": {note}"
            if sources:
                described = []
                as_json = []
                for source in sources:
                    words, data = _citation(source)
                    described.append(words)
                    as_json.append(data)
                text += " [" + "; ".join(described) + "]"
            else:
                as_json = []
            reasons = (_make_reason("finding", text, (
                ("verdict", verdict), ("status", status_text), ("note", note), ("sources", as_json),
                ("at", finding.span))),)
        if verdict is None:
            status = _STATUS_BY_VALUE.get(finding.status) if finding.status.__class__ is str else None  # type: ignore[arg-type]
            if status is None:
                status = Status(finding.status)
            if status is JUDGED:
                self.odd = True
            return status, None, None, reasons
        return JUDGED, verdict, self.points[verdict], reasons

    def _across(self, entity: Entity, runner: VerdictRuleRunner, target: str,
                results: Mapping[str, Mapping[str, Any]]) -> tuple[Status, str | None, str, tuple[Reason, ...]]:
        members = entity.members
        if self._group is not entity:  # the members' results, looked up once per group
            self._group = entity
            self._group_results = [results.get(m) or _EMPTY for m in members]
        marks = [r.get(target, NOT_ASSESSED_MARK) for r in self._group_results]
        if not self.odd and _JUDGED_WITHOUT_VERDICT in marks:
            self.odd = True
        if not self.explain:
            if runner.by_label or self.odd:
                status, symbol, _ = self._run(runner, list(zip(members, marks, strict=True)))
            else:
                status, symbol = runner.decide(marks)
            return status, symbol, runner.rule.id, ()
        status, symbol, reasons = self._run(runner, list(zip(members, marks, strict=True)))
        text = self._members_text.get(entity.id)
        if text is None:
            self._members_text.clear()
            text = self._members_text[entity.id] = f"`{entity.id}` is judged across its members: {', '.join(members)}"
        return status, symbol, runner.rule.id, (_make_reason("members", text, (("members", list(members)),)),) + reasons

    def _from_measure(self, entity: Entity, target: str, n: _NormPlan, measures: Mapping[str, Mapping[str, list[MeasureRecord]]],
                      used: Used) -> tuple[Status, str | None, str | None, tuple[Reason, ...]]:
        measure = n.measure
        rule = n.measure_rule
        assert measure is not None and rule is not None
        # A MeasureRecord has every field of a ValueInput (entity, item, value, n, source): the rule
        # reads the records themselves instead of a copy of each.
        own_records = (measures.get(entity.id) or _EMPTY).get(measure, [])
        groups: dict[str, Sequence[ValueInput]] = {}
        used_records = list(own_records)
        if entity.is_group:
            for member in entity.members:
                records = (measures.get(member) or _EMPTY).get(measure, [])
                if records:
                    groups[member] = list(records)  # type: ignore[arg-type]
                    used_records.extend(records)
        own: list[Any] = list(own_records)
        if not entity.is_group and own:
            groups[entity.id] = own
        if not used_records:
            missing = (Reason("missing", f"no values of measure `{measure}` for `{entity.id}`"
                              + (" or its members" if entity.is_group else "")),) if self.explain else ()
            return NOT_ASSESSED, None, None, missing
        for record in used_records:
            used.measures.add(id(record))
        if not self.explain:
            status, symbol = decide_values(rule, own, groups, self.scale)
            return status, symbol, rule.id, ()
        outcome = apply_value_rule(rule, own, groups, self.scale, measure, explain=self.explain, unit=self.units.get(measure))
        reasons: tuple[Reason, ...] = outcome.reasons
        without = [m for m in entity.members if m not in groups]
        if self.explain and without:
            reasons += (Reason("members", f"left out of `by entity` aggregates, having no values of `{measure}`: "
                               + ", ".join(without), (("without_values", without),)),)
        return outcome.status, outcome.symbol, rule.id, reasons

    def _indicators(self, entity: Entity, indicators: tuple[str, ...], measures: Mapping[str, Mapping[str, list[MeasureRecord]]],
                    used: Used, reasons: tuple[Reason, ...]) -> tuple[Reason, ...]:
        """Measures declared in a norm are indicators: their values stand in the norm's reasons."""
        extra: list[Reason] = []
        for measure in indicators:
            for owner in (entity.id, *entity.members):
                for record in (measures.get(owner) or _EMPTY).get(measure, ()):
                    used.measures.add(id(record))
                    if self.explain:
                        extra.append(value_reason(record, measure, kind="indicator", unit=self.units.get(measure)))  # type: ignore[arg-type]
        return reasons + tuple(extra) if extra else reasons


#: What a row holds: a :class:`~regienorm.judgement.Judgement`'s fields after ``entity``.
ROW_FIELDS = ("target", "level", "status", "verdict", "points", "rule", "reasons", "computed", "recorded", "span")
Row = tuple[str, str, Status, "str | None", "int | None", "str | None", "tuple[Reason, ...]", "str | None",
            "tuple[Recorded, ...]", Any]


def judgements(entity_id: str, rows: Iterable[Any]) -> list[Judgement]:
    """Rows (from :meth:`Engine.judge`) as :class:`~regienorm.judgement.Judgement` objects."""
    make = _make
    return [make(entity_id, target, level, status, verdict, points, rule, reasons, computed, recorded, span)
            for target, level, status, verdict, points, rule, reasons, computed, recorded, span in rows]


def _status_mark(status: Status) -> Any:
    if status is NOT_ASSESSED:
        return NOT_ASSESSED_MARK
    if status is NOT_APPLICABLE:
        return NOT_APPLICABLE_MARK
    return _JUDGED_WITHOUT_VERDICT


def _row_mark(row: Any) -> Any:
    """How an outcome enters a rule: its verdict, or a mark for its status."""
    return row[3] if row[3] is not None else _status_mark(row[2])


def _run(runner: VerdictRuleRunner, items: list[tuple[str, Any]]) -> tuple[Status, str | None, tuple[Reason, ...]]:
    if any(mark is _JUDGED_WITHOUT_VERDICT for _, mark in items):  # hand-made evidence: the plain code path
        inputs = [Input(label, JUDGED, None, None) if mark is _JUDGED_WITHOUT_VERDICT
                  else Input(label, NOT_ASSESSED, None, None) if mark is NOT_ASSESSED_MARK
                  else Input(label, NOT_APPLICABLE, None, None) if mark is NOT_APPLICABLE_MARK
                  else Input(label, JUDGED, mark, runner.points[mark]) for label, mark in items]
        outcome = apply_verdict_rule(runner.rule, inputs, runner.scale, explain=runner.explain)
        return outcome.status, outcome.symbol, outcome.reasons
    return runner.run(items)


def _citation(citation: Any) -> tuple[str, dict[str, object]]:
    """``(citation.describe(), citation.to_json())`` in one pass (the same text and dict)."""
    if citation.__class__ is not Citation:
        return citation.describe(), citation.to_json()
    document, table, page, footnote, line, quote = (citation.document, citation.table, citation.page,
                                                   citation.footnote, citation.line, citation.quote)
    parts = []
    data: dict[str, object] = {}
    if document is not None:
        data["document"] = document
        if document:
            parts.append(document)
    if table is not None:
        data["table"] = table
        if table:
            parts.append(table)
    if page is not None:
        data["page"] = page
        parts.append(f"p. {page}")
    if footnote is not None:
        data["footnote"] = footnote
        if footnote:
            parts.append(f"footnote {footnote}")
    if line is not None:
        data["line"] = line
        parts.append(f"line {line}")
    if quote is not None:
        data["quote"] = quote
    return ", ".join(parts) or "(no source given)", data
