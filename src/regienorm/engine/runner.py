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
from typing import Any

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
_BY_SEMANTICS = object()  # what _keep says of inputs only the semantics may judge

_TAIL_LIMIT = 4096  # outcomes by kept symbols
#: Input and policy reasons by (label, mark). Labels are targets (as many as the framework has) or,
#: across entities, a group's members (they come and go: a small memo, refilled per group).
_REASON_LIMIT = 32_768
_MEMBER_REASON_LIMIT = 2048

Outcome = tuple[Status, "str | None", tuple[Reason, ...]]


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
    engine explains). ``members``: the rule judges groups across their members."""

    def __init__(self, rule: ir.Rule, scale: ir.Scale, explain: bool, *, members: bool = False, targets: int = 0) -> None:
        self.rule = rule
        self.scale = scale
        self.explain = explain
        self.points = points_by_symbol(scale)
        self.rule_reason = say.rule_reason(rule) if explain else None
        self.by_label = isinstance(rule.body, ir.Weighted)  # only weights look at the labels
        self._lowest = scale.lowest.symbol
        self._tails: BoundedMemo[tuple[Status, str | None, Reason | None]] = BoundedMemo(_TAIL_LIMIT)
        limit = _MEMBER_REASON_LIMIT if members else max(_REASON_LIMIT, 4 * targets)
        self._entries: BoundedMemo[tuple[Reason, ...]] = BoundedMemo(limit)
        self._kernel = kernel(rule, scale)
        self._skips = rule.not_assessed is ir.Policy.SKIP and rule.not_applicable is ir.Policy.SKIP

    def decide(self, marks: Sequence[Any]) -> tuple[Status, str | None]:
        """(status, symbol) for inputs given by their marks alone, without reasons (not for rules
        that look at labels: ``weighted``)."""
        kernel = self._kernel
        if kernel is not None and self._skips:  # the common case, in short: keep the judged, decide
            kept = [m for m in marks if m.__class__ is str]
            if len(kept) == len(marks) or JUDGED_WITHOUT_VERDICT not in marks:
                return self._kernel_outcome(kept, marks)
        if kernel is None or JUDGED_WITHOUT_VERDICT in marks:
            status, symbol, _ = self.run([("", m) for m in marks])
            return status, symbol
        return self._kernel_outcome(self._keep(marks, False, None), marks)

    def _kernel_outcome(self, kept: list[Any] | None, marks: Sequence[Any]) -> tuple[Status, str | None]:
        """The kernel's outcome for the marks kept (None: an input propagated)."""
        if kept is None:
            return Status.NOT_ASSESSED, None
        if not kept:
            return status_without_inputs([_STATUS_OF_MARK[m] for m in marks]), None
        symbol = self._kernel(kept, self.points)  # type: ignore[misc]
        return (Status.NOT_ASSESSED, None) if symbol is None else (Status.JUDGED, symbol)

    def run(self, items: Sequence[tuple[str, Any]]) -> Outcome:
        """(status, symbol, reasons) for inputs given as (label, mark)."""
        reasons: list[Reason] | None = [self.rule_reason] if self.explain else None  # type: ignore[list-item]
        kept = self._keep(items, True, reasons)
        if kept is _BY_SEMANTICS:  # an input judged without a verdict: the semantics itself decides
            outcome = apply_verdict_rule(self.rule, [self._input(label, m) for label, m in items], self.scale, explain=self.explain)
            return outcome.status, outcome.symbol, outcome.reasons
        if kept is None:  # an input's policy is `propagate`: its policy reason said so
            return Status.NOT_ASSESSED, None, tuple(reasons or ())
        if not kept:
            if reasons is not None:
                reasons.append(say.no_inputs_reason(bool(items)))
            return status_without_inputs([_STATUS_OF_MARK[m] for _, m in items]), None, tuple(reasons or ())
        status, symbol, last = self._tail(kept)  # type: ignore[arg-type]
        if reasons is None:
            return status, symbol, ()
        reasons.append(last)  # type: ignore[arg-type]
        return status, symbol, tuple(reasons)

    # ------------------------------------------------------------------ the pieces
    def _keep(self, inputs: Sequence[Any], labelled: bool, reasons: list[Reason] | None) -> Any:
        """The rule's policies applied, once for both forms of input: marks, or ``(label, mark)``
        when ``labelled``. The marks the rule computes with (``(label, mark)`` for rules that look
        at labels); None when an input's policy is ``propagate``; :data:`_BY_SEMANTICS` for an
        input judged without a verdict. With ``reasons`` (labelled inputs), each input's reasons
        (its outcome, what its policy did) are added, up to a propagating one."""
        if reasons is None and self._skips and not labelled:  # both policies skip: keep the judged
            return [m for m in inputs if m.__class__ is str]
        kept: list[Any] = []
        entries, known, by_label = self._entries, self._entries.entries, self.by_label  # read for every input
        for item in inputs:
            m = item[1] if labelled else item
            if reasons is not None:
                reasons.extend(known.get(item) or entries.put(item, self._entry(item)))
            if m.__class__ is not str:
                if m is JUDGED_WITHOUT_VERDICT:
                    return _BY_SEMANTICS
                policy = policy_for(self.rule, _STATUS_OF_MARK[m])
                if policy is ir.Policy.PROPAGATE:
                    return None
                if policy is ir.Policy.SKIP:
                    continue
                m = self._lowest
                item = (item[0], m) if labelled else m
            kept.append(item if by_label else m)
        return kept

    def _tail(self, kept: list[Any]) -> tuple[Status, str | None, Reason | None]:
        """The outcome and arithmetic of the kept inputs, by the semantics, remembered."""
        key = tuple(kept)
        tail = self._tails.get(key)
        if tail is None:
            if self.by_label:
                inputs = [Input(label, Status.JUDGED, s, self.points[s]) for label, s in kept]
            else:
                inputs = [Input("", Status.JUDGED, s, self.points[s]) for s in kept]
            tail = self._tails.put(key, decide(self.rule.body, inputs, self.scale, self.explain))
        return tail

    def _input(self, label: str, m: Any) -> Input:
        if m.__class__ is str:
            return Input(label, Status.JUDGED, m, self.points[m])
        if m is JUDGED_WITHOUT_VERDICT:
            return Input(label, Status.JUDGED, None, None)
        return Input(label, _STATUS_OF_MARK[m], None, None)

    def _entry(self, item: tuple[str, Any]) -> tuple[Reason, ...]:
        """The reasons of one input: its outcome, and what the rule's policy did with it."""
        label, m = item
        given = self._input(label, m)
        reason = say.input_reason(label, given.status, given.symbol, given.points)
        if given.status is Status.JUDGED:
            return (reason,)
        return reason, say.policy_reason(label, given.status, policy_for(self.rule, given.status), self.scale)
