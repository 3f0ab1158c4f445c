"""The smallest sets of findings that move a verdict: a search over the judged parts, by the rules.

A judgement computed by a rule on verdicts is a function of its inputs, and each input is a
finding (a leaf: any verdict of the scale, one change) or a judgement computed in turn from its own
inputs. The inputs of one judgement rest on findings of their own (the aspects of different norms,
the norms of one normenkader, the members of a group are disjoint), so the fewest findings that
make a judgement give a verdict ``v`` are, over every assignment of verdicts to its inputs that
gives ``v`` by :func:`regienorm.semantics.rules.apply_verdict_rule`, the least sum of the fewest
findings that give each input its assigned verdict. That is computed bottom-up, each judgement
and verdict once, and exactly: assignments are tried by the number of inputs they change, and the
search stops once no larger number can cost less (every change costs at least one finding).

Where a rule is monotone (:func:`~regienorm.semantics.rules.is_monotone`), a better verdict is
sought among better inputs only (and a worse among worse): any set that also worsens an input
contains a smaller one that does not. Everything is counted against a budget of rule
evaluations; a search that runs out says so (``exact`` False) and what it had searched.

What is not searched: a verdict an override sets (no finding changes it), rules on measure values
and decisions (their parts stay as they are; said in ``fixed``), and a judgement whose reasons
were not kept (``evaluate(..., reasons=False)``).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from fractions import Fraction
from typing import Any

import attrs

from .. import ir
from ..alternatives import rule_inputs, rules_by_id
from ..judgement import Assessment, Judgement, Status
from ..semantics.reasons import fmt
from ..semantics.rules import Input, apply_verdict_rule, is_monotone
from .values import value_options

#: Rule evaluations one question may make before it says that its answer is bounded.
BUDGET = 200_000
#: Sets of changes kept per judgement and verdict (their number is counted exactly all the same).
LIMIT = 12


@attrs.frozen
class Change:
    """One finding changed: ``entity`` at ``target`` given ``after`` instead of ``before`` (None: no
    verdict now). With ``measure``: one value of that measure (its record's ``item``) read by the
    rule at ``target``, ``after`` instead of ``before`` (``new`` and ``old`` exactly)."""

    entity: str
    target: str
    before: str | None
    after: str
    measure: str | None = None
    item: str | None = None
    old: Fraction | None = attrs.field(default=None, eq=False, repr=False)
    new: Fraction | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen
class Reach:
    """The fewest findings (``cost``) that give a judgement one verdict; ``count`` sets of that size,
    the first ``plans`` of them (at most :data:`LIMIT`)."""

    cost: int
    count: int
    plans: tuple[tuple[Change, ...], ...]


_AS_NOW = Reach(0, 1, ((),))


class Search:
    """One framework's assessment, searched: :meth:`reach` per judgement, memoised."""

    def __init__(self, framework: ir.Framework, assessment: Assessment, *, budget: int = BUDGET, limit: int = LIMIT) -> None:
        self.scale = framework.scale
        scales = framework.every_scale()
        self.points = {v.symbol: v.points for scale in scales for v in scale.values}
        #: how good each symbol is on its own scale (by points, and where points are shared by the
        #: order written): what "better" and "worse" compare; verdicts of one judgement share a scale
        self.order = {v.symbol: scale.rank(v.symbol) for scale in scales for v in scale.values}
        self.several = bool(framework.scales)
        self.rules = rules_by_id(framework)
        self.by_key = {(j.entity, j.target): j for j in assessment.judgements}
        self.targets = framework.targets()
        self.roles = {eid: role for eid, _, role in assessment.entities}
        self.budget = budget
        self.limit = limit
        self.evaluations = 0
        self.exhausted = False
        self.fixed: dict[tuple[str, str], str] = {}  # parts that cannot change, and why
        self.framework = framework
        self.values: dict[tuple[str, str], dict[str | None, Reach]] = {}  # rules on values: single changes found
        self.bounds: set[tuple[str, str, str, str]] = set()  # what the searches of values covered (values.Bound)
        self._memo: dict[tuple[str, str], dict[str | None, Reach]] = {}

    # ------------------------------------------------------------------ what a judgement can become
    def reach(self, j: Judgement) -> dict[str | None, Reach]:
        """Every verdict ``j`` can be given (its own as it is, at no cost), with the fewest findings."""
        key = (j.entity, j.target)
        if key not in self._memo:
            self._memo[key] = self._reach(j)
        return self._memo[key]

    def _reach(self, j: Judgement) -> dict[str | None, Reach]:
        now: dict[str | None, Reach] = {j.verdict: _AS_NOW}
        why = self.why_fixed(j)
        if why is not None:
            if why:
                self.fixed[(j.entity, j.target)] = why
            return now
        if self.is_leaf(j):
            for symbol in self._leaf_symbols(j):
                if symbol != j.verdict:
                    now[symbol] = Reach(1, 1, ((Change(j.entity, j.target, j.verdict, symbol),),))
            return now
        rule = self.rules[str(j.rule)]
        if rule.on_values:
            now.update(self.values[(j.entity, j.target)])
            return now
        rule, inputs, options = self.parts(j)
        others = len(self.framework.scale_named(rule.yields).values) - (j.verdict is not None)
        found = self.assignments(rule, inputs, options, lambda outcome: outcome if outcome != j.verdict else None, others)
        now.update(found)
        return now

    def why_fixed(self, j: Judgement) -> str | None:
        """Why no finding can change ``j`` ("" for a part that is simply not judged here); None when one can."""
        if j.overridden:
            return "an override sets this verdict"
        if j.value is not None or type(j).__name__ == "ValueJudgement":
            return "a decision's value"
        if self.is_leaf(j):
            return None
        rule = self.rules.get(j.rule or "")
        if rule is None or not j.reasons:
            return "its reasons were not kept" if rule is not None else ""
        if rule.on_values:
            return self._values(j, rule)
        if not rule_inputs(j):
            return ""
        # a safeguard, not counted against the budget: the search starts where the engine ended
        if apply_verdict_rule(rule, self.inputs(j), self.framework.input_scale(rule)[0], explain=False).symbol != j.verdict:
            return "its inputs could not be read back from its reasons"
        return None

    def _values(self, j: Judgement, rule: ir.Rule) -> str | None:
        """Search the single value changes of a rule on values (:mod:`.values`), kept for :meth:`_reach`."""
        key = (j.entity, j.target)
        if key not in self.values:
            target = self.targets.get(j.target)
            norm = target.norm if target is not None else None
            measure_id = norm.verdict.measure if norm is not None and isinstance(norm.verdict, ir.FromMeasure) else None
            measure = self.framework.measure(measure_id) if measure_id else None
            found = value_options(j, rule, measure, self.scale, self._count)
            if found is None:
                return "its measure values could not be read back from its reasons"
            options, bound = found
            self.bounds.add(bound)
            self.values[key] = {
                symbol: Reach(1, len(changes), tuple(
                    (Change(r.entity, j.target, fmt(r.value), fmt(v), measure_id or "value", r.item, r.value, v),)
                    for r, v in changes[:self.limit]))
                for symbol, changes in options.items()}
        return None

    def _leaf_symbols(self, j: Judgement) -> list[str]:
        """The verdicts a finding at ``j`` can give: those of the scale its findings are on."""
        if not self.several:
            return list(self.points)
        target = self.targets.get(j.target)
        return list(self.framework.scale_named(target.norm.findings if target and target.norm else None).symbols())

    def _count(self) -> bool:
        if self.evaluations >= self.budget:
            self.exhausted = True
            return False
        self.evaluations += 1
        return True

    @staticmethod
    def is_leaf(j: Judgement) -> bool:
        """A judgement a finding gives (or would give, had the evidence one): no rule computes it."""
        return j.rule is None and j.level != "normenkader" and any(r.kind in ("finding", "missing") for r in j.reasons) \
            and not any(r.kind == "not_applicable" for r in j.reasons)

    def child(self, j: Judgement, label: str) -> Judgement | None:
        members = any(r.kind == "members" for r in j.reasons)
        return self.by_key.get((label, j.target) if members else (j.entity, label))

    def inputs(self, j: Judgement) -> list[Input]:
        """The rule's inputs as its reasons list them; where a ``propagate`` policy stopped the rule
        at the first input not assessed (its reasons list no more), the rest from the framework:
        a group's members, a norm's toetsaspecten for the entity's role, a normenkader's norms."""
        rule = self.rules.get(j.rule or "")
        maxima = self.framework.input_scale(rule)[1] if rule is not None else None
        listed = rule_inputs(j, maxima)
        if not any(r.kind == "policy" and dict(r.data).get("policy") == "propagate" for r in j.reasons):
            return listed
        members = next((dict(r.data).get("members") for r in j.reasons if r.kind == "members"), None)
        target = self.targets.get(j.target)
        if members:
            labels = list(members)
        elif target is None:  # a node of a tree the targets do not name: its inputs as listed (the safeguard checks them)
            return listed
        elif target.norm is not None:
            labels = [f"{j.target}.{a.id}" for a in target.norm.aspects_for(self.roles.get(j.entity, ""))]
        else:
            labels = [f"{j.target}.{n.id}" for n in target.normenkader.norms]
        out = list(listed)
        for label in labels[len(listed):]:
            child = self.child(j, label)
            top = maxima.get(child.verdict) if maxima is not None and child is not None and child.verdict else None
            out.append(Input(label, child.status, child.verdict, child.points, top) if child is not None
                       else Input(label, Status.NOT_APPLICABLE, None, None))
        return out

    def parts(self, j: Judgement) -> tuple[ir.Rule, list[Input], list[dict[str | None, Reach]]]:
        rule = self.rules[str(j.rule)]
        inputs = self.inputs(j)
        options = []
        for item in inputs:
            child = self.child(j, item.label)
            options.append(self.reach(child) if child is not None else {item.symbol: _AS_NOW})
        return rule, inputs, options

    # ------------------------------------------------------------------ the search over one rule's inputs
    def outcome(self, rule: ir.Rule, inputs: list[Input]) -> str | None:
        self.evaluations += 1
        return apply_verdict_rule(rule, inputs, self.framework.input_scale(rule)[0], explain=False).symbol

    def assignments(self, rule: ir.Rule, inputs: list[Input], options: list[dict[str | None, Reach]],
                    classify: Callable[[str | None], Any], classes: int | None) -> dict[Any, Reach]:
        """For each class ``classify`` puts an outcome in (None: not wanted), the fewest findings
        that give the rule an outcome of that class, over every assignment of verdicts to its inputs.

        Assignments are tried by how many inputs they change; as every change costs at least one
        finding, none changing more than ``c`` inputs costs ``c`` or less, so the search stops past
        the dearest class once all ``classes`` are found (``classes`` None: past the cheapest, which
        is all that is asked then)."""
        changes = [[(v, r) for v, r in opts.items() if v != item.symbol and v is not None]
                   for item, opts in zip(inputs, options, strict=True)]
        movable = [i for i, c in enumerate(changes) if c]
        best: dict[Any, list[Any]] = {}  # class -> [cost, count, plans]

        def bound() -> int | None:
            if not best:
                return None
            if classes is None:
                return min(b[0] for b in best.values())
            return max(b[0] for b in best.values()) if len(best) >= classes else None

        for m in range(1, len(movable) + 1):
            limit = bound()
            if limit is not None and m > limit:
                break
            for chosen in itertools.combinations(movable, m):
                for picks in itertools.product(*(changes[i] for i in chosen)):
                    cost = sum(r.cost for _, r in picks)
                    limit = bound()
                    if limit is not None and cost > limit:
                        continue
                    if self.evaluations >= self.budget:
                        self.exhausted = True
                        return self._reaches(best)
                    trial = list(inputs)
                    maxima = self.framework.input_scale(rule)[1]
                    for i, (v, _) in zip(chosen, picks, strict=True):
                        trial[i] = Input(inputs[i].label, Status.JUDGED, v, self.points[v], maxima[v] if maxima else None)
                    cls = classify(self.outcome(rule, trial))
                    if cls is None:
                        continue
                    entry = best.get(cls)
                    if entry is not None and cost > entry[0]:
                        continue
                    if entry is None or cost < entry[0]:
                        entry = best[cls] = [cost, 0, []]
                    count = 1
                    for _, r in picks:
                        count *= r.count
                    entry[1] += count
                    if len(entry[2]) < self.limit:
                        entry[2].extend(itertools.islice(_joined([r.plans for _, r in picks]), self.limit - len(entry[2])))
        return self._reaches(best)

    @staticmethod
    def _reaches(best: dict[Any, list[Any]]) -> dict[Any, Reach]:
        return {cls: Reach(cost, count, tuple(plans)) for cls, (cost, count, plans) in best.items()}

    # ------------------------------------------------------------------ one step up, one step down
    def step(self, j: Judgement, direction: int) -> tuple[Reach | None, list[tuple[tuple[Change, ...], str | None]]]:
        """The fewest findings that give ``j`` a better verdict (``direction`` 1) or a worse (-1), and
        the smallest of those sets (none moving a finding further than another set of the same
        findings does) with the verdict each gives."""
        assert j.verdict is not None
        here = self.order[j.verdict]

        def better(symbol: str | None) -> bool:
            return symbol is not None and (self.order[symbol] - here) * direction > 0

        if self.is_leaf(j) or self.rules[str(j.rule)].on_values:
            return self._settle({s: r for s, r in self.reach(j).items() if better(s)})
        rule, inputs, options = self.parts(j)
        kept = sum(1 for i in inputs if i.status is Status.JUDGED)
        if is_monotone(rule, len(inputs), self.framework.input_scale(rule)[0], self.framework.scale_named(rule.yields)) \
                and kept == len(inputs):
            # better inputs only (or worse): a set that also moves an input the other way holds one that does not
            options = [{v: r for v, r in opts.items()
                        if v is None or item.symbol is None or (self.order[v] - self.order[item.symbol]) * direction >= 0}
                       for item, opts in zip(inputs, options, strict=True)]
        found = self.assignments(rule, inputs, options, lambda outcome: outcome if better(outcome) else None, None)
        return self._settle(found)

    def _settle(self, found: dict[Any, Reach]) -> tuple[Reach | None, list[tuple[tuple[Change, ...], str | None]]]:
        if not found:
            return None, []
        cost = min(r.cost for r in found.values())
        plans = [(plan, symbol) for symbol, r in found.items() if r.cost == cost for plan in r.plans]
        count = sum(r.count for r in found.values() if r.cost == cost)
        kept = [(plan, symbol) for plan, symbol in plans
                if not any(other is not plan and dominates(other, plan, self.order) for other, _ in plans)]
        kept.sort(key=lambda item: [(c.entity, c.target, c.after) for c in item[0]])
        # every set of this size listed: count those left after the larger moves went; else all of them
        return Reach(cost, len(kept) if count == len(plans) else count, tuple(p for p, _ in kept)), kept


def dominates(smaller: tuple[Change, ...], larger: tuple[Change, ...], points: dict[str, int]) -> bool:
    """True when ``smaller`` changes the same findings as ``larger``, none further and one less far:
    the smaller move already does what the larger does."""
    if smaller == larger or len(smaller) != len(larger):
        return False
    mine = {(c.entity, c.target, c.measure, c.item): c for c in smaller}
    if set(mine) != {(c.entity, c.target, c.measure, c.item) for c in larger}:
        return False
    for c in larger:
        s = mine[(c.entity, c.target, c.measure, c.item)]
        if c.measure is not None or s.measure is not None:  # a value: the same record, moved less far the same way
            if (s.measure, s.item, s.old) != (c.measure, c.item, c.old) or c.old is None or s.new is None or c.new is None:
                return False
            if not (min(c.old, c.new) <= s.new <= max(c.old, c.new)):
                return False
            continue
        if c.before is None:
            if s.after != c.after:
                return False
            continue
        low, high = sorted((points[c.before], points[c.after]))
        if not low <= points[s.after] <= high:
            return False
    return True


def _joined(parts: list[tuple[tuple[Change, ...], ...]]) -> Iterator[tuple[Change, ...]]:
    for combination in itertools.product(*parts):
        yield tuple(c for plan in combination for c in plan)
