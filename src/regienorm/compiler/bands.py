"""Bands of sum rules: in order, without gaps or overlaps (RN301, RN302, RN304), and, where a rule
is used, covering every sum its inputs can reach and no sum they cannot (RN303, RN308)."""

from __future__ import annotations

from .. import ir
from ..source import Span
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
        elif b.low > a.high + 1:
            gap = f"{a.high + 1}" if b.low == a.high + 2 else f"{a.high + 1}..{b.low - 1}"
            state.err("RN301", f"no band covers {gap} points", b.span,
                      f"extend a band to cover {gap}", notes=[f"the band before the gap is at {a.span}"])
    if ordered and ordered[0].low > 0:
        state.err("RN301", f"no band covers 0..{ordered[0].low - 1} points", ordered[0].span,
                  "start the lowest band at 0: every input can be the lowest verdict")


def check_reach(state: Compilation, rule: ir.Rule, body: ir.SumBands, n: int, scale: ir.Scale, at: Span, where: str) -> None:
    """The bands of ``rule`` used at ``at`` to combine at most ``n`` inputs: RN303 for a band no sum
    reaches, RN308 for reachable sums no band covers."""
    reachable = reachable_sums(n, [int(v.points) for v in scale.values], rule)  # whole points only: the caller checks
    top = reachable[-1][1]
    for band in body.bands:
        if band.high > top:
            part = f"{band.low}..{band.high}" if band.low > top else f"{top + 1}..{band.high}"
            state.warn("RN303", f"band {band.low}..{band.high} is {'unreachable' if band.low > top else 'partly unreachable'} "
                       f"for {where}", band.span or at,
                       f"{n} inputs × {scale.max_points} points reach at most {top}; {part} can never occur",
                       notes=[f"rule `{rule.id}` is used at {at}"])
    missing = uncovered(reachable, [(band.low, band.high) for band in body.bands])
    if missing:
        state.err("RN308", f"no band of rule `{rule.id}` covers {ranges(missing)} points for {where}", at,
                  "extend the bands to every sum that can occur")


def reachable_sums(n: int, points: list[int], rule: ir.Rule) -> list[tuple[int, int]]:
    """Every sum of at most n scale points (skipped inputs make fewer), as sorted inclusive runs
    ``(low, high)`` — exact for small cases, the whole range ``0..n × max`` above 5000.

    Work and memory depend on the number of inputs and the 5000 cut-off, never on how large the
    points or bands are written (``scale { "+" a = 2000000000000 … }`` costs nothing extra)."""
    top = n * max(points)
    if top > EXACT_SUMS or min(points) < 0:  # negative points are an error of the scale (RN210)
        return [(0, top)]
    sums = 1  # a bit set: bit s is on when the sum s can occur
    reachable = 1
    for _ in range(n):
        step = 0
        for p in points:
            step |= sums << p
        sums = step
        reachable |= sums
    if rule.not_assessed is not ir.Policy.SKIP and rule.not_applicable is not ir.Policy.SKIP:
        reachable = sums
    bits = bin(reachable)[:1:-1]  # bit 0 first
    runs: list[tuple[int, int]] = []
    for s, bit in enumerate(bits):
        if bit == "1":
            if runs and runs[-1][1] == s - 1:
                runs[-1] = (runs[-1][0], s)
            else:
                runs.append((s, s))
    return runs


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


def ranges(runs: list[tuple[int, int]]) -> str:
    return ", ".join(f"{low}" if low == high else f"{low}..{high}" for low, high in runs)
