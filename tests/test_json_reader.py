"""The JSON reader reads with the C scanner and places what lies deep inside a record near it;
the exact reader places everything. Both must give the same nodes, and every message the same
text at the same file:line:column: on every JSON file here, on every YAML evidence case written
as JSON, and on damaged copies of them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from regienorm import EvidenceError, compile_file, parse_evidence, render_full
from regienorm.evidence import load as load_module
from regienorm.evidence.readers import NearSpan, Node, ReadError, read_json
from regienorm.evidence.readers.json_positions import read_json_positions
from regienorm.files import decode_text

from .conftest import EXAMPLES, ROOT

GOLDEN = ROOT / "tests" / "golden" / "evidence"
JSON_FILES = sorted(p for p in ROOT.glob("tests/**/*.json") if "expected" not in p.name)


def _as_json(case: Path) -> str:
    """A YAML evidence case written as JSON, one record a line, as tools write evidence."""
    try:
        data = yaml.safe_load(case.read_text(encoding="utf-8"))
    except yaml.YAMLError:
        return "{]"  # a case of malformed YAML: malformed JSON
    if not isinstance(data, dict):
        return json.dumps(data)
    parts = []
    for key, value in data.items():
        if isinstance(value, list):
            rows = ",\n    ".join(json.dumps(v, ensure_ascii=False, default=str) for v in value)
            parts.append(f"  {json.dumps(key)}: [\n    {rows}\n  ]")
        else:
            parts.append(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False, default=str)}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


YAML_CASES = sorted(GOLDEN.glob("*.yaml")) + sorted((ROOT / "tests" / "golden" / "evidence-warnings").glob("*.yaml")) \
    + sorted((ROOT / "frameworks" / "examples").glob("*.evidence.yaml"))


def _same_nodes(fast: Node, exact: Node, record: Node | None = None) -> None:
    assert type(fast.value) is type(exact.value) or (fast.value == exact.value)
    if isinstance(fast.span, NearSpan):  # deep inside a record: near it, at the record
        assert record is not None and (fast.span.line, fast.span.column) == (record.span.line, record.span.column)
    else:
        assert type(fast.span) is type(exact.span) and fast.span == exact.span
    if isinstance(fast.value, dict):
        assert list(fast.value) == list(exact.value)
        for key in fast.value:
            _same_nodes(fast.value[key], exact.value[key], record)
    elif isinstance(fast.value, list):
        assert len(fast.value) == len(exact.value)
        for f, e in zip(fast.value, exact.value, strict=True):
            # the items of a top-level list are records
            _same_nodes(f, e, f if record is None and isinstance(f.value, dict) else record)
    else:
        assert fast.value == exact.value and fast.raw == exact.raw


def _texts() -> list[tuple[str, str]]:
    out = [(str(p.relative_to(ROOT)), p.read_text(encoding="utf-8")) for p in JSON_FILES]
    out += [(str(p.relative_to(ROOT).with_suffix(".json")), _as_json(p)) for p in YAML_CASES]
    return out


def _read(reader: Any, text: str, path: str) -> Node | str:
    try:
        return reader(text, path)
    except ReadError as exc:
        return f"{exc.diagnostic}"


@pytest.mark.parametrize(("path", "text"), _texts(), ids=[p for p, _ in _texts()])
def test_the_c_scanner_gives_the_exact_readers_nodes(path: str, text: str) -> None:
    text = decode_text(text, path).text
    fast, exact = _read(read_json, text, path), _read(read_json_positions, text, path)
    if isinstance(exact, str):
        assert fast == exact
    else:
        assert isinstance(fast, Node)
        _same_nodes(fast, exact)


def _damaged(text: str) -> list[str]:
    """Copies of ``text`` with one thing wrong: a character gone, a key twice, a bracket more."""
    out = []
    for at in sorted({len(text) // 3, len(text) // 2, (2 * len(text)) // 3, len(text) - 3}):
        out.append(text[:at] + text[at + 1:])
    first_record = text.find('{"', 2)
    if first_record > 0:
        out.append(text[:first_record + 1] + '"entity": "x", ' + text[first_record + 1:])  # a key twice (mostly)
        out.append(text[:first_record] + "[" * 70 + "1" + "]" * 70 + ", " + text[first_record:])  # too deep
        out.append(text[:first_record] + '"\\ud800", ' + text[first_record:])  # a lone surrogate
        out.append(text[:first_record] + '{"a": {"b": [1, 2]}}, ' + text[first_record:])  # deep inside a record
    for inside, wrong in (('"source": {', '"colour": "red", '), ('"sources": [', '"p. 3", '), ('"inputs": {', '"nope": 1, ')):
        at = text.find(inside)
        if at >= 0:  # something wrong deep inside a record: the message must place it exactly
            out.append(text[:at + len(inside)] + wrong + text[at + len(inside):])
    return out


def _messages(text: str, path: str, exact: bool, monkeypatch: pytest.MonkeyPatch) -> str:
    framework = compile_file((EXAMPLES / "jeugdhulp.norm").relative_to(ROOT))
    with monkeypatch.context() as patched:
        if exact:
            patched.setattr(load_module, "reader_for", lambda _path: read_json_positions)
        try:
            evidence = parse_evidence(text, path, framework)
        except EvidenceError as exc:
            return "\n".join(render_full(d, {path: decode_text(text, path)}) for d in exc.diagnostics)
    spans = [(r.span, getattr(r, "inputs", ())) for kind in (evidence.entities, evidence.findings, evidence.measures,
                                                             evidence.recorded, evidence.overrides) for r in kind]
    inputs = [(i.name, i.span) for e in evidence.entities for i in e.inputs]
    return repr((evidence, spans, inputs, [str(w) + (w.help or "") for w in evidence.warnings]))


CASES = [(str(p.relative_to(ROOT).with_suffix(".json")), _as_json(p)) for p in YAML_CASES]
CASES += [(str(p.relative_to(ROOT)), p.read_text(encoding="utf-8")) for p in sorted(GOLDEN.glob("*.json"))]


@pytest.mark.parametrize(("path", "text"), CASES, ids=[p for p, _ in CASES])
def test_every_message_is_the_exact_readers(path: str, text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for variant in [text, *_damaged(text)]:
        fast = _messages(variant, path, False, monkeypatch)
        exact = _messages(variant, path, True, monkeypatch)
        assert fast == exact
        assert "NearSpan" not in fast  # no near position reaches a message or the evidence


def test_a_message_about_a_place_deep_in_a_record_reads_the_file_again(monkeypatch: pytest.MonkeyPatch) -> None:
    text = (EXAMPLES / "jeugdhulp.evidence.yaml").read_text(encoding="utf-8")
    as_json = _as_json(EXAMPLES / "jeugdhulp.evidence.yaml")
    assert "source" in text
    spot = as_json.index('"source": {') + len('"source": {')
    damaged = as_json[:spot] + '"colour": "red", ' + as_json[spot:]  # an unknown key inside a measure's source
    calls: list[str] = []
    monkeypatch.setattr(load_module, "exact_reader",
                        lambda reader: (lambda t, p: calls.append(p) or read_json_positions(t, p)))  # type: ignore[func-returns-value]
    framework = compile_file(EXAMPLES / "jeugdhulp.norm")
    with pytest.raises(EvidenceError) as caught:
        parse_evidence(damaged, "e.json", framework)
    assert calls == ["e.json"]
    line = damaged[:spot].count("\n") + 1
    assert any(d.span is not None and d.span.line == line and type(d.span) is not NearSpan
               and d.span.column == spot - damaged.rfind("\n", 0, spot) - 1 for d in caught.value.diagnostics)
