"""A rule on verdicts, applied fast: :func:`regienorm.semantics.rules.apply_verdict_rule` with its
pieces memoised and, without reasons, decided in integers.

The outcome of a rule is a pure function of its inputs, so the pieces of an outcome (the rule's
reason, one reason per input, the policy reasons, the arithmetic) are built once and shared:
:meth:`RuleRunner.run` returns exactly what the semantics returns for the same inputs (the reasons
are equal objects, often the same ones). Every memo is bounded and belongs to its runner.

Inputs are *marks*: a judged input is marked by its symbol (its points are the scale's points for
that symbol); :data:`NOT_ASSESSED_MARK` and :data:`NOT_APPLICABLE_MARK` mark the outcomes outside
the scale, and :data:`JUDGED_WITHOUT_VERDICT` a judged input that has no verdict (only hand-made
evidence has one: such inputs are judged by the semantics itself).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any, NamedTuple

from .. import ir
from ..judgement import Reason, Status
from ..semantics import reasons as say
from ..semantics.rules import Input, apply_verdict_rule, decide, policy_for, status_without_inputs
from .fast.kernels import kernel, points_by_symbol
from .memo import BoundedMemo

NOT_ASSESSED_MARK = 0
NOT_APPLICABLE_MARK = 1
JUDGED_WITHOUT_VERDICT = 2
_STATUS_OF_MARK = {NOT_ASSESSED_MARK: Status.NOT_ASSESSED, NOT_APPLICABLE_MARK: Status.NOT_APPLICABLE}
_BY_SEMANTICS = object()  # what an input judged without a verdict asks for: the semantics judges it
_SKIP = object()  # an input the rule's policy leaves out
_PROPAGATE = object()  # an input whose policy makes the verdict not assessed
_NO_VERDICT = (Status.NOT_ASSESSED, None)

_TAIL_LIMIT = 4096  # outcomes by kept symbols
#: Input and policy reasons by (label, mark). Labels are targets (as many as the framework has) or,
#: across entities, a group's members (they come and go: a small memo, refilled per group).
_REASON_LIMIT = 32_768
_MEMBER_REASON_LIMIT = 2048

Outcome = tuple[Status, "str | None", tuple[Reason, ...]]


class CategoryMark(NamedTuple):
    """The mark of a finding that gives one of the framework's outcome categories (``notchecked``),
    made only where a rule of the framework treats categories apart (``on "notchecked" skip``):
    ``base`` is the mark of what the category means (a symbol, or a status mark). A rule given one
    is judged by the semantics itself, which reads the category."""

    category: str
    base: Any


def mark(status: Status, verdict: str | None) -> Any:
    """How an outcome enters a rule: its verdict, or a mark for its status."""
    if verdict is not None:
        return verdict
    if status is Status.NOT_ASSESSED:
        return NOT_ASSESSED_MARK
    if status is Status.NOT_APPLICABLE:
        return NOT_APPLICABLE_MARK
    return JUDGED_WITHOUT_VERDICT


class RuleRunner:
    """One rule on verdicts, for one engine: ``decide`` (no reasons) and ``run`` (with them if the
    engine explains). ``members``: the rule judges groups across their members; ``categories``: its
    inputs may be :class:`CategoryMark` s (the framework has rules that treat categories apart)."""

    @classmethod
    def of(cls, framework: ir.Framework, rule: ir.Rule, explain: bool, **options: Any) -> RuleRunner:
        """The runner of ``rule`` on the scale(s) its inputs are on (``rule.reads``; none: the
        framework's scale)."""
        reads = tuple(framework.scale_named(name) for name in rule.reads)
        scale = reads[0] if len(reads) == 1 else framework.scale
        if len(reads) > 1 and isinstance(rule.body, ir.Table):  # its conditions name verdicts of every input scale
            scale = ir.Scale.joined(framework.scale.name, reads)
        return cls(rule, scale, explain, inputs=reads if len(reads) > 1 else (), **options)

    def __init__(self, rule: ir.Rule, scale: ir.Scale, explain: bool, *, members: bool = False, targets: int = 0,
                 inputs: tuple[ir.Scale, ...] = (), categories: bool = False) -> None:
        """``scale``: the scale of the rule's inputs; ``inputs``: the scales, when they are several
        (each input then counts on its own scale's maximum)."""
        self.rule = rule
        self.scale = scale
        self.explain = explain
        self.points = points_by_symbol(*inputs) if inputs else points_by_symbol(scale)
        #: each symbol's own scale's maximum, when the inputs are on several scales
        self.maxima = {s: i.max_points for i in inputs for s in points_by_symbol(i)} if inputs else None
        self.scale_names = {s: i.name for i in inputs for s in points_by_symbol(i)} if inputs else None
        self.rule_reason = say.rule_reason(rule) if explain else None
        self.by_label = isinstance(rule.body, ir.Weighted)  # only weights look at the labels
        self._tails: BoundedMemo[tuple[Status, str | None, Reason | None]] = BoundedMemo(_TAIL_LIMIT)
        limit = _MEMBER_REASON_LIMIT if members else max(_REASON_LIMIT, 4 * targets)
        self._entries: BoundedMemo[tuple[Reason, ...]] = BoundedMemo(limit)
        own = None
        if self.maxima is not None and all(self.maxima.values()):  # a maximum of 0: the semantics says which
            own = {s: Fraction(p) / self.maxima[s] for s, p in self.points.items()}
        self._kernel = kernel(rule, scale, own) if self.maxima is None or own is not None else None
        skips = rule.not_assessed is ir.Policy.SKIP and rule.not_applicable is ir.Policy.SKIP
        #: the kernel when both policies skip: then deciding is keeping the judged and counting
        self._skipping_kernel = self._kernel if skips else None
        #: what the rule's policies make of an input marked outside the scale, decided once
        self._policy_mark = {m: _policy_mark(rule, status, scale) for m, status in _STATUS_OF_MARK.items()}
        self._policy_mark[JUDGED_WITHOUT_VERDICT] = _BY_SEMANTICS
        #: the inputs the semantics computes with when labels do not count, one per symbol (immutable)
        self._judged = {s: self._input("", s) for s in self.points}
        if categories:  # inputs may be outcome categories: those outcomes are the semantics' to decide
            self.decide = self._decide_categories  # type: ignore[method-assign]
            self.run = self._run_categories  # type: ignore[method-assign]

    def _decide_categories(self, marks: Sequence[Any]) -> tuple[Status, str | None]:
        if any(m.__class__ is CategoryMark for m in marks):
            status, symbol, _ = self._run_categories([("", m) for m in marks])
            return status, symbol
        return RuleRunner.decide(self, marks)

    def _run_categories(self, items: Sequence[tuple[str, Any]]) -> Outcome:
        if any(m.__class__ is CategoryMark for _, m in items):
            outcome = apply_verdict_rule(self.rule, [self._input(label, m) for label, m in items], self.scale,
                                         explain=self.explain)
            return outcome.status, outcome.symbol, outcome.reasons
        return RuleRunner.run(self, items)

    def decide(self, marks: Sequence[Any]) -> tuple[Status, str | None]:
        """(status, symbol) for inputs given by their marks alone, without reasons (not for rules
        that look at labels: ``weighted``)."""
        fast = self._skipping_kernel
        if fast is not None:  # the common case, in short: keep the judged, decide
            kept: list[Any] = [m for m in marks if m.__class__ is str]
            if kept and (len(kept) == len(marks) or JUDGED_WITHOUT_VERDICT not in marks):
                symbol = fast(kept, self.points)
                return _NO_VERDICT if symbol is None else (Status.JUDGED, symbol)
        kernel = self._kernel
        if kernel is None or JUDGED_WITHOUT_VERDICT in marks:  # the semantics decides
            status, symbol, _ = self.run([("", m) for m in marks])
            return status, symbol
        if fast is None:  # the rule's policies applied, as run() applies them (see _policy_mark)
            kept, policy_mark = [], self._policy_mark
            for m in marks:
                if m.__class__ is not str:
                    m = policy_mark[m]
                    if m is _SKIP:
                        continue
                    if m is _PROPAGATE:
                        return _NO_VERDICT
                kept.append(m)
        if not kept:
            return status_without_inputs([_STATUS_OF_MARK[m] for m in marks]), None
        symbol = kernel(kept, self.points)
        return _NO_VERDICT if symbol is None else (Status.JUDGED, symbol)

    def run(self, items: Sequence[tuple[str, Any]]) -> Outcome:
        """(status, symbol, reasons) for inputs given as (label, mark)."""
        explain = self.explain
        reasons: list[Reason] = [self.rule_reason] if explain else []  # type: ignore[list-item]
        kept: list[Any] = []
        # read once, not per input: with reasons this loop runs for every input of every rule
        policy_mark, by_label, entries, known = self._policy_mark, self.by_label, self._entries, self._entries.entries
        for item in items:
            if explain:  # the input's reasons: its outcome, and what the rule's policy did with it
                reasons += known.get(item) or entries.put(item, self._entry(item))
            m = item[1]
            if m.__class__ is not str:
                m = policy_mark[m]
                if m is _SKIP:
                    continue
                if m is _PROPAGATE:  # the verdict is not assessed: the policy's reason said so
                    return Status.NOT_ASSESSED, None, tuple(reasons)
                if m is _BY_SEMANTICS:  # an input judged without a verdict: the semantics itself decides
                    outcome = apply_verdict_rule(self.rule, [self._input(label, m) for label, m in items], self.scale,
                                                 explain=explain)
                    return outcome.status, outcome.symbol, outcome.reasons
            kept.append((item[0], m) if by_label else m)
        if not kept:
            if explain:
                reasons.append(say.no_inputs_reason(bool(items)))
            return status_without_inputs([_STATUS_OF_MARK[m] for _, m in items]), None, tuple(reasons)
        status, symbol, last = self._tail(kept)
        if not explain:
            return status, symbol, ()
        reasons.append(last)  # type: ignore[arg-type]
        return status, symbol, tuple(reasons)

    # ------------------------------------------------------------------ the pieces
    def _tail(self, kept: list[Any]) -> tuple[Status, str | None, Reason | None]:
        """The outcome and arithmetic of the kept inputs, by the semantics, remembered."""
        key = tuple(kept)
        tail = self._tails.entries.get(key)
        if tail is None:
            if self.by_label:
                inputs = [self._input(label, s) for label, s in kept]
            else:
                judged = self._judged
                inputs = [judged[s] for s in kept]
            tail = self._tails.put(key, decide(self.rule.body, inputs, self.scale, self.explain))
        return tail

    def _input(self, label: str, m: Any) -> Input:
        if m.__class__ is CategoryMark:
            base = self._input(label, m.base)
            return base._replace(category=m.category)
        if m.__class__ is str:
            if self.maxima is not None:
                return Input(label, Status.JUDGED, m, self.points[m], self.maxima[m],
                             scale=self.scale_names[m])  # type: ignore[index]
            return Input(label, Status.JUDGED, m, self.points[m])
        if m is JUDGED_WITHOUT_VERDICT:
            return Input(label, Status.JUDGED, None, None)
        return Input(label, _STATUS_OF_MARK[m], None, None)

    def _entry(self, item: tuple[str, Any]) -> tuple[Reason, ...]:
        """The reasons of one input: its outcome, and what the rule's policy did with it."""
        label, m = item
        if m.__class__ is str:
            return (say.input_reason(label, Status.JUDGED, m, self.points[m]),)
        if m is JUDGED_WITHOUT_VERDICT:
            return (say.input_reason(label, Status.JUDGED, None, None),)
        status = _STATUS_OF_MARK[m]
        return (say.input_reason(label, status, None, None),
                say.policy_reason(label, status, policy_for(self.rule, status), self.scale))


def _policy_mark(rule: ir.Rule, status: Status, scale: ir.Scale) -> Any:
    """What the rule's policy (:func:`~regienorm.semantics.rules.policy_for`) for inputs of
    ``status`` makes of one: the lowest symbol (``lowest``), :data:`_SKIP` or :data:`_PROPAGATE`."""
    policy = policy_for(rule, status)
    if policy is ir.Policy.LOWEST:
        return scale.lowest.symbol
    return _SKIP if policy is ir.Policy.SKIP else _PROPAGATE
