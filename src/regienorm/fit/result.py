"""What a fit found: the best regions, the minimal sets of printed verdicts that would have to be
wrong, and how well the fit predicts a table it was not fitted on."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import attrs

from .. import ir
from ..semantics.conditions import interval_text
from .linear import Constraint
from .parameters import Parameter
from .pieces import Cell, merge
from .places import Observation, Place


@attrs.frozen
class Region:
    """A box of parameter values (one interval per parameter fitted) inside which every value
    reproduces the same printed verdicts: ``reproduced`` of ``total``; ``exceptions`` are the others."""

    intervals: tuple[ir.Interval, ...]
    reproduced: int
    total: int
    exceptions: tuple[Observation, ...]
    #: weights fitted together: the inequalities between them the intervals do not say (the
    #: intervals are then each weight's exact range over the region; see :mod:`.weights`)
    constraints: tuple[Constraint, ...] = ()

    def contains(self, values: Sequence[Fraction]) -> bool:
        return (all(i.contains(v) for i, v in zip(self.intervals, values, strict=True))
                and all(c.holds(values) for c in self.constraints))


@attrs.frozen
class Prediction:
    """Leave one table out: fitted on the other tables, what the best regions say of this one's
    printed verdicts: ``right`` (every best value gives the printed verdict), ``wrong`` (none
    does) or ``undetermined`` (some do)."""

    table: str
    count: int
    right: int
    wrong: int
    undetermined: int
    fitted: int  # how many printed verdicts of the other tables the fit on them reproduces
    fitted_of: int


@attrs.frozen
class Fit:
    """The result of :func:`regienorm.fit.fit`."""

    rule: ir.Rule
    parameters: tuple[Parameter, ...]  # the parameters fitted, in order
    places: int  # judgements the rule decides
    observations: tuple[Observation, ...]  # the printed verdicts at those places
    regions: tuple[Region, ...]  # the best: each reproduces the most
    exception_sets: tuple[Region, ...]  # inclusion-minimal sets of exceptions, fewest first
    predictions: tuple[Prediction, ...]  # leave one table out (empty with fewer than two tables)
    current: int  # how many the rule as written reproduces
    current_exceptions: tuple[Observation, ...] = ()  # the printed verdicts the rule as written does not

    @property
    def best(self) -> int:
        return self.regions[0].reproduced if self.regions else 0

    @property
    def predicted(self) -> tuple[int, int, int]:
        """Over every table left out: right, wrong, undetermined."""
        return (sum(p.right for p in self.predictions), sum(p.wrong for p in self.predictions),
                sum(p.undetermined for p in self.predictions))

    def contains_current(self) -> bool:
        """True when the parameters as written lie in a best region."""
        values = [p.value for p in self.parameters]
        return any(r.contains(values) for r in self.regions)


def regions_of(cells: Sequence[Cell], failures: Sequence[frozenset[int]], wanted: frozenset[int],
               observed: Sequence[tuple[int, Observation]], parameters: Sequence[Parameter]) -> list[Region]:
    """The merged boxes of the cells whose failures, among the observations, are exactly ``wanted``
    (a cell with constraints between its parameters is a region of its own)."""
    chosen = [cell for cell, failed in zip(cells, failures, strict=True) if failed == wanted]
    total = len(observed)
    exceptions = tuple(o for n, (_, o) in enumerate(observed) if n in wanted)
    boxes = merge([cell.pieces for cell in chosen if not cell.constraints], [p.integer for p in parameters])
    return [*(Region(box, total - len(wanted), total, exceptions) for box in boxes),
            *(Region(cell.pieces, total - len(wanted), total, exceptions, cell.constraints)
              for cell in chosen if cell.constraints)]


def _failures(cell: Cell, observed: Sequence[tuple[int, Observation]]) -> frozenset[int]:
    return frozenset(n for n, (place, o) in enumerate(observed) if cell.verdicts[place] != o.printed)


def observed(found: Sequence[Place]) -> list[tuple[int, Observation]]:
    """Every printed verdict with the index of its place."""
    return [(n, o) for n, place in enumerate(found) for o in place.observations]


def analyse(rule: ir.Rule, fitted: Sequence[Parameter], found: Sequence[Place], cells: Sequence[Cell],
            current: Sequence[str | None], decided: int, max_sets: int = 50) -> Fit:
    seen = observed(found)
    known: dict[tuple[str | None, ...], frozenset[int]] = {}  # many cells give the same verdicts
    failures = [known[cell.verdicts] if cell.verdicts in known else known.setdefault(cell.verdicts, _failures(cell, seen))
                for cell in cells]
    fewest = min((len(f) for f in failures), default=0)
    best_sets = sorted({f for f in failures if len(f) == fewest}, key=sorted)
    regions = [r for wanted in best_sets for r in regions_of(cells, failures, wanted, seen, fitted)]
    distinct = sorted(set(failures), key=lambda f: (len(f), sorted(f)))
    minimal: list[frozenset[int]] = []
    for f in distinct:
        if not any(m <= f for m in minimal):
            minimal.append(f)
    minimal = minimal[:max_sets]
    exception_sets = [r for wanted in minimal if wanted for r in regions_of(cells, failures, wanted, seen, fitted)[:1]]
    tables = sorted({o.table or "" for _, o in seen})
    predictions = [_leave_out(t, list(known), seen) for t in tables] if len(tables) > 1 else []
    missed = tuple(o for place, o in seen if current[place] != o.printed)
    return Fit(rule, tuple(fitted), decided, tuple(o for _, o in seen), tuple(regions), tuple(exception_sets),
               tuple(predictions), len(seen) - len(missed), missed)


def _leave_out(table: str, vectors: Sequence[tuple[str | None, ...]], seen: Sequence[tuple[int, Observation]]) -> Prediction:
    """``vectors``: the different verdicts at every place that some cell gives."""
    inside = [(p, o) for p, o in seen if (o.table or "") != table]
    outside = [(p, o) for p, o in seen if (o.table or "") == table]
    scores = [sum(1 for p, o in inside if verdicts[p] == o.printed) for verdicts in vectors]
    top = max(scores, default=0)
    best = [verdicts for verdicts, s in zip(vectors, scores, strict=True) if s == top]
    right = wrong = undetermined = 0
    for p, o in outside:
        hits = {verdicts[p] == o.printed for verdicts in best}
        if hits == {True}:
            right += 1
        elif hits == {False}:
            wrong += 1
        else:
            undetermined += 1
    return Prediction(table, len(outside), right, wrong, undetermined, top, len(inside))


def region_text(parameter: Parameter, interval: ir.Interval) -> str:
    """A parameter's interval as a reader says it: ``(2/3, 7/10]``, ``6..6``, ``any value``."""
    if parameter.integer:
        return f"{interval.low}..{interval.high}" if interval.low != interval.high else f"{interval.low}"
    low = "-∞" if interval.low is None else _num(interval.low)
    high = "∞" if interval.high is None else _num(interval.high)
    if interval.low is not None and interval.low == interval.high:
        return f"= {low}"
    return f"{'[' if interval.low_closed else '('}{low}, {high}{']' if interval.high_closed else ')'}"


def _num(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


__all__ = ["Fit", "Prediction", "Region", "analyse", "interval_text", "merge", "region_text"]
