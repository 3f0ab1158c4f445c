"""What a framework expects of the evidence: per entity, the findings and measure values its
judgements rest on, given the entity's role, its normenkaders and what applies, counted against
those present. Written once: the evidence check warns for each one missing (RN651, RN652), the
engine counts them for the assessment and says in a judgement's reasons when its verdict rests on
one that is missing (``engine/incomplete.py``).

A pure function of the framework and the records, like :mod:`.inputs`, and in the evidence stage
for the same reason: the check comes before the semantics and the engine, and both may import it.

For an entity judged on a norm (the normenkader selected and applying to its role, the norm
applying to its role), one input is expected per norm, or per toetsaspect:

- a finding on the norm itself, whenever there is one: it judges the norm, whatever the framework's
  rule for it (``verdict from findings``, a norm judged as a whole, a finding instead of values);
- otherwise, for ``verdict from findings`` and for a norm without toetsaspecten for the role: a
  finding on the norm;
- for a norm judged from its toetsaspecten: a finding on each toetsaspect that applies to the role;
- for a norm judged on a measure (``verdict from measure``): values of the measure (the entity's
  own and, for a group, its members').

A finding with a status (``not_assessed``, ``not_applicable``, with a note saying why) is present:
it says in so many words that the source judges nothing there. Nothing is expected of a group in
a normenkader that judges it across its members: its members' inputs are expected of them.
Indicators (measures declared in a norm) are shown, not judged on, and are not expected.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping

import attrs

from .. import ir
from ..diagnostics import Diagnostic, warning
from .model import Entity, Evidence


@attrs.frozen
class Expected:
    """One input the framework expects of ``entity``: a finding on ``target`` (a norm or toetsaspect),
    or values of ``measure`` for the norm ``target``; ``present`` says whether the evidence has it."""

    entity: str
    target: str
    kind: str  # "finding" or "values"
    present: bool
    measure: str | None = None
    norm: str = ""  # the norm the input judges (``target`` itself, or the toetsaspect's norm)
    rule: str | None = None  # the rule that judges the norm from its toetsaspecten, for the message

    def describe(self) -> str:
        """``centrum opzet.3.a`` or ``noord uitvoering.7 (values of rapportcijfer)``."""
        return f"{self.entity} {self.target}" + (f" (values of {self.measure})" if self.kind == "values" else "")

    def to_json(self) -> dict[str, object]:
        return {"entity": self.entity, "target": self.target, "kind": self.kind, "measure": self.measure}


@attrs.frozen
class Completeness:
    """Every input expected of every entity of one evidence file, in the evidence's entity order and
    the framework's target order."""

    expected: tuple[Expected, ...] = ()

    def _of(self, kind: str) -> tuple[int, int]:
        every = [e for e in self.expected if e.kind == kind]
        return len(every), sum(1 for e in every if e.present)

    @property
    def findings(self) -> tuple[int, int]:
        """``(expected, present)`` findings."""
        return self._of("finding")

    @property
    def values(self) -> tuple[int, int]:
        """``(expected, present)`` sets of measure values (one per entity and norm judged on a measure)."""
        return self._of("values")

    @property
    def missing(self) -> tuple[Expected, ...]:
        return tuple(e for e in self.expected if not e.present)

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {}
        for kind, (expected, present) in (("findings", self.findings), ("values", self.values)):
            out[kind] = {"expected": expected, "present": present, "missing": expected - present}
        out["missing"] = [e.to_json() for e in self.missing]
        return out


def expected_of(framework: ir.Framework, entity: Entity, has_finding: Callable[[str], bool],
                has_values: Callable[[str], bool]) -> list[Expected]:
    """The inputs expected of ``entity`` (see the module), each with whether it is present:
    ``has_finding(target)`` for the entity's own findings, ``has_values(measure)`` for the values
    its judgement on a measure reads (its own and, for a group, its members')."""
    out: list[Expected] = []
    role = entity.role
    for nk in framework.normenkaders:
        if entity.normenkaders is not None and nk.id not in entity.normenkaders:
            continue
        if not nk.applies_to(role) or (entity.is_group and nk.across is not None):
            continue
        for norm in nk.norms:
            if not norm.applies_to(role):
                continue
            target = f"{nk.id}.{norm.id}"
            verdict = norm.verdict
            if has_finding(target):
                out.append(Expected(entity.id, target, "finding", True, norm=target))
            elif isinstance(verdict, ir.FromMeasure):
                out.append(Expected(entity.id, target, "values", has_values(verdict.measure), verdict.measure, norm=target))
            elif isinstance(verdict, ir.FromAspects) and norm.aspects_for(role):
                for aspect in dict.fromkeys(a.id for a in norm.aspects_for(role)):
                    at = f"{target}.{aspect}"
                    out.append(Expected(entity.id, at, "finding", has_finding(at), norm=target, rule=verdict.rule.id))
            else:
                out.append(Expected(entity.id, target, "finding", False, norm=target))
    return out


def completeness(framework: ir.Framework, evidence: Evidence) -> Completeness:
    """Every input the framework expects of the entities of ``evidence``, present or not."""
    findings: dict[str, set[str]] = {}
    for f in evidence.findings:
        findings.setdefault(f.entity, set()).add(f.target)
    values: dict[str, set[str]] = {}
    for m in evidence.measures:
        values.setdefault(m.entity, set()).add(m.measure)
    out: list[Expected] = []
    for entity in evidence.entities:
        out.extend(expected_of(framework, entity, findings.get(entity.id, set()).__contains__,
                               _values_reader(entity, values)))
    return Completeness(tuple(out))


def _values_reader(entity: Entity, values: Mapping[str, Collection[str]]) -> Callable[[str], bool]:
    owners = (entity.id, *entity.members)
    return lambda measure: any(measure in values.get(owner, ()) for owner in owners)


def missing_diagnostics(framework: ir.Framework, evidence: Evidence) -> list[Diagnostic]:
    """A warning for each input the framework expects and the evidence lacks (RN651 a finding,
    RN652 values), at the entity's record: an error under ``regienorm check --strict``."""
    spans = {e.id: e.span for e in evidence.entities}
    return [_diagnostic(e, spans.get(e.entity)) for e in completeness(framework, evidence).missing]


def _diagnostic(e: Expected, span: object) -> Diagnostic:
    if e.kind == "values":
        return warning("RN652", f"no values of `{e.measure}` for `{e.entity}`", span,  # type: ignore[arg-type]
                       f"add its values under `measures:`, or a finding on `{e.target}` (with `status: not_assessed` "
                       "and a note when the source has none)",
                       notes=[f"`{e.target}` is judged on measure `{e.measure}`; without values it is not assessed"])
    if e.target != e.norm:
        notes: Iterable[str] = [f"`{e.norm}` is judged from its toetsaspecten by rule `{e.rule}`; a finding on "
                                f"`{e.norm}` itself would judge it instead"]
    else:
        notes = [f"`{e.target}` is judged from a finding on the norm itself"]
    return warning("RN651", f"no finding for `{e.entity}` on `{e.target}`", span,  # type: ignore[arg-type]
                   "add a finding: a verdict, or `status: not_assessed` with a note saying why the source judges nothing here",
                   notes=notes)
