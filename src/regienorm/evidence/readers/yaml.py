"""YAML evidence to position-carrying nodes.

Every mapping, list and scalar keeps the line and column it came from. YAML is read safely: no tags
beyond the standard ones, no anchors or aliases (they are what alias bombs are made of, and evidence
never needs them), and a key given twice is an error (plain YAML silently keeps the last: that is a
lost finding). The nodes are built from the parser's events in one streaming pass (PyYAML's
composer recurses, and holds a node graph as large as ours), with libyaml's parser when PyYAML has
it. Limits: docs/robustness.md.
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

#: libyaml's parser when PyYAML was built with it (about ten times faster); else PyYAML's own,
#: which reads every file of the repository to the same nodes (tests/test_readers.py runs both).
#: At the edges of YAML the two differ (docs/robustness.md): a tab inside a flow scalar or a `?`
#: inside a flow key is read by libyaml and refused by PyYAML (RN601); an empty value in a flow
#: mapping is placed one column apart. Either way the result is nodes or a located error.
_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader) if getattr(yaml, "__with_libyaml__", False) else yaml.SafeLoader
#: Scalars shorter than this are shared between nodes (ids, keys, verdicts repeat on every record).
_SHARED_SCALAR = 64


def read_yaml(text: str, path: str, *, loader: type | None = None) -> Node:
    """The YAML document in ``text`` as nodes, in one streaming pass over the parser's events:
    anchors, aliases, nesting past MAX_DEPTH, tags other than the plain ones and keys given twice
    are refused where they start, before anything after them is read."""
    if text and not text.endswith("\n"):  # libyaml and PyYAML end the last collection at different places otherwise
        text += "\n"
    parser: Any = None
    try:
        parser = (loader or _LOADER)(text)  # PyYAML's own reader checks every character here
        node = _compose(parser, path)
    except yaml.MarkedYAMLError as exc:
        libyaml = not isinstance(parser, yaml.SafeLoader)
        if libyaml and "invalid Unicode character escape" in str(exc.problem):  # PyYAML's reader lets it through
            mark = exc.context_mark or exc.problem_mark
            raise surrogate_error(Span.point(path, mark.line + 1, mark.column + 1) if mark else Span.point(path, 1)) from None
        if libyaml and "nesting depth" in str(exc.problem) and exc.problem_mark is not None:
            # libyaml scans a flow collection to its end before it gives the first event, and stops
            # at 1,000 levels; PyYAML's own parser, on the text up to that place, gives the event
            # where level 65 starts, as the limit says
            parser.dispose()
            end = text.find("\n", exc.problem_mark.index)
            return read_yaml(text[: len(text) if end < 0 else end + 1], path, loader=yaml.SafeLoader)
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1) if mark else 1
        column = (mark.column + 1) if mark else 1
        raise ReadError(error("RN601", f"the YAML is malformed: {exc.problem or exc.context}",
                              Span.point(path, line, column), "fix the YAML syntax at this place")) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow (a control character)
        line, column = LineIndex(text).position(_character_offset(text, exc, parser))
        character = exc.character if isinstance(exc.character, str) else chr(exc.character)
        raise ReadError(error("RN601", f"the YAML holds the character U+{ord(character):04X}, which YAML does not allow",
                              Span.point(path, line, column), "remove it, or write it as an escape in a double-quoted text")) from None
    except yaml.YAMLError as exc:
        raise ReadError(error("RN601", f"the YAML is malformed: {exc}", Span.point(path, 1),
                              "fix the YAML syntax")) from None
    finally:
        if parser is not None:
            parser.dispose()
    if node is None:
        raise ReadError(error("RN602", "the file is empty", Span.point(path, 1), "the file needs a `format:` line and records"))
    return node


def _character_offset(text: str, exc: yaml.reader.ReaderError, parser: Any) -> int:
    """libyaml reports the offset in UTF-8 bytes, PyYAML's reader in characters."""
    if parser is None or isinstance(parser, yaml.SafeLoader):
        return int(exc.position)
    return len(text.encode("utf-8")[: exc.position].decode("utf-8", "replace"))


def _span(path: str, start: Any, end: Any) -> Span:
    return Span(path, start.line + 1, start.column + 1, end.line + 1, end.column + 1)


class _Spans:
    """Spans whose line numbers are shared: every node on a line holds the same int object for it
    (an int past 256 is a new object each time it is computed; a record on one line has four
    spans, so this is about a quarter of the memory of a file of one-line records)."""

    __slots__ = ("path", "raw", "line")

    def __init__(self, path: str) -> None:
        self.path, self.raw, self.line = path, -1, 0

    def __call__(self, start: Any, end: Any) -> Span:
        if start.line != self.raw:
            self.raw, self.line = start.line, start.line + 1
        line = self.line
        end_line = line if end.line == self.raw else end.line + 1
        return Span(self.path, line, start.column + 1, end_line, end.column + 1)


def _compose(parser: Any, path: str) -> Node | None:
    """Nodes straight from the parser's events, with a stack of our own (PyYAML's composer
    recurses, and builds a node graph as large again as ours before we could see it)."""
    get_event, resolve = parser.get_event, parser.resolve
    span = _Spans(path)
    shared: dict[str, str] = {}
    numbers: dict[str, RawNumber] = {}
    # one frame per open collection: [start event, list or dict, pending key node or None]
    stack: list[list[Any]] = []
    root: Node | None = None
    documents = 0
    while True:
        event = get_event()
        kind = event.__class__
        if kind is yaml.ScalarEvent or kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            if event.anchor is not None:
                raise _anchor(path, event)
            tag = event.tag
            if kind is yaml.ScalarEvent:
                if tag is None or tag == "!":
                    tag = resolve(yaml.ScalarNode, event.value, event.implicit)
                node = _scalar(event, tag, span(event.start_mark, event.end_mark), shared, numbers)
            else:
                if len(stack) >= MAX_DEPTH:
                    raise ReadError(too_deep(_span(path, event.start_mark, event.end_mark)))
                stack.append([event, {} if kind is yaml.MappingStartEvent else [], None])
                continue
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            start, value, _ = stack.pop()
            node = Node(value, span(start.start_mark, event.end_mark))
            if start.tag is not None and start.tag != "!" and start.tag not in _YAML_PLAIN_TAGS:
                raise _bad_tag(start.tag, node.span)  # once its end is known, so that the caret spans it
        elif kind is yaml.AliasEvent:
            raise _anchor(path, event)
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise yaml.composer.ComposerError("expected a single document in the stream", None,
                                                  "but found another document", event.start_mark)
            continue
        elif kind is yaml.StreamEndEvent:
            return root
        else:  # the stream's start, a document's end
            continue
        if not stack:
            root = node
            continue
        frame = stack[-1]
        container = frame[1]
        if container.__class__ is list:
            container.append(node)
        elif frame[2] is None:
            frame[2] = node if isinstance(node.value, str) else Node(node.raw if node.raw is not None else str(node.value), node.span)
        else:
            key = frame[2]
            if key.value in container:
                raise ReadError(error("RN606", f"the key `{key.value}` is given twice", key.span,
                                      "remove or rename one; YAML would silently keep only the last",
                                      notes=[f"first given at line {container[key.value].span.line}"]))
            container[key.value] = node
            frame[2] = None


def _scalar(event: Any, tag: str, span: Span, shared: dict[str, str], numbers: dict[str, RawNumber]) -> Node:
    text = event.value
    if tag not in _YAML_PLAIN_TAGS:
        raise _bad_tag(tag, span)
    if SURROGATE.search(text):
        raise surrogate_error(span)
    if len(text) < _SHARED_SCALAR:
        text = shared.setdefault(text, text)
    value: Any = text
    if tag == "tag:yaml.org,2002:int" or tag == "tag:yaml.org,2002:float":
        value = numbers.get(text)
        if value is None:
            value = numbers[text] = RawNumber(text, "yaml")
    elif tag == "tag:yaml.org,2002:bool":
        value = text.lower() in ("yes", "true", "on", "y")
    elif tag == "tag:yaml.org,2002:null":
        value = None
    return Node(value, span, raw=text)


def _anchor(path: str, event: Any) -> ReadError:
    return ReadError(error("RN603", "YAML anchors and aliases are not allowed in evidence",
                           Span.point(path, event.start_mark.line + 1, event.start_mark.column + 1),
                           "write each record out in full"))


def _bad_tag(tag: str, span: Span) -> ReadError:
    return ReadError(error("RN605", f"the YAML tag `{tag}` is not allowed", span,
                           "remove the tag; evidence holds plain text, numbers, lists and mappings"))


register((), read_yaml, default=True)  # anything not claimed by another reader is YAML (which also reads plain JSON)
