"""Every record read is accounted for: used by a judgement, or an error at the record. Nothing is
skipped silently: not a measure no norm reads (RN645), not a finding with an empty verdict."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regienorm import EvidenceError, compile_file, compile_text, evaluate, parse_evidence

from .helpers import HEAD

FRAMEWORK = HEAD + """role r1
role r2
measure los "Read by no norm"
measure v "Judged on" range 0..100
rule w = worst
rule waarden = table on values { when mean(value) >= 50 -> "+"; otherwise -> "-" }
normenkader a "A" {
  norms by w
  total by w
  across entities by w
  norm 1 "N1" { aspect x "X"; aspect y "Y" for r2 }
  norm 2 "N2" for r1 { verdict from measure v by waarden }
  norm 3 "N3" { measure ind "Indicator of a.3"; verdict from findings }
}
normenkader b "B" for r2 {
  total by w
  norm 1 "N1" { verdict from measure v by waarden }
  norm 2 "N2" { measure ind2 "Indicator of b.2"; aspect x "X"; verdict by w }
}
"""
ENTITIES = """entities:
  - {id: e1, role: r1}
  - {id: e2, role: r2}
  - {id: e3, role: r1, normenkaders: [a]}
  - {id: e4, role: r2, normenkaders: [a]}
  - {id: g, role: r1, members: [e1, e3]}
  - {id: h, role: r2, members: [e2, e4]}
  - {id: e5, role: r2, normenkaders: [a]}
"""
HEADER = 'format: regienorm-evidence/1\nassessment: {framework: f, version: "1"}\n' + ENTITIES


@pytest.fixture(scope="module")
def framework():  # type: ignore[no-untyped-def]
    return compile_text(FRAMEWORK)


def _load(framework, body: str):  # type: ignore[no-untyped-def]
    return parse_evidence(HEADER + body, "<e>.yaml", framework)


def _errors(framework, body: str) -> list[tuple[str, int]]:  # type: ignore[no-untyped-def]
    with pytest.raises(EvidenceError) as caught:
        _load(framework, body)
    return [(d.code, d.span.line if d.span else 0) for d in caught.value.diagnostics]


def test_a_measure_no_norm_reads_is_a_located_error(framework) -> None:  # type: ignore[no-untyped-def]
    assert _errors(framework, "measures:\n  - {entity: e1, measure: los, value: 1}\n") == [("RN645", 12)]


@pytest.mark.parametrize(("entity", "measure", "why"), [
    ("e2", "v", "a.2 is for r1; b.1 judges it but e2 is r2... and is judged on b: used"),
    ("e5", "v", "e5 is r2 and scoped to a, where a.2 is for r1 only"),
    ("e4", "v", "e4 is like e5, but a member of h, which is judged on b.1 from its members' values: used"),
    ("g", "v", "g is a group judged across its members in a: its own value is never read"),
    ("e5", "ind2", "b.2 lists it, but e5 is not assessed on b"),
    ("e4", "ind2", "e4 is not assessed on b, but its group h is, and shows its members' indicators: used"),
    ("e1", "ind2", "b is for r2 only"),
])
def test_a_measure_no_judgement_of_its_entity_reads_is_a_located_error(framework, entity: str, measure: str,  # type: ignore[no-untyped-def]
                                                                        why: str) -> None:
    body = f"measures:\n  - {{entity: {entity}, measure: {measure}, value: 60}}\n"
    if why.endswith(": used"):
        evidence = _load(framework, body)
        counts = evaluate(framework, evidence).counts
        assert counts.measures_used == counts.measures == 1
    else:
        assert _errors(framework, body) == [("RN645", 12)], why


def test_measures_that_are_read_count_as_used(framework) -> None:  # type: ignore[no-untyped-def]
    body = """measures:
  - {entity: e1, measure: v, value: 60}
  - {entity: e1, measure: ind, value: 3}
  - {entity: g, measure: ind, value: 3}
  - {entity: e2, measure: ind2, value: 3}
  - {entity: h, measure: v, value: 40}
  - {entity: e2, measure: v, value: 40}
"""
    counts = evaluate(framework, _load(framework, body)).counts
    assert counts.measures_used == counts.measures == 6


@pytest.mark.parametrize("record", [
    "findings:\n  - {entity: e1, target: a.1.x, verdict: ~, note: n}\n",
    "findings:\n  - {entity: e1, target: a.1.x, verdict: , note: n}\n",
    "findings:\n  - entity: e1\n    target: a.1.x\n    verdict:\n    note: n\n",
    "recorded:\n  - {entity: e1, target: a.1, verdict: ~, source: {table: T}}\n",
    "overrides:\n  - {entity: e1, target: a.1, verdict: ~, justification: j, author: me}\n",
    "overrides:\n  - {entity: e1, target: a.1, verdict: \"+\", justification: j, author: \"\"}\n",
    "overrides:\n  - {entity: e1, target: a.1, verdict: \"+\", justification: \"  \", author: me}\n",
    "findings:\n  - {entity: e1, target: a.1.x, verdict: [\"+\"], note: n}\n",
    "findings:\n  - entity: e1\n    target: a.1.x\n    verdict: -\n    note: n\n",
])
def test_an_empty_or_malformed_verdict_is_an_error_not_a_skipped_record(framework, record: str) -> None:  # type: ignore[no-untyped-def]
    errors = _errors(framework, record)
    assert errors and all(line >= 12 for _, line in errors), errors


def test_the_example_and_the_casebook_account_for_every_record() -> None:
    from regienorm.cli import casebook_paths

    pairs = [("frameworks/examples/jeugdhulp.norm", ["frameworks/examples/jeugdhulp.evidence.yaml"])]
    framework_path, evidence_paths = casebook_paths()
    pairs.append((str(framework_path), [str(p) for p in evidence_paths]))
    from regienorm import load_evidence

    for fw_path, paths in pairs:
        framework = compile_file(fw_path)
        for path in paths:
            c = evaluate(framework, load_evidence(path, framework)).counts
            assert (c.findings_used, c.measures_used, c.recorded_used, c.overrides_used) == \
                (c.findings, c.measures, c.recorded, c.overrides), path


# ---------------------------------------------------------------------------------- the property
TARGETS = ["a", "a.1", "a.1.x", "a.1.y", "a.2", "a.3", "b", "b.1", "b.2", "b.2.x", "nope"]
IDS = ["e1", "e2", "e3", "e4", "e5", "g", "h"]
records = st.fixed_dictionaries({
    "findings": st.lists(st.tuples(st.sampled_from(IDS), st.sampled_from(TARGETS), st.sampled_from(["+", "-", None])),
                         max_size=4),
    "measures": st.lists(st.tuples(st.sampled_from(IDS), st.sampled_from(["v", "ind", "ind2", "los"])), max_size=4),
    "recorded": st.lists(st.tuples(st.sampled_from(IDS), st.sampled_from(TARGETS)), max_size=3),
    "overrides": st.lists(st.tuples(st.sampled_from(IDS), st.sampled_from(TARGETS)), max_size=2),
})


def _body(drawn: dict) -> str:  # type: ignore[type-arg]
    out = ["findings:"] + [
        f"  - {{entity: {e}, target: {t}, " + (f'verdict: "{v}"' if v else "status: not_assessed, note: n") + "}"
        for e, t, v in drawn["findings"]]
    out += ["measures:"] + [f"  - {{entity: {e}, measure: {m}, value: 50}}" for e, m in drawn["measures"]]
    out += ["recorded:"] + [f'  - {{entity: {e}, target: {t}, verdict: "+", source: {{table: T}}}}' for e, t in drawn["recorded"]]
    out += ["overrides:"] + [f'  - {{entity: {e}, target: {t}, verdict: "-", justification: j, author: a}}'
                             for e, t in drawn["overrides"]]
    return "\n".join(out) + "\n"


@settings(max_examples=250, deadline=None, suppress_health_check=list(HealthCheck))
@given(records)
def test_evidence_that_loads_is_used_to_the_last_record(drawn: dict) -> None:  # type: ignore[type-arg]
    framework = compile_text(FRAMEWORK)
    try:
        evidence = _load(framework, _body(drawn))
    except EvidenceError as exc:
        assert all(d.span is not None for d in exc.diagnostics)
        return
    c = evaluate(framework, evidence).counts
    assert (c.findings_used, c.measures_used, c.recorded_used, c.overrides_used) == \
        (c.findings, c.measures, c.recorded, c.overrides)
