"""Nothing missing goes unnoticed (issue 14): a finding or a measure's values that the framework
expects and the evidence lacks is a warning of `check --evidence` (an error under `--strict`), is
counted and listed by `evaluate` in text and JSON, and a verdict that rests on it says so."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from regienorm import compile_text, evaluate, parse_evidence, stream
from regienorm.cli import main
from regienorm.evidence.expected import completeness, missing_diagnostics

from .helpers import HEAD

FRAMEWORK = HEAD + """role wijk
role stad
measure cijfer "Rapportcijfer" range 1..10
rule som on not_assessed skip = sum of points { 0..3 -> "-"; 4..5 -> "+/-"; 6..100 -> "+" }
rule slechtste on not_assessed skip = worst
rule cijferregel = table on values { when mean(value) >= 6 -> "+"; otherwise -> "-" }
normenkader opzet "Opzet" {
  norms by slechtste
  total by slechtste
  across entities by som
  norm 1 "Een" { aspect a "A"; aspect b "B"; aspect c "C" }
  norm 2 "Twee" { verdict from findings }
  norm 3 "Drie" for wijk { aspect a "A" }
}
normenkader uitvoering "Uitvoering" for wijk {
  total by slechtste
  norm 1 "Cijfer" { verdict from measure cijfer by cijferregel }
  norm 2 "Aandacht" { verdict from findings }
}
"""
COMPLETE = """format: regienorm-evidence/1
assessment: {framework: f, version: "1"}
entities:
  - {id: noord, role: wijk}
  - {id: zuid, role: wijk}
  - {id: stad, role: stad}
  - {id: samen, role: wijk, members: [noord, zuid], normenkaders: [opzet]}
findings:
  - {entity: noord, target: opzet.1.a, verdict: "+"}
  - {entity: noord, target: opzet.1.b, verdict: "+"}
  - {entity: noord, target: opzet.1.c, verdict: "+"}
  - {entity: noord, target: opzet.2, verdict: "+"}
  - {entity: noord, target: opzet.3.a, verdict: "+"}
  - {entity: zuid, target: opzet.1.a, verdict: "+"}
  - {entity: zuid, target: opzet.1.b, verdict: "+"}
  - {entity: zuid, target: opzet.1.c, status: not_assessed, note: "Het document ontbrak."}
  - {entity: zuid, target: opzet.2, verdict: "+"}
  - {entity: zuid, target: opzet.3.a, verdict: "+"}
  - {entity: noord, target: uitvoering.2, verdict: "+"}
  - {entity: zuid, target: uitvoering.2, verdict: "+/-"}
  - {entity: stad, target: opzet.1, verdict: "+/-"}
  - {entity: stad, target: opzet.2, verdict: "+"}
measures:
  - {entity: noord, measure: cijfer, value: 7}
  - {entity: zuid, measure: cijfer, value: 6}
"""
DELETED = "  - {entity: noord, target: opzet.1.b, verdict: \"+\"}\n"


@pytest.fixture(scope="module")
def framework():  # type: ignore[no-untyped-def]
    return compile_text(FRAMEWORK, "f.norm")


def _evidence(framework, text: str):  # type: ignore[no-untyped-def]
    return parse_evidence(text, "e.yaml", framework)


def test_what_is_expected_is_counted_against_what_is_there(framework) -> None:  # type: ignore[no-untyped-def]
    c = completeness(framework, _evidence(framework, COMPLETE))
    # noord, zuid: 1.a-c, 2, 3.a; stad: 1 (its finding on the norm judges it), 2; the group nothing
    # (judged across its members); a finding with a status is present
    assert c.findings == (14, 14) and c.values == (2, 2) and c.missing == ()
    c = completeness(framework, _evidence(framework, COMPLETE.replace(DELETED, "")))
    assert c.findings == (14, 13)
    assert [e.describe() for e in c.missing] == ["noord opzet.1.b"]


def test_check_warns_for_each_missing_input_and_strict_fails(framework, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "f.norm").write_text(FRAMEWORK, encoding="utf-8")
    broken = COMPLETE.replace(DELETED, "").replace("  - {entity: zuid, measure: cijfer, value: 6}\n", "")
    (tmp_path / "e.yaml").write_text(broken, encoding="utf-8")
    (tmp_path / "ok.yaml").write_text(COMPLETE, encoding="utf-8")
    args = ["check", str(tmp_path / "f.norm"), "--evidence", str(tmp_path / "e.yaml"), "--format", "short"]
    assert main(args) == 0
    err = capsys.readouterr().out  # check's report is on standard output
    assert f"{tmp_path / 'e.yaml'}:4:5: warning[RN651]: no finding for `noord` on `opzet.1.b`" in err
    assert f"{tmp_path / 'e.yaml'}:5:5: warning[RN652]: no values of `cijfer` for `zuid`" in err
    assert err.rstrip().endswith("0 error(s), 2 warning(s)")
    assert main([*args, "--strict"]) == 1
    capsys.readouterr()
    assert main(["check", str(tmp_path / "f.norm"), "--evidence", str(tmp_path / "ok.yaml"), "--strict"]) == 0


def test_evaluate_lists_what_is_missing_in_text_and_json(framework, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "f.norm").write_text(FRAMEWORK, encoding="utf-8")
    (tmp_path / "e.yaml").write_text(COMPLETE.replace(DELETED, ""), encoding="utf-8")
    assert main(["evaluate", str(tmp_path / "f.norm"), str(tmp_path / "e.yaml")]) == 0
    text = capsys.readouterr().out
    assert "Completeness: 13 of 14 expected findings; 1 missing:\n- noord: opzet.1.b\n" in text
    assert "Completeness: 2 of 2 expected sets of measure values; none missing.\n" in text
    assert "findings 13/13 (of 14 expected)" in text  # no longer "13/13" as if complete
    assert main(["evaluate", str(tmp_path / "f.norm"), str(tmp_path / "e.yaml"), "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["evidence"][0]["completeness"] == {
        "findings": {"expected": 14, "present": 13, "missing": 1},
        "values": {"expected": 2, "present": 2, "missing": 0},
        "missing": [{"entity": "noord", "target": "opzet.1.b", "kind": "finding", "measure": None}]}


def _incomplete(judgement) -> list[str]:  # type: ignore[no-untyped-def]
    return [f"{m['entity']} {m['target']}" for r in judgement.reasons if r.kind == "incomplete"
            for m in dict(r.data)["missing"]]


def test_a_verdict_resting_on_a_skipped_missing_input_says_so(framework) -> None:  # type: ignore[no-untyped-def]
    """Under `on not_assessed skip` the norm, its total and the group stay judged: each says it rests
    on the finding that is missing; the explicit `not_assessed` finding of zuid is no such input."""
    a = evaluate(framework, _evidence(framework, COMPLETE.replace(DELETED, "")))
    noord = a.get("noord", "opzet.1")
    assert noord.verdict == "+"
    assert _incomplete(noord) == ["noord opzet.1.b"]
    reason = next(r for r in noord.reasons if r.kind == "incomplete")
    assert reason.text == ("the evidence is incomplete: 1 finding the framework expects is missing (noord opzet.1.b); "
                           "this verdict is computed without it, a rule's policy having left it out or counted it as "
                           "the lowest verdict")
    assert [r.kind for r in noord.reasons][-1] == "incomplete"
    assert _incomplete(a.get("noord", "opzet")) == ["noord opzet.1.b"]
    for target in ("opzet.1.b", "opzet.1", "opzet"):
        assert _incomplete(a.get("samen", target)) == ["noord opzet.1.b"], target
    assert _incomplete(a.get("samen", "opzet.1.a")) == []
    assert _incomplete(a.get("zuid", "opzet.1")) == [] and a.get("zuid", "opzet.1").verdict == "+"
    # the row of the missing finding itself: not assessed, its reason as before
    assert [r.kind for r in a.get("noord", "opzet.1.b").reasons] == ["missing"]
    complete = evaluate(framework, _evidence(framework, COMPLETE))
    assert not any(r.kind == "incomplete" for j in complete for r in j.reasons)


def test_missing_values_under_a_total_that_skips_them(framework) -> None:  # type: ignore[no-untyped-def]
    a = evaluate(framework, _evidence(framework, COMPLETE.replace("  - {entity: zuid, measure: cijfer, value: 6}\n", "")))
    assert a.get("zuid", "uitvoering.1").verdict is None
    assert _incomplete(a.get("zuid", "uitvoering")) == ["zuid uitvoering.1"]
    assert "zuid uitvoering.1 (values of cijfer)" in next(r.text for r in a.get("zuid", "uitvoering").reasons
                                                          if r.kind == "incomplete")


def test_without_reasons_nothing_is_added_and_verdicts_are_the_same(framework) -> None:  # type: ignore[no-untyped-def]
    evidence = _evidence(framework, COMPLETE.replace(DELETED, ""))
    full, lean = evaluate(framework, evidence), evaluate(framework, evidence, reasons=False)
    assert [(j.target, j.verdict) for j in full] == [(j.target, j.verdict) for j in lean]
    assert all(j.reasons == () for j in lean)


@pytest.mark.parametrize("processes", [1, 2])
def test_the_stream_says_the_same_as_evaluate(framework, processes: int) -> None:  # type: ignore[no-untyped-def]
    evidence = _evidence(framework, COMPLETE.replace(DELETED, ""))
    streamed = [j for result in stream(framework, evidence, processes=processes, chunk_size=1) for j in result]
    by_key = {(j.entity, j.target): j for j in streamed}
    for j in evaluate(framework, evidence):
        assert by_key[(j.entity, j.target)] == j, (j.entity, j.target)


def test_check_diagnostics_point_at_the_entity(framework) -> None:  # type: ignore[no-untyped-def]
    diags = missing_diagnostics(framework, _evidence(framework, COMPLETE.replace(DELETED, "")))
    assert [(d.code, d.severity.value, d.span.line, d.span.column) for d in diags] == [("RN651", "warning", 4, 5)]
    assert "judged from its toetsaspecten by rule `slechtste`" in diags[0].notes[0]


RECORDED = """recorded:
  - {entity: noord, target: opzet.1.a, verdict: "+", source: {line: 1}}
  - {entity: noord, target: opzet.2, verdict: "-", source: {line: 2}}
  - {entity: noord, target: opzet.1, verdict: "+", source: {line: 3}}
  - {entity: samen, target: opzet.1, verdict: "+/-", source: {line: 4}}
  - {entity: samen, target: opzet, verdict: "+", source: {line: 5}}
  - {entity: zuid, target: opzet.1.c, verdict: "+", source: {line: 6}}
"""


def test_the_reconciliation_reports_given_apart_from_computed(framework, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """A printed verdict where a finding gives the verdict (noord opzet.1.a, opzet.2) is the evidence
    itself; only those computed (noord opzet.1 by `slechtste`, declared; the group's by `som`,
    declared) test a rule. A printed verdict where nothing is judged (zuid's not-assessed finding)
    is neither."""
    stated = FRAMEWORK.replace('rule som on not_assessed skip', 'rule som stated on not_assessed skip')
    fw = compile_text(stated, "f.norm")
    a = evaluate(fw, _evidence(fw, COMPLETE + RECORDED))
    r = a.reconciliation()
    assert (r.printed, r.given.count, r.given.agree, r.given.differ) == (6, 2, 1, 1)
    assert (r.computed.count, r.computed.agree, r.computed.differ) == (3, 2, 1)
    assert {k: (t.count, t.agree) for k, t in r.by_provenance} == {"stated": (2, 1), "declared": (1, 1)}
    assert (r.unjudged.count, r.unjudged.agree) == (1, 0)
    assert [j.given for j in (a.get("noord", "opzet.1.a"), a.get("noord", "opzet.1"), a.get("zuid", "opzet.1.c"))] \
        == [True, False, False]
    (tmp_path / "f.norm").write_text(stated, encoding="utf-8")
    (tmp_path / "e.yaml").write_text(COMPLETE + RECORDED, encoding="utf-8")
    assert main(["evaluate", str(tmp_path / "f.norm"), str(tmp_path / "e.yaml")]) == 0
    text = " ".join(capsys.readouterr().out.split())  # wrapped to the width: compared word by word
    assert ("Reconciliation: 6 printed: 2 given as findings (1 other than printed); 3 computed: 2 agree, 1 differs; "
            "1 where no finding or rule gives a verdict: 0 agree, 1 differs.") in text
    assert ("Of the computed: 2 by rules stated in the source (1 agrees, 1 differs); "
            "1 by rules the framework declares (1 agrees, 0 differ).") in text
    assert main(["evaluate", str(tmp_path / "f.norm"), str(tmp_path / "e.yaml"), "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["evidence"][0]["reconciliation"]["computed"]["by_provenance"] == {
        "stated": {"count": 2, "agree": 1, "differ": 1}, "reconstructed": {"count": 0, "agree": 0, "differ": 0},
        "declared": {"count": 1, "agree": 1, "differ": 0}}
