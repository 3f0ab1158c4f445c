"""Decisions' band tables where the subject's values are an interval: an error when every value in
it occurs (a number input's declared range, moved by constants, rounded), a warning when the
interval may hold values that do not (RN706 as docs/errors.md says); and tables whose interval
bounds are other inputs (RN751)."""

from __future__ import annotations

import itertools
import re
from fractions import Fraction
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regienorm import ir
from regienorm.compiler import check_text, compile_text
from regienorm.semantics.decisions import evaluate
from regienorm.semantics.outcomes import Conflict, NoValue

HEAD = 'framework f "F" version "1"\ninput x "x" number range 0..10\ninput y "y" number\n'


def _gaps(text: str) -> list[tuple[bool, str]]:
    return [(d.is_error, d.message) for d in check_text(text).diagnostics if d.code == "RN706"]


@pytest.mark.parametrize(("subject", "bands", "value"), [
    ("x", '[0..4] -> "a"; [5..10] -> "b"', "4.5"),
    ("x * 10", '[0..40] -> "a"; [41..100] -> "b"', "40.5"),
    ("100 - x * 10", '[0..40] -> "a"; [41..100] -> "b"', "40.5"),
    ("x / 4 + 1", '[1..2) -> "a"; (2..3.5] -> "b"', "2"),
])
def test_a_gap_every_value_of_the_declared_range_reaches_is_an_error(subject: str, bands: str, value: str) -> None:
    text = HEAD + f'decision d one of ("a", "b") = band {subject} {{ {bands} }}\n'
    assert _gaps(text) == [(True, f"{subject} can be {value}, which falls between the band ending at "
                                  f"{_ends(bands)[0]} and the band starting at {_ends(bands)[1]}")], _gaps(text)


def _ends(bands: str) -> tuple[str, str]:
    first, second = bands.split(";")
    return first.split("..")[1].split("]")[0].split(")")[0], second.split("..")[0].strip(" [(")


def test_rounded_to_whole_numbers_the_same_bands_have_no_gap() -> None:
    assert _gaps(HEAD + 'decision d one of ("a", "b") = band round half up(x, 1) { [0..4] -> "a"; [5..10] -> "b" }\n') == []


def test_an_interval_that_may_hold_values_that_never_occur_gives_a_warning() -> None:
    """x * x: the check takes the interval around it (0..100), which is not known to be every value."""
    found = _gaps(HEAD + 'decision d one of ("a", "b") = band x * x { [0..40] -> "a"; [41..100] -> "b" }\n')
    assert [e for e, _ in found] == [False], found


def test_the_documentation_says_what_the_code_does() -> None:
    docs = Path("docs/errors.md").read_text(encoding="utf-8")
    section = docs[docs.index("## RN706"):docs.index("## RN707")]
    assert "## RN706\n" in section and "(warning)" not in section.splitlines()[0]
    assert "a gap in it is a warning" in section and "every value of which occurs" in section


# ------------------------------------------------------------------------------------ bounds that are inputs
GOLDEN = Path("tests/golden/errors")


def _table(text: str, default: str = "99") -> ir.TableOf:
    """The table of the framework's one decision as an ANY table without a default (its rows give
    different outputs, so two matching rows are a conflict): compiled as FIRST with a default,
    which compiles whatever its overlaps and gaps."""
    policy = re.search(r"table (\w+) \{", text)
    assert policy is not None
    variant = text.replace(f"table {policy.group(1)} {{", "table first {").replace("\n}\n", f"\n  default -> {default}\n}}\n")
    expr = compile_text(variant).decisions[0].expr
    assert isinstance(expr, ir.TableOf)
    return attrs.evolve(expr, policy=ir.HitPolicy.ANY, default=None)


def _outcome(table: ir.TableOf, env: dict[str, Fraction]) -> str:
    """What the semantics make of the table for these inputs: "conflict", "no value" or "value"."""
    try:
        evaluate(table, env)
    except Conflict:
        return "conflict"
    except NoValue:
        return "no value"
    return "value"


def _example(note: str) -> dict[str, Fraction]:
    return {k: Fraction(v) for k, v in re.findall(r"(\w+) = ([\d./-]+)", note.removeprefix("for example with "))}


def _noted(text: str, code: str) -> dict[str, Fraction]:
    found = [d for d in check_text(text).diagnostics if d.code == code]
    assert len(found) == 1 and found[0].is_error, found
    return _example(next(n for n in found[0].notes if n.startswith("for example with")))


OVERLAP = (GOLDEN / "table_bounds_overlap.norm").read_text(encoding="utf-8")


def test_the_inputs_that_show_an_overlap_really_give_two_matches() -> None:
    example = _noted(OVERLAP, "RN735")
    assert example["low"] > example["high"] and _outcome(_table(OVERLAP, '"in"'), example) == "conflict"


def test_with_low_never_above_high_there_is_neither_overlap_nor_gap() -> None:
    assert check_text(OVERLAP.replace("range 40..100", "range 50..100")).diagnostics == ()


def test_a_gap_left_by_bounds_that_are_inputs_is_found_with_inputs_that_give_it() -> None:
    text = OVERLAP.replace("range 40..100", "range 50..100").replace('  | > high       -> "above" |\n', "")
    assert _outcome(_table(text, '"in"'), _noted(text, "RN736")) == "no value"


def test_a_computed_column_against_bounds_that_are_inputs_is_said_to_be_unproven() -> None:
    found = check_text((GOLDEN / "table_bounds_not_proven.norm").read_text(encoding="utf-8")).diagnostics
    assert [(d.code, d.is_error) for d in found] == [("RN751", False)]


ROWS = ["[low..high]", "(low..high)", "< low", "<= low", "> high", ">= high", "< 2", ">= 2", "[1..low)", "(high..4]"]


def _quarters(a: int, b: int) -> list[Fraction]:
    return [Fraction(q, 4) for q in range(4 * a, 4 * b + 1)]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(ROWS), min_size=1, max_size=4, unique=True),
       st.sets(st.integers(0, 2), min_size=2, max_size=2), st.sets(st.integers(2, 4), min_size=2, max_size=2))
def test_every_overlap_and_gap_of_bounds_that_are_inputs_is_found_and_only_those(
        rows: list[str], low_range: set[int], high_range: set[int]) -> None:
    """Brute force over every quarter in the declared ranges (the constants are whole numbers: three
    numbers can lie in every order between two of them at quarters) against what check reports."""
    lo, hi = sorted(low_range), sorted(high_range)
    body = "".join(f"  | {r} -> {k} |\n" for k, r in enumerate(rows))
    text = (f'framework f "F" version "1"\ninput x "x" number range 0..4\ninput low "low" number range {lo[0]}..{lo[1]}\n'
            f'input high "high" number range {hi[0]}..{hi[1]}\ndecision d "D" = table any {{\n  | x -> n |\n{body}}}\n')
    codes = {d.code for d in check_text(text).diagnostics}
    table = _table(text)
    outcomes = {_outcome(table, {"x": x, "low": a, "high": b})
                for x, a, b in itertools.product(_quarters(0, 4), _quarters(*lo), _quarters(*hi))}
    assert ("RN735" in codes) == ("conflict" in outcomes), (text, codes)
    assert ("RN736" in codes) == ("no value" in outcomes), (text, codes)


DAYS = '''input filed date
input opened date
input due date
decision timeliness = table unique {
  | filed         -> timeliness one of ("early", "on time", "late") |
  | < opened      -> "early"                                        |
  | [opened..due] -> "on time"                                      |
  | > due         -> "late"                                         |
}
'''



def _days(d: object) -> dict[str, str]:
    example = next(n for n in d.notes if n.startswith("for example with"))  # type: ignore[attr-defined]
    return dict(re.findall(r'(\w+) = "(\d{4}-\d\d-\d\d)"', example))


def test_days_whose_bounds_are_date_inputs_are_tried_in_every_order() -> None:
    """Dates compared with other date inputs: the check orders the days among each other. With no
    order declared between `opened` and `due`, `check` finds the overlap of a `due` before
    `opened`; without the last row, the gap of a day after `due`, each with days that show it."""
    overlap = [d for d in check_text(DAYS).diagnostics if d.code == "RN735"]
    assert len(overlap) == 1
    days = _days(overlap[0])
    assert days["filed"] < days["opened"] and days["filed"] > days["due"], days
    gap = [d for d in check_text(DAYS.replace('  | > due         -> "late"                                         |\n', "")).diagnostics
           if d.code == "RN736"]
    assert len(gap) == 1
    days = _days(gap[0])
    assert days["filed"] > days["due"] and days["filed"] >= days["opened"], days
