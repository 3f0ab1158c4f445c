"""The main job as a user runs it: `regienorm evaluate` with no files evaluates the casebook, prints
each aanpak's tables and the reconciliation; `--format json` carries the 482 printed verdicts;
`regienorm explain` follows a group's verdict down to the findings and their report lines; and
`regienorm check` finds nothing to say about the framework or its evidence."""

from __future__ import annotations

import json
import re

import pytest

import regienorm
from regienorm.cli import main

from ._casebook import NORM, PUBLISHED_SYMBOLS, evidence, evidence_paths, expected, framework, rel


# ------------------------------------------------------------------------------ check
def test_framework_checks_without_errors_or_warnings() -> None:
    result = regienorm.check_file(NORM)
    assert result.framework is not None
    assert [d.code for d in result.diagnostics] == []


@pytest.mark.parametrize("path", evidence_paths(), ids=lambda p: p.stem)
def test_evidence_loads_without_errors(path) -> None:  # type: ignore[no-untyped-def]
    loaded = regienorm.load_evidence(path, framework())  # raises EvidenceError on any error
    assert loaded.findings and loaded.recorded


def test_check_command_is_clean_but_for_what_the_report_does_not_judge(capsys: pytest.CaptureFixture[str]) -> None:
    """No errors. The warnings are the inputs the framework expects and the report does not give
    (RN651, RN652): uitvoering norms 1, 6 and 8 of each stadsdeel (judged only for the stadsdelen
    together) and the report marks not given as numbers. `--strict` fails on them, as it must."""
    args = ["check", rel(NORM)]
    for path in evidence_paths():
        args += ["--evidence", rel(path)]
    assert main(args) == 0
    captured = capsys.readouterr()
    assert captured.out.strip().endswith("1 file(s) checked: 0 error(s), 76 warning(s)")  # the report: standard output
    assert main([*args, "--strict", "--format", "short"]) == 1
    lines = capsys.readouterr().out.splitlines()
    codes = [line.split("warning[", 1)[1].split("]", 1)[0] for line in lines if "warning[" in line]
    assert codes.count("RN651") == 70 and codes.count("RN652") == 6


# ------------------------------------------------------------------------------ evaluate
def _evaluate_text(capsys: pytest.CaptureFixture[str], args: list[str]) -> str:
    assert main(args) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    return captured.out


def _check_main_job_text(text: str) -> None:
    fw = framework()
    summary = expected()["summary"]["per_file"]
    sections = text.split("evidence: ")[1:]
    assert [s.splitlines()[0] for s in sections] == [rel(p) for p in evidence_paths()]
    for path, section in zip(evidence_paths(), sections, strict=True):
        ev = evidence(path)
        assert ev.assessment.subject and " ".join(ev.assessment.subject.split()) in " ".join(text.split())
        nks = {nk.id for nk in fw.normenkaders if any(
            (e.normenkaders is None or nk.id in e.normenkaders) and nk.applies_to(e.role) for e in ev.entities)}
        for nk in fw.normenkaders:
            header = f"\n{nk.id}: {nk.title}\n"
            assert (header in section) == (nk.id in nks), (path.name, nk.id)
            if nk.id in nks:
                judged = [e for e in ev.entities
                          if (e.normenkaders is None or nk.id in e.normenkaders) and nk.applies_to(e.role)]
                _check_matrix(section.split(header, 1)[1], nk, judged)
        flat = " ".join(section.split())  # the lines below are wrapped to the width: compared word by word
        printed = [r for r in ev.recorded if not r.blank]
        differ = summary[path.name]
        # given: the printed cell stands where a finding gives the verdict (counted from the evidence
        # itself, not from the engine); every disagreement is among the computed ones
        found = {(f.entity, f.target) for f in ev.findings if f.verdict is not None}
        given = sum(1 for r in printed if (r.entity, r.target) in found)
        computed = len(printed) - given
        agree = computed - differ
        assert (f"Reconciliation: {len(printed)} printed: {given} given as findings; {computed} computed: "
                f"{agree} {'agrees' if agree == 1 else 'agree'}, {differ} {'differs' if differ == 1 else 'differ'}.") in flat
        blanks = [b for b in expected()["blanks"] if b["file"] == rel(path)]
        if blanks:
            computed = sum(1 for b in blanks if b["computed"] not in ("not_assessed", "not_applicable"))
            assert f"Printed blanks: {len(blanks)}; regienorm computes a verdict for {computed} of them." in flat
        for d in expected()["disagreements"]:
            if d["file"] == rel(path):
                line = (f"- {d['entity']} {d['target']}: printed {d['recorded']} in {d['source']['table']}, "
                        f"line {d['source']['line']}; computed {d['computed']}")
                assert " ".join(line.split()) in flat
                assert " ".join(d["computation"].split()) in flat
        n = len(ev.measures)
        assert f"measures {n}/{n}," in flat, "every measure value read is used"
        assert f"Records used of those read: findings {len(ev.findings)}/{len(ev.findings)} (of " in flat
        # what the report does not judge is listed, not passed over (docs/evidence.md, Completeness)
        expected_findings = {"risicojongeren.yaml": 197, "mpg.yaml": 179, "top600.yaml": 12}[path.name]
        missing = expected_findings - len(ev.findings)
        assert (f"Completeness: {len(ev.findings)} of {expected_findings} expected findings; "
                + (f"{missing} missing:" if missing else "none missing.")) in flat
        assert f"recorded verdicts {len(ev.recorded)}/{len(ev.recorded)}" in flat


def _check_matrix(text: str, nk, judged) -> None:  # type: ignore[no-untyped-def]
    """The tables of one normenkader (split over as many as the width needs): every judged entity
    heads a column by its name (or, a name too long for a head, by its id, the name in full below),
    and each table has a row per norm and the total, in the framework's order."""
    block = text.split(" toetsaspect rows not shown", 1)[0].rsplit("\n", 1)[0]
    tables = [t for t in block.split("\n\n") if "───" in t]
    assert tables
    heads: list[str] = []
    rows = []
    for table in tables:
        lines = table.splitlines()
        rule = next(n for n, line in enumerate(lines) if line.startswith("───"))
        heads += " ".join(lines[:rule]).split()
        labels = [line.split()[0] for line in lines[rule + 1:] if line and not line.startswith(" ")
                  and not line.split()[0].endswith(":")]  # not the long names given below the table
        assert labels == [*(n.id for n in nk.norms if n.id in labels), "total"] and len(labels) > 1
        rows.append(labels)
    assert all(labels == rows[0] for labels in rows)  # each table of the split has every row
    for e in judged:
        name = e.name if e.name and len(e.name) <= 28 else e.id
        for word in name.split():
            assert word in heads or any(word.startswith(h) or h in word for h in heads), (e.id, word)
        if name == e.id and e.name:
            assert f"{e.id}: " in block


def _targets(fw: regienorm.Framework, nk) -> list[str]:  # type: ignore[no-untyped-def]
    out: list[str] = []
    for norm in nk.norms:
        out.append(f"{nk.id}.{norm.id}")
        for aspect in norm.aspects:
            if f"{nk.id}.{norm.id}.{aspect.id}" not in out:
                out.append(f"{nk.id}.{norm.id}.{aspect.id}")
    return out


def test_evaluate_without_files_is_the_main_job(capsys: pytest.CaptureFixture[str]) -> None:
    _check_main_job_text(_evaluate_text(capsys, ["evaluate"]))


def test_regienorm_without_arguments_is_the_main_job(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    _check_main_job_text(capsys.readouterr().out)


def test_evaluate_json_carries_every_printed_verdict(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["format"] == "regienorm-assessment/1"
    assert [e["path"] for e in data["evidence"]] == [rel(p) for p in evidence_paths()]
    recorded = [(j, r) for j in data["judgements"] for r in j["recorded"]]
    printed = [(j, r) for j, r in recorded if not r["blank"]]
    assert len(printed) == PUBLISHED_SYMBOLS
    assert len({r["record"] for _, r in printed}) == PUBLISHED_SYMBOLS
    assert sum(1 for j, r in printed if r["verdict"] != j["computed"]) == expected()["summary"]["total"]
    assert len(recorded) - len(printed) == expected()["summary"]["blanks"]
    for e in data["evidence"]:
        for kind, count in e["counts"].items():
            assert count["used"] == count["read"], (e["path"], kind)


# ------------------------------------------------------------------------------ explain
def test_explain_follows_a_group_down_to_findings_and_report_lines(capsys: pytest.CaptureFixture[str]) -> None:
    path = next(p for p in evidence_paths() if p.stem == "risicojongeren")
    ev = evidence(path)
    group = next(e for e in ev.entities if e.is_group and "opzet" in (e.normenkaders or ()))
    assert main(["explain", "risicojongeren", group.id, "opzet.1"]) == 0
    text = capsys.readouterr().out
    lines = text.splitlines()
    assert lines[0].startswith(f"{group.id} opzet.1: ")
    assert "by `puntentelling`" in lines[0]
    for member in group.members:
        finding = next(f for f in ev.findings if (f.entity, f.target) == (member, "opzet.1"))
        at = next(n for n, line in enumerate(lines) if line.startswith(f"  {member} opzet.1: {finding.verdict} "))
        below = lines[at + 1]
        assert below.startswith(f"    finding: {finding.verdict}")
        report_lines = [s.line for s in finding.sources if s.line is not None]
        assert report_lines
        for n in report_lines:
            assert re.search(rf"\bline {n}\b", below), (member, n)
