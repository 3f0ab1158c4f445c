"""The weights of a weighted rule, fitted exactly, with its thresholds as written.

At a place, a threshold ``t`` is reached when ``Σ wᵢ × pointsᵢ >= t × Σ wᵢ × maximum`` (``>`` for
``above``): with ``t`` fixed, one linear inequality in the weights. (With the thresholds free as
well it is not linear — ``t × w`` — so a weighted rule's thresholds and weights are fitted apart:
the thresholds with the weights as written, or the weights with the thresholds as written.) The
coefficients are read from the semantics itself: the weighted points and maximum
(:func:`~regienorm.semantics.rules.weighted_points`) at no weight and at each weight alone.

One weight alone: each inequality is one point on its line, and the pieces between are tried as
for a threshold. Several together: the inequalities are planes that cut the space of weights (all
at least 0) into faces, and the faces are not boxes. Each face gets a point by cutting the last
weight's line at every plane, over the faces of the planes where two of those cuts meet, one
weight fewer (a cylindrical decomposition; every face of the whole cut gets a point in one of
those cells). The semantics gives the verdict at every place for each point; the points that
decide by the same threshold at every place lie in one convex region, which is written exactly
by its inequalities, with those that follow from the others left out (:mod:`.linear`).

How a region in several dimensions is reported: the range of each weight over it (its exact
projection, read like a one-parameter interval), and the inequalities between weights that the
ranges do not say (``2×a - 3×b > 0``). A region whose inequalities each name one weight is a box
and reads as its ranges alone. The value written by ``--write`` is the simplest point inside:
the weights as written when inside, else each in turn the simplest fraction of its range given
the ones before.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from fractions import Fraction

from .. import ir
from ..semantics.aggregates import Undefined
from ..semantics.rules import decided_by, weighted_points
from .linear import EQ, GE, GT, Constraint, irredundant, project, substitute, tidy
from .parameters import Parameter, with_values
from .pieces import MAX_COMBINATIONS, Cell, TooMany, pieces, simplest
from .places import Place, verdict

_Form = tuple[tuple[Fraction, ...], Fraction]  # a·w + c


def _forms(rule: ir.Rule, fitted: Sequence[Parameter], place: Place, scale: ir.Scale) -> tuple[_Form, _Form]:
    """The weighted points got and the weighted maximum at a place, as linear forms in the weights fitted."""
    zero = with_values(rule, [(p, Fraction(0)) for p in fitted])
    got0, max0 = weighted_points(zero.body, place.kept, scale)  # type: ignore[arg-type]
    got, most = [], []
    for p in fitted:
        g, m = weighted_points(with_values(zero, [(p, Fraction(1))]).body, place.kept, scale)  # type: ignore[arg-type]
        got.append(g - got0)
        most.append(m - max0)
    return (tuple(got), got0), (tuple(most), max0)


def _reaches(got: _Form, most: _Form, threshold: ir.Threshold) -> Constraint:
    """``got - t × maximum >= 0`` (``> 0`` for ``above``)."""
    t = threshold.bound
    return Constraint(tuple(g - t * m for g, m in zip(got[0], most[0], strict=True)), got[1] - t * most[1],
                      GT if threshold.strict else GE)


def _plane(form: _Form) -> _Form | None:
    """The plane ``a·w + c = 0`` scaled so its first coefficient is 1 (None: no weight in it)."""
    first = next((a for a in form[0] if a), None)
    if first is None:
        return None
    return tuple(a / first for a in form[0]), form[1] / first


def _points(planes: set[_Form], k: int) -> list[tuple[Fraction, ...]]:
    """A point in every face that ``planes`` and the planes ``wᵢ = 0`` cut ``wᵢ >= 0`` into."""
    if k == 0:
        return [()]
    roots: set[_Form] = {(tuple(Fraction(0) for _ in range(k - 1)), Fraction(0))}  # w_last = 0
    below: set[_Form] = set()
    for a, c in planes:
        if a[-1]:
            roots.add((tuple(-x / a[-1] for x in a[:-1]), -c / a[-1]))  # w_last = b·w' + d
        elif (plane := _plane((a[:-1], c))) is not None:
            below.add(plane)
    for (b1, d1), (b2, d2) in itertools.combinations(sorted(roots), 2):
        if (plane := _plane((tuple(x - y for x, y in zip(b1, b2, strict=True)), d1 - d2))) is not None:
            below.add(plane)
    out = []
    for start in _points(below, k - 1):
        cuts = {sum((b * x for b, x in zip(bs, start, strict=True)), d) for bs, d in roots}
        for piece in pieces(cuts, Fraction(0)):
            if piece.low is not None and piece.low >= 0:
                out.append((*start, piece.low if piece.low == piece.high else _inside(piece)))
        if len(out) > MAX_COMBINATIONS:
            raise TooMany(len(out))
    return out


def _inside(piece: ir.Interval) -> Fraction:
    assert piece.low is not None
    return (piece.low + piece.high) / 2 if piece.high is not None else piece.low + 1


def _region(rule: ir.Rule, decided: Sequence[int | None], forms: Sequence[tuple[_Form, _Form]], k: int) -> list[Constraint]:
    """The weights (at least 0) that decide by alternative ``decided[p]`` at every place ``p``:
    the thresholds before it not reached, it reached, and some weight at the place (or, where the
    rule gave no verdict, none)."""
    body = rule.body
    assert isinstance(body, ir.Weighted)
    out = [Constraint(tuple(Fraction(int(n == i)) for n in range(k)), Fraction(0), GE) for i in range(k)]
    for index, (got, most) in zip(decided, forms, strict=True):
        if index is None:
            out.append(Constraint(most[0], most[1], EQ))
            continue
        out.append(Constraint(most[0], most[1], GT))
        for n, threshold in enumerate(body.thresholds[: index + 1]):
            reach = _reaches(got, most, threshold)
            out.append(reach if n == index else reach.negated())
    return out


def box_constraints(box: Sequence[ir.Interval]) -> list[Constraint]:
    """A box's intervals as constraints."""
    out = []
    k = len(box)
    for i, interval in enumerate(box):
        unit = tuple(Fraction(int(n == i)) for n in range(k))
        if interval.low is not None:
            out.append(Constraint(unit, -interval.low, GE if interval.low_closed else GT))
        if interval.high is not None:
            out.append(Constraint(tuple(-a for a in unit), interval.high, GE if interval.high_closed else GT))
    return out


def point(box: Sequence[ir.Interval], constraints: Sequence[Constraint],
          preferred: Sequence[Fraction] | None = None) -> tuple[Fraction, ...]:
    """A simple point of a region: each unknown in turn its preferred value (as written) when its
    range, given the ones before, holds it, else the simplest fraction of that range."""
    current = [*box_constraints(box), *constraints]
    chosen = []
    for j in range(len(box)):
        interval = project(current, j)
        assert interval is not None, "a region is never empty"
        value = preferred[j] if preferred is not None and interval.contains(preferred[j]) else simplest(interval)
        chosen.append(value)
        current = substitute(current, j, value)
    return tuple(chosen)


def search_weights(rule: ir.Rule, fitted: Sequence[Parameter], found: Sequence[Place], scale: ir.Scale) -> list[Cell]:
    """One cell per way of deciding at every place, with its exact region and a simple point in it."""
    k = len(fitted)
    forms = [_forms(rule, fitted, place, scale) for place in found]
    body = rule.body
    assert isinstance(body, ir.Weighted)
    planes = {plane for got, most in forms for t in body.thresholds
              if (plane := _plane(((r := _reaches(got, most, t)).coefficients, r.constant))) is not None}
    planes |= {plane for _, most in forms if (plane := _plane(most)) is not None}
    ways: dict[tuple[int | None, ...], tuple[str | None, ...]] = {}
    for values in _points(planes, k):
        changed = with_values(rule, list(zip(fitted, values, strict=True)))
        decided = []
        for place in found:
            try:
                decided.append(decided_by(changed.body, place.kept, scale))
            except Undefined:
                decided.append(None)
        if tuple(decided) not in ways:
            ways[tuple(decided)] = tuple(verdict(changed, place, scale) for place in found)
    cells = []
    for way, verdicts in ways.items():
        needed = irredundant(_region(rule, way, forms, k))
        box = []
        for j in range(k):
            interval = project(needed, j)
            assert interval is not None, "the region holds the point it was found at"
            box.append(interval)
        # what the ranges do not say: the inequalities between weights, tested for redundancy first
        joint = [c for c in needed if len(c.unknowns) > 1]
        between = tuple(c for c in irredundant([*joint, *box_constraints(box)]) if len(c.unknowns) > 1)
        cells.append(Cell(tuple(box), point(box, between), verdicts, between))
    return cells


__all__ = ["box_constraints", "point", "search_weights", "tidy"]
