"""Which numbers a decision's expression can take, so that ``band`` tables are checked against the
values that can really occur.

A :class:`Reach` is either a finite set of exact values (categories looked up by ``case``, inputs
with few values, and what arithmetic makes of them, up to :data:`MAX_VALUES`), or an interval with
optional bounds and, after ``round …(x, step)``, the step every value is a multiple of. It may hold
more values than can really occur (both branches of an ``if`` are taken together), never fewer: a
band table with no gap over its subject's reach covers every value the subject can take.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from fractions import Fraction

import attrs

from .. import ir
from ..semantics.decisions import MAX_EXPONENT, DecisionError, round_to, value_text

#: The largest finite set kept; past it, the interval around it.
MAX_VALUES = 4096


@attrs.frozen
class Reach:
    values: frozenset[Fraction] | None = None  # the exact set, when finite and small
    low: Fraction | None = None  # bounds of the interval (None: unbounded), when values is None
    high: Fraction | None = None
    step: Fraction | None = None  # every value is a multiple of step
    #: an interval every value of which (on the step) occurs: a number input's declared range, and
    #: what adding, multiplying or dividing it by a constant, and rounding it, make of that
    exact: bool = False
    #: what a note says of the values, where the set holds only some of them (a proof by count)
    note: str | None = attrs.field(default=None, eq=False)

    @classmethod
    def of(cls, values: Iterator[Fraction] | Sequence[Fraction] | frozenset[Fraction]) -> Reach:
        found = frozenset(itertools.islice(values, MAX_VALUES + 1))
        if len(found) > MAX_VALUES or not found:
            return cls(None, min(found) if found else None, max(found) if found else None)
        return cls(found)

    @property
    def bounds(self) -> tuple[Fraction | None, Fraction | None]:
        if self.values is not None:
            return min(self.values), max(self.values)
        return self.low, self.high

    def hull(self) -> Reach:
        low, high = self.bounds
        return Reach(None, low, high, self.step if self.values is None else _gcd_step(self.values))

    def within_bounds(self, point: Fraction) -> bool:
        """True when ``point`` lies within known bounds (it can occur as far as the declarations say)."""
        low, high = self.bounds
        return low is not None and high is not None and low <= point <= high

    def samples(self, intervals: Sequence[ir.Interval]) -> Iterator[Fraction]:
        """Values to test a band table with: every value of a finite set; else every band end within
        the bounds and one value (on the step, if any) inside each stretch between ends, and one
        beyond each unbounded side. Which bands hold a value is the same all along a stretch, so
        these find every gap and overlap the reach can have."""
        if self.values is not None:
            yield from sorted(self.values)
            return
        low, high = self.bounds
        ends = sorted({e for iv in intervals for e in (iv.low, iv.high) if e is not None}
                      | {b for b in (low, high) if b is not None})
        ends = [e for e in ends if (low is None or e >= low) and (high is None or e <= high)]
        if not ends:
            yield Fraction(0) if low is None or high is None else low
            return
        stretches = list(zip(ends, ends[1:], strict=False))
        if low is None:
            stretches.insert(0, (ends[0] - 1 - abs(ends[0]), ends[0]))
        if high is None:
            stretches.append((ends[-1], ends[-1] + 1 + abs(ends[-1])))
        for end in ends:
            if self._on_step(end):
                yield end
        for a, b in stretches:
            inside = self._inside(a, b)
            if inside is not None:
                yield inside

    def _on_step(self, value: Fraction) -> bool:
        return self.step is None or (value / self.step).denominator == 1

    def _inside(self, a: Fraction, b: Fraction) -> Fraction | None:
        """A value strictly between a and b (on the step, if there is one), or None."""
        if self.step is None:
            return (a + b) / 2
        n = math.floor(a / self.step) + 1
        candidate = n * self.step
        return candidate if candidate < b else None

    def describe(self) -> str:
        """The reach in words, for a note under a diagnostic."""
        if self.note:
            return self.note
        if self.values is not None:
            shown = sorted(self.values)
            listed = ", ".join(value_text(v) for v in shown[:8]) + (", …" if len(shown) > 8 else "")
            return f"the values it can take: {listed} ({len(shown)} in all)"
        low, high = self.bounds
        span = f"from {value_text(low) if low is not None else 'any number'} to " \
               f"{value_text(high) if high is not None else 'any number'}"
        return f"its values run {span}" + (f", in steps of {value_text(self.step)}" if self.step else "")


ANY = Reach()


def _gcd(a: Fraction, b: Fraction) -> Fraction:
    """The largest step both are whole multiples of."""
    return Fraction(math.gcd(a.numerator * b.denominator, b.numerator * a.denominator), a.denominator * b.denominator)


def _gcd_step(values: frozenset[Fraction]) -> Fraction | None:
    """The largest step every value is a multiple of (None for {0}: 0 is on every step)."""
    step = Fraction(0)
    for v in values:
        step = _gcd(step, v) if step else abs(v)
    return step or None


def _union(parts: Sequence[Reach]) -> Reach:
    if all(p.values is not None for p in parts):
        return Reach.of(frozenset().union(*(p.values for p in parts)))  # type: ignore[arg-type]
    hulls = [p.hull() for p in parts]
    lows = [h.low for h in hulls]
    highs = [h.high for h in hulls]
    step: Fraction | None = None
    for part, hull in zip(parts, hulls, strict=True):
        if part.values is not None and _gcd_step(part.values) is None:
            continue  # only 0: a multiple of any step
        if hull.step is None:
            step = None
            break
        step = hull.step if step is None else _gcd(step, hull.step)
    return Reach(None, None if None in lows else min(lows),  # type: ignore[type-var]
                 None if None in highs else max(highs),  # type: ignore[type-var]
                 step)


def _combine(op: Callable[[Fraction, Fraction], Fraction], a: Reach, b: Reach) -> Reach | None:
    """``op`` over every pair, when both are small finite sets; None otherwise."""
    if a.values is None or b.values is None or len(a.values) * len(b.values) > MAX_VALUES * 4:
        return None
    out: set[Fraction] = set()
    for x in a.values:
        for y in b.values:
            try:
                out.add(op(x, y))
            except (DecisionError, ZeroDivisionError, OverflowError):
                continue
            if len(out) > MAX_VALUES:
                return None
    return Reach.of(frozenset(out)) if out else ANY


def _corners(op: Callable[[Fraction, Fraction], Fraction], a: Reach, b: Reach) -> Reach:
    (al, ah), (bl, bh) = a.bounds, b.bounds
    if None in (al, ah, bl, bh):
        return ANY
    try:
        values = [op(x, y) for x in (al, ah) for y in (bl, bh)]  # type: ignore[arg-type]
    except (DecisionError, ZeroDivisionError):
        return ANY
    return Reach(None, min(values), max(values))


def _power(x: Fraction, n: Fraction) -> Fraction:
    if n.denominator != 1 or abs(n.numerator) > MAX_EXPONENT:
        raise DecisionError("exponent")
    return x ** n.numerator  # type: ignore[no-any-return]


_OPS: dict[str, Callable[[Fraction, Fraction], Fraction]] = {
    "+": lambda x, y: x + y, "-": lambda x, y: x - y, "*": lambda x, y: x * y,
    "/": lambda x, y: x / y, "^": _power}


def union(parts: Sequence[Reach]) -> Reach:
    """Every value any of ``parts`` can take."""
    return _union(parts)


def sum_reach(parts: Sequence[Reach]) -> Reach:
    """The values of the sum of one value of each part (0 for no part)."""
    out = Reach(frozenset({Fraction(0)}))
    for p in parts:
        combined = _combine(_OPS["+"], out, p)
        out = combined if combined is not None else _corners(_OPS["+"], out.hull(), p.hull())
    return out


def reach_of(expr: ir.Expr, inputs: Mapping[str, ir.InputDecl], decisions: Mapping[str, Reach], *,
             on_band: Callable[[ir.BandOf, Reach], None], on_division: Callable[[ir.Arith, Reach], None],
             on_table: Callable[[ir.TableOf, Callable[[ir.Expr], Reach]], Reach] | None = None) -> Reach:
    """The reach of a number-valued expression; ``on_band`` and ``on_division`` are called with
    each band table's and each division's reach on the way (the checks); ``on_table`` gives a
    decision table's reach, handed the function that gives the reach of its parts."""

    def go(e: ir.Expr) -> Reach:
        if isinstance(e, ir.TableOf):
            return on_table(e, go) if on_table is not None else ANY
        if isinstance(e, ir.Const):
            return Reach(frozenset({e.value}))
        if isinstance(e, ir.Ref):
            if e.name in decisions:
                return decisions[e.name]
            item = inputs.get(e.name)
            if item is not None and item.kind is ir.Kind.NUMBER:
                bounded = item.low is not None and item.high is not None and item.low < item.high
                return Reach(None, item.low, item.high, exact=bounded)
            return ANY
        if isinstance(e, ir.Neg):
            inner = go(e.operand)
            if inner.values is not None:
                return Reach.of(frozenset(-v for v in inner.values))
            return Reach(None, -inner.high if inner.high is not None else None,
                         -inner.low if inner.low is not None else None, inner.step, inner.exact)
        if isinstance(e, ir.Arith):
            left, right = go(e.left), go(e.right)
            if e.op == "/":
                on_division(e, right)
            op = _OPS[e.op]
            exact = _combine(op, left, right)
            if exact is not None:
                return exact
            moved = _moved(e.op, left, right)
            if moved is not None:
                return moved
            if e.op == "/":
                rl, rh = right.bounds
                if rl is None or rh is None or rl <= 0 <= rh:
                    return ANY
            if e.op == "^":
                return ANY
            return _corners(op, left.hull(), right.hull())
        if isinstance(e, ir.Func):
            parts = [go(a) for a in e.args]
            if e.name == "abs":
                p = parts[0]
                if p.values is not None:
                    return Reach.of(frozenset(abs(v) for v in p.values))
                low, high = p.bounds
                if low is not None and low >= 0:
                    return p
                top = None if low is None or high is None else max(abs(low), abs(high))
                return Reach(None, Fraction(0), top)
            out = parts[0]
            for p in parts[1:]:
                combined = _combine(min if e.name == "min" else max, out, p)
                out = combined if combined is not None else _extreme_hull(e.name, out.hull(), p.hull())
            return out
        if isinstance(e, ir.Round):
            inner = go(e.operand)
            if e.step <= 0:
                return ANY
            if inner.values is not None:
                return Reach.of(frozenset(round_to(v, e.step, e.mode) for v in inner.values))
            low, high = inner.bounds
            return Reach(None, round_to(low, e.step, e.mode) if low is not None else None,
                         round_to(high, e.step, e.mode) if high is not None else None, e.step,
                         inner.exact and inner.step is None)  # every step between is some value rounded
        if isinstance(e, ir.If):
            go(e.condition)
            branches = [b for b in (e.then, e.otherwise) if not isinstance(b, ir.Unassessed)]
            return _union([go(b) for b in branches]) if branches else ANY
        if isinstance(e, ir.CaseOf):
            go(e.subject)
            return _union([go(a.value) for a in e.arms] + ([go(e.otherwise)] if e.otherwise is not None else []))
        if isinstance(e, ir.BandOf):
            subject = go(e.subject)
            on_band(e, subject)
            return _union([go(a.value) for a in e.arms] + ([go(e.otherwise)] if e.otherwise is not None else []))
        if isinstance(e, (ir.Compare, ir.BoolOp, ir.Not, ir.InList)):
            for child in _subexpressions(e):
                go(child)
            return ANY
        return ANY

    return go(expr)


def _moved(op: str, left: Reach, right: Reach) -> Reach | None:
    """An exact interval (without a step) plus, minus, times or divided by a constant other than 0:
    again an exact interval (each value is some input's value moved). None otherwise."""
    for interval, constant, first in ((left, right, True), (right, left, False)):
        if not interval.exact or interval.step is not None or constant.values is None or len(constant.values) != 1:
            continue
        (c,) = constant.values
        if op not in ("+", "-", "*") and not (op == "/" and first):
            return None
        if op in ("*", "/") and c == 0:
            return None
        f = _OPS[op]
        ends = [f(x, c) if first else f(c, x) for x in (interval.low, interval.high)]  # type: ignore[arg-type]
        return Reach(None, min(ends), max(ends), None, True)
    return None


def _extreme_hull(name: str, a: Reach, b: Reach) -> Reach:
    """The interval of ``min(a, b)`` or ``max(a, b)`` from the intervals of a and b."""
    (al, ah), (bl, bh) = a.bounds, b.bounds
    if name == "min":
        low = None if None in (al, bl) else min(al, bl)  # type: ignore[type-var]
        highs = [h for h in (ah, bh) if h is not None]
        return Reach(None, low, min(highs) if highs else None)
    high = None if None in (ah, bh) else max(ah, bh)  # type: ignore[type-var]
    lows = [v for v in (al, bl) if v is not None]
    return Reach(None, max(lows) if lows else None, high)


def _subexpressions(e: ir.Expr) -> list[ir.Expr]:
    if isinstance(e, ir.Compare):
        return [e.left, e.right]
    if isinstance(e, ir.BoolOp):
        return list(e.operands)
    if isinstance(e, ir.Not):
        return [e.operand]
    if isinstance(e, ir.InList):
        return [e.operand, *e.options]
    return []
