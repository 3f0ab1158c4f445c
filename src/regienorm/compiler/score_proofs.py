"""What `check` proves about the bands of scores: every ``band`` inside a ``score { … }`` against
the values the score can really take at each node of the tree (RN706, RN707), or, where those are
too many to know, a warning that says so (RN750).

The values are worked out bottom-up, as :mod:`regienorm.semantics.scores` computes them, but over
sets: a node is a set of *views* (what its parent reads of it: counted or not, its points, weight
and score values, and what the aggregates over norms below it have gathered). A group's views come
from merging its children's one child at a time: the state of the merge is, per aggregate over
parts or norms, only what its result depends on (a sum; a count; a count and a number of parts for
a share; a sum and a count for a mean; the least or largest value), and the number of parts that
count. So a share's every possible denominator, a weighted mean's every subset of counted children,
and the declared rounding are all in the set, without trying every combination of children's
verdicts one by one (children alike merge into few states). Each state is evaluated by the
semantics' own ``evaluate``, with each aggregate's value reduced by :func:`~..semantics.aggregates.reduce`
from the few values that stand for its state, and the band subjects' values are watched.

The sets may hold more than occurs in two places, said in :func:`_Proof.approximate`: a node's own
verdict (``points`` at a norm judged by a rule, at a group) is taken to be any value of the scale,
apart from its parts'. A gap found then is a warning, not an error.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import attrs

from .. import ir
from ..semantics.aggregates import Undefined, reduce
from ..semantics.conditions import Context
from ..semantics.conditions import evaluate as part_value
from ..semantics.decisions import SCALE_KEY, DecisionError, NoValue, evaluate, expr_text, map_subexpressions, subexpressions, value_text
from ..semantics.scores import Part
from .bands import rule_outputs
from .proofs import check_bands
from .reach import Reach
from .score_counts import prove_by_count
from .state import Compilation

#: The most states kept at a node (its views, or a merge's states); past it the node's values are
#: not known and the bands that read them are not proven (RN750).
MAX_STATES = 4096

#: The most merge steps (a state times a child's view) a whole proof takes, so that a framework of
#: thousands of nodes is checked in well under a second; past it, RN750 as for too many states.
MAX_WORK = 150_000

#: From this many norms in a normenkader, its bands are proven per number of norms that count
#: (:mod:`.score_counts`) where its scores allow, rather than case by case.
BY_COUNT_FROM = 40

#: The one "no value" every view holds where a score has none (so that equal views are one).
NONE = NoValue("no value")


class TooMany(Exception):
    """A node's values are more than :data:`MAX_STATES` states: the proof stops there."""

    def __init__(self, node: str, count: int, work: bool = False) -> None:
        super().__init__(node)
        self.node = node
        self.count = count
        self.work = work  # the bound on the whole proof's work was hit, not one node's


@attrs.frozen
class View:
    """What the parent reads of a node in one case: its points (None: none), its weight, its value of every
    score (in the normenkader's order; :data:`NONE` where it has none), the state of every aggregate
    over norms gathered below it, and whether it counts at all."""

    counted: bool
    points: Fraction | None
    weight: Fraction
    scores: tuple[Any, ...]
    below: tuple[Any, ...]


# ------------------------------------------------------------------------------------ aggregates
def _unit(name: str, value: Any) -> Any:
    """The state of one aggregate after one part whose argument has ``value`` (a whole number held
    as an int: the merges add many of them)."""
    if value.__class__ is Fraction and value.denominator == 1:
        value = value.numerator
    if name == "sum":
        return value
    if name in ("count", "max_points"):
        return 1 if value is None or value else 0
    if name == "share":
        return (1 if value else 0, 1)
    if name == "mean":
        return (value, 1)
    if name in ("min", "max"):
        return value
    return (bool(value), not value)  # all, any, none: whether a true and whether a false was seen


def _empty(name: str) -> Any:
    return {"sum": 0, "count": 0, "max_points": 0, "share": (0, 0), "mean": (0, 0),
            "min": None, "max": None}.get(name, (False, False))


def _merge(name: str, a: Any, b: Any) -> Any:
    if name in ("sum", "count", "max_points"):
        return a + b
    if name in ("share", "mean"):
        return (a[0] + b[0], a[1] + b[1])
    if name in ("min", "max"):
        return b if a is None else a if b is None else (min(a, b) if name == "min" else max(a, b))
    return (a[0] or b[0], a[1] or b[1])


def _final(call: ir.Call, state: Any, scale: ir.Scale) -> Any:
    """The aggregate's value from its state, reduced by the semantics from values that stand for it."""
    name = call.function
    if name == "max_points":
        return Fraction(state * scale.max_points)
    if call.argument is None:  # count(of parts): the number of parts
        return Fraction(state)
    if name == "sum":
        values: list[Any] = [Fraction(state)]
    elif name == "count":
        values = [True] * state
    elif name == "share":
        values = [True] * state[0] + [False] * (state[1] - state[0])
    elif name == "mean":
        values = [Fraction(state[0]) / state[1]] if state[1] else []
    elif name in ("min", "max"):
        values = [] if state is None else [Fraction(state)]
    else:
        values = [v for v, seen in ((True, state[0]), (False, state[1])) if seen]
    try:
        return reduce(name, values, lambda: expr_text(call))
    except Undefined as exc:
        return DecisionError(str(exc))


#: A state of an aggregate whose argument failed for some part (the aggregate is an error).
FAILED = ("failed",)


# ------------------------------------------------------------------------------------ the proof
def pass_score_bands(state: Compilation) -> None:
    """The bands of every score of every normenkader of the built framework."""
    framework = state.framework
    if framework is None:
        return
    for nk in framework.normenkaders:
        if any(_bands(e) for s in nk.scores for e in (s.at_group, s.at_norm, s.empty) if e is not None):
            _Proof(state, framework, nk).run()


def _bands(expr: ir.Expr) -> list[ir.BandOf]:
    found = []
    stack = [expr]
    while stack:
        e = stack.pop()
        if isinstance(e, ir.BandOf):
            found.append(e)
        stack.extend(subexpressions(e))
    return found


def _calls(expr: ir.Expr | None, of: str) -> list[ir.Call]:
    found = []
    stack = [expr] if expr is not None else []
    while stack:
        e = stack.pop()
        if isinstance(e, ir.Call) and e.of == of:
            found.append(e)
            continue
        stack.extend(subexpressions(e))
    return found


_VERDICT = frozenset({"points", "verdict"})


def _reads(calls: list[ir.Call], fields: frozenset[str] | set[str]) -> bool:
    """Whether an aggregate's argument reads one of ``fields`` of each part."""
    for call in calls:
        stack = [call.argument] if call.argument is not None else []
        while stack:
            e = stack.pop()
            if isinstance(e, ir.Field) and e.name in fields:
                return True
            stack.extend(subexpressions(e))
    return False


def _reads_points(expr: ir.Expr | None) -> bool:
    """Whether an expression reads the node's own verdict (outside its aggregates)."""
    stack = [expr] if expr is not None else []
    while stack:
        e = stack.pop()
        if isinstance(e, ir.Field) and e.name in ("points", "verdict"):
            return True
        if not isinstance(e, ir.Call):
            stack.extend(subexpressions(e))
    return False


@attrs.define
class _Proof:
    state: Compilation
    framework: ir.Framework
    nk: ir.Normenkader
    #: per band node: the subject's values seen, each with the first node and case that gave it
    seen: dict[int, dict[Fraction, str]] = attrs.field(factory=dict)
    bands: dict[int, ir.BandOf] = attrs.field(factory=dict)
    approximate: bool = False
    norm_calls: list[ir.Call] = attrs.field(factory=list)  # over a norm's toetsaspecten
    part_calls: list[ir.Call] = attrs.field(factory=list)  # over a group's counted children
    norm_below: list[ir.Call] = attrs.field(factory=list)  # over a group's counted norms below
    names: dict[int, tuple[str, int]] = attrs.field(factory=dict)
    exprs: dict[tuple[str, str], ir.Expr] = attrs.field(factory=dict)
    tree_scale: ir.Scale = attrs.field(init=False)  # where the scores' verdicts compared are (set by run)
    alike: dict[tuple[Any, ...], frozenset[View]] = attrs.field(factory=dict)
    work: int = 0

    def run(self) -> None:
        nk, scale = self.nk, self.framework.compared_scale(self.nk.id)
        scores = nk.scores
        # every aggregate over parts at a norm, over parts at a group, over norms at a group, each
        # replaced by a name the evaluation reads its value under
        self.norm_calls = [c for s in scores for c in _calls(s.at_norm, ir.OF_PARTS)]
        self.part_calls = [c for s in scores for c in _calls(s.at_group, ir.OF_PARTS)]
        self.norm_below = [c for s in scores for c in _calls(s.at_group, ir.OF_NORMS)]
        self.names = {id(c): ("aggregate", n) for n, c in
                      enumerate([*self.norm_calls, *self.part_calls, *self.norm_below])}
        self.exprs = {(s.id, level): self._substituted(e) for s in scores
                      for level, e in (("norm", s.at_norm), ("group", s.at_group), ("empty", s.empty))
                      if e is not None}
        self.tree_scale = scale
        views: dict[str, frozenset[View]] = {}
        try:
            for norm in nk.norms:
                # norms alike (weight, toetsaspecten, how they are judged) have the same views: one
                # set, the same object, which the merges then recognise at once
                shape = (norm.weight, len(dict.fromkeys(a.id for a in norm.aspects)), norm.verdict, norm.findings)
                if shape not in self.alike:
                    self.alike[shape] = self._norm(nk, norm)
                views[f"{nk.id}.{norm.id}"] = self.alike[shape]
            if len(nk.norms) >= BY_COUNT_FROM and prove_by_count(self, views):
                return  # a tree of many norms: per number of norms that count (score_counts.py)
            for target, weight, children, rule in [
                    *((f"{nk.id}.{g.id}", g.weight, [f"{nk.id}.{c}" for c in g.children], g.rule) for g in nk.groups),
                    (nk.id, Fraction(1), [f"{nk.id}.{c}" for c in nk.children()], nk.total)]:
                views[target] = self._group(target, weight, [views[c] for c in children], rule)
        except TooMany as exc:
            if len(nk.norms) < BY_COUNT_FROM and all(f"{nk.id}.{n.id}" in views for n in nk.norms) \
                    and prove_by_count(self, views):
                return
            self._too_many(exc)
            return
        for node_id, node in self.bands.items():
            found = self.seen.get(node_id, {})
            if found:
                check_bands(self.state, node, Reach(frozenset(found)), examples=found,
                            proven=not self.approximate)

    def _given(self, rule: ir.Rule) -> list[Fraction]:
        """The points of the verdicts a rule can give (over inputs on the scales it reads), and of
        the values the scores' category policies may count a part as."""
        fw = self.framework
        scale = fw.scale_named(rule.yields)
        inputs = [fw.scale_named(r) for r in rule.reads] or [scale]
        symbols = rule_outputs(rule, frozenset(s for i in inputs for s in i.symbols()))
        return sorted({Fraction(v.points) for v in scale.values if v.symbol in symbols} | self._counted_as(scale),
                      reverse=True)

    def _found(self, scale_name: str | None) -> list[Fraction]:
        """The points a verdict from findings on that scale can have, and the policies' values."""
        scale = self.framework.scale_named(scale_name)
        return sorted({Fraction(v.points) for v in scale.values} | self._counted_as(scale), reverse=True)

    def _counted_as(self, scale: ir.Scale) -> set[Fraction]:
        """The points the scores' category policies count a part as (`= "fail"`, `lowest`)."""
        out: set[Fraction] = set()
        for policy in (p for s in self.nk.scores for p in s.categories):
            if policy.symbol is not None:
                on = self.framework.scale_of(policy.symbol)
                if on is not None:
                    out.add(Fraction(on.by_symbol(policy.symbol).points))
            elif policy.policy is ir.Policy.LOWEST:
                out.add(Fraction(scale.lowest.points))
        return out

    def _substituted(self, expr: ir.Expr) -> ir.Expr:
        def walk(e: ir.Expr) -> ir.Expr:
            if isinstance(e, ir.Call) and id(e) in self.names:
                return ir.Ref(repr(self.names[id(e)]), span=e.span)
            out = map_subexpressions(e, walk)
            if isinstance(out, ir.BandOf):
                self.bands[id(out)] = out
            return out
        return walk(expr)

    def final(self, call: ir.Call, state: Any) -> Any:
        """An aggregate's value at a node from its state (:func:`_final`, on the tree's scale)."""
        return _final(call, state, self.tree_scale)

    def _key(self, call: ir.Call) -> str:
        return repr(self.names[id(call)])

    # -------------------------------------------------------------------------------- nodes
    def _norm(self, nk: ir.Normenkader, norm: ir.Norm) -> frozenset[View]:
        target = f"{nk.id}.{norm.id}"
        aspects = list(dict.fromkeys(a.id for a in norm.aspects))
        judged = isinstance(norm.verdict, (ir.FromAspects, ir.FromMeasure))
        verdicts = self._given(norm.verdict.rule) if judged else self._found(norm.findings)  # type: ignore[union-attr]
        if judged and aspects and self.norm_calls and (
                any(_reads_points(s.at_norm) for s in nk.scores) or _reads(self.part_calls + self.norm_below, _VERDICT)):
            self.approximate = True  # its verdict is taken apart from its toetsaspecten, and both are read
        # the toetsaspecten: each counted with a verdict of the scale, or not
        aspect_view = [View(True, p, Fraction(1), (), ()) for p in self._found(norm.findings)]
        states = self._merged(target, [frozenset(aspect_view) | {View(False, None, Fraction(1), (), ())}] * len(aspects),
                              self.norm_calls, [])
        out: set[View] = set()
        for p in verdicts:
            for n, parts, _below in sorted(states, key=_order):
                env = self._env(norm.weight, p)
                for call, acc in zip(self.norm_calls, parts, strict=True):
                    env[self._key(call)] = _final(call, acc, self.tree_scale) if acc is not FAILED else \
                        DecisionError(f"{expr_text(call)} fails for a part")
                values = self._scores(env, "norm", target, f"when its verdict is {_text(p)} and {n} of its "
                                      f"{len(aspects)} toetsaspecten are judged" if aspects else
                                      f"when its verdict is {_text(p)}")
                below = tuple(_merge(c.function, _empty(c.function), self._part_unit(c, p, norm.weight, values))
                              for c in self.norm_below)
                out.add(View(True, p, norm.weight, values, below))
        out.add(View(False, None, norm.weight, tuple(NONE for _ in self.nk.scores), tuple(_empty(c.function) for c in self.norm_below)))
        return self._bounded(target, out)

    def _group(self, target: str, weight: Fraction, children: list[frozenset[View]], rule: ir.Rule | None) -> frozenset[View]:
        states = self._merged(target, children, self.part_calls, self.norm_below)
        own: list[Fraction | None] = list(self._given(rule)) if rule is not None else [None]
        if rule is not None and (any(_reads_points(s.at_group) for s in self.nk.scores) or (
                _reads(self.part_calls, _VERDICT) and _reads(self.part_calls, {s.id for s in self.nk.scores}))):
            self.approximate = True  # its verdict is taken apart from its children's, and both are read
        out: set[View] = set()
        for n, parts, below in sorted(states, key=_order):
            for p in own:
                env = self._env(weight, p)
                if n == 0:
                    values = tuple(self._empty_value(s, env, target) for s in self.nk.scores)
                    out.add(View(False, None, weight, values, below))
                    continue
                for call, acc in zip(self.part_calls, parts, strict=True):
                    env[self._key(call)] = _final(call, acc, self.tree_scale) if acc is not FAILED else \
                        DecisionError(f"{expr_text(call)} fails for a part")
                for call, acc in zip(self.norm_below, below, strict=True):
                    env[self._key(call)] = _final(call, acc, self.tree_scale) if acc is not FAILED else \
                        DecisionError(f"{expr_text(call)} fails for a norm")
                values = self._scores(env, "group", target, f"when {n} of its {len(children)} parts count")
                out.add(View(True, p, weight, values, below))
        return self._bounded(target, out)

    def _merged(self, target: str, children: Sequence[frozenset[View]], calls: list[ir.Call],
                below_calls: list[ir.Call]) -> frozenset[tuple[int, tuple[Any, ...], tuple[Any, ...]]]:
        """Every state of merging the children's views one child at a time: (the number counted,
        each aggregate's state over the counted ones, each aggregate over norms below)."""
        states = {(0, tuple(_empty(c.function) for c in calls), tuple(_empty(c.function) for c in below_calls))}
        units: dict[int, list[tuple[int, tuple[Any, ...], tuple[Any, ...]]]] = {}
        for child in children:
            if id(child) not in units:
                units[id(child)] = sorted({self._view_unit(v, calls, below_calls) for v in child}, key=_order)
            self.work += len(states) * len(units[id(child)])
            if self.work > MAX_WORK:
                raise TooMany(target, len(states) * len(units[id(child)]), work=True)
            step = set()
            for n, parts, below in states:
                for k, unit_parts, unit_below in units[id(child)]:
                    step.add((n + k, tuple(_combine(c, a, b) for c, a, b in zip(calls, parts, unit_parts, strict=True)),
                              tuple(_combine(c, a, b) for c, a, b in zip(below_calls, below, unit_below, strict=True))))
                if len(step) > MAX_STATES:
                    raise TooMany(target, len(step))
            states = step
        return frozenset(states)

    def _view_unit(self, view: View, calls: list[ir.Call], below_calls: list[ir.Call]) -> tuple[int, tuple[Any, ...], tuple[Any, ...]]:
        if not view.counted:
            return 0, tuple(_empty(c.function) for c in calls), view.below
        return 1, tuple(self._part_unit(c, view.points, view.weight, view.scores) for c in calls), view.below

    def _part_unit(self, call: ir.Call, points: Fraction | None, weight: Fraction, scores: tuple[Any, ...]) -> Any:
        """One part's contribution to an aggregate, its argument evaluated by the semantics."""
        if call.argument is None:
            return _unit(call.function, None)
        values = {s.id: v for s, v in zip(self.nk.scores, scores, strict=False)}
        part = Part("", None, int(points) if points is not None and points.denominator == 1 else points,  # type: ignore[arg-type]
                    weight, values)
        try:
            value = part_value(call.argument, Context([part], {}, self.tree_scale), [part], part, None)
        except Undefined:
            return FAILED
        return _unit(call.function, value)

    # -------------------------------------------------------------------------------- values
    def _env(self, weight: Fraction, points: Fraction | None) -> dict[Any, Any]:
        env: dict[Any, Any] = {SCALE_KEY: self.tree_scale, ("field", "weight"): weight}
        if points is not None:
            env[("field", "points")] = env[("field", "verdict")] = points
        return env

    def _scores(self, env: dict[Any, Any], level: str, target: str, case: str) -> tuple[Any, ...]:
        out = []
        for score in self.nk.scores:
            expr = self.exprs.get((score.id, level))
            value = NONE if expr is None else self._evaluate(expr, env, target, case)
            env[score.id] = value
            out.append(value)
        return tuple(out)

    def _empty_value(self, score: ir.Score, env: dict[Any, Any], target: str) -> Any:
        expr = self.exprs.get((score.id, "empty"))
        value = NONE if expr is None or score.at_group is None else self._evaluate(expr, env, target, "when nothing counts")
        env[score.id] = value
        return value

    def _evaluate(self, expr: ir.Expr, env: dict[Any, Any], target: str, case: str) -> Any:
        def watch(node: Any, value: Any) -> None:
            if isinstance(node, ir.BandOf) and isinstance(value, Fraction):
                self.seen.setdefault(id(node), {}).setdefault(value, f"`{target}`, {case}")
        try:
            value = evaluate(expr, env, None, watch)
        except (NoValue, DecisionError):
            return NONE
        return value if isinstance(value, (Fraction, str, bool)) else NONE  # a number, a category, a truth

    def _bounded(self, target: str, views: set[View]) -> frozenset[View]:
        if len(views) > MAX_STATES:
            raise TooMany(target, len(views))
        return frozenset(views)

    def _too_many(self, exc: TooMany) -> None:
        for node in self.bands.values():
            subject = expr_text(node.subject)
            if exc.work:
                self.state.warn("RN750", f"the bands of {subject} are not proven: the check stopped at `{exc.node}`, "
                                f"past the {MAX_WORK:,} cases it merges in all", node.span,
                                "a gap may remain unseen; the check of a framework stays well under a second",
                                notes=[f"{exc.count:,} more cases were to be merged at `{exc.node}`"])
            else:
                self.state.warn("RN750", f"the bands of {subject} are not proven: at `{exc.node}` "
                                f"the cases of its parts are more than {MAX_STATES:,}", node.span,
                                "the check tries at most that many; a gap may remain unseen",
                                notes=[f"{exc.count:,} cases were reached at `{exc.node}` before the check stopped"])


def _combine(call: ir.Call, a: Any, b: Any) -> Any:
    if a is FAILED or b is FAILED:
        return FAILED
    return _merge(call.function, a, b)


def _order(state: tuple[Any, ...]) -> tuple[int, str]:
    """States in an order that does not depend on hashing: the fewest counted first."""
    return state[0], repr(state[1:])


def _text(value: Fraction) -> str:
    return value_text(value)

