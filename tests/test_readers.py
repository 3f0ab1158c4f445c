"""The evidence readers' registry: a reader per format, chosen by file name only."""

from __future__ import annotations

import pytest

from regienorm.evidence import readers
from regienorm.evidence.readers import json as json_reader
from regienorm.evidence.readers import yaml as yaml_reader


def test_json_by_name_and_anything_else_yaml() -> None:
    assert readers.reader_for("a.json") is readers.read_json is json_reader.read_json
    assert readers.reader_for("DIR/A.JSON") is readers.read_json
    for name in ("a.yaml", "a.yml", "a.evidence.yaml", "a.json.txt", "<e>", "a"):
        assert readers.reader_for(name) is readers.read_yaml is yaml_reader.read_yaml


def test_a_yaml_file_that_starts_with_a_flow_mapping_is_yaml() -> None:
    root = readers.reader_for("e.yaml")("{format: x, n: 1_000}\n", "e.yaml")
    assert root.get("format").value == "x"  # type: ignore[union-attr]
    assert root.get("n").value == readers.RawNumber("1_000", "yaml")  # type: ignore[union-attr]


def test_a_suffix_or_default_claimed_twice_is_refused_and_changes_nothing() -> None:
    before = readers.registry.suffixes()

    def other(text: str, path: str) -> readers.Node:
        raise AssertionError

    with pytest.raises(ValueError, match="already have a reader"):
        readers.register((".csv-never", ".json"), other)
    with pytest.raises(ValueError, match="default"):
        readers.register((), other, default=True)
    with pytest.raises(ValueError, match="starts with"):
        readers.register(("csv",), other)
    assert readers.registry.suffixes() == before
    assert readers.reader_for("a.csv-never") is readers.read_yaml
    readers.register((".json",), readers.read_json)  # the same reader again: nothing changes
    assert readers.registry.suffixes() == before


def _every_evidence_file() -> list:  # type: ignore[type-arg]
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    return sorted([*root.glob("frameworks/**/*.yaml"), *root.glob("tests/golden/evidence/*.yaml"),
                   *root.glob("tests/robustness/crashes/evidence-*.yaml")])


@pytest.mark.skipif(not getattr(yaml_reader.yaml, "__with_libyaml__", False), reason="PyYAML without libyaml")
def test_libyaml_and_pyyamls_own_parser_read_every_file_to_the_same_nodes_or_the_same_error() -> None:
    """The reader uses libyaml when PyYAML has it and PyYAML's own parser otherwise: the same
    nodes, spans included, or the same code at the same line and column."""
    import yaml

    from regienorm.files import decode

    def read(text: str, name: str, loader: type) -> object:
        try:
            return yaml_reader.read_yaml(text, name, loader=loader)
        except readers.ReadError as exc:
            return (exc.diagnostic.code, exc.diagnostic.span.line if exc.diagnostic.span else None)

    files = _every_evidence_file()
    assert len(files) > 30
    for file in files:
        try:
            text = decode(file.read_bytes(), str(file)).text
        except Exception:  # noqa: BLE001 - a file the decoder refuses never reaches a reader
            continue
        assert read(text, str(file), yaml.CSafeLoader) == read(text, str(file), yaml.SafeLoader), file
    def spans(text: str, loader: type) -> object:  # every node's span, to compare positions too
        node = read(text, "t.yaml", loader)
        out, todo = [], [node]
        while todo:
            current = todo.pop()
            if not isinstance(current, readers.Node):
                return current
            out.append(current.span)
            todo.extend(current.value.values() if isinstance(current.value, dict) else
                        current.value if isinstance(current.value, list) else [])
        return out

    for text in ('a: "\\ud800"\n', "a: " + "[" * 100 + "]" * 100 + "\n", "a: !!python/name:os.system x\n",
                 "a: &x 1\nb: *x\n", "a: 1\na: 2\n", "- x\n--- \n- y\n", "", "a: b\x07\n",
                 # columns count characters, also past ones outside the BMP and combining ones
                 "a: {b: \U0001f600\U0001f600, c: e\u0301, b: 1}\n", "x: \U0001f600 \u00e9\u0301 [1, 2\n",
                 "- {a: \U0001f600}\n- {a: \U0001f600, a: 2}\n"):
        assert spans(text, yaml.CSafeLoader) == spans(text, yaml.SafeLoader), text
