"""What evaluation produces: judgements with their status, verdict and reasons."""

from __future__ import annotations

import enum
from collections.abc import Iterator
from fractions import Fraction
from typing import Any

import attrs

from ._decimal import json_number
from .evidence.model import Recorded
from .source import Span


class Status(enum.Enum):
    JUDGED = "judged"
    NOT_APPLICABLE = "not_applicable"
    NOT_ASSESSED = "not_assessed"


@attrs.frozen
class Reason:
    """One step of an explanation. ``kind`` is one of: rule, input, policy, arithmetic, finding,
    measure, override, missing, not_applicable, members. ``data`` holds the structured facts that
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
    def agrees(self) -> bool | None:
        """True when every printed verdict recorded for this judgement equals the verdict, False when
        one differs, None when no verdict is recorded (printed blanks are reported by ``blank_filled``)."""
        printed = [r for r in self.recorded if not r.blank]
        if not printed:
            return None
        return all(r.verdict == self.verdict for r in printed)

    @property
    def blank_filled(self) -> bool | None:
        """True when the report printed a blank here but a verdict is computed; None without a blank."""
        if not any(r.blank for r in self.recorded):
            return None
        return self.verdict is not None

    @property
    def overridden(self) -> bool:
        return self.computed != self.verdict or any(r.kind == "override" for r in self.reasons)


@attrs.frozen
class Counts:
    """Every record read, and how many were used (issue: nothing is lost)."""

    findings: int = 0
    measures: int = 0
    recorded: int = 0
    overrides: int = 0
    findings_used: int = 0
    measures_used: int = 0
    recorded_used: int = 0
    overrides_used: int = 0

    def to_json(self) -> dict[str, dict[str, int]]:
        return {
            kind: {"read": getattr(self, kind), "used": getattr(self, f"{kind}_used")}
            for kind in ("findings", "measures", "recorded", "overrides")
        }


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

    def __iter__(self) -> Iterator[Judgement]:
        return iter(self.judgements)

    def get(self, entity: str, target: str) -> Judgement | None:
        return next((j for j in self.judgements if j.entity == entity and j.target == target), None)

    def disagreements(self) -> tuple[Judgement, ...]:
        return tuple(j for j in self.judgements if j.agrees is False)
