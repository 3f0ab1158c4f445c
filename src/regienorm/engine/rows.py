"""What the engine produces before judgements: one row per target.

A row holds a :class:`~regienorm.judgement.Judgement`'s fields after the entity, in the order of
:data:`ROW_FIELDS`, and is read by those names (``row[VERDICT]``). It is a plain tuple: rows are
made for every target of every entity, a plain tuple is the cheapest thing to make and to keep
(for :func:`regienorm.stream` results that never become judgements), and a named tuple costs a
third of a lean evaluation (measured: bench, instructions counted). :func:`judgements` makes
rows :class:`~regienorm.judgement.Judgement` objects.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from ..judgement import Judgement, Reason, Status
from .runner import mark

#: A row's fields, in order: a Judgement's fields after ``entity``.
ROW_FIELDS = ("target", "level", "status", "verdict", "points", "rule", "reasons", "computed", "recorded", "span")
TARGET, LEVEL, STATUS, VERDICT, POINTS, RULE, REASONS, COMPUTED, RECORDED, SPAN = range(len(ROW_FIELDS))
assert tuple(f.name for f in attrs.fields(Judgement)) == ("entity", *ROW_FIELDS)

#: ``(target, level, status, verdict, points, rule, reasons, computed, recorded, span)``: the types
#: are a Judgement's (indexed by the names above, which a type checker cannot follow).
Row = tuple[Any, ...]


def row_mark(row: Row) -> Any:
    """How a row's outcome enters a rule (:func:`regienorm.engine.runner.mark`)."""
    return mark(row[STATUS], row[VERDICT])


# ------------------------------------------------------------------------------------ judgements
# A Judgement made by filling its slots directly: what ``Judgement(...)`` makes (a test checks it),
# a sixth of the time (attrs' own ``__init__`` of a frozen class goes through ``object.__setattr__``).
_new = object.__new__
_slots = {name: Judgement.__dict__[name].__set__ for name in ("entity", *ROW_FIELDS)}
_s_entity, _s_target, _s_level, _s_status, _s_verdict, _s_points, _s_rule, _s_reasons, _s_computed, _s_recorded, _s_span = (
    _slots[name] for name in ("entity", *ROW_FIELDS))


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
