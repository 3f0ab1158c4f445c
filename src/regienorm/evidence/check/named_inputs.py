"""An entity's named inputs (``inputs:`` of an entity): each one the framework declares, of the
kind it declares — a number within its range, a truth value, one of its categories, a text, a date
(RN670–RN673)."""

from __future__ import annotations

import datetime
from fractions import Fraction

from ... import ir
from ...diagnostics import did_you_mean
from ..model import InputValue, normalise_id
from ..readers import Node
from .fields import Checker

_KIND_WORDS = {ir.Kind.NUMBER: "a number", ir.Kind.TRUTH: "true or false", ir.Kind.CATEGORY: "one of its categories",
               ir.Kind.TEXT: "a text", ir.Kind.DATE: "a date (YYYY-MM-DD)"}


def named_inputs(ck: Checker, node: Node | None, entity: str) -> tuple[InputValue, ...]:
    """The inputs given under ``inputs:`` of one entity, each checked against its declaration."""
    if node is None or node.value is None:
        return ()
    if not isinstance(node.value, dict):
        ck.err("RN610", "`inputs` must be a mapping of input names to values", node.span,
               "write each as `name: value` on its own line")
        return ()
    declared = {i.id: i for i in ck.fw.inputs}
    out: list[InputValue] = []
    for raw_name, child in node.items():
        name = normalise_id(raw_name)
        decl = declared.get(name)
        if decl is None:
            close = did_you_mean(name, declared)
            ck.err("RN670", f"entity `{entity}` gives an input `{name}` that the framework does not declare", child.span,
                   f"did you mean `{close}`?" if close else
                   ("declared inputs: " + ", ".join(f"`{k}`" for k in sorted(declared)[:12])) if declared else
                   "declare it in the framework: `input NAME number` (or truth, text, date, one of (…))")
            continue
        value = _value(ck, decl, child)
        if value is not None:
            out.append(InputValue(name, value, child.raw if child.raw is not None else _written(child.value),
                                  span=child.span))
    return tuple(out)


def _written(value: object) -> str | None:
    if isinstance(value, bool):
        return "true" if value else "false"
    return None if value is None else str(value)


def _value(ck: Checker, decl: ir.InputDecl, child: Node) -> Fraction | bool | str | None:
    value = child.value
    if value is None or isinstance(value, (dict, list)):
        ck.err("RN671", f"input `{decl.id}` has no value" if value is None else f"input `{decl.id}` must be one value",
               child.span, f"give {_KIND_WORDS[decl.kind]}")
        return None
    kind = decl.kind
    if kind is ir.Kind.NUMBER:
        if isinstance(value, bool):
            ck.err("RN671", f"input `{decl.id}` must be a number, not {str(value).lower()}", child.span, "give a number")
            return None
        number = ck.number(child, f"input `{decl.id}`")
        if number is None:
            return None
        if (decl.low is not None and number < decl.low) or (decl.high is not None and number > decl.high):
            low = "" if decl.low is None else str(decl.low)
            high = "" if decl.high is None else str(decl.high)
            ck.err("RN671", f"input `{decl.id}` is {child.raw or value}, outside its range {low}..{high}", child.span,
                   "correct the value, or the range declared in the framework")
            return None
        return number
    if kind is ir.Kind.TRUTH:
        if not isinstance(value, bool):
            ck.err("RN671", f"input `{decl.id}` must be true or false, not \"{value}\"", child.span,
                   "write `true` or `false`")
            return None
        return value
    text = child.raw if isinstance(value, bool) and child.raw is not None else str(value)
    if kind is ir.Kind.CATEGORY:
        text = normalise_id(text)
        if text not in decl.choices:
            close = did_you_mean(text, decl.choices)
            ck.err("RN672", f"input `{decl.id}` is \"{text}\", not one of its categories", child.span,
                   f'did you mean "{close}"?' if close else "categories: " + ", ".join(f'"{c}"' for c in decl.choices))
            return None
        return text
    if kind is ir.Kind.DATE:
        if isinstance(value, datetime.date):
            return value.isoformat()
        try:
            return datetime.date.fromisoformat(text).isoformat()
        except ValueError:
            ck.err("RN673", f"input `{decl.id}` is \"{text}\", not a date", child.span, "write a date as YYYY-MM-DD")
            return None
    return text
