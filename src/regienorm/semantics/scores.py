"""What a score means: its value at every node of a normenkader's tree, from the verdicts below.

A score (``ir.Score``) is a named result computed at each norm (``norm =``, from the norm's own
verdict and weight, and its judged toetsaspecten ``of parts``), at each group and at the normenkader itself (``group =``, over the node's
judged children, ``of parts``, or every judged norm below it, ``of norms``). A norm *counts* when
it is judged with a verdict; a group counts when something below it counts. Where nothing below a
node counts, the score has the value the framework declares (``when nothing counts -> …``) or no
value. XCCDF's default, flat, flat-unweighted and absolute models are four such scores
(``frameworks/cookbook/xccdf-scoring``).

Pure functions over plain values, walked bottom-up; the engine (:mod:`regienorm.engine.scores`)
turns each value into a judgement.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from fractions import Fraction
from typing import Any

import attrs

from .. import ir
from ..judgement import Status
from .decisions import SCALE_KEY, DecisionError, NoValue, Step, evaluate, parts_key, subexpressions

#: A target's outcome as scores read it: (status, verdict, points).
Outcome = tuple[Status, "str | None", "int | None"]


class Part:
    """A counted child of a node, or a counted norm below it, as an aggregate reads it: its
    ``points`` (and ``verdict``, read as its points), ``weight``, and its value of every score."""

    __slots__ = ("label", "status", "symbol", "points", "weight", "values")

    def __init__(self, label: str, symbol: str | None, points: int | None, weight: Fraction,
                 values: Mapping[str, Any]) -> None:
        self.label = label
        self.status = Status.JUDGED
        self.symbol = symbol
        self.points = points
        self.weight = weight
        self.values = values

    def __getattr__(self, name: str) -> Any:  # a score's value at this part (None: it has none)
        value = self.values.get(name) if name != "values" else None
        return value if isinstance(value, Fraction) else None


@attrs.frozen
class NodeValue:
    """One score at one node: its value (or the NoValue/DecisionError it is instead) and the steps
    that explain it."""

    node: str  # the node's target: a norm, a group, or the normenkader
    level: str  # "norm" | "group" | "normenkader"
    score: ir.Score
    value: Any
    steps: tuple[Step, ...]
    counted: int  # how many of its parts (at a norm: itself) count
    left_out: tuple[str, ...]  # its parts that do not count
    parts: tuple[Part, ...] = ()  # its parts that count (at a norm: its judged toetsaspecten)

    @property
    def target(self) -> str:
        return f"{self.node}:{self.score.id}"


def node_values(nk: ir.Normenkader, outcomes: Mapping[str, Outcome], scale: ir.Scale,
                explain: bool = True, value_of: Callable[[ir.Expr, dict[Any, Any]], Any] | None = None) -> Iterator[NodeValue]:
    """Every score of ``nk`` at every node, norms first, then each group after the groups inside it,
    the normenkader last; at each node in the scores' order. ``value_of``: without reasons, what
    gives an expression's value in place of :func:`~.decisions.evaluate` (the engine's compiled form
    of it, held equal to it by tests)."""
    if not nk.scores:
        return
    weights: dict[str, Fraction] = {}
    points: dict[str, int | None] = {}
    symbols: dict[str, str | None] = {}
    counted: dict[str, bool] = {}
    leaves: dict[str, list[str]] = {}
    values: dict[str, dict[str, Any]] = {}
    for norm in nk.norms:
        t = f"{nk.id}.{norm.id}"
        status, verdict, pts = outcomes.get(t, (Status.NOT_ASSESSED, None, None))
        weights[t], points[t], symbols[t] = norm.weight, pts, verdict
        counted[t] = status is Status.JUDGED and verdict is not None
        leaves[t] = [t] if counted[t] else []
        values[t] = {}
        for score in nk.scores:
            if score.at_norm is None:
                continue
            if not counted[t]:
                value: Any = NoValue(f"`{t}` does not count: it is {status.value.replace('_', ' ')}")
                steps: list[Step] = []
            else:
                env = _env(scale, norm.weight, pts, values[t])
                env[parts_key(ir.OF_PARTS)] = _aspects(t, norm, outcomes)
                value, steps = _value(score.at_norm, env, explain, value_of)
            values[t][score.id] = value
            yield NodeValue(t, "norm", score, value, tuple(steps), int(counted[t]), () if counted[t] else (t,),
                            tuple(env[parts_key(ir.OF_PARTS)]) if counted[t] else ())
    nodes = [(f"{nk.id}.{g.id}", "group", g.weight, [f"{nk.id}.{c}" for c in g.children]) for g in nk.groups]
    nodes.append((nk.id, "normenkader", Fraction(1), [f"{nk.id}.{c}" for c in nk.children()]))
    for t, level, weight, children in nodes:
        status, verdict, pts = outcomes.get(t, (Status.NOT_ASSESSED, None, None))
        counted[t] = any(counted[c] for c in children)
        leaves[t] = [leaf for c in children for leaf in leaves[c]]
        weights[t], points[t], symbols[t] = weight, pts, verdict
        parts = [Part(c, symbols[c], points[c], weights[c], values[c]) for c in children if counted[c]]
        below = [Part(n, symbols[n], points[n], weights[n], values[n]) for n in leaves[t]]
        left_out = tuple(c for c in children if not counted[c])
        values[t] = {}
        for score in nk.scores:
            if score.at_group is None:
                continue
            env = _env(scale, weight, pts, values[t])
            if not counted[t]:
                if score.empty is not None:
                    value, steps = _value(score.empty, env, explain, value_of)
                    if explain:
                        steps.insert(0, (f"nothing below `{t}` counts", "", score.empty.span))
                else:
                    value, steps = NoValue(f"nothing below `{t}` counts"), []
            else:
                env[parts_key(ir.OF_PARTS)] = parts
                env[parts_key(ir.OF_NORMS)] = below
                value, steps = _value(score.at_group, env, explain, value_of)
            values[t][score.id] = value
            yield NodeValue(t, level, score, value, tuple(steps), len(parts), left_out, tuple(parts))


def fields_read(expr: ir.Expr | None) -> list[str]:
    """The fields an expression reads of each part (inside ``of parts`` / ``of norms``), in the order
    written: what a reason shows of every part that counts."""
    found: list[str] = []
    stack = [expr] if expr is not None else []
    while stack:
        e = stack.pop()
        if isinstance(e, ir.Call) and e.of in (ir.OF_PARTS, ir.OF_NORMS) and e.argument is not None:
            inner = [e.argument]
            while inner:
                a = inner.pop()
                if isinstance(a, ir.Field):
                    found.append(a.name)
                inner.extend(reversed(subexpressions(a)) if not isinstance(a, ir.Call) else
                             ([a.argument] if a.argument is not None else []))
        stack.extend(reversed(subexpressions(e)))
    return list(dict.fromkeys(found))


def _aspects(target: str, norm: ir.Norm, outcomes: Mapping[str, Outcome]) -> list[Part]:
    """A norm's judged toetsaspecten, its parts (XCCDF: a Rule's several results, one per instance)."""
    parts = []
    for aspect in dict.fromkeys(a.id for a in norm.aspects):
        status, verdict, pts = outcomes.get(f"{target}.{aspect}", (Status.NOT_ASSESSED, None, None))
        if status is Status.JUDGED and verdict is not None:
            parts.append(Part(f"{target}.{aspect}", verdict, pts, Fraction(1), {}))
    return parts


def _env(scale: ir.Scale, weight: Fraction, points: int | None, scores: Mapping[str, Any]) -> dict[Any, Any]:
    env: dict[Any, Any] = dict(scores)
    env[SCALE_KEY] = scale
    env[("field", "weight")] = weight
    if points is not None:
        env[("field", "points")] = env[("field", "verdict")] = Fraction(points)
    return env


def _value(expr: ir.Expr, env: dict[Any, Any], explain: bool,
           value_of: Callable[[ir.Expr, dict[Any, Any]], Any] | None) -> tuple[Any, list[Step]]:
    steps: list[Step] = []
    try:
        if value_of is not None and not explain:
            return value_of(expr, env), steps
        return evaluate(expr, env, steps if explain else None), steps
    except (NoValue, DecisionError) as exc:
        return exc, steps
