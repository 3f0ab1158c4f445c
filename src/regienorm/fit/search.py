"""Every parameter region that reproduces the most recorded verdicts, found exactly.

The places a rule decides are read from an assessment made once: each judgement the rule gave,
with its inputs as its reasons list them (after the rule's policies), and the printed verdicts
recorded for it. A parameter change changes only the verdict at those places; the places above
(a total over norms this rule decides, a group judged across its members) are not re-judged here:
the fit is per level, and ``--write`` re-evaluates the whole framework afterwards to show what the
new parameters change above.

Exactly, not on a grid: the verdict at a place changes only where a parameter crosses a number
that place compares it with (the share a threshold is compared with, the sum a band boundary is,
the value a table's constant is compared with). Those numbers cut each parameter's line into
points and the open intervals between them; inside one piece every place gives one verdict, so
trying one value per piece (and every combination of pieces) tries every behaviour the rule can
have. For a table, the numbers a constant is compared with are gathered while the semantics
evaluates the conditions (a probe standing for the constant notes what it is compared with), and
gathered again for the new pieces until no new number turns up.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from fractions import Fraction

from .. import ir
from ..semantics.aggregates import Undefined
from ..semantics.rules import threshold_value
from .constants import search_constants
from .parameters import CONSTANT, CUT, THRESHOLD, WEIGHT, Parameter, with_values
from .pieces import MAX_COMBINATIONS, Cell, TooMany, pieces, representative
from .places import Observation, Place, places, verdict
from .weights import search_weights


# ------------------------------------------------------------------------------------ the search
def _combinations(rule: ir.Rule, fitted: Sequence[Parameter], lines: Sequence[list[ir.Interval]]) -> list[tuple[ir.Interval, ...]]:
    total = 1
    for line in lines:
        total *= len(line)
    if total > MAX_COMBINATIONS:
        raise TooMany(total)
    combos = list(itertools.product(*lines))
    if any(p.kind == CUT for p in fitted):
        combos = [c for c in combos if _bands_keep_order(rule, fitted, c)]
    return combos


def _bands_keep_order(rule: ir.Rule, fitted: Sequence[Parameter], combo: Sequence[ir.Interval]) -> bool:
    """Every band keeps at least one point (the boundaries rise strictly inside the outer bounds)."""
    bands = rule.body.bands  # type: ignore[union-attr]
    cuts = [b.low for b in bands[1:]]
    for parameter, piece in zip(fitted, combo, strict=True):
        cuts[parameter.where] = int(representative(piece))
    edges = [bands[0].low, *cuts, bands[-1].high + 1]
    return all(a < b for a, b in itertools.pairwise(edges))


def search(rule: ir.Rule, fitted: Sequence[Parameter], found: Sequence[Place], scale: ir.Scale) -> list[Cell]:
    """Every combination of pieces of the fitted parameters, with the verdict it gives at each place."""
    lines: list[list[ir.Interval]]
    if fitted and fitted[0].kind == CUT:
        bands = rule.body.bands  # type: ignore[union-attr]
        lines = [[ir.Interval(Fraction(v), True, Fraction(v), True) for v in range(bands[0].low + 1, bands[-1].high + 1)]
                 for _ in fitted]
    elif fitted and fitted[0].kind == THRESHOLD:
        numbers = set()
        for place in found:
            try:
                numbers.add(threshold_value(rule.body, place.kept, scale))  # type: ignore[arg-type]
            except Undefined:
                continue
        lines = [pieces(numbers, p.value) for p in fitted]
    elif fitted and fitted[0].kind == WEIGHT:
        return search_weights(rule, fitted, found, scale)
    else:
        return search_constants(rule, fitted, found, scale)
    return [_cell(rule, fitted, combo, found, scale) for combo in _combinations(rule, fitted, lines)]


def _cell(rule: ir.Rule, fitted: Sequence[Parameter], combo: Sequence[ir.Interval], found: Sequence[Place],
          scale: ir.Scale) -> Cell:
    values = tuple(representative(p) for p in combo)
    changed = with_values(rule, list(zip(fitted, values, strict=True)))
    return Cell(tuple(combo), values, tuple(verdict(changed, place, scale) for place in found))


def fitted_parameters(all_parameters: Sequence[Parameter], chosen: Sequence[int] | None) -> list[Parameter]:
    """The parameters asked for; by default all, but a weighted rule's thresholds only (its
    weights are fitted when asked for, apart from its thresholds: see :mod:`.weights`)."""
    if not chosen:
        return [p for p in all_parameters if p.kind != WEIGHT]
    return [p for p in all_parameters if p.index in set(chosen)]


__all__ = ["CONSTANT", "Cell", "MAX_COMBINATIONS", "Observation", "Place", "TooMany", "fitted_parameters", "pieces",
           "places", "representative", "search", "verdict"]
