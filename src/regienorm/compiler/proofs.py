"""What `check` proves about decisions: every ``band`` and every division against the values its
subject can really take (RN706, RN707, RN709).

When everything the decisions read has few values (category and truth inputs, and the parts of
targets tried as multisets), every combination is evaluated by the semantics' own ``evaluate``
and what occurs is certain; otherwise the reach of :mod:`.reach` (intervals and rounding steps)
stands in, and a gap outside declared ranges is only a warning. :mod:`.decisions` resolves and
types the decisions first, and calls these once they are resolved.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Mapping, Sequence
from fractions import Fraction
from typing import Any

import attrs

from .. import ir
from ..judgement import Status
from ..language.shape import DecisionDecl
from ..semantics.decisions import (
    SCALE_KEY,
    DecisionError,
    NoValue,
    Uncovered,
    evaluate,
    expr_text,
    interval_text,
    parts_key,
    subexpressions,
    value_text,
    walk,
)
from ..semantics.outcomes import Conflict
from ..semantics.rules import Input
from ..semantics.tables import Hit
from .reach import Reach, reach_of
from .state import Compilation
from .table_proofs import Watched, check_watched, column_numbers, table_reach


def fields_in(expr: ir.Expr) -> Iterator[ir.Field]:
    """Every name of an expression as shaped (before it is resolved to inputs and decisions)."""
    return (e for e in walk(expr) if isinstance(e, ir.Field))


def targets_read(expr: ir.Expr) -> list[str]:
    """The targets whose parts an expression aggregates, each once, in the order written."""
    out: dict[str, None] = {}
    stack = [expr]
    while stack:
        e = stack.pop()
        if isinstance(e, ir.Call) and e.of is not None:
            out.setdefault(e.of)
        stack.extend(reversed(subexpressions(e)))
    return list(out)


#: At most this many combinations of inputs are tried one by one to check bands exactly (CVSS's
#: eight base metrics have 2,592); past it, or with a number input, bands are checked against
#: intervals, which can hold values that never occur (reported as warnings then).
MAX_COMBINATIONS = 100_000


@attrs.frozen
class Space:
    """What the decisions read that has few values: inputs (categories, truths) and the parts of
    targets (each judged on the scale, or not judged)."""

    inputs: list[ir.InputDecl]
    parts: list[tuple[str, int]]  # (target, number of parts)
    scale: ir.Scale | None
    numbers: dict[str, list[Any]] = attrs.field(factory=dict)  # number and date inputs read only as table columns
    #: with several scales, each target's parts' own (their one scale, or every value of theirs)
    scales: dict[str, ir.Scale] = attrs.field(factory=dict)


def finite_inputs(inputs: dict[str, ir.InputDecl], decisions: dict[str, DecisionDecl],
                  parts: dict[str, tuple[str, ...]], scale: ir.Scale | None,
                  scales: dict[str, ir.Scale] | None = None) -> Space | None:
    """What the decisions read, when everything has few values (categories, truths, the parts of
    targets) and all their combinations can be tried; else None. Parts are tried as multisets:
    every aggregate over parts is symmetric."""
    used: dict[str, None] = {}
    targets: dict[str, None] = {}
    for decl in decisions.values():
        for f in fields_in(decl.expr):
            if f.name in inputs:
                used.setdefault(f.name)
        for t in targets_read(decl.expr):
            targets.setdefault(t)
    chosen = [i for i in inputs.values() if i.id in used]  # in declaration order: examples read as declared
    numbers = column_numbers(decisions.values(), inputs)
    sizes = [(t, len(parts[t])) for t in targets if t in parts]
    count = 1
    scales = scales or {}
    for t, n in sizes:
        if scale is None:
            return None
        on = scales.get(t, scale)
        count *= math.comb(n + len(on.values), len(on.values))
        if count > MAX_COMBINATIONS:
            return None
    for item in chosen:
        if item.kind is ir.Kind.CATEGORY:
            count *= len(item.choices)
        elif item.kind is ir.Kind.TRUTH:
            count *= 2
        elif item.id in numbers:
            count *= len(numbers[item.id])
        else:
            return None
        if count > MAX_COMBINATIONS:
            return None
    return Space(chosen, sizes, scale, numbers, {t: scales[t] for t, _ in sizes if t in scales})


def _part_sets(target: str, n: int, scale: ir.Scale) -> list[list[Input]]:
    """Every multiset of outcomes of a target's n parts: each judged on the scale or not judged."""
    outcomes: list[ir.ScaleValue | None] = [None, *scale.values]
    out = []
    for chosen in itertools.combinations_with_replacement(range(len(outcomes)), n):
        out.append([Input(f"{target}.{k}", Status.JUDGED, outcomes[c].symbol, outcomes[c].points)  # type: ignore[union-attr]
                    for k, c in enumerate(chosen) if c != 0])
    return out


def check_every_combination(state: Compilation, decisions: list[ir.Decision], space: Space) -> None:
    """Evaluate every decision for every combination of its inputs (each decision once per
    combination of the values it reads), and check every band against the values its subject
    really takes, and every division: an uncovered value or a division by zero is an error, with
    the inputs that give it."""
    inputs = space.inputs
    values: list[Sequence[Any]] = [i.choices if i.kind is ir.Kind.CATEGORY else space.numbers[i.id]
                                   if i.kind in (ir.Kind.NUMBER, ir.Kind.DATE) else (True, False) for i in inputs]
    names: list[Any] = [i.id for i in inputs]
    for target, n in space.parts:
        assert space.scale is not None
        values.append(_part_sets(target, n, space.scales.get(target, space.scale)))
        names.append(parts_key(target))
    subjects: dict[int, dict[Fraction, dict[str, Any]]] = {}
    bands: dict[int, ir.BandOf] = {}
    failed: dict[str, tuple[str, dict[str, Any]]] = {}
    memo: list[dict[tuple[Any, ...], Any]] = [{} for _ in decisions]
    tables: dict[int, Watched] = {}
    for combination in itertools.product(*values):
        env: dict[Any, Any] = dict(zip(names, combination, strict=True))
        if space.parts:
            env[SCALE_KEY] = space.scale
            for target, on in space.scales.items():
                env[("scale", target)] = on

        def watch(node: Any, seen: Any, env: dict[Any, Any] = env) -> None:
            if isinstance(node, ir.TableOf):
                assert isinstance(seen, Hit)
                tables.setdefault(id(node), Watched(node)).add(seen, lambda: {n: env[n] for n in names})
                return
            bands[id(node)] = node
            subjects.setdefault(id(node), {}).setdefault(seen, {n: env[n] for n in names})

        for decision, seen in zip(decisions, memo, strict=True):
            key = tuple(_identity(env.get(u)) for u in decision.uses) + tuple(
                tuple(i.points for i in env[parts_key(t)]) for t in decision.parts if parts_key(t) in env)
            if key in seen:
                env[decision.id] = seen[key]
                continue
            try:
                result: Any = evaluate(decision.expr, env, None, watch)
            except (NoValue, DecisionError) as exc:
                result = exc
                if isinstance(exc, DecisionError) and not isinstance(exc, (Uncovered, Conflict)) and \
                        decision.id not in failed and \
                        not any(isinstance(env.get(u), (NoValue, DecisionError)) for u in decision.uses):
                    failed[decision.id] = (str(exc), {n: env[n] for n in names})
            seen[key] = env[decision.id] = result
    for decision in decisions:
        if decision.id in failed:
            problem, example = failed[decision.id]
            state.err("RN709", f"decision `{decision.id}` fails for some inputs: {problem}", decision.span,
                      "guard the arithmetic with `if`, or cover every value",
                      notes=(f"for example with {_combination_text(example)}",))
    if not failed:
        check_watched(state, tables.values(), _combination_text)
    for node_id, node in bands.items():
        if failed:
            break  # the band errors would only repeat the failure above
        found = subjects[node_id]
        check_bands(state, node, Reach(frozenset(found)), examples=found)


def _identity(value: Any) -> Any:
    """A memo key part: an outcome without a value stands for itself."""
    return ("no value", id(value)) if isinstance(value, (NoValue, DecisionError)) else (type(value), value)


def _combination_text(example: dict[Any, Any]) -> str:
    shown = []
    for k, v in example.items():
        if isinstance(k, tuple):  # the parts of a target
            points = ", ".join(str(i.points) for i in v) or "none"
            shown.append(f"{len(v)} parts of `{k[1]}` judged, with points {points}")
        else:
            shown.append(f"{k} = {value_text(v)}")
    return "; ".join(shown)


def _example_note(examples: Mapping[Fraction, dict[str, Any] | str] | None, point: Fraction) -> tuple[str, ...]:
    """The case that gives ``point``: the inputs of a decision, or (a text) a score's node and case."""
    if not examples or point not in examples:
        return ()
    example = examples[point]
    if isinstance(example, str):
        return (f"for example at {example}",)
    return (f"for example with {_combination_text(example)}",)


# ------------------------------------------------------------------------------------ reachable values
def check_reach(state: Compilation, expr: ir.Expr, inputs: dict[str, ir.InputDecl],
                 reaches: dict[str, Reach], *, bands: bool,
                 labels: Any = lambda e: None) -> Reach:
    """The values the decision can take, checking every division (RN709) and, with ``bands``, every
    band (RN706, RN707) on the way."""

    def on_band(node: ir.BandOf, subject: Reach) -> None:
        if bands:  # an exact interval (a number input's declared range, moved) holds only values that occur
            check_bands(state, node, subject, proven=subject.exact)

    def on_division(node: ir.Arith, divisor: Reach) -> None:
        if divisor.values == frozenset({Fraction(0)}):
            state.err("RN709", f"{expr_text(node)} divides by zero whatever the inputs", node.span,
                      "divide by something that is not 0")

    def on_table(node: ir.TableOf, go: Any) -> Reach:
        return table_reach(state, node, go, labels, check=bands)

    return reach_of(expr, inputs, reaches, on_band=on_band, on_division=on_division, on_table=on_table)


def check_bands(state: Compilation, node: ir.BandOf, subject: Reach, *, proven: bool = True,
                examples: Mapping[Fraction, dict[str, Any] | str] | None = None) -> None:
    """Every value the subject can take falls in exactly one band (or ``otherwise``): overlaps are
    RN707, gaps RN706 with an example value and the bands around it. ``proven``: the subject's
    values are exactly those that occur (``examples`` gives the inputs of each), so a gap is an
    error; else the values are an interval around them, and a gap within its bounds a warning."""
    intervals = [a.interval for a in node.arms]
    subject_text = expr_text(node.subject)
    overlap_reported: set[tuple[int, int]] = set()
    for point in subject.samples(intervals):
        holding = [i for i, iv in enumerate(intervals) if iv.contains(point)]
        if len(holding) > 1:
            pair = (holding[0], holding[1])
            if pair not in overlap_reported:
                overlap_reported.add(pair)
                a, b = node.arms[pair[0]], node.arms[pair[1]]
                state.err("RN707", f"the bands {interval_text(a.interval)} and {interval_text(b.interval)} of "
                          f"{subject_text} both hold {value_text(point, exact=True)}", b.span,
                          "a value must fall in one band: make one end open, for example `[0..4)`",
                          notes=_example_note(examples, point))
        if not holding and node.otherwise is None:
            below = [iv for iv in intervals if iv.high is not None and iv.high <= point]
            above = [iv for iv in intervals if iv.low is not None and iv.low >= point]
            around = []
            if below:
                around.append(f"the band ending at {value_text(max(iv.high for iv in below))}")  # type: ignore[type-var]
            if above:
                around.append(f"the band starting at {value_text(min(iv.low for iv in above))}")  # type: ignore[type-var]
            where = " between " + " and ".join(around) if len(around) == 2 else (
                f" outside every band ({around[0]})" if around else "")
            real = proven or subject.within_bounds(point)
            shown = value_text(point, exact=True)  # the value itself, not a rounding of it
            message = (f"{subject_text} can be {shown}, which falls{where}" if real else
                       f"if {subject_text} can be {shown}, it falls{where}")
            help_text = ("close the gap, or add `otherwise -> …`" if real else
                         "declare the range of the inputs it is computed from, or add `otherwise -> …`")
            notes = (*_example_note(examples, point), subject.describe())
            if proven:
                state.err("RN706", message, node.span, help_text, notes=notes)
            else:
                state.warn("RN706", message, node.span, help_text, notes=notes)
            return  # one gap per table is enough to see what is wrong
