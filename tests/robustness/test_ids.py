"""Ids are what they look like (issue 14): invisible characters in entity ids are refused
(RN628), ids that look alike get a warning (RN629 in evidence, RN214 in a framework), and in notes
and titles such characters stay, shown escaped."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from regienorm import EvidenceError, check_text, cli, compile_text, evaluate, parse_evidence
from regienorm._confusables import invisible, skeleton
from regienorm.render import text as render_text

from .test_exhaustion import MEAN_FRAMEWORK


def _evidence(*ids: str, note: str = "n") -> str:
    return ('format: regienorm-evidence/1\nassessment: {framework: f, version: "1"}\nentities:\n'
            + "".join(f'  - {{id: "{i}", role: r}}\n' for i in ids)
            + f'measures:\n  - {{entity: "{ids[0]}", measure: m, value: 2, source: {{document: "{note}"}}}}\n')


@pytest.mark.parametrize("hidden", ["\u200b", "\u200d", "\u2060", "\ufeff", "\u202e", "\u2066", "\u061c", "\u00ad", "\u00a0", "\u2028"])
def test_an_invisible_character_in_an_entity_id_is_a_located_error(hidden: str) -> None:
    framework = compile_text(MEAN_FRAMEWORK, "f.norm")
    escaped = f"\\u{ord(hidden):04x}"
    with pytest.raises(EvidenceError) as caught:
        parse_evidence(_evidence("noord", f"no{escaped}ord"), "e.yaml", framework)
    assert [(d.code, d.span.line, d.span.column) for d in caught.value.diagnostics if d.span] == [("RN628", 5, 10)]
    assert f"U+{ord(hidden):04X}" in caught.value.diagnostics[0].message


def test_the_same_characters_in_a_note_are_kept_and_shown_escaped() -> None:
    framework = compile_text(MEAN_FRAMEWORK, "f.norm")
    evidence = parse_evidence(_evidence("noord", note="a\\u200bb \\u202e c"), "e.yaml", framework)
    assert evidence.measures[0].source.document == "a\u200bb \u202e c"
    text = render_text.render([("e.yaml", evaluate(framework, evidence))])
    assert "\u200b" not in text and "\u202e" not in text


def test_ids_are_nfc_so_one_typed_two_ways_is_one_id_and_not_a_lookalike() -> None:
    framework = compile_text(MEAN_FRAMEWORK, "f.norm")
    nfd = unicodedata.normalize("NFD", "café")
    evidence = parse_evidence(_evidence("café").replace('value: 2', 'value: 2}\n  - {entity: "' + nfd + '", measure: m, value: 3'),
                              "e.yaml", framework)
    assert {m.entity for m in evidence.measures} == {"café"} and evidence.warnings == ()


@pytest.mark.parametrize(("one", "other"), [("team1", "team\u0661"), ("team1", "team\u06f1"), ("team1", "team\uff11"),
                                            ("noord", "n\u043e\u043erd"), ("Zuid", "zuid"), ("x2", "x\u00b2")])
def test_entity_ids_that_look_alike_are_a_warning_and_the_file_is_still_used(one: str, other: str) -> None:
    framework = compile_text(MEAN_FRAMEWORK, "f.norm")
    evidence = parse_evidence(_evidence(one, other), "e.yaml", framework)
    assert [(d.code, d.span.line if d.span else None) for d in evidence.warnings] == [("RN629", 5)]
    assert {e.id for e in evidence.entities} == {one, other}


def test_check_strict_fails_on_lookalike_ids_and_evaluate_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "f.norm").write_text(MEAN_FRAMEWORK, encoding="utf-8")
    (tmp_path / "e.yaml").write_text(_evidence("a1", "a\u0661"), encoding="utf-8")
    framework, evidence = str(tmp_path / "f.norm"), str(tmp_path / "e.yaml")
    assert cli.main(["check", framework, "--evidence", evidence]) == 0
    assert "warning[RN629]" in capsys.readouterr().out
    assert cli.main(["check", framework, "--evidence", evidence, "--strict"]) == 1
    capsys.readouterr()
    assert cli.main(["evaluate", framework, evidence]) == 0
    captured = capsys.readouterr()
    assert "warning[RN629]" in captured.err and "warning" not in captured.out


def test_framework_names_that_look_alike_are_a_warning() -> None:
    from .helpers import HEAD

    result = check_text(HEAD + 'role r "R"\nrule w = worst\nnormenkader nk "NK" {\n  norms by w\n'
                        '  norm 1 "A" { verdict from findings }\n  norm \u0661 "B" { verdict from findings }\n}\n', "f.norm")
    assert result.framework is not None
    assert [(d.code, d.span.line if d.span else None) for d in result.diagnostics] == [("RN214", 8)]


def test_an_invisible_character_in_a_framework_name_is_a_syntax_error() -> None:
    from .helpers import HEAD

    for hidden in ("\u200b", "\u202e", "\u2060"):
        result = check_text(HEAD + f'role r{hidden}x "R"\n', "f.norm")
        assert [d.code for d in result.diagnostics][:1] == ["RN101"]


def test_what_the_skeleton_catches_and_what_it_does_not() -> None:
    assert skeleton("\uff2e\uff4f\uff4f\uff52\uff44") == skeleton("noord")  # fullwidth
    assert skeleton("\u2160") == skeleton("i") and skeleton("\ufb01") == skeleton("fi")  # Roman numeral, ligature
    assert skeleton("\u0967") == skeleton("1") and skeleton("\u09e7") == skeleton("1")  # Devanagari, Bengali
    assert skeleton("l") != skeleton("1") and skeleton("0") != skeleton("o")  # left apart on purpose
    assert invisible("a b") is None and invisible("a\u00a0b") == "\u00a0" and invisible("a\x1bb") is None
