"""Bands of sum rules: in order, without gaps or overlaps (RN301, RN302, RN304), and, where a rule
is used, covering every sum its inputs can reach and no sum they cannot (RN303, RN308)."""

from __future__ import annotations

import math
from fractions import Fraction

import attrs

from .. import ir
from ..source import Span
from ..values import value_text
from .names import check_symbol
from .state import Compilation

#: Above this many points the reachable sums are taken to be the whole range (exact below).
EXACT_SUMS = 5000


def check_bands(state: Compilation, body: ir.SumBands, scale: ir.Scale, why: str | None = None) -> None:
    """The bands of one rule, on their own: verdicts on the scale, forwards, no gaps or overlaps."""
    for band in body.bands:
        check_symbol(state, band.symbol, scale, band.span, why)
        if band.low > band.high:
            state.err("RN304", f"band {band.low}..{band.high} runs backwards", band.span,
                      f"write it as {band.high}..{band.low}")
    ordered = sorted(body.bands, key=lambda b: (b.low, b.high))
    for a, b in zip(ordered, ordered[1:], strict=False):
        if b.low <= a.high:
            state.err("RN302", f"bands {a.low}..{a.high} and {b.low}..{b.high} overlap", b.span,
                      f"start this band at {a.high + 1}", notes=[f"the other band is at {a.span}"])
    if ordered and ordered[0].low > 0:
        state.err("RN301", f"no band covers 0..{ordered[0].low - 1} points", ordered[0].span,
                  "start the lowest band at 0: every input can be the lowest verdict")


def check_gaps(state: Compilation, body: ir.SumBands, scale: ir.Scale) -> None:
    """RN301 for the gaps between the bands of a rule that is not used where its inputs are known
    (where it is, :func:`check_reach` reports the sums that can occur there and no others): the
    sums between two bands that some number of the scale's verdicts adds up to."""
    ordered = sorted(body.bands, key=lambda b: (b.low, b.high))
    points = [Fraction(v.points) for v in scale.values]
    unit = math.lcm(*(p.denominator for p in points)) if points else 1
    for a, b in zip(ordered, ordered[1:], strict=False):
        if b.low <= a.high:
            continue  # RN302
        between = [s for s in _any_count_sums(points, unit, b.low * unit - 1) if s > a.high * unit]
        if not between:
            continue  # no input can fall there (the scale's points are all even, say)
        first, last = Fraction(between[0], unit), Fraction(between[-1], unit)
        gap = _text(first) if first == last else f"{_text(first)}..{_text(last)}"
        state.err("RN301", f"no band covers {gap} points", b.span,
                  f"extend a band to cover {gap}", notes=[f"the band before the gap is at {a.span}"])


def _any_count_sums(points: list[Fraction], unit: int, upto: int) -> list[int]:
    """The sums up to ``upto`` (in units) of any number of the points, in order; every number up to
    ``upto`` when that is past :data:`EXACT_SUMS` (too far to work out: taken to be reachable)."""
    if upto > EXACT_SUMS or any(p < 0 for p in points):
        return list(range(max(upto - EXACT_SUMS, 0), upto + 1))
    steps = sorted({int(p * unit) for p in points if p > 0})
    reachable = [True] + [False] * upto
    for s in range(1, upto + 1):
        reachable[s] = any(s >= q and reachable[s - q] for q in steps)
    return [s for s, ok in enumerate(reachable) if ok]


def rule_outputs(rule: ir.Rule, inputs: frozenset[str]) -> frozenset[str]:
    """The verdicts ``rule`` can give when its inputs are verdicts among ``inputs``: what it writes
    (bands, thresholds, cases, then and otherwise), or, for worst, best and majority, what it is given."""
    body = rule.body
    if isinstance(body, ir.SumBands):
        return frozenset(b.symbol for b in body.bands)
    if isinstance(body, (ir.ShareThresholds, ir.MeanThresholds, ir.Weighted)):
        return frozenset({*(t.symbol for t in body.thresholds), body.otherwise})
    if isinstance(body, (ir.AtLeast, ir.AllOf, ir.AnyOf)):
        return frozenset({body.then, body.otherwise})
    if isinstance(body, ir.Table):
        return frozenset({*(c.symbol for c in body.cases), body.otherwise})
    return inputs  # worst, best, majority: one of the verdicts given


@attrs.frozen
class Use:
    """What a rule combines where it is used: per role, the verdicts each input can have (as
    points), and whether an input may be left out (not assessed or not applicable, and skipped)."""

    roles: tuple[tuple[tuple[Fraction, ...], ...], ...]
    may_skip: bool

    @property
    def widest(self) -> int:
        return max((len(r) for r in self.roles), default=0)


def check_reach(state: Compilation, rule: ir.Rule, body: ir.SumBands, use: Use, scale: ir.Scale, at: Span,
                where: str, *, several: bool = False) -> None:
    """The bands of ``rule`` used at ``at``: RN303 for a band no sum reaches, RN308 for reachable
    sums no band covers, with one set of inputs that gives the first. ``several``: the inputs are
    on several scales (``use`` holds each input's own points)."""
    sums = Sums(use)
    top = sums.top
    n = use.widest
    for band in body.bands:
        if band.high > top:
            part = f"{band.low}..{band.high}" if band.low > top else f"{_text(top + 1 if top.denominator == 1 else top)}..{band.high}"
            state.warn("RN303", f"band {band.low}..{band.high} is {'unreachable' if band.low > top else 'partly unreachable'} "
                       f"for {where}", band.span or at,
                       (f"{n} inputs, each on its own scale, reach at most {_text(top)}" if several else
                        f"{n} inputs × {scale.max_points} points reach at most {_text(top)}") + f"; {part} can never occur",
                       notes=[f"rule `{rule.id}` is used at {at}"])
    missing = sums.uncovered([(band.low, band.high) for band in body.bands])
    if missing:
        example = sums.example(missing[0][0])
        state.err("RN308", f"no band of rule `{rule.id}` covers {sums.ranges(missing)} points for {where}", at,
                  "extend the bands to every sum that can occur",
                  notes=[f"for example when {len(example)} inputs are judged, with points "
                         f"{', '.join(_text(p) for p in example) or 'none'}"] if example is not None else [])


class Sums:
    """Every sum the inputs of a use can reach, exactly below :data:`EXACT_SUMS` (in units of the
    points' common denominator), else the whole range ``0..top``.

    Work and memory depend on the number of inputs and the cut-off, never on how large the points
    or bands are written (``scale { "+" a = 2000000000000 … }`` costs nothing extra)."""

    def __init__(self, use: Use) -> None:
        points = [p for role in use.roles for inp in role for p in inp]
        self.unit = math.lcm(*(Fraction(p).denominator for p in points)) if points else 1
        self.top = max((sum((max(inp, default=Fraction(0)) for inp in role), Fraction(0)) for role in use.roles),
                       default=Fraction(0))
        self.use = use
        scaled_top = self.top * self.unit
        self.exact = scaled_top <= EXACT_SUMS and all(p >= 0 for p in points)  # negative points: RN210
        self.bits = 0
        self.steps: list[list[int]] = []
        if self.exact:
            for role in use.roles:
                self.steps.append(self._role_steps(role))
                self.bits |= self.steps[-1][-1]

    def _role_steps(self, role: tuple[tuple[Fraction, ...], ...]) -> list[int]:
        """The bit sets after each input (bit s: the sum s / unit can occur)."""
        sums = 1
        out = [sums]
        for inp in role:
            step = sums if self.use.may_skip else 0
            for p in inp:
                step |= sums << int(p * self.unit)
            sums = step
            out.append(sums)
        return out

    def runs(self) -> list[tuple[int, int]]:
        """The reachable sums (in units) as sorted inclusive runs."""
        if not self.exact:
            return [(0, int(self.top * self.unit))]
        bits = bin(self.bits)[:1:-1]  # bit 0 first
        runs: list[tuple[int, int]] = []
        for s, bit in enumerate(bits):
            if bit == "1":
                if runs and runs[-1][1] == s - 1:
                    runs[-1] = (runs[-1][0], s)
                else:
                    runs.append((s, s))
        return runs

    def uncovered(self, bands: list[tuple[int, int]]) -> list[tuple[int, int]]:
        return uncovered(self.runs(), [(low * self.unit, high * self.unit) for low, high in bands])

    def ranges(self, runs: list[tuple[int, int]]) -> str:
        return ", ".join(_text(Fraction(low, self.unit)) if low == high else
                         f"{_text(Fraction(low, self.unit))}..{_text(Fraction(high, self.unit))}" for low, high in runs)

    def example(self, total: int) -> list[Fraction] | None:
        """Points of the inputs of one role that add up to ``total`` units (None past the exact range)."""
        if not self.exact:
            return None
        for role, steps in zip(self.use.roles, self.steps, strict=True):
            if not steps[-1] >> total & 1:
                continue
            chosen: list[Fraction] = []
            s = total
            for k in range(len(role), 0, -1):
                before = steps[k - 1]
                pick = next((p for p in sorted(role[k - 1], reverse=True) if s >= p * self.unit
                             and before >> (s - int(p * self.unit)) & 1), None)
                if pick is None:  # left out (skipped)
                    continue
                chosen.append(pick)
                s -= int(pick * self.unit)
            return sorted(chosen, reverse=True)
        return None


def _text(value: Fraction | int) -> str:
    return value_text(Fraction(value))


def uncovered(runs: list[tuple[int, int]], bands: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of the sorted runs that no band (inclusive ``low..high``) covers, as runs."""
    merged: list[tuple[int, int]] = []
    for low, high in sorted(b for b in bands if b[0] <= b[1]):
        if merged and low <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    out: list[tuple[int, int]] = []
    i = 0
    for low, high in runs:
        start = low
        while i < len(merged) and merged[i][1] < start:
            i += 1
        j = i
        while start <= high:
            if j < len(merged) and merged[j][0] <= start:
                start = merged[j][1] + 1
                j += 1
                continue
            stop = min(high, merged[j][0] - 1) if j < len(merged) else high
            out.append((start, stop))
            start = stop + 1
    return out
