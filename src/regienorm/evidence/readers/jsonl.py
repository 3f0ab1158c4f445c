"""JSON lines evidence (``.jsonl``, ``.ndjson``): one entity a line, read a line at a time.

The first line is the file's head: ``{"format": "regienorm-evidence/1", "assessment": {…}}`` (and
``number_format`` when it has one). Every other line is one entity: its keys as under
``entities:`` (``id``, ``role``, ``name``, ``members``, ``normenkaders``, ``inputs``), and its
records under ``findings``, ``measures``, ``recorded`` and ``overrides``, written without
``entity`` (they are the line's). A blank line is skipped. The tree given to the check is the one
a YAML file with the same records gives, so every check works alike (docs/evidence.md, "JSON
lines").

A line is scanned by the standard library's C scanner (:mod:`.json`). An entity, its named
inputs and each of its records are placed at its line (column 1): that is where an auditor finds
them, and the verdicts' reasons say so. What lies inside a record is placed near it (:class:`~.nodes.NearSpan`); a message
about it comes from the exact reader (:func:`read_jsonl_exact`: the line read again by the
position-keeping scanner), which also gives every message about a line that is not JSON, a key
given twice or nesting too deep.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ...diagnostics import error
from ...source import Span
from .json import SCAN, Records, Unsure, unsure
from .json_positions import read_json_positions
from .nodes import NearSpan, Node, Plain, ReadError, needs_exact
from .registry import register

#: The record kinds an entity's line may hold, in the order of the YAML keys.
RECORD_KINDS = ("findings", "measures", "recorded", "overrides")
#: What the head line may hold besides `format` (anything else: the check says it is unknown).
HEAD_KEYS = ("format", "number_format", "assessment")


class Numbered(list):  # type: ignore[type-arg]
    """Lines with their numbers in the file, ``[(number, text), …]``: a chunk of a file's lines read
    as the file they came from would be (:mod:`regienorm.evidence.chunks`)."""


def read_jsonl(lines: Iterable[str], path: str) -> Node:
    """The evidence in ``lines`` (a JSON lines file's) as nodes, or ReadError."""
    return _read(lines, path, exact=False)


def read_jsonl_exact(lines: Iterable[str], path: str) -> Node:
    """As :func:`read_jsonl`, every value inside a record at its own place (slower)."""
    return _read(lines, path, exact=True)


def read_jsonl_plain(lines: Iterable[str], path: str) -> Node:
    """As :func:`read_jsonl`, the records left as the C scanner made them (:class:`~.nodes.Plain`,
    each at its line, with the line's ``entity``): what the plain check reads. A line the fast
    reading cannot vouch for gives its records as Nodes, as :func:`read_jsonl` does."""
    return _read(lines, path, exact=False, plain=True)


class _PlainRecords(Records):
    """A record of an entity's line, plain, to the Nodes :func:`read_jsonl` gives it: its entity at
    the line, what it holds near the line (as the line read by :meth:`Records.node` places it)."""

    def record(self, value: dict[str, Any], span: Span) -> dict[str, Node]:
        inner = NearSpan(span.path, span.line, span.column, span.end_line, span.end_column)
        shared, child = self.shared, self.child
        out = {"entity": child(value["entity"], span, inner, 1)}
        out.update((shared.setdefault(k, k), child(v, inner, inner, 3)) for k, v in value.items() if k != "entity")
        return out


def _read(lines: Iterable[str], path: str, exact: bool, plain: bool = False) -> Node:
    records = _PlainRecords()
    top: dict[str, Node] = {}
    tables: dict[str, list[Any]] = {"entities": []}
    at: dict[str, Span] = {}
    root_span = Span.point(path, 1)
    head = True
    for number, text in (lines if isinstance(lines, Numbered) else enumerate(lines, start=1)):
        if not text.strip():
            continue
        line_span = Span.point(path, number)
        try:
            _one(text, path, number, line_span, records, exact, head, top, tables, at, plain)
        except ReadError as exc:
            if exact or not needs_exact(exc.diagnostics):
                raise
            _one(text, path, number, line_span, records, True, head, top, tables, at)  # the message, placed exactly
        head = False
    if head:
        raise ReadError(error("RN602", "the file is empty", root_span, "the file needs a head line and a line per entity"))
    at.setdefault("entities", root_span)
    for key, listed in tables.items():
        if listed or key == "entities":
            if plain and key != "entities":  # a line read by _entity gave its records as Nodes: kept as they are
                items: list[Any] = [(item.span, item) if isinstance(item, Node) else item for item in listed]
                top[key] = Node(Plain(items, _as_node(records)), at.get(key, root_span))
                continue
            top[key] = Node(listed, at.get(key, root_span))
    return Node(top, root_span)


def _as_node(records: _PlainRecords) -> Any:
    """A plain table's item to the fields of its record's Node (an item a line gave as a Node: its own)."""
    def fields(value: Any, span: Span) -> Any:
        return value.value if isinstance(value, Node) else records.record(value, span)
    return fields


def _one(text: str, path: str, number: int, line_span: Span, records: _PlainRecords, exact: bool, head: bool,
         top: dict[str, Node], tables: dict[str, list[Any]], at: dict[str, Span], plain: bool = False) -> None:
    """One line read into the tree: the head, or an entity with its records."""
    if plain and not head and not exact:
        scanned = _scanned(text)
        if scanned is not None and _plain_entity(scanned, line_span, records, tables, at):
            return
    value = _line(text, path, number, line_span, records, exact)
    if not isinstance(value, dict):
        raise ReadError(error("RN680", "a line of JSON lines evidence is one mapping", line_span,
                              "write the file's head on the first line and one entity as a mapping on each other line"))
    if head:
        if "format" in value:
            top.update(value)
            return
        top["format"] = Node(None, line_span)  # no head: the check says the file does not say what it is
    _entity(value, line_span, tables, at)


def _scanned(text: str) -> Any:
    """The line's value as the C scanner reads it; None when only the exact reader may judge it."""
    if unsure(text):
        return None
    try:
        start = len(text) - len(text.lstrip(" \t"))
        value, end = SCAN(text, start)
    except (Unsure, RecursionError, StopIteration, ValueError):
        return None
    return value if text[end:].strip() == "" else None


def _plain_entity(value: Any, line_span: Span, records: _PlainRecords, tables: dict[str, list[Any]], at: dict[str, Span]) -> bool:
    """An entity's line scanned in C, its records left plain; False (nothing added) for a line
    whose every message :func:`_entity` gives (a record list that is not one, a record of another entity)."""
    if not isinstance(value, dict):
        return False
    ident = value.get("id")
    found: list[tuple[str, list[dict[str, Any]]]] = []
    for key in RECORD_KINDS:
        if key not in value:
            continue
        listed = value[key]
        if not isinstance(listed, list) or any(not isinstance(item, dict) or ("entity" in item and (
                ident is None or item["entity"] != ident or item["entity"].__class__ is not ident.__class__)) for item in listed):
            return False
        found.append((key, listed))
    try:
        entity = records.node({k: v for k, v in value.items() if k not in RECORD_KINDS}, line_span, depth=1)
    except Unsure:
        return False
    for key, listed in found:
        table = tables.setdefault(key, [])
        at.setdefault(key, line_span)
        table.extend((line_span, {"entity": ident, **{k: v for k, v in item.items() if k != "entity"}}) for item in listed)
    inputs = entity.get("inputs")
    if inputs is not None and isinstance(inputs.value, dict):  # at the line: the reasons show it
        entity["inputs"] = Node({name: Node(v.value, line_span, v.raw) for name, v in inputs.value.items()}, line_span)
    tables["entities"].append(Node(entity, line_span))
    return True


def _line(text: str, path: str, number: int, line_span: Span, records: Records, exact: bool) -> dict[str, Node] | Any:
    """One line's mapping as Nodes (a line that is not one: what it is)."""
    if not exact:
        value = _scanned(text)
        if value is not None:
            try:
                return records.node(value, line_span, depth=1) if isinstance(value, dict) else value
            except Unsure:
                pass
    try:
        node = read_json_positions(text, path)
    except ReadError as exc:
        raise ReadError(*(_moved(d, number) for d in exc.diagnostics)) from None
    _shift(node, number - 1)
    return node.value


def _moved(diagnostic: Any, lines: int) -> Any:
    import attrs

    span = diagnostic.span
    if span is None or lines == 1:
        return diagnostic
    return attrs.evolve(diagnostic, span=attrs.evolve(span, line=span.line + lines - 1, end_line=span.end_line + lines - 1))


def _shift(node: Node, lines: int) -> None:
    """Every span under ``node`` moved down ``lines`` lines (a line read alone is line 1)."""
    stack = [node]
    moved: dict[int, Span] = {}
    while stack:
        item = stack.pop()
        span = item.span
        new = moved.get(id(span))
        if new is None:
            new = moved[id(span)] = Span(span.path, span.line + lines, span.column, span.end_line + lines, span.end_column)
        item.span = new
        if isinstance(item.value, dict):
            stack.extend(item.value.values())
        elif isinstance(item.value, list):
            stack.extend(item.value)


def _entity(value: dict[str, Node], line_span: Span, tables: dict[str, list[Node]], at: dict[str, Span]) -> None:
    """An entity's line: the entity under `entities`, its records under their kinds with its id."""
    entity: dict[str, Node] = {}
    ident = value.get("id")
    for key, node in value.items():
        if key == "inputs" and isinstance(node.value, dict):  # at the line, read fast or exactly: the reasons show it
            node = Node({name: Node(v.value, line_span, v.raw) for name, v in node.value.items()}, line_span)
        if key not in RECORD_KINDS:
            entity[key] = node
            continue
        if not isinstance(node.value, list):
            raise ReadError(error("RN681", f"`{key}` on an entity's line is a list of records", node.span,
                                  f"write `\"{key}\": [{{…}}, …]`, one mapping per record"))
        listed = tables.setdefault(key, [])
        at.setdefault(key, line_span)
        for item in node.value:
            if not isinstance(item.value, dict):
                listed.append(Node(item.value, line_span))  # the check says what a record must be
                continue
            given = item.value.get("entity")
            if given is not None and (ident is None or given.value != ident.value):
                raise ReadError(error("RN682", f"a record on the line of `{ident.value if ident else '?'}` names entity "
                                      f"`{given.value}`", given.span,
                                      "leave `entity` out: the records on an entity's line are that entity's"))
            fields = {"entity": ident if ident is not None else Node(None, line_span)}
            fields.update((k, v) for k, v in item.value.items() if k != "entity")
            listed.append(Node(fields, line_span))
    tables["entities"].append(Node(entity, line_span))


register((".jsonl", ".ndjson"), read_jsonl, lines=True, exact=read_jsonl_exact, plain=read_jsonl_plain)
