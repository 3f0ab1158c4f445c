"""`regienorm fit`: exact regions for every kind of parameter, the minimal sets of exceptions,
leave one table out, the text and JSON, `--write`, and a property on generated frameworks."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import regienorm
from regienorm.cli import main
from regienorm.evidence.model import Citation, Recorded
from regienorm.fit import choose, fit, parameters, region_text
from regienorm.fit.report import render_text, to_json
from regienorm.fit.write import rewrite, write
from regienorm.judgement import Status
from regienorm.strategies import evidence_for, frameworks

SCALE = 'scale oordeel { "+" voldoet = 2; "+/-" deels = 1; "-" niet = 0 }'


def _framework(rule: str, aspects: int = 2) -> str:
    ids = "abcde"[:aspects]
    inner = "; ".join(f'aspect {a} "A {a}"' for a in ids)
    return (f'framework f "F" version "1"\n{SCALE}\nrole r\n'
            f'rule x "X" reconstructed "by hand"\n  = {rule}\n'
            f'normenkader k "K" {{\n  norms by x\n  norm 1 "N" {{ {inner} }}\n}}\n')


def _evidence(cells: dict[str, tuple[list[str], str, str]]) -> str:
    """Per entity: the aspect verdicts, the printed norm verdict and the table it is printed in."""
    lines = ["format: regienorm-evidence/1", "assessment: {framework: f, version: \"1\"}", "entities:"]
    lines += [f"  - {{id: {e}, name: \"Entity {e}\", role: r}}" for e in cells]
    lines.append("findings:")
    for e, (verdicts, _, _) in cells.items():
        lines += [f'  - {{entity: {e}, target: k.1.{a}, verdict: "{v}"}}' for a, v in zip("abcde", verdicts, strict=False)]
    lines.append("recorded:")
    for n, (e, (_, printed, table)) in enumerate(cells.items()):
        lines.append(f'  - {{entity: {e}, target: k.1, verdict: "{printed}", source: {{table: "{table}", line: {100 + n}}}}}')
    return "\n".join(lines) + "\n"


def _files(tmp_path: Path, rule: str, cells: dict[str, tuple[list[str], str, str]], aspects: int = 2) -> tuple[Path, Path]:
    norm, ev = tmp_path / "f.norm", tmp_path / "e.yaml"
    norm.write_text(_framework(rule, aspects), encoding="utf-8")
    ev.write_text(_evidence(cells), encoding="utf-8")
    return norm, ev


def _fit(tmp_path: Path, rule: str, cells: dict[str, tuple[list[str], str, str]], aspects: int = 2, **kw: object):
    norm, ev = _files(tmp_path, rule, cells, aspects)
    framework = regienorm.compile_file(norm)
    assessment = regienorm.evaluate(framework, regienorm.load_evidence(ev, framework))
    return fit(framework, [("e.yaml", assessment)], "x", **kw), norm, ev  # type: ignore[arg-type]


def _texts(result) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return [[region_text(p, i) for p, i in zip(result.parameters, r.intervals, strict=True)] for r in result.regions]


SHARES = {"a": (["+/-", "-"], "-", "T1"), "b": (["+/-", "+/-"], "+/-", "T1"), "c": (["+", "+/-"], "+", "T2")}


def test_share_thresholds_are_found_exactly(tmp_path: Path) -> None:
    result, _, _ = _fit(tmp_path, 'share of points { from 2/3 -> "+"; from 1/3 -> "+/-"; otherwise -> "-" }', SHARES)
    assert [p.label for p in result.parameters] == ["from 2/3 -> +", "from 1/3 -> +/-"]
    # 1/4 printed "-", 1/2 "+/-", 3/4 "+": "+" from any t in (1/2, 3/4], "+/-" from any t in (1/4, 1/2]
    assert _texts(result) == [["(1/2, 3/4]", "(1/4, 1/2]"]]
    assert (result.best, len(result.observations), result.current) == (3, 3, 3)
    assert result.contains_current() and not result.exception_sets


def test_above_gives_the_other_ends_closed(tmp_path: Path) -> None:
    result, _, _ = _fit(tmp_path, 'share of points { above 2/3 -> "+"; above 1/3 -> "+/-"; otherwise -> "-" }', SHARES)
    assert _texts(result) == [["[1/2, 3/4)", "[1/4, 1/2)"]]


def test_contradicting_verdicts_give_the_minimal_sets_that_would_have_to_be_wrong(tmp_path: Path) -> None:
    cells = {**SHARES, "d": (["+", "+/-"], "-", "T2")}  # 3/4 printed "-" beside c's 3/4 printed "+"
    result, _, _ = _fit(tmp_path, 'share of points { from 2/3 -> "+"; from 1/3 -> "+/-"; otherwise -> "-" }', cells)
    assert (result.best, len(result.observations)) == (3, 4)
    assert [[o.entity for o in r.exceptions] for r in result.regions] == [["d"]]
    assert result.regions[0].exceptions[0].describe() == "Entity d k.1 (2+1 = 3 of 4 points = 0.75; printed -; T2 l.103)"
    # either d is wrong, or c is, and then b's 1/2 "+/-" cannot stand below c's 3/4 "-" either
    assert sorted(sorted(o.entity for o in r.exceptions) for r in result.exception_sets) == [["b", "c"], ["d"]]
    # leave one table out: fitted on T2 alone (c and d contradict), T1 is undetermined or wrong
    by_table = {p.table: p for p in result.predictions}
    assert set(by_table) == {"T1", "T2"} and by_table["T1"].count == 2 and by_table["T2"].count == 2
    assert by_table["T2"].right == 0 and by_table["T2"].wrong == 1  # from T1: 3/4 is "+" or undetermined; d is wrong


def test_sum_band_boundaries_are_whole_numbers(tmp_path: Path) -> None:
    cells = {"a": (["+/-", "-"], "-", "T"), "b": (["+", "-"], "+/-", "T"), "c": (["+", "+/-"], "+/-", "T"),
             "d": (["+", "+"], "+", "T")}
    result, _, _ = _fit(tmp_path, 'sum of points { 0..1 -> "-"; 2..2 -> "+/-"; 3..4 -> "+" }', cells)
    assert [p.label for p in result.parameters] == ["first points of band 2..2 -> +/-", "first points of band 3..4 -> +"]
    assert _texts(result) == [["2", "4"]] and result.current == 3 and not result.contains_current()
    assert choose(result)[1][1] == 4


def test_mean_and_weighted_thresholds(tmp_path: Path) -> None:
    mean, _, _ = _fit(tmp_path, 'mean of points { from 3/2 -> "+"; from 1/2 -> "+/-"; otherwise -> "-" }', SHARES)
    assert _texts(mean) == [["(1, 3/2]", "(1/2, 1]"]]
    # a weighs 3: a "+/-", b "-" -> 3 of 8; "+/-","+/-" -> 4/8; "+","+/-" -> 7/8
    weighted, _, _ = _fit(tmp_path, 'weighted { a = 3 } { from 3/4 -> "+"; from 1/4 -> "+/-"; otherwise -> "-" }', SHARES)
    assert _texts(weighted) == [["(1/2, 7/8]", "(3/8, 1/2]"]]


def test_table_constants_on_verdicts(tmp_path: Path) -> None:
    cells = {"a": (["+", "+", "+"], "+", "T"), "b": (["-", "+", "+"], "+", "T"), "c": (["-", "-", "+"], "-", "T"),
             "d": (["-", "-", "-"], "-", "T")}
    result, _, _ = _fit(tmp_path, 'table { when count(verdict = "-") >= 3 -> "-"; otherwise -> "+" }', cells, aspects=3)
    assert [p.label for p in result.parameters] == ['3 in case 1: count(verdict = "-") >= 3']
    assert _texts(result) == [["(1, 2]"]] and result.current == 3


def test_table_constants_on_values(tmp_path: Path) -> None:
    norm, ev = tmp_path / "v.norm", tmp_path / "v.yaml"
    norm.write_text(f'framework f "F" version "1"\n{SCALE}\nrole r\nmeasure m "M" unit "%" range 0..100\n'
                    'rule v reconstructed "guess" = table on values { when mean(value) < 50 -> "-"; otherwise -> "+" }\n'
                    'normenkader k "K" {\n  norm 1 "N" { verdict from measure m by v }\n}\n', encoding="utf-8")
    values = {"a": ([40, 44], "-"), "b": ([50, 58], "+"), "c": ([70], "+")}
    lines = ["format: regienorm-evidence/1", 'assessment: {framework: f, version: "1"}', "entities:"]
    lines += [f"  - {{id: {e}, role: r}}" for e in values]
    lines.append("measures:")
    lines += [f"  - {{entity: {e}, measure: m, item: i{n}, value: {v}}}" for e, (vs, _) in values.items() for n, v in enumerate(vs)]
    lines.append("recorded:")
    lines += [f'  - {{entity: {e}, target: k.1, verdict: "{p}", source: {{table: T{e}}}}}' for e, (_, p) in values.items()]
    ev.write_text("\n".join(lines) + "\n", encoding="utf-8")
    framework = regienorm.compile_file(norm)
    evidence = regienorm.load_evidence(ev, framework)
    result = fit(framework, [("v", regienorm.evaluate(framework, evidence))], "v")
    assert _texts(result) == [["(42, 54]"]] and result.best == 3  # the means are 42, 54 and 70


def test_only_the_tables_asked_for_count(tmp_path: Path) -> None:
    result, _, _ = _fit(tmp_path, 'share of points { from 2/3 -> "+"; from 1/3 -> "+/-"; otherwise -> "-" }', SHARES,
                        tables=["T1"])
    assert len(result.observations) == 2 and _texts(result) == [["(1/2, ∞)", "(1/4, 1/2]"]]


def test_params_fits_one_and_keeps_the_others(tmp_path: Path) -> None:
    result, _, _ = _fit(tmp_path, 'share of points { from 2/3 -> "+"; from 1/3 -> "+/-"; otherwise -> "-" }', SHARES,
                        params=[2])
    assert [p.index for p in result.parameters] == [2] and _texts(result) == [["(1/4, 1/2]"]]


def test_text_and_json(tmp_path: Path) -> None:
    cells = {**SHARES, "d": (["+", "+/-"], "-", "T2")}
    result, _, _ = _fit(tmp_path, 'share of points { from 2/3 -> "+"; from 1/3 -> "+/-"; otherwise -> "-" }', cells)
    text = render_text(result)
    assert "from 2/3 -> + holds for any value in (1/2, 3/4]" in text
    assert "the 1 it cannot: Entity d k.1 (2+1 = 3 of 4 points = 0.75; printed -; T2 l.103)" in text
    assert "in sample 3 of 4 fitted; out of sample" in text
    dutch = render_text(result, "nl")
    assert "geldt voor elke waarde in (1/2, 3/4]" in dutch and "afgedrukt -" in dutch
    doc = to_json(result)
    assert doc["format"] == "regienorm-fit/1" and doc["best"] == 3 and doc["observations"] == 4
    assert doc["regions"][0]["intervals"][0] == {"parameter": 1, "low": "1/2", "low_closed": False, "high": "3/4",
                                                 "high_closed": True, "text": "(1/2, 3/4]"}
    assert len(doc["exception_sets"]) == 2 and len(doc["leave_one_table_out"]["tables"]) == 2


def _canonical(text: str) -> str:
    from regienorm.language.format import format_source
    from regienorm.source import Source

    return format_source(Source("f.norm", text))


def test_write_goes_through_the_formatter_and_compiles_again(tmp_path: Path) -> None:
    rule = 'share of points { from 9/10 -> "+"; from 1/3 -> "+/-"; otherwise -> "-" }'
    result, norm, ev = _fit(tmp_path, rule, SHARES)
    assert result.current == 2 and _texts(result) == [["(1/2, 3/4]", "(1/4, 1/2]"]]
    before = _canonical(norm.read_text(encoding="utf-8").replace("role r\n", "role r\n# why x: see the notes\n"))
    norm.write_text(before, encoding="utf-8")
    text, framework = write(norm, result, choose(result))
    assert _canonical(text) == text  # the file stays canonical: `regienorm fmt --check` passes
    # 9/10 moves to the simplest fraction of (1/2, 3/4] (2/3); 1/3 lies in its region and stays;
    # the note replaces the old one; every other line, the comment too, stays as it was
    new, old = text.split("\n"), before.split("\n")
    changed = [(o, n) for o, n in zip(old, new, strict=True) if o != n]
    assert changed == [
        ('  reconstructed "by hand"', '  reconstructed "fitted by regienorm fit: from t -> + for t in (1/2, 3/4]; '
                                      'from t -> +/- for t in (1/4, 1/2]; reproduces 3 of 3 printed verdicts (T1, T2); '
                                      'leave one table out: 0 of 3 predicted right"'),
        ('  = share of points { from 9/10 -> "+"; from 1/3 -> "+/-"; otherwise -> "-" }',
         '  = share of points { from 2/3 -> "+"; from 1/3 -> "+/-"; otherwise -> "-" }')]
    assert "# why x: see the notes" in new

    rewritten = next(r for r in framework.rules if r.id == "x")
    assert [p.value for p in parameters(rewritten)] == [Fraction(2, 3), Fraction(1, 3)]
    again = fit(framework, [("e", regienorm.evaluate(framework, regienorm.load_evidence(ev, framework)))], "x")
    assert again.current == 3


def test_write_adds_a_note_to_a_rule_without_one_and_edits_band_bounds(tmp_path: Path) -> None:
    from regienorm.source import Source

    text = f'framework f "F" version "1"\n{SCALE}\nrule x "X" = sum of points {{ 0..1 -> "-"; 2..2 -> "+/-"; 3..4 -> "+" }}\n'
    framework = regienorm.compile_text(text, str(tmp_path / "f.norm"))
    rule = framework.rules[0]
    cut = parameters(rule)[1]
    new = rewrite(Source(str(tmp_path / "f.norm"), text), rule, [(cut, Fraction(4))], "n")
    assert 'rule x "X"\n  reconstructed "n"\n  = sum of points { 0..1 -> "-"; 2..3 -> "+/-"; 4..4 -> "+" }\n' in new
    assert _canonical(new) == new
    regienorm.compile_text(new, str(tmp_path / "f.norm"))


def test_write_puts_weights_and_table_constants(tmp_path: Path) -> None:
    from regienorm.source import Source

    text = _canonical(f'framework f "F" version "1"\n{SCALE}\n'
                      'rule w = weighted { a = 3; b = 1 } { from 3/4 -> "+"; otherwise -> "-" }\n'
                      'rule t = table { when count(verdict = "-") >= 3 -> "-"; when share(verdict = "+") > 1/2 -> "+"; '
                      'otherwise -> "+/-" }\n')
    framework = regienorm.compile_text(text, "f.norm")
    w, t = framework.rules
    weight_b = parameters(w)[2]
    three, half = parameters(t)
    assert (weight_b.label, three.label, half.label) == (
        "weight of b", '3 in case 1: count(verdict = "-") >= 3', '0.5 in case 2: share(verdict = "+") > 1 / 2')
    new = rewrite(Source("f.norm", text), w, [(weight_b, Fraction(5, 2))], "w")
    assert "= weighted { a = 3; b = 2.5 } {" in new and _canonical(new) == new
    t = regienorm.compile_text(new, "f.norm").rules[1]  # the note moved its lines
    three, half = parameters(t)
    new = rewrite(Source("f.norm", new), t, [(three, Fraction(2)), (half, Fraction(2, 3))], "t")
    assert 'when count(verdict = "-") >= 2 -> "-"' in new and 'when share(verdict = "+") > 2/3 -> "+"' in new
    assert _canonical(new) == new
    again = regienorm.compile_text(new, "f.norm")
    assert [p.value for r in again.rules for p in parameters(r)] == [Fraction(3, 4), 3, Fraction(5, 2), 2, Fraction(2, 3)]


def test_cli_fit_text_json_and_write(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, norm, ev = _fit(tmp_path, 'share of points { from 9/10 -> "+"; from 1/3 -> "+/-"; otherwise -> "-" }', SHARES)
    assert main(["fit", str(norm), str(ev), "--rule", "x"]) == 0
    assert "best: reproduces 3 of 3" in capsys.readouterr().out
    assert main(["fit", str(norm), str(ev), "--rule", "x", "--format", "json"]) == 0
    current = json.loads(capsys.readouterr().out)["current"]
    assert (current["reproduced"], current["in_best_region"]) == (2, False)
    assert [o["entity"] for o in current["exceptions"]] == ["c"]  # 3/4 is "+/-" below 9/10
    assert main(["fit", str(norm), str(ev), "--rule", "x", "--lang", "nl", "--write"]) == 0
    captured = capsys.readouterr()
    assert "beste: reproduceert 3 van 3" in captured.out
    assert "computed verdicts agreeing with the printed ones 2 of 3 before, 3 of 3 after" in captured.err
    assert 'reconstructed "gefit door regienorm fit:' in norm.read_text(encoding="utf-8")


def test_cli_errors_name_the_place(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    norm, ev = _files(tmp_path, "worst", SHARES)
    assert main(["fit", str(norm), str(ev), "--rule", "y"]) == 1
    assert "error[RN901]: no rule `y` in the framework" in capsys.readouterr().err
    assert main(["fit", str(norm), str(ev), "--rule", "x"]) == 1
    err = capsys.readouterr().err
    assert "error[RN901]: rule `x` (worst) has no parameters to fit" in err and f"{norm}:4:6" in err
    assert "Traceback" not in err
    _, norm, ev = _fit(tmp_path, 'share of points { from 2/3 -> "+"; otherwise -> "-" }', SHARES)
    assert main(["fit", str(norm), str(ev), "--rule", "x", "--param", "3"]) == 1
    assert "rule `x` has no parameter 3" in capsys.readouterr().err


@st.composite
def _known_rule(draw: st.DrawFn):  # type: ignore[no-untyped-def]
    framework = draw(frameworks())
    evidence = draw(evidence_for(framework))
    return framework, evidence


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_known_rule())
def test_data_made_by_a_known_rule_is_fitted_back_to_a_region_holding_it(case) -> None:  # type: ignore[no-untyped-def]
    """Record every verdict a rule computes as if printed (in two tables): the fit reproduces them
    all, and a best region holds the parameters the rule was written with (its weights too)."""
    framework, evidence = case
    assessment = regienorm.evaluate(framework, evidence)
    members = {"g": {e.id: e.members for e in evidence.entities}}
    judgements = []
    for n, j in enumerate(assessment.judgements):
        if j.rule is not None and j.status is Status.JUDGED and j.computed is not None:
            record = Recorded(j.entity, j.target, j.computed, j.computed, Citation(table=f"T{n % 2}"))
            j = attrs.evolve(j, recorded=(record,))
        judgements.append(j)
    recorded = attrs.evolve(assessment, judgements=tuple(judgements))
    for rule in framework.rules:
        if not parameters(rule):
            continue
        weights = [p.index for p in parameters(rule) if p.kind == "weight"]
        for params in (None, weights[:3] or None):  # a weighted rule's weights: fitted apart from its thresholds
            result = fit(framework, [("g", recorded)], rule, members=members, params=params)
            assert result.best == len(result.observations) == result.current
            if result.observations:
                assert result.contains_current()


def test_json_md_lists_exactly_the_keys_fit_emits(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from collections import defaultdict

    from tests.test_docs import DOCS, _documented_tables, _walk

    root = Path(__file__).resolve().parent.parent
    assert main(["fit", str(root / "frameworks/examples/jeugdhulp.norm"), str(root / "frameworks/examples/jeugdhulp.evidence.yaml"),
                 "--rule", "puntentelling", "--format", "json"]) == 0
    seen: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    _walk(json.loads(capsys.readouterr().out), "", "fit", seen)
    weighted, _, _ = _fit(tmp_path, WEIGHTED, WEIGHED, params=[3, 4])  # regions with constraints
    _walk(to_json(weighted), "", "fit", seen)
    contradicted, _, _ = _fit(tmp_path, WEIGHTED, SHARES, params=[3, 4])  # a < b for a, a >= b for c
    assert contradicted.exception_sets[0].constraints
    _walk(to_json(contradicted), "", "fit", seen)
    documented, _ = _documented_tables(DOCS / "json.md")
    emitted = {path.lstrip("[]").lstrip("."): types for path, types in seen["fit"].items()}
    assert set(documented["fit"]) == set(emitted)
    for path, types in emitted.items():
        assert types <= documented["fit"][path], f"`{path}` is documented as {documented['fit'][path]} but was {types}"


def test_write_refuses_a_stated_rule(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    norm, ev = _files(tmp_path, 'share of points { from 9/10 -> "+"; from 1/3 -> "+/-"; otherwise -> "-" }', SHARES)
    norm.write_text(norm.read_text(encoding="utf-8").replace('reconstructed "by hand"', "stated"), encoding="utf-8")
    before = norm.read_text(encoding="utf-8")
    assert main(["fit", str(norm), str(ev), "--rule", "x", "--write"]) == 1
    err = capsys.readouterr().err
    assert "error[RN901]: rule `x` is stated by the source" in err and f"{norm}:4:6" in err
    assert norm.read_text(encoding="utf-8") == before


def test_assessments_without_reasons_are_refused(tmp_path: Path) -> None:
    norm, ev = _files(tmp_path, 'share of points { from 2/3 -> "+"; otherwise -> "-" }', SHARES)
    framework = regienorm.compile_file(norm)
    bare = regienorm.evaluate(framework, regienorm.load_evidence(ev, framework), reasons=False)
    with pytest.raises(regienorm.RegienormError, match="without reasons"):
        fit(framework, [("e", bare)], "x")


TWO_CASES = 'table { when count(verdict = "-") >= 3 -> "-"; when count(verdict = "+") >= 3 -> "+"; otherwise -> "+/-" }'
TWO_CASE_CELLS = {"a": (["+", "+", "+"], "+", "T1"), "b": (["-", "-", "+"], "-", "T1"), "c": (["-", "+", "+"], "+", "T2"),
                  "d": (["-", "-", "-"], "-", "T2"), "e": (["+", "-", "+/-"], "+/-", "T2")}


def test_constants_of_two_cases_are_fitted_together(tmp_path: Path) -> None:
    result, _, _ = _fit(tmp_path, TWO_CASES, TWO_CASE_CELLS, aspects=3)
    # a: 0 "-" and 3 "+" prints "+", so c1 > 0 and c2 <= 3; b: 2 "-" prints "-", c1 <= 2; c: 1 "-" and
    # 2 "+" prints "+", c1 > 1 and c2 <= 2; e: 1 and 1 prints "+/-", c2 > 1
    assert _texts(result) == [["(1, 2]", "(1, 2]"]] and result.best == 5 and result.current == 3


def test_every_cell_of_a_constants_search_says_what_the_semantics_says(tmp_path: Path) -> None:
    """The search reads a combination's verdict from per-place, per-case tables; at each cell's
    values the rule itself, judged whole, must give the same verdict at every place."""
    from regienorm.fit.parameters import with_values
    from regienorm.fit.search import places, search, verdict

    norm, ev = _files(tmp_path, TWO_CASES, TWO_CASE_CELLS, aspects=3)
    framework = regienorm.compile_file(norm)
    assessment = regienorm.evaluate(framework, regienorm.load_evidence(ev, framework))
    rule = next(r for r in framework.rules if r.id == "x")
    found = places(framework, rule, [("e", assessment)])
    cells = search(rule, list(parameters(rule)), found, framework.scale)
    assert len(cells) > 20
    for cell in cells:
        changed = with_values(rule, list(zip(parameters(rule), cell.values, strict=True)))
        assert cell.verdicts == tuple(verdict(changed, place, framework.scale) for place in found), cell.values


WEIGHTED = 'weighted { a = 3; b = 1 } { from 3/4 -> "+"; from 1/4 -> "+/-"; otherwise -> "-" }'
# the aspects are named a and b: entity a has 1 point on a and 0 on b, c 2 and 1, d 2 and 0
WEIGHED = {"a": (["+/-", "-"], "-", "T1"), "b": (["+/-", "+/-"], "+/-", "T1"), "c": (["+", "+/-"], "+/-", "T2"),
           "d": (["+", "-"], "+/-", "T2")}


def test_one_weight_alone_is_an_exact_interval(tmp_path: Path) -> None:
    result, _, _ = _fit(tmp_path, WEIGHTED, WEIGHED, params=[3])
    assert [p.label for p in result.parameters] == ["weight of a"]
    # with b = 1: a's a/(2a + 2) < 1/4 is a < 1; c's (2a + 1)/(2a + 2) < 3/4 is a < 1 too; d's
    # 2a/(2a + 2) >= 1/4 is a >= 1/3 (b's 1/2 is "+/-" for any weight)
    assert _texts(result) == [["[1/3, 1)"]] and result.best == 4 and result.current == 1
    assert not result.regions[0].constraints and choose(result)[0][1] == Fraction(1, 2)


def test_weights_fitted_together_are_a_region_of_inequalities(tmp_path: Path) -> None:
    result, _, _ = _fit(tmp_path, WEIGHTED, WEIGHED, params=[3, 4])
    assert [p.label for p in result.parameters] == ["weight of a", "weight of b"] and result.best == 4
    # the same with b free: a < b and 3a >= b; each weight alone can be any positive number
    (region,) = result.regions
    assert [c.text(["a", "b"]) for c in region.constraints] == ["a - b < 0", "3×a - b >= 0"]
    assert _texts(result) == [["(0, ∞)", "(0, ∞)"]]
    assert region.contains([Fraction(1), Fraction(2)]) and not region.contains([Fraction(1), Fraction(4)])
    assert not region.contains([Fraction(1), Fraction(1)])
    # a as written (3) stays; b then lies in (3, 9], whose simplest number is 4
    assert [v for _, v in choose(result)] == [Fraction(3), Fraction(4)]


def test_thresholds_and_weights_are_not_fitted_together(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result, norm, ev = _fit(tmp_path, WEIGHTED, SHARES)
    assert [p.kind for p in result.parameters] == ["threshold", "threshold"]  # the default: the thresholds
    assert main(["fit", str(norm), str(ev), "--rule", "x", "--param", "1", "--param", "3"]) == 1
    err = capsys.readouterr().err
    assert "error[RN910]: the thresholds and the weights of `x` cannot be fitted together" in err
    assert "`--param 1 --param 2`" in err and "`--param 3 --param 4`" in err and "Traceback" not in err


def test_weights_region_as_text_and_json(tmp_path: Path) -> None:
    result, _, _ = _fit(tmp_path, WEIGHTED, WEIGHED, params=[3, 4])
    text = render_text(result)
    assert "region 1: 3 in (0, ∞); 4 in (0, ∞); a - b < 0, 3×a - b >= 0" in text
    assert "weight of a ranges over (0, ∞) in this region" in text and "and only where a - b < 0, 3×a - b >= 0" in text
    assert "en alleen waar a - b < 0, 3×a - b >= 0" in render_text(result, "nl")
    (region,) = to_json(result)["regions"]
    assert region["constraints"][1] == {"coefficients": ["1", "-1/3"], "constant": "0", "op": ">=", "text": "3×a - b >= 0"}


def test_html_page_escapes_every_text_and_says_what_the_text_says(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cells = {**SHARES, "d": (["+", "+/-"], "-", "<T2>")}
    _, norm, ev = _fit(tmp_path, 'share of points { from 2/3 -> "+"; from 1/3 -> "+/-"; otherwise -> "-" }', cells)
    ev.write_text(ev.read_text(encoding="utf-8").replace('name: "Entity d"', 'name: "<script>alert(1)</script>"'),
                  encoding="utf-8")
    assert main(["fit", str(norm), str(ev), "--rule", "x", "--format", "html", "--lang", "nl"]) == 0
    page = capsys.readouterr().out
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page and "src=" not in page and "href=" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; k.1 (2+1 = 3 of 4 points = 0.75; afgedrukt -; &lt;T2&gt; l.103)" in page
    assert "<h2>Reconstructie van regel `x`</h2>" in page and "beste: reproduceert 3 van 4" in page
    # the best region's row: its intervals, its count and its one exception, marked as holding the values as written
    assert ('<tr class="current" title="bevat de waarden zoals geschreven"><td>1</td><td>(1/2, 3/4]</td>'
            '<td>(1/4, 1/2]</td><td class="count">3 / 4</td>') in page
    assert page.count("<h3>minimale verzamelingen") == 1 and "<h3>één tabel weglaten</h3>" in page


def test_html_section_of_weights_shows_the_inequalities(tmp_path: Path) -> None:
    from regienorm.fit.html import section

    result, _, _ = _fit(tmp_path, WEIGHTED, WEIGHED, params=[3, 4])
    page = section(result)
    assert "<th>and only where</th>" in page and "<td>a - b &lt; 0, 3×a - b &gt;= 0</td>" in page


TREE = (f'framework f "F" version "1"\n{SCALE}\nrole r\nrule w "W" reconstructed "guess"\n'
        '  = weighted { x = 1 } { from 3/4 -> "+"; otherwise -> "-" }\n'
        'normenkader t "T" {\n  groups by w\n  group g "G" { norm x "X" weight 3; norm y "Y" weight 3; norm z "Z" weight 2 }\n}\n')


def _tree_files(tmp_path: Path, text: str = TREE) -> tuple[Path, Path]:
    norm, ev = tmp_path / "t.norm", tmp_path / "t.yaml"
    norm.write_text(_canonical(text), encoding="utf-8")
    found = {"e": ("+", "+", "-"), "d": ("-", "+", "+")}
    lines = ["format: regienorm-evidence/1", 'assessment: {framework: f, version: "1"}', "entities:",
             "  - {id: e, role: r}", "  - {id: d, role: r}", "findings:"]
    lines += [f'  - {{entity: {e}, target: t.g.{n}, verdict: "{v}", note: "n"}}' for e, vs in found.items()
              for n, v in zip("xyz", vs, strict=True)]
    lines += ["recorded:", '  - {entity: e, target: t.g, verdict: "+", source: {table: T1}}',
              '  - {entity: d, target: t.g, verdict: "-", source: {table: T2}}']
    ev.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return norm, ev


def test_a_rule_over_a_tree_is_fitted_as_used_with_the_nodes_weights(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    norm, ev = _tree_files(tmp_path)
    framework = regienorm.compile_file(norm)
    assessment = regienorm.evaluate(framework, regienorm.load_evidence(ev, framework))
    result = fit(framework, [("t", assessment)], "w")
    # as the engine judges: x 1 (the rule's), y 3 and z 2 (the nodes'): e 4 of 6, d 5 of 6, both
    # printed against the computed verdict, so the rule as written reproduces neither
    assert result.current == 0 == sum(1 for j in assessment if j.rule == "w" and j.agrees)
    assert [p.label for p in result.parameters] == ["from 0.75 -> +"] and _texts(result) == [["(5/6, ∞)"], ["(-∞, 2/3]"]]
    weights = fit(framework, [("t", assessment)], "w", params=[2, 4])
    assert [p.label for p in weights.parameters] == ["weight of x", "weight of z"] and weights.best == 2
    # --write names the node's weight z in the rule, keeps y's on its node, and compiles to the values
    assert main(["fit", str(norm), str(ev), "--rule", "w", "--param", "2", "--param", "4", "--write"]) == 0
    assert "0 of 2 before, 2 of 2 after" in capsys.readouterr().err
    text = norm.read_text(encoding="utf-8")
    assert "= weighted { x = 2; z = 0 } {" in text and _canonical(text) == text


def test_a_rule_used_with_different_weights_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    norm, ev = _tree_files(tmp_path, TREE.replace("\n}\n", '\n  group h "H" { norm y "Y" weight 2 }\n}\n'))
    assert main(["fit", str(norm), str(ev), "--rule", "w"]) == 1
    err = capsys.readouterr().err
    assert "error[RN911]: rule `w` is used with different weights in different places" in err
    assert "weights where it is used: x = 1, y = 3, z = 2" in err and "weights where it is used: x = 1, y = 2" in err


def test_a_weighted_rule_s_text_says_how_to_fit_its_weights(tmp_path: Path) -> None:
    result, _, _ = _fit(tmp_path, WEIGHTED, WEIGHED)
    assert "  its weights are fitted apart from its thresholds: --param 3 --param 4\n" in render_text(result)
    assert "de gewichten worden los van de drempels gefit: --param 3 --param 4" in render_text(result, "nl")
    weights, _, _ = _fit(tmp_path, WEIGHTED, WEIGHED, params=[3])
    assert "fitted apart" not in render_text(weights)
