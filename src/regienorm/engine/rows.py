"""What the engine produces before judgements: one named row per target.

A :class:`Row` holds a :class:`~regienorm.judgement.Judgement`'s fields after the entity. Rows are
tuples with names (cheap to make and to keep, for :func:`regienorm.stream` results that never
become judgements); :func:`judgements` makes them Judgement objects.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any, NamedTuple

from ..judgement import Judgement, Reason, Status
from .runner import mark


class Row(NamedTuple):
    target: str
    level: str
    status: Status
    verdict: str | None
    points: int | None
    rule: str | None
    reasons: tuple[Reason, ...]
    computed: str | None
    recorded: tuple[Any, ...]
    span: Any


#: ``make_row((target, level, ...))``: a Row from a tuple of its fields, without a Python-level call.
make_row = partial(tuple.__new__, Row)


def row_mark(row: Row) -> Any:
    """How a row's outcome enters a rule (:func:`regienorm.engine.runner.mark`)."""
    return mark(row[2], row[3])


# ------------------------------------------------------------------------------------ judgements
# A Judgement made by filling its slots directly: what ``Judgement(...)`` makes (a test checks it),
# a sixth of the time (attrs' own ``__init__`` of a frozen class goes through ``object.__setattr__``).
_new = object.__new__
_slots = {name: Judgement.__dict__[name].__set__ for name in Row._fields + ("entity",)}
_s_entity, _s_target, _s_level, _s_status, _s_verdict, _s_points, _s_rule, _s_reasons, _s_computed, _s_recorded, _s_span = (
    _slots[name] for name in ("entity", *Row._fields))


def make_judgement(entity: str, target: str, level: str, status: Status, verdict: str | None, points: int | None,
                   rule: str | None, reasons: tuple[Reason, ...], computed: str | None, recorded: tuple[Any, ...],
                   span: Any, *, _new: Any = _new, _s_entity: Any = _s_entity, _s_target: Any = _s_target,
                   _s_level: Any = _s_level, _s_status: Any = _s_status, _s_verdict: Any = _s_verdict,
                   _s_points: Any = _s_points, _s_rule: Any = _s_rule, _s_reasons: Any = _s_reasons,
                   _s_computed: Any = _s_computed, _s_recorded: Any = _s_recorded, _s_span: Any = _s_span) -> Judgement:
    """``Judgement(entity, target, ...)`` with every field given, faster (the setters are bound as
    defaults: local names, where a global lookup per field would cost as much as attrs' ``__init__``)."""
    j = _new(Judgement)
    _s_entity(j, entity)
    _s_target(j, target)
    _s_level(j, level)
    _s_status(j, status)
    _s_verdict(j, verdict)
    _s_points(j, points)
    _s_rule(j, rule)
    _s_reasons(j, reasons)
    _s_computed(j, computed)
    _s_recorded(j, recorded)
    _s_span(j, span)
    return j  # type: ignore[no-any-return]


def judgements(entity_id: str, rows: Iterable[Row]) -> list[Judgement]:
    """Rows (from :meth:`Engine.judge`) as :class:`~regienorm.judgement.Judgement` objects."""
    make = make_judgement
    return [make(entity_id, *row) for row in rows]
