"""What evaluation produces: judgements with their status, verdict and reasons."""

from __future__ import annotations

import enum
from collections.abc import Iterator
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import attrs

from ._decimal import json_number
from .evidence.model import Recorded

if TYPE_CHECKING:
    from .evidence.expected import Completeness
from .source import Span
from .values import value_text


class Status(enum.Enum):
    JUDGED = "judged"  # a verdict, or a decision's value
    NOT_APPLICABLE = "not_applicable"
    NOT_ASSESSED = "not_assessed"  # no verdict, or a decision with no value (an input is missing)
    ERROR = "error"  # a decision whose arithmetic cannot be done (division by zero, an uncovered value)


@attrs.frozen
class Reason:
    """One step of an explanation. ``kind`` is one of: rule, input, policy, arithmetic, finding,
    measure, indicator, override, missing, not_applicable, members, incomplete. ``data`` holds the structured facts that
    ``text`` says in words."""

    kind: str
    text: str
    data: tuple[tuple[str, Any], ...] = ()

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "text": self.text}
        for key, value in self.data:
            out[key] = _jsonable(value)
        return out


_new = object.__new__
_set_kind, _set_text, _set_data = (Reason.__dict__[name].__set__ for name in ("kind", "text", "data"))


def make_reason(kind: str, text: str, data: tuple[tuple[str, Any], ...] = (), *, _new: Any = _new,
                _set_kind: Any = _set_kind, _set_text: Any = _set_text, _set_data: Any = _set_data) -> Reason:
    """``Reason(kind, text, data)``, faster: the slots filled directly (attrs' ``__init__`` of a frozen
    class goes through ``object.__setattr__``). The engine makes hundreds of thousands of reasons;
    tests/test_engine.py checks the two are the same."""
    reason = _new(Reason)
    _set_kind(reason, kind)
    _set_text(reason, text)
    _set_data(reason, data)
    return reason  # type: ignore[no-any-return]


def _jsonable(value: Any) -> Any:
    if isinstance(value, Fraction):
        return json_number(value)
    if isinstance(value, Span):
        return value.to_json()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if hasattr(value, "to_json"):
        return value.to_json()
    return value


@attrs.frozen
class Judgement:
    """The outcome for one entity at one target (``opzet``, ``opzet.1``, ``opzet.1.a``)."""

    entity: str
    target: str
    level: str  # "aspect" | "norm" | "normenkader"
    status: Status
    verdict: str | None  # the scale symbol; None unless judged
    points: int | None = None
    rule: str | None = None
    reasons: tuple[Reason, ...] = ()
    computed: str | None = None  # the verdict before an override (same as verdict otherwise)
    recorded: tuple[Recorded, ...] = ()
    span: Span | None = attrs.field(default=None, eq=False)

    @property
    def value(self) -> Fraction | bool | str | None:
        """A decision's value (:class:`ValueJudgement`); None for a verdict."""
        return None

    @property
    def agrees(self) -> bool | None:
        """True when every printed verdict recorded for this judgement equals the verdict, False when
        one differs, None when no verdict is recorded (printed blanks are reported by ``blank_filled``)."""
        printed = [r for r in self.recorded if not r.blank]
        if not printed:
            return None
        return all(self.matches(r) for r in printed)

    def matches(self, recorded: Recorded) -> bool:
        """True when a printed record says what this judgement says (for a verdict: the symbol)."""
        return recorded.verdict == self.verdict

    @property
    def outcome(self) -> str | None:
        """What this judgement gives, as a report would print it: the verdict (None without one)."""
        return self.verdict

    @property
    def blank_filled(self) -> bool | None:
        """True when the report printed a blank here but a verdict is computed; None without a blank."""
        if not any(r.blank for r in self.recorded):
            return None
        return self.outcome is not None

    @property
    def given(self) -> bool:
        """True when the verdict (before any override) is a finding's: the evidence gives it, no rule
        computes it. A printed verdict recorded here and agreeing proves that the finding was taken
        from the printed cell, not that anything was reproduced."""
        return self.rule is None and self.computed is not None

    @property
    def overridden(self) -> bool:
        return self.computed != self.verdict or any(r.kind == "override" for r in self.reasons)


#: The levels of judgements that carry a value rather than a verdict: decisions, and the scores
#: of a tree's nodes (target ``node:score``).
VALUE_LEVELS = frozenset({"decision", "score"})


@attrs.frozen
class ValueJudgement(Judgement):
    """The outcome of a decision for one entity: a value rather than a verdict (``verdict`` None).

    A subclass, so that the hundreds of thousands of verdict judgements an evaluation makes carry
    no slot they do not use."""

    #: An exact number (Fraction), a truth (bool) or a category (str); None without a value.
    value: Fraction | bool | str | None = None  # type: ignore[assignment]

    def matches(self, recorded: Recorded) -> bool:
        """A published value agrees when it is the value, exactly (a number compared as a fraction)."""
        return recorded.value is not None and recorded.value == self.value and \
            isinstance(recorded.value, bool) == isinstance(self.value, bool)

    @property
    def outcome(self) -> str | None:
        if self.value is None:
            return None
        return self.value if isinstance(self.value, str) else value_text(self.value)


@attrs.frozen
class Counts:
    """Every record read, and how many were used (issue: nothing is lost).

    Overrides (waivers): ``overrides_used`` counts the waivers that set at least one judgement (at
    most those read, as for every other kind), ``overrides_set`` the judgements they set: a waiver of
    a wider scope sets many."""

    findings: int = 0
    measures: int = 0
    recorded: int = 0
    overrides: int = 0
    findings_used: int = 0
    measures_used: int = 0
    recorded_used: int = 0
    overrides_set: int = 0  # the engine's order: what it counts while judging comes first
    overrides_used: int = 0

    def to_json(self) -> dict[str, dict[str, int]]:
        out = {kind: {"read": getattr(self, kind), "used": getattr(self, f"{kind}_used")}
               for kind in ("findings", "measures", "recorded", "overrides")}
        out["overrides"]["judgements"] = self.overrides_set
        return out


@attrs.frozen
class Tally:
    """Printed verdicts compared with regienorm's: how many, how many agree."""

    count: int = 0
    agree: int = 0

    @property
    def differ(self) -> int:
        return self.count - self.agree

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.count + other.count, self.agree + other.agree)

    def to_json(self) -> dict[str, int]:
        return {"count": self.count, "agree": self.agree, "differ": self.differ}


#: How a rule came about (:attr:`regienorm.ir.Rule.provenance_kind`), in the order reported.
PROVENANCES = ("stated", "reconstructed", "declared", "unknown")


@attrs.frozen
class Reconciliation:
    """What the printed verdicts recorded in the evidence prove (:meth:`Assessment.reconciliation`).

    ``given``: printed verdicts on judgements whose verdict is a finding's (the printed cell is the
    evidence itself, so agreeing proves only the transcription); ``computed``: those on judgements
    a rule computed from lower-level evidence, also per the rule's provenance (``stated`` in the
    source, ``reconstructed`` from its tables, ``declared`` by the framework; ``unknown`` for an
    assessment made without its rules); ``unjudged``: those where neither a finding nor a rule gave
    a verdict (nothing is judged, or only an override is). ``blanks``: printed blanks, ``blanks_filled`` of them where a verdict
    is computed."""

    given: Tally = Tally()
    computed: Tally = Tally()
    by_provenance: tuple[tuple[str, Tally], ...] = ()
    unjudged: Tally = Tally()
    blanks: int = 0
    blanks_filled: int = 0

    @property
    def printed(self) -> int:
        return self.given.count + self.computed.count + self.unjudged.count

    @property
    def agree(self) -> int:
        return self.given.agree + self.computed.agree + self.unjudged.agree

    def __add__(self, other: Reconciliation) -> Reconciliation:
        mine, theirs = dict(self.by_provenance), dict(other.by_provenance)
        merged = tuple((k, mine.get(k, Tally()) + theirs.get(k, Tally())) for k in PROVENANCES if k in mine or k in theirs)
        return Reconciliation(self.given + other.given, self.computed + other.computed, merged,
                              self.unjudged + other.unjudged, self.blanks + other.blanks,
                              self.blanks_filled + other.blanks_filled)

    def to_json(self) -> dict[str, Any]:
        computed: dict[str, Any] = self.computed.to_json()
        by = dict(self.by_provenance)  # the three kinds always, `unknown` only when there are any
        computed["by_provenance"] = {k: by.get(k, Tally()).to_json() for k in PROVENANCES if k != "unknown" or k in by}
        return {"printed": self.printed, "given": self.given.to_json(), "computed": computed,
                "unjudged": self.unjudged.to_json(), "blanks": {"count": self.blanks, "filled": self.blanks_filled}}


@attrs.frozen
class Assessment:
    """Every judgement of one evaluation, in a stable order, with what it was computed from."""

    framework_id: str
    framework_version: str
    framework_title: str
    subject: str | None
    judgements: tuple[Judgement, ...]
    counts: Counts = Counts()
    entities: tuple[tuple[str, str | None, str], ...] = ()  # (id, name, role)
    rules: tuple[tuple[str, str], ...] = ()  # (rule id, provenance kind) of every rule of the framework
    #: the findings and values the framework expects, counted against those present
    #: (:mod:`regienorm.evidence.expected`); None for a view made without the whole evidence
    completeness: Completeness | None = None
    #: waivers in the evidence that were not applied: expired at the assessment's date, or matching
    #: no judgement (evidence.model.Override; their warnings are RN655 and RN656)
    waivers_not_applied: tuple[Any, ...] = ()
    #: evidence made for a profile's base: the records the profile has no place for, never judged
    #: and never lost (evidence.model.LeftOut)
    left_out: tuple[Any, ...] = ()

    def waivers(self) -> tuple[tuple[str, str, Reason], ...]:
        """Every waiver (override) applied, as (entity, target, its reason): the reason's data hold
        the verdict it set, the ``computed`` verdict it replaced, author, approver, dates and scope."""
        return tuple((j.entity, j.target, r) for j in self.judgements for r in j.reasons if r.kind == "override")

    def __iter__(self) -> Iterator[Judgement]:
        return iter(self.judgements)

    def get(self, entity: str, target: str) -> Judgement | None:
        return next((j for j in self.judgements if j.entity == entity and j.target == target), None)

    def disagreements(self) -> tuple[Judgement, ...]:
        return tuple(j for j in self.judgements if j.agrees is False)

    def reconciliation(self) -> Reconciliation:
        """The printed verdicts recorded for these judgements, given apart from computed (see
        :class:`Reconciliation`). A computed judgement whose rule is not in :attr:`rules` (an
        assessment made without them) is counted under provenance ``unknown``, never guessed."""
        provenance = dict(self.rules)
        given, computed, unjudged, blanks, filled = Tally(), Tally(), Tally(), 0, 0
        by: dict[str, Tally] = {}
        for j in self.judgements:
            for r in j.recorded:
                if r.blank:
                    blanks += 1
                    filled += j.outcome is not None
                    continue
                one = Tally(1, int(j.matches(r)))
                if j.given:
                    given += one
                elif j.rule is None:
                    unjudged += one
                else:
                    computed += one
                    kind = provenance.get(j.rule, "unknown")
                    by[kind] = by.get(kind, Tally()) + one
        return Reconciliation(given, computed, tuple((k, by[k]) for k in PROVENANCES if k in by), unjudged, blanks, filled)
