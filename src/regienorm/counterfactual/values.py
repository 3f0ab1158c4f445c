"""What one measure value would have to be for a ``table on values`` to give another verdict.

A search, and said to be one: each record the rule read is given, one at a time, the values of a
grid over the measure's declared range (without one: from 0, or the lowest value read, to twice
the highest), in steps of the finest precision among the values read (at most :data:`POINTS`
points, coarser when the range is wider), and every number the rule's conditions write; nearest
to the record's value first. For each record and each side (a higher value, a lower) the nearest
value that gives each verdict is kept: the smallest move of that record. Sets of two or more
records are not searched. Each trial is :func:`regienorm.semantics.rules.decide_values`, with the
engine's compiled conditions (``engine.fast.conditions``: the same outcomes, tens of times faster).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from fractions import Fraction

from .. import ir
from ..alternatives import records_context, value_inputs
from ..engine.fast.conditions import Conditions
from ..judgement import Judgement
from ..semantics.reasons import fmt
from ..semantics.rules import ValueInput, decide_values

#: The most grid points tried per record.
POINTS = 200


def constants(expr: object) -> Iterator[Fraction]:
    """Every number written in a condition (``50`` in ``mean(value) < 50``)."""
    if isinstance(expr, ir.Const):
        yield expr.value
        return
    for name in getattr(expr, "__attrs_attrs__", ()):
        value = getattr(expr, name.name)
        for item in value if isinstance(value, tuple) else (value,):
            if hasattr(item, "__attrs_attrs__"):
                yield from constants(item)


def _decimals(value: Fraction) -> int:
    for d in range(0, 5):
        if (value * 10**d).denominator == 1:
            return d
    return 4


Bound = tuple[str, str, str, str]  # (measure, lowest value tried, highest, step), as text


def grid(records: list[ValueInput], measure: ir.Measure | None, rule: ir.Rule) -> tuple[list[Fraction], Bound]:
    """The values tried, and what they cover."""
    values = [r.value for r in records]
    low = measure.low if measure is not None and measure.low is not None else min([Fraction(0), *values])
    high = measure.high if measure is not None and measure.high is not None else max([Fraction(1), *values]) * 2
    step = Fraction(1, 10 ** max(_decimals(v) for v in values)) if values else Fraction(1)
    while (high - low) / step > POINTS:
        step *= 10
    count = int((high - low) / step)
    points = {low + step * i for i in range(count + 1)} | {high}
    assert isinstance(rule.body, ir.Table)
    for case in rule.body.cases:
        points.update(c for c in constants(case.condition) if low <= c <= high)
    return sorted(points), (measure.id if measure else "value", fmt(low), fmt(high), fmt(step))


def value_options(j: Judgement, rule: ir.Rule, measure: ir.Measure | None, scale: ir.Scale,
                  count: Callable[[], bool]) -> tuple[dict[str, list[tuple[ValueInput, Fraction]]], Bound] | None:
    """For each verdict other than ``j``'s, the single record changes (record, new value) that give
    it, the nearest on each side per record; and the bound searched. None when the records cannot
    be read back from the reasons. ``count`` is called per trial and returns False when the
    budget is spent."""
    records = value_inputs(j)
    group = any(r.kind == "members" for r in j.reasons) or any(r.entity != j.entity for r in records)

    fast = Conditions()  # the engine's compiled conditions, held equal to the semantics by its tests

    def verdict(trial: list[ValueInput]) -> str | None:
        ctx = records_context(trial, j.entity, group, scale)
        return decide_values(rule, ctx.items, ctx.groups, scale, fast.table_symbol)[1]

    if not records or verdict(records) != j.verdict:
        return None
    points, bound = grid(records, measure, rule)
    found: dict[str, list[tuple[ValueInput, Fraction]]] = {}
    for index, record in enumerate(records):
        for side in (1, -1):
            tried = sorted((p for p in points if (p - record.value) * side > 0), key=lambda p: abs(p - record.value))
            seen: set[str] = set()
            for value in tried:
                if len(seen) == len(scale.values) - 1:
                    break  # the nearest value of every other verdict on this side is found
                if not count():
                    return found, bound
                trial = list(records)
                trial[index] = ValueInput(record.entity, record.item, value, record.n)
                got = verdict(trial)
                if got is None or got == j.verdict or got in seen:
                    continue
                seen.add(got)
                found.setdefault(got, []).append((record, value))
    return found, bound
