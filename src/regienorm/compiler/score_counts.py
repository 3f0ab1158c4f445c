"""The bands of a score over many norms, proven per number of norms that count, when the exact
merge of :mod:`.score_proofs` has too many cases (a percentage over 40, or 2,000, statements).

A normenkader whose norms sit directly inside it (no groups) is the shape that grows: at its top
the cases are every number ``n`` of norms that count times every total their points can make. Here
they are not listed one by one. Where the top's aggregates are a single *varying* one (a sum, or a
count with a condition, whose value per norm differs) beside aggregates fixed by ``n`` (``count(of
norms)``, ``max_points``, a sum of a value every norm has alike), the totals each ``n`` can reach
are worked out exactly as a set of whole numbers held in the bits of one integer (a norm adds any
of its values; norms alike are added as a whole). The band's subject must move one way with that
total (it is built from the total by adding, subtracting, multiplying and dividing by what does not
depend on it, and rounding: checked on its expression). Then, for each ``n``, the totals whose
value would fall into a gap or an overlap between bands form one stretch, found by bisection, and
the check asks whether a reachable total lies in it: a value found there is a real one, with the
``n`` and total that give it. A subject rounded to a step is never in a stretch that holds no
multiple of the step.

Where any of this does not hold, or the work would pass :data:`MAX_EVALUATIONS`, nothing is
claimed: the caller says the bands are not proven (RN750).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from .. import ir
from ..semantics.decisions import DecisionError, NoValue, evaluate, expr_text, value_text, walk
from .band_regions import Region, no_multiple, regions
from .proofs import check_bands
from .reach import Reach

#: The exact proof (:class:`.score_proofs._Proof`) whose tree this proves, and a node's views
#: (:class:`.score_proofs.View`): named, not imported, as that module calls this one.
_Proof = Any
View = Any

#: The most evaluations of the scores a proof by count makes (a few per number of norms); past it,
#: the bands are not proven (RN750), so that `check` stays quick.
MAX_EVALUATIONS = 60_000

#: The most bit operations on the sets of totals (a norm added to every count so far costs one per
#: count and value).
MAX_SHIFTS = 400_000


class NotByCount(Exception):
    """The tree or its scores are not of the shape the proof by count handles."""


def prove_by_count(proof: _Proof, views: dict[str, frozenset[View]]) -> bool:
    """Prove the bands of ``proof``'s normenkader per number of norms that count, at every group and
    at the top, reporting as the exact proof does; False (nothing reported) where the shape does not
    allow it: a tree with groups whose scores read their parts (``of parts``) rather than the norms
    below them (``of norms``), or any of the conditions in the module's text."""
    nk = proof.nk
    if not nk.norms or (nk.groups and proof.part_calls):
        return False
    below = _norms_below(nk)
    witnesses: dict[int, dict[Fraction, str]] = {}
    notes: list[str] = []
    budget = [0]
    nodes = [(f"{nk.id}.{g.id}", g.weight, g.rule) for g in nk.groups] + [(nk.id, Fraction(1), nk.total)]
    units: dict[tuple[int, int], frozenset[Any]] = {}  # (id of a norm's views, id of an aggregate): its parts' values
    proven: set[tuple[Any, ...]] = set()  # the nodes' shapes proven so far
    try:
        for target, weight, rule in nodes:
            norms = [views[n] for n in below[target]]
            # A node's values depend on its weight, its rule and how many of its norms have each set
            # of views (alike norms share one), never on its name or its norms' order; the first
            # value found is the one kept, so a node alike to one proven adds nothing (groups of a
            # benchmark are often alike: forty statements each)
            shape = _shape(weight, rule, norms)
            if shape in proven:
                continue
            proven.add(shape)
            counting = _Counting(proof, target, weight, rule, norms, budget, units)
            for node_id, found in counting.run().items():
                for value, case in found.items():
                    witnesses.setdefault(node_id, {}).setdefault(value, case)
            notes.append(counting.note)
    except NotByCount:
        return False
    note = notes[-1] if len(nodes) == 1 else (
        f"its values are proven at every node, for every number of the norms below it that count ({len(nodes)} nodes)")
    for node_id, node in proof.bands.items():
        found = dict(proof.seen.get(node_id, {}))
        found.update(witnesses.get(node_id, {}))
        if found:
            check_bands(proof.state, node, Reach(frozenset(found), note=note), examples=found,
                        proven=not proof.approximate)
    return True


def _shape(weight: Fraction, rule: ir.Rule | None, norms: list[frozenset[View]]) -> tuple[Any, ...]:
    """What a node's proof depends on: its weight, its rule, and its norms' sets of views (by
    identity: alike norms share one), in no order."""
    return (weight, id(rule), tuple(sorted(map(id, norms))))


def _norms_below(nk: ir.Normenkader) -> dict[str, list[str]]:
    """Every group's and the normenkader's norms below it, however deep, by target."""
    out: dict[str, list[str]] = {f"{nk.id}.{n.id}": [f"{nk.id}.{n.id}"] for n in nk.norms}
    for g in nk.groups:  # each after the groups inside it
        out[f"{nk.id}.{g.id}"] = [n for c in g.children for n in out[f"{nk.id}.{c}"]]
    out[nk.id] = [n for c in nk.children() for n in out[f"{nk.id}.{c}"]]
    return out


class _Counting:
    def __init__(self, proof: _Proof, target: str, weight: Fraction, rule: ir.Rule | None,
                 norms: list[frozenset[View]], budget: list[int], units: dict[tuple[int, int], frozenset[Any]]) -> None:
        if not norms:
            raise NotByCount("no norms")
        self.proof = proof
        self.nk = proof.nk
        self.target, self.weight, self.rule = target, weight, rule
        self.norms = norms
        self.calls = proof.part_calls + proof.norm_below  # without groups the parts are the norms
        self.budget = budget  # evaluations made so far, by every node
        self.known = units  # what each norm's views add to each aggregate, worked out once for every node
        self.note = ""
        self._varying_text: str | None = None
        self._at_lo: dict[Any, Any] = {}
        self._last_env: dict[Any, Any] = {}
        self._classify()
        self._keys_read = {proof._key(c) for c in self.varying}
        # each score's expression at the top, and whether a band is in it (only those need `watch`)
        self._scores = [(score.id, expr, expr is not None and any(isinstance(e, ir.BandOf) for e in walk(expr)))
                        for score in self.nk.scores for expr in (proof.exprs.get((score.id, "group")),)]

    def _part_values(self, norm: frozenset[View], call: ir.Call) -> frozenset[Any]:
        """What the norm adds to ``call`` when it counts, in each of its views (norms alike share
        their set of views: worked out once)."""
        key = (id(norm), id(call))
        found = self.known.get(key)
        if found is None:
            values = set()
            for view in norm:
                if view.counted:
                    unit = self.proof._part_unit(call, view.points, view.weight, view.scores)
                    if unit.__class__ is tuple or unit is None:  # an argument that fails for a part
                        raise NotByCount("failed")
                    values.add(Fraction(unit))
            found = self.known[key] = frozenset(values)
        return found

    # ---------------------------------------------------------------- the aggregates
    def _classify(self) -> None:
        """Which aggregate varies (one at most) and what each fixed one adds per norm that counts."""
        self.fixed: dict[int, Any] = {}  # id(call) -> what each counted norm adds
        varying: dict[str, list[ir.Call]] = {}
        units: dict[int, set[Any]] = {}
        for call in self.calls:
            if call.function not in ("sum", "count", "max_points"):
                raise NotByCount(call.function)
            if call.argument is None:
                self.fixed[id(call)] = 1
                continue
            seen = units[id(call)] = set()
            for norm in {id(n): n for n in self.norms}.values():  # (each set of views once)
                seen |= self._part_values(norm, call)
            if len(seen) <= 1:
                self.fixed[id(call)] = next(iter(seen), Fraction(0))
            else:
                varying.setdefault(f"{call.function} {call.argument!r}", []).append(call)
        if len(varying) > 1:
            raise NotByCount("several aggregates vary")
        self.varying = next(iter(varying.values()), [])
        if not self.varying:
            raise NotByCount("nothing varies")  # the exact merge had too many cases for another reason
        values = units[id(self.varying[0])]
        if any(v < 0 for v in values):
            raise NotByCount("negative")
        self.unit = math.lcm(*(v.denominator for v in values))

    def _units(self, norm: frozenset[View]) -> tuple[frozenset[int], bool]:
        """The varying aggregate's values (in units) a norm adds when it counts, and whether it can
        also not count."""
        found = frozenset(int(value * self.unit) for value in self._part_values(norm, self.varying[0]))
        return found, any(not v.counted for v in norm)

    # ---------------------------------------------------------------- totals per count
    def totals(self) -> list[int]:
        """For each number of norms that count, the set of totals (in units) they can reach, as bits."""
        kinds: dict[tuple[frozenset[int], bool], int] = {}
        for norm in self.norms:
            key = self._units(norm)
            if not key[1]:
                raise NotByCount("a norm that always counts")
            kinds[key] = kinds.get(key, 0) + 1
        (first, many), *rest = sorted(kinds.items(), key=lambda kv: -kv[1])
        reach = [1]
        for _ in range(many):  # norms alike: the k-fold sums, one after the other
            reach.append(_added(reach[-1], first[0]))
        shifts = many * len(first[0])
        for (values, _), count in rest:
            for _ in range(count):
                shifts += len(reach) * len(values)
                if shifts > MAX_SHIFTS:
                    raise NotByCount("too many kinds of norms")
                reach = [reach[0]] + [reach[k] | _added(reach[k - 1], values) for k in range(1, len(reach))] + \
                    [_added(reach[-1], values)]
        return reach

    # ---------------------------------------------------------------- the proof
    def run(self) -> dict[int, dict[Fraction, str]]:
        proof = self.proof
        nk = self.nk
        reach = self.totals()
        own: list[Fraction | None] = list(proof._given(self.rule)) if self.rule is not None else [None]
        bands = list(proof.bands.items())
        found: dict[int, dict[Fraction, str]] = {}
        for p in own:  # nothing counts: the declared values, as the exact proof works them out
            env = proof._env(self.weight, p)
            for score in nk.scores:
                proof._empty_value(score, env, self.target)
        stretches = {node_id: regions(node) for node_id, node in bands}
        steps = {node_id: _step(node.subject, proof, nk) for node_id, node in bands}
        left = {node_id: [r for r in stretches[node_id] if not no_multiple(r, steps[node_id])] for node_id, _ in bands}
        total_norms = len(self.norms)
        low_all: Fraction | None = None
        high_all: Fraction | None = None
        for n in range(1, len(reach)):
            sums = reach[n]
            if not sums:
                continue
            lo, hi = (sums & -sums).bit_length() - 1, sums.bit_length() - 1
            for p in own:
                ends = [self._values(n, lo, p)]
                self._at_lo = self._last_env  # the top's values at the lowest total: the signs of what does not move
                ends.append(self._values(n, hi, p))
                for node_id, node in bands:
                    if node_id not in ends[0] and node_id not in ends[1]:
                        continue  # the band is not reached at the top
                    a, b = ends[0].get(node_id), ends[1].get(node_id)
                    if a is None or b is None:
                        raise NotByCount("a band reached for some totals only")
                    direction = _direction(node.subject, proof, self._at_lo, self._keys(), nk)
                    case = f"`{self.target}`, when {n} of the {total_norms} norms below it count"
                    for value, s in ((a, lo), (b, hi)):
                        found.setdefault(node_id, {}).setdefault(value, self._case(case, s))
                    low_all = a if low_all is None else min(low_all, a, b)
                    high_all = b if high_all is None else max(high_all, a, b)
                    if direction is None:
                        raise NotByCount("the subject does not move one way with the total")
                    remaining = []
                    for region in left[node_id]:
                        hit = self._hit(region, sums, lo, hi, n, p, node_id, direction, (a, b))
                        if hit is None:
                            remaining.append(region)
                            continue
                        value, s = hit
                        found[node_id].setdefault(value, self._case(case, s))
                    left[node_id] = remaining
        self.note = (f"its values run from {value_text(low_all)} to {value_text(high_all)}, proven for every number of "
                     f"the {total_norms} norms below `{self.target}` that count"
                     if low_all is not None and high_all is not None else "")
        return found

    def _hit(self, region: Region, sums: int, lo: int, hi: int, n: int, p: Fraction | None, node_id: int,
             direction: int, ends: tuple[Fraction, Fraction]) -> tuple[Fraction, int] | None:
        """A reachable total whose value falls in ``region``, and that value; None when none does."""
        first, last = (ends if direction >= 0 else ends[::-1])
        if region.below(last) or region.above(first):
            return None  # the values for this count lie wholly beside the region

        def value(s: int) -> Fraction:
            got = self._values(n, s, p).get(node_id)
            if got is None:
                raise NotByCount("a band reached for some totals only")
            return got

        if direction == 0:
            v = ends[0]
            return (v, lo) if region.holds(v) else None
        rising = direction > 0
        # the totals whose value is not below the region start at s1; those not above it end at s2
        s1 = _first(lo, hi, lambda s: not region.below(value(s)) if rising else not region.above(value(s)))
        s2 = _last(lo, hi, lambda s: not region.above(value(s)) if rising else not region.below(value(s)))
        if s1 is None or s2 is None or s1 > s2:
            return None
        inside = (sums >> s1) & ((1 << (s2 - s1 + 1)) - 1)
        if not inside:
            return None
        s = s1 + (inside & -inside).bit_length() - 1
        v = value(s)
        return (v, s) if region.holds(v) else None

    def _case(self, case: str, s: int) -> str:
        if self._varying_text is None:
            self._varying_text = expr_text(self.varying[0])
        return f"{case} and {self._varying_text} is {value_text(Fraction(s, self.unit))}"

    def _keys(self) -> set[str]:
        return self._keys_read

    def _env(self, n: int, s: int, p: Fraction | None) -> dict[Any, Any]:
        """The top's environment when ``n`` norms count and the varying aggregate's total is ``s`` units."""
        proof = self.proof
        env = proof._env(self.weight, p)
        for call in self.calls:
            if id(call) in self.fixed:
                state: Any = n if call.argument is None else self.fixed[id(call)] * n
            else:
                state = Fraction(s, self.unit)
            if call.function == "count" and call.argument is not None:
                state = int(state)
            if call.function == "sum" and isinstance(state, Fraction) and state.denominator == 1:
                state = state.numerator
            env[proof._key(call)] = proof.final(call, state)
        return env

    def _values(self, n: int, s: int, p: Fraction | None) -> dict[int, Fraction]:
        """The value of every band's subject at the top for that count and total (bands reached only)."""
        self.budget[0] += 1
        if self.budget[0] > MAX_EVALUATIONS:
            raise NotByCount("too much work")
        env = self._last_env = self._env(n, s, p)
        seen: dict[int, Fraction] = {}

        def watch(node: Any, value: Any) -> None:
            if isinstance(node, ir.BandOf) and isinstance(value, Fraction):
                seen.setdefault(id(node), value)

        for name, expr, banded in self._scores:
            try:
                env[name] = NoValue("none") if expr is None else evaluate(expr, env, None, watch if banded else None)
            except (NoValue, DecisionError) as exc:
                env[name] = exc
        return seen


# -------------------------------------------------------------------------------- the subject
def _follow(expr: ir.Expr, proof: _Proof, nk: ir.Normenkader) -> ir.Expr:
    """A score at the top read by name stands for its expression there."""
    names = {s.id for s in nk.scores}
    if isinstance(expr, ir.Ref) and expr.name in names:
        inner = proof.exprs.get((expr.name, "group"))
        if inner is not None:
            return _follow(inner, proof, nk)
    return expr


def _step(subject: ir.Expr, proof: _Proof, nk: ir.Normenkader) -> Fraction | None:
    """The step every value of the subject is a multiple of (it is rounded to it), if any."""
    e = _follow(subject, proof, nk)
    return e.step if isinstance(e, ir.Round) and e.step > 0 else None


def _direction(expr: ir.Expr, proof: _Proof, env: dict[Any, Any], keys: set[str], nk: ir.Normenkader) -> int | None:
    """How ``expr`` moves as the varying total grows, the rest held: 1 up (or level), -1 down, 0 not
    at all; None when its expression does not say (a condition, a power, a product of two such)."""
    e = _follow(expr, proof, nk)
    if isinstance(e, ir.Ref):
        return 1 if e.name in keys else 0
    if isinstance(e, (ir.Const, ir.Field)):
        return 0
    if isinstance(e, ir.Round):
        return _direction(e.operand, proof, env, keys, nk)
    if isinstance(e, ir.Neg):
        d = _direction(e.operand, proof, env, keys, nk)
        return None if d is None else -d
    if isinstance(e, ir.Func) and e.name in ("min", "max"):
        ds = [_direction(a, proof, env, keys, nk) for a in e.args]
        moving = {d for d in ds if d != 0}
        return None if None in ds or len(moving) > 1 else next(iter(moving), 0)
    if isinstance(e, ir.Arith):
        left = _direction(e.left, proof, env, keys, nk)
        right = _direction(e.right, proof, env, keys, nk)
        if left is None or right is None:
            return None
        if e.op in ("+", "-"):
            right = -right if e.op == "-" else right
            moving = {d for d in (left, right) if d != 0}
            return None if len(moving) > 1 else next(iter(moving), 0)
        if e.op == "*":
            if left and right:
                return None
            if not left and not right:
                return 0
            sign = _sign(e.left if not left else e.right, env)
            return None if sign is None else sign * (left or right)
        if e.op == "/":
            if right:
                return None
            sign = _sign(e.right, env)
            return None if sign is None or sign == 0 else sign * left
        return None if left or right else 0
    return 0 if not _moves(e, proof, keys, nk) else None


def _moves(expr: ir.Expr, proof: _Proof, keys: set[str], nk: ir.Normenkader) -> bool:
    """Whether the varying total is read anywhere in ``expr``."""
    for e in walk(expr):
        f = _follow(e, proof, nk)
        if f is not e and _moves(f, proof, keys, nk):
            return True
        if isinstance(e, ir.Ref) and e.name in keys:
            return True
    return False


def _sign(expr: ir.Expr, env: dict[Any, Any]) -> int | None:
    """The sign of what does not depend on the total (the same for every total of this count)."""
    if isinstance(expr, ir.Const) and isinstance(expr.value, Fraction):
        return (expr.value > 0) - (expr.value < 0)
    try:
        value = evaluate(expr, env, None)
    except (NoValue, DecisionError):
        return None
    if not isinstance(value, Fraction):
        return None
    return (value > 0) - (value < 0)


# -------------------------------------------------------------------------------- bits
def _added(sums: int, values: frozenset[int]) -> int:
    """The totals after one more norm that adds one of ``values``."""
    out = 0
    for v in values:
        out |= sums << v
    return out


def _first(lo: int, hi: int, ok: Callable[[int], bool]) -> int | None:
    """The least s in lo..hi with ``ok(s)``, for an ``ok`` false then true along s."""
    if not ok(hi):
        return None
    while lo < hi:
        mid = (lo + hi) // 2
        if ok(mid):
            hi = mid
        else:
            lo = mid + 1
    return lo


def _last(lo: int, hi: int, ok: Callable[[int], bool]) -> int | None:
    """The largest s in lo..hi with ``ok(s)``, for an ``ok`` true then false along s."""
    if not ok(lo):
        return None
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if ok(mid):
            lo = mid
        else:
            hi = mid - 1
    return lo
