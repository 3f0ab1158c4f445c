"""Decisions' band tables where the subject's values are an interval: an error when every value in
it occurs (a number input's declared range, moved by constants, rounded), a warning when the
interval may hold values that do not (RN706 as docs/errors.md says); and tables whose interval
bounds are other inputs (RN751)."""

from __future__ import annotations

from pathlib import Path

import pytest

from regienorm.compiler import check_text

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
