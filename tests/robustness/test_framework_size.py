"""Large and deep framework files: compile in time linear in their size, or a located error.

Work is counted, not timed (helpers.fastest), and only ever compared (an input four times larger may take about four
times the work, never sixteen), so the tests hold on any machine under any load.
"""

from __future__ import annotations

import sys
import tracemalloc

import pytest

from regienorm import check_text, compile_text, evaluate, parse_evidence, render_full
from regienorm.compiler.driver import MAX_ERRORS
from regienorm.language.parser import MAX_NESTING, MAX_NUMBER_LENGTH

from .helpers import HEAD, codes, growth

LINEAR = 7.0  # ×4 input: linear is ~4, quadratic ~16; the margin absorbs noise and GC

TABLE = HEAD + """role r
rule regel = table {
  when CONDITION -> "+"
  otherwise -> "-"
}
normenkader k "K" {
  norms by regel
  norm 1 "Norm" { aspect a "A"; aspect b "B" }
}
"""

EVIDENCE = """format: regienorm-evidence/1
assessment: {framework: f, version: "1"}
entities: [{id: e, role: r}]
findings:
  - {entity: e, target: k.1.a, verdict: "+", note: n}
  - {entity: e, target: k.1.b, verdict: "+/-", note: n}
"""


def _table(condition: str) -> str:
    return TABLE.replace("CONDITION", condition)


# ---------------------------------------------------------------------------------- nesting
def test_ten_thousand_brackets_around_a_condition_compile() -> None:
    framework = compile_text(_table("(" * 10_000 + "count() > 1" + ")" * 10_000))
    evidence = parse_evidence(EVIDENCE, "<e>.yaml", framework)
    assert evaluate(framework, evidence).get("e", "k.1").verdict == "+"


@pytest.mark.parametrize("op", ["and", "or"])
def test_a_chain_of_ten_thousand_and_or_or_compiles_evaluates_and_scales_linearly(op: str) -> None:
    chain = lambda n: f" {op} ".join(["count() > 1"] * n)  # noqa: E731
    framework = compile_text(_table(chain(10_000)))
    [case] = framework.rules[0].body.cases  # type: ignore[union-attr]
    assert len(case.condition.operands) == 10_000  # one flat chain, not 10,000 levels
    evidence = parse_evidence(EVIDENCE, "<e>.yaml", framework)
    assert evaluate(framework, evidence).get("e", "k.1").verdict == "+"
    assert growth(lambda n: _table(chain(n)), compile_text, 1_000) < LINEAR


DEEP = {
    "not": lambda n: "not " * n + "count() > 1",
    "calls": lambda n: "count(" * n + ")" * n + " > 1",
    "arithmetic": lambda n: "+".join(["1"] * n) + " > 1",
    "mixed": lambda n: "(not " * n + "count() > 1" + ")" * n,
}


@pytest.mark.parametrize("kind", sorted(DEEP))
def test_ten_thousand_levels_deep_is_one_located_error(kind: str) -> None:
    result = check_text(_table(DEEP[kind](10_000)))
    [d] = result.diagnostics
    assert d.code == "RN105" and d.span is not None and d.span.line == 5
    assert f"more than {MAX_NESTING} levels" in d.message


def test_rn105_points_at_where_the_level_past_the_limit_starts() -> None:
    [d] = check_text(_table(DEEP["not"](MAX_NESTING + 5))).diagnostics
    # `  when ` is 7 characters into line 5; each `not ` is one level; the comparison is the last
    assert d.span is not None and d.span.column == 8 + 4 * MAX_NESTING


@pytest.mark.parametrize("kind", sorted(DEEP))
def test_at_the_limit_a_condition_compiles_and_evaluates(kind: str) -> None:
    # levels: each `not`, call, operator and the comparison (`count()` is a call: one more)
    levels = {"not": MAX_NESTING - 2, "calls": MAX_NESTING - 1, "arithmetic": MAX_NESTING, "mixed": MAX_NESTING - 2}[kind]
    at_limit = check_text(_table(DEEP[kind](levels)))
    assert "RN105" not in codes(at_limit)  # (type errors aside: `count(count(…))` is not a condition)
    assert codes(check_text(_table(DEEP[kind](levels + 1)))) == ["RN105"]
    if at_limit.framework is not None:  # evaluated, with reasons (which print the condition)
        evidence = parse_evidence(EVIDENCE, "<e>.yaml", at_limit.framework)
        judgement = evaluate(at_limit.framework, evidence).get("e", "k.1")
        assert judgement is not None and judgement.verdict == "+"  # 98 nots of 2 > 1; 1+…+1 > 1


def test_deep_nesting_under_a_low_recursion_limit_is_still_an_error_not_a_crash() -> None:
    # the nesting check does not recurse, so it holds however little stack is left
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(max(250, len(__import__("inspect").stack()) + 120))
    try:
        assert codes(check_text(_table(DEEP["calls"](10_000)))) == ["RN105"]
    finally:
        sys.setrecursionlimit(old)


# ---------------------------------------------------------------------------------- numbers
def test_a_number_longer_than_the_limit_is_a_located_error() -> None:
    fits = "9" * MAX_NUMBER_LENGTH
    assert codes(check_text(HEAD + f'framework g "G" version "1" source "s" page {fits}\n')) == ["RN207"]
    for text in (HEAD + 'framework g "G" version "1" source "s" page ' + "9" * 5_000 + "\n",
                 HEAD + "measure m range 0.." + "9" * 5_000 + ".5\n",
                 HEAD + 'rule x = sum of points { 0..' + "9" * (MAX_NUMBER_LENGTH + 1) + ' -> "+" }\n'):
        [d] = check_text(text).diagnostics
        assert d.code == "RN104" and d.span is not None and d.span.line == 3


def test_huge_points_and_bands_cost_no_more_than_small_ones() -> None:
    def framework(points: int, high: int) -> str:
        return (f'framework f "F" version "1"\nscale s {{ "+" a = {points}; "-" b = 0 }}\n'
                f'rule x = sum of points {{ 0..{high} -> "+" }}\n'
                'normenkader k "K" { total by x\n' + "".join(f'  norm {i} "n"\n' for i in range(40)) + "}\n")

    small, huge = framework(2, 80), framework(2 * 10**12, 10**29)
    assert codes(check_text(huge)) == ["RN303"]  # 40 × 2·10¹² points never reach 10²⁹
    check_text(small)
    from .helpers import fastest
    assert fastest(lambda: check_text(huge)) < 5 * fastest(lambda: check_text(small)) + 1_000


# ---------------------------------------------------------------------------------- size
def _norms(n: int) -> str:
    body = "".join(f'  norm {i} "Norm {i}" {{ aspect a "A"; aspect b "B" }}\n' for i in range(n))
    return HEAD + 'rule x = share of points { from 1/2 -> "+"; otherwise -> "-" }\n' \
        'normenkader k "K" {\n  norms by x\n  total by x\n' + body + "}\n"


def test_compile_time_grows_linearly_with_the_number_of_norms() -> None:
    # 1,000 against 4,000 norms; 100,000 norms (5.7 MB) compile too (docs/robustness.md)
    assert growth(_norms, compile_text, 1_000) < LINEAR


@pytest.mark.parametrize("where", ["string", "comment"])
def test_a_line_of_a_megabyte_compiles_in_linear_time_and_memory(where: str) -> None:
    def make(n: int) -> str:
        return HEAD + ('role r "' + "x" * n + '"\n' if where == "string" else "# " + "x" * n + "\nrole r\n")

    assert growth(make, compile_text, 250_000) < LINEAR
    text = make(1_000_000)
    tracemalloc.start()
    try:
        assert compile_text(text).roles[0].id == "r"
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 40 * len(text)  # a backtracking string regex used ~120 bytes per character


def test_many_diagnostics_in_a_large_file_render_in_linear_time() -> None:
    def make(n: int) -> str:
        return HEAD + 'normenkader k "K" {\n' + "".join(f'  norm 1 "twice {i}"\n' for i in range(n)) + "}\n"

    def run(text: str) -> None:
        result = check_text(text)
        assert len(result.diagnostics) > 100
        for d in result.diagnostics:
            render_full(d, result.sources)

    assert growth(make, run, 1_000) < LINEAR


def test_a_window_of_a_long_line_is_shown_with_the_caret_under_the_error() -> None:
    text = HEAD + 'role r "' + "x" * 5_000 + '" @\n'
    result = check_text(text)
    [d] = result.diagnostics
    lines = render_full(d, result.sources).split("\n")
    shown, caret = lines[3], lines[4]
    assert len(shown) < 300 and shown.startswith("3 | … ") and shown.endswith("@")
    assert shown[caret.index("^")] == "@"


def test_at_most_so_many_errors_are_listed_and_one_says_how_many_more() -> None:
    def make(n: int) -> str:
        return HEAD + 'normenkader k "K" {\n' + "".join(
            f'  norm {i} "N" {{ aspect a "A"; verdict by missing{i} }}\n' for i in range(n)) + "}\n"

    at_limit = check_text(make(MAX_ERRORS))
    assert codes(at_limit) == ["RN201"] * MAX_ERRORS  # up to the limit: every error, no summary
    result = check_text(make(MAX_ERRORS + 100))
    *listed, summary = result.diagnostics
    assert result.framework is None
    assert tuple(listed) == at_limit.diagnostics  # the first ones exactly as without the limit
    assert (summary.code, summary.is_error, summary.message) == ("RN009", True, "100 more errors are not listed")
    assert summary.span is not None and summary.span.line == listed[-1].span.line + 1  # at the first one left out
    assert "RN009" in render_full(summary, result.sources)
    assert check_text(make(MAX_ERRORS + 1)).diagnostics[-1].message == "1 more error is not listed"
