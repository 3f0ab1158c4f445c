"""The exact linear inequalities behind fitting several weights (regienorm.fit.linear), held to
brute force over a grid of small fractions."""

from __future__ import annotations

import itertools
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from regienorm.fit.linear import EQ, GE, GT, Constraint, feasible, irredundant, project
from regienorm.fit.weights import point

GRID = [Fraction(n, 2) for n in range(-8, 9)]

constraints = st.lists(
    st.builds(lambda a, b, c, op: Constraint((Fraction(a), Fraction(b)), Fraction(c), op),
              st.integers(-3, 3), st.integers(-3, 3), st.integers(-6, 6), st.sampled_from([GT, GE, GE, EQ])),
    min_size=1, max_size=5)


def _solutions(cs: list[Constraint]) -> list[tuple[Fraction, Fraction]]:
    return [p for p in itertools.product(GRID, GRID) if all(c.holds(p) for c in cs)]


@settings(max_examples=200, deadline=None)
@given(constraints)
def test_feasible_projection_and_redundancy_agree_with_a_grid(cs: list[Constraint]) -> None:
    found = _solutions(cs)
    if found:  # a grid point solves them: so must the elimination
        assert feasible(cs)
        for j in (0, 1):
            interval = project(cs, j)
            assert interval is not None and all(interval.contains(p[j]) for p in found)
        kept = irredundant(cs)  # the same solutions with fewer constraints
        assert _solutions(kept) == found
    if not feasible(cs):
        assert not found and project(cs, 0) is None


@settings(max_examples=200, deadline=None)
@given(constraints)
def test_a_region_s_point_lies_inside_it(cs: list[Constraint]) -> None:
    if not feasible(cs):
        return
    box = [project(cs, 0), project(cs, 1)]
    assert box[0] is not None and box[1] is not None
    inside = point(box, cs)  # type: ignore[arg-type]
    assert all(c.holds(inside) for c in cs)


def test_text_reads_with_the_first_weight_positive() -> None:
    c = Constraint((Fraction(-1, 2), Fraction(-1, 2)), Fraction(1), GE)
    assert c.text(["a", "b"]) == "a + b <= 2"
    assert Constraint((Fraction(2, 3), Fraction(-1)), Fraction(0), GT).text(["a", "b"]) == "2×a - 3×b > 0"
