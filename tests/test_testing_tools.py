"""decisions, snapshots, case files, diff and coverage, one by one (the plugin's runs are in
test_pytest_plugin.py)."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import defaultdict
from fractions import Fraction
from pathlib import Path

import pytest

import regienorm
from regienorm import compile_file, compile_text, evaluate, load_evidence
from regienorm import coverage as cov
from regienorm.alternatives import alternatives, decided, rules_by_id
from regienorm.cli import main
from regienorm.diff import compare, framework_changes, render_json, render_text
from regienorm.testing import cases, snapshot

from .conftest import CASEBOOK, EXAMPLES
from .test_properties import MONOTONE

TUTORIAL = EXAMPLES / "tutorial"
PAIRS = [(EXAMPLES / "jeugdhulp.norm", EXAMPLES / "jeugdhulp.evidence.yaml"),
         (TUTORIAL / "schuldhulp.norm", TUTORIAL / "schuldhulp.evidence.yaml"),
         (TUTORIAL / "uitgebreid" / "schuldhulp.norm", TUTORIAL / "uitgebreid" / "schuldhulp.evidence.yaml"),
         (CASEBOOK / "regie.norm", CASEBOOK / "evidence" / "top600.yaml")]


def _load(norm: Path, evidence: Path) -> tuple[regienorm.Framework, regienorm.Evidence, regienorm.Assessment]:
    framework = compile_file(norm.relative_to(Path.cwd()))
    ev = load_evidence(evidence.relative_to(Path.cwd()), framework)
    return framework, ev, evaluate(framework, ev)


# ------------------------------------------------------------------------------------ decisions
@pytest.mark.parametrize(("norm", "evidence"), PAIRS, ids=lambda p: p.name)
def test_the_alternative_that_decided_gives_the_computed_verdict(norm: Path, evidence: Path) -> None:
    framework, ev, assessment = _load(norm, evidence)
    members = {e.id: e.members for e in ev.entities}
    found = 0
    for j in assessment:
        alternative = decided(framework, j, members)
        if alternative is None:
            continue
        found += 1
        assert alternative.rule == j.rule
        if alternative.symbol is not None:
            assert alternative.symbol == j.computed, (j.entity, j.target, alternative)
    assert found
    assert all(decided(framework, j) is None for j in evaluate(framework, ev, reasons=False))


def test_every_kind_of_alternative_is_named() -> None:
    framework = compile_file("frameworks/examples/jeugdhulp.norm")
    rules = rules_by_id(framework)
    labels = {rid: [a.label for a in alternatives(rule)] for rid, rule in rules.items()}
    assert labels["puntentelling"] == ["band 0..3 -> -", "band 4..6 -> +/-", "band 7..8 -> +"]
    assert labels["aandeel"] == ["from 2/3 -> +", "above 1/3 -> +/-", "otherwise -> -"]
    assert labels["twee_van"] == ["then +/-", "else -"]
    assert labels["zwakste"] == ["worst"]
    assert labels["totaal"][0] == 'case 1: when count(verdict = "-") > count() / 2 -> -'


# ------------------------------------------------------------------------------------ snapshots
def test_a_snapshot_reads_back_as_it_was_written() -> None:
    framework, ev, assessment = _load(EXAMPLES / "jeugdhulp.norm", EXAMPLES / "jeugdhulp.evidence.yaml")
    pinned = snapshot.build(framework, [("jeugdhulp.evidence.yaml", assessment, ev)])
    text = pinned.render()
    assert snapshot.parse(text, "x.snapshot") == pinned
    lines = text.splitlines()
    body = lines[lines.index("[jeugdhulp.evidence.yaml]") + 1:]
    assert body == sorted(body, key=lambda line: tuple(line.split(" ")[:2]))  # sorted by entity and target
    assert "wijkteams opzet judged" in text and "policy:skip" in text and "values=gemeente/" in text


def test_snapshot_atoms_and_exact_numbers() -> None:
    entry = snapshot.Entry("a b", "t", (("status", "judged"), ("verdict", snapshot._atom("x, y")), ("in", 'q:"z w"')))
    parsed = snapshot._parse_line(entry.line(), "p", 1)
    assert parsed == entry and entry.line().startswith('"a b" t judged "x, y"')
    assert [snapshot.exact(Fraction(n, d)) for n, d in ((571, 10), (1, 3), (-1, 8), (7, 1))] == ["57.1", "1/3", "-0.125", "7"]


def test_a_damaged_snapshot_is_a_located_error() -> None:
    with pytest.raises(regienorm.RegienormError) as caught:
        snapshot.parse("# regienorm-snapshot/1\nframework f 1\n\nno section here judged\n", "s.snapshot")
    assert [(d.code, d.span.line) for d in caught.value.diagnostics] == [("RN803", 4)]
    with pytest.raises(regienorm.RegienormError):
        snapshot.parse("something else\n", "s.snapshot")


def test_compare_names_the_parts_that_changed() -> None:
    old = snapshot.parse("# regienorm-snapshot/1\nframework f 1\n\n[e]\n"
                         'x t judged + rule=r by="band 5..6 -> +" in=a:+,b:+ reasons=rule,input*2,arithmetic\n'
                         "x u not_applicable reasons=not_applicable\n", "old")
    new = snapshot.parse("# regienorm-snapshot/1\nframework f 1\n\n[e]\n"
                         'x t judged +/- rule=r by="band 3..4 -> +/-" in=a:+,b:- reasons=rule,input*2,arithmetic\n'
                         "x v judged -\n", "new")
    changes = snapshot.compare(old, new)
    assert [(c.key, c.verdict_changed) for c in changes] == [(("x", "t"), True), (("x", "u"), True), (("x", "v"), True)]
    assert changes[0].parts() == [("by", '"band 5..6 -> +"', '"band 3..4 -> +/-"'), ("in b", "+", "-")]
    text = snapshot.describe(changes)
    assert "x t: + -> +/-" in text and "by: band 5..6 -> + -> band 3..4 -> +/-" in text and "in b: + -> -" in text
    assert "judgement gone" in text and "new judgement" in text


# ------------------------------------------------------------------------------------ case files
def _case_file(tmp_path: Path, text: str) -> Path:
    shutil.copy(TUTORIAL / "schuldhulp.norm", tmp_path / "schuldhulp.norm")
    (tmp_path / "cases").mkdir()
    path = tmp_path / "cases" / "c.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _run(case: cases.Case) -> cases.Outcome:
    return cases.run(case, compile_file=compile_file, evaluate=evaluate)


def test_evidence_written_in_a_case_file_reports_at_its_own_lines(tmp_path: Path) -> None:
    path = _case_file(tmp_path, """\
format: regienorm-cases/1
framework: ../schuldhulp.norm
cases:
  - name: block
    evidence:
      entities: [{id: noord, role: uitvoerder}]
      findings:
        - {entity: noord, target: opzet.1.a, verdict: "+"}
    expect: [{entity: noord, target: opzet, status: not_assessed}]
  - name: flow
    evidence: {entities: [{id: noord, role: uitvoerder}], findings: [{entity: noord, target: opzet.2.a, verdict: "?"}]}
    expect: [{entity: noord, target: opzet, status: not_assessed}]
""")
    block, flow = cases.load(path)
    (failure,) = _run(block).failures
    assert str(failure).startswith(f"{path}:8:35: error[RN635]: `opzet.1.a` does not apply to `noord` (role `uitvoerder`) (help: ")
    (failure,) = _run(flow).failures
    assert failure.span.line == 11 and failure.message.startswith("error[RN6")


@pytest.mark.parametrize(("text", "code", "line"), [
    ("format: regienorm-cases/2\ncases: []\n", "RN801", 1),
    ("format: regienorm-cases/1\nframework: ../schuldhulp.norm\ncases:\n  - name: x\n    evidense: a.yaml\n", "RN801", 5),
    ("format: regienorm-cases/1\nframework: ../schuldhulp.norm\ncases:\n  - name: x\n    evidence: a.yaml\n", "RN802", 4),
    ("format: regienorm-cases/1\nframework: ../schuldhulp.norm\ncases:\n  - evidence: a.yaml\n    expect:\n"
     "      - {entity: e, target: t, verdikt: '+'}\n", "RN801", 6),
    ("format: regienorm-cases/1\ncases:\n  - {evidence: a.yaml, error: RN1}\n", "RN802", 3),
    ("format: regienorm-cases/1\nframework: f.norm\ncases:\n  - {evidence: [a.yaml, b.yaml], expect: [{entity: e, target: t, verdict: '+'}]}\n",
     "RN802", 4),
])
def test_a_wrong_case_file_is_refused_at_its_line(tmp_path: Path, text: str, code: str, line: int) -> None:
    with pytest.raises(regienorm.RegienormError) as caught:
        cases.load(_case_file(tmp_path, text))
    (d,) = caught.value.diagnostics
    assert (d.code, d.span.line) == (code, line), d
    assert d.help


def test_a_misspelled_key_gets_a_suggestion(tmp_path: Path) -> None:
    with pytest.raises(regienorm.RegienormError) as caught:
        cases.load(_case_file(tmp_path, "format: regienorm-cases/1\nframework: ../schuldhulp.norm\ncases:\n"
                                        "  - evidence: a.yaml\n    expekt: [{entity: e, target: t, verdict: '+'}]\n"))
    (d,) = caught.value.diagnostics
    assert (d.span.line, d.span.column) == (5, 5) and "expect" in str(d.help)


def test_an_unknown_entity_or_target_says_what_there_is(tmp_path: Path) -> None:
    shutil.copy(TUTORIAL / "schuldhulp.evidence.yaml", tmp_path / "e.yaml")
    path = _case_file(tmp_path, "format: regienorm-cases/1\nframework: ../schuldhulp.norm\ncases:\n  - evidence: ../e.yaml\n"
                                "    expect:\n      - {entity: kredietbnak, target: opzet, verdict: '+'}\n"
                                "      - {entity: kredietbank, target: opzet.9, verdict: '+'}\n"
                                "  - {evidence: ../e.yaml, error: RN635}\n")
    first, second = cases.load(path)
    messages = [f.message for f in _run(first).failures]
    assert messages[0].startswith("no entity `kredietbnak`") and "kredietbank" in messages[0]
    assert messages[1].startswith("no judgement of `kredietbank` at `opzet.9`")
    assert _run(second).failures[0].message == "expected error RN635, got no error"


# ------------------------------------------------------------------------------------ diff
def _edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def test_framework_changes_are_found_in_the_compiled_frameworks() -> None:
    text = (EXAMPLES / "jeugdhulp.norm").read_text(encoding="utf-8")
    base = compile_text(text, "frameworks/examples/jeugdhulp.norm")
    reflowed = compile_text("# reflowed\n" + text.replace("\n  norms by aandeel", "\n\n    norms   by aandeel"),
                            "frameworks/examples/jeugdhulp.norm")
    assert framework_changes(base, reflowed) == []
    edited = text
    for old, new in (('from 2/3 -> "+"; above 1/3', 'from 3/4 -> "+"; above 1/3'), ("{ a = 2 }", "{ a = 3 }"),
                     ("rule gemiddeld \"Gemiddelde punten\"\n  reconstructed \"voorbeeld\"\n  on not_applicable skip",
                      "rule gemiddeld \"Gemiddelde punten\"\n  reconstructed \"voorbeeld\"\n  on not_applicable lowest"),
                     ('norm 3 "Er is een beleidslijn" for wijkteam', 'norm 3 "Er is een beleidslijn" for wijkteam, gemeente'),
                     ("verdict by zwakste", "verdict by sterkste"), ("when all(value >= 60)", "when all(value >= 65)"),
                     ("= any <=", "= all <=")):
        edited = _edit(edited, old, new)
    changed = compile_text(edited, "frameworks/examples/jeugdhulp.norm")
    found = {(c.kind, c.subject, c.old, c.new) for c in framework_changes(base, changed)}
    assert found == {
        ("threshold", "aandeel", "from 2/3 -> +", "from 0.75 -> +"),
        ("weight", "gewogen", "a = 2", "a = 3"),
        ("policy", "gemiddeld", "on not_applicable skip", "on not_applicable lowest"),
        ("applicability", "opzet.3", "for wijkteam", "for wijkteam, gemeente"),
        ("judged by", "opzet.3", "verdict by zwakste", "verdict by sterkste"),
        ("case", "enquete", "case 2: when all(value >= 60) -> +", "case 2: when all(value >= 65) -> +"),
        ("rule kind", "een_onvoldoende", "any", "all"),
    }


def test_diff_of_the_tutorial_names_the_threshold_and_the_inputs() -> None:
    text = (TUTORIAL / "schuldhulp.norm").read_text(encoding="utf-8")
    old = compile_text(text, "schuldhulp.norm")
    new = compile_text(_edit(text, 'above 1/3 -> "+/-"; otherwise -> "-" }\n\nrule totaal', 'above 1/2 -> "+/-"; otherwise -> "-" }\n\nrule totaal'),
                       "schuldhulp.norm")
    evidence_path = "frameworks/examples/tutorial/schuldhulp.evidence.yaml"
    ev_old, ev_new = load_evidence(evidence_path, old), load_evidence(evidence_path, new)
    result = compare(old, new, [("e", evaluate(old, ev_old), ev_old, evaluate(new, ev_new), ev_new)])
    changed = {(c.entity, c.target): c for c in result.changed}
    two = changed["kredietbank", "opzet.2"]
    assert (two.old.verdict, two.new.verdict) == ("+/-", "-")  # type: ignore[union-attr]
    assert [(c.kind, c.subject, c.old, c.new) for c in two.causes] == [("threshold", "aandeel", "above 1/3 -> +/-", "above 0.5 -> +/-")]
    total = changed["kredietbank", "opzet"]
    assert ("input", "opzet.2", "+/-", "-") in [(c.kind, c.subject, c.old, c.new) for c in total.causes]
    document = json.loads(render_json(result))
    assert document["format"] == "regienorm-diff/1" and document["changed"] == len(result.changed)
    assert document["provenance"][0]["old"] != document["provenance"][0]["new"]
    assert "waarom: drempel `aandeel`: above 1/3 -> +/- werd above 0.5 -> +/-" in render_text(result, "nl")


def test_diff_of_evidence_names_the_finding(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    evidence = (TUTORIAL / "schuldhulp.evidence.yaml").read_text(encoding="utf-8")
    first = evidence.index("verdict:")
    line_end = evidence.index("\n", first)
    old_line = evidence[first:line_end]
    newer = evidence[:first] + old_line.replace('"+/-"', '"-"').replace('"+"', '"-"', 1) + evidence[line_end:]
    assert newer != evidence
    (tmp_path / "new.yaml").write_text(newer, encoding="utf-8")
    code = main(["diff", str(TUTORIAL / "schuldhulp.evidence.yaml"), str(tmp_path / "new.yaml"),
                 "--framework", str(TUTORIAL / "schuldhulp.norm"), "--format", "json"])
    document = json.loads(capsys.readouterr().out)
    assert code == 1 and document["changed"] >= 1
    kinds = {c["kind"] for j in document["judgements"] for c in j["causes"]}
    assert "finding" in kinds


def test_diff_exit_codes_and_errors(capsys: pytest.CaptureFixture[str]) -> None:
    norm, ev = "frameworks/examples/tutorial/schuldhulp.norm", "frameworks/examples/tutorial/schuldhulp.evidence.yaml"
    assert main(["diff", norm, norm, ev]) == 0
    assert "No judgement changed." in capsys.readouterr().out
    assert main(["diff", norm, norm]) == 2
    assert "error[RN900]" in capsys.readouterr().err
    assert main(["diff", norm, "nope.norm", ev]) == 2
    assert "error[RN003]" in capsys.readouterr().err


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_diff_reads_git_revisions_and_names_the_casebook_band(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Done when: a deliberate edit of one band of the casebook shows in `regienorm diff` with its reason."""
    for name in ("regie.norm", "evidence/mpg.yaml", "evidence/top600.yaml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(CASEBOOK / name, tmp_path / name)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"]
    subprocess.run([*git, "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run([*git, "add", "."], cwd=tmp_path, check=True)
    subprocess.run([*git, "commit", "-qm", "casebook"], cwd=tmp_path, check=True)
    norm = tmp_path / "regie.norm"
    norm.write_text(_edit(norm.read_text(encoding="utf-8"), '6..10 -> "+/-"; 11..16 -> "+"', '6..7 -> "+/-"; 8..16 -> "+"'), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["diff", "--git", "HEAD", "regie.norm", "evidence/mpg.yaml"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("regienorm diff: regie.norm@HEAD -> regie.norm\n")
    assert "  band `puntentelling`: band 6..10 -> +/- became band 6..7 -> +/- (regie.norm:61:34)" in out
    block = out[out.index("  stadsdelen_opzet opzet: +/- -> +\n"):].split("\n")
    assert block[1] == "      decided by: `puntentelling` band 6..10 -> +/-; now `puntentelling` band 8..16 -> +"
    assert block[2:4] == ["      why: band `puntentelling`: band 6..10 -> +/- became band 6..7 -> +/-",
                          "      why: band `puntentelling`: band 11..16 -> + became band 8..16 -> +"]
    assert main(["diff", "regie.norm@HEAD", "regie.norm@HEAD", "evidence/top600.yaml", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["judgements"] == []
    assert main(["diff", "regie.norm@no-such-rev", "regie.norm", "evidence/top600.yaml"]) == 2
    assert "error[RN804]: cannot read `regie.norm` at revision `no-such-rev` from git" in capsys.readouterr().err

    # the evidence at a revision: resultaten.1 of Top600 judged "-" instead of "+"
    top600 = tmp_path / "evidence" / "top600.yaml"
    top600.write_text(_edit(top600.read_text(encoding="utf-8"), '  target: resultaten.1\n  verdict: "+"', '  target: resultaten.1\n  verdict: "-"'),
                      encoding="utf-8")
    assert main(["diff", "--git", "HEAD", "evidence/top600.yaml", "--framework", "regie.norm", "--format", "json"]) == 1
    document = json.loads(capsys.readouterr().out)
    assert document["old"] == "evidence/top600.yaml@HEAD"
    first = document["judgements"][0]
    assert (first["entity"], first["target"], first["old"]["verdict"], first["new"]["verdict"]) == ("aanpak", "resultaten.1", "+", "-")
    assert [(c["kind"], c["old"], c["new"]) for c in first["causes"]] == [("finding", "+", "-")]


# ------------------------------------------------------------------------------------ coverage
def test_coverage_of_the_casebook_names_what_its_evidence_does_not_exercise(capsys: pytest.CaptureFixture[str]) -> None:
    framework = compile_file("frameworks/rekenkamer-amsterdam-2013/regie.norm")
    evidence = load_evidence("frameworks/rekenkamer-amsterdam-2013/evidence/top600.yaml", framework)
    measured = cov.measure(framework, [(evaluate(framework, evidence), evidence)])
    missed = {(i.kind, i.subject, i.span.line if i.span else 0) for i in measured.missed()}
    # Top600 has no stadsdelen: the footnote rule never decides, opzet's aspects are never judged
    assert ("band", "puntentelling", 61) in missed and ("aspect", "opzet.1.a", 142) in missed
    assert 0 < measured.covered < len(measured.items)
    text = cov.render_text([measured])
    assert "  Not exercised:\n" in text and "frameworks/rekenkamer-amsterdam-2013/regie.norm:142:5  aspect `opzet.1.a`" in text
    assert "Niet geraakt:" in cov.render_text([measured], "nl")
    page = cov.render_html([measured])
    assert '<tr class="miss" id="L142">' in page and 'class="hit"' in page
    document = json.loads(cov.render_json([measured]))
    assert document["format"] == "regienorm-coverage/1" and document["frameworks"][0]["total"] == len(measured.items)


def test_regienorm_coverage_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    norm, ev = "frameworks/examples/jeugdhulp.norm", "frameworks/examples/jeugdhulp.evidence.yaml"
    assert main(["coverage", norm, ev, "--fail-under", "0"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("regienorm coverage: jeugdhulp 1.0 (frameworks/examples/jeugdhulp.norm)\n")
    assert main(["coverage", norm, ev, "--fail-under", "100"]) == 4
    assert "is below --fail-under 100%" in capsys.readouterr().err
    assert main(["coverage", norm, ev, "--format", "html", "-o", str(tmp_path / "c.html")]) == 0
    assert (tmp_path / "c.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_the_monotone_example_reaches_every_band_it_can() -> None:
    framework = compile_text(MONOTONE, "m.norm")
    measured = cov.measure(framework, [])
    assert measured.covered == 0 and measured.percent == 0.0
    assert {i.kind for i in measured.items} >= {"band", "threshold", "otherwise", "then", "else", "rule", "policy", "scale value"}


# ------------------------------------------------------------------------------------ the docs
from . import test_docs  # noqa: E402  (its readers of markdown, for docs/testing.md and the new JSON tables)

TESTING_MD = test_docs.DOCS / "testing.md"


@pytest.mark.parametrize("block", [b for b in test_docs.blocks(TESTING_MD) if b.lang == "console"], ids=repr)
def test_testing_md_commands_print_what_is_shown(block: test_docs.Block) -> None:
    test_docs.test_console_block_runs_as_shown(block)


@pytest.mark.parametrize("block", [b for b in test_docs.blocks(TESTING_MD) if (b.marker or "").startswith("file:")], ids=repr)
def test_testing_md_excerpts_are_real(block: test_docs.Block) -> None:
    test_docs.test_snippet_is_an_excerpt_of_its_file(block)


def test_json_md_lists_exactly_the_coverage_and_diff_keys(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    tutorial, part2 = "frameworks/examples/tutorial/schuldhulp.norm", "frameworks/examples/tutorial/uitgebreid/schuldhulp.norm"
    evidence = "frameworks/examples/tutorial/schuldhulp.evidence.yaml"
    edited = tmp_path / "schuldhulp.norm"
    edited.write_text((TUTORIAL / "schuldhulp.norm").read_text(encoding="utf-8").replace("above 1/3", "above 1/2", 1), encoding="utf-8")
    documents = []
    for argv, table in ((["coverage", "frameworks/examples/jeugdhulp.norm", "frameworks/examples/jeugdhulp.evidence.yaml", "--format", "json"],
                         "coverage"),
                        (["coverage", tutorial, evidence, "--format", "json"], "coverage"),
                        (["diff", tutorial, part2, evidence, "--format", "json"], "diff"),
                        (["diff", tutorial, str(edited), evidence, "--format", "json"], "diff")):
        main(argv)
        documents.append((json.loads(capsys.readouterr().out), table))
    monkeypatch.setattr(test_docs, "SHARED", {**test_docs.SHARED, "old_span": "span", "new_span": "span",
                                              "framework_changes[]": "cause", "causes[]": "cause"})
    seen: defaultdict[str, defaultdict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for document, table in documents:
        test_docs._walk(document, "", table, seen)
    documented, _ = test_docs._documented_tables(test_docs.DOCS / "json.md")
    for table in ("coverage", "diff", "cause", "span"):
        emitted = {path.lstrip("[]").lstrip("."): types for path, types in seen[table].items()}
        assert emitted and set(documented[table]) == set(emitted), (table, sorted(set(emitted) ^ set(documented[table])))
        for path, types in emitted.items():
            allowed = documented[table][path] | ({"integer"} if "number" in documented[table][path] else set())
            assert types <= allowed, f"{table}: `{path}` is documented as {documented[table][path]} but was {types}"



def test_every_rn8_code_has_a_section_in_errors_md() -> None:
    import re

    used = set()
    for path in (test_docs.ROOT / "src" / "regienorm").rglob("*.py"):
        used.update(re.findall(r'"(RN8\d\d)"', path.read_text(encoding="utf-8")))
    documented = (test_docs.DOCS / "errors.md").read_text(encoding="utf-8")
    assert used == {"RN801", "RN802", "RN803", "RN804"}
    assert all(f"## {code}" in documented for code in used)


def test_a_file_a_case_names_and_cannot_read_is_reported_at_the_case(tmp_path: Path) -> None:
    path = _case_file(tmp_path, "format: regienorm-cases/1\nframework: ../schuldhulp.norm\ncases:\n"
                                "  - name: missing\n    evidence: ../nowhere.yaml\n    expect: [{entity: e, target: opzet, verdict: '+'}]\n")
    (failure,) = _run(cases.load(path)[0]).failures
    assert (failure.span.path, failure.span.line) == (str(path), 5) and failure.message.startswith("error[RN003]: cannot read")


def test_diff_of_evidence_names_the_measure_value(tmp_path: Path) -> None:
    framework = compile_file("frameworks/examples/jeugdhulp.norm")
    text = (EXAMPLES / "jeugdhulp.evidence.yaml").read_text(encoding="utf-8")
    (tmp_path / "new.yaml").write_text(_edit(text, "item: V2, value: 61, n: 20", "item: V2, value: 55, n: 20"), encoding="utf-8")
    old_ev = load_evidence("frameworks/examples/jeugdhulp.evidence.yaml", framework)
    new_ev = load_evidence(tmp_path / "new.yaml", framework)
    result = compare(framework, framework, [("e", evaluate(framework, old_ev), old_ev, evaluate(framework, new_ev), new_ev)])
    changed = {(c.entity, c.target): c for c in result.changed}
    norm = changed["gemeente", "uitvoering.1"]
    assert (norm.old.verdict, norm.new.verdict) == ("+", "+/-")  # type: ignore[union-attr]
    assert [(c.kind, c.subject, c.old, c.new) for c in norm.causes] == [
        ("decided by", "enquete", "case 2: when all(value >= 60) -> +", "otherwise -> +/-"),
        ("measure", "gemeente", "gemeente/tevredenheid/V2 = 61", "gemeente/tevredenheid/V2 = 55")]
    assert result.framework == () and result.provenance[0][1] != result.provenance[0][2]
