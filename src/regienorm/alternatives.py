"""Which alternative of which rule gave a judgement its verdict: a band, a threshold, a table's
case, ``otherwise``, ``then`` or ``else``.

Read from the judgement's own reasons (its rule, its inputs, the measure values it read), and
decided by :func:`regienorm.semantics.rules.decided_by`: nothing here says again what a rule means.
The snapshot, ``regienorm diff`` and ``regienorm coverage`` name a judgement's decision this way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from . import ir
from .judgement import Judgement
from .semantics.conditions import Context, expr_text
from .semantics.reasons import fraction_text
from .semantics.rules import Input, Undefined, ValueInput, apply_policies, decided_by
from .source import Span


@attrs.frozen
class Alternative:
    """One way a rule can decide. ``kind`` is ``band``, ``threshold``, ``case``, ``otherwise``,
    ``then``, ``else``, or ``rule`` for the kinds that have no alternatives (worst, best, majority);
    ``label`` says it in the framework's words: ``band 6..10 -> +/-``, ``from 11/16 -> +``,
    ``otherwise -> -``, ``case 2: when mean(value) < 6 -> -``, ``then +``, ``worst``."""

    rule: str
    index: int
    kind: str
    label: str
    symbol: str | None = None  # the verdict it gives (None for ``rule``: it depends on the inputs)
    span: Span | None = attrs.field(default=None, eq=False)

    def describe(self) -> str:
        return f"`{self.rule}` {self.label}"


def rules_by_id(framework: ir.Framework) -> dict[str, ir.Rule]:
    """Every rule a judgement can name, named and inline (``opzet.1 (inline)``), by its id."""
    out = {rule.id: rule for rule in framework.rules}
    for nk in framework.normenkaders:
        for rule in (nk.total, nk.across):
            if rule is not None:
                out.setdefault(rule.id, rule)
        for norm in nk.norms:
            if isinstance(norm.verdict, (ir.FromAspects, ir.FromMeasure)):
                out.setdefault(norm.verdict.rule.id, norm.verdict.rule)
    return out


def alternatives(rule: ir.Rule) -> tuple[Alternative, ...]:
    """The alternatives of a rule, in the order :func:`~regienorm.semantics.rules.decided_by` numbers them."""
    body, rid = rule.body, rule.id
    if isinstance(body, ir.SumBands):
        return tuple(Alternative(rid, n, "band", f"band {b.low}..{b.high} -> {b.symbol}", b.symbol, b.span or rule.span)
                     for n, b in enumerate(body.bands))
    if isinstance(body, (ir.ShareThresholds, ir.MeanThresholds, ir.Weighted)):
        out = [Alternative(rid, n, "threshold", f"{'above' if t.strict else 'from'} {fraction_text(t.bound)} -> {t.symbol}",
                           t.symbol, t.span or rule.span) for n, t in enumerate(body.thresholds)]
        out.append(Alternative(rid, len(out), "otherwise", f"otherwise -> {body.otherwise}", body.otherwise, rule.span))
        return tuple(out)
    if isinstance(body, ir.Table):
        out = [Alternative(rid, n, "case", f"case {n + 1}: when {expr_text(c.condition)} -> {c.symbol}", c.symbol, c.span or rule.span)
               for n, c in enumerate(body.cases)]
        out.append(Alternative(rid, len(out), "otherwise", f"otherwise -> {body.otherwise}", body.otherwise, rule.span))
        return tuple(out)
    if isinstance(body, (ir.AtLeast, ir.AllOf, ir.AnyOf)):
        return (Alternative(rid, 0, "then", f"then {body.then}", body.then, rule.span),
                Alternative(rid, 1, "else", f"else {body.otherwise}", body.otherwise, rule.span))
    return (Alternative(rid, 0, "rule", rule.kind, None, rule.span),)


def rule_inputs(judgement: Judgement, maxima: Mapping[str, Any] | None = None) -> list[Input]:
    """The inputs of a rule on verdicts, as the judgement's ``input`` reasons list them; ``maxima``:
    each symbol's own scale's maximum, for a rule over inputs of several scales
    (:meth:`ir.Framework.input_scale`)."""
    out = []
    for reason in judgement.reasons:
        if reason.kind == "input":
            data = dict(reason.data)
            verdict = data["verdict"]
            top = maxima.get(verdict) if maxima is not None and verdict is not None else None
            out.append(Input(data["input"], data["status"], verdict, data["points"], top))
    return out


def value_inputs(judgement: Judgement) -> list[ValueInput]:
    """The measure records a ``table on values`` read, as the judgement's ``measure`` reasons list them."""
    out = []
    for reason in judgement.reasons:
        if reason.kind == "measure":
            data = dict(reason.data)
            out.append(ValueInput(data["entity"], data["item"], data["value"], data["n"]))
    return out


def decided(framework: ir.Framework, judgement: Judgement, members: Mapping[str, Sequence[str]] | None = None,
            *, rules: Mapping[str, ir.Rule] | None = None) -> Alternative | None:
    """The alternative of the judgement's rule that gave its computed verdict; None when no rule
    decided (a finding, a policy that propagated, no inputs, an undefined value) or the judgement
    carries no reasons (``evaluate(..., reasons=False)``).

    ``members`` gives each group entity's members (``{e.id: e.members for e in evidence.entities}``);
    without it, a judgement on values that read other entities' records is taken to be a group's."""
    if judgement.rule is None or judgement.computed is None or not judgement.reasons:
        return None
    rule = (rules or rules_by_id(framework)).get(judgement.rule)
    if rule is None:
        return None
    options = alternatives(rule)
    if len(options) == 1:
        return options[0]
    kept: Any
    try:
        scale, maxima = framework.input_scale(rule)
        if rule.on_values:
            kept = values_context(judgement, members, framework.scale)
        else:
            kept = apply_policies(rule, rule_inputs(judgement, maxima), scale, None)
            if not kept:
                return None
        index = decided_by(rule.body, kept, scale)
    except Undefined:
        return None
    return options[index] if index is not None else None


def values_context(judgement: Judgement, members: Mapping[str, Sequence[str]] | None, scale: ir.Scale) -> Context:
    """What the engine gave a ``table on values``: the entity's own records, and per entity the
    records ``by entity`` aggregates run over (a group's members, or the entity itself)."""
    records = value_inputs(judgement)
    group = bool(members.get(judgement.entity)) if members is not None else any(r.entity != judgement.entity for r in records)
    return records_context(records, judgement.entity, group, scale)


def records_context(records: Sequence[ValueInput], entity: str, group: bool, scale: ir.Scale) -> Context:
    """:func:`values_context` of these records, for ``entity`` (a group's when ``group``)."""
    own = [r for r in records if r.entity == entity]
    groups: dict[str, Any] = {}
    if group:
        for record in records:
            if record.entity != entity:
                groups.setdefault(record.entity, []).append(record)
    elif own:
        groups[entity] = own
    return Context(own, groups, scale)
