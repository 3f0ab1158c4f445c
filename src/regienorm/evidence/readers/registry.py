"""Which reader reads a file: by the end of its name, one reader per format.

A format is one module that calls :func:`register` when it is imported (and one import line in
``readers/__init__.py``). The choice is by file name only, never by content: a YAML file that
starts with a flow mapping (``{format: …}``) is YAML, not JSON.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from .nodes import Node

#: A reader: the decoded text and the path it is shown by, to the root node; raises ReadError.
#: (A binary reader takes bytes, a line reader an iterator of lines, instead of the text.)
Reader = Callable[[Any, str], Node]

_BY_SUFFIX: dict[str, Reader] = {}
_DEFAULT: list[Reader] = []
#: Readers of binary formats (a spreadsheet is a zip file): given the file's bytes, not its text.
_BINARY: set[Reader] = set()
#: Readers of line formats (CSV, JSON lines): given the file's decoded lines, one at a time.
_LINES: set[Reader] = set()
#: A fast reader's exact twin: the same nodes, every position exact (see :func:`exact_reader`).
_EXACT: dict[Reader, Reader] = {}
#: A reader's plain twin: the same file, its record lists left as plain values (see :func:`plain_reader`).
_PLAIN: dict[Reader, Reader] = {}


def register(suffixes: Iterable[str], reader: Reader, *, default: bool = False, binary: bool = False,
             lines: bool = False, exact: Reader | None = None, plain: Reader | None = None) -> None:
    """Read files whose name ends in one of ``suffixes`` (compared in lower case, e.g. ``".json"``)
    with ``reader``; ``default``: also every file no other reader claims (there is one default).

    ``binary``: the reader takes the file's bytes instead of its decoded text (see :func:`is_binary`).
    ``lines``: the reader takes an iterator of the file's decoded lines (see :func:`is_lines`),
    so that a large file is read incrementally, never whole in memory.
    ``exact``: a reader of the same format that puts every node at its exact place, for a fast
    ``reader`` that may put some near it (:class:`~.nodes.NearSpan`; see :func:`exact_reader`).
    ``plain``: a reader of the same format that leaves the records of top-level lists as plain
    values (:class:`~.nodes.Plain`; see :func:`plain_reader`).

    A suffix claimed twice, or a second default, is an error here rather than a silent choice."""
    keys = [suffix.lower() for suffix in suffixes]
    for key in keys:  # all checked before any is registered: a refused call changes nothing
        if not key.startswith("."):
            raise ValueError(f"a suffix starts with `.`: {key!r}")
        if _BY_SUFFIX.get(key, reader) is not reader:
            raise ValueError(f"files ending in {key} already have a reader")
    if default and _DEFAULT and _DEFAULT[0] is not reader:
        raise ValueError("there already is a default reader")
    _BY_SUFFIX.update(dict.fromkeys(keys, reader))
    if binary:
        _BINARY.add(reader)
    if lines:
        _LINES.add(reader)
    if default:
        _DEFAULT[:] = [reader]
    if exact is not None:
        _EXACT[reader] = exact
    if plain is not None:
        _PLAIN[reader] = plain


def reader_for(path: str) -> Reader:
    """The reader for a file named ``path``: the one registered for the longest suffix the name
    ends in, else the default (YAML)."""
    name = path.lower()
    for suffix in sorted(_BY_SUFFIX, key=len, reverse=True):
        if name.endswith(suffix):
            return _BY_SUFFIX[suffix]
    return _DEFAULT[0]


def suffixes() -> dict[str, Reader]:
    """The registered suffixes and their readers (a copy)."""
    return dict(_BY_SUFFIX)


def is_binary(reader: Reader) -> bool:
    """Whether ``reader`` reads bytes (a spreadsheet) rather than decoded text."""
    return reader in _BINARY


def is_lines(reader: Reader) -> bool:
    """Whether ``reader`` reads a file's lines one at a time (CSV, JSON lines) rather than its text."""
    return reader in _LINES


def exact_reader(reader: Reader) -> Reader | None:
    """The exact twin of a fast ``reader``, or None when ``reader`` places every node exactly.
    The loader reads a file again with it when a message would rest on a near position."""
    return _EXACT.get(reader)


def plain_reader(reader: Reader) -> Reader | None:
    """The plain twin of ``reader``, or None. The loader reads with it first and checks the plain
    records (:mod:`..check.plain`); a file that check cannot vouch for is made Nodes
    (:func:`~.nodes.as_nodes`) and checked as ``reader``'s."""
    return _PLAIN.get(reader)
