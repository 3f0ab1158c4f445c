"""A decision's published value (``value:`` of a recorded record), read as the decision gives it:
a number, a truth or a category (RN674); a list of results, for a table that collects (RULE ORDER,
OUTPUT ORDER, COLLECT), written as a list; a record of several outputs, written as a mapping from
the outputs' names (RN761, RN762). Each item and field is read as its output column declares, so a
list of records is checked field by field at its own line and column."""

from __future__ import annotations

from typing import Any

from ... import ir
from ...diagnostics import did_you_mean
from ...values import Record
from ..readers.nodes import Node
from .fields import Checker

#: The words for what a decision gives, in the messages.
WORDS = {ir.Kind.NUMBER: "a number", ir.Kind.TRUTH: "true or false", ir.Kind.CATEGORY: "a category",
         ir.Kind.TEXT: "a text", ir.Kind.DATE: "a date", ir.Kind.LIST: "a list of results",
         ir.Kind.RECORD: "several outputs"}


def published_value(ck: Checker, node: Node, decision: ir.Decision) -> Any:
    """The value ``node`` records for ``decision``, or None after the errors that say why."""
    if decision.kind in (ir.Kind.LIST, ir.Kind.RECORD):
        table = _table(ck.fw, decision.expr)
        outputs = table.outputs if table is not None else None
        if decision.kind is ir.Kind.RECORD:
            return _record(ck, node, decision.id, outputs)
        if not isinstance(node.value, list):
            ck.err("RN761", f"`{decision.id}` gives a list of results, and the recorded value is not a list",
                   node.span, "record the list as published, in order: `value: [\"Approved\", \"Declined\"]` "
                   "(`value: []` for none)")
            return None
        many = outputs is not None and len(outputs) > 1
        items = [_record(ck, item, decision.id, outputs, n + 1) if many else
                 _scalar(ck, item, None, outputs[0] if outputs else None, f"item {n + 1} of the recorded value")
                 for n, item in enumerate(node.value)]
        return None if any(i is None for i in items) else tuple(items)
    return _scalar(ck, node, decision, None, "")


def _table(fw: ir.Framework, expr: ir.Expr) -> ir.TableOf | None:
    """The decision table whose outputs a decision's list or record holds: the decision's own, or
    that of the decision it names (through ``if`` branches)."""
    seen: set[str] = set()
    while True:
        if isinstance(expr, ir.TableOf):
            return expr
        if isinstance(expr, ir.If):
            expr = expr.then
        elif isinstance(expr, ir.Ref) and expr.name not in seen and fw.decision(expr.name) is not None:
            seen.add(expr.name)
            expr = fw.decision(expr.name).expr  # type: ignore[union-attr]
        else:
            return None


def _record(ck: Checker, node: Node, decision: str, outputs: tuple[ir.TableOutput, ...] | None,
            item: int | None = None) -> Record | None:
    where = f"item {item} of the recorded value" if item is not None else "the recorded value"
    names = [o.name for o in outputs] if outputs is not None else None
    if not isinstance(node.value, dict):
        example = ", ".join(f"{n}: …" for n in names or ("name",))
        ck.err("RN761", f"`{decision}` gives several outputs, and {where} is not a mapping of them", node.span,
               f"record each output by its name: `{{{example}}}`")
        return None
    given = dict(node.items())
    ok = True
    for key, child in given.items():
        if names is not None and key not in names:
            close = did_you_mean(key, names)
            ck.err("RN761", f"`{decision}` has no output `{key}`", child.span,
                   f"did you mean `{close}`?" if close else "its outputs: " + ", ".join(f"`{n}`" for n in names))
            ok = False
    missing = [n for n in names or () if n not in given]
    if missing:
        ck.err("RN761", f"{where} of `{decision}` does not give " + ", ".join(f"`{m}`" for m in missing), node.span,
               "record every output: a report that prints one output records a decision that reads it "
               f"(`{decision}.{missing[0]}`)")
        ok = False
    if not ok:
        return None
    by_name = {o.name: o for o in outputs or ()}
    order = names if names is not None else list(given)
    fields = [(k, _scalar(ck, given[k], None, by_name.get(k), f"`{k}` of {where}")) for k in order]
    return None if any(v is None for _, v in fields) else Record(tuple(fields))


def _scalar(ck: Checker, node: Node, decision: ir.Decision | None, output: ir.TableOutput | None, part: str) -> Any:
    """A number, truth or category: of the decision's kind, or of an output column's (its declared
    type and values; an undeclared column takes the value as written)."""
    raw = node.value
    name = decision.id if decision is not None else (output.name if output is not None else "the value")
    kind = decision.kind if decision is not None else output.kind if output is not None else None
    choices = decision.choices if decision is not None else output.choices if output is not None else ()
    code = "RN674" if decision is not None else "RN762"
    what = part or f"the recorded value of `{name}`"
    if isinstance(raw, (dict, list)) or raw is None:
        ck.err(code, f"{what} is {'empty' if raw is None else 'a list' if isinstance(raw, list) else 'a mapping'}",
               node.span, f"record {WORDS.get(kind, 'a number, true/false or a category') if kind else 'one value'} here")
        return None
    if kind is ir.Kind.NUMBER or (kind is None and not isinstance(raw, (bool, str))):
        if isinstance(raw, bool):
            ck.err(code, f"`{name}` gives a number, not {str(raw).lower()}", node.span, "record a number")
            return None
        return ck.number(node, what)
    if kind is ir.Kind.TRUTH or (kind is None and isinstance(raw, bool)):
        if not isinstance(raw, bool):
            ck.err(code, f"`{name}` gives true or false", node.span, "record `true` or `false`")
            return None
        return raw
    if isinstance(raw, bool):
        ck.err(code, f"`{name}` gives a category, not {str(raw).lower()}", node.span,
               "record one of its categories" if not choices else "categories: " + ", ".join(f'"{c}"' for c in choices))
        return None
    value = str(raw)
    if choices and value not in choices:
        close = did_you_mean(value, choices)
        ck.err(code, f"\"{value}\" is not one of the categories of `{name}`", node.span,
               f'did you mean "{close}"?' if close else "categories: " + ", ".join(f'"{c}"' for c in choices))
        return None
    return value


def printed_text(node: Node) -> str:
    """A published value as written, for the reconciliation: a scalar as the file writes it, a
    list or mapping in the brackets of a YAML flow."""
    raw = node.value
    if isinstance(raw, list):
        return "[" + ", ".join(printed_text(v) for v in raw) + "]"
    if isinstance(raw, dict):
        return "{" + ", ".join(f"{k}: {printed_text(v)}" for k, v in raw.items()) + "}"
    return node.raw if node.raw is not None else str(raw)


__all__ = ["WORDS", "printed_text", "published_value"]
