"""Rule kinds decided in integers, without reasons: what :func:`regienorm.semantics.rules.compute`
decides for sums, shares, means, worst and best, from the symbols kept and their points.

A kernel is ``(kept symbols, points by symbol) -> symbol or None`` (None: no verdict, as when no
band covers a sum or a share's maximum is 0). Other rule kinds have none and are decided by the
semantics. tests/test_engine.py holds every kernel to the semantics over the rule case corpus.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

from ... import ir

Kernel = Callable[[list[str], dict[str, int]], "str | None"]


def kernel(rule: ir.Rule, scale: ir.Scale) -> Kernel | None:
    """The integer kernel of a rule, or None when its kind has none."""
    body = rule.body
    if isinstance(body, ir.SumBands):
        return _sum_bands([(b.low, b.high, b.symbol) for b in body.bands])
    if isinstance(body, (ir.ShareThresholds, ir.MeanThresholds)):
        if any(not isinstance(t.bound, Fraction) for t in body.thresholds):
            return None
        thresholds = [(t.bound.numerator, t.bound.denominator, t.strict, t.symbol) for t in body.thresholds]
        return _share(thresholds, body.otherwise, scale.max_points if isinstance(body, ir.ShareThresholds) else 1)
    if isinstance(body, (ir.Worst, ir.Best)):
        return _extreme(isinstance(body, ir.Worst))
    return None


def _sum_bands(bands: list[tuple[int, int, str]]) -> Kernel:
    def sum_bands(kept: list[str], points: dict[str, int]) -> str | None:
        total = 0
        for symbol in kept:
            total += points[symbol]
        for low, high, symbol in bands:
            if low <= total <= high:
                return symbol
        return None
    return sum_bands


def _share(thresholds: list[tuple[int, int, bool, str]], otherwise: str, per_input: int) -> Kernel:
    def share(kept: list[str], points: dict[str, int]) -> str | None:
        total = 0
        for symbol in kept:
            total += points[symbol]
        maximum = len(kept) * per_input
        if maximum == 0:
            return None  # the share is undefined: not assessed
        for numerator, denominator, strict, symbol in thresholds:  # total/maximum against n/d
            if (total * denominator > numerator * maximum) if strict else (total * denominator >= numerator * maximum):
                return symbol
        return otherwise
    return share


def _extreme(worst: bool) -> Kernel:
    def extreme(kept: list[str], points: dict[str, int]) -> str | None:
        chosen = kept[0]
        best = points[chosen]
        for symbol in kept:
            p = points[symbol]
            if (p < best) if worst else (p > best):
                chosen, best = symbol, p
        return chosen
    return extreme


def points_by_symbol(scale: ir.Scale) -> dict[str, int]:
    """Points by symbol and alias, as :meth:`ir.Scale.by_symbol` finds them (the first match wins)."""
    out: dict[str, int] = {}
    for value in scale.values:
        for symbol in (value.symbol, *value.aliases):
            out.setdefault(symbol, value.points)
    return out
