"""JSON evidence to nodes that each keep their own position: the exact reader, a scanner in Python
around the standard library's pieces (about 30 times slower than ``json.loads``). :mod:`.json`
reads with the C scanner first and comes here only for a file whose positions a message needs.

Numbers stay as written (:class:`~.nodes.RawNumber`, syntax ``json``), a key given twice is an error,
and nesting is checked in a first pass over the brackets (the decoder recurses) before anything else.
"""

from __future__ import annotations

import bisect
import json
import json.decoder
import json.scanner
import re
from typing import Any

from ...diagnostics import error
from ...source import LineIndex, Span
from .nodes import MAX_DEPTH, SURROGATE, Node, RawNumber, ReadError, surrogate_error, too_deep

#: JSON strings and brackets, for the depth pass; possessive, so a long string costs no memory.
_JSON_TOKENS = re.compile(r'"[^"\\]*+(?:\\.[^"\\]*+)*+"|[\[\]{}"]', re.S)


def _check_depth(text: str, path: str, lines: LineIndex) -> None:
    """One pass over the brackets before decoding: refuse nesting deeper than MAX_DEPTH (the
    decoder recurses) before it can cost anything."""
    depth = 0
    for token in _JSON_TOKENS.finditer(text):
        mark = token.group()
        if mark in ("[", "{"):
            depth += 1
            if depth > MAX_DEPTH:
                raise ReadError(too_deep(lines.span(path, token.start())))
        elif mark in ("]", "}"):
            depth -= 1
        elif mark == '"':  # a string that does not end: the parser says where
            break


class _Spans:
    """One-character spans at offsets that mostly come in order, with the line's number shared by
    every node on it (an int past 256 is a new object each time; this halves a span's cost)."""

    __slots__ = ("path", "starts", "line", "low", "high")

    def __init__(self, path: str, lines: LineIndex) -> None:
        self.path, self.starts, self.line, self.low, self.high = path, lines.starts, 0, 0, -1

    def __call__(self, pos: int) -> Span:
        if not self.low <= pos < self.high:
            starts = self.starts
            self.line = bisect.bisect_right(starts, pos)
            self.low = starts[self.line - 1]
            self.high = starts[self.line] if self.line < len(starts) else 1 << 62
        column = pos - self.low + 1
        return Span(self.path, self.line, column, self.line, column + 1)


#: Strings shorter than this are shared between nodes (ids, keys, verdicts repeat on every record).
_SHARED_STRING = 64


def read_json_positions(text: str, path: str) -> Node:
    """The JSON document in ``text`` as nodes, every one with its position, or ReadError."""
    lines = LineIndex(text)
    _check_depth(text, path, lines)
    scan_once, wrap = position_scanner(text, path, lines)
    try:
        value, end = scan_once(text, _skip_ws(text, 0))
    except StopIteration as stop:
        exc = json.JSONDecodeError("Expecting value", text, stop.value)
        raise ReadError(error("RN601", f"the JSON is malformed: {exc.msg}", Span.point(path, exc.lineno, exc.colno),
                              "fix the JSON syntax at this place")) from None
    except json.JSONDecodeError as exc:
        raise ReadError(error("RN601", f"the JSON is malformed: {exc.msg}", Span.point(path, exc.lineno, exc.colno),
                              "fix the JSON syntax at this place")) from None
    except RecursionError:  # the depth pass refuses this first; kept as the backstop
        raise ReadError(too_deep(Span.point(path, 1))) from None
    if _skip_ws(text, end) != len(text):
        raise ReadError(error("RN601", "the JSON has text after its end", lines.span(path, _skip_ws(text, end)),
                              "remove what follows the closing bracket"))
    return value if isinstance(value, Node) else wrap(value, 0)


def position_scanner(text: str, path: str, lines: LineIndex) -> tuple[Any, Any]:
    """``(scan_once, wrap)``: ``scan_once(text, offset)`` reads the JSON value that starts at
    ``offset`` to ``(value, end)``, a mapping or list as a Node with its position, a scalar as
    itself (``wrap(value, offset)`` makes it a Node); raises JSONDecodeError, StopIteration (no
    value there) or ReadError. No depth pass: the caller makes one (:func:`_check_depth`) or measures what it gets."""
    span = _Spans(path, lines)

    def wrap(value: Any, pos: int) -> Node:
        return Node(value, span(pos))

    numbers: dict[str, RawNumber] = {}
    shared: dict[str, str] = {}

    def number(written: str) -> RawNumber:
        found = numbers.get(written)
        if found is None:
            found = numbers[written] = RawNumber(written, "json")
        return found

    decoder = json.JSONDecoder(parse_float=number, parse_int=number, parse_constant=number)

    def parse_string(s: str, end: int, strict: bool = True) -> tuple[str, int]:
        value, after = json.decoder.scanstring(s, end, strict)  # type: ignore[attr-defined]
        if SURROGATE.search(value):
            raise surrogate_error(lines.span(path, end - 1))
        if len(value) < _SHARED_STRING:
            value = shared.setdefault(value, value)
        return value, after

    def parse_object(s_and_end: tuple[str, int], strict: bool, scan_once: Any, object_hook: Any,
                     object_pairs_hook: Any, memo: Any = None, _w: Any = None) -> tuple[Node, int]:
        start = s_and_end[1] - 1
        pairs, end = json.decoder.JSONObject(  # type: ignore[attr-defined]
            s_and_end, strict, scan_once, None, lambda p: p, memo)
        out: dict[str, Node] = {}
        for key, value in pairs:
            if SURROGATE.search(key):
                raise surrogate_error(lines.span(path, start))
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
    scan_once = decoder.scan_once = json.scanner.py_make_scanner(decoder)  # type: ignore[attr-defined]
    return scan_once, wrap


def _skip_ws(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\n\r":
        pos += 1
    return pos

