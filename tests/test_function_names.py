"""Function names in the file's language: `aantal(…)` in Dutch is `count(…)` in English, through the
parser into the tree and back through the formatter (``keywords.FUNCTIONS``)."""

from __future__ import annotations

import pytest

from regienorm.cli import main
from regienorm.compiler.driver import check_text, compile_text
from regienorm.diagnostics import render_full
from regienorm.errors import FrameworkError
from regienorm.language import keywords
from regienorm.language.format import format_source
from regienorm.semantics.aggregates import AGGREGATES
from regienorm.semantics.decisions import FUNCTIONS
from regienorm.source import Source

from .conftest import ROOT, golden

ENGLISH_RULES = '''framework f "F" version "1"
scale s { "+" goed = 2; "+/-" matig = 1; "-" slecht = 0 }
rule r = table {
  when count(points >= 1) > max_points() / 2 and all(points >= 1) -> "+"
  when any(verdict = "-") or none(points >= 2) or share(points = 2) < 1/2 -> "-"
  when mean(points) >= 1 and sum(points) > min(points) and max(points) >= 1 -> "+"
  otherwise -> "+/-"
}
input a "A" number
input b "B" number
decision d = abs(min(a, b) - max(a, 1))
normenkader k "K" {
  norms by r
  norm 1 "N"
}
'''


def fmt(text: str, to: str | None = None) -> str:
    return format_source(Source("t.norm", text), to)


def test_every_function_has_a_dutch_name_of_its_own() -> None:
    dutch = keywords.FUNCTIONS["nl"]
    assert set(dutch) == set(AGGREGATES) | set(FUNCTIONS)
    assert len(set(dutch.values())) == len(dutch)  # one name, one function
    assert not set(dutch.values()) & set(dutch)  # no Dutch name is an English one: English names stay understood


def test_dutch_function_names_translate_and_compile_to_the_same_framework() -> None:
    dutch = fmt(ENGLISH_RULES, "nl")
    for word in ("aantal(points >= 1)", "maximum_punten()", "alle(points >= 1)", "enig(verdict = \"-\")", "geen(points >= 2)",
                 "aandeel(points = 2)", "gemiddelde(points)", "som(points)", "minimum(points)", "maximum(points)",
                 "absoluut(minimum(a, b) - maximum(a, 1))"):
        assert word in dutch
    assert "count(" not in dutch and "abs(" not in dutch
    assert compile_text(dutch) == compile_text(ENGLISH_RULES)
    assert fmt(dutch, "en") == fmt(ENGLISH_RULES)


def test_an_english_function_name_in_a_dutch_file_is_understood_and_formatted_in_dutch() -> None:
    """Dutch files written before the function table: they compile as they did, and fmt writes them in Dutch."""
    dutch = fmt(ENGLISH_RULES, "nl")
    older = dutch.replace("aantal(", "count(").replace("gemiddelde(", "mean(")
    assert compile_text(older) == compile_text(dutch)
    assert fmt(older) == dutch


def test_an_unknown_function_in_a_dutch_file_is_reported_with_its_name() -> None:
    result = check_text("taal nl\n" + fmt(ENGLISH_RULES, "nl").split("\n", 1)[1].replace("aantal(", "aantl("))
    assert [d.code for d in result.errors] == ["RN211"] and "`aantl`" in result.errors[0].message


def test_a_call_that_would_mean_another_function_in_the_target_language_is_refused() -> None:
    case = ROOT / "tests" / "golden" / "fmt" / "function_name_taken.norm"
    relative = str(case.relative_to(ROOT))
    with pytest.raises(FrameworkError) as caught:
        format_source(Source(relative, case.read_text(encoding="utf-8")), "nl")
    source = {relative: Source(relative, case.read_text(encoding="utf-8"))}
    golden(case.with_suffix(".expected"), "\n\n".join(render_full(d, source) for d in caught.value.diagnostics) + "\n")
    assert fmt(case.read_text(encoding="utf-8"), "en")  # in its own language it is written as it is


def test_fmt_keywords_nl_on_the_command_line_translates_function_names(tmp_path: pytest.TempPathFactory,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "f.norm"  # type: ignore[operator]
    path.write_text(ENGLISH_RULES, encoding="utf-8")
    assert main(["fmt", "--keywords", "nl", str(path)]) == 0
    assert "wanneer aantal(points >= 1) > maximum_punten() / 2 en alle(points >= 1)" in path.read_text(encoding="utf-8")
    capsys.readouterr()
