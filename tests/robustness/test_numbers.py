"""Numbers as written in evidence: read as meant, an error when ambiguous, never silently another
number. The table below is the specification (docs/evidence.md, "Numbers")."""

from __future__ import annotations

from fractions import Fraction

import pytest

from regienorm import EvidenceError, compile_file, parse_evidence

FRAMEWORK = compile_file("frameworks/examples/jeugdhulp.norm")
F = Fraction

# (number_format, how it is written in YAML, expected: a number or an error code)
YAML_CASES = [
    # number_format: en (the default)
    ("en", "66.7", F("66.7")), ("en", '"66.7"', F("66.7")), ("en", "1557", 1557), ("en", "-3", -3),
    ("en", "1.557", F("1.557")), ("en", ".5", F("0.5")), ("en", "1.", 1),
    ("en", "1e3", 1000), ("en", "1.0e+3", 1000), ("en", "2.5E-2", F("0.025")),
    ("en", "6,6", "RN614"), ("en", '"6,6"', "RN614"), ("en", "1,557", "RN614"), ("en", "1,557.5", "RN614"),
    ("en", "1.557,5", "RN614"), ("en", "1 557", "RN614"),
    # YAML 1.1 reads these as numbers with values that YAML 1.2 (and people) do not
    ("en", "1_000", "RN614"), ("en", "017", "RN614"), ("en", "0x1F", "RN614"), ("en", "0b101", "RN614"),
    ("en", "1:30", "RN614"), ("en", ".inf", "RN614"), ("en", "-.inf", "RN614"), ("en", ".nan", "RN614"),
    ("en", '"017"', 17), ("en", "0", 0), ("en", "0.5", F("0.5")), ("en", "00.5", F("0.5")),
    # not numbers at all, or too large to be honest
    ("en", "yes", "RN614"), ("en", "~", "RN614"), ("en", "", "RN614"), ("en", "[1]", "RN614"), ("en", "{a: 1}", "RN614"),
    ("en", '"1e99999999"', "RN614"), ("en", "1" * 65, "RN614"), ("en", '"NaN"', "RN614"), ("en", '"Infinity"', "RN614"),
    # number_format: nl: decimal comma, `.` between groups of three
    ("nl", "6,6", F("6.6")), ("nl", '"6,6"', F("6.6")), ("nl", "-6,6", F("-6.6")), ("nl", "1557", 1557),
    ("nl", "1.557", 1557), ("nl", '"1.557"', 1557), ("nl", "1.557,5", F("1557.5")), ("nl", "12.345.678", 12345678),
    ("nl", "1,557", F("1.557")),
    ("nl", "1.5", "RN615"), ("nl", "12.34", "RN615"), ("nl", "0.557", "RN615"), ("nl", "1234.567", "RN615"),
    ("nl", "1.55.7", "RN614"), ("nl", "1e3", "RN614"), ("nl", "017", "RN614"), ("nl", "1_000", "RN614"),
    ("nl", "6.6,6", "RN614"),
]

JSON_CASES = [
    ("en", "66.7", F("66.7")), ("en", "1557", 1557), ("en", "1e3", 1000), ("en", "-0.5", F("-0.5")),
    ("en", '"66.7"', F("66.7")), ("en", '"6,6"', "RN614"), ("en", "1e1000", "RN614"), ("en", "NaN", "RN614"),
    ("en", "Infinity", "RN614"), ("en", "true", "RN614"), ("en", "null", "RN614"),
    # a JSON number literal is JSON notation, which a file declaring `nl` contradicts
    ("nl", '"6,6"', F("6.6")), ("nl", '"1.557"', 1557), ("nl", "1557", 1557), ("nl", "-3", -3),
    ("nl", "1.557", "RN615"), ("nl", "6.6", "RN615"), ("nl", "1e3", "RN615"),
]


def _read(text: str, path: str) -> Fraction | str:
    try:
        evidence = parse_evidence(text, path, FRAMEWORK)
    except EvidenceError as exc:
        codes = sorted({d.code for d in exc.diagnostics})
        assert len(codes) == 1, [str(d) for d in exc.diagnostics]
        [d] = exc.diagnostics
        assert d.span is not None and d.span.line > 1
        return codes[0]
    [record] = evidence.measures
    return record.value


@pytest.mark.parametrize(("number_format", "written", "expected"), YAML_CASES, ids=[f"{f}:{w}" for f, w, _ in YAML_CASES])
def test_yaml_numbers(number_format: str, written: str, expected: object) -> None:
    text = (f"number_format: {number_format}\nformat: regienorm-evidence/1\n"
            'assessment: {framework: jeugdhulp, version: "1.0"}\nentities:\n  - {id: noord, role: wijkteam}\n'
            f"measures:\n  - entity: noord\n    measure: betrokkenheid\n    value: {written}\n")
    assert _read(text, "<e>.yaml") == expected


@pytest.mark.parametrize(("number_format", "written", "expected"), JSON_CASES, ids=[f"{f}:{w}" for f, w, _ in JSON_CASES])
def test_json_numbers(number_format: str, written: str, expected: object) -> None:
    text = (f'{{"number_format": "{number_format}", "format": "regienorm-evidence/1",\n'
            '"assessment": {"framework": "jeugdhulp", "version": "1.0"},\n'
            '"entities": [{"id": "noord", "role": "wijkteam"}],\n'
            f'"measures": [\n{{"entity": "noord", "measure": "betrokkenheid", "value": {written}}}]}}')
    assert _read(text, "<e>.json") == expected


def test_every_number_field_follows_the_same_rules() -> None:
    text = ('number_format: nl\nformat: regienorm-evidence/1\nassessment: {framework: jeugdhulp, version: "1.0"}\n'
            "entities:\n  - {id: noord, role: wijkteam}\n"
            "measures:\n  - {entity: noord, measure: betrokkenheid, value: 3, n: 1.5, source: {line: 017}}\n")
    with pytest.raises(EvidenceError) as caught:
        parse_evidence(text, "<e>.yaml", FRAMEWORK)
    assert sorted(d.code for d in caught.value.diagnostics) == ["RN614", "RN615"]


def test_a_record_with_an_unreadable_number_is_an_error_never_dropped() -> None:
    # before: `value: 1_000` gave no error and no record: a lost measure
    text = ('format: regienorm-evidence/1\nassessment: {framework: jeugdhulp, version: "1.0"}\n'
            "entities:\n  - {id: noord, role: wijkteam}\n"
            "measures:\n" + "".join(f"  - {{entity: noord, measure: betrokkenheid, value: {v}}}\n"
                                    for v in ("1_000", "1:30", "0x10", ".nan", "'1e999999999'")))
    with pytest.raises(EvidenceError) as caught:
        parse_evidence(text, "<e>.yaml", FRAMEWORK)
    assert [d.span.line for d in caught.value.diagnostics if d.span] == [6, 7, 8, 9, 10]
