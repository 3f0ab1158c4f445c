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

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
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
    applied: tuple[Applied, ...] = ()  # the score's category policies applied to the parts below

    @property
    def target(self) -> str:
        return f"{self.node}:{self.score.id}"


def node_values(nk: ir.Normenkader, outcomes: Mapping[str, Outcome], scale: ir.Scale,
                explain: bool = True, value_of: Callable[[ir.Expr, dict[Any, Any]], Any] | None = None, *,
                categories: Mapping[str, str] | None = None,
                framework: ir.Framework | None = None) -> Iterator[NodeValue]:
    """Every score of ``nk`` at every node, norms first, then each group after the groups inside it,
    the normenkader last; at each node in the scores' order. ``value_of``: without reasons, what
    gives an expression's value in place of :func:`~.decisions.evaluate` (the engine's compiled form
    of it, held equal to it by tests). ``categories``: the outcome category of each target whose
    finding gave one (:func:`outcome_categories`), for the scores with a policy for it; ``framework``:
    the scales such a policy's value is on (None: ``scale``)."""
    if not nk.scores:
        return
    base = _View.of(nk, outcomes)
    views = {score.id: base if not score.categories else
             base.treated(nk, outcomes, score, categories or {}, framework, scale) for score in nk.scores}
    for norm in nk.norms:
        t = f"{nk.id}.{norm.id}"
        status = outcomes.get(t, _NOT_JUDGED)[0]
        values = base.values[t]
        for score in nk.scores:
            if score.at_norm is None:
                continue
            view = views[score.id]
            counts = view.counted[t]
            aspects, applied = view.aspects(t, norm, outcomes, score, categories) if counts else ([], ())
            applied = view.applied.get(t, ()) + applied
            why = view.undefined(t, aspects) if counts else None
            if not counts:
                value: Any = NoValue(f"`{t}` does not count: it is {_status_text(view, t, status)}")
                steps: list[Step] = []
            elif why is not None:
                value, steps = NoValue(why), []
            else:
                env = _env(scale, norm.weight, view.points[t], values)
                env[parts_key(ir.OF_PARTS)] = aspects
                value, steps = _value(score.at_norm, env, explain, value_of)
            values[score.id] = value
            yield NodeValue(t, "norm", score, value, tuple(steps), int(counts), () if counts else (t,),
                            tuple(aspects), applied)
    nodes = [(f"{nk.id}.{g.id}", "group", [f"{nk.id}.{c}" for c in g.children]) for g in nk.groups]
    nodes.append((nk.id, "normenkader", [f"{nk.id}.{c}" for c in nk.children()]))
    for t, level, children in nodes:
        values = base.values[t]
        for score in nk.scores:
            if score.at_group is None:
                continue
            view = views[score.id]
            parts = [view.part(c) for c in children if view.counted[c]]
            below = [view.part(n) for n in view.leaves[t]]
            left_out = tuple(c for c in children if not view.counted[c])
            env = _env(scale, base.weights[t], base.points[t], values)
            if not view.counted[t]:
                if score.empty is not None:
                    value, steps = _value(score.empty, env, explain, value_of)
                    if explain:
                        steps.insert(0, (f"nothing below `{t}` counts", "", score.empty.span))
                else:
                    value, steps = NoValue(f"nothing below `{t}` counts"), []
            elif t in view.propagated:
                value, steps = NoValue(view.propagated[t]), []
            else:
                env[parts_key(ir.OF_PARTS)] = parts
                env[parts_key(ir.OF_NORMS)] = below
                value, steps = _value(score.at_group, env, explain, value_of)
            values[score.id] = value
            applied = tuple(a for n, done in view.applied.items() if n.startswith(t + ".") for a in done)
            yield NodeValue(t, level, score, value, tuple(steps), len(parts), left_out, tuple(parts), applied)


_NOT_JUDGED: Outcome = (Status.NOT_ASSESSED, None, None)


def outcome_categories(framework: ir.Framework, findings: Iterable[Any],
                       outcomes: Mapping[str, Outcome]) -> dict[str, str]:
    """The outcome category each target's finding gave (``notchecked``), where its outcome is still
    what the category means (an override that changed it leaves no category): what the scores'
    policies read. Empty unless a score has a policy."""
    if not any(s.categories for nk in framework.normenkaders for s in nk.scores):
        return {}
    meaning = {o.name: o for o in framework.outcomes}
    found: dict[str, str] = {}
    for f in findings:
        decl = meaning.get(f.printed) if f.printed is not None else None
        if decl is None or f.target not in outcomes:
            continue
        status, verdict, _ = outcomes[f.target]
        if (verdict == decl.symbol if decl.symbol is not None else
                verdict is None and status.value == decl.status):
            found[f.target] = decl.name
    return found


class _View:
    """Which norms and nodes count for a score, with what verdict and points, and which make its
    value undefined (a category whose policy is ``propagate``). Scores without a policy share one."""

    __slots__ = ("counted", "leaves", "symbols", "points", "weights", "values", "applied", "propagated", "scales")

    def __init__(self) -> None:
        self.counted: dict[str, bool] = {}
        self.leaves: dict[str, list[str]] = {}  # the norms below a node that count
        self.symbols: dict[str, str | None] = {}
        self.points: dict[str, Any] = {}
        self.weights: dict[str, Fraction] = {}
        self.values: dict[str, dict[str, Any]] = {}  # every score's value at each node (shared)
        self.applied: dict[str, tuple[Applied, ...]] = {}  # the policies applied, by part
        self.propagated: dict[str, str] = {}  # a node whose value is undefined: why
        self.scales: tuple[ir.Framework | None, ir.Scale | None] = (None, None)  # where a policy's value is

    @classmethod
    def of(cls, nk: ir.Normenkader, outcomes: Mapping[str, Outcome]) -> _View:
        view = cls()
        for norm in nk.norms:
            t = f"{nk.id}.{norm.id}"
            status, verdict, pts = outcomes.get(t, _NOT_JUDGED)
            view.weights[t], view.points[t], view.symbols[t] = norm.weight, pts, verdict
            view.counted[t] = status is Status.JUDGED and verdict is not None
            view.leaves[t] = [t] if view.counted[t] else []
            view.values[t] = {}
        view._up(nk, outcomes)
        return view

    def _up(self, nk: ir.Normenkader, outcomes: Mapping[str, Outcome]) -> None:
        nodes = [(f"{nk.id}.{g.id}", g.weight, [f"{nk.id}.{c}" for c in g.children]) for g in nk.groups]
        nodes.append((nk.id, Fraction(1), [f"{nk.id}.{c}" for c in nk.children()]))
        for t, weight, children in nodes:
            _, verdict, pts = outcomes.get(t, _NOT_JUDGED)
            self.counted[t] = any(self.counted[c] for c in children)
            self.leaves[t] = [leaf for c in children for leaf in self.leaves[c]]
            self.weights[t], self.points[t], self.symbols[t] = weight, pts, verdict
            self.values.setdefault(t, {})
            why = next((self.propagated[c] for c in children if self.counted[c] and c in self.propagated), None)
            if why is not None:
                self.propagated[t] = why

    def treated(self, nk: ir.Normenkader, outcomes: Mapping[str, Outcome], score: ir.Score,
                categories: Mapping[str, str], framework: ir.Framework | None, scale: ir.Scale) -> _View:
        """This view as ``score`` reads it: each norm whose finding gave a category it has a policy for
        counted as that policy says."""
        view = _View()
        view.values = self.values
        view.weights = self.weights
        view.scales = (framework, scale)
        for norm in nk.norms:
            t = f"{nk.id}.{norm.id}"
            view.counted[t], view.symbols[t], view.points[t] = self.counted[t], self.symbols[t], self.points[t]
            treated = _treat(score, categories.get(t), framework, scale)
            if treated is not None:
                counts, symbol, points, applied = treated
                view.counted[t], view.symbols[t], view.points[t] = counts, symbol, points
                view.applied[t] = (Applied(t, categories[t], applied, symbol),)
                if applied.policy is ir.Policy.PROPAGATE:
                    view.propagated[t] = _propagated(t, applied)
            view.leaves[t] = [t] if view.counted[t] else []
        view._up(nk, outcomes)
        return view

    def part(self, t: str) -> Part:
        return Part(t, self.symbols[t], self.points[t], self.weights[t], self.values[t])

    def aspects(self, target: str, norm: ir.Norm, outcomes: Mapping[str, Outcome], score: ir.Score,
                categories: Mapping[str, str] | None) -> tuple[list[Part], tuple[Applied, ...]]:
        """A norm's toetsaspecten that count, its parts (XCCDF: a Rule's several results, one per
        instance), each as ``score``'s policy for its category says; and the policies applied."""
        parts = []
        applied: list[Applied] = []
        for aspect in dict.fromkeys(a.id for a in norm.aspects):
            t = f"{target}.{aspect}"
            status, verdict, pts = outcomes.get(t, _NOT_JUDGED)
            counts = status is Status.JUDGED and verdict is not None
            treated = _treat(score, categories.get(t), *self.scales) if score.categories and categories else None
            if treated is not None:
                counts, verdict, pts, policy = treated
                applied.append(Applied(t, categories[t], policy, verdict))  # type: ignore[index]
                if policy.policy is ir.Policy.PROPAGATE:
                    self.propagated[t] = _propagated(t, policy)
            if counts:
                parts.append(Part(t, verdict, pts, Fraction(1), {}))
        return parts, tuple(applied)

    def undefined(self, t: str, aspects: Sequence[Part]) -> str | None:
        """Why the score has no value at ``t`` (a part below it is of a category it propagates)."""
        if t in self.propagated:
            return self.propagated[t]
        return next((self.propagated[p.label] for p in aspects if p.label in self.propagated), None)


@attrs.frozen
class Applied:
    """A score's policy for a category, applied to a part whose finding gave it."""

    part: str
    category: str
    policy: ir.CategoryPolicy
    lowest: str | None = None  # under `lowest`: the value it counted as

    def sentence(self) -> str:
        what = f'{self.part} is "{self.category}"'
        if self.policy.symbol is not None:
            return f'{what}; the score counts "{self.category}" as {self.policy.symbol} (policy `= "{self.policy.symbol}"`)'
        if self.policy.policy is ir.Policy.SKIP:
            return f'{what}; the score leaves "{self.category}" out: it does not count (policy `skip`)'
        if self.policy.policy is ir.Policy.LOWEST:
            return f'{what}; the score counts "{self.category}" as the lowest value {self.lowest} (policy `lowest`)'
        return f'{what}; the score\'s policy for "{self.category}" is `propagate`: it has no value where {self.part} counts'


def _propagated(t: str, policy: ir.CategoryPolicy) -> str:
    return f'`{t}` is "{policy.category}", and the score\'s policy for it is `propagate`'


def _treat(score: ir.Score, category: str | None, framework: ir.Framework | None,
           scale: ir.Scale | None) -> tuple[bool, str | None, Any, ir.CategoryPolicy] | None:
    """How ``score`` counts a part of ``category``: (counts, verdict, points, the policy), or None
    where it has no policy for it (the category's declared meaning stands)."""
    policy = score.category_policy(category)
    if policy is None:
        return None
    if policy.symbol is not None:
        on = (framework.scale_of(policy.symbol) if framework is not None else None) or scale
        value = on.lookup(policy.symbol) if on is not None else None
        if value is None and framework is not None:
            value = framework.scale.lookup(policy.symbol)
        assert value is not None, policy.symbol  # the compiler checks it is on a scale (RN764)
        return True, value.symbol, value.points, policy
    if policy.policy is ir.Policy.SKIP:
        return False, None, None, policy
    if policy.policy is ir.Policy.LOWEST:
        on = scale if scale is not None else framework.scale if framework is not None else None
        assert on is not None
        return True, on.lowest.symbol, on.lowest.points, policy
    return True, None, None, policy  # propagate: counts, and makes the value undefined


def _status_text(view: _View, t: str, status: Status) -> str:
    applied = view.applied.get(t)
    if applied:
        return f'"{applied[0].category}", left out by the score\'s policy `skip`'
    return status.value.replace("_", " ")


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
