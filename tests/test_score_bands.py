"""The bands of scores proven against the values a score can really take at every node
(compiler/score_proofs.py): gaps (RN706) with the node and case that give them, overlaps (RN707),
and RN750 where the cases are too many; and, by brute force over small generated trees, that a band
table with no reported gap covers every value that occurs, and that a reported gap's value occurs
and falls in no band."""

from __future__ import annotations

import itertools
import re
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from regienorm import ir
from regienorm.compiler import check_text, compile_text
from regienorm.judgement import Status
from regienorm.semantics.scores import node_values

SCALE = 'scale score {\n  "4" "exceptional" = 4\n  "3" "good" = 3\n  "2" "shortfalls" = 2\n  "1" "poor" = 1\n}\n'
BANDS = '[25..38] -> "inadequate"; [39..62] -> "requires improvement"; [63..87] -> "good"; [88..100] -> "outstanding"'


def _percentage(norms: int, value: str, bands: str = BANDS) -> str:
    listed = "\n".join(f'  norm n{k} "N{k}"' for k in range(norms))
    return (f'framework f "F" version "1"\n{SCALE}normenkader safe "Safe" {{\n{listed}\n'
            f'  score percentage "p" {{\n    group = {value}\n  }}\n'
            f'  score rating "r" {{\n    group = band percentage {{ {bands} }}\n  }}\n}}\n')


def _codes(text: str) -> list[tuple[str, bool, str, tuple[str, ...]]]:
    return [(d.code, d.is_error, d.message, tuple(d.notes)) for d in check_text(text).diagnostics]


def test_a_percentage_over_the_statements_assessed_has_its_gap_found() -> None:
    found = _codes(_percentage(8, "100 * sum(points of norms) / (4 * count(of norms))"))
    assert [(c, e) for c, e, _, _ in found] == [("RN706", True)]
    _, _, message, notes = found[0]
    assert "62.5" in message and "ending at 62" in message and "starting at 63" in message
    assert notes[0] == "for example at `safe`, when 2 of its 8 parts count"  # 5 of 8 points: 62.5 %


def test_rounded_to_a_whole_number_it_has_none() -> None:
    assert _codes(_percentage(8, "round half up(100 * sum(points of norms) / (4 * count(of norms)), 1)")) == []


def test_only_values_that_occur_count_as_gaps() -> None:
    """With one norm the percentage is 25, 50, 75 or 100: bands that leave out everything else
    have no gap, and dropping the band holding 75 leaves one."""
    one = "100 * sum(points of norms) / (4 * count(of norms))"
    assert _codes(_percentage(1, one, '= 25 -> "a"; = 50 -> "b"; = 75 -> "c"; = 100 -> "d"')) == []
    found = _codes(_percentage(1, one, '= 25 -> "a"; = 50 -> "b"; = 100 -> "d"'))
    assert [(c, e) for c, e, _, _ in found] == [("RN706", True)] and "can be 75," in found[0][2]


def test_overlapping_bands_of_a_score() -> None:
    found = _codes(_percentage(2, "100 * sum(points of norms) / (4 * count(of norms))",
                               '[0..50] -> "low"; [50..100] -> "high"'))
    assert [(c, e) for c, e, _, _ in found] == [("RN707", True)] and "both hold 50" in found[0][2]


def test_a_norm_score_over_its_toetsaspecten() -> None:
    """At a norm, `of parts` runs over its judged toetsaspecten: a share of 1 of 3 (1/3) falls
    between bands written in tenths."""
    text = (f'framework f "F" version "1"\n{SCALE}rule worst = worst\nnormenkader k "K" {{\n  norms by worst\n'
            '  norm n "N" {\n    aspect a "A"\n    aspect b "B"\n    aspect c "C"\n  }\n'
            '  score passing "share of parts at 3 or more" {\n'
            '    norm = if count(of parts) = 0 then 0 else count(points >= 3 of parts) / count(of parts)\n  }\n'
            '  score rating "r" {\n    norm = band passing { [0..0.3] -> "low"; [0.4..1] -> "high" }\n  }\n}\n')
    found = _codes(text)
    assert [(c, e) for c, e, _, _ in found] == [("RN706", True)], found
    assert "can be 1/3" in found[0][2] or "0.3333" in found[0][2], found[0][2]
    assert "3 of its 3 toetsaspecten are judged" in found[0][3][0]


def test_reading_the_nodes_own_verdict_beside_its_parts_is_a_warning() -> None:
    """A group judged by a rule: its verdict is taken apart from its children's, so what the check
    finds may not occur; said as a warning."""
    text = (f'framework f "F" version "1"\n{SCALE}rule worst = worst\nnormenkader k "K" {{\n  groups by worst\n'
            '  group g "G" {\n    norm a "A"\n    norm b "B"\n  }\n'
            '  score s "s" {\n    group = band points + sum(points of parts) { [0..6] -> "low"; [8..12] -> "high" }\n  }\n}\n')
    found = _codes(text)
    assert [(c, e) for c, e, _, _ in found] == [("RN706", False)], found


def test_too_many_cases_are_said_so_not_passed() -> None:
    norms = "\n".join(f'  norm n{k} "N{k}" weight {k}' for k in range(1, 15))
    text = (f'framework f "F" version "1"\n{SCALE}normenkader k "K" {{\n{norms}\n'
            '  score mean "m" {\n    group = sum(weight * points of parts) / sum(weight of parts)\n  }\n'
            '  score rating "r" {\n    group = band mean { [1..2) -> "low"; [2..4] -> "high" }\n  }\n}\n')
    found = _codes(text)
    assert [(c, e) for c, e, _, _ in found] == [("RN750", False)], found


def test_a_framework_of_thousands_of_nodes_checks_quickly() -> None:
    """2,000 norms in 50 groups of alike norms: every group merges its children into few states."""
    groups = []
    for g in range(50):
        norms = "\n".join(f'    norm n{g}_{k} "N"' for k in range(40))
        groups.append(f'  group g{g} "G" {{\n{norms}\n  }}')
    text = (f'framework f "F" version "1"\n{SCALE}normenkader k "K" {{\n' + "\n".join(groups) +
            '\n  score share "s" {\n    group = count(points >= 3 of norms) / count(of norms)\n'
            '    when nothing counts -> 0\n  }\n'
            '  score rating "r" {\n    group = band share { [0..0.5) -> "low"; [0.5..1] -> "high" }\n  }\n}\n')
    found = _codes(text)
    assert {c for c, _, _, _ in found} <= {"RN750"}, found


# ------------------------------------------------------------------------------------ properties
@st.composite
def trees(draw: st.DrawFn) -> tuple[str, int]:
    """A small tree (norms, maybe inside two groups, with weights), a score from a few shapes, and a
    band table over it with whole-number bounds; the number of norms."""
    n = draw(st.integers(1, 4))
    weights = [draw(st.integers(0, 3)) for _ in range(n)]
    grouped = n >= 2 and draw(st.booleans())
    norms = [f'norm n{k} "N{k}" weight {w}' for k, w in enumerate(weights)]
    if grouped:
        sep = "\n    "
        body = (f'  group g1 "G1" {{\n    {sep.join(norms[: n // 2])}\n  }}\n'
                f'  group g2 "G2" weight 2 {{\n    {sep.join(norms[n // 2:])}\n  }}\n')
    else:
        body = "".join(f"  {line}\n" for line in norms)
    shape = draw(st.sampled_from([
        "100 * sum(points of norms) / (4 * count(of norms))",
        "if sum(weight of parts) = 0 then 0 else 25 * sum(weight * points of parts) / sum(weight of parts)",
        "100 * count(points >= 3 of parts) / count(of parts)",
        "round half up(100 * sum(points of norms) / (4 * count(of norms)), 5)",
        "round down(25 * mean(points of norms), 10)",
    ]))
    cuts = sorted(draw(st.sets(st.integers(1, 98), max_size=4)))
    ends = [0, *cuts, 100]
    arms = []
    start = "[0"
    for k, b in enumerate(ends[1:]):
        if k == len(ends) - 2:
            arms.append(f'{start}..{b}] -> "b{k}"')
            break
        # the next band starts where this one ends (one end open) or at the next whole number
        way = draw(st.sampled_from(["closed-open", "open-closed", "next whole"]))
        arms.append(f'{start}..{b}{")" if way == "closed-open" else "]"} -> "b{k}"')
        start = f"[{b + 1}" if way == "next whole" else f"({b}" if way == "open-closed" else f"[{b}"
    score = (f'  score value "v" {{\n    group = {shape}\n  }}\n'
             f'  score rating "r" {{\n    group = band value {{ {"; ".join(arms)}{{otherwise}} }}\n  }}\n')
    text = f'framework f "F" version "1"\n{SCALE}normenkader k "K" {{\n{body}{score}}}\n'
    return text, n


def _subjects(text: str, n: int) -> dict[Fraction, bool]:
    """By brute force: every value the score takes at some node for some verdicts of the norms
    (each 1-4 or not assessed), and whether it falls in no band."""
    framework = compile_text(text.replace("{otherwise}", '; otherwise -> "none"'))
    nk = framework.normenkaders[0]
    targets = [f"k.{norm.id}" for norm in nk.norms]
    out: dict[Fraction, bool] = {}
    for verdicts in itertools.product([None, "1", "2", "3", "4"], repeat=n):
        outcomes = {t: (Status.JUDGED, v, int(v)) if v else (Status.NOT_ASSESSED, None, None)
                    for t, v in zip(targets, verdicts, strict=True)}
        values = {(nv.node, nv.score.id): nv.value for nv in node_values(nk, outcomes, framework.scale, explain=False)}
        for (node, score), value in values.items():
            if score == "value" and isinstance(value, Fraction):
                out[value] = out.get(value, False) or values[(node, "rating")] == "none"
    return out


@settings(max_examples=50, deadline=None)
@given(trees())
def test_no_reported_gap_means_every_value_that_occurs_has_a_band(case: tuple[str, int]) -> None:
    _gaps_as_brute_force_finds_them(case)


@settings(max_examples=50, deadline=None)
@given(trees())
def test_the_proof_by_count_finds_the_gaps_brute_force_finds(case: tuple[str, int]) -> None:
    """The same, with every tree proven per number of norms that count where its scores allow
    (compiler/score_counts.py; otherwise from 40 norms on, or where the cases are too many)."""
    from unittest import mock

    from regienorm.compiler import score_counts, score_proofs

    used: list[bool] = []
    real = score_counts.prove_by_count

    def spy(*args: object) -> bool:
        used.append(real(*args))  # type: ignore[arg-type]
        return used[-1]

    with mock.patch.object(score_proofs, "BY_COUNT_FROM", 1), mock.patch.object(score_proofs, "prove_by_count", spy):
        _gaps_as_brute_force_finds_them(case)
    text = case[0]
    if "sum(points of norms)) / (4 * count(of norms))" in text and "round down" not in text:
        assert used == [True], text  # a share of the norms below: always by count


def _gaps_as_brute_force_finds_them(case: tuple[str, int]) -> None:
    text, n = case
    found = check_text(text.replace("{otherwise}", "")).diagnostics
    gaps = [d for d in found if d.code == "RN706"]
    subjects = _subjects(text, n)
    missed = sorted(v for v, none in subjects.items() if none)
    assert not [d for d in found if d.code == "RN750"]
    if not gaps:
        assert not missed, (text, missed)
        return
    assert gaps[0].is_error and missed, (text, gaps[0].message)
    shown = re.search(r"can be (.+?), which", gaps[0].message)
    assert shown is not None
    assert any(_text(v) == shown.group(1) for v in missed), (gaps[0].message, missed)


def _text(value: Fraction) -> str:
    from regienorm.semantics.decisions import value_text
    return value_text(value, exact=True)


def test_a_norm_judged_by_a_rule_gives_only_what_the_rule_can_give() -> None:
    """Norms judged + (2) or - (0) by their rule: the sum of two is 0, 2 or 4, so bands of just those
    have no gap; judged from findings (any verdict, 1 too) they have one."""
    scale = 'scale s { "+" goed = 2; "+/-" matig = 1; "-" slecht = 0 }\nrule strict = all >= "+" then "+" else "-"\n'
    score = ('  score total "t" {\n    group = sum(points of norms)\n  }\n'
             '  score rating "r" {\n    group = band total { = 0 -> "low"; = 2 -> "mid"; = 4 -> "high" }\n  }\n')
    judged = '  norm a "A" {\n    verdict by strict\n    aspect x "X"\n  }\n  norm b "B" {\n    verdict by strict\n    aspect x "X"\n  }\n'
    findings = '  norm a "A"\n  norm b "B"\n'
    head = f'framework f "F" version "1"\n{scale}normenkader k "K" {{\n'
    assert _codes(head + judged + score + "}\n") == []
    found = _codes(head + findings + score + "}\n")
    assert [(c, e) for c, e, _, _ in found] == [("RN706", True)] and "total can be 1," in found[0][2]


@settings(max_examples=40, deadline=None)
@given(st.integers(40, 120), st.sampled_from([None, Fraction(1), Fraction(1, 10), Fraction(5)]),
       st.lists(st.tuples(st.integers(1, 99), st.sampled_from(["[", "("])), min_size=1, max_size=4, unique_by=lambda t: t[0]))
def test_a_percentage_over_many_norms_is_proven_by_count_as_brute_force_over_counts_finds(
        n: int, step: Fraction | None, cuts: list[tuple[int, str]]) -> None:
    """From 40 norms on: a share of the maximum, rounded or not, banded with bands that meet or
    leave gaps. By brute force over every number of norms that count and every total of their
    points (each norm 1 to 4): a gap is reported exactly when a value that occurs falls in it, and
    the value shown is one of those; never RN750."""
    from regienorm.semantics.decisions import round_to

    ordered = sorted(cuts)
    arms, start = [], "[0"
    for k, (b, kind) in enumerate(ordered):  # "[": the next band starts at the cut; "(": at the next whole number
        arms.append(f'{start}..{b}) -> "b{k}"' if kind == "[" else f'{start}..{b}] -> "b{k}"')
        start = f"[{b}" if kind == "[" else f"[{b + 1}"
    arms.append(f'{start}..100] -> "top"')
    value = "100 * sum(points of norms) / (4 * count(of norms))"
    if step is not None:
        value = f"round half up({value}, {step if step.denominator == 1 else '0.1'})"
    norms = "\n".join(f'  norm n{k} "N{k}"' for k in range(n))
    text = (f'framework f "F" version "1"\n{SCALE}normenkader k "K" {{\n{norms}\n'
            f'  score value "v" {{\n    group = {value}\n  }}\n'
            f'  score rating "r" {{\n    group = band value {{ {"; ".join(arms)} }}\n  }}\n}}\n')
    intervals = _band_ends(arms)
    missed = set()
    for counted in range(1, n + 1):
        for total in range(counted, 4 * counted + 1):
            v = Fraction(100 * total, 4 * counted)
            if step is not None:
                v = round_to(v, step, ir.Rounding.HALF_UP)
            if not any(_holds(i, v) for i in intervals):
                missed.add(v)
    found = check_text(text).diagnostics
    assert not [d for d in found if d.code == "RN750"], [d.message for d in found]
    gaps = [d for d in found if d.code == "RN706"]
    assert bool(gaps) == bool(missed), (text, sorted(missed)[:5], [d.message for d in gaps])
    if gaps:
        shown = re.search(r"can be (.+?), which", gaps[0].message)
        assert shown is not None and any(_text(v) == shown.group(1) for v in missed), (gaps[0].message, sorted(missed)[:5])


def _band_ends(arms: list[str]) -> list[tuple[Fraction, str, Fraction, str]]:
    out = []
    for arm in arms:
        m = re.match(r"([\[(])(\d+)\.\.(\d+)([\])])", arm)
        assert m is not None
        out.append((Fraction(int(m.group(2))), m.group(1), Fraction(int(m.group(3))), m.group(4)))
    return out


def _holds(interval: tuple[Fraction, str, Fraction, str], v: Fraction) -> bool:
    low, lk, high, hk = interval
    return (v > low or (v == low and lk == "[")) and (v < high or (v == high and hk == "]"))


def test_a_subject_that_does_not_move_one_way_with_the_total_is_not_claimed_proven() -> None:
    """60 norms, a score that goes up and then down with the total: the proof by count does not
    apply, the cases are too many for the exact one, and the check says so (RN750)."""
    norms = "\n".join(f'  norm n{k} "N{k}"' for k in range(60))
    text = (f'framework f "F" version "1"\n{SCALE}normenkader k "K" {{\n{norms}\n'
            '  score value "v" {\n    group = if sum(points of norms) > 100 then 0 else sum(points of norms) / count(of norms)\n  }\n'
            '  score rating "r" {\n    group = band value { [0..2) -> "low"; [2..4] -> "high" }\n  }\n}\n')
    assert [d.code for d in check_text(text).diagnostics] == ["RN750"]


def test_a_gap_over_sixty_norms_is_found_inside_the_totals_with_the_count_that_gives_it() -> None:
    norms = "\n".join(f'  norm n{k} "N{k}"' for k in range(60))
    text = (f'framework f "F" version "1"\n{SCALE}normenkader k "K" {{\n{norms}\n'
            '  score value "v" {\n    group = round half up(100 * sum(points of norms) / (4 * count(of norms)), 0.1)\n  }\n'
            '  score rating "r" {\n    group = band value { [25..38] -> "a"; [39..62] -> "b"; [63..100] -> "c" }\n  }\n}\n')
    found = check_text(text).diagnostics
    assert [d.code for d in found] == ["RN706"] and found[0].is_error
    assert "value can be 38.9, which falls between the band ending at 38 and the band starting at 39" in found[0].message
    assert "when 9 of the 60 norms below it count and sum(points of norms) is 14" in found[0].notes[0]


@st.composite
def alike_groups(draw: st.DrawFn) -> str:
    """Groups of norms, many of them alike (the same number of norms, the same weight), with a
    score over the norms below each node and bands that may leave gaps."""
    sizes = [draw(st.sampled_from([2, 3])) for _ in range(draw(st.integers(2, 6)))]
    weights = [draw(st.sampled_from([1, 1, 2])) for _ in sizes]
    groups = []
    for g, (size, weight) in enumerate(zip(sizes, weights, strict=True)):
        norms = "\n".join(f'    norm n{g}_{k} "N"' for k in range(size))
        groups.append(f'  group g{g} "G{g}" weight {weight} {{\n{norms}\n  }}')
    value = draw(st.sampled_from(["100 * sum(points of norms) / (4 * count(of norms))",
                                  "round half up(100 * sum(points of norms) / (4 * count(of norms)), 5)",
                                  "sum(points of norms)"]))
    cut = draw(st.integers(1, 60))
    bands = draw(st.sampled_from([f'[0..{cut}) -> "low"; [{cut}..100] -> "high"',
                                  f'[0..{cut}] -> "low"; [{cut + 1}..100] -> "high"']))
    return (f'framework f "F" version "1"\n{SCALE}normenkader k "K" {{\n' + "\n".join(groups) +
            f'\n  score value "v" {{\n    group = {value}\n    when nothing counts -> 0\n  }}\n'
            f'  score rating "r" {{\n    group = band value {{ {bands} }}\n  }}\n}}\n')


@settings(max_examples=60, deadline=None)
@given(alike_groups())
def test_a_group_alike_to_one_proven_is_not_proven_again_and_nothing_reported_changes(text: str) -> None:
    """The proof by count takes a node alike to one it has proven (the same weight, rule and kinds
    of norms) as proven: the first value found is the one kept, so proving it again adds nothing.
    Every diagnostic is the same as with every node proven, to the message, notes and place."""
    from unittest import mock

    from regienorm.compiler import score_counts, score_proofs

    made: list[int] = []
    real = score_counts._Counting

    def counting(*args: object) -> object:
        made.append(1)
        return real(*args)  # type: ignore[arg-type]

    def diagnostics() -> list[tuple[object, ...]]:
        return [(d.code, d.is_error, d.message, tuple(d.notes), d.span) for d in check_text(text).diagnostics]

    with mock.patch.object(score_proofs, "BY_COUNT_FROM", 1), mock.patch.object(score_counts, "_Counting", counting):
        once = diagnostics()
        proven_once = len(made)
        made.clear()
        with mock.patch.object(score_counts, "_shape", lambda *args: object()):  # every node its own shape
            every = diagnostics()
    assert once == every
    groups = re.findall(r'^  group g\d+ "G\d+" weight (\d) \{\n((?:    norm .*\n)+)', text, flags=re.M)
    shapes = {(weight, body.count("norm ")) for weight, body in groups}
    assert len(made) == len(groups) + 1  # every group and the normenkader, each proven
    assert proven_once == len(shapes) + 1  # each kind of group once, and the normenkader
