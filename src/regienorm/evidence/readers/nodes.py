"""What a reader gives: position-carrying :class:`Node` s, numbers kept as written
(:class:`RawNumber`), and :class:`ReadError`; and what every reader refuses alike: nesting deeper
than :data:`MAX_DEPTH` (RN604) and text holding a lone surrogate (RN001)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

import attrs

from ...diagnostics import Diagnostic, error
from ...source import Span

MAX_DEPTH = 64


@attrs.define(weakref_slot=False)
class Node:
    """A value read from a file with its position. Mappings hold Nodes; so do lists.

    ``raw`` is a YAML scalar as written, kept where the value lost it (``yes`` read as true).

    Not frozen: a reader makes one per value of a file (millions), and a frozen class's
    ``__init__`` costs three times a plain one. Nothing changes a Node once its reader gave it
    (the XLSX reader joins a sheet's sources into their findings before it gives the tree)."""

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


class Unsure(Exception):
    """A fast reading met something only the exact (or the normal) reader can report, or place."""


class Plain:
    """A top-level list of records as a fast reader scanned them: each record a plain mapping
    (dicts, lists, str, bool, None and :class:`WrittenNumber`, as the C scanner made them) with the
    span of its record. The plain check (:mod:`..check.plain`) reads these; when it cannot vouch
    for a file, :func:`as_nodes` turns them into the Nodes the reader would have given."""

    __slots__ = ("records", "to_node")

    def __init__(self, records: list[tuple[Span, dict[str, Any]]], to_node: Any) -> None:
        self.records = records
        self.to_node = to_node  # (mapping, span) -> the record's fields as Nodes; None: the file is read again

    def nodes(self) -> list[Node]:
        """The records as Nodes; Unsure when the reader kept too little to make them (read again)."""
        to_node = self.to_node
        if to_node is None:
            raise Unsure
        return [Node(to_node(value, span), span) for span, value in self.records]


class WrittenNumber(str):
    """A JSON number literal as written, in a plain record (made by the C scanner: a type, so no
    Python frame per number); becomes a :class:`RawNumber` of syntax ``json`` in a Node."""

    __slots__ = ()


def has_plain(root: Node) -> bool:
    """Whether the top level of ``root`` holds plain record lists (:class:`Plain`)."""
    return isinstance(root.value, dict) and any(isinstance(v.value, Plain) for v in root.value.values())


def as_nodes(root: Node) -> Node:
    """``root`` with every :class:`Plain` list under its top level made Nodes (in place)."""
    if isinstance(root.value, dict):
        for child in root.value.values():
            if isinstance(child.value, Plain):
                child.value = child.value.nodes()
    return root


class NearSpan(Span):
    """A position near a value, not at it: the record it lies somewhere inside. A fast reader
    (:mod:`.json`) gives it where finding the exact place would cost every file a slower read;
    a message that would show one is made again from the exact reader (:func:`needs_exact`)."""

    __slots__ = ()


def needs_exact(diagnostics: Iterable[Diagnostic]) -> bool:
    """Whether a diagnostic points at a place a fast reader put near, not at, its value."""
    return any(isinstance(d.span, NearSpan) for d in diagnostics)


class ReadError(Exception):
    """A file that cannot be read; ``diagnostics`` holds every problem (``diagnostic`` the first),
    for a reader that finds more than one before it can give a tree (a spreadsheet's sources)."""

    def __init__(self, diagnostic: Diagnostic, *more: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic
        self.diagnostics = (diagnostic, *more)


@attrs.frozen
class RawNumber:
    """A number as written (kept as text so nothing is lost to binary floating point).

    ``syntax`` says who decided it is a number: ``yaml`` (an unquoted YAML scalar that YAML 1.1
    resolves to an int or a float), ``json`` (a JSON number literal) or ``cell`` (a spreadsheet's
    number cell: typed as a number, so read as one whatever ``number_format`` says)."""

    text: str
    syntax: str = "yaml"

    def __str__(self) -> str:
        return self.text


SURROGATE = re.compile("[\ud800-\udfff]")


def surrogate_error(span: Span) -> ReadError:
    return ReadError(error("RN001", "a text holds a lone surrogate, which is not valid Unicode", span,
                           "remove the `\\ud…` escape, or write the character itself"))


def too_deep(span: Span) -> Diagnostic:
    """RN604, for a reader's depth pass (each format has its own: YAML events, JSON brackets)."""
    return error("RN604", f"the file is nested more than {MAX_DEPTH} levels deep", span,
                 f"evidence is at most {MAX_DEPTH} lists and mappings inside each other")
