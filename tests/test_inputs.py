"""measures_read (regienorm.evidence.inputs) says which measures the evaluator reads: it agrees
with the measure values that `regienorm.evaluate` actually cites in its reasons, on every bundled
example and on the casebook, judgement by judgement."""

from __future__ import annotations

from pathlib import Path

import pytest

import regienorm
from regienorm.evidence import Evidence
from regienorm.evidence.inputs import MeasureRead, measure_uses, measures_read
from regienorm.ir import Framework

from .casebook import _casebook

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(p for p in (ROOT / "frameworks" / "examples").rglob("*.evidence.yaml") if "-met-fout" not in p.name)


def _cases() -> list[tuple[str, Path, Path]]:
    cases = [(p.relative_to(ROOT).as_posix(), p.with_name(p.name.replace(".evidence.yaml", ".norm")), p) for p in EXAMPLES]
    cases += [(p.relative_to(ROOT).as_posix(), _casebook.NORM, p) for p in _casebook.evidence_paths()]
    return cases


CASES = _cases()


def _predicted(framework: Framework, evidence: Evidence) -> set[tuple[str, str, str, bool]]:
    """(entity, norm, measure, judged on it) for every value read, by measures_read and the evidence
    alone: a value is read where the function says the norm reads its measure, the entity (or, for
    a group, a member) has values of it, and (for the measure judged on) no finding on the norm."""
    has_values = {(m.entity, m.measure) for m in evidence.measures}
    findings = {(f.entity, f.target) for f in evidence.findings}
    out: set[tuple[str, str, str, bool]] = set()
    for entity in evidence.entities:
        for read in measures_read(framework, entity.role, entity.normenkaders, entity.is_group):
            if read.judged_on and (entity.id, read.target) in findings:
                continue
            if any((owner, read.measure) in has_values for owner in (entity.id, *entity.members)):
                out.add((entity.id, read.target, read.measure, read.judged_on))
    return out


def _cited(framework: Framework, evidence: Evidence) -> set[tuple[str, str, str, bool]]:
    """The same, from the reasons of the evaluator's judgements: measure values it cited."""
    out: set[tuple[str, str, str, bool]] = set()
    for j in regienorm.evaluate(framework, evidence):
        for reason in j.reasons:
            if reason.kind in ("measure", "indicator"):
                out.add((j.entity, j.target, dict(reason.data)["measure"], reason.kind == "measure"))
    return out


def _agrees(name: str, framework: Framework, evidence: Evidence) -> None:
    predicted = _predicted(framework, evidence)
    assert predicted == _cited(framework, evidence)
    if evidence.measures:
        assert predicted, f"{name}: measure values, but none read: the comparison would prove nothing"
    # and every record the function says is read is one the evaluator counts as used
    reading = {(entity, measure) for entity, _, measure, _ in predicted}
    read_records = sum(1 for m in evidence.measures
                       if any((e.id, m.measure) in reading and m.entity in (e.id, *e.members) for e in evidence.entities))
    assert read_records == regienorm.evaluate(framework, evidence, reasons=False).counts.measures_used


@pytest.mark.parametrize(("name", "norm", "evidence_path"), CASES, ids=[c[0] for c in CASES])
def test_measures_read_agrees_with_what_the_evaluator_reads(name: str, norm: Path, evidence_path: Path) -> None:
    framework = regienorm.compile_file(norm)
    _agrees(name, framework, regienorm.load_evidence(evidence_path, framework))


#: What the examples do not show: a norm for one role reading a measure other norms read for every
#: role, a group judged on a measure from its members' values (and one with a finding instead), and
#: a group in a normenkader judged across its members.
FW = '''framework probe "Probe" version "1"
scale s {
  "+" goed = 2
  "-" slecht = 0
}
role a "A"
role b "B"
measure m "M" range 0..100
rule r "R" = table on values {
  when mean(value) >= 50 -> "+"
  otherwise -> "-"
}
rule t "T" = share of points { from 1/2 -> "+"; otherwise -> "-" }
normenkader k "K" {
  norms by t
  total by t
  norm 1 "on m, for a" for a {
    verdict from measure m by r
  }
  norm 2 "an indicator, every role" {
    measure n "N" range 0..100
    aspect x "X"
  }
}
normenkader g "G" {
  norms by t
  total by t
  across entities by t
  norm 1 "on m, across" {
    verdict from measure m by r
  }
}
'''
EV = '''format: regienorm-evidence/1
assessment: {framework: probe, version: "1"}
entities:
  - {id: a1, role: a}
  - {id: a2, role: a}
  - {id: b1, role: b}
  - {id: ab, role: a, members: [a1, a2]}
  - {id: a12, role: a, members: [a1]}
findings:
  - {entity: ab, target: k.1, verdict: "+"}
measures:
  - {entity: a1, measure: m, value: 60}
  - {entity: a2, measure: m, value: 40}
  - {entity: b1, measure: m, value: 70}
  - {entity: a2, measure: n, value: 5}
  - {entity: ab, measure: n, value: 5}
'''


def test_measures_read_agrees_on_roles_groups_and_across() -> None:
    framework = regienorm.compile_text(FW, "probe.norm")
    evidence = regienorm.parse_evidence(EV, "probe.yaml", framework)
    _agrees("probe", framework, evidence)
    assert ("ab", "k.2", "n", False) in _predicted(framework, evidence)  # the group's own value and its member's
    assert ("a12", "k.1", "m", True) in _predicted(framework, evidence)  # its member's values
    assert not any(entity == "ab" and target == "k.1" for entity, target, _, _ in _predicted(framework, evidence))  # a finding
    assert not any(entity == "ab" and target == "g.1" for entity, target, _, _ in _predicted(framework, evidence))
    assert not any(entity == "b1" and target == "k.1" for entity, target, _, _ in _predicted(framework, evidence))


def test_the_examples_cover_measures_judged_on_indicators_and_groups() -> None:
    """The comparison above is only as good as what the examples exercise."""
    kinds: set[tuple[bool, bool]] = set()  # (judged on, read by a group)
    for _, norm, evidence_path in CASES:
        framework = regienorm.compile_file(norm)
        evidence = regienorm.load_evidence(evidence_path, framework)
        groups = {e.id for e in evidence.entities if e.is_group}
        kinds |= {(judged, entity in groups) for entity, _, _, judged in _predicted(framework, evidence)}
    assert (True, False) in kinds and (False, False) in kinds
    assert any(group for _, group in kinds)


def test_measures_read_by_role_scope_and_groups() -> None:
    framework = regienorm.compile_file(ROOT / "frameworks" / "examples" / "jeugdhulp.norm")
    uses = measure_uses(framework)
    assert uses and all(isinstance(u, MeasureRead) for u in uses)
    assert [u.target for u in uses] == sorted({u.target for u in uses}, key=[u.target for u in uses].index)
    role = framework.roles[0].id
    everything = measures_read(framework, role, None, False)
    assert set(everything) <= set(uses)
    assert measures_read(framework, role, (), False) == ()  # assessed on no normenkader: reads nothing
    for read in everything:
        assert read.normenkader.applies_to(role) and read.norm.applies_to(role)
        only_this = measures_read(framework, role, (read.normenkader.id,), False)
        assert read in only_this and all(r.normenkader.id == read.normenkader.id for r in only_this)
    for nk in framework.normenkaders:
        as_group = list(measures_read(framework, role, (nk.id,), True))
        alone = list(measures_read(framework, role, (nk.id,), False))
        if nk.across is not None:  # judged across the members: the measure judged on is theirs to read, not the group's
            assert as_group == [r for r in alone if not r.judged_on]
        else:
            assert as_group == alone
