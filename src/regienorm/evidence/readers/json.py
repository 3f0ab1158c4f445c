"""JSON evidence to position-carrying nodes, read by the standard library's C scanner.

The exact reader (:mod:`.json_positions`) gives every value its own position, by a scanner in
Python: about 30 times slower than ``json.loads``. Evidence is mostly long lists of small records,
and a message names a record, or a key of it, far more often than a place inside a value. So this
reader walks the top-level mapping itself and hands each record of a top-level list to the C
scanner (``json.JSONDecoder.scan_once``, the public decoder's own): the record's position is
where the walk found it, and each of its scalars gets the position the exact reader gives a
scalar (its mapping's). Only what lies deeper inside a record (a `source:` mapping, a list of
`sources:`) is placed approximately, at the record, with a :class:`~.nodes.NearSpan`. The entities and
the `assessment` are small and their named inputs carry their positions into the verdicts'
reasons: they are read by the exact scanner.

Whatever the fast walk cannot vouch for falls back to the exact reader for the whole file, so
every message is the one the exact reader gives: a syntax error, a key given twice, a ``\\ud…``
escape, nesting past the limit, a record that is not a mapping. When a message the check is
about to show rests on an approximate position (:func:`~.nodes.needs_exact`), the loader reads
the file again with the exact reader, registered beside this one (:mod:`..load`).
"""

from __future__ import annotations

import json
import re
from typing import Any

from ...source import LineIndex, Span
from .json_positions import position_scanner, read_json_positions
from .nodes import MAX_DEPTH, NearSpan, Node, Plain, RawNumber, ReadError, Unsure, WrittenNumber, as_nodes
from .registry import register

_Number = WrittenNumber
#: A `\ud800`-`\udfff` escape: a surrogate, paired or lone (the exact reader decides which); in
#: text that is not ASCII, also one as it is (text that did not come through files.decode).
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]|[\ud800-\udfff]")
_WS = re.compile(r"[ \t\n\r]*")
#: Top-level lists read by the exact scanner: small, and what they hold is shown in reasons.
_EXACT_LISTS = ("entities",)
#: Strings shorter than this are shared between nodes (ids, verdicts repeat on every record).
_SHARED = 64


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        raise Unsure  # a key given twice: the exact reader says where
    return out


_DECODER = json.JSONDecoder(object_pairs_hook=_pairs, parse_float=_Number, parse_int=_Number, parse_constant=_Number)
#: ``SCAN(text, offset) -> (value, end)``: the C scanner when the interpreter has it (CPython
#: does); raises Unsure for a key given twice, StopIteration or JSONDecodeError for bad JSON.
SCAN = _DECODER.scan_once  # type: ignore[attr-defined]
#: As SCAN, an integer literal read as an int (by C, a third cheaper than a WrittenNumber): its
#: text is ``str()`` of it, except for ``-0``, so a text that holds ``-0`` is scanned by SCAN.
SCAN_INT = json.JSONDecoder(object_pairs_hook=_pairs, parse_float=_Number, parse_constant=_Number).scan_once  # type: ignore[attr-defined]


def read_json(text: str, path: str) -> Node:
    """The JSON document in ``text`` as nodes (see the module's documentation), or ReadError."""
    root = read_json_plain(text, path)
    try:
        return as_nodes(root)
    except (Unsure, RecursionError):  # nesting past the limit inside a record: the exact reader says where
        return read_json_positions(text, path)


def read_json_plain(text: str, path: str) -> Node:
    """As :func:`read_json`, the records of the top-level lists left as the C scanner made them
    (:class:`~.nodes.Plain`, each with its record's span): what the plain check reads."""
    try:
        return _Walk(text, path).root()
    except (Unsure, ReadError, RecursionError, StopIteration, ValueError):  # JSONDecodeError is a ValueError
        return read_json_positions(text, path)


def unsure(text: str) -> bool:
    """Whether ``text`` holds what only the exact reader may judge (a surrogate)."""
    return (_SURROGATE_ESCAPE if text.isascii() else _SURROGATE).search(text) is not None


class Records:
    """Records scanned in C as Nodes (:meth:`node`), numbers and short strings shared."""

    def __init__(self) -> None:
        self.numbers: dict[str, RawNumber] = {}
        self.shared: dict[str, str] = {}

    def node(self, value: dict[str, Any], span: Span, depth: int = 3) -> dict[str, Node]:
        """A record scanned in C as a Node holds it: its scalars as Nodes at the record (as the
        exact reader places them), a number as written, a short string shared; what lies deeper
        near the record. ``depth``: the record's own (in a top-level list: 3)."""
        shared, out = self.shared, {}
        inner: NearSpan | None = None
        for key, item in value.items():
            key = shared.setdefault(key, key)
            kind = item.__class__
            if kind is str:
                out[key] = Node(shared.setdefault(item, item) if len(item) < _SHARED else item, span)
            elif kind is _Number or kind is int or kind is dict or kind is list:
                if inner is None:
                    inner = NearSpan(span.path, span.line, span.column, span.end_line, span.end_column)
                out[key] = self.child(item, span, inner, depth)
            else:
                out[key] = Node(item, span)
        return out

    def child(self, item: Any, span: Span, inner: NearSpan, depth: int) -> Node:
        """A value inside a record at ``depth`` (the record's mapping is at 3): a number at
        ``span`` (its mapping's), a list or mapping and what it holds near the record."""
        kind = item.__class__
        if kind is _Number or kind is int:
            written = str(item)
            found = self.numbers.get(written)
            if found is None:
                found = self.numbers[written] = RawNumber(written, "json")
            return Node(found, span)
        if kind is dict:
            if depth >= MAX_DEPTH:
                raise Unsure  # the exact reader's depth pass says where
            shared = self.shared
            return Node({shared.setdefault(k, k): self.child(v, inner, inner, depth + 1) for k, v in item.items()}, inner)
        if kind is list:
            if depth >= MAX_DEPTH:
                raise Unsure
            return Node([self.child(v, inner, inner, depth + 1) for v in item], inner)
        if kind is str and len(item) < _SHARED:
            item = self.shared.setdefault(item, item)
        return Node(item, span)


class _Walk(Records):
    """The top-level mapping walked by hand, the records in its lists scanned in C."""

    def __init__(self, text: str, path: str) -> None:
        if unsure(text):
            raise Unsure
        super().__init__()
        self.text, self.path = text, path
        self.line, self.line_start, self.counted = 1, 0, 0  # the line of offset `counted`, counted forward
        self.exact: Any = None

    def root(self) -> Node:
        text = self.text
        scan = SCAN if "-0" in text else SCAN_INT
        pos = _WS.match(text, 0).end()  # type: ignore[union-attr]
        if text[pos:pos + 1] != "{":
            raise Unsure
        root_span = self.span(pos)
        out: dict[str, Node] = {}
        pos = self.skip(pos + 1)
        if text[pos:pos + 1] == "}":
            pos += 1
        else:
            while True:
                if text[pos:pos + 1] != '"':
                    raise Unsure
                key, pos = json.decoder.scanstring(text, pos + 1)  # type: ignore[attr-defined]
                pos = self.skip(pos)
                if text[pos:pos + 1] != ":" or key in out:
                    raise Unsure
                pos = self.skip(pos + 1)
                if text[pos:pos + 1] == "[" and key not in _EXACT_LISTS:
                    out[key], pos = self.records(pos, scan)
                else:
                    value, pos = self.exactly(pos)
                    out[key] = value if isinstance(value, Node) else Node(value, root_span)
                pos = self.skip(pos)
                mark = text[pos:pos + 1]
                pos += 1
                if mark == "}":
                    break
                if mark != ",":
                    raise Unsure
                pos = self.skip(pos)
        if self.skip(pos) != len(text):
            raise Unsure
        return Node(out, root_span)

    def skip(self, pos: int) -> int:
        return _WS.match(self.text, pos).end()  # type: ignore[union-attr]

    def span(self, pos: int) -> Span:
        """The one-character span at ``pos``; offsets come in order, so lines are counted forward."""
        if pos < self.counted:
            raise Unsure  # cannot happen: the walk only moves forward
        text = self.text
        newlines = text.count("\n", self.counted, pos)
        if newlines:
            self.line += newlines
            self.line_start = text.rfind("\n", 0, pos) + 1
        self.counted = pos
        column = pos - self.line_start + 1
        return Span(self.path, self.line, column, self.line, column + 1)

    def records(self, pos: int, scan: Any) -> tuple[Node, int]:
        text, path, ws = self.text, self.path, _WS.match
        listed: list[tuple[Span, dict[str, Any]]] = []
        list_node = Node(Plain(listed, self.node), self.span(pos))
        pos = ws(text, pos + 1).end()  # type: ignore[union-attr]
        if text[pos:pos + 1] == "]":
            return list_node, pos + 1
        count, rfind, append = text.count, text.rfind, listed.append
        line, line_start, counted = self.line, self.line_start, self.counted
        while True:
            if text[pos:pos + 1] != "{":
                raise Unsure  # a record that is not a mapping: the check says so at the exact place
            newlines = count("\n", counted, pos)
            if newlines:
                line += newlines
                line_start = rfind("\n", 0, pos) + 1
            counted = pos
            column = pos - line_start + 1
            span = Span(path, line, column, line, column + 1)
            value, pos = scan(text, pos)
            append((span, value))
            pos = ws(text, pos).end()  # type: ignore[union-attr]
            mark = text[pos:pos + 1]
            if mark == "]":
                self.line, self.line_start, self.counted = line, line_start, counted
                return list_node, pos + 1
            if mark != ",":
                raise Unsure
            pos = ws(text, pos + 1).end()  # type: ignore[union-attr]

    def exactly(self, pos: int) -> tuple[Any, int]:
        """The value at ``pos`` read by the exact scanner (the entities, the assessment)."""
        if self.exact is None:
            self.exact = position_scanner(self.text, self.path, LineIndex(self.text))[0]
        value, end = self.exact(self.text, pos)
        if isinstance(value, Node) and _depth(value) > MAX_DEPTH - 1:
            raise Unsure
        return value, end


def _depth(node: Node) -> int:
    """How deep the lists and mappings in ``node`` go (1: none inside it)."""
    deepest, stack = 0, [(node, 1)]
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        value = item.value
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values() if isinstance(v.value, (dict, list)))
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value if isinstance(v.value, (dict, list)))
    return deepest


register((".json",), read_json, exact=read_json_positions, plain=read_json_plain)
