"""`sum of points` bands checked against the sums their inputs can really reach (compiler/bands.py,
compiler/usage.py): the verdicts a norm's rule can give (not every symbol of the scale), the number
of toetsaspecten per role, and the policies that leave inputs out; a gap no input can reach is not
reported, a reachable one always is, with points that add up to it."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from regienorm.compiler import check_text

SCALE = 'scale s { "+" goed = 2; "+/-" matig = 1; "-" slecht = 0 }\n'


def _found(text: str) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(d.code, d.message, tuple(d.notes)) for d in check_text(text).diagnostics]


def _total(norms: str, bands: str) -> str:
    return (f'framework f "F" version "1"\n{SCALE}rule strict = all >= "+" then "+" else "-"\n'
            f'rule total = sum of points {{ {bands} }}\nnormenkader k "K" {{\n  total by total\n{norms}}}\n')


JUDGED_BY_RULE = ('  norm a "A" {\n    verdict by strict\n    aspect x "X"\n  }\n'
                  '  norm b "B" {\n    verdict by strict\n    aspect x "X"\n  }\n')
FROM_FINDINGS = '  norm a "A"\n  norm b "B"\n'
EVEN = '0..0 -> "-"; 2..2 -> "+/-"; 4..4 -> "+"'


def test_sums_only_a_finding_could_give_are_no_gap_where_the_norms_rule_gives_plus_or_minus() -> None:
    """Each norm is + (2) or - (0) by its rule: the total is 0, 2 or 4, and bands of exactly those
    have no gap (no RN301 for 1 and 3 either: the rule is checked where it is used)."""
    assert _found(_total(JUDGED_BY_RULE, EVEN)) == []


def test_the_same_bands_over_findings_have_the_odd_sums_reported_with_an_example() -> None:
    found = _found(_total(FROM_FINDINGS, EVEN))
    assert [(c, m) for c, m, _ in found] == [
        ("RN308", "no band of rule `total` covers 1, 3 points for the total of normenkader `k`")]
    assert found[0][2] == ("for example when 2 inputs are judged, with points 1, 0",)


def test_a_rule_used_nowhere_keeps_its_gaps_between_bands_only_where_a_sum_can_fall() -> None:
    text = ('framework f "F" version "1"\nscale s { "+" goed = 4; "-" slecht = 0 }\n'
            'rule r = sum of points { 0..0 -> "-"; 4..8 -> "+" }\nrule q = sum of points { 0..1 -> "-"; 3..8 -> "+" }\n')
    found = _found(text)
    assert [(c, m) for c, m, _ in found] == [], found  # sums are multiples of 4: nothing falls in 1..3 or 2


def test_fewer_toetsaspecten_for_one_role_are_checked_too() -> None:
    """Inputs are never left out (propagate): role `klein` judges 2 toetsaspecten, `groot` 3; the
    sums of 2 (0..4) must have bands as well as those of 3."""
    text = (f'framework f "F" version "1"\n{SCALE}role klein "Klein"\nrole groot "Groot"\n'
            'rule r on not_applicable propagate = sum of points { 0..3 -> "-"; 4..6 -> "+" }\n'
            'rule t on not_applicable propagate = sum of points { 3..3 -> "-"; 4..6 -> "+" }\n'
            'normenkader k "K" {\n  norm a "A" {\n    verdict by t\n    aspect x "X"\n    aspect y "Y"\n'
            '    aspect z "Z" for groot\n  }\n}\n')
    found = _found(text)
    assert [(c, m) for c, m, _ in found] == [
        ("RN301", "no band covers 0..2 points"),
        ("RN308", "no band of rule `t` covers 0..2 points for norm `a` from its toetsaspecten")], found
    assert found[1][2] == ("for example when 2 inputs are judged, with points 0, 0",), found


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([(2, 0), (2, 1, 0), (1, 0), (2,)]), min_size=1, max_size=3),
       st.sets(st.integers(0, 6), min_size=1, max_size=7))
def test_a_reported_gap_is_a_sum_that_occurs_and_no_other(norms: list[tuple[int, ...]], covered: set[int]) -> None:
    """Norms whose verdicts are given sets of points (a rule of each shape), bands of single sums:
    RN308 names exactly the sums brute force reaches (every norm judged or left out) and no band covers."""
    rules = {(2, 0): 'all >= "+" then "+" else "-"', (2, 1, 0): "worst", (1, 0): 'all >= "+" then "+/-" else "-"',
             (2,): 'all >= "+" then "+" else "+"'}
    lines = [f"rule v{k} = {rules[p]}" for k, p in enumerate(rules)]
    shape = {p: k for k, p in enumerate(rules)}
    bands = "; ".join(f'{s}..{s} -> "+"' for s in sorted(covered))
    body = "".join(f'  norm n{k} "N" {{\n    verdict by v{shape[p]}\n    aspect x "X"\n  }}\n' for k, p in enumerate(norms))
    text = (f'framework f "F" version "1"\n{SCALE}' + "\n".join(lines) +
            f'\nrule total = sum of points {{ {bands} }}\nnormenkader k "K" {{\n  total by total\n{body}}}\n')
    reachable = {sum(c) for r in range(len(norms) + 1) for subset in itertools.combinations(norms, r)
                 for c in itertools.product(*subset)}
    _reported_exactly(text, sorted(reachable - covered))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["rating", "check"]), min_size=1, max_size=3),
       st.sets(st.integers(0, 9), min_size=1, max_size=10))
def test_over_several_scales_a_reported_gap_is_a_sum_that_occurs_and_no_other(scales: list[str], covered: set[int]) -> None:
    """Norms judged from findings on two scales (points 3, 2, 1 and 1, 0): RN308 names exactly the
    sums brute force reaches, each norm on its own scale's points, judged or left out."""
    points = {"rating": (3, 2, 1), "check": (1, 0)}
    bands = "; ".join(f'{s}..{s} -> "good"' for s in sorted(covered))
    body = "".join(f'  norm n{k} "N" findings on {name}\n' for k, name in enumerate(scales))
    text = ('framework f "F" version "1"\nscale rating { "good" "Good" = 3; "fair" "Fair" = 2; "poor" "Poor" = 1 }\n'
            'scale check { "pass" "Passed" = 1; "fail" "Failed" = 0 }\n'
            f'rule total = sum of points {{ {bands} }}\nnormenkader k "K" {{\n  total by total\n{body}}}\n')
    norms = [points[name] for name in scales]
    reachable = {sum(c) for r in range(len(norms) + 1) for subset in itertools.combinations(norms, r)
                 for c in itertools.product(*subset)}
    _reported_exactly(text, sorted(reachable - covered))


def _reported_exactly(text: str, missing: list[int]) -> None:
    """RN308 is reported once, naming exactly the sums ``missing`` (none: not at all)."""
    reported = [d.message for d in check_text(text).diagnostics if d.code == "RN308"]
    if not missing:
        assert not reported, (text, reported)
        return
    assert len(reported) == 1, (text, reported)
    listed = reported[0].split(" covers ")[1].split(" points")[0]
    named = set()
    for part in listed.split(", "):
        low, _, high = part.partition("..")
        named |= set(range(int(low), int(high or low) + 1))
    assert named == set(missing), (text, listed, missing)
