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
from .nodes import MAX_DEPTH, SURROGATE, Node, Plain, RawNumber, ReadError, surrogate_error, too_deep
from .registry import register

_NOWHERE = Span("", 1, 1, 1, 2)  # the span of a scalar read plain (its Node is dropped at once)


class _Again(Exception):
    """The plain reading met what only the normal one can report (a key given twice): read again."""

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


def read_yaml_plain(text: str, path: str) -> Node:
    """As :func:`read_yaml`, the records of the top-level lists (but `entities`) left plain
    (:class:`~.nodes.Plain`: dicts, lists, str, bool, None and RawNumber, each record with its
    span), for the plain check. A file it gives up on is made Nodes by reading it again with
    :func:`read_yaml` (the Plain lists cannot be: their scalars' places were not kept)."""
    try:
        return read_yaml(text, path, plain=True)
    except _Again:
        return read_yaml(text, path)


def read_yaml(text: str, path: str, *, loader: type | None = None, plain: bool = False) -> Node:
    """The YAML document in ``text`` as nodes, in one streaming pass over the parser's events:
    anchors, aliases, nesting past MAX_DEPTH, tags other than the plain ones and keys given twice
    are refused where they start, before anything after them is read."""
    if text and not text.endswith("\n"):  # libyaml and PyYAML end the last collection at different places otherwise
        text += "\n"
    parser: Any = None
    try:
        parser = (loader or _LOADER)(text)  # PyYAML's own reader checks every character here
        node = _compose(parser, path, plain)
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
            return read_yaml(text[: len(text) if end < 0 else end + 1], path, loader=yaml.SafeLoader, plain=plain)
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


def _compose(parser: Any, path: str, plain: bool = False) -> Node | None:
    """Nodes straight from the parser's events, with a stack of our own (PyYAML's composer
    recurses, and builds a node graph as large again as ours before we could see it).

    ``plain``: a mapping in a top-level list (a record; not under `entities`) and what it holds
    are plain values, the record's mapping with its span (what :func:`read_yaml_plain` gives)."""
    get_event, resolve = parser.get_event, parser.resolve
    span = _Spans(path)
    shared: dict[str, str] = {}
    numbers: dict[str, RawNumber] = {}
    # one frame per open collection: [start event, list or dict, pending key node or None]
    stack: list[list[Any]] = []
    root: Node | None = None
    documents = 0
    records_at = -1  # in plain mode, the depth of the stack while a record is open (its frames are plain)
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
                if records_at >= 0:
                    if tag not in _YAML_PLAIN_TAGS or SURROGATE.search(event.value):
                        raise _Again  # the normal reading says where
                    node = _scalar(event, tag, _NOWHERE, shared, numbers).value  # its place is not kept: only the record's
                else:
                    node = _scalar(event, tag, span(event.start_mark, event.end_mark), shared, numbers)
            else:
                if len(stack) >= MAX_DEPTH:
                    raise ReadError(too_deep(_span(path, event.start_mark, event.end_mark)))
                if plain and records_at < 0 and len(stack) == 2 and kind is yaml.MappingStartEvent \
                        and stack[1][1].__class__ is Plain and stack[0][2] is not None:
                    records_at = 2  # a record of a top-level list: plain from here
                stack.append([event, {} if kind is yaml.MappingStartEvent else [], None])
                if plain and len(stack) == 2 and kind is yaml.SequenceStartEvent and stack[0][2] is not None \
                        and stack[0][2].value != "entities":
                    stack[-1][1] = Plain([], None)
                continue
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            start, value, _ = stack.pop()
            if start.tag is not None and start.tag != "!" and start.tag not in _YAML_PLAIN_TAGS:
                raise _bad_tag(start.tag, span(start.start_mark, event.end_mark))  # once its end is known, so that the caret spans it
            if records_at >= 0 and len(stack) > records_at:
                node = value  # inside a record: plain
            elif records_at == len(stack):
                records_at = -1
                stack[-1][1].records.append((span(start.start_mark, event.end_mark), value))  # the record, with its span
                continue
            else:
                node = Node(value, span(start.start_mark, event.end_mark))
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
        kind = container.__class__
        if kind is list:
            container.append(node)
        elif kind is Plain:  # a top-level list's item that is not a mapping: the normal reading places it
            raise _Again
        elif records_at >= 0:  # a plain mapping inside a record
            if frame[2] is None:
                if node.__class__ is not str:
                    raise _Again  # a key that is not text: as the normal reading writes it
                frame[2] = node
            else:
                if frame[2] in container:
                    raise _Again  # a key given twice: the normal reading says where
                container[frame[2]] = node
                frame[2] = None
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


register((), read_yaml, default=True, plain=read_yaml_plain)  # anything not claimed by another reader is YAML (which also reads plain JSON)
