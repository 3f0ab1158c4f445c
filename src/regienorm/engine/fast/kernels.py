"""Rule kinds decided in integers, without reasons: what :func:`regienorm.semantics.rules.compute`
decides for sums, shares, means, worst and best, from the symbols kept and their points.

A kernel is ``(kept symbols, points by symbol) -> symbol or None`` (None: no verdict, as when no
band covers a sum or a share's maximum is 0). Other rule kinds have none and are decided by the
semantics. tests/test_engine.py holds every kernel to the semantics over the rule case corpus.

Points are ints where a scale's are whole (the integer paths, unchanged) and Fractions where they
are not: the same code, exact either way. A share over inputs of several scales (``own``: each
symbol's points over its own scale's maximum) sums each input's points over its own maximum; worst and best over a
scale whose values share points go by the scale's declared order.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

from ... import ir

Kernel = Callable[[list[str], dict[str, Any]], "str | None"]  # points: int, or Fraction where not whole


def kernel(rule: ir.Rule, scale: ir.Scale, own: dict[str, Fraction] | None = None) -> Kernel | None:
    """The kernel of a rule, or None when its kind has none. ``own``: the inputs are on several
    scales of different maxima, and this is each symbol's points over its own scale's maximum."""
    body = rule.body
    if isinstance(body, ir.SumBands):
        return _sum_bands([(b.low, b.high, b.symbol) for b in body.bands])
    if isinstance(body, (ir.ShareThresholds, ir.MeanThresholds)):
        if any(not isinstance(t.bound, Fraction) for t in body.thresholds):
            return None
        thresholds = [(t.bound.numerator, t.bound.denominator, t.strict, t.symbol) for t in body.thresholds]
        if own is not None and isinstance(body, ir.ShareThresholds):  # each input over its own maximum
            return _own_share(thresholds, body.otherwise, own)
        return _share(thresholds, body.otherwise, scale.max_points if isinstance(body, ir.ShareThresholds) else 1)
    if isinstance(body, (ir.Worst, ir.Best)):
        if scale.shares_points:  # by the declared order: each symbol's rank stands in for its points
            ranks = {symbol: scale.rank(symbol) for symbol in points_by_symbol(scale)}
            extreme = _extreme(isinstance(body, ir.Worst))
            return lambda kept, points: extreme(kept, ranks)
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


def _share(thresholds: list[tuple[int, int, bool, str]], otherwise: str, per_input: int | Fraction) -> Kernel:
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


def _own_share(thresholds: list[tuple[int, int, bool, str]], otherwise: str, own: dict[str, Fraction]) -> Kernel:
    share = _share(thresholds, otherwise, 1)
    return lambda kept, points: share(kept, own)  # type: ignore[arg-type]


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


def points_by_symbol(*scales: ir.Scale) -> dict[str, int]:
    """Points by symbol and alias, as :meth:`ir.Scale.by_symbol` finds them (the first match wins),
    over one scale or several (whose symbols are all different: RN741)."""
    out: dict[str, int] = {}
    for scale in scales:
        for value in scale.values:
            for symbol in (value.symbol, *value.aliases):
                out.setdefault(symbol, value.points)  # type: ignore[arg-type]
    return out
