"""Linear inequalities over a few unknowns, exactly, by Fourier–Motzkin elimination.

A weighted rule compares ``Σ weight × points`` with ``threshold × Σ weight × maximum``: with the
thresholds as written that is linear in the weights, so the values of several weights that give one
verdict at every place form a convex polyhedron, not a box. This module decides whether such a
system has a solution, what range each unknown takes over it (its projection), which of its
inequalities are needed (the rest follow from them), and a simple point inside it — all in
fractions. Fourier–Motzkin is exponential in the number of unknowns eliminated, which is fine for
the two to four weights a rule names; the fit bounds the work it asks (:data:`.pieces.MAX_COMBINATIONS`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

import attrs

from .. import ir

#: ``a·x + c > 0``, ``a·x + c >= 0`` and ``a·x + c = 0``.
GT, GE, EQ = ">", ">=", "="


@attrs.frozen
class Constraint:
    """``Σ coefficients[i] × x[i] + constant`` compared with 0 by ``op``."""

    coefficients: tuple[Fraction, ...]
    constant: Fraction
    op: str

    def holds(self, point: Sequence[Fraction]) -> bool:
        value = sum((a * x for a, x in zip(self.coefficients, point, strict=True)), self.constant)
        return value > 0 if self.op == GT else value >= 0 if self.op == GE else value == 0

    def negated(self) -> Constraint:
        """Its complement (an inequality's only: an equation's complement is two half-spaces)."""
        assert self.op != EQ
        return Constraint(tuple(-a for a in self.coefficients), -self.constant, GE if self.op == GT else GT)

    @property
    def unknowns(self) -> tuple[int, ...]:
        return tuple(n for n, a in enumerate(self.coefficients) if a)

    def text(self, names: Sequence[str]) -> str:
        """``2×a - 3×b > 1``: whole coefficients, the unknowns on the left (by their names)."""
        scale = math.lcm(*(v.denominator for v in (*self.coefficients, self.constant)))
        whole = [int(a * scale) for a in self.coefficients] + [int(self.constant * scale)]
        divisor = math.gcd(*whole) or 1
        *left, right = [v // divisor for v in whole]
        op = self.op
        if next((a for a in left if a), 0) < 0:  # read with the first unknown positive: `a + b <= 2`
            left, right, op = [-a for a in left], -right, {GT: "<", GE: "<=", EQ: EQ}[op]
        terms: list[str] = []
        for a, name in zip(left, names, strict=True):
            if a:
                size = "" if abs(a) == 1 else f"{abs(a)}×"
                sign = ("-" if a < 0 else "") if not terms else (" - " if a < 0 else " + ")
                terms.append(f"{sign}{size}{name}")
        return f"{''.join(terms) or '0'} {op} {-right}"


def _normal(c: Constraint) -> Constraint | bool:
    """Scaled so that its first nonzero coefficient is ±1 (1 for an equation); True or False when it
    has no unknown left."""
    first = next((a for a in c.coefficients if a), None)
    if first is None:
        return c.constant > 0 if c.op == GT else c.constant >= 0 if c.op == GE else c.constant == 0
    factor = abs(first) if c.op != EQ else first
    return Constraint(tuple(a / factor for a in c.coefficients), c.constant / factor, c.op)


def tidy(constraints: Sequence[Constraint]) -> list[Constraint] | None:
    """Normalised, each direction kept once at its tightest; None when one can never hold."""
    best: dict[tuple[tuple[Fraction, ...], bool], Constraint] = {}
    for c in constraints:
        normal = _normal(c)
        if normal is False:
            return None
        if normal is True:
            continue
        assert isinstance(normal, Constraint)
        key = (normal.coefficients, normal.op == EQ)
        old = best.get(key)
        if old is None:
            best[key] = normal
        elif normal.op == EQ:
            if old.constant != normal.constant:
                return None
        elif normal.constant < old.constant or (normal.constant == old.constant and normal.op == GT):
            best[key] = normal  # a·x >= -c: the smaller c the tighter; `>` tighter than `>=`
    return list(best.values())


def _eliminate(constraints: list[Constraint], j: int) -> list[Constraint] | None:
    equation = next((c for c in constraints if c.op == EQ and c.coefficients[j]), None)
    if equation is not None:  # x_j = -(rest + c) / a_j, put into every other
        a_j = equation.coefficients[j]
        out = []
        for c in constraints:
            if c is equation:
                continue
            factor = c.coefficients[j] / a_j
            out.append(Constraint(tuple(a - factor * b for a, b in zip(c.coefficients, equation.coefficients, strict=True)),
                                  c.constant - factor * equation.constant, c.op))
        return tidy(out)
    upper = [c for c in constraints if c.coefficients[j] > 0]
    lower = [c for c in constraints if c.coefficients[j] < 0]
    out = [c for c in constraints if not c.coefficients[j]]
    for p in upper:
        for n in lower:
            a, b = p.coefficients[j], -n.coefficients[j]
            out.append(Constraint(tuple(x / a + y / b for x, y in zip(p.coefficients, n.coefficients, strict=True)),
                                  p.constant / a + n.constant / b, GT if GT in (p.op, n.op) else GE))
    return tidy(out)


def feasible(constraints: Sequence[Constraint]) -> bool:
    """True when some point satisfies every constraint."""
    current = tidy(constraints)
    if current is None:
        return False
    size = len(constraints[0].coefficients) if constraints else 0
    for j in range(size):
        current = _eliminate(current, j)
        if current is None:
            return False
    return True


def project(constraints: Sequence[Constraint], j: int) -> ir.Interval | None:
    """The values unknown ``j`` takes over the solutions (None: there are none)."""
    current = tidy(constraints)
    size = len(constraints[0].coefficients) if constraints else 0
    for k in range(size):
        if current is None:
            return None
        if k != j:
            current = _eliminate(current, k)
    if current is None:
        return None
    low, low_closed, high, high_closed = None, False, None, False
    for c in current:
        a, bound = c.coefficients[j], -c.constant / c.coefficients[j]
        if c.op == EQ or a > 0:
            if low is None or bound > low or (bound == low and c.op == GT):
                low, low_closed = bound, c.op != GT
        if c.op == EQ or a < 0:
            if high is None or bound < high or (bound == high and c.op == GT):
                high, high_closed = bound, c.op != GT
    if low is not None and high is not None and (low > high or (low == high and not (low_closed and high_closed))):
        return None
    return ir.Interval(low, low_closed, high, high_closed)


def irredundant(constraints: Sequence[Constraint]) -> list[Constraint]:
    """The constraints none of which follows from the others (the same solutions)."""
    kept = tidy(constraints) or []
    for c in list(kept):
        if c.op == EQ:
            continue
        others = [o for o in kept if o is not c]
        if others and not feasible([*others, c.negated()]):
            kept = others
    return kept


def substitute(constraints: Sequence[Constraint], j: int, value: Fraction) -> list[Constraint]:
    """The constraints with unknown ``j`` fixed at ``value`` (its coefficient then 0)."""
    return [Constraint(tuple(Fraction(0) if n == j else a for n, a in enumerate(c.coefficients)),
                       c.constant + c.coefficients[j] * value, c.op) for c in constraints]


__all__ = ["EQ", "GE", "GT", "Constraint", "feasible", "irredundant", "project", "substitute", "tidy"]
