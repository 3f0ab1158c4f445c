"""What a decision table means (DMN's decision tables): which rows match an entity's inputs, and
what the hit policy makes of them.

A row matches when every entry holds for its input: ``-`` always; a comparison, an interval (whose
bounds may be other inputs), a value to equal, ``not(…)``; several tests separated by commas when
any holds. The hit policies have DMN's meanings: UNIQUE (two matches are an error, even when they
agree), ANY (the matches must give the same outputs), FIRST (row order), PRIORITY (the match whose
outputs come first in the declared priority lists; never the row order), RULE ORDER and OUTPUT
ORDER (a list of every match, duplicates kept, the empty list allowed), COLLECT (a list, in row
order), and COLLECT SUM, MIN, MAX and COUNT (COUNT of no match is 0; SUM, MIN and MAX of no match
have no value unless a default is declared). A table of one result with no match and no default
has no value; every error and every "no value" says which rows matched.

Pure: :func:`evaluate_table` is handed the expression evaluator, so that the tables' meaning and the
expressions' stay in one place each.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import attrs

from .. import ir
from ..values import Record, quoted, value_text
from .conditions import expr_text
from .outcomes import Conflict, NoValue

Evaluate = Callable[..., Any]


@attrs.frozen
class Hit:
    """What a table's watcher is told (the compiler's proofs): the inputs' values, the rows that
    matched (by index), and the outputs of those rows where the policy computed them."""

    subjects: tuple[Any, ...]
    matched: tuple[int, ...]
    outputs: Mapping[int, Any] = attrs.field(factory=dict)


def evaluate_table(table: ir.TableOf, env: Mapping[Any, Any], steps: list[Any] | None,
                   watch: Callable[[Any, Any], None] | None, evaluate: Evaluate) -> Any:
    """The value of ``table`` for the inputs in ``env``; ``evaluate`` evaluates its expressions."""
    subjects = tuple(evaluate(e, env, steps, watch) for e in table.inputs)
    matched = tuple(n for n, row in enumerate(table.rows)
                    if all(entry_holds(entry, subject, env, evaluate)
                           for entry, subject in zip(row.entries, subjects, strict=False)))
    policy = table.policy
    outputs: dict[int, Any] = {}
    if policy in (ir.HitPolicy.ANY, ir.HitPolicy.PRIORITY) or policy.gives_list or policy.aggregates:
        for n in matched:
            outputs[n] = row_value(table, table.rows[n].outputs, env, steps, watch, evaluate)
    if watch is not None:
        watch(table, Hit(subjects, matched, outputs))
    rows = [table.rows[n] for n in matched]
    result = _apply(table, matched, outputs, env, steps, watch, evaluate, subjects)
    if steps is not None:
        steps.append((f"{_title(table)}: {_matched_text(rows)} for {inputs_text(table, subjects)} -> "
                      f"{value_text(result)}", value_text(result), rows[0].span if len(rows) == 1 else None))
    return result


def _apply(table: ir.TableOf, matched: tuple[int, ...], outputs: dict[int, Any], env: Mapping[Any, Any],
           steps: list[Any] | None, watch: Callable[[Any, Any], None] | None, evaluate: Evaluate,
           subjects: tuple[Any, ...]) -> Any:
    policy = table.policy
    rows = table.rows
    if policy is ir.HitPolicy.COLLECT_COUNT:
        return Fraction(len(matched))
    if not matched:
        if table.default is not None:
            value = row_value(table, table.default, env, steps, watch, evaluate)
            return (value,) if policy.gives_list else value
        if policy.gives_list:
            return ()
        raise NoValue(f"no row of the {policy.value.upper()} table matches {inputs_text(table, subjects)}, "
                      "and it declares no default")
    if policy is ir.HitPolicy.UNIQUE:
        if len(matched) > 1:
            raise Conflict(f"{_labels([rows[n] for n in matched])} all match {inputs_text(table, subjects)}, and a "
                           "UNIQUE table allows one")
        return row_value(table, rows[matched[0]].outputs, env, steps, watch, evaluate)
    if policy is ir.HitPolicy.FIRST:
        return row_value(table, rows[matched[0]].outputs, env, steps, watch, evaluate)
    if policy is ir.HitPolicy.ANY:
        distinct = {_identity(outputs[n]) for n in matched}
        if len(distinct) > 1:
            raise Conflict(f"{_labels([rows[n] for n in matched])} match {inputs_text(table, subjects)} and give "
                           f"different outputs ({', '.join(value_text(outputs[n]) for n in matched)}), and an ANY "
                           "table needs them to agree")
        return outputs[matched[0]]
    if policy is ir.HitPolicy.PRIORITY:
        ranked = sorted(matched, key=lambda n: priority_key(table, outputs[n]))
        best = [n for n in ranked if priority_key(table, outputs[n]) == priority_key(table, outputs[ranked[0]])]
        if len({_identity(outputs[n]) for n in best}) > 1:
            raise Conflict(f"{_labels([rows[n] for n in best])} match with the same priority and give different "
                           "outputs, and a PRIORITY table never decides by row order")
        return outputs[ranked[0]]
    if policy is ir.HitPolicy.OUTPUT_ORDER:
        return tuple(outputs[n] for n in sorted(matched, key=lambda n: priority_key(table, outputs[n])))
    if policy in (ir.HitPolicy.RULE_ORDER, ir.HitPolicy.COLLECT):
        return tuple(outputs[n] for n in matched)
    values = [outputs[n] for n in matched]
    if policy is ir.HitPolicy.COLLECT_SUM:
        return sum(values, Fraction(0))
    return min(values) if policy is ir.HitPolicy.COLLECT_MIN else max(values)


def row_value(table: ir.TableOf, exprs: Sequence[ir.Expr], env: Mapping[Any, Any], steps: list[Any] | None,
              watch: Callable[[Any, Any], None] | None, evaluate: Evaluate) -> Any:
    """A row's outputs: the value itself for a table of one output, else a record by output name."""
    values = [evaluate(e, env, steps, watch) for e in exprs]
    if len(table.outputs) == 1:
        return values[0]
    return Record(tuple((o.name, v) for o, v in zip(table.outputs, values, strict=False)))


def priority_key(table: ir.TableOf, value: Any) -> tuple[int, ...]:
    """Where a row's outputs stand in the declared priority lists (lower is higher priority): by the
    first output that has a list, then the next."""
    key = []
    for output in table.outputs:
        if output.choices:
            got = value.get(output.name) if isinstance(value, Record) else value
            key.append(output.choices.index(got) if got in output.choices else len(output.choices))
    return tuple(key)


def entry_holds(tests: tuple[ir.EntryTest, ...], subject: Any, env: Mapping[Any, Any], evaluate: Evaluate) -> bool:
    """An entry holds when it is ``-`` (no tests) or any of its tests holds."""
    return not tests or any(test_holds(t, subject, env, evaluate) for t in tests)


def test_holds(test: ir.EntryTest, subject: Any, env: Mapping[Any, Any], evaluate: Evaluate) -> bool:
    op = test.op
    if op == "not":
        return not any(test_holds(t, subject, env, evaluate) for t in test.tests)
    if op == "in":
        assert test.low is not None and test.high is not None
        low, high = evaluate(test.low, env), evaluate(test.high, env)
        return bool((low < subject or (test.low_closed and low == subject))
                    and (subject < high or (test.high_closed and subject == high)))
    if test.value is None:
        return False  # a malformed entry the compiler reports (RN731)
    other = evaluate(test.value, env)
    if op in ("=", "!="):
        same = isinstance(subject, bool) == isinstance(other, bool) and subject == other
        return same if op == "=" else not same
    return bool({"<": subject < other, "<=": subject <= other, ">": subject > other, ">=": subject >= other}[op])


def _identity(value: Any) -> Any:
    """A value that compares as the value does, a truth apart from 0 and 1."""
    if isinstance(value, Record):
        return tuple((k, _identity(v)) for k, v in value.fields)
    return (type(value) is bool, value)


# ------------------------------------------------------------------------------------ text
def entry_text(tests: tuple[ir.EntryTest, ...], text: Callable[[ir.Expr], str]) -> str:
    """An entry as written: ``-``, ``>= 18``, ``"Medium", "Low"``, ``[18..60)``, ``not("x")``."""
    if not tests:
        return "-"
    return ", ".join(_test_text(t, text) for t in tests)


def _test_text(test: ir.EntryTest, text: Callable[[ir.Expr], str]) -> str:
    if test.op == "not":
        return f"not({entry_text(test.tests, text)})"
    if test.op == "in":
        assert test.low is not None and test.high is not None
        return (f"{'[' if test.low_closed else '('}{text(test.low)}..{text(test.high)}"
                f"{']' if test.high_closed else ')'}")
    if test.value is None:
        return test.op
    return text(test.value) if test.op == "=" else f"{test.op} {text(test.value)}"


def inputs_text(table: ir.TableOf, subjects: Sequence[Any]) -> str:
    return ", ".join(f"{expr_text(e)} = {value_text(v)}" for e, v in zip(table.inputs, subjects, strict=False))


def _title(table: ir.TableOf) -> str:
    return f"table {table.policy.value}" + (" (grid)" if table.grid else "")


def _labels(rows: Sequence[ir.TableRow]) -> str:
    labels = [r.label for r in rows]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def _matched_text(rows: Sequence[ir.TableRow]) -> str:
    if not rows:
        return "no row matches"
    return f"{_labels(rows)} {'matches' if len(rows) == 1 else 'match'}"


def labels_text(rows: Sequence[ir.TableRow]) -> str:
    """Rows named as a reason names them: ``row 2``, ``rows 1 and 3``."""
    return _labels(rows)


__all__ = ["Hit", "entry_holds", "entry_text", "evaluate_table", "inputs_text", "labels_text", "priority_key",
           "quoted", "row_value", "test_holds"]
