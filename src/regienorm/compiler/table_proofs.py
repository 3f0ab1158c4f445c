"""What `check` proves about decision tables: overlaps in UNIQUE tables (and disagreeing ones in
ANY and PRIORITY tables, RN735), gaps where a table of one result has no row and no default for
inputs that can occur (RN736), and rows that never decide (RN737, a warning: shadowed by earlier
rows under FIRST, or matching no input that can occur).

The values tried are those of :mod:`.proofs`: when everything the decisions read has few values,
every combination is evaluated by the semantics and each table's matches are watched (a number
input that is only ever a table's column counts as few values: one per stretch between the ends
its entries name, which all match alike); otherwise each table's columns are sampled from their
reach (:mod:`.reach`), so a gap is only a warning, the reach holding values that may not occur.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import attrs

from .. import ir
from ..language.shape import DecisionDecl
from ..semantics.decisions import entry_expressions, expr_text, subexpressions, value_text
from ..semantics.tables import Hit, entry_holds, entry_text, inputs_text, priority_key, row_value
from .reach import Reach, sum_reach, union
from .state import Compilation

#: At most this many combinations of a table's sampled columns are tried on the reach path.
MAX_SAMPLES = 100_000


#: One set of matching rows as seen: inputs that give it (of the framework), the outputs of the
#: rows where computed, and the values of the table's own columns.
Seen = tuple[dict[Any, Any], Mapping[int, Any], tuple[Any, ...]]


@attrs.define
class Watched:
    """What the evaluation of every combination saw of one table: each set of matching rows, with
    one combination of inputs that gives it, and the outputs of the rows where they were computed."""

    node: ir.TableOf
    seen: dict[tuple[int, ...], Seen] = attrs.field(factory=dict)

    def add(self, hit: Hit, example: Callable[[], dict[Any, Any]]) -> None:
        if hit.matched not in self.seen:
            self.seen[hit.matched] = (example(), dict(hit.outputs), hit.subjects)


def column_numbers(decls: Iterable[DecisionDecl], inputs: Mapping[str, ir.InputDecl]) -> dict[str, list[Any]]:
    """The number and date inputs that are read only as a table's column, with entries of constant
    numbers (days): the values that stand for all (every end the entries name, and one value inside
    each stretch between ends and beyond the outermost, within the declared range), by input. Days
    are discrete: the day before and after each end stand for the stretches beside it."""
    uses: dict[str, int] = {}
    columns: dict[str, list[ir.Interval]] = {}
    spoiled: set[str] = set()
    stack: list[ir.Expr] = [d.expr for d in decls]
    while stack:
        e = stack.pop()
        if isinstance(e, ir.Field):
            uses[e.name] = uses.get(e.name, 0) + 1
        if isinstance(e, ir.TableOf):
            for n, column in enumerate(e.inputs):
                if isinstance(column, ir.Field) and column.name in inputs:
                    intervals = columns.setdefault(column.name, [])
                    for row in e.rows:
                        if n < len(row.entries) and not _constant_intervals(row.entries[n], intervals):
                            spoiled.add(column.name)
        stack.extend(subexpressions(e))
    out: dict[str, list[Any]] = {}
    for name, intervals in columns.items():
        item = inputs[name]
        column_uses = sum(1 for d in decls for _ in _columns_named(d.expr, name))
        if item.kind not in (ir.Kind.NUMBER, ir.Kind.DATE) or name in spoiled or uses.get(name, 0) != column_uses:
            continue
        out[name] = (_day_samples(intervals) if item.kind is ir.Kind.DATE
                     else list(Reach(None, item.low, item.high).samples(intervals)))
    return out


class Days(list):  # type: ignore[type-arg]
    """What :meth:`DecisionChecker.column_values` gives for a date column: no list of values (any
    day may occur), but days, which the proofs sample around the days the table writes."""


def _day(e: ir.Expr) -> Fraction | None:
    """A day written in a table as the number of its day in the calendar (None: no day)."""
    try:
        return Fraction(datetime.date.fromisoformat(e.value).toordinal()) if isinstance(e, ir.DateLit) else None
    except ValueError:  # not a day (RN760, reported)
        return None


def _day_samples(intervals: Sequence[ir.Interval]) -> list[str]:
    """The days that stand for every day, as a date input's values are written: each end the
    entries name and the days just before and after it (every stretch between two ends is
    matched alike by every row, and holds one of these when it holds a day at all)."""
    ends = {int(end) for iv in intervals for end in (iv.low, iv.high) if end is not None} or {
        datetime.date(2000, 1, 1).toordinal()}
    last = datetime.date.max.toordinal()
    days = sorted({d + k for d in ends for k in (-1, 0, 1) if 1 <= d + k <= last})
    return [datetime.date.fromordinal(d).isoformat() for d in days]


def _columns_named(expr: ir.Expr, name: str) -> Iterable[None]:
    stack = [expr]
    while stack:
        e = stack.pop()
        if isinstance(e, ir.TableOf):
            for column in e.inputs:
                if isinstance(column, ir.Field) and column.name == name:
                    yield None
        stack.extend(subexpressions(e))


def _constant_intervals(tests: tuple[ir.EntryTest, ...], out: list[ir.Interval]) -> bool:
    """The intervals an entry's tests name, added to ``out``; False when a bound is not a number
    written in the table (another input: the stretches would move with it)."""
    for t in tests:
        if t.op == "not":
            if not _constant_intervals(t.tests, out):
                return False
            continue
        bounds = [x for x in (t.value, t.low, t.high) if x is not None]
        numbers = [b.value if isinstance(b, ir.Const) else _day(b) for b in bounds]
        if None in numbers:
            return False
        if t.op == "in":
            out.append(ir.Interval(numbers[0], t.low_closed, numbers[1], t.high_closed))
        elif numbers:
            out.append(ir.Interval(numbers[0], True, numbers[0], True))
    return True


# ------------------------------------------------------------------------------------ the checks
def check_watched(state: Compilation, watched: Iterable[Watched], describe: Callable[[dict[Any, Any]], str],
                  *, proven: bool = True) -> None:
    """Overlaps, gaps and rows that never decide, from the sets of matching rows that occur."""
    for w in watched:
        check_table(state, w.node, w.seen, describe, proven=proven)


def check_table(state: Compilation, node: ir.TableOf, seen: Mapping[tuple[int, ...], Seen],
                describe: Callable[[dict[Any, Any]], str], *, proven: bool) -> None:
    policy = node.policy
    rows = node.rows
    reported: set[tuple[int, int]] = set()
    for matched, (example, outputs, subjects) in sorted(seen.items(), key=lambda kv: (len(kv[0]), kv[0])):
        pair = _conflict(node, matched, outputs)
        if pair is not None and pair not in reported:
            reported.add(pair)
            a, b = rows[pair[0]], rows[pair[1]]
            why = {ir.HitPolicy.UNIQUE: "a UNIQUE table allows one match",
                   ir.HitPolicy.ANY: "they give different outputs, and an ANY table needs them to agree",
                   ir.HitPolicy.PRIORITY: "they have the same priority and give different outputs"}[policy]
            state.err("RN735", f"{a.label} and {b.label} of the {policy.value.upper()} table both match: {why}",
                      b.span, "make an entry of one of them exclude the other's inputs",
                      notes=(f"both match {inputs_text(node, subjects)}", *_example(node, subjects, example, describe, proven),
                             f"{a.label}: {_row_text(node, a)}",
                             f"{b.label}: {_row_text(node, b)}"))
    # a table that collects has a meaning for no match (no value, 0, the empty list): only a table
    # that claims to decide each case (UNIQUE, ANY, FIRST, PRIORITY) has gaps
    single = not (policy.gives_list or policy.aggregates)
    if single and node.default is None and () in seen:
        example, _, subjects = seen[()]
        message = f"no row of the {policy.value.upper()} table matches {inputs_text(node, subjects)}"
        help_text = "add a row for these inputs, or a `default -> …`"
        if proven:
            state.err("RN736", message, node.span, help_text,
                      notes=(*_example(node, subjects, example, describe, proven), "so the decision has no value there"))
        else:
            state.warn("RN736", "if the inputs can be so, " + message, node.span,
                       "declare the ranges of the inputs it reads, add a row, or a `default -> …`")
    if not proven:
        return
    deciding = {m[0] for m in seen if m} if policy is ir.HitPolicy.FIRST else {n for m in seen for n in m}
    for n, row in enumerate(rows):
        if n in deciding:
            continue
        shadowed = policy is ir.HitPolicy.FIRST and any(n in m for m in seen)
        state.warn("RN737", f"{row.label} of the table never decides: " + (
            "earlier rows match every input it matches, and a FIRST table takes the first" if shadowed else
            "it matches no input that can occur"), row.span,
            "remove it, or move it above the rows that shadow it" if shadowed else
            "remove it, or correct its entries")


def _example(node: ir.TableOf, subjects: tuple[Any, ...], example: dict[Any, Any],
             describe: Callable[[dict[Any, Any]], str], proven: bool) -> tuple[str, ...]:
    """The framework's inputs that give the table's (when every combination was tried, and they
    are not the table's columns themselves)."""
    columns = {expr_text(i): v for i, v in zip(node.inputs, subjects, strict=False)}
    if not proven or not example or all(k in columns and columns[k] == v for k, v in example.items()):
        return ()
    return (f"for example with {describe(example)}",)


def _conflict(node: ir.TableOf, matched: tuple[int, ...], outputs: Mapping[int, Any]) -> tuple[int, int] | None:
    policy = node.policy
    if len(matched) < 2:
        return None
    if policy is ir.HitPolicy.UNIQUE:
        return matched[0], matched[1]
    if policy is ir.HitPolicy.ANY and all(n in outputs for n in matched):
        first = outputs[matched[0]]
        other = next((n for n in matched[1:] if not _same(outputs[n], first)), None)
        return (matched[0], other) if other is not None else None
    if policy is ir.HitPolicy.PRIORITY and all(n in outputs for n in matched):
        ranked = sorted(matched, key=lambda n: priority_key(node, outputs[n]))
        best = [n for n in ranked if priority_key(node, outputs[n]) == priority_key(node, outputs[ranked[0]])]
        other = next((n for n in best[1:] if not _same(outputs[n], outputs[best[0]])), None)
        return (min(best[0], other), max(best[0], other)) if other is not None else None
    return None


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


def _row_text(node: ir.TableOf, row: ir.TableRow) -> str:
    cells = " | ".join(entry_text(e, expr_text) for e in row.entries)
    return f"| {cells} -> {' | '.join(expr_text(o) for o in row.outputs)} |"


# ------------------------------------------------------------------------------------ reach path
def table_reach(state: Compilation, node: ir.TableOf, go: Callable[[ir.Expr], Reach],
                labels: Callable[[ir.Expr], Sequence[Any] | None], *, check: bool) -> Reach:
    """The numbers a table can give, from its columns sampled over their reach; with ``check``,
    the table's overlaps and (as warnings) gaps on the way."""
    columns: list[Sequence[Any]] = []
    sampled = all(_constant_intervals(e, []) for r in node.rows for e in r.entries)
    for n, column in enumerate(node.inputs):
        values = labels(column)
        intervals: list[ir.Interval] = []
        for row in node.rows:
            if n < len(row.entries):
                _constant_intervals(row.entries[n], intervals)
        if values is None:
            values = list(go(column).samples(intervals))
        elif not values and any(_day(x) is not None for r in node.rows if n < len(r.entries)
                                for x in entry_expressions(r.entries[n])):
            values = _day_samples(intervals)  # a date column: any day may occur
        columns.append(values)
    outputs = [go(x) for r in node.rows for x in r.outputs] + [go(x) for x in node.default or ()]
    for r in node.rows:
        for entry in r.entries:
            for x in entry_expressions(entry):
                go(x)
    size = 1
    for c in columns:
        size *= max(len(c), 1)
    if not sampled and state.has_errors:
        return _union(outputs)  # an entry of the wrong kind (RN731): what it would match means nothing
    if not sampled:
        space = _bound_space(node, go, labels)
        if isinstance(space, str):
            if check:
                _not_proven(state, node, space)
            return _union(outputs)
        names, domains, proven = space
        seen = _watch(node, names, domains)
        if check:
            check_table(state, node, seen, _env_text, proven=proven)
        return _value_reach(node, seen, go)
    if size > MAX_SAMPLES:
        if check:
            _not_proven(state, node, f"its columns have {size:,} combinations of values to try, more than "
                                     f"the {MAX_SAMPLES:,} the check tries")
        return _union(outputs)
    seen = _watch(node, [None] * len(columns), columns)
    if check:
        check_table(state, node, seen, str, proven=False)
    return _value_reach(node, seen, go)


def _watch(node: ir.TableOf, names: Sequence[str | None], domains: Sequence[Sequence[Any]]) -> dict[tuple[int, ...], Seen]:
    """Which rows match for every combination of the values of ``names`` (the table's columns, or
    named inputs its columns and bounds read): each set of matching rows with one combination."""
    seen: dict[tuple[int, ...], Seen] = {}
    named = any(n is not None for n in names)
    for combination in itertools.product(*domains):
        env = dict(zip(names, combination, strict=True)) if named else {}
        # named: every column is a name (``_bound_space`` makes sure)
        subjects = tuple(env[getattr(c, "name")] for c in node.inputs) if named else combination  # noqa: B009
        matched = tuple(n for n, row in enumerate(node.rows) if len(row.entries) == len(subjects) and all(
            entry_holds(e, v, env, _named) for e, v in zip(row.entries, subjects, strict=True)))
        if matched not in seen:
            seen[matched] = (env, _outputs(node, matched), subjects)
    return seen


def _bound_space(node: ir.TableOf, go: Callable[[ir.Expr], Reach],
                 labels: Callable[[ir.Expr], Sequence[Any] | None]) -> tuple[list[str], list[list[Any]], bool] | str:
    """For a table whose interval bounds (or compared values) are other inputs: the names its
    columns and bounds read, the values to try for each, and whether these are values that occur.

    Which rows match depends only on how the numbers lie among each other and among the numbers
    written in the table and the inputs' declared bounds, so it suffices to try those numbers and,
    in each stretch between them, as many distinct values as there are number inputs (every order
    they can be in). Or, as a text, why the check cannot do this."""
    names: dict[str, None] = {}
    for column in node.inputs:
        if not isinstance(column, ir.Ref):
            return f"its column {expr_text(column)} is computed, and its bounds are other inputs"
        names.setdefault(column.name)
    constants: set[Fraction] = set()
    for row in node.rows:
        for entry in row.entries:
            for x in entry_expressions(entry):
                if isinstance(x, ir.Ref):
                    names.setdefault(x.name)
                elif isinstance(x, ir.Const):
                    constants.add(x.value)
                elif not isinstance(x, (ir.Text, ir.Truth, ir.DateLit)):
                    return f"the bound {expr_text(x)} is computed"
    domains: dict[str, list[Any]] = {}
    intervals: dict[str, tuple[Fraction | None, Fraction | None]] = {}
    proven = True
    days: list[str] = []
    for name in names:
        ref = ir.Ref(name)
        listed = labels(ref)
        if isinstance(listed, Days):  # a date input: days, ordered and discrete
            days.append(name)
            continue
        if listed is not None:
            domains[name] = list(listed)
            continue
        reach = go(ref)
        if reach.values is not None:
            domains[name] = sorted(reach.values)
            proven = False  # a decision's values as far as the check knows them
            continue
        intervals[name] = reach.bounds
        constants |= {b for b in reach.bounds if b is not None}
        proven = proven and reach.exact
    points = sorted(constants) or [Fraction(0)]
    k = len(intervals)
    candidates = list(points)
    for a, b in zip(points, points[1:], strict=False):
        candidates.extend(a + (b - a) * j / (k + 1) for j in range(1, k + 1))
    candidates.extend(points[0] - j for j in range(1, k + 1))
    candidates.extend(points[-1] + j for j in range(1, k + 1))
    candidates.sort()
    for name, (low, high) in intervals.items():
        domains[name] = [c for c in candidates if (low is None or c >= low) and (high is None or c <= high)]
    if days:  # every order of the date inputs among themselves and the days written: each written
        # day with the len(days) days either side of it (all days between two close ones)
        written = sorted({d for row in node.rows for entry in row.entries for x in entry_expressions(entry)
                          if (d := _day(x)) is not None}) or [Fraction(datetime.date(2000, 1, 1).toordinal())]
        around = sorted({int(d) + j for d in written for j in range(-len(days), len(days) + 1)})
        samples = [datetime.date.fromordinal(o).isoformat() for o in around]
        for name in days:
            domains[name] = samples
    size = 1
    for values in domains.values():
        size *= max(len(values), 1)
    if size > MAX_SAMPLES:
        return (f"{', '.join(f'`{n}`' for n in names)} have {size:,} combinations of values to try, more than the "
                f"{MAX_SAMPLES:,} the check tries")
    return list(names), [domains[n] for n in names], proven


def _not_proven(state: Compilation, node: ir.TableOf, why: str) -> None:
    state.warn("RN751", f"the rows of the {node.policy.value.upper()} table are not proven free of gaps and overlaps: "
               f"{why}", node.span, "a gap or overlap may remain unseen; the table is evaluated as written")


def _env_text(env: dict[Any, Any]) -> str:
    return "; ".join(f"{k} = {value_text(v)}" for k, v in env.items())


def _named(e: ir.Expr, env: Any = None, *_: Any) -> Any:
    """A bound's or compared value's value: written in the table, or another input's."""
    if isinstance(e, ir.Ref):
        return env[e.name]
    return _constants(e)


def _constants(e: ir.Expr, env: Any = None, *_: Any) -> Any:
    assert isinstance(e, (ir.Const, ir.Text, ir.Truth, ir.DateLit))
    return e.value


def _outputs(node: ir.TableOf, matched: tuple[int, ...]) -> dict[int, Any]:
    """The outputs of the matching rows, where they are written as constants (for ANY, PRIORITY)."""
    out: dict[int, Any] = {}
    for n in matched:
        exprs = node.rows[n].outputs
        if all(isinstance(x, (ir.Const, ir.Text, ir.Truth, ir.DateLit)) for x in exprs):
            out[n] = row_value(node, exprs, {}, None, None, _constants)
    return out


def _value_reach(node: ir.TableOf, seen: Mapping[tuple[int, ...], Any], go: Callable[[ir.Expr], Reach]) -> Reach:
    policy = node.policy
    if policy is ir.HitPolicy.COLLECT_COUNT:
        return Reach.of(frozenset(Fraction(len(m)) for m in seen))
    if len(node.outputs) != 1:
        return Reach()
    default = [go(node.default[0])] if node.default else []
    if policy is ir.HitPolicy.COLLECT_SUM:
        parts = [sum_reach([go(node.rows[n].outputs[0]) for n in m]) if m else (default[0] if default else None)
                 for m in seen]
        return _union([p for p in parts if p is not None])
    return _union([go(node.rows[n].outputs[0]) for m in seen for n in m if node.rows[n].outputs] + default)


def _union(parts: list[Reach]) -> Reach:
    return union(parts) if parts else Reach()
