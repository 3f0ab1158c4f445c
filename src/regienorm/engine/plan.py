"""Plans: a framework turned, once per kind of entity, into the steps that judge one.

A kind of entity is its role, the normenkaders it is assessed on, and whether it is a group. Its
plan lists the targets in order, with every text that does not depend on the entity written in
advance (a sentence of :mod:`regienorm.semantics.reasons` split where the entity's id goes) and
the runner of each rule. Judging an entity (:mod:`.judge`) runs its plan over its own records.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from .. import ir
from ..evidence.inputs import measures_read
from ..judgement import Reason
from ..semantics import reasons as say
from .memo import BoundedMemo
from .runner import RuleRunner

#: Outcomes remembered per place (a norm, a normenkader's total), by the marks of its inputs.
SITE_MEMO_LIMIT = 2048


class Template(NamedTuple):
    """A sentence about an entity, split where its id goes."""

    before: str
    after: str

    @classmethod
    def of(cls, sentence: Callable[[str], str]) -> Template:
        before, after = sentence(say.ENTITY).split(say.ENTITY)
        return cls(before, after)

    def say(self, entity: str) -> str:
        return self.before + entity + self.after


# How a toetsaspect is judged (the two from findings first: the engine tests ``kind <= FROM_MEASURE``).
FROM_FINDING, FROM_MEASURE, NOT_APPLICABLE, ACROSS = range(4)
# Where a norm's verdict comes from.
BY_ASPECTS, BY_MEASURE, BY_FINDINGS = range(3)


class AspectStep(NamedTuple):
    kind: int  # FROM_FINDING, FROM_MEASURE, NOT_APPLICABLE or ACROSS
    target: str
    span: Any
    text: Template | Reason | None  # what is said when there is no finding, or why it does not apply


class NormPlan:
    __slots__ = ("target", "span", "applies", "why", "aspects", "kind", "runner", "memo", "measure", "measure_rule",
                 "missing", "indicators", "labels", "rule_id", "steps")

    def __init__(self, target: str, span: Any) -> None:
        self.target = target
        self.span = span
        self.applies = True
        self.why: Template | None = None  # why the norm does not apply
        self.aspects: list[AspectStep] = []
        #: the same steps as plain tuples: the engine unpacks one for every toetsaspect of every entity,
        #: and Python 3.11 unpacks a plain tuple in one step, a named tuple through an iterator
        self.steps: list[tuple[Any, ...]] = []
        self.kind = BY_FINDINGS
        self.runner: RuleRunner | None = None
        self.memo: BoundedMemo[Any] = BoundedMemo(SITE_MEMO_LIMIT)  # outcomes by the aspects' marks
        self.measure: str | None = None
        self.measure_rule: ir.Rule | None = None
        self.missing: Template | None = None
        self.indicators: tuple[str, ...] = ()
        self.labels: list[str] = []  # the toetsaspecten that apply: the inputs of the norm's rule
        self.rule_id: str | None = None  # the rule that judges it from its toetsaspecten


class GroupPlan:
    """A group of norms and groups: judged by its rule from its children's marks, after them."""

    __slots__ = ("target", "span", "children", "runner", "memo", "rule_id", "missing")

    def __init__(self, target: str, span: Any, children: list[str], runner: RuleRunner | None, rule_id: str | None) -> None:
        self.target = target
        self.span = span
        self.children = children  # the targets directly inside it: the inputs of its rule
        self.runner = runner
        self.memo: BoundedMemo[Any] = BoundedMemo(SITE_MEMO_LIMIT)
        self.rule_id = rule_id
        self.missing = say.no_group_rule(target)


class NormenkaderPlan:
    __slots__ = ("target", "span", "group", "keep", "norms", "norm_targets", "total", "total_memo", "total_missing", "across",
                 "groups", "total_targets")

    def __init__(self, nk: ir.Normenkader, is_group: bool) -> None:
        self.target = nk.id
        self.span = nk.span
        self.group = is_group and nk.across is not None  # judged across its members
        self.keep = nk.across is not None  # groups judge across this normenkader: members' results are kept
        self.norms: list[NormPlan] = []
        self.norm_targets: list[str] = []
        self.total: RuleRunner | None = None
        self.total_memo: BoundedMemo[Any] = BoundedMemo(SITE_MEMO_LIMIT)  # outcomes by the norms' marks
        self.total_missing = say.no_total(nk)
        self.across: RuleRunner | None = None
        self.groups: list[GroupPlan] = []  # each after the groups inside it
        self.total_targets: list[str] = []  # the total's inputs: the norms, or the nodes directly inside

class NotApplicableNormenkader(NamedTuple):
    """A normenkader that does not apply to the entity's role."""

    target: str
    span: Any
    why: Template
    keep: bool


class Plan:
    __slots__ = ("steps", "order")

    def __init__(self, steps: list[NormenkaderPlan | NotApplicableNormenkader]) -> None:
        self.steps = steps
        self.order: list[int] | None = None  # run order -> target order, computed on first use


def aspect_ids(norm: ir.Norm) -> list[str]:
    """A norm's toetsaspecten, each once (a toetsaspect may be declared per role)."""
    return list(dict.fromkeys(a.id for a in norm.aspects))


def build(framework: ir.Framework, role: str, selected: tuple[str, ...] | None, is_group: bool,
          runner: Callable[..., RuleRunner]) -> Plan:
    """The plan for entities of a role, assessed on ``selected`` normenkaders (None: all)."""
    steps: list[NormenkaderPlan | NotApplicableNormenkader] = []
    indicators: dict[str, list[str]] = {}
    for read in measures_read(framework, role, selected, is_group):
        if not read.judged_on:
            indicators.setdefault(read.target, []).append(read.measure)
    for nk in framework.normenkaders:
        if selected is not None and nk.id not in selected:
            continue
        if not nk.applies_to(role):
            if selected is None:
                why = Template.of(lambda e, nk=nk: say.normenkader_not_applicable(nk, e, role))  # type: ignore[misc]
                steps.append(NotApplicableNormenkader(nk.id, nk.span, why, nk.across is not None))
            continue
        steps.append(_normenkader(nk, role, is_group, runner, indicators))
    return Plan(steps)


def _normenkader(nk: ir.Normenkader, role: str, is_group: bool, runner: Callable[..., RuleRunner],
                 indicators: dict[str, list[str]]) -> NormenkaderPlan:
    p = NormenkaderPlan(nk, is_group)
    p.across = runner(nk.across, members=True) if nk.across is not None else None
    p.total = runner(nk.total) if nk.total is not None else None
    for norm in nk.norms:
        p.norms.append(_norm(nk, norm, role, p.group, runner, tuple(indicators.get(f"{nk.id}.{norm.id}", ()))))
    p.norm_targets = [n.target for n in p.norms]
    for g in nk.groups:
        p.groups.append(GroupPlan(f"{nk.id}.{g.id}", g.span, [f"{nk.id}.{c}" for c in g.children],
                                  runner(g.rule) if g.rule is not None else None, g.rule.id if g.rule is not None else None))
    p.total_targets = [f"{nk.id}.{c}" for c in nk.top] if nk.groups else p.norm_targets
    return p


def _norm(nk: ir.Normenkader, norm: ir.Norm, role: str, group: bool, runner: Callable[..., RuleRunner],
          indicators: tuple[str, ...]) -> NormPlan:
    target = f"{nk.id}.{norm.id}"
    n = NormPlan(target, norm.span)
    verdict = norm.verdict
    judged_on = verdict.measure if isinstance(verdict, ir.FromMeasure) else None
    n.indicators = indicators  # evidence.inputs.measures_read: what the evidence check expects read
    n.applies = norm.applies_to(role)
    if not n.applies:
        n.why = Template.of(lambda e: say.norm_not_applicable(target, norm, e, role))
        n.aspects = [AspectStep(NOT_APPLICABLE, f"{target}.{a}", norm.span, None) for a in aspect_ids(norm)]
        return n
    n.aspects = [_aspect(norm, target, a, role, group, judged_on) for a in aspect_ids(norm)]
    n.labels = [step.target for step in n.aspects if step.kind != NOT_APPLICABLE]
    n.steps = [tuple(a) for a in n.aspects]
    if isinstance(verdict, ir.FromAspects):
        n.kind = BY_ASPECTS
        n.runner = runner(verdict.rule)
        n.rule_id = verdict.rule.id
        n.missing = Template.of(lambda e: say.no_finding(target, e, level="norm", role=role))
    elif isinstance(verdict, ir.FromMeasure):
        n.kind = BY_MEASURE
        n.measure, n.measure_rule = verdict.measure, verdict.rule
        n.missing = Template.of(lambda e: say.no_finding(target, e, level="norm"))
    else:
        n.kind = BY_FINDINGS
        n.missing = Template.of(lambda e: say.no_finding(target, e, level="norm"))
    return n


def _aspect(norm: ir.Norm, norm_target: str, aspect_id: str, role: str, group: bool, judged_on: str | None) -> AspectStep:
    target = f"{norm_target}.{aspect_id}"
    aspect = next((a for a in norm.aspects if a.id == aspect_id and a.applies_to(role)), None)
    if aspect is None:
        declared = next(a for a in norm.aspects if a.id == aspect_id)
        return AspectStep(NOT_APPLICABLE, target, norm.span,
                          Template.of(lambda e: say.aspect_not_applicable(target, declared, e, role)))
    if group:
        return AspectStep(ACROSS, target, aspect.span, None)
    if judged_on is not None:
        return AspectStep(FROM_MEASURE, target, aspect.span, say.aspect_of_measured_norm(norm_target, judged_on))
    return AspectStep(FROM_FINDING, target, aspect.span, Template.of(lambda e: say.no_finding(target, e, level="toetsaspect")))
