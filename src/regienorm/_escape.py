"""Text from a framework or evidence file, made safe for the place where it is shown.

A note, a title or an id comes from another organisation's file. Shown on a terminal it must not
be able to do anything but read: no ESC sequences (colours, cursor moves, a new window title, a
cleared screen), no other C0 or C1 control characters, no line breaks that start a fake line of
output, and no bidirectional overrides that make a line read differently from what it holds
("Trojan Source"). They are shown as escapes instead: ``\\x1b``, ``\\n``, ``\\u202e``.

JSON output keeps every character (a reader gets the text back exactly), but writes these as
``\\uXXXX`` escapes so that the file, printed on a terminal, is just as inert.
"""

from __future__ import annotations

import re

#: C0 controls, DEL, C1 controls, line/paragraph separators, and the bidirectional formatting
#: characters (ALM, LRM, RLM, LRE..RLO, LRI..PDI), and the zero-width ones (ZWSP, ZWNJ, ZWJ, the word
#: joiner and invisible operators, the BOM): an id holding one would look like another.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_controls(text: str) -> str:
    """``text`` with every control, separator and bidi character shown as an escape."""
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(_escape, text)


def _json_escape(match: re.Match[str]) -> str:
    char = match.group()
    return char if char == "\n" else f"\\u{ord(char):04x}"  # a raw line end is the layout of json.dumps(indent=…)


def escape_json_text(document: str) -> str:
    """A JSON document (from ``json.dumps``) with the characters above that json.dumps leaves raw
    (DEL, C1, separators, bidi; it escapes C0 itself) written as ``\\uXXXX``. They can only occur
    inside JSON strings, so the document parses to exactly the same value."""
    if _UNSAFE.search(document) is None:
        return document
    return _UNSAFE.sub(_json_escape, document)
