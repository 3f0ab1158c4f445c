"""The plain check (evidence/check/plain.py) reads JSON records as the C scanner made them and
gives up (Unsure) on anything it cannot vouch for; the loader then checks the file the normal way.
So a JSON file must give the same evidence, spans and messages with the plain check as without it:
on generated evidence and on thousands of copies with one field changed."""

from __future__ import annotations

import json
import random
from fractions import Fraction
from typing import Any

import attrs
import pytest
from bench import gen

from regienorm import EvidenceError, compile_text, parse_evidence, render_full
from regienorm.evidence import check as check_module
from regienorm.evidence.check.fields import Checker
from regienorm.evidence.check.plain import PlainChecker, Unsure
from regienorm.evidence.numbers import read_number
from regienorm.evidence.readers import Node, RawNumber, registry
from regienorm.files import decode_text
from regienorm.source import Span

TEXT, SPEC = gen.framework(10, 1)
FRAMEWORK = compile_text(TEXT, "bench_10.norm")
DOCUMENT = gen.document(gen.evidence(SPEC, 18, 1))


def _json(document: dict[str, Any]) -> str:
    """One record a line, as tools write evidence (and as bench/inout.py does)."""
    head = {k: v for k, v in document.items() if not isinstance(v, list) or k == "entities"}
    parts = [f"{json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in head.items()]
    for key, records in document.items():
        if isinstance(records, list) and key != "entities":
            parts.append(f"{json.dumps(key)}: [\n" + ",\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n]")
    return "{" + ",\n".join(parts) + "}\n"


def _outcome(text: str, monkeypatch: pytest.MonkeyPatch, plain: bool, path: str = "e.json") -> str:
    """Everything the loader gives for ``text``: the evidence with every span, or every message."""
    with monkeypatch.context() as patched:
        if not plain:
            patched.setattr(registry, "_PLAIN", {})
        try:
            evidence = parse_evidence(text, path, FRAMEWORK)
        except EvidenceError as exc:
            return "\n".join(render_full(d, {path: decode_text(text, path)}) for d in exc.diagnostics)
    return repr((attrs.asdict(evidence, recurse=True), [str(w) + (w.help or "") for w in evidence.warnings]))


def test_clean_evidence_is_checked_plain_and_equal(monkeypatch: pytest.MonkeyPatch) -> None:
    text = _json(DOCUMENT)
    plain = _outcome(text, monkeypatch, True)
    assert plain == _outcome(text, monkeypatch, False)
    assert "'span': {'path': 'e.json', 'line': 3" in plain  # the records keep their places
    # the plain check vouched for it: nothing was made Nodes
    monkeypatch.setattr(check_module, "as_nodes", lambda root: pytest.fail("the plain check gave up on clean evidence"))
    evidence = parse_evidence(text, "e.json", FRAMEWORK)
    assert len(evidence.findings) == len(DOCUMENT["findings"]) and evidence.measures


_VALUES: list[Any] = [None, "", "x", "+", "-", "+/-", "not_assessed", "not_applicable", 0, -1, 1, 3, 2.5, 1e3, "2,5", " 7 ",
                      "1.557", True, False, [], {}, [{"table": "T", "line": 3}], {"line": 0}, {"line": 2.0}, {"page": 4},
                      {"colour": "red"}, [1], "é", "e\u0301", "e0_1", "g0", "nk1", "nk1.1", "nk1.1.a", "nk2.1", "tevredenheid"]
_KEYS = ["entity", "target", "verdict", "status", "note", "sources", "source", "value", "n", "measure", "item", "record",
         "colour"]


def _mutants(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    ids = [e["id"] for e in DOCUMENT["entities"]]
    targets = sorted(FRAMEWORK.targets())
    out = []
    for _ in range(count):
        document = json.loads(json.dumps(DOCUMENT))
        for _ in range(rng.choice((1, 1, 2))):
            kind = rng.choice([k for k in ("findings", "measures", "recorded") if document.get(k)])
            record = rng.choice(document[kind])
            if kind != "measures" and rng.random() < 0.3:  # a status instead of a verdict, with or without its note
                record.pop("verdict", None) if rng.random() < 0.5 else record.update(verdict=None)
                record["status"] = rng.choice(("not_assessed", "not_applicable", "unknown"))
                if rng.random() < 0.5:
                    continue
            if kind == "measures" and rng.random() < 0.3:  # a value at or past the ends of its range
                record["value"] = rng.choice((-3.5, 0, 100, 100.5, 150, 1000, 1000.25, 5000))
                continue
            for key in rng.sample(_KEYS, rng.choice((1, 1, 2, 3))):
                if rng.random() < 0.15:
                    record.pop(key, None)
                else:
                    record[key] = rng.choice(_VALUES + [rng.choice(ids), rng.choice(targets)])
        if rng.random() < 0.1:
            document["number_format"] = rng.choice(("nl", "en", "fr"))
        out.append(_json(document))
    return out


@pytest.mark.parametrize("part", range(4))
def test_one_field_changed_gives_what_the_normal_check_gives(part: int, monkeypatch: pytest.MonkeyPatch) -> None:
    fell_back = kept = 0
    for text in _mutants(80, seed=part):
        plain, normal = _outcome(text, monkeypatch, True), _outcome(text, monkeypatch, False)
        assert plain == normal
        if plain.startswith("("):
            kept += 1
        else:
            fell_back += 1
    assert fell_back and kept  # both kinds of copy were met


@pytest.mark.parametrize("number_format", ["en", "nl"])
@pytest.mark.parametrize("value", [0, 1, 7, 1557, 10**63, 10**64, 10**70])
def test_an_integer_literal_is_the_number_read_number_reads(value: int, number_format: str) -> None:
    ck = Checker(FRAMEWORK, "e.json")
    ck.number_format = number_format
    fast = PlainChecker(ck, {})
    meant = read_number(Node(RawNumber(str(value), "json"), Span.point("e.json", 1)), "a number", number_format)
    for low in (0, 1):
        try:
            got: Any = fast.whole(value, low)
        except Unsure:
            got = None
        want = meant if isinstance(meant, Fraction) and meant >= low else None
        assert got == want
    assert not ck.diags  # a question asked for the plain check leaves no message behind


def _jsonl(document: dict[str, Any]) -> str:
    from regienorm.evidence.lines import write_jsonl

    return write_jsonl(document)


def _outcome_lines(text: str, monkeypatch: pytest.MonkeyPatch, plain: bool) -> str:
    return _outcome(text, monkeypatch, plain, "e.jsonl")


def test_json_lines_are_checked_plain_and_equal(monkeypatch: pytest.MonkeyPatch) -> None:
    text = _jsonl(DOCUMENT)
    plain = _outcome_lines(text, monkeypatch, True)
    assert plain == _outcome_lines(text, monkeypatch, False) and plain.startswith("(")
    with monkeypatch.context() as patched:
        patched.setattr(check_module, "as_nodes", lambda root: pytest.fail("the plain check gave up on clean evidence"))
        assert parse_evidence(text, "e.jsonl", FRAMEWORK).findings


@pytest.mark.parametrize("part", range(2))
def test_json_lines_with_one_field_changed_give_what_the_normal_check_gives(part: int, monkeypatch: pytest.MonkeyPatch) -> None:
    kept = fell_back = 0
    for text in _mutants(80, seed=10 + part):
        try:
            lines = _jsonl(json.loads(text))
        except TypeError:  # a record's entity that is a list or a mapping has no line to go on
            continue
        plain, normal = _outcome_lines(lines, monkeypatch, True), _outcome_lines(lines, monkeypatch, False)
        assert plain == normal
        kept, fell_back = kept + plain.startswith("("), fell_back + (not plain.startswith("("))
    assert kept and fell_back
    # lines the fast reading leaves to the normal one: records that are not a list, of another entity, deep
    base = _jsonl(DOCUMENT).splitlines(keepends=True)
    for damage in ('"findings": 3, ', '"findings": [1], ', '"findings": [{"entity": "zz", "target": "nk1.1"}], ',
                   '"findings": [{"entity": null}], ', '"measures": [{"value": ' + "[" * 70 + "]" * 70 + "}], "):
        for at in (1, len(base) // 2):
            lines = "".join(base[:at] + [base[at].replace("{", "{" + damage, 1)] + base[at + 1:])
            assert _outcome_lines(lines, monkeypatch, True) == _outcome_lines(lines, monkeypatch, False)


def _yaml(document: dict[str, Any]) -> str:
    import yaml

    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True)


def test_yaml_is_checked_plain_and_equal(monkeypatch: pytest.MonkeyPatch) -> None:
    text = _yaml(DOCUMENT)
    plain = _outcome(text, monkeypatch, True, "e.yaml")
    assert plain == _outcome(text, monkeypatch, False, "e.yaml") and plain.startswith("(")
    with monkeypatch.context() as patched:
        patched.setattr(check_module, "as_nodes", lambda root: pytest.fail("the plain check gave up on clean evidence"))
        assert parse_evidence(text, "e.yaml", FRAMEWORK).findings


def test_yaml_with_one_field_changed_gives_what_the_normal_check_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    kept = fell_back = 0
    for text in _mutants(40, seed=20):
        as_yaml = _yaml(json.loads(text))
        plain, normal = _outcome(as_yaml, monkeypatch, True, "e.yaml"), _outcome(as_yaml, monkeypatch, False, "e.yaml")
        assert plain == normal
        kept, fell_back = kept + plain.startswith("("), fell_back + (not plain.startswith("("))
    assert kept and fell_back
    # what the plain reading leaves to the normal one: a key twice, a tag, a key that is not text, yes/no
    base = _yaml(DOCUMENT)
    at = base.index("\n- entity: ", base.index("findings:")) + 1
    for damage in ("- entity: e0_0\n  entity: e0_1\n  target: nk1.1\n  verdict: '+'\n", "- !!binary aGk=\n", "- 3\n",
                   "- {entity: e0_0, target: nk1.1, verdict: '+', 1: x}\n", "- {entity: e0_0, target: nk1.1, verdict: yes}\n",
                   "- {entity: e0_0, target: nk1.1, verdict: '+', note: !!str 5}\n", "- [a, b]\n"):
        text = base[:at] + damage + base[at:]
        assert _outcome(text, monkeypatch, True, "e.yaml") == _outcome(text, monkeypatch, False, "e.yaml")
    line_end = base.index("\n", base.index("  target: ", at)) + 1  # a clean record's target given twice
    text = base[:line_end] + base[base.index("  target: ", at):line_end] + base[line_end:]
    assert "RN606" in _outcome(text, monkeypatch, True, "e.yaml") == _outcome(text, monkeypatch, False, "e.yaml")
