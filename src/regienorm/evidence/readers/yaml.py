"""YAML evidence to position-carrying nodes.

Every mapping, list and scalar keeps the line and column it came from. YAML is read safely: no tags
beyond the standard ones, no anchors or aliases (they are what alias bombs are made of, and evidence
never needs them), and a key given twice is an error (plain YAML silently keeps the last: that is a
lost finding). Nesting is checked in a first, streaming pass (:func:`_check_events`) before the
composer, which recurses, sees the text. Limits: docs/robustness.md.
"""

from __future__ import annotations

from typing import Any

import yaml

from ...diagnostics import error
from ...source import LineIndex, Span
from .nodes import MAX_DEPTH, SURROGATE, Node, RawNumber, ReadError, surrogate_error, too_deep
from .registry import register

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
                raise ReadError(too_deep(Span.point(path, line, column)))
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1


def _from_yaml(node: yaml.Node, path: str, depth: int) -> Node:
    mark = node.start_mark
    end = node.end_mark or mark
    span = Span(path, mark.line + 1, mark.column + 1, end.line + 1, end.column + 1)
    if depth > MAX_DEPTH:  # _check_events refuses this first; kept as the backstop
        raise ReadError(too_deep(span))
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
    if SURROGATE.search(node.value):
        raise surrogate_error(span)
    value: Any = node.value
    if node.tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
        value = RawNumber(node.value, "yaml")
    elif node.tag == "tag:yaml.org,2002:bool":
        value = node.value.lower() in ("yes", "true", "on", "y")
    elif node.tag == "tag:yaml.org,2002:null":
        value = None
    return Node(value, span, raw=node.value)


register((), read_yaml, default=True)  # anything not claimed by another reader is YAML (which also reads plain JSON)
