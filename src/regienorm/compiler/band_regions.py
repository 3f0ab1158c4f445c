"""Where a band table leaves numbers uncovered or covers them twice: the stretches between bands
(gaps, where no band and no ``otherwise`` holds) and across them (overlaps), as intervals with open
or closed ends, for a proof that asks whether a reachable value falls in one
(:mod:`.score_counts`)."""

from __future__ import annotations

import math
from fractions import Fraction

from .. import ir


class Region:
    """A stretch of numbers between or across bands: a gap (no band holds it) or an overlap."""

    def __init__(self, low: Fraction | None, low_closed: bool, high: Fraction | None, high_closed: bool) -> None:
        self.low, self.low_closed, self.high, self.high_closed = low, low_closed, high, high_closed

    def below(self, v: Fraction) -> bool:  # v lies below the region
        return self.low is not None and (v < self.low or (v == self.low and not self.low_closed))

    def above(self, v: Fraction) -> bool:
        return self.high is not None and (v > self.high or (v == self.high and not self.high_closed))

    def holds(self, v: Fraction) -> bool:
        return not self.below(v) and not self.above(v)


def regions(node: ir.BandOf) -> list[Region]:
    """The gaps between a band table's bands (none with ``otherwise``) and where two bands overlap."""
    out = []
    intervals = [a.interval for a in node.arms]
    for i, a in enumerate(intervals):
        for b in intervals[i + 1:]:
            low, low_closed = _later_low(a, b)
            high, high_closed = _earlier_high(a, b)
            region = Region(low, low_closed, high, high_closed)
            if _nonempty(region):
                out.append(region)
    if node.otherwise is None:
        ends = sorted({e for iv in intervals for e in (iv.low, iv.high) if e is not None})
        points = [*ends, *(((x + y) / 2) for x, y in zip(ends, ends[1:], strict=False))]
        for x in points:  # each end, and each stretch between two ends: held by some band, or a gap
            if not any(iv.contains(x) for iv in intervals):
                out.append(_gap_around(x, ends))
        if ends and not any(iv.contains(ends[0] - 1) for iv in intervals):
            out.append(Region(None, False, ends[0], False))
        if ends and not any(iv.contains(ends[-1] + 1) for iv in intervals):
            out.append(Region(ends[-1], False, None, False))
    return out


def _gap_around(x: Fraction, ends: list[Fraction]) -> Region:
    if x in ends:
        return Region(x, True, x, True)
    below = max(e for e in ends if e < x)
    above = min(e for e in ends if e > x)
    return Region(below, False, above, False)


def _later_low(a: ir.Interval, b: ir.Interval) -> tuple[Fraction | None, bool]:
    if a.low is None:
        return b.low, b.low_closed
    if b.low is None or a.low > b.low:
        return a.low, a.low_closed
    if b.low > a.low:
        return b.low, b.low_closed
    return a.low, a.low_closed and b.low_closed


def _earlier_high(a: ir.Interval, b: ir.Interval) -> tuple[Fraction | None, bool]:
    if a.high is None:
        return b.high, b.high_closed
    if b.high is None or a.high < b.high:
        return a.high, a.high_closed
    if b.high < a.high:
        return b.high, b.high_closed
    return a.high, a.high_closed and b.high_closed


def _nonempty(r: Region) -> bool:
    if r.low is None or r.high is None:
        return True
    return r.low < r.high or (r.low == r.high and r.low_closed and r.high_closed)


def no_multiple(region: Region, step: Fraction | None) -> bool:
    """Whether a region holds no multiple of ``step`` (so a value rounded to it never falls there)."""
    if step is None or region.low is None or region.high is None:
        return False
    k = math.ceil(region.low / step)
    if k * step == region.low and not region.low_closed:
        k += 1
    return not region.holds(k * step)
