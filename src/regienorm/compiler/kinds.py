"""The kind of a part of a decision as the compiler infers it: number, truth, category (with the
labels it can be), list (of what) or record (of which outputs); shared by the decision checks and
the decision tables' checks."""

from __future__ import annotations

import attrs

from .. import ir


@attrs.frozen
class Kind:
    """The kind of a part of a decision, and for a category the labels it can be (None: any text)."""

    kind: ir.Kind
    labels: frozenset[str] | None = None
    item: Kind | None = None  # a list's items
    fields: tuple[tuple[str, Kind], ...] | None = None  # a record's outputs


NUMBER = Kind(ir.Kind.NUMBER)
TRUTH = Kind(ir.Kind.TRUTH)
DATE = Kind(ir.Kind.DATE)
#: The kinds compared by order (`<`, `>=`, intervals): numbers, and dates as the calendar orders them.
ORDERED = (ir.Kind.NUMBER, ir.Kind.DATE)
#: `not_assessed`: no value, which fits a branch of any kind.
NOTHING = Kind(ir.Kind.TEXT, frozenset())
_WORDS = {ir.Kind.NUMBER: "a number", ir.Kind.TRUTH: "a true/false value", ir.Kind.CATEGORY: "a category",
          ir.Kind.TEXT: "a text", ir.Kind.DATE: "a date", ir.Kind.LIST: "a list of results",
          ir.Kind.RECORD: "several outputs"}
