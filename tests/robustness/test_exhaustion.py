"""Numbers too large for a float, groups nested a thousand deep, and outputs that must not grow
faster than the assessment: each once crashed or took quadratic time (issue 14)."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest

from regienorm import cli, compile_text, evaluate, explain, parse_evidence
from regienorm._decimal import decimal_text, int_text, json_number
from regienorm.render import json as render_json
from regienorm.render import text as render_text

from .helpers import HEAD

MEAN_FRAMEWORK = HEAD + """role r "R"
measure m "M"
rule gem = table on values {
  when mean(value) > 1 -> "+"
  otherwise -> "-"
}
normenkader nk "NK" {
  norm 1 "N" { verdict from measure m by gem }
}
"""


def _huge_mean_evidence(values: tuple[str, ...]) -> str:
    return ('format: regienorm-evidence/1\nassessment: {framework: f, version: "1"}\nentities:\n  - {id: a, role: r}\n'
            "measures:\n" + "".join(f"  - {{entity: a, measure: m, value: {v}}}\n" for v in values))


@pytest.mark.parametrize("values", [("1e999", "0.5"), ("-1e999", "0.5"), ("1e999", "1e999", "1e999", "0.5")])
def test_a_mean_of_values_too_large_for_a_float_is_written_exactly_everywhere(values: tuple[str, ...]) -> None:
    framework = compile_text(MEAN_FRAMEWORK, "f.norm")
    assessment = evaluate(framework, parse_evidence(_huge_mean_evidence(values), "e.yaml", framework))
    exact = sum((Fraction(v) for v in values), Fraction(0)) / len(values)
    shown = decimal_text(exact)
    text = render_text.render([("e.yaml", assessment)])
    explained = explain(assessment, "a", "nk.1")
    document = json.loads(render_json.render([("e.yaml", assessment)]))
    assert f"mean(value) = {shown}]" in explained
    assert ("+" if exact > 1 else "-") in text
    reasons = [r for j in document["judgements"] if j["target"] == "nk.1" for r in j["reasons"]]
    assert any(f"mean(value) = {shown}]" in r["text"] for r in reasons)
    assert [r["value"] for r in reasons if r["kind"] == "measure"] == [json_number(Fraction(v)) for v in values]


def test_the_command_line_shows_a_huge_mean_without_a_traceback(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "f.norm").write_text(MEAN_FRAMEWORK, encoding="utf-8")
    (tmp_path / "e.yaml").write_text(_huge_mean_evidence(("1e999", "0.5")), encoding="utf-8")
    assert cli.main(["evaluate", str(tmp_path / "f.norm"), str(tmp_path / "e.yaml")]) == 0
    assert "total" in capsys.readouterr().out  # the table shows verdicts only
    for command in (["evaluate", str(tmp_path / "f.norm"), str(tmp_path / "e.yaml"), "--format", "json"],
                    ["explain", str(tmp_path / "e.yaml"), "a", "nk.1", "--framework", str(tmp_path / "f.norm")]):
        assert cli.main(command) == 0
        assert "5" + "0" * 998 + ".25" in capsys.readouterr().out


def test_numbers_are_exact_until_they_are_written() -> None:
    big = Fraction(10**999) + Fraction(1, 2)
    assert decimal_text(big) == "1" + "0" * 998 + "0.5"
    assert decimal_text(Fraction(10**999, 3)).endswith("333.333")
    assert decimal_text(-Fraction(10**999 * 8 + 5, 8000)).endswith(".001")  # ties to even, as .3f does
    assert decimal_text(Fraction(2, 3)) == "0.667" and decimal_text(Fraction(5)) == "5"
    assert int_text(10**999) == "1e999" and int_text(-(10**5000) * 7) == "-7e5000"  # past str()'s 4,300 digits
    assert int_text(10**20) == "1" + "0" * 20 and int_text(123) == "123"
    assert json_number(Fraction(1, 4)) == 0.25 and json_number(Fraction(10**999)) == 10**999
    assert json_number(Fraction(10**999) + Fraction(1, 4)) == "1" + "0" * 999 + ".25"
    assert json_number(Fraction(10**999, 3)) == "1" + "0" * 999 + "/3"
    assert json_number(Fraction(10**5000)) == "1" + "0" * 5000  # json.dumps could not write it as an int


# ---------------------------------------------------------------------------------- deep groups
def _nested_groups(depth: int, cycle: bool) -> str:
    lines = ["format: regienorm-evidence/1", 'assessment: {framework: f, version: "1"}', "entities:"]
    lines += [f"  - {{id: g{i}, role: r, members: [g{i + 1}]}}" for i in range(depth)]  # the outer group first
    lines.append(f"  - {{id: g{depth}, role: r{', members: [g0]' if cycle else ''}}}")
    return "\n".join(lines) + "\n"


def test_a_thousand_nested_groups_are_checked_and_judged_without_recursion() -> None:
    framework = compile_text(MEAN_FRAMEWORK, "f.norm")
    assessment = evaluate(framework, parse_evidence(_nested_groups(1000, cycle=False), "e.yaml", framework))
    assert len({j.entity for j in assessment.judgements}) == 1001


def test_a_cycle_through_a_thousand_groups_is_one_located_error() -> None:
    from regienorm import EvidenceError

    framework = compile_text(MEAN_FRAMEWORK, "f.norm")
    with pytest.raises(EvidenceError) as caught:
        parse_evidence(_nested_groups(1000, cycle=True), "e.yaml", framework)
    assert [(d.code, d.span.line if d.span else None) for d in caught.value.diagnostics] == [("RN627", 4)]
    assert caught.value.diagnostics[0].notes[0].startswith("chain: g0 -> g1 -> g2")
