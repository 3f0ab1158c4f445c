"""Decision tables in the compiler: every row has a cell per column, every entry fits its input's
kind, every output its column's type, and the hit policy has what it needs (RN730–RN734). What
the rows cover (overlaps, gaps, rows that never decide) is proven in :mod:`.table_proofs`.
"""

from __future__ import annotations

from typing import Protocol

import attrs

from .. import ir
from ..diagnostics import did_you_mean
from ..semantics.decisions import expr_text
from .kinds import _WORDS, NUMBER, ORDERED, Kind
from .state import Compilation


class _Checker(Protocol):
    """What the tables' checks use of the decisions' checker (:class:`.decisions._Checker`)."""

    state: Compilation

    def resolve(self, expr: ir.Expr) -> ir.Expr: ...
    def kind_of(self, e: ir.Expr) -> Kind: ...
    def _same(self, parts: list[ir.Expr], what: str) -> Kind: ...
    def _labels_fit(self, literal: ir.Expr, other: Kind) -> None: ...
    def _need(self, e: ir.Expr, want: ir.Kind, what: str) -> Kind: ...


def resolve_table(checker: _Checker, e: ir.TableOf) -> ir.TableOf:
    """Names in the table become references, quoted texts categories (as everywhere in a decision)."""
    rows = tuple(attrs.evolve(r, entries=tuple(_resolve_entry(checker, en) for en in r.entries),
                              outputs=tuple(checker.resolve(o) for o in r.outputs)) for r in e.rows)
    default = tuple(checker.resolve(d) for d in e.default) if e.default is not None else None
    return attrs.evolve(e, inputs=tuple(checker.resolve(i) for i in e.inputs), rows=rows, default=default)


def _resolve_entry(checker: _Checker, tests: tuple[ir.EntryTest, ...]) -> tuple[ir.EntryTest, ...]:
    out = []
    for t in tests:
        out.append(attrs.evolve(t, value=checker.resolve(t.value) if t.value is not None else None,
                                low=checker.resolve(t.low) if t.low is not None else None,
                                high=checker.resolve(t.high) if t.high is not None else None,
                                tests=_resolve_entry(checker, t.tests)))
    return tuple(out)


def table_kind(checker: _Checker, e: ir.TableOf) -> Kind:
    """The kind of the table's value, reporting every cell that does not fit (RN730–RN734)."""
    state = checker.state
    inputs = [checker.kind_of(i) for i in e.inputs]
    width, outs = len(e.inputs), len(e.outputs)
    for row in e.rows:
        if len(row.entries) != width or len(row.outputs) != outs or _marked(row):
            state.err("RN730", f"{row.label} of the table has {_count(len(row.entries), 'entry', 'entries')} and "
                      f"{_count(len(row.outputs), 'output')}; the header has {_count(width, 'input')} and "
                      f"{_count(outs, 'output')}", row.span,
                      "give every row one cell per column of the header")
            continue
        for tests, kind, subject in zip(row.entries, inputs, e.inputs, strict=True):
            _check_tests(checker, tests, kind, subject, row.label)
    if e.default is not None and len(e.default) != outs:
        state.err("RN730", f"the default gives {len(e.default)} outputs; the header has {outs}", e.span,
                  "give the default one value per output")
    kinds: list[Kind] = []
    for n, output in enumerate(e.outputs):
        values = [r.outputs[n] for r in e.rows if len(r.outputs) == outs and not _marked(r)]
        if e.default is not None and len(e.default) == outs:
            values.append(e.default[n])
        kind = checker._same(values, f"the outputs `{output.name}`") if values else (
            Kind(output.kind) if output.kind is not None else NUMBER)
        kinds.append(_declared(checker, output, kind, values))
    _check_policy(checker, e, kinds)
    one = kinds[0] if len(kinds) == 1 else Kind(ir.Kind.RECORD, fields=tuple(
        (o.name, k) for o, k in zip(e.outputs, kinds, strict=True)))
    policy = e.policy
    if policy is ir.HitPolicy.COLLECT_COUNT or policy is ir.HitPolicy.COLLECT_SUM:
        return NUMBER
    if policy.gives_list:
        return Kind(ir.Kind.LIST, item=one)
    return one


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


def _marked(row: ir.TableRow) -> bool:
    """A grid row with more or fewer cells than the header has columns (marked by the shaper)."""
    return any(t.op in ("column", "cells") for tests in row.entries for t in tests)


def _check_tests(checker: _Checker, tests: tuple[ir.EntryTest, ...], kind: Kind, subject: ir.Expr,
                 label: str) -> None:
    for t in tests:
        where = f"in {label}, the entry on {expr_text(subject)}"
        if t.op == "+":
            checker.state.err("RN731", f"{where} is `+`", t.span, "`-` is an entry that holds for any value")
        elif t.op == "not":
            _check_tests(checker, t.tests, kind, subject, label)
        elif t.op in ("=", "!=") and t.value is not None:
            got = checker.kind_of(t.value)
            if got.kind is not kind.kind and not (got.kind is ir.Kind.CATEGORY and kind.kind is ir.Kind.TEXT):
                checker.state.err("RN731", f"{where} is {_word(got)}, and the input is {_word(kind)}", t.span,
                                  f"write {_word(kind)} here, or `-` for any value")
            else:
                checker._labels_fit(t.value, kind)
        else:
            if kind.kind not in ORDERED:
                checker.state.err("RN731", f"{where} compares by order, and the input is {_word(kind)}", t.span,
                                  "categories and truths are matched by their value: `\"Low\", \"Medium\"`, `true`")
            want = kind.kind if kind.kind in ORDERED else ir.Kind.NUMBER
            for bound in (t.value, t.low, t.high):
                if bound is not None:
                    checker._need(bound, want, f"the entry `{t.op}`" if t.op != "in" else "an interval")


def _word(kind: Kind) -> str:
    return _WORDS.get(kind.kind, f"a {kind.kind.value}")


def _declared(checker: _Checker, output: ir.TableOutput, kind: Kind, values: list[ir.Expr]) -> Kind:
    """An output's declared type and priority list hold every value its rows give (RN734)."""
    K = Kind

    if output.kind is None:
        return kind
    if output.kind is not kind.kind and kind.labels != frozenset():
        checker.state.err("RN734", f"the output `{output.name}` is declared {_word(K(output.kind))} and its rows give "
                          f"{_word(kind)}", output.span, "give values of the declared type")
        return K(output.kind)
    if output.kind is ir.Kind.CATEGORY:
        if len(set(output.choices)) != len(output.choices):
            checker.state.err("RN734", f"the output `{output.name}` lists a value twice", output.span,
                              "list each value once, in decreasing priority")
        for value in values:
            for label in sorted(checker.kind_of(value).labels or ()):
                if label not in output.choices:
                    close = did_you_mean(label, output.choices)
                    checker.state.err("RN734", f"\"{label}\" is not one of the values of the output `{output.name}`",
                                      value.span, f'did you mean "{close}"?' if close else
                                      f"add it to `{output.name} one of (…)` or correct it")
        return K(ir.Kind.CATEGORY, frozenset(output.choices))
    return kind


def _check_policy(checker: _Checker, e: ir.TableOf, kinds: list[Kind]) -> None:
    policy = e.policy
    state = checker.state
    name = policy.value.upper()
    if policy in (ir.HitPolicy.PRIORITY, ir.HitPolicy.OUTPUT_ORDER) and not any(o.choices for o in e.outputs):
        state.err("RN732", f"a {name} table decides by the outputs' priorities, and no output declares them", e.span,
                  "list an output's values in decreasing priority in the header: "
                  "`-> status one of (\"Declined\", \"Approved\")`")
    if policy.aggregates:
        if len(e.outputs) != 1:
            state.err("RN733", f"a {name} table aggregates one output, and this one has {len(e.outputs)}", e.span,
                      "give the table one output, or collect a list with `collect`")
        elif policy is not ir.HitPolicy.COLLECT_COUNT and kinds[0].kind is not ir.Kind.NUMBER:
            state.err("RN733", f"a {name} table adds or compares numbers, and its output is {_word(kinds[0])}",
                      e.span, "give numbers, or collect a list with `collect`")
        if policy is ir.HitPolicy.COLLECT_COUNT and e.default is not None:
            state.err("RN733", "a COLLECT COUNT table counts the rows that match: with none it is 0, so a default "
                      "means nothing", e.span, "remove the default")


def member_kind(checker: _Checker, e: ir.Member) -> Kind:
    """``approval.status``: an output of a table with several outputs (RN739 otherwise)."""
    record = checker.kind_of(e.operand)
    fields = dict(record.fields or ())
    if e.name in fields:
        return fields[e.name]
    close = did_you_mean(e.name, fields)
    checker.state.err("RN739", f"{expr_text(e.operand)} has no output `{e.name}`", e.span,
                      f"did you mean `{close}`?" if close else
                      "`.name` reads one output of a decision table with several outputs")
    return NUMBER
