"""What evidence is: findings, measures, recorded verdicts and overrides, as frozen records that
each keep the file, line and column they came from."""

from __future__ import annotations

import unicodedata
from fractions import Fraction

import attrs

from ..diagnostics import Diagnostic
from ..source import Span

FORMAT = "regienorm-evidence/1"
OUTCOME_STATUSES = ("not_assessed", "not_applicable")


def normalise_id(text: str) -> str:
    """Ids are compared after Unicode NFC normalisation (an `é` typed two ways is one id)."""
    return unicodedata.normalize("NFC", text)


@attrs.frozen
class Citation:
    """Where a finding, a measure or a recorded verdict comes from."""

    document: str | None = None
    table: str | None = None
    page: str | None = None
    footnote: str | None = None
    line: int | None = None
    quote: str | None = None

    def describe(self) -> str:
        parts = []
        if self.document:
            parts.append(self.document)
        if self.table:
            parts.append(self.table)
        if self.page is not None:
            parts.append(f"p. {self.page}")
        if self.footnote:
            parts.append(f"footnote {self.footnote}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        return ", ".join(parts) or "(no source given)"

    def to_json(self) -> dict[str, object]:
        """The fields given, by name (in the order above)."""
        out: dict[str, object] = {}
        if self.document is not None:
            out["document"] = self.document
        if self.table is not None:
            out["table"] = self.table
        if self.page is not None:
            out["page"] = self.page
        if self.footnote is not None:
            out["footnote"] = self.footnote
        if self.line is not None:
            out["line"] = self.line
        if self.quote is not None:
            out["quote"] = self.quote
        return out


@attrs.frozen
class Assessment:
    framework: str
    version: str
    subject: str | None = None
    assessor: str | None = None
    date: str | None = None


@attrs.frozen
class InputValue:
    """The value an entity gives one of the framework's named inputs: a Fraction, a bool, or a str
    (a category, a text, or a date as YYYY-MM-DD)."""

    name: str
    value: Fraction | bool | str
    text: str | None = None  # the value as written
    span: Span | None = attrs.field(default=None, eq=False)


@attrs.frozen
class Entity:
    id: str
    role: str  # "" when the framework declares no roles
    name: str | None = None
    members: tuple[str, ...] = ()
    normenkaders: tuple[str, ...] | None = None  # None: every normenkader for the role
    span: Span | None = attrs.field(default=None, eq=False)
    inputs: tuple[InputValue, ...] = ()  # the named inputs, in the order written

    def input(self, name: str) -> InputValue | None:
        return next((i for i in self.inputs if i.name == name), None)

    @property
    def is_group(self) -> bool:
        return bool(self.members)


@attrs.frozen
class Finding:
    entity: str
    target: str
    verdict: str | None  # the scale symbol (aliases resolved); None with a status
    status: str | None = None  # not_assessed / not_applicable instead of a verdict
    note: str | None = None
    sources: tuple[Citation, ...] = ()
    printed: str | None = None  # the symbol as written, when it was an alias
    span: Span | None = attrs.field(default=None, eq=False)


@attrs.frozen
class MeasureRecord:
    entity: str
    measure: str
    value: Fraction
    item: str | None = None
    n: int | None = None
    text: str | None = None  # the value as written
    source: Citation | None = None
    span: Span | None = attrs.field(default=None, eq=False)


@attrs.frozen
class Recorded:
    """What a published report printed for one cell: a verdict, or a blank (``verdict`` None)."""

    entity: str
    target: str
    verdict: str | None  # the scale symbol; None for a printed blank
    printed: str  # as printed ("" for a blank)
    source: Citation
    record: str | None = None
    note: str | None = None
    span: Span | None = attrs.field(default=None, eq=False)
    #: A published value of a decision (``value:``): a Fraction, a bool or a category; None for verdicts.
    value: Fraction | bool | str | None = None

    @property
    def blank(self) -> bool:
        return self.verdict is None and self.value is None


@attrs.frozen
class Override:
    """A professional judgement (a waiver): the verdict it sets, why, by whom, and, with dates, when.

    ``scope``: ``judgement`` (one entity at one target), ``entity`` (every norm of the entity, under
    ``target`` when given) or ``norm`` (the norm ``target`` for every entity). ``applies``: the
    (entity, target) pairs it covers, as the check worked them out. ``expired``: its ``expires``
    date is on or before the assessment's date (InSpec's rule: a waiver ends at the start of its
    expiry day); an expired waiver is reported, never applied."""

    entity: str | None
    target: str | None
    verdict: str
    justification: str
    author: str
    span: Span | None = attrs.field(default=None, eq=False)
    date: str | None = None
    expires: str | None = None
    approver: str | None = None
    scope: str = "judgement"
    applies: tuple[tuple[str, str], ...] = ()
    expired: bool = False
    #: the risk accepted with it (``low``, ``moderate``, ``high``), when given
    risk: str | None = None

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {"scope": self.scope, "entity": self.entity, "target": self.target,
                                  "verdict": self.verdict, "justification": self.justification, "author": self.author,
                                  "approver": self.approver, "date": self.date, "expires": self.expires,
                                  "expired": self.expired, "risk": self.risk}
        if self.span is not None:
            out["at"] = self.span.to_json()
        return out


@attrs.frozen
class LeftOut:
    """A record of evidence made for a profile's base that the profile has no place for
    (:mod:`regienorm.evidence.profiles`): what it is (``finding``, ``recorded``, ``override``), where
    it points, why the profile leaves it out, and where it is written."""

    kind: str
    entity: str
    target: str
    why: str
    span: Span | None = attrs.field(default=None, eq=False)

    def to_json(self) -> dict[str, object]:
        return {"kind": self.kind, "entity": self.entity, "target": self.target, "why": self.why,
                "at": self.span.to_json() if self.span is not None else None}


@attrs.frozen
class Evidence:
    assessment: Assessment
    entities: tuple[Entity, ...]
    findings: tuple[Finding, ...] = ()
    measures: tuple[MeasureRecord, ...] = ()
    recorded: tuple[Recorded, ...] = ()
    overrides: tuple[Override, ...] = ()
    path: str | None = attrs.field(default=None, eq=False)
    #: Warnings found while checking the file (the errors were raised): shown by the command line,
    #: failures under `check --strict`.
    warnings: tuple[Diagnostic, ...] = attrs.field(default=(), eq=False, repr=False)
    #: Evidence made for a profile's base: the records the profile has no place for, as
    #: :class:`LeftOut` records (:mod:`regienorm.evidence.profiles`).
    left_out: tuple[LeftOut, ...] = ()

    def entity(self, entity_id: str) -> Entity | None:
        return next((e for e in self.entities if e.id == entity_id), None)
