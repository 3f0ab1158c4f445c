"""A parameter's line cut into pieces (the points where a place's verdict can change and the open
intervals between them), a value inside each, and a combination of pieces with its verdicts."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from fractions import Fraction

import attrs

from .. import ir
from .linear import Constraint

#: The most combinations of pieces judged (the product over the parameters fitted together; for a
#: table's constants, per place).
MAX_COMBINATIONS = 40_000


class TooMany(Exception):
    """More combinations of pieces than :data:`MAX_COMBINATIONS`: fit fewer parameters together."""


def pieces(breakpoints: Iterable[Fraction], current: Fraction) -> list[ir.Interval]:
    """The points and open intervals the numbers cut a parameter's line into, in order."""
    points = sorted(set(breakpoints))
    if not points:
        return [ir.Interval(None, False, None, False)]
    out = [ir.Interval(None, False, points[0], False)]
    for n, p in enumerate(points):
        out.append(ir.Interval(p, True, p, True))
        out.append(ir.Interval(p, False, points[n + 1] if n + 1 < len(points) else None, False))
    return out


def representative(piece: ir.Interval) -> Fraction:
    """A value inside a piece: its point, its middle, or one past its finite end."""
    if piece.low is not None and piece.high is not None:
        return (piece.low + piece.high) / 2
    if piece.low is not None:
        return piece.low + (0 if piece.low_closed else 1)
    if piece.high is not None:
        return piece.high - 1
    return Fraction(0)


@attrs.frozen
class Cell:
    """One combination of pieces, one per parameter fitted, with the verdict at every place.

    ``constraints``: for weights fitted together, the inequalities between them that hold inside
    the cell besides its ``pieces`` (then the exact range of each weight over it, not a box)."""

    pieces: tuple[ir.Interval, ...]
    values: tuple[Fraction, ...]
    verdicts: tuple[str | None, ...]
    constraints: tuple[Constraint, ...] = ()


def _adjacent(a: ir.Interval, b: ir.Interval, integer: bool) -> bool:
    """``b`` starts where ``a`` ends, leaving no gap and no overlap."""
    if a.high is None or b.low is None:
        return False
    if integer:
        return a.high_closed and b.low_closed and b.low == a.high + 1
    return a.high == b.low and a.high_closed != b.low_closed


def _join(a: ir.Interval, b: ir.Interval) -> ir.Interval:
    return ir.Interval(a.low, a.low_closed, b.high, b.high_closed)


def merge(boxes: list[tuple[ir.Interval, ...]], integer: Sequence[bool]) -> list[tuple[ir.Interval, ...]]:
    """Boxes joined along any dimension where two are equal elsewhere and meet, until none do."""
    boxes = list(boxes)
    changed = True
    while changed:
        changed = False
        for d in range(len(integer)):
            boxes.sort(key=lambda box: tuple(_order(i) for i in box[:d] + box[d + 1:]) + (_order(box[d]),))
            out: list[tuple[ir.Interval, ...]] = []
            for box in boxes:
                if out and out[-1][:d] + out[-1][d + 1:] == box[:d] + box[d + 1:] and _adjacent(out[-1][d], box[d], integer[d]):
                    last = out.pop()
                    out.append(last[:d] + (_join(last[d], box[d]),) + last[d + 1:])
                    changed = True
                else:
                    out.append(box)
            boxes = out
    return sorted(boxes, key=lambda box: tuple(_order(i) for i in box))


def _order(i: ir.Interval) -> tuple[int, Fraction, int]:
    if i.low is None:
        return (0, Fraction(0), 0)
    return (1, i.low, 0 if i.low_closed else 1)


def simplest(interval: ir.Interval) -> Fraction:
    """The fraction with the smallest denominator inside an interval (then the smallest in size)."""
    low, high = interval.low, interval.high
    if low is not None and low == high:
        return low
    if low is None and high is None:
        return Fraction(0)
    if low is None:
        assert high is not None
        return Fraction(math.floor(high) - 1)
    if high is None:
        return Fraction(math.floor(low) + 1)
    denominator = 1
    while True:
        for numerator in range(int(low * denominator) - 1, int(high * denominator) + 2):
            value = Fraction(numerator, denominator)
            if interval.contains(value):
                return value
        denominator += 1


__all__ = ["MAX_COMBINATIONS", "Cell", "TooMany", "merge", "pieces", "representative", "simplest"]
