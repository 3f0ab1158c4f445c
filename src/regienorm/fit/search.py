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
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any

import attrs

from .. import ir
from ..alternatives import rule_inputs, values_context
from ..evidence.model import Recorded
from ..judgement import Assessment, Judgement
from ..semantics.aggregates import Undefined
from ..semantics.conditions import Context
from ..semantics.rules import apply_policies, compute, table_trace, threshold_value
from .parameters import CONSTANT, CUT, THRESHOLD, Parameter, with_values

#: The most combinations of pieces tried (the product over the parameters fitted together).
MAX_COMBINATIONS = 40_000


class TooMany(Exception):
    """More combinations of pieces than :data:`MAX_COMBINATIONS`: fit fewer parameters together."""


@attrs.frozen
class Observation:
    """One printed verdict at a place the rule decides: the entity, the target, what the report
    printed, where (table and line), the record's id, the evidence it came from, and the
    arithmetic at that place (the rule's numbers, independent of the parameters)."""

    entity: str
    target: str
    printed: str
    table: str | None
    line: int | None
    record: str | None
    evidence: str
    arithmetic: str
    name: str | None = None  # the entity's name, when the evidence gives one

    @property
    def key(self) -> tuple[str, str, str, str, int | None, str | None]:
        return (self.evidence, self.entity, self.target, self.table or "", self.line, self.record)

    def describe(self, lang: str = "en") -> str:
        """``Nieuw-West opzet.4 (0+0+2 = 2 of 6 points = 0.333; printed -; Bijlage 3 l.8274)``."""
        where = self.table or "?"
        if self.line is not None:
            where += f" l.{self.line}"
        printed = "afgedrukt" if lang == "nl" else "printed"
        return f"{self.name or self.entity} {self.target} ({self.arithmetic}; {printed} {self.printed}; {where})"


@attrs.frozen
class Place:
    """A judgement the rule decided, with what the rule computes from (inputs kept, or the records
    of a table on values) and the printed verdicts recorded for it."""

    evidence: str
    judgement: Judgement
    kept: Any  # list[Input] for a rule on verdicts, a Context for a table on values
    observations: tuple[Observation, ...]


def _arithmetic(rule: ir.Rule, kept: Any, scale: ir.Scale) -> str:
    """What the rule's numbers are at a place, without the step that the parameters decide."""
    try:
        if rule.on_values or isinstance(rule.body, ir.Table):
            ctx = kept if isinstance(kept, Context) else Context(kept, {}, scale)
            return table_trace(rule.body, ctx)[1]  # type: ignore[arg-type]
        text = compute(rule.body, kept, scale)[1]
    except Undefined as exc:
        return str(exc)
    return text.rsplit("; ", 1)[0] if isinstance(rule.body, (ir.ShareThresholds, ir.MeanThresholds, ir.Weighted)) \
        else text.split("; band", 1)[0].split("; no band", 1)[0]


def places(framework: ir.Framework, rule: ir.Rule, assessments: Sequence[tuple[str, Assessment]],
           members: dict[str, dict[str, Sequence[str]]] | None = None,
           tables: Sequence[str] | None = None) -> list[Place]:
    """The places ``rule`` decides in the assessments (each named by its evidence), with the
    printed verdicts recorded there (only those from ``tables`` when given). A place where the rule
    gave no verdict because an input's policy propagated, or every input was skipped, is left out:
    no parameter changes that."""
    out = []
    for name, assessment in assessments:
        names = {entity: shown for entity, shown, _ in assessment.entities}
        for j in assessment:
            if j.rule != rule.id or not j.reasons:
                continue
            kept: Any
            if rule.on_values:
                kept = values_context(j, (members or {}).get(name), framework.scale)
            else:
                kept = apply_policies(rule, rule_inputs(j), framework.scale, None)
                if not kept:
                    continue
            arithmetic = _arithmetic(rule, kept, framework.scale)
            observations = tuple(
                Observation(j.entity, j.target, r.verdict or "", r.source.table, r.source.line, r.record, name, arithmetic,
                            names.get(j.entity))
                for r in j.recorded if _counts(r, tables))
            out.append(Place(name, j, kept, observations))
    return out


def _counts(record: Recorded, tables: Sequence[str] | None) -> bool:
    return record.verdict is not None and (tables is None or record.source.table in tables)


def verdict(rule: ir.Rule, place: Place, scale: ir.Scale) -> str | None:
    """The verdict ``rule`` gives at a place: the semantics' own :func:`compute` (None: no verdict)."""
    try:
        if rule.on_values:
            return table_trace(rule.body, place.kept)[0]  # type: ignore[arg-type]
        return compute(rule.body, place.kept, scale)[0]
    except Undefined:
        return None


# ------------------------------------------------------------------------------------ pieces
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


class _Probe(Fraction):
    """A table's constant that notes every number it is compared with."""

    seen: set[Fraction]

    def __new__(cls, value: Fraction, seen: set[Fraction]) -> _Probe:
        self = super().__new__(cls, value)
        self.seen = seen
        return self

    def _note(self, other: Any) -> Fraction:
        if isinstance(other, (int, Fraction)) and not isinstance(other, bool):
            self.seen.add(Fraction(other))
        return Fraction(self.numerator, self.denominator)

    def __lt__(self, other: Any) -> bool:
        return self._note(other) < other

    def __le__(self, other: Any) -> bool:
        return self._note(other) <= other

    def __gt__(self, other: Any) -> bool:
        return self._note(other) > other

    def __ge__(self, other: Any) -> bool:
        return self._note(other) >= other

    def __eq__(self, other: Any) -> bool:
        return self._note(other) == other

    def __ne__(self, other: Any) -> bool:
        return self._note(other) != other

    __hash__ = Fraction.__hash__


def _probed(rule: ir.Rule, chosen: Sequence[tuple[Parameter, Fraction]], seen: dict[int, set[Fraction]]) -> ir.Rule:
    probed = with_values(rule, chosen)
    body = probed.body
    assert isinstance(body, ir.Table)
    cases = list(body.cases)
    for parameter, value in chosen:
        n, path = parameter.where
        cases[n] = attrs.evolve(cases[n], condition=_put(cases[n].condition, path, _Probe(value, seen[parameter.index])))
    return attrs.evolve(probed, body=attrs.evolve(body, cases=tuple(cases)))


def _put(node: Any, path: Sequence[Any], probe: _Probe) -> Any:
    if len(path) == 1:
        const = getattr(node, path[0])
        # attrs' evolve would keep the Fraction; set the probe itself as the constant's value
        new = ir.Const.__new__(ir.Const)
        object.__setattr__(new, "value", probe)
        object.__setattr__(new, "span", const.span)
        return attrs.evolve(node, **{path[0]: new})
    step, rest = path[0], path[1:]
    if isinstance(step, int):
        items = list(node)
        items[step] = _put(items[step], rest, probe)
        return tuple(items)
    return attrs.evolve(node, **{step: _put(getattr(node, step), rest, probe)})


# ------------------------------------------------------------------------------------ the search
@attrs.frozen
class Cell:
    """One combination of pieces, one per parameter fitted, with the verdict at every place."""

    pieces: tuple[ir.Interval, ...]
    values: tuple[Fraction, ...]
    verdicts: tuple[str | None, ...]


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
    else:
        return _search_constants(rule, fitted, found, scale)
    return [_cell(rule, fitted, combo, found, scale) for combo in _combinations(rule, fitted, lines)]


def _cell(rule: ir.Rule, fitted: Sequence[Parameter], combo: Sequence[ir.Interval], found: Sequence[Place],
          scale: ir.Scale) -> Cell:
    values = tuple(representative(p) for p in combo)
    changed = with_values(rule, list(zip(fitted, values, strict=True)))
    return Cell(tuple(combo), values, tuple(verdict(changed, place, scale) for place in found))


def _search_constants(rule: ir.Rule, fitted: Sequence[Parameter], found: Sequence[Place], scale: ir.Scale) -> list[Cell]:
    seen: dict[int, set[Fraction]] = {p.index: {p.value} for p in fitted}
    while True:
        lines = [pieces(seen[p.index], p.value) for p in fitted]
        before = {k: len(v) for k, v in seen.items()}
        cells = []
        for combo in _combinations(rule, fitted, lines):
            values = tuple(representative(p) for p in combo)
            probed = _probed(rule, list(zip(fitted, values, strict=True)), seen)
            cells.append(Cell(tuple(combo), values, tuple(verdict(probed, place, scale) for place in found)))
        if all(len(seen[k]) == before[k] for k in seen):
            return cells


def fitted_parameters(all_parameters: Sequence[Parameter], chosen: Sequence[int] | None) -> list[Parameter]:
    if not chosen:
        return list(all_parameters)
    return [p for p in all_parameters if p.index in set(chosen)]


__all__ = ["CONSTANT", "Cell", "MAX_COMBINATIONS", "Observation", "Place", "TooMany", "fitted_parameters", "pieces",
           "places", "representative", "search", "verdict"]
