"""The two outcomes of a decision apart from every value: *no value* (an input it needs is not
given, or the framework says so) and *error* (its arithmetic cannot be done, or a table's rows
conflict). Exceptions, raised where the evaluation meets them and caught where a decision's
outcome is made (:mod:`regienorm.engine.decisions`, the compiler's proofs)."""

from __future__ import annotations

from collections.abc import Sequence


class NoValue(Exception):
    """The decision has no value: an input it needs is not given (``missing`` names them), or no
    row of a table matches and it declares no default."""

    def __init__(self, message: str, missing: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.missing = tuple(missing)


class DecisionError(Exception):
    """The decision's arithmetic cannot be done: a division by zero, an uncovered value."""


class Uncovered(DecisionError):
    """A ``band`` or ``case`` without ``otherwise`` has nothing for the value at hand."""


class Conflict(DecisionError):
    """The rows of a decision table that match break its hit policy: two rows of a UNIQUE table,
    disagreeing rows of an ANY table, rows of a PRIORITY table that tie and disagree."""
