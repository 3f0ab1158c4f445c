"""Evidence files from many hands: YAML read safely, alias bombs and deep nesting refused before
they cost anything, duplicate keys refused in YAML and JSON, bytes and Unicode as for frameworks."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from regienorm import EvidenceError, compile_file, load_evidence, parse_evidence
from regienorm.evidence import readers as _readers
from regienorm.evidence.readers import yaml as _yaml_reader

from .helpers import fastest
from .test_no_side_effects import watching

FRAMEWORK = compile_file("frameworks/examples/jeugdhulp.norm")
HEAD = 'format: regienorm-evidence/1\nassessment: {framework: jeugdhulp, version: "1.0"}\nentities:\n  - {id: noord, role: wijkteam}\n'
JSON_HEAD = '{"format": "regienorm-evidence/1", "assessment": {"framework": "jeugdhulp", "version": "1.0"}, ' \
            '"entities": [{"id": "noord", "role": "wijkteam"}]'


def _errors(text: str | bytes, path: str = "<e>.yaml") -> list[tuple[str, int, int]]:
    with pytest.raises(EvidenceError) as caught:
        parse_evidence(text, path, FRAMEWORK)
    return [(d.code, d.span.line if d.span else 0, d.span.column if d.span else 0) for d in caught.value.diagnostics]


def _codes(text: str | bytes, path: str = "<e>.yaml") -> list[str]:
    return [c for c, _, _ in _errors(text, path)]


# ---------------------------------------------------------------------------------- YAML safety
@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system ['touch /tmp/regienorm-pwned']",
                                 "!!python/name:os.system", "!!binary aGVsbG8=", "!!set {a, b}", "!custom x",
                                 "!!python/object/new:subprocess.Popen [['id']]"])
def test_object_tags_are_refused_and_nothing_runs(tag: str) -> None:
    with watching() as seen:
        codes = _codes(HEAD + f"findings:\n  - entity: noord\n    target: opzet.1.a\n    verdict: \"+\"\n    note: {tag}\n")
    assert codes == ["RN605"]
    assert seen.other == [] and not os.path.exists("/tmp/regienorm-pwned")


def _laughs(levels: int) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_a_billion_laughs_is_refused_at_the_first_anchor_before_anything_is_built(monkeypatch: pytest.MonkeyPatch) -> None:
    bomb = _laughs(9)  # 9**9 = 387 million "lol"s when expanded, from under a kilobyte
    assert _errors(bomb) == [("RN603", 1, 5)]
    plain = HEAD + "\n".join(f"# padding {i}" for i in range(len(bomb) // 12)) + "\n"
    # refusing the bomb costs about what reading an ordinary file of its size costs
    assert fastest(lambda: _codes(bomb)) < 3 * fastest(lambda: parse_evidence(plain, "<e>.yaml", FRAMEWORK)) + 1_000

    def compose(*_: object, **__: object) -> None:
        raise AssertionError("the bomb reached the composer")

    monkeypatch.setattr(_yaml_reader.yaml, "compose", compose)
    assert _codes(bomb) == ["RN603"]


def test_nesting_deeper_than_the_limit_is_refused_in_one_streaming_pass() -> None:
    for depth in (_readers.MAX_DEPTH + 1, 10_000, 100_000):
        # the mapping at the top is level 1: the 64th `[` opens level 65
        assert _errors(HEAD + "x: " + "[" * depth + "]" * depth + "\n") == [("RN604", 5, 3 + _readers.MAX_DEPTH)]
    deep = lambda n: HEAD + "x: " + "[" * n + "]" * n + "\n"  # noqa: E731
    assert fastest(lambda: _codes(deep(100_000))) < 3 * fastest(lambda: _codes(deep(1_000))) + 1_000
    # block mappings count as well
    block = "".join("  " * i + f"k{i}:\n" for i in range(_readers.MAX_DEPTH + 2))
    assert _codes(block) == ["RN604"]


def test_nesting_up_to_the_limit_is_read() -> None:
    n = _readers.MAX_DEPTH - 1  # the top-level mapping is the first level
    assert _codes(HEAD + "x: " + "[" * n + "]" * n + "\n") == ["RN611"]  # read; only the key is unknown


def test_a_key_given_twice_is_refused_in_yaml_and_json() -> None:
    assert _errors(HEAD + "findings:\n  - {entity: noord, target: opzet.1.a, verdict: \"+\", verdict: \"-\"}\n") == [("RN606", 6, 54)]
    assert _codes(HEAD + "findings: []\nfindings: []\n") == ["RN606"]
    assert _codes(JSON_HEAD + ', "findings": [{"entity": "noord", "entity": "zuid"}]}', "<e>.json") == ["RN606"]
    assert _codes(JSON_HEAD + ', "format": "x"}', "<e>.json") == ["RN606"]


def test_json_deep_nesting_surrogates_constants_and_trailing_text() -> None:
    assert _errors('{"a": ' + "[" * 100_000 + "]" * 100_000 + "}", "<e>.json") == [("RN604", 1, 6 + _readers.MAX_DEPTH)]
    assert _codes(JSON_HEAD + ', "findings": [{"note": "\\ud800"}]}', "<e>.json") == ["RN001"]
    assert _codes(JSON_HEAD + ', "\\udfff": 1}', "<e>.json") == ["RN001"]
    nan = JSON_HEAD + ', "measures": [{"entity": "noord", "measure": "tevredenheid", "value": NaN}]}'
    assert _codes(nan, "<e>.json") == ["RN614"]
    assert _codes(JSON_HEAD + "} {}", "<e>.json") == ["RN601"]
    assert _codes(JSON_HEAD + ', "x": "a\x1bb"}', "<e>.json") == ["RN601"]  # raw control character in a string
    # a surrogate pair is one character, and is fine
    pair = JSON_HEAD.replace('"version": "1.0"}', '"version": "1.0", "subject": "\\ud83d\\ude00"}') + "}"
    ok = parse_evidence(pair, "<e>.json", FRAMEWORK)
    assert ok.assessment.subject == "\U0001f600"


def test_yaml_surrogates_and_control_characters_are_located() -> None:
    assert _codes(HEAD + 'x: "\\ud800"\n') == ["RN001"]
    assert _errors(HEAD + "x: a\x07b\n") == [("RN601", 5, 5)]


def test_bytes_are_read_as_for_frameworks(tmp_path: Path) -> None:
    good = HEAD + "findings:\n  - {entity: noord, target: opzet.1.a, verdict: \"+\", note: n}\n"
    base = parse_evidence(good, "<e>.yaml", FRAMEWORK)
    for data in (b"\xef\xbb\xbf" + good.encode(), good.replace("\n", "\r\n").encode(), good.replace("\n", "\r").encode()):
        assert parse_evidence(data, "<e>.yaml", FRAMEWORK).findings == base.findings
    assert _errors((HEAD + "x: caf").encode() + b"\xe9\n") == [("RN001", 5, 7)]
    assert _errors((HEAD + "x: a\0b\n").encode()) == [("RN002", 5, 5)]


def test_yes_no_and_on_are_text_where_text_is_meant() -> None:
    text = HEAD.replace("noord", "no") + "findings:\n  - {entity: no, target: opzet.1.a, verdict: \"+\", note: yes}\n"
    evidence = parse_evidence(text, "<e>.yaml", FRAMEWORK)
    assert evidence.entities[0].id == "no" and evidence.findings[0].note == "yes"
    assert _codes(HEAD + "entities2: {on: 1}\n") == ["RN611"]


def test_a_file_over_the_limit_or_an_endless_device_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with open(path, "wb") as handle:
        handle.truncate(_readers.MAX_EVIDENCE_BYTES + 1)
    with pytest.raises(EvidenceError) as caught:
        load_evidence(path, FRAMEWORK)
    assert [d.code for d in caught.value.diagnostics] == ["RN607"]
    if os.path.exists("/dev/zero"):  # a device is not a regular file: refused before a byte is read
        with pytest.raises(EvidenceError) as caught:
            load_evidence("/dev/zero", FRAMEWORK)
        assert [d.code for d in caught.value.diagnostics] == ["RN003"]
        assert any("not a regular file" in n for n in caught.value.diagnostics[0].notes)
    with pytest.raises(EvidenceError) as caught:
        load_evidence(tmp_path, FRAMEWORK)
    assert [d.code for d in caught.value.diagnostics] == ["RN003"]


def test_reading_time_grows_linearly_with_the_number_of_records() -> None:
    from .helpers import growth

    def make(n: int) -> str:
        return HEAD + "measures:\n" + "".join(
            f"  - {{entity: noord, measure: tevredenheid, item: V{i}, value: {i % 100}.5}}\n" for i in range(n))

    assert growth(make, lambda text: parse_evidence(text, "<e>.yaml", FRAMEWORK), 300) < 7
