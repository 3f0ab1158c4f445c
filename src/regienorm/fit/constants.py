"""The constants of a table's conditions, fitted together without trying every combination.

A constant's line is cut at the numbers it is compared with, gathered while the semantics
evaluates the conditions (a probe standing for the constant notes every number it meets), again
for the new pieces until no new number turns up. Trying every combination of every constant's
pieces at every place multiplies quickly (the casebook's `enquete`: three constants whose pieces
make over a million combinations, each to be judged at twelve places). Two things keep it small:

* A case's condition holds or not by the constants written in it alone, and a table's verdict is
  the first case that holds. So the constants split into groups that share no case (`enquete`:
  the 1/2 and the 50 of its first case; the 60 of its second), each group is searched on its own,
  and only the *different* outcomes of each group (which of its cases hold at which place) are
  combined, with the boxes of values that give each outcome.
* Each case is judged at each place alone, over the pieces of that place's own numbers (its
  share, its means, its values): few. The pieces of all places together cut each line finer;
  every fine piece lies inside one piece of each place's own line, so what a case says there for
  a fine combination is read from that place's table, not judged again.

:data:`~.pieces.MAX_COMBINATIONS` bounds the combinations judged (per place and case) and those
read back (per group); :data:`MAX_CELLS` the boxes combined across groups. Which case holds first
is the semantics' own table, asked of a one-case table (:func:`_holds`).
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import attrs

from .. import ir
from .parameters import Parameter, with_values
from .pieces import MAX_COMBINATIONS, Cell, TooMany, merge, pieces, representative
from .places import Place, verdict

#: The most boxes of values combined across the groups of constants.
MAX_CELLS = 200_000


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


#: What a case says at a place: holds, does not, or cannot be worked out (an aggregate over nothing).
_TRUE, _FALSE = "\x00holds", "\x00fails"


def _holds(rule: ir.Rule, n: int, place: Place, scale: ir.Scale) -> bool | None:
    """Whether case ``n`` of ``rule``'s table holds at a place: the semantics asked of a table with
    that case alone (None where it cannot tell: the whole table then gives no verdict)."""
    body = rule.body
    assert isinstance(body, ir.Table)
    alone = attrs.evolve(rule, body=ir.Table((attrs.evolve(body.cases[n], symbol=_TRUE),), _FALSE, body.on_values))
    said = verdict(alone, place, scale)
    return None if said is None else said == _TRUE


def _first(rule: ir.Rule, truths: Sequence[bool | None]) -> str | None:
    """The verdict of the first case that holds, as :func:`~regienorm.semantics.rules.table_case`
    picks it (held to :func:`.places.verdict` by the tests at every cell's values)."""
    body = rule.body
    assert isinstance(body, ir.Table)
    for case, holds in zip(body.cases, truths, strict=True):
        if holds is None:
            return None
        if holds:
            return case.symbol
    return body.otherwise


@attrs.frozen
class _Own:
    """One case at one place: the place's own pieces of each constant in the case, and whether
    the case holds for each combination of them."""

    lines: tuple[tuple[ir.Interval, ...], ...]
    holds: dict[tuple[int, ...], bool | None]


def _own(rule: ir.Rule, n: int, fitted: Sequence[Parameter], place: Place, scale: ir.Scale) -> _Own:
    seen: dict[int, set[Fraction]] = {p.index: {p.value} for p in fitted}
    asked: dict[tuple[Fraction, ...], bool | None] = {}  # by values: a point stays a point in the next round
    while True:
        lines = [pieces(seen[p.index], p.value) for p in fitted]
        _bounded(len(line) for line in lines)
        before = {k: len(v) for k, v in seen.items()}
        holds = {}
        for combo in itertools.product(*(range(len(line)) for line in lines)):
            values = tuple(representative(line[i]) for line, i in zip(lines, combo, strict=True))
            if values not in asked:
                asked[values] = _holds(_probed(rule, list(zip(fitted, values, strict=True)), seen), n, place, scale)
            holds[combo] = asked[values]
        if all(len(seen[k]) == before[k] for k in seen):
            return _Own(tuple(tuple(line) for line in lines), holds)


def _bounded(sizes: Any, limit: int = MAX_COMBINATIONS) -> int:
    total = 1
    for size in sizes:
        total *= size
    if total > limit:
        raise TooMany(total)
    return total


def _inside(fine: Sequence[ir.Interval], coarse: Sequence[ir.Interval]) -> list[int]:
    """For each fine piece, the index of the coarse piece that holds it (every coarse breakpoint is a
    fine one, so one does)."""
    points = [c.low for c in coarse if c.low is not None and c.low == c.high]
    out = []
    for piece in fine:
        value = representative(piece)
        n = bisect.bisect_left(points, value)  # the pieces are (-inf, p0), [p0], (p0, p1), [p1], ...
        out.append(2 * n + 1 if n < len(points) and points[n] == value else 2 * n)
    return out


def _groups(cases: dict[int, list[int]], count: int) -> list[tuple[list[int], list[int]]]:
    """The fitted constants (by position) in groups that share no case, each with its cases."""
    group = list(range(count))

    def root(i: int) -> int:
        while group[i] != i:
            i = group[i]
        return i

    for members in cases.values():
        for other in members[1:]:
            group[root(other)] = root(members[0])
    out: dict[int, tuple[list[int], list[int]]] = {}
    for i in range(count):
        out.setdefault(root(i), ([], []))[0].append(i)
    for n, members in sorted(cases.items()):
        out[root(members[0])][1].append(n)
    return list(out.values())


def _outcomes(rule: ir.Rule, fitted: Sequence[Parameter], found: Sequence[Place], scale: ir.Scale,
              positions: list[int], cases: list[int], where: dict[int, list[int]]) -> dict[tuple[Any, ...], list[tuple[ir.Interval, ...]]]:
    """One group: what its cases say at every place, for each different outcome the boxes of the
    group's constants (merged) that give it."""
    own = {(p, n): _own(rule, n, [fitted[i] for i in where[n]], place, scale)
           for p, place in enumerate(found) for n in cases}
    lines = []
    for i in positions:
        numbers = {fitted[i].value}
        for (_, n), case in own.items():
            if i in where[n]:
                line = case.lines[where[n].index(i)]
                numbers.update(piece.low for piece in line if piece.low is not None and piece.low == piece.high)
        lines.append(pieces(numbers, fitted[i].value))
    _bounded(len(line) for line in lines)
    column = {i: k for k, i in enumerate(positions)}
    maps = {key: [_inside(lines[column[i]], case.lines[k]) for k, i in enumerate(where[key[1]])] for key, case in own.items()}
    boxes: dict[tuple[Any, ...], list[tuple[ir.Interval, ...]]] = {}
    for combo in itertools.product(*(range(len(line)) for line in lines)):
        outcome = tuple(case.holds[tuple(m[combo[column[i]]] for m, i in zip(maps[key], where[key[1]], strict=True))]
                        for key, case in own.items())
        boxes.setdefault(outcome, []).append(tuple(line[c] for line, c in zip(lines, combo, strict=True)))
    keys = list(own)
    return {tuple(zip(keys, outcome, strict=True)): merge(found_boxes, [False] * len(positions))
            for outcome, found_boxes in boxes.items()}


def search_constants(rule: ir.Rule, fitted: Sequence[Parameter], found: Sequence[Place], scale: ir.Scale) -> list[Cell]:
    """Every combination of outcomes of the groups of constants, as cells (one per box of values),
    with the verdict each gives at every place."""
    body = rule.body
    assert isinstance(body, ir.Table)
    where: dict[int, list[int]] = {}
    for i, parameter in enumerate(fitted):
        where.setdefault(parameter.where[0], []).append(i)
    fixed = {(p, n): _holds(rule, n, place, scale) for p, place in enumerate(found)
             for n in range(len(body.cases)) if n not in where}
    groups = _groups(where, len(fitted))
    outcomes = [list(_outcomes(rule, fitted, found, scale, positions, cases, where).items()) for positions, cases in groups]
    _bounded((sum(len(b) for _, b in group) for group in outcomes), MAX_CELLS)
    cells = []
    for chosen in itertools.product(*outcomes):
        said = dict(fixed)
        for outcome, _ in chosen:
            said.update(outcome)
        verdicts = tuple(_first(rule, [said[(p, n)] for n in range(len(body.cases))]) for p in range(len(found)))
        for parts in itertools.product(*(b for _, b in chosen)):
            box: list[ir.Interval | None] = [None] * len(fitted)
            for (positions, _), part in zip(groups, parts, strict=True):
                for i, piece in zip(positions, part, strict=True):
                    box[i] = piece
            full = tuple(p for p in box if p is not None)
            cells.append(Cell(full, tuple(representative(p) for p in full), verdicts))
    return cells
