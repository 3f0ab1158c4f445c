"""Decision tables: errors and no value as outcomes that name the rows and propagate, lists and
records in the JSON, and the properties of `check`: a UNIQUE table with no reported overlap never
has two matches, and a table with no reported gap always matches."""

from __future__ import annotations

import datetime
import itertools
from fractions import Fraction
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from regienorm import check_text, compile_text, evaluate, ir
from regienorm.evidence.model import Assessment, Entity, Evidence, InputValue
from regienorm.judgement import Status
from regienorm.render.json import value_json
from regienorm.semantics.decisions import evaluate as evaluate_expr
from regienorm.values import Record

HEADER = 'framework t "Tables" version "1"\n'


def _judge(source: str, entities: dict[str, dict[str, Any]]) -> dict[tuple[str, str], Any]:
    framework = compile_text(HEADER + source, "case.norm")
    out = []
    for entity, inputs in entities.items():
        values = tuple(InputValue(k, Fraction(str(v)) if isinstance(v, (int, float)) and not isinstance(v, bool) else v)
                       for k, v in inputs.items())
        out.append(Entity(entity, "", inputs=values))
    return {(j.entity, j.target): j for j in evaluate(framework, Evidence(Assessment("t", "1"), tuple(out)))}


TEXT_TABLE = '''input remark text
input weight number
decision kind = table unique {
  | remark          -> kind |
  | "late"          -> "delay" |
  | "late", "lost"  -> "incident" |
  default -> "none"
}
decision score = table unique {
  | kind       -> score |
  | "delay"    -> weight |
  | "incident" -> weight * 2 |
  | "none"     -> 0 |
}
decision doubled = score * 2
decision weight_only = weight + 1
'''


def test_a_unique_conflict_is_an_error_naming_the_rows_and_it_propagates() -> None:
    """Free text cannot be enumerated, so the overlap on "late" is found only when it occurs: an
    error for that entity, naming both rows; every decision reading it is an error; another
    entity, and a decision that does not read it, are judged as usual."""
    judged = _judge(TEXT_TABLE, {"a": {"remark": "late", "weight": 3}, "b": {"remark": "lost", "weight": 3}})
    kind = judged[("a", "kind")]
    assert kind.status is Status.ERROR and kind.value is None
    assert any("row 1 and row 2" in r.text and "UNIQUE" in r.text for r in kind.reasons if r.kind == "error")
    for downstream in ("score", "doubled"):
        assert judged[("a", downstream)].status is Status.ERROR
        assert any(r.kind == "error" for r in judged[("a", downstream)].reasons)
    assert judged[("a", "weight_only")].value == 4
    assert judged[("b", "kind")].value == "incident" and judged[("b", "doubled")].value == 12


def test_no_match_has_no_value_naming_the_inputs() -> None:
    source = 'input risk one of ("Low", "High")\ninput x text\ndecision d = table first {\n  | x -> d |\n  | "a" -> 1 |\n}\n'
    judged = _judge(source, {"e": {"x": "b"}})
    j = judged[("e", "d")]
    assert j.status is Status.NOT_ASSESSED
    assert any("no row of the FIRST table matches x = \"b\"" in r.text for r in j.reasons)


def test_a_priority_tie_that_disagrees_is_an_error() -> None:
    """Rows of the same priority that give different values in an output without priorities:
    PRIORITY never falls back on row order (found by check where inputs have few values)."""
    source = '''input x text
decision d = table priority {
  | x   -> status one of ("High", "Low") | note |
  | "a" -> "High"                        | "first" |
  | "a" -> "High"                        | "second" |
}
'''
    j = _judge(source, {"e": {"x": "a"}})[("e", "d")]
    assert j.status is Status.ERROR
    closed = source.replace("input x text", 'input x one of ("a", "b")').replace("}\n", "  default -> \"Low\" | \"-\"\n}\n")
    assert [d.code for d in check_text(HEADER + closed).diagnostics] == ["RN735"]


def test_lists_and_records_in_the_json() -> None:
    record = Record((("status", "Approved"), ("rate", Fraction(1, 2))))
    assert value_json((record, Fraction(2))) == {
        "kind": "list", "value": None,
        "items": [{"kind": "record", "value": None,
                   "fields": [{"name": "status", "kind": "category", "value": "Approved"},
                              {"name": "rate", "kind": "number", "value": 0.5, "exact": "1/2"}]},
                  {"kind": "number", "value": 2}]}
    assert value_json(()) == {"kind": "list", "value": None, "items": []}


def test_an_input_bound_interval_and_a_grid() -> None:
    source = '''input x number
input low number
input high number
decision inside = table first {
  | x             -> inside |
  | [low..high)   -> true |
  | ]high..low[   -> true |
  default -> false
}
input impact one of ("LOW", "HIGH")
input likelihood one of ("LOW", "HIGH")
decision severity = table grid impact by likelihood {
  |        | "LOW"    | "HIGH"     |
  | "HIGH" | "Medium" | "Critical" |
  | "LOW"  | "Note"   | "Medium"   |
}
'''
    judged = _judge(source, {"in": {"x": 3, "low": 3, "high": 5, "impact": "HIGH", "likelihood": "LOW"},
                             "out": {"x": 5, "low": 3, "high": 5, "impact": "LOW", "likelihood": "LOW"}})
    assert judged[("in", "inside")].value is True and judged[("out", "inside")].value is False
    assert judged[("in", "severity")].value == "Medium" and judged[("out", "severity")].value == "Note"
    assert check_text(HEADER + source).diagnostics == ()


# ------------------------------------------------------------------------------------ properties
_BOUNDS = st.integers(0, 10)
_ENTRY = st.one_of(
    st.just("-"),
    st.tuples(st.sampled_from(["<", "<=", ">", ">=", "="]), _BOUNDS).map(lambda t: f"{t[0]} {t[1]}"),
    st.tuples(_BOUNDS, _BOUNDS, st.sampled_from("[("), st.sampled_from("])")).map(
        lambda t: f"{t[2]}{min(t[0], t[1])}..{max(t[0], t[1])}{t[3]}"),
)
_CATEGORY = st.one_of(st.just("-"), st.lists(st.sampled_from(['"a"', '"b"', '"c"']), min_size=1, max_size=2,
                                             unique=True).map(", ".join))
_ROWS = st.lists(st.tuples(_ENTRY, _CATEGORY, st.integers(0, 3)), min_size=1, max_size=5)


def _table(rows: list[tuple[str, str, int]], policy: str) -> str:
    body = "".join(f"  | {n} | {c} -> {o} |\n" for n, c, o in rows)
    return (f'{HEADER}input n number range 0..10\ninput c one of ("a", "b", "c")\n'
            f"decision d = table {policy} {{\n  | n | c -> d |\n{body}}}\n")


@settings(max_examples=60, deadline=None)
@given(_ROWS, st.sampled_from(["unique", "first", "any"]))
def test_check_finds_every_overlap_and_gap_that_occurs(rows: list[tuple[str, str, int]], policy: str) -> None:
    """Over every input tried (every number from 0 to 10 in steps of a quarter, every category):
    where check reports no overlap (RN735) no two rows of a UNIQUE table match (nor disagree in an
    ANY table), and where it reports no gap (RN736) some row always matches."""
    codes = {d.code for d in check_text(_table(rows, policy)).diagnostics if d.is_error}
    listed = compile_text(_table(rows, "rule order")).decisions[0].expr  # every match, to count them
    assert isinstance(listed, ir.TableOf)
    seen_overlap = seen_gap = False
    for quarter, category in itertools.product(range(41), "abc"):
        matches = evaluate_expr(listed, {"n": Fraction(quarter, 4), "c": category})
        if len(matches) > 1 and (policy == "unique" or (policy == "any" and len(set(matches)) > 1)):
            seen_overlap = True
        if not matches:
            seen_gap = True
    assert seen_overlap == ("RN735" in codes)
    assert seen_gap == ("RN736" in codes)


# ------------------------------------------------------------------------------------ dates
_DAY0 = datetime.date(2024, 2, 26)  # the days tried run over a month's end and a leap day
_DAYS = st.integers(0, 8).map(lambda n: (_DAY0 + datetime.timedelta(days=n)).isoformat())
_DATE_ENTRY = st.one_of(
    st.just("-"),
    st.tuples(st.sampled_from(["<", "<=", ">", ">=", "="]), _DAYS).map(lambda t: f"{t[0]} {t[1]}"),
    st.tuples(_DAYS, _DAYS, st.sampled_from("[("), st.sampled_from("])")).map(
        lambda t: f'{t[2]}date("{min(t[0], t[1])}")..{max(t[0], t[1])}{t[3]}'),
    st.lists(_DAYS, min_size=1, max_size=3, unique=True).map(", ".join),
)


def _date_table(rows: list[tuple[str, int]], policy: str) -> str:
    body = "".join(f"  | {d} -> {o} |\n" for d, o in rows)
    return f"{HEADER}input day date\ndecision d = table {policy} {{\n  | day -> d |\n{body}}}\n"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_DATE_ENTRY, st.integers(0, 3)), min_size=1, max_size=5), st.sampled_from(["unique", "any"]))
def test_check_finds_every_overlap_and_gap_of_dates_that_occurs(rows: list[tuple[str, int]], policy: str) -> None:
    """Days are discrete and ordered: over every day from a week before the first day an entry can
    name to a week after the last, check reports an overlap (RN735) exactly when two rows match one
    day (and disagree, in an ANY table), and a gap (RN736) exactly when some day matches no row."""
    codes = {d.code for d in check_text(_date_table(rows, policy)).diagnostics if d.is_error}
    listed = compile_text(_date_table(rows, "rule order")).decisions[0].expr
    assert isinstance(listed, ir.TableOf)
    seen_overlap = seen_gap = False
    for n in range(-7, 16):
        matches = evaluate_expr(listed, {"day": (_DAY0 + datetime.timedelta(days=n)).isoformat()})
        if len(matches) > 1 and (policy == "unique" or len(set(matches)) > 1):
            seen_overlap = True
        if not matches:
            seen_gap = True
    assert seen_overlap == ("RN735" in codes)
    assert seen_gap == ("RN736" in codes)


# ------------------------------------------------------------------------------------ published lists and records
_SCALARS = st.one_of(st.booleans(), st.sampled_from(["Approved", "Declined"]),
                     st.integers(-2, 2).map(Fraction), st.fractions(-2, 2, max_denominator=4))
_RECORDS = st.tuples(_SCALARS, _SCALARS).map(lambda t: Record((("Status", t[0]), ("Rate", t[1]))))
_VALUES = st.one_of(_SCALARS, _RECORDS, st.lists(st.one_of(_SCALARS, _RECORDS), max_size=4).map(tuple))


@given(_VALUES, _VALUES)
def test_a_published_value_differs_exactly_where_an_item_or_field_does(printed: Any, computed: Any) -> None:
    """No difference is reported exactly when the two agree (a truth apart from 0 and 1, a list in
    order and of one length); each difference names an item or field that really differs, and
    the items that agree are the others."""
    from regienorm.values import differences, same_value

    found = differences(printed, computed)
    assert (found == []) == same_value(printed, computed)
    assert same_value(printed, computed) == same_value(computed, printed)
    for d in found:
        a, b = printed, computed
        for step in d.path:
            a = (a[step - 1] if step <= len(a) else None) if isinstance(step, int) else a.get(step)
            b = (b[step - 1] if step <= len(b) else None) if isinstance(step, int) else b.get(step)
        assert a is None or b is None or not same_value(a, b)
    if isinstance(printed, tuple) and isinstance(computed, tuple) and len(printed) == len(computed):
        differing = {d.path[0] for d in found}
        assert all(same_value(x, y) == (n + 1 not in differing)
                   for n, (x, y) in enumerate(zip(printed, computed, strict=True)))
