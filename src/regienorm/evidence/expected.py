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

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping

import attrs

from .. import ir
from ..diagnostics import Diagnostic, warning
from .model import Entity, Evidence


@attrs.frozen
class Expected:
    """One input the framework expects of ``entity`` and the evidence lacks: a finding on ``target``
    (a norm or toetsaspect), or values of ``measure`` for the norm ``target``."""

    entity: str
    target: str  # a norm or toetsaspect; for an input, the input's name
    kind: str  # "finding", "values" or "input"
    measure: str | None = None
    norm: str = ""  # the norm the input judges (``target`` itself, or the toetsaspect's norm)
    rule: str | None = None  # the rule that judges the norm from its toetsaspecten, for the message

    def describe(self) -> str:
        """``centrum opzet.3.a`` or ``noord uitvoering.7 (values of rapportcijfer)``."""
        if self.kind == "input":
            return f"{self.entity} input {self.target}"
        return f"{self.entity} {self.target}" + (f" (values of {self.measure})" if self.kind == "values" else "")

    def to_json(self) -> dict[str, object]:
        return {"entity": self.entity, "target": self.target, "kind": self.kind, "measure": self.measure}


@attrs.frozen
class Completeness:
    """The inputs expected of the entities of one evidence file: how many findings and sets of values
    are expected and present, and each one missing, in the evidence's entity order and the
    framework's target order."""

    findings: tuple[int, int] = (0, 0)  # (expected, present)
    values: tuple[int, int] = (0, 0)  # (expected, present): one set per entity and norm judged on a measure
    missing: tuple[Expected, ...] = ()
    inputs: tuple[int, int] = (0, 0)  # (expected, present): per entity, each named input a decision reads

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {}
        counted = [("findings", self.findings), ("values", self.values)]
        if self.inputs[0]:  # only for frameworks whose decisions read named inputs
            counted.append(("inputs", self.inputs))
        for kind, (expected, present) in counted:
            out[kind] = {"expected": expected, "present": present, "missing": expected - present}
        out["missing"] = [e.to_json() for e in self.missing]
        return out


#: What a norm expects of one kind of entity: its target, the measure it is judged on (or None),
#: the toetsaspecten that apply when it is judged from them, and the rule that judges it from them.
_NormExpects = tuple[str, "str | None", tuple[str, ...], "str | None"]


class Expectations:
    """What ``framework`` expects, worked out once per kind of entity (role, normenkaders, group or
    not) and then read per entity: this runs for every entity of an evaluation."""

    def __init__(self, framework: ir.Framework) -> None:
        self.fw = framework
        self._kinds: dict[tuple[object, ...], list[_NormExpects]] = {}

    def _norms(self, entity: Entity) -> list[_NormExpects]:
        selected = entity.normenkaders
        key = (entity.role, None if selected is None else tuple(selected), entity.is_group)
        found = self._kinds.get(key)
        if found is None:
            found = self._kinds[key] = list(_norms_expecting(self.fw, entity.role, key[1], entity.is_group))
        return found

    def of(self, entity: Entity, has_finding: Callable[[str], bool],
           has_values: Callable[[str], bool]) -> tuple[int, int, int, int, list[Expected]]:
        """``(findings expected, present, values expected, present, missing)`` for ``entity`` (see
        the module): ``has_finding(target)`` for the entity's own findings, ``has_values(measure)``
        for the values its judgement on a measure reads (its own and, for a group, its members')."""
        f_expected = f_present = v_expected = v_present = 0
        missing: list[Expected] = []
        for target, measure, aspects, rule in self._norms(entity):
            if has_finding(target):
                f_expected += 1
                f_present += 1
            elif measure is not None:
                v_expected += 1
                if has_values(measure):
                    v_present += 1
                else:
                    missing.append(Expected(entity.id, target, "values", measure, norm=target))
            elif aspects:
                for at in aspects:
                    f_expected += 1
                    if has_finding(at):
                        f_present += 1
                    else:
                        missing.append(Expected(entity.id, at, "finding", norm=target, rule=rule))
            else:
                f_expected += 1
                missing.append(Expected(entity.id, target, "finding", norm=target))
        return f_expected, f_present, v_expected, v_present, missing


def _norms_expecting(framework: ir.Framework, role: str, selected: tuple[str, ...] | None,
                     is_group: bool) -> Iterator[_NormExpects]:
    for nk in framework.normenkaders:
        if selected is not None and nk.id not in selected:
            continue
        if not nk.applies_to(role) or (is_group and nk.across is not None):
            continue
        for norm in nk.norms:
            if not norm.applies_to(role):
                continue
            target = f"{nk.id}.{norm.id}"
            verdict = norm.verdict
            if isinstance(verdict, ir.FromMeasure):
                yield target, verdict.measure, (), None
            elif isinstance(verdict, ir.FromAspects) and norm.aspects_for(role):
                aspects = tuple(f"{target}.{a}" for a in dict.fromkeys(a.id for a in norm.aspects_for(role)))
                yield target, None, aspects, verdict.rule.id
            else:
                yield target, None, (), None


def completeness(framework: ir.Framework, evidence: Evidence, expectations: Expectations | None = None) -> Completeness:
    """Every input the framework expects of the entities of ``evidence``, counted, and those missing."""
    expectations = expectations or Expectations(framework)
    findings: dict[str, set[str]] = {}
    for f in evidence.findings:
        findings.setdefault(f.entity, set()).add(f.target)
    values: dict[str, set[str]] = {}
    for m in evidence.measures:
        values.setdefault(m.entity, set()).add(m.measure)
    totals = [0, 0, 0, 0]
    missing: list[Expected] = []
    none: set[str] = set()
    read = inputs_read(framework)
    i_expected = i_present = 0
    for entity in evidence.entities:
        *counts, lacking = expectations.of(entity, findings.get(entity.id, none).__contains__, _values_reader(entity, values))
        for i, n in enumerate(counts):
            totals[i] += n
        missing.extend(lacking)
        given = {i.name for i in entity.inputs}
        for name in read:
            i_expected += 1
            if name in given:
                i_present += 1
            else:
                missing.append(Expected(entity.id, name, "input"))
    return Completeness((totals[0], totals[1]), (totals[2], totals[3]), tuple(missing), (i_expected, i_present))


def inputs_read(framework: ir.Framework) -> list[str]:
    """The named inputs some decision reads, in declaration order: each is expected of every entity
    (a declared input no decision reads is expected of none)."""
    used = {name for d in framework.decisions for name in d.uses}
    return [i.id for i in framework.inputs if i.id in used]


def _values_reader(entity: Entity, values: Mapping[str, Collection[str]]) -> Callable[[str], bool]:
    owners = (entity.id, *entity.members)
    return lambda measure: any(measure in values.get(owner, ()) for owner in owners)


def missing_diagnostics(framework: ir.Framework, evidence: Evidence) -> list[Diagnostic]:
    """A warning for each input the framework expects and the evidence lacks (RN651 a finding,
    RN652 values, RN653 a named input), at the entity's record: an error under ``regienorm check --strict``."""
    spans = {e.id: e.span for e in evidence.entities}
    return [_diagnostic(e, spans.get(e.entity)) for e in completeness(framework, evidence).missing]


def _diagnostic(e: Expected, span: object) -> Diagnostic:
    if e.kind == "input":
        return warning("RN653", f"`{e.entity}` gives no value for the input `{e.target}`", span,  # type: ignore[arg-type]
                       f"add `{e.target}: …` under the entity's `inputs:`",
                       notes=[f"the decisions that read `{e.target}` have no value for `{e.entity}` without it"])
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
