"""The aggregate functions of conditions (``count``, ``share``, ``mean``, ``min``, ``max``, ``sum``,
``all``, ``any``, ``none``, ``max_points``): declared once, with what they take and give and what
they mean.

The compiler type-checks calls against :data:`AGGREGATES`; the semantics (:mod:`.conditions`)
computes them with :func:`reduce`; the engine's integer form (:mod:`regienorm.engine.fast`) covers
exactly the names in this table, which a test checks.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from types import MappingProxyType
from typing import Any

import attrs

#: The two types of a condition's values.
NUMBER = "number"
TRUTH = "truth"


class Undefined(Exception):
    """An aggregate with nothing to aggregate, or a division by zero: the condition has no value."""


@attrs.frozen
class Aggregate:
    """One aggregate function: its name, what it takes between its brackets and what it gives.

    ``argument``: the type of the argument (:data:`TRUTH` or :data:`NUMBER`), or None when it takes
    none (``max_points()``). ``optional``: the argument may be left out (``count()`` counts the
    inputs). ``empty_undefined``: over no inputs it has no value (``mean``, ``min``, ``max``,
    ``share``) instead of a neutral one (``count`` 0, ``sum`` 0, ``all`` true). ``per_input``: it
    looks at each input (not ``max_points``), so ``by entity`` can apply.
    """

    name: str
    argument: str | None
    result: str
    optional: bool = False
    empty_undefined: bool = False
    per_input: bool = True
    #: The reduction: the values the argument took (one per input, or per entity) -> the result.
    combine: Callable[[Sequence[Any]], Any] = attrs.field(default=None, eq=False, repr=False)


def exact_sum(values: Sequence[Any]) -> Any:
    """``sum(values, Fraction(0))``: for Fractions over a common denominator, in integers."""
    if all(v.__class__ is Fraction for v in values):
        common = math.lcm(*[v.denominator for v in values]) if values else 1
        return Fraction(sum([v.numerator * (common // v.denominator) for v in values]), common)
    return sum(values, Fraction(0))


def _count(values: Sequence[Any]) -> Fraction:
    return Fraction(sum(1 for v in values if v))


def _share(values: Sequence[Any]) -> Fraction:
    return Fraction(sum(1 for v in values if v), len(values))


def _mean(values: Sequence[Any]) -> Any:
    return exact_sum(values) / len(values)


_TABLE = (
    Aggregate("all", TRUTH, TRUTH, combine=all),
    Aggregate("any", TRUTH, TRUTH, combine=any),
    Aggregate("none", TRUTH, TRUTH, combine=lambda values: not any(values)),
    Aggregate("count", TRUTH, NUMBER, optional=True, combine=_count),
    Aggregate("share", TRUTH, NUMBER, empty_undefined=True, combine=_share),
    Aggregate("min", NUMBER, NUMBER, empty_undefined=True, combine=min),
    Aggregate("max", NUMBER, NUMBER, empty_undefined=True, combine=max),
    Aggregate("mean", NUMBER, NUMBER, empty_undefined=True, combine=_mean),
    Aggregate("sum", NUMBER, NUMBER, combine=exact_sum),
    Aggregate("max_points", None, NUMBER, per_input=False),
)

#: Every aggregate by name, in the order the language reference lists them.
AGGREGATES: Mapping[str, Aggregate] = MappingProxyType({a.name: a for a in _TABLE})


def over_nothing(call: str) -> Undefined:
    """The problem of an aggregate that has no value over no inputs (``call`` as written)."""
    return Undefined(f"{call} over no inputs")


def reduce(name: str, values: Sequence[Any], shown: Callable[[], str]) -> Any:
    """The aggregate ``name`` over the values its argument took; ``shown()`` names the call in the
    :class:`Undefined` raised when it has no value over no inputs."""
    aggregate = AGGREGATES[name]
    if not values and aggregate.empty_undefined:
        raise over_nothing(shown())
    return aggregate.combine(values)
