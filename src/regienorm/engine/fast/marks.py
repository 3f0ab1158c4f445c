"""What a compiled plan (:mod:`.generated`) gives for one entity, and how it is read.

The generated functions give an entity's *marks* (:func:`..runner.mark`), one per target in the
assessment's order. :class:`Compiled` runs them over an entity's records and reads marks as the
engine's rows (:mod:`..rows`), verdicts and outcomes, so a caller that reads verdicts makes no row;
:class:`Marks` is one entity's outcome, turned into rows only when asked.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from itertools import repeat
from operator import attrgetter, is_
from typing import Any, NamedTuple

from ... import ir
from ...judgement import Status
from ...semantics.rules import decide_values
from ..runner import JUDGED_WITHOUT_VERDICT, NOT_APPLICABLE_MARK, NOT_ASSESSED_MARK
from .conditions import Conditions

__all__ = ["Compiled", "Fallback", "Judged", "Marks", "mark_of_status", "marks_of_findings"]

JUDGED, NOT_ASSESSED, NOT_APPLICABLE = Status.JUDGED, Status.NOT_ASSESSED, Status.NOT_APPLICABLE
_STATUS_BY_VALUE = {s.value: s for s in Status}
#: A row's status from a target's mark when the mark is not a symbol, and the other way round.
_STATUS_OF_MARK = {NOT_ASSESSED_MARK: NOT_ASSESSED, NOT_APPLICABLE_MARK: NOT_APPLICABLE, JUDGED_WITHOUT_VERDICT: JUDGED}
_MARK_OF_STATUS = {NOT_ASSESSED: NOT_ASSESSED_MARK, NOT_APPLICABLE: NOT_APPLICABLE_MARK, JUDGED: JUDGED_WITHOUT_VERDICT}
_TARGET = attrgetter("target")


class Judged(NamedTuple):
    """What a compiled plan gives for one entity."""

    marks: list[Any]  # one per target, in the assessment's order (runner.mark)
    plain: bool  # every mark a symbol
    found: int  # findings used
    measures: list[Any] | tuple[()]  # measure records used
    no_values: list[int] | tuple[()]  # places of norms judged on a measure without values
    computed: dict[str, Any] | None = None  # overridden targets: the marks the overrides set aside


class Fallback(Exception):
    """An outcome the marks cannot carry (a rule's status outside judged, not assessed, not
    applicable): the engine judges the entity itself."""


def _mark_of_finding(finding: Any) -> Any:
    """The mark of a finding without a verdict as the engine's walk reads it (judge.Engine._from_finding)."""
    status = _STATUS_BY_VALUE.get(finding.status) if finding.status.__class__ is str else None
    m = _MARK_OF_STATUS.get(status)  # type: ignore[arg-type]
    if m is None:  # an error, or no status at all: the engine's walk says what it makes of it
        raise Fallback(finding.status)
    return m


def mark_of_status(status: Status) -> Any:
    m = _MARK_OF_STATUS.get(status)
    if m is None:
        raise Fallback(status)
    return m


def marks_of_findings(fs: Any) -> list[Any]:
    return [_mark_of_finding(f) if f.verdict is None else f.verdict for f in fs]


class Compiled:
    """A kind of entity's generated functions, and what each of its targets is."""

    __slots__ = ("judge", "general", "order", "absent", "targets", "position", "at_finding", "at_survey", "found", "keep",
                 "points", "surveys", "reads", "scale", "conditions", "_static", "_verdict_of", "_status_of")

    def __init__(self, judge: Callable[[Any, Any], tuple[list[Any], bool]],
                 general: Callable[..., tuple[list[Any], bool]], order: list[str], absent: list[str],
                 targets: list[tuple[str, str, str | None, Any]], keep: list[int], points: dict[str, int],
                 surveys: list[tuple[str, ir.Rule, int]], reads: tuple[str, ...], scale: ir.Scale) -> None:
        self.judge = judge  # (findings in order, survey marks) -> (marks, every mark a symbol)
        self.general = general  # (the findings' marks, survey marks) -> the same
        self.order = order  # the targets whose findings the plan reads, in its order
        self.absent = tuple(absent)  # targets that must have no finding (norms judged otherwise)
        self.targets = tuple(t[0] for t in targets)
        self.position = {t: i for i, t in enumerate(self.targets)}
        self.at_finding = {t: i for i, t in enumerate(order)}
        self.at_survey = {targets[at][0]: j for j, (_, _, at) in enumerate(surveys)}
        self.found = len(order)
        self.keep = tuple(keep)  # positions groups judging across need
        self.points = points
        self.surveys = tuple(surveys)  # norms judged on a measure: (measure, rule, position)
        self.reads = reads  # the measures whose records the plan uses
        self.scale = scale
        self.conditions = Conditions()  # the survey rules' conditions, compiled once
        self._static = targets  # (target, level, rule, span) per target
        #: a mark's verdict and status, by the mark (the scale's symbols and aliases, the status marks)
        verdict_of: dict[Any, str | None] = {**{s: s for s in points}, **dict.fromkeys(_STATUS_OF_MARK)}
        status_of: dict[Any, Status] = {**dict.fromkeys(points, JUDGED), **_STATUS_OF_MARK}
        self._verdict_of, self._status_of = verdict_of.__getitem__, status_of.__getitem__

    def run(self, findings: Mapping[str, Any], measures: Mapping[str, Sequence[Any]],
            overrides: Mapping[str, Any] | None = None) -> Judged | None:
        """An entity judged from its findings by target, its own measure records by measure and its
        overrides by target; None where the generated code does not cover it (a finding at a norm
        judged from its toetsaspecten)."""
        order = self.order
        if len(findings) != len(order) and self.absent and any(t in findings for t in self.absent):
            return None
        fs = list(map(findings.get, order))
        # missing findings counted by identity: `None in fs` would call each Finding's attrs __eq__
        missing = sum(map(is_, fs, repeat(None)))
        ms, no_values = self._surveys(measures) if self.surveys else ([], ())
        ov = {t: o.verdict for t, o in overrides.items() if t in self.position} if overrides else None
        if missing or ov:  # a finding missing (not assessed), or an override
            vs = [NOT_ASSESSED_MARK if f is None else f.verdict for f in fs]
            if None in vs:  # and one without a verdict
                vs = [_mark_of_finding(f) if v is None else v for f, v in zip(fs, vs, strict=True)]
            if not ov:
                marks, plain = self.general(vs, ms, None, None)  # type: ignore[arg-type]
                return Judged(marks, plain, len(fs) - missing, self._used(measures), no_values)
            computed: dict[str, Any] = {}
            for target, verdict in ov.items():  # an override of a finding's target, or of a norm judged on a measure
                i = self.at_finding.get(target)
                if i is not None:
                    computed[target], vs[i] = vs[i], verdict
                j = self.at_survey.get(target)
                if j is not None:
                    computed[target], ms[j] = ms[j], verdict
            marks, _ = self.general(vs, ms, ov, computed)  # type: ignore[arg-type]
            for target, verdict in ov.items():  # of a target no rule reads (not applicable, a normenkader)
                if target not in computed:
                    at = self.position[target]
                    computed[target], marks[at] = marks[at], verdict
            return Judged(marks, False, len(fs) - missing, self._used(measures), no_values, computed)
        marks, plain = self.judge(fs, ms)  # type: ignore[arg-type]
        return Judged(marks, plain, len(fs), self._used(measures) if self.reads else (), no_values)

    def run_records(self, records: Any, measures: Mapping[str, Sequence[Any]]) -> Judged | None:
        """The same from an entity's findings as a sequence: at once when they are the findings the plan
        reads in its order (evidence usually lists them so), else by target."""
        if not self.surveys and len(records) == len(self.order) and list(map(_TARGET, records)) == self.order:
            return Judged(*self.judge(records, []), len(records), self._used(measures) if self.reads else (), ())
        return self.run(dict(zip(map(_TARGET, records), records, strict=True)), measures)

    def _surveys(self, measures: Mapping[str, Sequence[Any]]) -> tuple[list[Any], list[int]]:
        """The marks of the norms judged on a measure (engine.judge.Engine._from_measure for an entity
        that is no group), and the places of those without values (not assessed by no rule)."""
        ms: list[Any] = []
        none: list[int] = []
        for measure, rule, at in self.surveys:
            own = list(measures.get(measure, ()))
            if not own:
                ms.append(NOT_ASSESSED_MARK)
                none.append(at)
                continue
            status, symbol = decide_values(rule, own, {own[0].entity: own}, self.scale, self.conditions.table_symbol)
            ms.append(symbol if symbol is not None else mark_of_status(status))
        return ms, none

    def _used(self, measures: Mapping[str, Sequence[Any]]) -> list[Any]:
        """The measure records the plan reads (each counted once, as the engine counts them)."""
        return [r for m in self.reads for r in measures.get(m, ())]

    def rows(self, marks: list[Any], recorded: Mapping[str, Any] | None = None, no_values: Sequence[int] = (),
             computed: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        """The rows (:mod:`..rows`) the engine's walk makes for these marks without reasons, with the
        entity's recorded verdicts (by target) attached; ``no_values``: norms judged on a measure that
        has no values (not assessed, by no rule); ``computed``: the marks overrides set aside, by target."""
        points, status_of = self.points, _STATUS_OF_MARK
        out: list[tuple[Any, ...]] = []
        for (target, level, rule, span), m in zip(self._static, marks, strict=True):
            if m.__class__ is str:
                out.append((target, level, JUDGED, m, points[m], rule, (), m, (), span))
            else:
                out.append((target, level, status_of[m], None, None, rule, (), None, (), span))
        for at in no_values:
            out[at] = (*out[at][:5], None, *out[at][6:])
        if computed:
            position = self.position
            for target, before in computed.items():
                row = out[position[target]]
                out[position[target]] = (*row[:7], before if before.__class__ is str else None, *row[8:])
        if recorded:
            position = self.position
            for target, printed in recorded.items():
                where = position.get(target)
                if where is not None and printed:
                    out[where] = (*out[where][:8], tuple(printed), out[where][9])
        return out

    def recorded_used(self, recorded: Mapping[str, Any]) -> int:
        """The recorded verdicts attached to this plan's targets (as the engine counts them)."""
        position = self.position
        return sum(len(printed) for target, printed in recorded.items() if target in position)

    def verdicts(self, marks: list[Any], plain: bool) -> dict[str, str | None]:
        if plain:
            return dict(zip(self.targets, marks, strict=True))
        try:  # the verdict of each mark looked up in C, not tested in Python
            return dict(zip(self.targets, map(self._verdict_of, marks), strict=True))
        except KeyError:  # a symbol the scale does not have (hand-made evidence): as the walk gives it
            return {t: (m if m.__class__ is str else None) for t, m in zip(self.targets, marks, strict=True)}

    def outcomes(self, marks: list[Any], plain: bool) -> list[tuple[str, Status, str | None]]:
        if plain:
            return list(zip(self.targets, repeat(JUDGED), marks))
        try:
            return list(zip(self.targets, map(self._status_of, marks), map(self._verdict_of, marks), strict=True))
        except KeyError:
            return [(t, JUDGED, m) if m.__class__ is str else (t, _STATUS_OF_MARK[m], None)
                    for t, m in zip(self.targets, marks, strict=True)]

    def kept(self, marks: list[Any]) -> list[tuple[str, Any]]:
        """The marks groups judging across need, by target."""
        targets = self.targets
        return [(targets[i], marks[i]) for i in self.keep]


class Marks:
    """One entity's outcome from a compiled plan: its marks (and recorded verdicts), read as rows
    only when asked."""

    __slots__ = ("compiled", "marks", "plain", "recorded", "no_values", "computed")

    def __init__(self, compiled: Compiled, judged: Judged, recorded: Mapping[str, Any] | None) -> None:
        self.compiled = compiled
        self.marks = judged.marks
        self.plain = judged.plain
        self.recorded = recorded
        self.no_values = judged.no_values
        self.computed = judged.computed

    def __len__(self) -> int:
        return len(self.marks)

    def rows(self) -> list[tuple[Any, ...]]:
        return self.compiled.rows(self.marks, self.recorded, self.no_values, self.computed)
