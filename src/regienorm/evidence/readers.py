"""Structured files (YAML, JSON) to position-carrying nodes.

Every mapping, list and scalar keeps the line and column it came from, so that an error in an
evidence record names where the record is. YAML is read safely: no tags beyond the standard ones,
no anchors or aliases (they are what alias bombs are made of, and evidence never needs them), and a
key given twice is an error (plain YAML silently keeps the last: that is a lost finding).

Both readers check nesting (at most :data:`MAX_DEPTH` lists and mappings inside each other) in a
first pass that does not recurse, before anything that does; and both refuse text holding a lone
surrogate, which no file can be written back with. Limits: docs/robustness.md.
"""

from __future__ import annotations

import json
import json.decoder
import json.scanner
import re
from collections.abc import Iterator
from typing import Any

import attrs
import yaml

from ..diagnostics import Diagnostic, error
from ..source import LineIndex, Span

MAX_EVIDENCE_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 64


@attrs.frozen
class Node:
    """A value read from a file with its position. Mappings hold Nodes; so do lists.

    ``raw`` is a YAML scalar as written, kept where the value lost it (``yes`` read as true)."""

    value: Any
    span: Span
    raw: str | None = attrs.field(default=None, eq=False, repr=False)

    def get(self, key: str) -> Node | None:
        if isinstance(self.value, dict):
            return self.value.get(key)
        return None

    def items(self) -> Iterator[tuple[str, Node]]:
        assert isinstance(self.value, dict)
        return iter(self.value.items())

    def plain(self) -> Any:
        """The value without positions."""
        if isinstance(self.value, dict):
            return {k: v.plain() for k, v in self.value.items()}
        if isinstance(self.value, list):
            return [v.plain() for v in self.value]
        return self.value


class ReadError(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


@attrs.frozen
class RawNumber:
    """A number as written (kept as text so nothing is lost to binary floating point).

    ``syntax`` says who decided it is a number: ``yaml`` (an unquoted YAML scalar that YAML 1.1
    resolves to an int or a float) or ``json`` (a JSON number literal)."""

    text: str
    syntax: str = "yaml"

    def __str__(self) -> str:
        return self.text


_YAML_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}

_SURROGATE = re.compile("[\ud800-\udfff]")


def _surrogate_error(span: Span) -> ReadError:
    return ReadError(error("RN001", "a text holds a lone surrogate, which is not valid Unicode", span,
                           "remove the `\\ud…` escape, or write the character itself"))


def read_yaml(text: str, path: str) -> Node:
    try:
        _check_events(text, path)
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1) if mark else 1
        column = (mark.column + 1) if mark else 1
        raise ReadError(error("RN601", f"the YAML is malformed: {exc.problem or exc.context}",
                              Span.point(path, line, column), "fix the YAML syntax at this place")) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow (a control character)
        line, column = LineIndex(text).position(exc.position)
        character = exc.character if isinstance(exc.character, str) else chr(exc.character)
        raise ReadError(error("RN601", f"the YAML holds the character U+{ord(character):04X}, which YAML does not allow",
                              Span.point(path, line, column), "remove it, or write it as an escape in a double-quoted text")) from None
    except yaml.YAMLError as exc:
        raise ReadError(error("RN601", f"the YAML is malformed: {exc}", Span.point(path, 1),
                              "fix the YAML syntax")) from None
    if node is None:
        raise ReadError(error("RN602", "the file is empty", Span.point(path, 1), "the file needs a `format:` line and records"))
    return _from_yaml(node, path, 0)


def _check_events(text: str, path: str) -> None:
    """One streaming pass before composing: refuse anchors and aliases (alias bombs) and nesting
    deeper than MAX_DEPTH (PyYAML's composer recurses) before either can cost anything."""
    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        mark = event.start_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise ReadError(error("RN603", "YAML anchors and aliases are not allowed in evidence",
                                  Span.point(path, line, column),
                                  "write each record out in full"))
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise ReadError(_too_deep(Span.point(path, line, column)))
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1


def _too_deep(span: Span) -> Diagnostic:
    return error("RN604", f"the file is nested more than {MAX_DEPTH} levels deep", span,
                 f"evidence is at most {MAX_DEPTH} lists and mappings inside each other")


def _from_yaml(node: yaml.Node, path: str, depth: int) -> Node:
    mark = node.start_mark
    end = node.end_mark or mark
    span = Span(path, mark.line + 1, mark.column + 1, end.line + 1, end.column + 1)
    if depth > MAX_DEPTH:  # _check_events refuses this first; kept as the backstop
        raise ReadError(_too_deep(span))
    if node.tag not in _YAML_PLAIN_TAGS:
        raise ReadError(error("RN605", f"the YAML tag `{node.tag}` is not allowed", span,
                              "remove the tag; evidence holds plain text, numbers, lists and mappings"))
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = _from_yaml(key_node, path, depth + 1)
            if not isinstance(key.value, str):
                key = Node(key.raw if key.raw is not None else str(key.value), key.span)
            if key.value in out:
                raise ReadError(error("RN606", f"the key `{key.value}` is given twice", key.span,
                                      "remove or rename one; YAML would silently keep only the last",
                                      notes=[f"first given at line {out[key.value].span.line}"]))
            out[key.value] = _from_yaml(value_node, path, depth + 1)
        return Node(out, span)
    if isinstance(node, yaml.SequenceNode):
        return Node([_from_yaml(child, path, depth + 1) for child in node.value], span)
    assert isinstance(node, yaml.ScalarNode)
    if _SURROGATE.search(node.value):
        raise _surrogate_error(span)
    value: Any = node.value
    if node.tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
        value = RawNumber(node.value, "yaml")
    elif node.tag == "tag:yaml.org,2002:bool":
        value = node.value.lower() in ("yes", "true", "on", "y")
    elif node.tag == "tag:yaml.org,2002:null":
        value = None
    return Node(value, span, raw=node.value)


#: JSON strings and brackets, for the depth pass; possessive, so a long string costs no memory.
_JSON_TOKENS = re.compile(r'"[^"\\]*+(?:\\.[^"\\]*+)*+"|[\[\]{}"]', re.S)


def read_json(text: str, path: str) -> Node:
    lines = LineIndex(text)

    def wrap(value: Any, pos: int) -> Node:
        return Node(value, lines.span(path, pos))

    depth = 0
    for token in _JSON_TOKENS.finditer(text):
        mark = token.group()
        if mark in ("[", "{"):
            depth += 1
            if depth > MAX_DEPTH:
                raise ReadError(_too_deep(lines.span(path, token.start())))
        elif mark in ("]", "}"):
            depth -= 1
        elif mark == '"':  # a string that does not end: the parser below says where
            break

    decoder = json.JSONDecoder(parse_float=lambda s: RawNumber(s, "json"), parse_int=lambda s: RawNumber(s, "json"),
                               parse_constant=lambda s: RawNumber(s, "json"))

    def parse_string(s: str, end: int, strict: bool = True) -> tuple[str, int]:
        value, after = json.decoder.scanstring(s, end, strict)  # type: ignore[attr-defined]
        if _SURROGATE.search(value):
            raise _surrogate_error(lines.span(path, end - 1))
        return value, after

    def parse_object(s_and_end: tuple[str, int], strict: bool, scan_once: Any, object_hook: Any,
                     object_pairs_hook: Any, memo: Any = None, _w: Any = None) -> tuple[Node, int]:
        start = s_and_end[1] - 1
        pairs, end = json.decoder.JSONObject(  # type: ignore[attr-defined]
            s_and_end, strict, scan_once, None, lambda p: p, memo)
        out: dict[str, Node] = {}
        for key, value in pairs:
            if _SURROGATE.search(key):
                raise _surrogate_error(lines.span(path, start))
            if key in out:
                raise ReadError(error("RN606", f"the key `{key}` is given twice", lines.span(path, start),
                                      "remove or rename one; only one value per key is kept"))
            out[key] = value if isinstance(value, Node) else wrap(value, start)
        return wrap(out, start), end

    def parse_array(s_and_end: tuple[str, int], scan_once: Any, _w: Any = None) -> tuple[Node, int]:
        start = s_and_end[1] - 1
        values, end = json.decoder.JSONArray(  # type: ignore[attr-defined]
            s_and_end, scan_once)
        return wrap([v if isinstance(v, Node) else wrap(v, start) for v in values], start), end

    decoder.parse_object = parse_object  # type: ignore[attr-defined]
    decoder.parse_array = parse_array  # type: ignore[attr-defined]
    decoder.parse_string = parse_string  # type: ignore[attr-defined]
    decoder.memo = {}  # type: ignore[attr-defined]
    decoder.scan_once = json.scanner.py_make_scanner(decoder)  # type: ignore[attr-defined]
    try:
        value, end = decoder.raw_decode(text, _skip_ws(text, 0))
    except json.JSONDecodeError as exc:
        raise ReadError(error("RN601", f"the JSON is malformed: {exc.msg}", Span.point(path, exc.lineno, exc.colno),
                              "fix the JSON syntax at this place")) from None
    except RecursionError:  # the depth pass refuses this first; kept as the backstop
        raise ReadError(_too_deep(Span.point(path, 1))) from None
    if _skip_ws(text, end) != len(text):
        raise ReadError(error("RN601", "the JSON has text after its end", lines.span(path, _skip_ws(text, end)),
                              "remove what follows the closing bracket"))
    return value if isinstance(value, Node) else wrap(value, 0)


def _skip_ws(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\n\r":
        pos += 1
    return pos
